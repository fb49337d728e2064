/**
 * Frozen: learners (people who are evaluated), skill certificates with their numbering counters
 * and status history (CERT-7, CERT-11, CERT-12).
 */
import type { Kysely } from 'kysely';
import { withIdColumn } from '../sql-helpers.js';

export async function up(db: Kysely<any>): Promise<void> {
  const t = (name: string) => withIdColumn(db, db.schema.createTable(name));

  await t('learners')
    .addColumn('name', 'varchar(40)', (c) => c.notNull())
    .addColumn('id_type', 'varchar(20)', (c) => c.notNull()) // resident_id | passport | hk_macao | taiwan
    .addColumn('id_number', 'varchar(30)', (c) => c.notNull())
    .addColumn('gender', 'varchar(10)')
    .addColumn('birth_date', 'varchar(10)')
    .addColumn('phone', 'varchar(20)')
    .addColumn('student_type', 'varchar(30)') // undergraduate | junior_college | secondary_vocational | technical | null
    .addColumn('school_institution_id', 'integer', (c) => c.references('institutions.id'))
    .addColumn('major', 'varchar(60)')
    .addColumn('graduation_year', 'integer')
    .addColumn('in_school', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('photo_sha256', 'varchar(64)')
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('learners_identity_uq', ['id_type', 'id_number'])
    .execute();
  await db.schema
    .createIndex('learners_school_idx')
    .on('learners')
    .columns(['school_institution_id', 'graduation_year'])
    .execute();
  await db.schema.createIndex('learners_user_idx').on('learners').column('user_id').execute();

  await db.schema
    .createTable('certificate_serials')
    .addColumn('filing_no', 'varchar(13)', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('last_serial', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('certificate_serials_pk', ['filing_no', 'year', 'level'])
    .execute();

  await t('certificates')
    .addColumn('number', 'varchar(22)', (c) => c.notNull().unique())
    .addColumn('kind', 'varchar(10)', (c) => c.notNull()) // skill (1+X certificates are kept apart, CERT-8)
    .addColumn('institution_id', 'integer', (c) => c.notNull().references('institutions.id'))
    .addColumn('learner_id', 'integer', (c) => c.notNull().references('learners.id'))
    .addColumn('occupation_id', 'integer', (c) => c.notNull().references('occupations.id'))
    .addColumn('work_type', 'varchar(60)')
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('pathway', 'varchar(20)', (c) => c.notNull()) // exam | recognition | process | competition | enterprise
    .addColumn('issued_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(12)', (c) => c.notNull()) // valid | suspended | revoked
    .addColumn('verify_code', 'varchar(16)', (c) => c.notNull())
    .addColumn('fee', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('source_type', 'varchar(30)')
    .addColumn('source_id', 'integer')
    // what the document carries, as issued (names may change later; the certificate does not)
    .addColumn('holder_name', 'varchar(40)', (c) => c.notNull())
    .addColumn('holder_id_type', 'varchar(20)', (c) => c.notNull())
    .addColumn('holder_id_number', 'varchar(30)', (c) => c.notNull())
    .addColumn('institution_name', 'varchar(120)', (c) => c.notNull())
    .addColumn('filing_no', 'varchar(13)', (c) => c.notNull())
    .addColumn('occupation_code', 'varchar(20)', (c) => c.notNull())
    .addColumn('occupation_name', 'varchar(60)', (c) => c.notNull())
    .addColumn('issued_by', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('certificates_learner_idx').on('certificates').column('learner_id').execute();
  await db.schema
    .createIndex('certificates_inst_idx')
    .on('certificates')
    .columns(['institution_id', 'issued_on'])
    .execute();
  await db.schema.createIndex('certificates_holder_idx').on('certificates').column('holder_id_number').execute();
  await db.schema
    .createIndex('certificates_person_occ_level_idx')
    .on('certificates')
    .columns(['learner_id', 'occupation_id', 'level'])
    .execute();

  await t('certificate_events')
    .addColumn('certificate_id', 'integer', (c) => c.notNull().references('certificates.id'))
    .addColumn('type', 'varchar(20)', (c) => c.notNull()) // issued | suspended | reinstated | revoked
    .addColumn('reason', 'varchar(1000)')
    .addColumn('evidence_sha256', 'varchar(64)')
    .addColumn('status_before', 'varchar(12)')
    .addColumn('status_after', 'varchar(12)')
    .addColumn('actor_id', 'integer')
    .addColumn('actor_name', 'varchar(64)')
    .addColumn('at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('certificate_events_cert_idx')
    .on('certificate_events')
    .column('certificate_id')
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are frozen');
}
