/**
 * Frozen: subsidised training, part B — hours that count (TRAIN-4, TRAIN-10, TRAIN-11, seed 002
 * 三（二）): the schedule of class hours of an approved class, attendance per trainee and class hour
 * (present, absent, on written leave, made up before the final assessment), the recording of each
 * class hour with its continuous segments, the on-site spot checks of the HRSS of the place (who
 * was present), the online study records imported from the platform with their anomaly flags, and
 * the completion test results with the training-completion certificate (培训合格证书, TRAIN-9).
 * Compliant hours are never stored: they are computed from these records.
 */
import type { Kysely } from 'kysely';
import { withIdColumn } from '../sql-helpers.js';

export async function up(db: Kysely<any>): Promise<void> {
  const ts = 'varchar(30)';
  const day = 'varchar(10)';

  // one class hour (课时) of the schedule: its length is the class's minutes per class hour
  await withIdColumn(db, db.schema.createTable('training_sessions'))
    .addColumn('class_id', 'integer', (c) => c.notNull().references('training_classes.id'))
    .addColumn('held_on', day, (c) => c.notNull())
    // HH:MM, business time
    .addColumn('starts_at', 'varchar(5)', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull())
    // theory | practical
    .addColumn('kind', 'varchar(10)', (c) => c.notNull())
    // offline | online
    .addColumn('delivery', 'varchar(8)', (c) => c.notNull())
    .addColumn('topic', 'varchar(200)')
    .addColumn('created_by', 'integer')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('training_sessions_uq', ['class_id', 'held_on', 'starts_at'])
    .execute();

  // TRAIN-10: one mark per trainee and class hour
  await withIdColumn(db, db.schema.createTable('training_attendance'))
    .addColumn('session_id', 'integer', (c) => c.notNull().references('training_sessions.id'))
    .addColumn('trainee_id', 'integer', (c) => c.notNull().references('training_trainees.id'))
    // present | absent | leave | makeup
    .addColumn('status', 'varchar(8)', (c) => c.notNull())
    // the written leave request (书面请假手续): its reference or text
    .addColumn('leave_note', 'varchar(500)')
    // the day the hours were made up (补课), before the final assessment
    .addColumn('makeup_on', day)
    .addColumn('recorded_by', 'integer')
    .addColumn('recorded_by_name', 'varchar(40)')
    .addColumn('at', ts, (c) => c.notNull())
    .addUniqueConstraint('training_attendance_uq', ['session_id', 'trainee_id'])
    .execute();
  await db.schema
    .createIndex('training_attendance_trainee_idx')
    .on('training_attendance')
    .column('trainee_id')
    .execute();

  // TRAIN-4: the recording of a class hour; segments_json: [{ startsAt: 'HH:MM', minutes }]
  await withIdColumn(db, db.schema.createTable('training_recordings'))
    .addColumn('session_id', 'integer', (c) => c.notNull().unique().references('training_sessions.id'))
    .addColumn('file_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('starts_at', 'varchar(5)', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    .addColumn('segments_json', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'integer')
    .addColumn('recorded_by_name', 'varchar(40)')
    .addColumn('at', ts, (c) => c.notNull())
    .execute();

  // seed 002 三（二）: an on-site check by the HRSS of the place; present_json: trainee ids found present
  await withIdColumn(db, db.schema.createTable('training_spot_checks'))
    .addColumn('class_id', 'integer', (c) => c.notNull().references('training_classes.id'))
    .addColumn('checked_on', day, (c) => c.notNull())
    .addColumn('present_count', 'integer', (c) => c.notNull())
    .addColumn('enrolled_count', 'integer', (c) => c.notNull())
    .addColumn('present_json', 'text', (c) => c.notNull())
    .addColumn('note', 'varchar(500)')
    .addColumn('checked_by', 'integer')
    .addColumn('checked_by_name', 'varchar(40)')
    .addColumn('checked_by_region', 'varchar(12)')
    .addColumn('at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('training_spot_checks_class_idx').on('training_spot_checks').column('class_id').execute();

  // TRAIN-11: a trainee's study of one online class hour, as the platform reported it
  await withIdColumn(db, db.schema.createTable('training_online_records'))
    .addColumn('session_id', 'integer', (c) => c.notNull().references('training_sessions.id'))
    .addColumn('trainee_id', 'integer', (c) => c.notNull().references('training_trainees.id'))
    .addColumn('studied_on', day, (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull())
    // the anomalies found, comma-separated (fast_forward, multi_window, no_check, no_liveness, out_of_order, no_photo)
    .addColumn('flags', 'varchar(120)', (c) => c.notNull())
    .addColumn('imported_by', 'integer')
    .addColumn('at', ts, (c) => c.notNull())
    .addUniqueConstraint('training_online_records_uq', ['session_id', 'trainee_id'])
    .execute();
  await db.schema
    .createIndex('training_online_records_trainee_idx')
    .on('training_online_records')
    .column('trainee_id')
    .execute();
  // TRAIN-9: the offline completion test of a trainee (only where no skill certificate exists) and its certificate
  await withIdColumn(db, db.schema.createTable('training_completions'))
    .addColumn('trainee_id', 'integer', (c) => c.notNull().unique().references('training_trainees.id'))
    .addColumn('assessed_on', day, (c) => c.notNull())
    .addColumn('passed', 'integer', (c) => c.notNull())
    .addColumn('theory_score', 'integer')
    .addColumn('practical_score', 'integer')
    // the compliant hours and the plan when the result was recorded
    .addColumn('hours_counted', 'integer', (c) => c.notNull())
    .addColumn('hours_planned', 'integer', (c) => c.notNull())
    // 培训合格证书 number: passed with the planned hours complete
    .addColumn('certificate_no', 'varchar(40)', (c) => c.unique())
    .addColumn('note', 'varchar(500)')
    .addColumn('recorded_by', 'integer')
    .addColumn('recorded_by_name', 'varchar(40)')
    .addColumn('at', ts, (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are frozen');
}
