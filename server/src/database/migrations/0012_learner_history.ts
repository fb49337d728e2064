/**
 * Frozen: a person is not a record (CERT-10, CERT-2). The learner's student situation (学生类型、学校、
 * 专业、毕业年份、是否在校) changes over a life; every change is kept with its old and new values, when,
 * by whom and from which source — and so is a change another institution asked for that was not
 * applied because the school that recorded the status owns it. Each registration keeps a snapshot
 * of the situation it was judged on (fee and 中职 cap). A registration may also be withdrawn
 * (status `withdrawn`, recorded in the decision ledger): no new column is needed for that.
 */
import type { Kysely } from 'kysely';
import { withIdColumn } from '../sql-helpers.js';

export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable('learner_situation_changes'))
    .addColumn('learner_id', 'integer', (c) => c.notNull().references('learners.id'))
    // only the fields that differ, as canonical JSON ({"inSchool":false,"school":{"id":3,"name":"…"}})
    .addColumn('before_json', 'text', (c) => c.notNull())
    .addColumn('after_json', 'text', (c) => c.notNull())
    // 1 applied to the learner; 0 asked for and kept as it was (note says why)
    .addColumn('applied', 'integer', (c) => c.notNull())
    .addColumn('note', 'varchar(200)')
    // registration | roster | process | recognition | competition | enterprise
    .addColumn('source', 'varchar(20)', (c) => c.notNull())
    .addColumn('source_ref', 'varchar(60)')
    .addColumn('institution_id', 'integer', (c) => c.references('institutions.id'))
    .addColumn('changed_by', 'integer')
    .addColumn('changed_by_name', 'varchar(40)')
    .addColumn('at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('learner_situation_changes_learner_idx')
    .on('learner_situation_changes')
    .column('learner_id')
    .execute();
  await db.schema.alterTable('registrations').addColumn('situation_json', 'text').execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are frozen');
}
