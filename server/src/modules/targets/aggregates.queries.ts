/**
 * The maintained progress aggregates, changed by deltas inside the transaction that changes the
 * records, rebuilt from a full recount: `progress_daily` (metric × business date × institution ×
 * occupation × level, the fine grain) and two coarse ones kept from the same deltas —
 * `progress_by_month` (metric × month × institution) and `progress_by_day` (metric × business
 * date × institution). The dashboard and the monthly reports read the coarse ones: whole months
 * from the first, the days of a month not yet over from the second, so a read touches about
 * 12 × institutions × metrics rows whatever the number of certificates.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../database/schema.js';
import { lastDayOfMonth } from '../../../../contract/targets.js';
import { bulkInsert, insertJsonRows, type BulkTarget } from '../../database/bulk.js';
import { dialectOf } from '../../database/sql-helpers.js';
import { regionCodesUnder } from '../regions/regions.queries.js';

export interface Delta {
  metric: string;
  day: string;
  institution_id: number;
  occupation_id: number;
  level: number;
  n: number;
}

/** A namespace for the advisory locks that serialise one person's progress updates across app servers. */
const PERSON_LOCK_SPACE = 20_020;

/** Serialises concurrent changes to one person's certificates (PostgreSQL; SQLite's write lock already does). */
export async function lockPerson(db: Kysely<DB>, learnerId: number) {
  if (dialectOf(db) === 'postgres')
    await sql`select pg_advisory_xact_lock(${PERSON_LOCK_SPACE}, ${learnerId})`.execute(db);
}

/** A count per metric × month × institution, or per metric × business date × institution. */
export interface CoarseCount {
  metric: string;
  period: string;
  institution_id: number;
  n: number;
}

/** The fine buckets summed to a coarse grain: by month (`YYYY-MM`) or by business date. */
export function coarsen(rows: readonly Delta[], grain: 'month' | 'day'): CoarseCount[] {
  const m = new Map<string, CoarseCount>();
  for (const r of rows) {
    const period = grain === 'month' ? r.day.slice(0, 7) : r.day;
    const k = `${r.metric}|${period}|${r.institution_id}`;
    const cur = m.get(k);
    if (cur) cur.n += r.n;
    else m.set(k, { metric: r.metric, period, institution_id: r.institution_id, n: r.n });
  }
  return [...m.values()].filter((c) => c.n !== 0);
}

/** `lockPerson` for many people in one statement, in ascending order (two batches never wait on each other in a circle). */
export async function lockPersons(db: Kysely<DB>, learnerIds: readonly number[]) {
  if (dialectOf(db) !== 'postgres' || !learnerIds.length) return;
  const ids = [...learnerIds].sort((a, b) => a - b);
  await sql`select pg_advisory_xact_lock(${PERSON_LOCK_SPACE}, x) from unnest(${ids}::int[]) as x`.execute(db);
}

/** Adds each delta to its bucket in the three aggregates (creating it), then drops buckets that fell to zero. */
export async function applyDeltas(db: Kysely<DB>, deltas: readonly Delta[]) {
  await addToBuckets(db, 'progress_daily', ['metric', 'day', 'institution_id', 'occupation_id', 'level'], deltas);
  const coarse = (grain: 'month' | 'day') =>
    coarsen(deltas, grain).map((c) => ({
      metric: c.metric,
      [grain]: c.period,
      institution_id: c.institution_id,
      n: c.n,
    }));
  await addToBuckets(db, 'progress_by_month', ['metric', 'month', 'institution_id'], coarse('month'));
  await addToBuckets(db, 'progress_by_day', ['metric', 'day', 'institution_id'], coarse('day'));
}

/** One aggregate table's counts: each added to the bucket its key columns name, a bucket at zero or below dropped. */
async function addToBuckets<R extends { n: number }>(
  db: Kysely<DB>,
  table: 'progress_daily' | 'progress_by_month' | 'progress_by_day',
  keys: readonly (keyof R & string)[],
  rows: readonly R[],
) {
  // the three tables differ only in their key columns: one untyped builder serves them all
  const any = db as unknown as Kysely<Record<string, Record<string, string | number>>>;
  for (const row of rows) {
    await any
      .insertInto(table)
      .values(row as unknown as Record<string, string | number>)
      .onConflict((oc) =>
        oc.columns([...keys]).doUpdateSet((eb) => ({ n: eb(`${table}.n`, '+', eb.ref('excluded.n')) })),
      )
      .execute();
    if (row.n < 0) {
      let del = any.deleteFrom(table).where('n', '<=', 0);
      for (const k of keys) del = del.where(k as string, '=', row[k] as string | number);
      await del.execute();
    }
  }
}

