/**
 * Frozen: the other pathways to a certificate (CERT-3..6) — 1+X holdings and their occupation
 * mapping, competitions with award rules and results, partnerships between a filed enterprise and
 * a school — and one record per pathway decision, with its evidence.
 */
import type { Kysely } from 'kysely';
import { withIdColumn } from '../sql-helpers.js';

export async function up(db: Kysely<any>): Promise<void> {
  const t = (name: string) => withIdColumn(db, db.schema.createTable(name));
  const ts = 'varchar(30)';
  await db.schema
    .alterTable('one_plus_x_certificates')
    .addColumn('mapped_occupation_id', 'integer', (c) => c.references('occupations.id'))
    .execute();

  // 1+X certificates held by learners (issued by the 1+X organisations, kept apart: CERT-8)
  await t('one_plus_x_holdings')
    .addColumn('learner_id', 'integer', (c) => c.notNull().references('learners.id'))
    .addColumn('certificate_id', 'integer', (c) => c.notNull().references('one_plus_x_certificates.id'))
    .addColumn('level', 'varchar(12)', (c) => c.notNull()) // junior | intermediate | senior
    .addColumn('number', 'varchar(40)', (c) => c.notNull().unique())
    .addColumn('issued_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('imported_by_institution', 'integer', (c) => c.notNull().references('institutions.id'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('one_plus_x_holdings_learner_idx')
    .on('one_plus_x_holdings')
    .column('learner_id')
    .execute();

  await t('competitions')
    .addColumn('institution_id', 'integer', (c) => c.notNull().references('institutions.id'))
    .addColumn('name', 'varchar(120)', (c) => c.notNull())
    .addColumn('tier', 'varchar(20)', (c) => c.notNull()) // national | province | city_first | city | school
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('occupation_id', 'integer', (c) => c.notNull().references('occupations.id'))
    .addColumn('rules_json', 'text', (c) => c.notNull())
    .addColumn('participants', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();

  await t('enterprise_partnerships')
    .addColumn('enterprise_id', 'integer', (c) => c.notNull().references('institutions.id'))
    .addColumn('school_id', 'integer', (c) => c.notNull().references('institutions.id'))
    .addColumn('agreement', 'varchar(200)', (c) => c.notNull())
    .addColumn('valid_from', 'varchar(10)', (c) => c.notNull())
    .addColumn('valid_until', 'varchar(10)', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('enterprise_partnerships_uq', ['enterprise_id', 'school_id'])
    .execute();

  // one row per pathway decision: what was shown, who decided, which certificate followed
  await t('pathway_records')
    .addColumn('pathway', 'varchar(20)', (c) => c.notNull()) // recognition | process | competition | enterprise
    .addColumn('institution_id', 'integer', (c) => c.notNull().references('institutions.id'))
    .addColumn('learner_id', 'integer', (c) => c.notNull().references('learners.id'))
    .addColumn('occupation_id', 'integer', (c) => c.notNull().references('occupations.id'))
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('source_type', 'varchar(30)')
    .addColumn('source_id', 'integer')
    .addColumn('evidence_json', 'text', (c) => c.notNull())
    .addColumn('certificate_id', 'integer', (c) => c.references('certificates.id'))
    .addColumn('decided_by', 'integer', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('pathway_records_learner_idx')
    .on('pathway_records')
    .columns(['learner_id', 'pathway', 'year'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are frozen');
}
