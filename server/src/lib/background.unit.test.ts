/** A background job keeps going through failures (a database outage): logs once, backs off, resumes. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startBackgroundLoop } from './background.js';

describe('startBackgroundLoop', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('a failing run is logged once, the wait doubles up to the cap, and the first success restores the interval', async () => {
    const log = { error: vi.fn(), warn: vi.fn(), debug: vi.fn() };
    let failing = true;
    const run = vi.fn(async () => {
      if (failing) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    });
    const loop = startBackgroundLoop({ name: 'job', intervalMs: 1000, maxBackoffMs: 8000, run, log });
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      await vi.advanceTimersByTimeAsync(loop.delayMs);
      delays.push(loop.delayMs);
    }
    expect(run).toHaveBeenCalledTimes(5);
    expect(delays).toEqual([2000, 4000, 8000, 8000, 8000]);
    expect(log.error).toHaveBeenCalledTimes(1);
    expect(log.debug).toHaveBeenCalledTimes(4);
    failing = false;
    await vi.advanceTimersByTimeAsync(loop.delayMs);
    expect(run).toHaveBeenCalledTimes(6);
    expect(loop.delayMs).toBe(1000);
    expect(log.warn).toHaveBeenCalledWith(expect.objectContaining({ failures: 5 }), expect.stringContaining('again'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(run).toHaveBeenCalledTimes(7);
    await loop.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(run).toHaveBeenCalledTimes(7);
  });

  it('a run never overlaps the previous one', async () => {
    let active = 0;
    let most = 0;
    const run = async () => {
      most = Math.max(most, ++active);
      await new Promise((r) => setTimeout(r, 5000));
      active--;
    };
    const loop = startBackgroundLoop({
      name: 'slow',
      intervalMs: 100,
      run,
      log: { error: vi.fn(), warn: vi.fn(), debug: vi.fn() },
    });
    await vi.advanceTimersByTimeAsync(20_000);
    void loop.stop();
    expect(most).toBe(1);
  });

  it('stop waits for the run in progress, and a run failing because of the shutdown is not logged', async () => {
    const log = { error: vi.fn(), warn: vi.fn(), debug: vi.fn() };
    let ended = false;
    const run = async () => {
      await new Promise((r) => setTimeout(r, 1000));
      ended = true;
      throw new Error('driver has already been destroyed');
    };
    const loop = startBackgroundLoop({ name: 'job', intervalMs: 100, run, log });
    await vi.advanceTimersByTimeAsync(150); // a run is in progress
    const stopped = loop.stop();
    await vi.advanceTimersByTimeAsync(1000);
    await stopped;
    expect(ended).toBe(true);
    expect(log.error).not.toHaveBeenCalled();
  });
});
