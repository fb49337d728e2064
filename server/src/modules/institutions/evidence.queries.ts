/** The `prerequisite_evidence` table: files an institution keeps for the INST-3 checklist (bytes live in files). */
import type { Insertable, Kysely } from 'kysely';
import type { DB, PrerequisiteEvidenceTable } from '../../database/schema.js';

export async function insertEvidence(db: Kysely<DB>, row: Insertable<PrerequisiteEvidenceTable>) {
  return (await db.insertInto('prerequisite_evidence').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function getEvidence(db: Kysely<DB>, id: number) {
  return db.selectFrom('prerequisite_evidence').selectAll().where('id', '=', id).executeTakeFirst();
}

/** One evidence file of the institution that has not been removed. */
export function currentEvidence(db: Kysely<DB>, institutionId: number, id: number) {
  return db
    .selectFrom('prerequisite_evidence')
    .selectAll()
    .where('id', '=', id)
    .where('institution_id', '=', institutionId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
}

/** Marks a file removed; rows are kept for the ledger, never deleted. */
export async function markEvidenceRemoved(db: Kysely<DB>, id: number, at: string) {
  await db.updateTable('prerequisite_evidence').set({ removed_at: at }).where('id', '=', id).execute();
}

/** The institution's current evidence files with the occupation each is for. */
export function evidenceFiles(db: Kysely<DB>, institutionId: number) {
  return db
    .selectFrom('prerequisite_evidence as e')
    .leftJoin('occupations as o', 'o.id', 'e.occupation_id')
    .select([
      'e.id',
      'e.item',
      'e.occupation_id',
      'o.name as occupation_name',
      'e.description',
      'e.file_name',
      'e.mime',
      'e.size',
      'e.uploaded_at',
    ])
    .where('e.institution_id', '=', institutionId)
    .where('e.removed_at', 'is', null)
    .orderBy('e.id')
    .execute();
}
