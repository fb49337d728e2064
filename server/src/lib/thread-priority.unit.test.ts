/**
 * Worker threads lower their own priority (WORKER_NICE, issue 17): on Linux only the calling
 * thread is reniced, never the request thread; elsewhere, with 0, or when the kernel refuses,
 * nothing is done and nothing throws.
 */
import os from 'node:os';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { THREAD_NICE, threadNice } from '../../test/worker-tasks.js';
import { loadConfig } from '../config.js';
import { kernelThreadId, lowerThisThreadPriority } from './thread-priority.js';
import { WorkerPool } from './workers.js';

const linux = os.platform() === 'linux';

describe('lowerThisThreadPriority', () => {
  it('renices the thread named by /proc/thread-self, by its task id', () => {
    const setPriority = vi.fn();
    const getPriority = vi.fn(() => 0);
    const r = lowerThisThreadPriority(5, { readlink: () => '4242/task/4250', getPriority, setPriority });
    expect(getPriority).toHaveBeenCalledExactlyOnceWith(4250);
    expect(r).toEqual({ set: 5, tid: 4250 });
    expect(setPriority).toHaveBeenCalledExactlyOnceWith(4250, 5);
  });

  it('is a no-op where there is no /proc/thread-self (not Linux): the whole process is never reniced', () => {
    const setPriority = vi.fn();
    const r = lowerThisThreadPriority(5, {
      readlink: () => {
        throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      },
      getPriority: () => 0,
      setPriority,
    });
    expect(r).toEqual({ skipped: 'no-thread-id' });
    expect(setPriority).not.toHaveBeenCalled();
    expect(kernelThreadId(() => 'something else')).toBeNull();
  });

  it('WORKER_NICE=0 leaves the thread alone, a thread already lower is never raised, a refusal is not an error', () => {
    const setPriority = vi.fn();
    const deps = { readlink: () => '1/task/2', getPriority: () => 0, setPriority };
    expect(lowerThisThreadPriority(0, deps)).toEqual({ skipped: 'zero' });
    expect(lowerThisThreadPriority(5, { ...deps, getPriority: () => 10 })).toEqual({ skipped: 'already-lower' });
    expect(setPriority).not.toHaveBeenCalled();
    const refused = lowerThisThreadPriority(5, {
      ...deps,
      setPriority: () => {
        throw new Error('EACCES');
      },
    });
    expect(refused).toEqual({ skipped: 'refused' });
  });

  it('WORKER_NICE: default 5, 0–19 taken, anything else refused at start-up naming the setting', () => {
    expect(loadConfig({}).workers.nice).toBe(5);
    expect(loadConfig({ WORKER_NICE: '0' }).workers.nice).toBe(0);
    expect(loadConfig({ WORKER_NICE: '19' }).workers.nice).toBe(19);
    for (const bad of ['20', '-1', '2.5', 'low']) expect(() => loadConfig({ WORKER_NICE: bad })).toThrow(/WORKER_NICE/);
  });
});

describe.runIf(linux)('on Linux, for real', () => {
  const pool = new WorkerPool({ threads: 1, maxQueue: 2, nice: 7 });
  afterAll(() => pool.close());

  it("each of the pool's threads lowers itself as it starts (WORKER_NICE), this thread stays as it was", async () => {
    const before = threadNice();
    expect(await pool.run(THREAD_NICE)).toBe(Math.max(7, before!));
    expect(threadNice()).toBe(before);
  });

  it('WORKER_NICE=0: the threads run at the priority of the thread that started them', async () => {
    const plain = new WorkerPool({ threads: 1, maxQueue: 2, nice: 0 });
    try {
      expect(await plain.run(THREAD_NICE)).toBe(threadNice());
    } finally {
      await plain.close();
    }
  });
});
