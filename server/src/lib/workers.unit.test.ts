/**
 * The worker pool (issue 17): TypeScript tasks run in worker threads under vitest as under tsx,
 * Buffers and refusals cross the thread boundary intact, and a full queue is refused at once with
 * 503 WORKERS_BUSY and Retry-After instead of waiting.
 */
import { threadId } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { CRASH, ECHO, REFUSE, SLEEP } from '../../test/worker-tasks.js';
import { AppError } from './errors.js';
import { runTask, WorkerPool } from './workers.js';

describe('worker pool', () => {
  const pool = new WorkerPool({ threads: 1, maxQueue: 2 });
  afterAll(() => pool.close());

  it('runs a TypeScript task in another thread; Buffers come back as Buffers, Dates as Dates', async () => {
    const r = await pool.run(ECHO, Buffer.from('abc'), new Date('2026-05-01T00:00:00Z'));
    expect(r.threadId).not.toBe(threadId);
    expect(r.isBuffer).toBe(true);
    expect(Buffer.isBuffer(r.bytes)).toBe(true);
    expect(r.bytes.toString()).toBe('abc!');
    expect(r.year).toBe(2026);
  });

  it('a refusal in the worker is thrown here as the same AppError: code, message, rule, details', async () => {
    const e = await pool.run(REFUSE).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({ code: 'IMPORT_INVALID', status: 400, message: '第 2 行：不行', rule: 'CERT-2' });
    expect((e as AppError).details).toEqual([{ field: '第 2 行', message: '不行' }]);
  });

  it('any other failure stays an error (answered 500), and the pool carries on', async () => {
    await expect(pool.run(CRASH)).rejects.toThrow('boom');
    expect((await pool.run(ECHO, Buffer.alloc(0), new Date())).isBuffer).toBe(true);
  });

  it('a full queue is refused at once with WORKERS_BUSY (503, Retry-After), and the queued work still completes', async () => {
    const running = [pool.run(SLEEP, 400), pool.run(SLEEP, 10), pool.run(SLEEP, 10)]; // one running, two queued
    const t0 = performance.now();
    const e = await pool.run(SLEEP, 10).catch((x: unknown) => x);
    expect(performance.now() - t0).toBeLessThan(100);
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({ code: 'WORKERS_BUSY', status: 503, retryAfter: 5 });
    expect((await Promise.all(running)).every((t) => t !== threadId)).toBe(true);
    expect(pool.queued).toBe(0);
  });

  it('without a pool a task runs inline, in this thread, with the same result and refusals', async () => {
    expect((await runTask({}, ECHO, Buffer.from('x'), new Date())).threadId).toBe(threadId);
    await expect(runTask({}, REFUSE)).rejects.toMatchObject({ code: 'IMPORT_INVALID', rule: 'CERT-2' });
  });
});
