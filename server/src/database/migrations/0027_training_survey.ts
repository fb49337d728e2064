/**
 * Frozen: subsidised training, part C — the satisfaction survey after training (TRAIN-8, seed 002
 * 三（三）“落实培训后同步进行满意度调查，低于85%的停止培训开班，给予为期一个月的整改期”) and the
 * evaluation result of trainees who finish through a skill certificate (TRAIN-9).
 *
 * The survey is anonymous by construction: an invite (one unguessable token per trainee, printed as
 * a QR code) only says whether it was used; an answer carries its class and nothing else — no
 * trainee, no token, no time — so no view and no join leads from an answer back to a person.
 */
import type { Kysely } from 'kysely';
import { withIdColumn } from '../sql-helpers.js';

export async function up(db: Kysely<any>): Promise<void> {
  const ts = 'varchar(30)';
  const day = 'varchar(10)';

  // one invite per trainee: the token in the QR code, and whether it was used (never when)
  await withIdColumn(db, db.schema.createTable('training_survey_invites'))
    .addColumn('class_id', 'integer', (c) => c.notNull().references('training_classes.id'))
    .addColumn('trainee_id', 'integer', (c) => c.notNull().unique().references('training_trainees.id'))
    .addColumn('token', 'varchar(40)', (c) => c.notNull().unique())
    .addColumn('used', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('training_survey_invites_class_idx')
    .on('training_survey_invites')
    .column('class_id')
    .execute();

  // one anonymous answer: overall verdict (satisfied | fair | dissatisfied), four items scored 1–5, a comment
  await withIdColumn(db, db.schema.createTable('training_survey_answers'))
    .addColumn('class_id', 'integer', (c) => c.notNull().references('training_classes.id'))
    .addColumn('overall', 'varchar(12)', (c) => c.notNull())
    .addColumn('content_score', 'integer', (c) => c.notNull())
    .addColumn('teaching_score', 'integer', (c) => c.notNull())
    .addColumn('facilities_score', 'integer', (c) => c.notNull())
    .addColumn('organisation_score', 'integer', (c) => c.notNull())
    .addColumn('comment', 'varchar(500)')
    .execute();
  await db.schema
    .createIndex('training_survey_answers_class_idx')
    .on('training_survey_answers')
    .column('class_id')
    .execute();

  // the class's survey closed: its result, and the rectification it started when below 85%
  await db.schema
    .createTable('training_survey_results')
    .addColumn('class_id', 'integer', (c) => c.primaryKey().references('training_classes.id'))
    .addColumn('answers', 'integer', (c) => c.notNull())
    .addColumn('invited', 'integer', (c) => c.notNull())
    .addColumn('satisfied', 'integer', (c) => c.notNull())
    // satisfied / answers in per mille; null when nobody answered
    .addColumn('rate_permille', 'integer')
    .addColumn('closed_on', day, (c) => c.notNull())
    .addColumn('rectification_id', 'integer', (c) => c.references('training_rectifications.id'))
    .addColumn('closed_by', 'integer')
    .addColumn('closed_by_name', 'varchar(40)')
    .addColumn('at', ts, (c) => c.notNull())
    .execute();

  // TRAIN-9: the skill certificate through which a trainee finished (鉴定评价), when issued
  await db.schema
    .alterTable('training_trainees')
    .addColumn('evaluation_certificate_id', 'integer', (c) => c.references('certificates.id'))
    .execute();
  // its number, as issued (a certificate's number never changes)
  await db.schema.alterTable('training_trainees').addColumn('evaluation_certificate_no', 'varchar(40)').execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are frozen');
}
