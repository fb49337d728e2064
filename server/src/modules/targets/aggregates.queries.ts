/**
 * The maintained progress aggregates (`progress_daily`): counts per metric × business date ×
 * institution × occupation × level, changed by deltas inside the transaction that changes the
 * records, rebuilt from a full recount, and read by the dashboard and the monthly reports.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../database/schema.js';
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

/** `lockPerson` for many people in one statement, in ascending order (two batches never wait on each other in a circle). */
export async function lockPersons(db: Kysely<DB>, learnerIds: readonly number[]) {
  if (dialectOf(db) !== 'postgres' || !learnerIds.length) return;
  const ids = [...learnerIds].sort((a, b) => a - b);
  await sql`select pg_advisory_xact_lock(${PERSON_LOCK_SPACE}, x) from unnest(${ids}::int[]) as x`.execute(db);
}

/** Adds each delta to its bucket (creating it), then drops buckets that fell to zero. */
export async function applyDeltas(db: Kysely<DB>, deltas: readonly Delta[]) {
  for (const d of deltas) {
    await db
      .insertInto('progress_daily')
      .values(d)
      .onConflict((oc) =>
        oc
          .columns(['metric', 'day', 'institution_id', 'occupation_id', 'level'])
          .doUpdateSet((eb) => ({ n: eb('progress_daily.n', '+', eb.ref('excluded.n')) })),
      )
      .execute();
    if (d.n < 0)
      await db
        .deleteFrom('progress_daily')
        .where('metric', '=', d.metric)
        .where('day', '=', d.day)
        .where('institution_id', '=', d.institution_id)
        .where('occupation_id', '=', d.occupation_id)
        .where('level', '=', d.level)
        .where('n', '<=', 0)
        .execute();
  }
}

export async function clearMetrics(db: Kysely<DB>, metrics: readonly string[]) {
  if (metrics.length) await db.deleteFrom('progress_daily').where('metric', 'in', metrics).execute();
}

export async function insertCounts(db: Kysely<DB>, rows: readonly Delta[]) {
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('progress_daily')
      .values(rows.slice(i, i + 500))
      .execute();
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

function scoped(db: Kysely<DB>, scope: CountScope) {
  const q = db.selectFrom('progress_daily as d').innerJoin('institutions as i', 'i.id', 'd.institution_id');
  return 'regionPath' in scope
    ? q.where('i.region_code', 'in', regionCodesUnder(db, scope.regionPath))
    : q.where('d.institution_id', '=', scope.institutionId);
}

/** Per institution (with its region) and metric: the sum over business dates from…to (inclusive). */
export async function sumsByInstitution(
  db: Kysely<DB>,
  scope: CountScope,
  metrics: readonly string[],
  from: string,
  to: string,
) {
  if (!metrics.length) return [];
  const rows = await scoped(db, scope)
    .select((eb) => ['d.institution_id', 'i.region_code', 'd.metric', eb.fn.sum<number>('d.n').as('n')])
    .where('d.metric', 'in', metrics)
    .where('d.day', '>=', from)
    .where('d.day', '<=', to)
    .groupBy(['d.institution_id', 'i.region_code', 'd.metric'])
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** Per month (`YYYY-MM`) and metric: the sum over business dates from…to, in the scope. */
export async function sumsByMonth(
  db: Kysely<DB>,
  scope: CountScope,
  metrics: readonly string[],
  from: string,
  to: string,
) {
  if (!metrics.length) return [];
  const month = sql<string>`substr(d.day, 1, 7)`;
  const rows = await scoped(db, scope)
    .select((eb) => [month.as('month'), 'd.metric', eb.fn.sum<number>('d.n').as('n')])
    .where('d.metric', 'in', metrics)
    .where('d.day', '>=', from)
    .where('d.day', '<=', to)
    .groupBy([month, 'd.metric'])
    .execute();
  return rows.map((r) => ({ month: r.month, metric: r.metric, n: Number(r.n) }));
}

/** Per level and metric, in the scope (the report's sheet by level). */
export async function sumsByLevel(
  db: Kysely<DB>,
  scope: CountScope,
  metrics: readonly string[],
  from: string,
  to: string,
) {
  if (!metrics.length) return [];
  const rows = await scoped(db, scope)
    .select((eb) => ['d.level', 'd.metric', eb.fn.sum<number>('d.n').as('n')])
    .where('d.metric', 'in', metrics)
    .where('d.day', '>=', from)
    .where('d.day', '<=', to)
    .groupBy(['d.level', 'd.metric'])
    .execute();
  return rows.map((r) => ({ level: r.level, metric: r.metric, n: Number(r.n) }));
}
