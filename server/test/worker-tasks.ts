/** Tasks for the worker-pool tests: a slow one to fill the pool, an echo, a refusal. */
import { workerTask } from '../src/lib/workers.js';
import { AppError } from '../src/lib/errors.js';
import { threadId } from 'node:worker_threads';

export async function sleep(ms: number): Promise<number> {
  await new Promise((r) => setTimeout(r, ms));
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

export const SLEEP = workerTask<typeof sleep>(import.meta.url, 'sleep');
export const ECHO = workerTask<typeof echo>(import.meta.url, 'echo');
export const REFUSE = workerTask<typeof refuse>(import.meta.url, 'refuse');
export const CRASH = workerTask<typeof crash>(import.meta.url, 'crash');