/**
 * The secondary index of `progress_daily` a bulk load builds once at its end (`database/bulk.ts`):
 * adding 1.34 million counts with it in place took three times as long (4.8 s against 1.4 s).
 */
export const PROGRESS_DEFERRABLE_INDEXES = ['progress_daily_inst_idx'] as const;

/** The aggregates' columns per grain, in the order `addProgressCounts` takes their values. */
const GRAINS = {
  daily: { table: 'progress_daily', keys: ['metric', 'day', 'institution_id', 'occupation_id', 'level'] },
  by_day: { table: 'progress_by_day', keys: ['metric', 'day', 'institution_id'] },
  by_month: { table: 'progress_by_month', keys: ['metric', 'month', 'institution_id'] },
} as const;

/**
 * Adds counts to the buckets of one grain inside the caller's bulk transaction (a load that wrote
 * the records it counts; the province-scale generator): `values` are the grain's key columns and
 * `n`, row after row, each key once; a bucket that exists grows by `n`, a new one is made.
 */
export function addProgressCounts(target: BulkTarget, grain: keyof typeof GRAINS, values: readonly unknown[]) {
  const { table, keys } = GRAINS[grain];
  return bulkInsert(target, table, [...keys, 'n'], values, {}, { keys, column: 'n' });
}

export async function clearMetrics(db: Kysely<DB>, metrics: readonly string[]) {
  if (!metrics.length) return;
  await db.deleteFrom('progress_daily').where('metric', 'in', metrics).execute();
  await db.deleteFrom('progress_by_month').where('metric', 'in', metrics).execute();
  await db.deleteFrom('progress_by_day').where('metric', 'in', metrics).execute();
}

/**
 * Writes a recount's fine buckets (`progress_daily`): chunks of 20,000 rows, each one statement with
 * the rows as one JSON parameter. For the small sources; the certificates' recount goes from table
 * to table (`insertCountsFrom`). The coarse buckets follow from the fine ones (`insertCoarseCounts`).
 */
export async function insertCounts(db: Kysely<DB>, rows: readonly Delta[]) {
  const fine = rows.map((r) => ({
    metric: r.metric,
    day: r.day,
    institution_id: r.institution_id,
    occupation_id: r.occupation_id,
    level: r.level,
    n: r.n,
  }));
  for (let i = 0; i < fine.length; i += COUNT_CHUNK)
    await insertJsonRows(db, 'progress_daily', fine.slice(i, i + COUNT_CHUNK));
}
const COUNT_CHUNK = 20_000;

/**
 * A recount that gives several metrics' counts per business date × institution × occupation ×
 * level in columns of one row (`columns`: metric → its column in `source`), as the fine buckets:
 * one row per metric, those of 0 left out.
 */
export function countsFrom(source: RawBuilder<unknown>, columns: Readonly<Record<string, string>>) {
  const metrics = Object.keys(columns);
  const n = sql`case m.metric ${sql.join(
    metrics.map((metric) => sql`when ${sql.lit(metric)} then ${sql.ref(`c.${columns[metric]}`)}`),
    sql` `,
  )} end`;
  const names = sql.join(
    metrics.map((metric) => sql`select ${sql.lit(metric)} as metric`),
    sql` union all `,
  );
  return sql<Delta>`
    select m.metric, c.day, c.institution_id, c.occupation_id, c.level, ${n} as n
    from (${source}) c cross join (${names}) m
    where ${n} <> 0`;
}

/**
 * Writes such a recount's fine buckets straight from the query (`countsFrom`), table to table:
 * at 10 million certificates about 9 million buckets that no longer travel through JavaScript.
 */
export async function insertCountsFrom(
  db: Kysely<DB>,
  source: RawBuilder<unknown>,
  columns: Readonly<Record<string, string>>,
) {
  await sql`insert into progress_daily (metric, day, institution_id, occupation_id, level, n)
    ${countsFrom(source, columns)}`.execute(db);
}

