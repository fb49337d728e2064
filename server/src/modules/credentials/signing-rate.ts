/**
 * When will the pending credentials be signed? From the rate the signers actually reached in
 * their recent batches (`credential_signing_batches`), never a fixed phrase: one run signed 20,000
 * credentials at about 12 a second while the page said "within a minute". Pure functions, tested
 * on their own.
 */

export interface SigningBatch {
  started_at: string;
  finished_at: string;
  signed: number;
}

/** Batches further apart than this are separate stretches of work (the signer idled between them). */
export const IDLE_GAP_MS = 5_000;
/** Too few credentials signed to call it a rate. */
export const MIN_MEASURED = 5;

/**
 * Credentials per second over recent batches: the credentials signed divided by the time some
 * signer was busy (the union of the batches' intervals: servers signing at once add up, idle
 * gaps between stretches do not count). Null when too little was signed to measure.
 */
export function measuredRate(batches: readonly SigningBatch[]): number | null {
  const spans = batches
    .map((b) => ({ from: Date.parse(b.started_at), to: Date.parse(b.finished_at), n: b.signed }))
    .filter((s) => Number.isFinite(s.from) && Number.isFinite(s.to) && s.to >= s.from)
    .sort((a, b) => a.from - b.from);
  const signed = spans.reduce((a, s) => a + s.n, 0);
  if (signed < MIN_MEASURED) return null;
  let busyMs = 0;
  let cur: { from: number; to: number } | null = null;
  for (const s of spans) {
    if (cur && s.from <= cur.to + IDLE_GAP_MS) cur.to = Math.max(cur.to, s.to);
    else {
      if (cur) busyMs += cur.to - cur.from;
      cur = { from: s.from, to: s.to };
    }
  }
  if (cur) busyMs += cur.to - cur.from;
  return (signed * 1000) / Math.max(busyMs, 1);
}

export interface SigningEstimate {
  /** credentials per second the signers reached recently, or null if not measured yet */
  ratePerSecond: number | null;
  /** seconds until `count` more credentials are signed at that rate (at least one), or null */
  seconds: number | null;
}

/** The expected time for `count` credentials still to sign, at the rate measured in `batches`. */
export function expectedSigningTime(batches: readonly SigningBatch[], count: number): SigningEstimate {
  const rate = measuredRate(batches);
  if (rate === null) return { ratePerSecond: null, seconds: null };
  return { ratePerSecond: rate, seconds: count <= 0 ? 0 : Math.max(1, Math.ceil(count / rate)) };
}

/** A duration as a person reads it, in Chinese: 约 40 秒, 约 3 分钟, 约 1 小时 20 分钟. */
export function durationZh(seconds: number): string {
  if (seconds < 60) return `约 ${Math.max(1, Math.round(seconds))} 秒`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `约 ${minutes} 分钟`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `约 ${h} 小时 ${m} 分钟` : `约 ${h} 小时`;
}
