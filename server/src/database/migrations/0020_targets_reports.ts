/**
 * Frozen: yearly targets per unit (TGT-1), the maintained daily progress aggregates the dashboard
 * and the monthly reports read (TGT-3), submitted monthly reports as frozen snapshots and the
 * delays recorded against them (SUP-3), and each school's graduating-class roster, the
 * denominator of certificate coverage (CERT-9).
 */
import type { Kysely } from 'kysely';
import { withIdColumn } from '../sql-helpers.js';

export async function up(db: Kysely<any>): Promise<void> {
  const ts = 'varchar(30)';
  // a unit is `R<region code>` (province, city, 济源示范区, 省直管县, county) or `I<institution id>` (a school)
  await withIdColumn(db, db.schema.createTable('targets'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('unit', 'varchar(20)', (c) => c.notNull())
    .addColumn('metric', 'varchar(30)', (c) => c.notNull())
    .addColumn('value', 'integer', (c) => c.notNull())
    .addColumn('set_by', 'integer')
    .addColumn('set_by_name', 'varchar(40)')
    .addColumn('set_at', ts, (c) => c.notNull())
    .addUniqueConstraint('targets_year_unit_metric_uq', ['year', 'unit', 'metric'])
    .execute();

  // one row per metric × business date × institution × occupation × level; kept equal to a recount
  await db.schema
    .createTable('progress_daily')
    .addColumn('metric', 'varchar(30)', (c) => c.notNull())
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('institution_id', 'integer', (c) => c.notNull())
    .addColumn('occupation_id', 'integer', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('progress_daily_pk', ['metric', 'day', 'institution_id', 'occupation_id', 'level'])
    .execute();
  await db.schema
    .createIndex('progress_daily_inst_idx')
    .on('progress_daily')
    .columns(['institution_id', 'metric', 'day'])
    .execute();

  // a unit's monthly report as submitted to its parent: the figures frozen as JSON
  await withIdColumn(db, db.schema.createTable('monthly_reports'))
    .addColumn('unit', 'varchar(20)', (c) => c.notNull())
    .addColumn('month', 'varchar(7)', (c) => c.notNull())
    .addColumn('parent_unit', 'varchar(20)')
    .addColumn('snapshot_json', 'text', (c) => c.notNull())
    .addColumn('due_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('late', 'integer', (c) => c.notNull())
    .addColumn('note', 'varchar(500)')
    .addColumn('submitted_by', 'integer', (c) => c.notNull())
    .addColumn('submitted_by_name', 'varchar(40)')
    .addColumn('submitted_at', ts, (c) => c.notNull())
    .addUniqueConstraint('monthly_reports_unit_month_uq', ['unit', 'month'])
    .execute();
  // a report's delay entered into an institution's credit record (INST-8), once per unit and month
  await db.schema
    .createTable('report_delays')
    .addColumn('unit', 'varchar(20)', (c) => c.notNull())
    .addColumn('month', 'varchar(7)', (c) => c.notNull())
    .addColumn('recorded_by', 'integer')
    .addColumn('recorded_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('report_delays_pk', ['unit', 'month'])
    .execute();

  // 毕业生名册: a school's graduating class as the school imported it (CERT-9's denominator)
  await withIdColumn(db, db.schema.createTable('graduating_classes'))
    .addColumn('school_institution_id', 'integer', (c) => c.notNull().references('institutions.id'))
    .addColumn('graduation_year', 'integer', (c) => c.notNull())
    .addColumn('learner_id', 'integer', (c) => c.notNull().references('learners.id'))
    .addColumn('major', 'varchar(60)')
    .addColumn('imported_by', 'integer', (c) => c.notNull())
    .addColumn('imported_at', ts, (c) => c.notNull())
    .addUniqueConstraint('graduating_classes_uq', ['school_institution_id', 'graduation_year', 'learner_id'])
    .execute();
  await db.schema.createIndex('graduating_classes_learner_idx').on('graduating_classes').column('learner_id').execute();
  // the learner's certificates by date: the aggregates' listener and coverage read a person's certificates
  await db.schema
    .createIndex('certificates_learner_issued_idx')
    .on('certificates')
    .columns(['learner_id', 'issued_on'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are frozen');
}
