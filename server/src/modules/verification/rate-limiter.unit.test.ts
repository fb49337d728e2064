/**
 * The buffered rate limiter against an in-memory store: exact counts on one server, keys seen
 * once kept local, slices, retries after a failed write, and past windows forgotten. And the
 * text comparison the verification uses for names and QR codes.
 */
import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter.js';
import { sameText } from './verification.service.js';

class MemoryStore {
  rows = new Map<string, { window: number; hits: number }>();
  writes: number[] = [];
  purged: number[] = [];
  failNext = false;
  async addHits(batch: { key: string; window: number; add: number }[]) {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('database unavailable');
    }
    this.writes.push(batch.length);
    const out = new Map<string, number>();
    for (const b of batch) {
      const r = this.rows.get(b.key);
      const hits = r && r.window === b.window ? r.hits + b.add : b.add;
      this.rows.set(b.key, { window: b.window, hits });
      out.set(b.key, hits);
    }
    return out;
  }
  async purgeHits(before: number) {
    this.purged.push(before);
    for (const [k, r] of this.rows) if (r.window < before) this.rows.delete(k);
  }
}

describe('rate limiter', () => {
  it('counts exactly on one server and writes a key only from its second hit in a window', async () => {
    const store = new MemoryStore();
    const l = new RateLimiter(store, 10_000);
    expect(l.hit(['a', 'b'], 7)).toEqual([1, 1]);
    expect(l.hit(['a', 'c'], 7)).toEqual([2, 1]);
    await l.flush();
    expect([...store.rows.keys()]).toEqual(['a']); // b and c were seen once: nothing written
    expect(store.rows.get('a')).toEqual({ window: 7, hits: 2 });
    expect(l.hit(['a'], 7)).toEqual([3]);
    await l.flush();
    expect(store.rows.get('a')?.hits).toBe(3); // once written, every hit is written
  });

  it('two servers share their counts through the store', async () => {
    const store = new MemoryStore();
    const a = new RateLimiter(store, 10_000);
    const b = new RateLimiter(store, 10_000);
    for (let i = 0; i < 3; i++) a.hit(['k'], 1);
    for (let i = 0; i < 4; i++) b.hit(['k'], 1);
    await a.flush();
    await b.flush();
    a.hit(['k'], 1);
    await a.flush();
    expect(a.hit(['k'], 1)).toEqual([9]); // 3 + 4 + 1 learnt from the store, + this one
  });

  it('a failed write keeps the hits for the next flush', async () => {
    const store = new MemoryStore();
    const l = new RateLimiter(store, 10_000);
    l.hit(['x'], 1);
    l.hit(['x'], 1);
    store.failNext = true;
    await l.flush();
    expect(store.rows.size).toBe(0);
    await l.flush();
    expect(store.rows.get('x')?.hits).toBe(2);
  });

  it('writes a large flush in slices', async () => {
    const store = new MemoryStore();
    const l = new RateLimiter(store, 10_000);
    const keys = Array.from({ length: 450 }, (_, i) => `k${i}`);
    l.hit(keys, 1);
    l.hit(keys, 1);
    await l.flush();
    expect(store.writes).toEqual([200, 200, 50]);
    expect(store.rows.size).toBe(450);
  });

  it('a new window starts from zero and purges the past windows from the store', async () => {
    const store = new MemoryStore();
    const l = new RateLimiter(store, 10_000);
    l.hit(['k'], 5);
    l.hit(['k'], 5);
    await l.flush();
    expect(l.hit(['k'], 6)).toEqual([1]);
    await Promise.resolve();
    expect(store.purged).toEqual([5]);
    expect(store.rows.has('k')).toBe(true); // window 5 is kept while window 6 runs
    l.hit(['k'], 7);
    await Promise.resolve();
    expect(store.rows.has('k')).toBe(false);
  });
});

describe('sameText', () => {
  it('compares after NFC normalisation and trimming', () => {
    expect(sameText('刘洋', '刘洋')).toBe(true);
    expect(sameText('刘洋', ' 刘洋 ')).toBe(true);
    expect(sameText('Zoë', 'Zoe\u0308')).toBe(true); // composed and decomposed ë
    expect(sameText('刘洋', '刘')).toBe(false);
    expect(sameText('刘', '刘洋')).toBe(false);
    expect(sameText('刘洋', '刘阳')).toBe(false);
    expect(sameText('刘洋', '')).toBe(false);
    expect(sameText('ABC123', 'ABC124')).toBe(false);
  });
});
