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
  insertCoarseCounts,
  insertCounts,
  insertCountsFrom,
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
 * equal a full recount whatever they held before. A source with a recount query (the certificates)
 * is written from it table to table, the others through their rows; the coarse buckets are then
 * summed from the fine ones by the database.
 */
export async function rebuildAggregates(db: Kysely<DB>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const s of FLOW_SOURCES) {
      await clearMetrics(trx, s.metrics);
      if (s.counts) await insertCountsFrom(trx, s.counts.query(), s.counts.columns);
      else
        await insertCounts(
          trx,
          (await s.recount(trx)).filter((r) => r.n !== 0),
        );
    }
    await insertCoarseCounts(trx, FLOW_METRICS);
  });
  await analyzeCounts(db);
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
