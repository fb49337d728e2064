/**
 * Frozen: staff are people (INST-8). A staff record points at the person (`learners`, one row per
 * identity document, whatever roles the person has), so a disqualification bars the person in
 * every institution rather than one record a school can register again.
 *
 * Backfill: the staff table held no identity document (name, phone and card number only), and a
 * name or phone does not identify a person, so existing rows stay unlinked (`person_id` null). The
 * staff service refuses to assign an unlinked person to any evaluation work until the identity is
 * entered (which then links the row and carries any disqualification to the person).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('staff')
    .addColumn('person_id', 'integer', (c) => c.references('learners.id'))
    .execute();
  await db.schema.createIndex('staff_person_idx').on('staff').column('person_id').execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are frozen');
}
