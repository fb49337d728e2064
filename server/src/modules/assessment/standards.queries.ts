import type { Insertable, Kysely, Updateable } from 'kysely';
import type { DB, OccupationStandardTable } from '../../database/schema.js';

export async function countStandards(db: Kysely<DB>) {
  const r = await db
    .selectFrom('occupation_standards')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Inserts in chunks of 100 rows, which keeps each statement under SQLite's bound-parameter limit. */
export async function insertStandards(db: Kysely<DB>, rows: Insertable<OccupationStandardTable>[]) {
  for (let i = 0; i < rows.length; i += 100)
    await db
      .insertInto('occupation_standards')
      .values(rows.slice(i, i + 100))
      .execute();
}

const withOccupation = (db: Kysely<DB>) =>
  db
    .selectFrom('occupation_standards as s')
    .innerJoin('occupations as o', 'o.id', 's.occupation_id')
    .selectAll('s')
    .select(['o.name as occupation_name', 'o.code as occupation_code']);

export function standardFor(db: Kysely<DB>, occupationId: number, level: number) {
  return withOccupation(db).where('s.occupation_id', '=', occupationId).where('s.level', '=', level).executeTakeFirst();
}

export function standardsOfOccupation(db: Kysely<DB>, occupationId: number) {
  return withOccupation(db).where('s.occupation_id', '=', occupationId).orderBy('s.level', 'desc').execute();
}

export async function updateStandard(db: Kysely<DB>, id: number, row: Updateable<OccupationStandardTable>) {
  await db.updateTable('occupation_standards').set(row).where('id', '=', id).execute();
}

export async function insertStandard(db: Kysely<DB>, row: Insertable<OccupationStandardTable>) {
  await db.insertInto('occupation_standards').values(row).execute();
}
