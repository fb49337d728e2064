/**
 * Rate limits for the public endpoints. The counters live in the database (every app server adds
 * to the same rows: an UNLOGGED table on PostgreSQL, an unsynchronised attached file on SQLite);
 * each server buffers its own hits for at most `flushMs` and writes them in one statement, so a
 * verification costs no write of its own.
 *
 * Most keys are seen once a minute (one employer checking one certificate): a key is written to
 * the shared store only from its `shareFrom`-th hit in a window on this server, so the common case
 * writes nothing. Within one server the count is exact; across servers it lags by at most one
 * flush and misses at most `shareFrom - 1` hits per server. Rows of past windows are purged when
 * a server enters a new window, so the table holds about one window of keys.
 */
import type { HitStore } from './verification.queries.js';

interface Counter {
  key: string;
  window: number;
  /** total in the shared store when last flushed (all servers) */
  shared: number;
  /** this server's hits not yet written */
  pending: number;
  /** written to the shared store at least once in this window */
  written: boolean;
  /** waiting in the queue for the next flush */
  queued: boolean;
}

export class RateLimiter {
  readonly #counters = new Map<string, Counter>();
  /** counters with hits to write, so a flush never walks the whole map */
  #queue: Counter[] = [];
  #window = 0;
  #timer: NodeJS.Timeout | null = null;
  #flushing: Promise<void> | null = null;

  constructor(
    private readonly store: HitStore,
    private readonly flushMs = 1000,
    private readonly shareFrom = 2,
  ) {}

  /** Counts a hit on each key; returns the counts including this one. */
  hit(keys: string[], window: number): number[] {
    if (window > this.#window) this.#newWindow(window);
    const out: number[] = [];
    for (const k of keys) {
      let c = this.#counters.get(k);
      if (!c || c.window !== window) {
        c = { key: k, window, shared: 0, pending: 0, written: false, queued: false };
        this.#counters.set(k, c);
      }
      c.pending++;
      if (!c.queued && (c.written || c.pending >= this.shareFrom)) {
        c.queued = true;
        this.#queue.push(c);
        this.#schedule();
      }
      out.push(c.shared + c.pending);
    }
    return out;
  }

  /** A new window: counters of past windows are forgotten here and in the shared store. */
  #newWindow(window: number) {
    const first = this.#window === 0;
    this.#window = window;
    for (const [k, c] of this.#counters) if (c.window < window && !c.queued) this.#counters.delete(k);
    if (!first) this.store.purgeHits(window - 1).catch(() => undefined); // best effort: the next window tries again
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
    const queued = this.#queue;
    this.#queue = [];
    for (const c of queued) c.queued = false;
    // a counter replaced by its key's next window has nothing left worth writing
    const sent = queued.filter((c) => c.pending > 0 && this.#counters.get(c.key) === c);
    if (!sent.length) return;
    const batch = sent.map((c) => ({ key: c.key, window: c.window, add: c.pending }));
    for (const c of sent) c.pending = 0;
    this.#flushing = this.#write(batch)
      .then((totals) => {
        for (const c of sent) {
          const total = totals.get(c.key);
          if (total === undefined || this.#counters.get(c.key) !== c) continue;
          c.shared = total - c.pending;
          c.written = true;
        }
      })
      .catch(() => {
        // try again next flush
        for (let i = 0; i < sent.length; i++) {
          const c = sent[i];
          if (this.#counters.get(c.key) !== c) continue;
          c.pending += batch[i].add;
          if (!c.queued) {
            c.queued = true;
            this.#queue.push(c);
          }
        }
        this.#schedule();
      })
      .finally(() => {
        this.#flushing = null;
      });
    return this.#flushing;
  }

  /** In slices, letting requests run in between: a long flush would otherwise stall them (p99). */
  async #write(batch: { key: string; window: number; add: number }[]): Promise<Map<string, number>> {
    if (batch.length <= FLUSH_SLICE) return this.store.addHits(batch);
    const totals = new Map<string, number>();
    for (let i = 0; i < batch.length; i += FLUSH_SLICE) {
      if (i) await new Promise<void>((resolve) => setImmediate(resolve));
      for (const [k, v] of await this.store.addHits(batch.slice(i, i + FLUSH_SLICE))) totals.set(k, v);
    }
    return totals;
  }
}

const FLUSH_SLICE = 200;