/** Runs such a recount and returns its fine buckets (the recount comparison reads them). */
export async function readCountsFrom(
  db: Kysely<DB>,
  source: RawBuilder<unknown>,
  columns: Readonly<Record<string, string>>,
): Promise<Delta[]> {
  const r = await countsFrom(source, columns).execute(db);
  return r.rows.map((x) => ({
    ...x,
    institution_id: Number(x.institution_id),
    occupation_id: Number(x.occupation_id),
    level: Number(x.level),
    n: Number(x.n),
  }));
}

/**
 * Writes the coarse buckets of some metrics (by month, by business date) as the sums of their fine
 * buckets in `progress_daily`, those of 0 left out: what `coarsen` gives, summed by the database.
 */
export async function insertCoarseCounts(db: Kysely<DB>, metrics: readonly string[]) {
  if (!metrics.length) return;
  await sql`insert into progress_by_month (metric, month, institution_id, n)
    select metric, substr(day, 1, 7), institution_id, sum(n) from progress_daily
    where metric in (${sql.join(metrics)})
    group by metric, substr(day, 1, 7), institution_id
    having sum(n) <> 0`.execute(db);
  await sql`insert into progress_by_day (metric, day, institution_id, n)
    select metric, day, institution_id, sum(n) from progress_daily
    where metric in (${sql.join(metrics)})
    group by metric, day, institution_id
    having sum(n) <> 0`.execute(db);
}

/**
 * Refreshes the planner's statistics of the three aggregates after a recount rewrote them: without
 * them PostgreSQL plans the scoped sums over a freshly filled table as nested loops (2 s instead of
 * milliseconds at 50,000 certificates).
 */
export async function analyzeCounts(db: Kysely<DB>) {
  if (dialectOf(db) === 'postgres') await sql`analyze progress_daily, progress_by_month, progress_by_day`.execute(db);
  else
    for (const t of ['progress_daily', 'progress_by_month', 'progress_by_day'])
      await sql`analyze ${sql.table(t)}`.execute(db);
}

/** Every coarse bucket of some metrics, for the recount comparison. */
export async function allCoarseCounts(db: Kysely<DB>, metrics: readonly string[]) {
  if (!metrics.length) return { month: [], day: [] };
  const [month, day] = await Promise.all([
    db
      .selectFrom('progress_by_month')
      .select(['metric', 'month as period', 'institution_id', 'n'])
      .where('metric', 'in', metrics)
      .orderBy('metric')
      .orderBy('month')
      .orderBy('institution_id')
      .execute(),
    db
      .selectFrom('progress_by_day')
      .select(['metric', 'day as period', 'institution_id', 'n'])
      .where('metric', 'in', metrics)
      .orderBy('metric')
      .orderBy('day')
      .orderBy('institution_id')
      .execute(),
  ]);
  return { month, day };
}

/** Every bucket of some metrics, for the recount comparison. */
export function allCounts(db: Kysely<DB>, metrics: readonly string[]) {
  return db
    .selectFrom('progress_daily')
    .select(['metric', 'day', 'institution_id', 'occupation_id', 'level', 'n'])
    .where('metric', 'in', metrics)
    .orderBy('metric')
    .orderBy('day')
    .orderBy('institution_id')
    .orderBy('occupation_id')
    .orderBy('level')
    .execute();
}

/** Where the figures are read from: a region's subtree (by the issuing institution's region) or one institution. */
export type CountScope = { regionPath: string } | { institutionId: number };

/**
 * Business dates from…to (inclusive) as the whole months inside them and the days of the months
 * they cut (at most a head and a tail).
 */
export function spansOf(from: string, to: string): { months: string[]; days: [string, string][] } {
  const months: string[] = [];
  const days: [string, string][] = [];
  if (from > to) return { months, days };
  let [y, m] = from.slice(0, 7).split('-').map(Number);
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month > to.slice(0, 7)) break;
    const first = `${month}-01`;
    const last = lastDayOfMonth(month);
    if (from <= first && to >= last) months.push(month);
    else days.push([from > first ? from : first, to < last ? to : last]);
    if (++m > 12) [y, m] = [y + 1, 1];
  }
  return { months, days };
}

const byMonthIn = (db: Kysely<DB>, scope: CountScope) => {
  const q = db.selectFrom('progress_by_month as d').innerJoin('institutions as i', 'i.id', 'd.institution_id');
  return 'regionPath' in scope
    ? q.where('i.region_code', 'in', regionCodesUnder(db, scope.regionPath))
    : q.where('d.institution_id', '=', scope.institutionId);
};
const byDayIn = (db: Kysely<DB>, scope: CountScope) => {
  const q = db.selectFrom('progress_by_day as d').innerJoin('institutions as i', 'i.id', 'd.institution_id');
  return 'regionPath' in scope
    ? q.where('i.region_code', 'in', regionCodesUnder(db, scope.regionPath))
    : q.where('d.institution_id', '=', scope.institutionId);
};

