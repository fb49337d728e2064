/**
 * Inside a worker thread: runs the named export of a task module and hands back its result. A
 * refusal (AppError) crosses the thread boundary as data, since a structured clone keeps only an
 * Error's message, and is thrown again on the main thread with its code, rule and details.
 */
import { AppError } from './errors.js';

export interface TaskMessage {
  module: string;
  name: string;
  args: unknown[];
}

export type TaskOutcome = { ok: true; value: unknown } | { ok: false; refusal: RefusalData };

export interface RefusalData {
  code: AppError['code'];
  message: string;
  rule?: string;
  details?: AppError['details'];
  retryAfter?: number;
}

/** A Buffer crosses a thread as a plain Uint8Array: made a Buffer again on the other side. */
export function asBuffers(v: unknown): unknown {
  if (v instanceof Uint8Array && !Buffer.isBuffer(v)) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  if (Array.isArray(v)) return v.map(asBuffers);
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype)
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asBuffers(x)]));
  return v;
}

export async function runTask({ module, name, args }: TaskMessage): Promise<TaskOutcome> {
  const m = (await import(module)) as Record<string, (...a: unknown[]) => unknown>;
  const fn = m[name];
  if (typeof fn !== 'function') throw new Error(`worker task ${name} is not exported by ${module}`);
  try {
    return { ok: true, value: await fn(...(args.map(asBuffers) as unknown[])) };
  } catch (e) {
    if (e instanceof AppError)
      return {
        ok: false,
        refusal: { code: e.code, message: e.message, rule: e.rule, details: e.details, retryAfter: e.retryAfter },
      };
    throw e;
  }
}
