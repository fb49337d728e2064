/**
 * Keeping the progress aggregates (TGT-3) equal to a recount: every source's listeners are
 * registered when the module loads, and `rebuildAggregates` recounts everything from the records
 * (after a bulk load that bypassed the services — the demo data, the province-scale generator).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../database/schema.js';
import {
  allCoarseCounts,
  allCounts,
  analyzeCounts,
  clearMetrics,
  coarsen,
  insertCounts,
} from './aggregates.queries.js';
import { FLOW_METRICS, FLOW_SOURCES } from './metric-sources.js';

let following = false;
/** Registers every source's listeners (once). */
export function followSources() {
  if (following) return;
  following = true;
  for (const s of FLOW_SOURCES) s.follow();
}

/**
 * Recounts every maintained metric from the records, in one transaction: the aggregates afterwards
 * equal a full recount whatever they held before. Returns the buckets written per metric.
 */
export async function rebuildAggregates(db: Kysely<DB>): Promise<Record<string, number>> {
  const written = await db.transaction().execute(async (trx) => {
    const written: Record<string, number> = {};
    for (const s of FLOW_SOURCES) {
      await clearMetrics(trx, s.metrics);
      const rows = (await s.recount(trx)).filter((r) => r.n !== 0);
      await insertCounts(trx, rows);
      for (const m of s.metrics) written[m] = rows.filter((r) => r.metric === m).length;
    }
    return written;
  });
  await analyzeCounts(db);
  return written;
}

/**
 * The maintained buckets and a fresh recount, side by side (tests compare them): the fine grain,
 * and the coarse grains (by month, by business date) beside the recount summed to them.
 */
export async function aggregatesAndRecount(db: Kysely<DB>) {
  const kept = await allCounts(db, FLOW_METRICS);
  const recount = (await Promise.all(FLOW_SOURCES.map((s) => s.recount(db)))).flat().filter((r) => r.n !== 0);
  const coarse = await allCoarseCounts(db, FLOW_METRICS);
  const order = (a: { metric: string; period: string; institution_id: number }, b: typeof a) =>
    a.metric < b.metric
      ? -1
      : a.metric > b.metric
        ? 1
        : a.period < b.period
          ? -1
          : a.period > b.period
            ? 1
            : a.institution_id - b.institution_id;
  return {
    kept,
    recount,
    keptByMonth: coarse.month.map((r) => ({ ...r, n: Number(r.n) })),
    recountByMonth: coarsen(recount, 'month').sort(order),
    keptByDay: coarse.day.map((r) => ({ ...r, n: Number(r.n) })),
    recountByDay: coarsen(recount, 'day').sort(order),
  };
}
