/**
 * Frozen: drops `certificates_learner_idx` (learner_id), which 0003 made before the two indexes
 * that begin with the same column: `certificates_person_occ_level_idx` (learner_id, occupation_id,
 * level) and `certificates_learner_issued_idx` (learner_id, issued_on, 0020). Both databases use
 * either for a look-up by person (and for the foreign key from certificates to people), so the
 * third copy only cost every issuance an insert into one more B-tree and the province-scale load
 * one more index build (docs/PERFORMANCE.md, session 12).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('certificates_learner_idx').ifExists().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('certificates_learner_idx').on('certificates').column('learner_id').execute();
}
