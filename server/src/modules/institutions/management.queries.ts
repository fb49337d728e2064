/** The `institution_events` history (management decisions, credit events) and what credit reads from it. */
import type { Insertable, Kysely } from 'kysely';
import type { DB, InstitutionEventTable } from '../../database/schema.js';

export async function insertInstitutionEvent(db: Kysely<DB>, row: Insertable<InstitutionEventTable>) {
  await db.insertInto('institution_events').values(row).execute();
}

/** Events per institution and type since a time (the INST-8 credit inputs). */
export function eventCountsSince(db: Kysely<DB>, institutionIds: number[], sinceIso: string) {
  return db
    .selectFrom('institution_events')
    .select(['institution_id', 'type', (eb) => eb.fn.countAll<number>().as('n')])
    .where('institution_id', 'in', institutionIds)
    .where('at', '>=', sinceIso)
    .groupBy(['institution_id', 'type'])
    .execute();
}

export function institutionStatus(db: Kysely<DB>, id: number) {
  return db.selectFrom('institutions').select('status').where('id', '=', id).executeTakeFirst();
}

/** The history of one institution, newest first. */
export function institutionEvents(db: Kysely<DB>, institutionId: number) {
  return db
    .selectFrom('institution_events')
    .selectAll()
    .where('institution_id', '=', institutionId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/**
 * INST-5: the filed applications of some institutions with their filing department and region
 * (path and name), oldest decision first; the last one per institution is its filing authority.
 */
export function filedApplicationsOf(db: Kysely<DB>, institutionIds: number[]) {
  if (!institutionIds.length) return Promise.resolve([]);
  return db
    .selectFrom('filing_applications as a')
    .innerJoin('regions as r', 'r.code', 'a.filing_region_code')
    .select([
      'a.institution_id',
      'a.filing_department',
      'a.filing_region_code',
      'r.path as region_path',
      'r.name as region_name',
    ])
    .where('a.institution_id', 'in', institutionIds)
    .where('a.status', '=', 'filed')
    .orderBy('a.decided_at')
    .orderBy('a.id')
    .execute();
}
