/** The `subsidy_rates` table: the province's subsidy standards with their validity (SUB-1). */
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { DB, SubsidyRateTable } from '../../database/schema.js';

export function allRates(db: Kysely<DB>) {
  return db.selectFrom('subsidy_rates').selectAll().orderBy('kind').orderBy('level').orderBy('valid_from').execute();
}
export type RateRecord = Awaited<ReturnType<typeof allRates>>[number];

/** Every rate with the number of claim lines priced with it. */
export function ratesWithUse(db: Kysely<DB>) {
  return db
    .selectFrom('subsidy_rates as r')
    .selectAll('r')
    .select((eb) =>
      eb
        .selectFrom('subsidy_claim_lines as l')
        .whereRef('l.rate_id', '=', 'r.id')
        .select((e2) => e2.fn.countAll<number>().as('n'))
        .as('used_lines'),
    )
    .orderBy('r.kind')
    .orderBy('r.level')
    .orderBy('r.valid_from')
    .execute();
}

export function rateById(db: Kysely<DB>, id: number) {
  return db.selectFrom('subsidy_rates').selectAll().where('id', '=', id).executeTakeFirst();
}

export function ratesOfKindLevel(db: Kysely<DB>, kind: SubsidyRateTable['kind'], level: number) {
  return db.selectFrom('subsidy_rates').selectAll().where('kind', '=', kind).where('level', '=', level).execute();
}

export async function insertRate(db: Kysely<DB>, row: Insertable<SubsidyRateTable>) {
  return (await db.insertInto('subsidy_rates').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateRate(db: Kysely<DB>, id: number, patch: Updateable<SubsidyRateTable>) {
  await db.updateTable('subsidy_rates').set(patch).where('id', '=', id).execute();
}

export async function countRates(db: Kysely<DB>) {
  const r = await db
    .selectFrom('subsidy_rates')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * The claim lines that depend on a rate, with the first and last dates they were priced on: those
 * priced with it, or — for the recognition share — the direct-recognition lines its dates cover.
 */
export async function rateUse(
  db: Kysely<DB>,
  rate: { id: number; kind: string; valid_from: string; valid_to: string | null },
) {
  let q = db.selectFrom('subsidy_claim_lines');
  if (rate.kind === 'recognition_share') {
    q = q
      .where('line_kind', '=', 'evaluation')
      .where('pathway', '=', 'recognition')
      .where('basis_date', '>=', rate.valid_from);
    if (rate.valid_to) q = q.where('basis_date', '<=', rate.valid_to);
  } else q = q.where('rate_id', '=', rate.id);
  const r = await q
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      eb.fn.min('basis_date').as('first'),
      eb.fn.max('basis_date').as('last'),
    ])
    .executeTakeFirstOrThrow();
  return { lines: Number(r.n), first: (r.first as string | null) ?? null, last: (r.last as string | null) ?? null };
}
