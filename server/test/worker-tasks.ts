/** Tasks for the worker-pool tests: a slow one to fill the pool, one held until told, an echo, a refusal, a thread's nice value. */
import fs from 'node:fs';
import { workerTask } from '../src/lib/workers.js';
import { AppError } from '../src/lib/errors.js';
import { threadId, type MessagePort } from 'node:worker_threads';

export async function sleep(ms: number): Promise<number> {
  await new Promise((r) => setTimeout(r, ms));
  return threadId;
}

/** Holds its worker thread, once it has said so on `port`, until a message comes on it (a test fills the pool for as long as it needs). */
export async function hold(port: MessagePort): Promise<number> {
  const go = new Promise((r) => port.once('message', r));
  port.postMessage('held');
  await go;
  port.close();
  return threadId;
}

export function echo(b: Buffer, when: Date): { bytes: Buffer; isBuffer: boolean; year: number; threadId: number } {
  return {
    bytes: Buffer.concat([b, Buffer.from('!')]),
    isBuffer: Buffer.isBuffer(b),
    year: when.getUTCFullYear(),
    threadId,
  };
}

export function refuse(): never {
  throw new AppError('IMPORT_INVALID', '第 2 行：不行', {
    rule: 'CERT-2',
    details: [{ field: '第 2 行', message: '不行' }],
  });
}

export function crash(): never {
  throw new TypeError('boom');
}

/** The calling thread's nice value as the kernel has it (Linux: field 19 of /proc/thread-self/stat), or null elsewhere. */
export function threadNice(): number | null {
  try {
    const stat = fs.readFileSync('/proc/thread-self/stat', 'utf8');
    // the fields after the command name, which is in parentheses and may hold spaces; the state is field 3
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[19 - 3]);
  } catch {
    return null;
  }
}

export const SLEEP = workerTask<typeof sleep>(import.meta.url, 'sleep');
export const HOLD = workerTask<typeof hold>(import.meta.url, 'hold');
export const ECHO = workerTask<typeof echo>(import.meta.url, 'echo');
export const REFUSE = workerTask<typeof refuse>(import.meta.url, 'refuse');
export const CRASH = workerTask<typeof crash>(import.meta.url, 'crash');
export const THREAD_NICE = workerTask<typeof threadNice>(import.meta.url, 'threadNice');
