/**
 * Frozen: evaluation institutions (INST-1..8) — filing numbers and validity, the filing workflow
 * with its timeline, prerequisites with evidence files, scopes, staff, evaluation
 * specifications, dynamic management events and credit.
 */
import { sql, type Kysely } from 'kysely';
import { dialectOf, withIdColumn } from '../sql-helpers.js';

export async function up(db: Kysely<any>): Promise<void> {
  const blob = dialectOf(db) === 'postgres' ? 'bytea' : 'blob';
  const t = (name: string) => withIdColumn(db, db.schema.createTable(name));

  const inst = () => db.schema.alterTable('institutions');
  await inst().addColumn('filing_no', 'varchar(13)').execute();
  await inst()
    .addColumn('status', 'varchar(20)', (c) => c.notNull().defaultTo('unfiled'))
    .execute();
  await inst().addColumn('filed_at', 'varchar(30)').execute();
  await inst().addColumn('valid_until', 'varchar(10)').execute();
  await inst().addColumn('rectification_deadline', 'varchar(10)').execute();
  await inst().addColumn('credit_code', 'varchar(18)').execute();
  await inst().addColumn('contact_name', 'varchar(40)').execute();
  await inst().addColumn('contact_phone', 'varchar(20)').execute();
  await inst().addColumn('address', 'varchar(200)').execute();
  await db.schema.createIndex('institutions_filing_no_uq').on('institutions').column('filing_no').unique().execute();
  await db.schema.createIndex('institutions_status_idx').on('institutions').column('status').execute();

  // site serials (8–13th characters of the filing number), one counter per province
  await db.schema
    .createTable('filing_serials')
    .addColumn('province_code', 'varchar(2)', (c) => c.primaryKey())
    .addColumn('last_serial', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .alterTable('occupations')
    .addColumn('has_national_standard', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await t('filing_applications')
    .addColumn('institution_id', 'integer', (c) => c.notNull().references('institutions.id'))
    .addColumn('kind', 'varchar(20)', (c) => c.notNull()) // initial | scope_extension
    .addColumn('status', 'varchar(20)', (c) => c.notNull()) // draft | submitted | recommended | returned | filed | rejected | withdrawn
    .addColumn('stage', 'varchar(10)', (c) => c.notNull()) // education | hrss | done
    .addColumn('review_department', 'varchar(20)') // e.g. province_edu / city_edu
    .addColumn('review_region_code', 'varchar(6)')
    .addColumn('filing_department', 'varchar(20)', (c) => c.notNull())
    .addColumn('filing_region_code', 'varchar(6)', (c) => c.notNull())
    .addColumn('note', 'varchar(500)')
    .addColumn('created_by', 'integer', (c) => c.notNull())
    .addColumn('submitted_by', 'integer')
    .addColumn('submitted_at', 'varchar(30)')
    .addColumn('decided_at', 'varchar(30)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('filing_app_inst_idx').on('filing_applications').column('institution_id').execute();
  await db.schema.createIndex('filing_app_queue_idx').on('filing_applications').columns(['status', 'stage']).execute();

  await t('filing_application_scopes')
    .addColumn('application_id', 'integer', (c) => c.notNull().references('filing_applications.id'))
    .addColumn('occupation_id', 'integer', (c) => c.notNull().references('occupations.id'))
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('spec_id', 'integer')
    .addUniqueConstraint('filing_app_scope_uq', ['application_id', 'occupation_id', 'level'])
    .execute();

  await t('filing_steps')
    .addColumn('application_id', 'integer', (c) => c.notNull().references('filing_applications.id'))
    .addColumn('action', 'varchar(30)', (c) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('actor_name', 'varchar(64)')
    .addColumn('actor_role', 'varchar(30)')
    .addColumn('department', 'varchar(60)')
    .addColumn('reason', 'varchar(1000)')
    .addColumn('detail_json', 'text')
    .addColumn('at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('filing_steps_app_idx').on('filing_steps').column('application_id').execute();

  await t('evidence_blobs')
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('content', sql.raw(blob), (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .execute();

  await t('prerequisite_evidence')
    .addColumn('institution_id', 'integer', (c) => c.notNull().references('institutions.id'))
    .addColumn('item', 'varchar(40)', (c) => c.notNull())
    .addColumn('occupation_id', 'integer')
    .addColumn('description', 'varchar(500)')
    .addColumn('file_name', 'varchar(200)')
    .addColumn('mime', 'varchar(60)')
    .addColumn('size', 'integer')
    .addColumn('sha256', 'varchar(64)')
    .addColumn('uploaded_by', 'integer', (c) => c.notNull())
    .addColumn('uploaded_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('removed_at', 'varchar(30)')
    .execute();
  await db.schema
    .createIndex('prereq_inst_idx')
    .on('prerequisite_evidence')
    .columns(['institution_id', 'item'])
    .execute();

  await t('institution_scopes')
    .addColumn('institution_id', 'integer', (c) => c.notNull().references('institutions.id'))
    .addColumn('occupation_id', 'integer', (c) => c.notNull().references('occupations.id'))
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('spec_id', 'integer')
    .addColumn('application_id', 'integer', (c) => c.notNull())
    .addColumn('granted_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('institution_scope_uq', ['institution_id', 'occupation_id', 'level'])
    .execute();
  await db.schema
    .createIndex('institution_scopes_occ_idx')
    .on('institution_scopes')
    .columns(['occupation_id', 'level'])
    .execute();

  await t('staff')
    .addColumn('kind', 'varchar(20)', (c) => c.notNull()) // examiner | senior_examiner | quality_supervisor | expert
    .addColumn('institution_id', 'integer', (c) => c.references('institutions.id'))
    .addColumn('region_code', 'varchar(6)', (c) => c.notNull().references('regions.code'))
    .addColumn('name', 'varchar(40)', (c) => c.notNull())
    .addColumn('supervisor_type', 'varchar(10)') // internal | external
    .addColumn('card_no', 'varchar(20)')
    .addColumn('qualification', 'varchar(200)')
    .addColumn('phone', 'varchar(20)')
    .addColumn('status', 'varchar(20)', (c) => c.notNull().defaultTo('active')) // active | disqualified
    .addColumn('disqualified_reason', 'varchar(500)')
    .addColumn('disqualified_at', 'varchar(30)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('staff_inst_idx').on('staff').column('institution_id').execute();
  await db.schema.createIndex('staff_card_uq').on('staff').column('card_no').unique().execute();

  await t('staff_occupations')
    .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff.id'))
    .addColumn('occupation_id', 'integer', (c) => c.notNull().references('occupations.id'))
    .addUniqueConstraint('staff_occ_uq', ['staff_id', 'occupation_id'])
    .execute();

  await t('staff_assignments')
    .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff.id'))
    .addColumn('work_type', 'varchar(30)', (c) => c.notNull())
    .addColumn('ref_type', 'varchar(30)', (c) => c.notNull())
    .addColumn('ref_id', 'integer', (c) => c.notNull())
    .addColumn('assigned_by', 'integer', (c) => c.notNull())
    .addColumn('assigned_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('staff_assign_staff_idx').on('staff_assignments').column('staff_id').execute();

  await t('evaluation_specs')
    .addColumn('institution_id', 'integer', (c) => c.notNull().references('institutions.id'))
    .addColumn('occupation_id', 'integer', (c) => c.notNull().references('occupations.id'))
    .addColumn('title', 'varchar(120)', (c) => c.notNull())
    .addColumn('levels', 'varchar(20)', (c) => c.notNull()) // e.g. "5,4,3"
    .addColumn('status', 'varchar(20)', (c) => c.notNull()) // draft | under_review | filed | rejected
    .addColumn('filed_by', 'integer')
    .addColumn('filed_at', 'varchar(30)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();

  await t('spec_reviews')
    .addColumn('spec_id', 'integer', (c) => c.notNull().references('evaluation_specs.id'))
    .addColumn('expert_id', 'integer', (c) => c.notNull().references('staff.id'))
    .addColumn('opinion', 'varchar(10)', (c) => c.notNull()) // agree | disagree
    .addColumn('comment', 'varchar(1000)')
    .addColumn('recorded_by', 'integer', (c) => c.notNull())
    .addColumn('at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('spec_review_uq', ['spec_id', 'expert_id'])
    .execute();

  await t('institution_events')
    .addColumn('institution_id', 'integer', (c) => c.notNull().references('institutions.id'))
    .addColumn('type', 'varchar(30)', (c) => c.notNull())
    .addColumn('reason', 'varchar(1000)')
    .addColumn('deadline', 'varchar(10)')
    .addColumn('status_before', 'varchar(20)')
    .addColumn('status_after', 'varchar(20)')
    .addColumn('actor_id', 'integer')
    .addColumn('actor_name', 'varchar(64)')
    .addColumn('at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('institution_events_inst_idx')
    .on('institution_events')
    .columns(['institution_id', 'at'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are frozen');
}
