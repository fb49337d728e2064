/**
 * Rows the migration tests write into a database held at an older migration (a `Kysely<any>`:
 * the typed schema is the latest one): a filed institution and the 电工 occupation their
 * certificates need.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function oldInstitutionAndOccupation(db: Kysely<any>, institutionName: string, now: string) {
  const inst = (await db
    .insertInto('institutions')
    .values({
      name: institutionName,
      kind: 'social',
      owner: 'local',
      region_code: '410000',
      filing_no: 'Y000041000009',
      status: 'filed',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()) as { id: number };
  const occ = (await db
    .insertInto('occupations')
    .values({ code: '6-31-01-03', name: '电工', edition: '2022', created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow()) as { id: number };
  return { inst, occ };
}
