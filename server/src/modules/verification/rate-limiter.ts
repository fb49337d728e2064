/**
 * Rate limits for the public endpoints. The counters live in the database (every app server adds
 * to the same rows: an UNLOGGED table on PostgreSQL, an unsynchronised attached file on SQLite);
 * each server buffers its own hits for at most `flushMs` and writes them in one statement, so a
 * verification costs no write of its own. Within one server the count is exact; across servers
 * it lags by at most one flush.
 */
import type { VerifyStore } from './verification.queries.js';

interface Counter {
  window: number;
  /** total in the shared store when last flushed (all servers) */
  shared: number;
  /** this server's hits not yet written */
  pending: number;
}

export class RateLimiter {
  readonly #counters = new Map<string, Counter>();
  #timer: NodeJS.Timeout | null = null;
  #flushing: Promise<void> | null = null;

  constructor(
    private readonly store: VerifyStore,
    private readonly flushMs = 200,
  ) {}

  /** Counts a hit on each key; returns the counts including this one. */
  hit(keys: string[], window: number): number[] {
    const out = keys.map((k) => {
      let c = this.#counters.get(k);
      if (!c || c.window !== window) {
        c = { window, shared: 0, pending: 0 };
        this.#counters.set(k, c);
      }
      c.pending++;
      return c.shared + c.pending;
    });
    this.#schedule();
    return out;
  }

  #schedule() {
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.flush();
    }, this.flushMs);
    this.#timer.unref();
  }

  /** Writes the buffered hits; reads back the shared totals. */
  async flush(): Promise<void> {
    if (this.#flushing) return this.#flushing;
    const batch = [...this.#counters.entries()].filter(([, c]) => c.pending > 0).map(([key, c]) => ({ key, window: c.window, add: c.pending }));
    if (!batch.length) return;
    for (const b of batch) this.#counters.get(b.key)!.pending -= b.add;
    this.#flushing = this.store
      .addHits(batch)
      .then((totals) => {
        for (const [key, total] of totals) {
          const c = this.#counters.get(key);
          if (c) c.shared = total - c.pending;
        }
        // forget old windows
        if (this.#counters.size > 50_000) for (const [k, c] of this.#counters) if (c.pending === 0) this.#counters.delete(k);
      })
      .catch(() => {
        for (const b of batch) {
          const c = this.#counters.get(b.key);
          if (c) c.pending += b.add; // try again next flush
        }
      })
      .finally(() => {
        this.#flushing = null;
      });
    return this.#flushing;
  }
}