/** Per institution (with its region) and metric: the sum over business dates from…to (inclusive). */
export async function sumsByInstitution(
  db: Kysely<DB>,
  scope: CountScope,
  metrics: readonly string[],
  from: string,
  to: string,
) {
  const { months, days } = spansOf(from, to);
  if (!metrics.length || (!months.length && !days.length)) return [];
  const [whole, cut] = await Promise.all([
    months.length
      ? byMonthIn(db, scope)
          .select((eb) => ['d.institution_id', 'i.region_code', 'd.metric', eb.fn.sum<number>('d.n').as('n')])
          .where('d.metric', 'in', metrics)
          .where('d.month', 'in', months)
          .groupBy(['d.institution_id', 'i.region_code', 'd.metric'])
          .execute()
      : [],
    days.length
      ? byDayIn(db, scope)
          .select((eb) => ['d.institution_id', 'i.region_code', 'd.metric', eb.fn.sum<number>('d.n').as('n')])
          .where('d.metric', 'in', metrics)
          .where((eb) => eb.or(days.map(([a, b]) => eb.and([eb('d.day', '>=', a), eb('d.day', '<=', b)]))))
          .groupBy(['d.institution_id', 'i.region_code', 'd.metric'])
          .execute()
      : [],
  ]);
  const out = new Map<string, { institution_id: number; region_code: string; metric: string; n: number }>();
  for (const r of [...whole, ...cut]) {
    const k = `${r.institution_id}|${r.metric}`;
    const cur = out.get(k);
    if (cur) cur.n += Number(r.n);
    else out.set(k, { institution_id: r.institution_id, region_code: r.region_code, metric: r.metric, n: Number(r.n) });
  }
  return [...out.values()];
}

/** Per month (`YYYY-MM`) and metric: the sum over business dates from…to, in the scope. */
export async function sumsByMonth(
  db: Kysely<DB>,
  scope: CountScope,
  metrics: readonly string[],
  from: string,
  to: string,
) {
  const { months, days } = spansOf(from, to);
  if (!metrics.length || (!months.length && !days.length)) return [];
  const dayMonth = sql<string>`substr(d.day, 1, 7)`;
  const [whole, cut] = await Promise.all([
    months.length
      ? byMonthIn(db, scope)
          .select((eb) => ['d.month', 'd.metric', eb.fn.sum<number>('d.n').as('n')])
          .where('d.metric', 'in', metrics)
          .where('d.month', 'in', months)
          .groupBy(['d.month', 'd.metric'])
          .execute()
      : [],
    days.length
      ? byDayIn(db, scope)
          .select((eb) => [dayMonth.as('month'), 'd.metric', eb.fn.sum<number>('d.n').as('n')])
          .where('d.metric', 'in', metrics)
          .where((eb) => eb.or(days.map(([a, b]) => eb.and([eb('d.day', '>=', a), eb('d.day', '<=', b)]))))
          .groupBy([dayMonth, 'd.metric'])
          .execute()
      : [],
  ]);
  return [...whole, ...cut].map((r) => ({ month: r.month, metric: r.metric, n: Number(r.n) }));
}

/** Per level and metric, in the scope (a sheet by level): read from the fine grain, `progress_daily`. */
export async function sumsByLevel(
  db: Kysely<DB>,
  scope: CountScope,
  metrics: readonly string[],
  from: string,
  to: string,
) {
  if (!metrics.length) return [];
  const q = db.selectFrom('progress_daily as d').innerJoin('institutions as i', 'i.id', 'd.institution_id');
  const rows = await (
    'regionPath' in scope
      ? q.where('i.region_code', 'in', regionCodesUnder(db, scope.regionPath))
      : q.where('d.institution_id', '=', scope.institutionId)
  )
    .select((eb) => ['d.level', 'd.metric', eb.fn.sum<number>('d.n').as('n')])
    .where('d.metric', 'in', metrics)
    .where('d.day', '>=', from)
    .where('d.day', '<=', to)
    .groupBy(['d.level', 'd.metric'])
    .execute();
  return rows.map((r) => ({ level: r.level, metric: r.metric, n: Number(r.n) }));
}
