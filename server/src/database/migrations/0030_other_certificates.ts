/**
 * Frozen: certificates other than the platform's skill-level ones that training and coverage count
 * (seed 002 二（二）“职业资格证书、职业技能等级证书、特种作业操作证书、专项职业能力证书”): the
 * 国家职业资格证书 (levels 1–5), the 专项职业能力证书 and the 特种作业操作证 (no level), each as a
 * record the platform holds — issued outside the platform's evaluation chain, entered by the HRSS
 * department that holds the record (certificates/other-certificates.service.ts states the reading).
 *
 * Also: a training claim is reviewed by the HRSS of the place where the class is held (TRAIN-13,
 * seed 002 “向培训所在地人力资源社会保障局报备同意并接受监管”), so a claim records that region; and a
 * claim line may rest on one of these certificates.
 */
import type { Kysely } from 'kysely';
import { withIdColumn } from '../sql-helpers.js';

export async function up(db: Kysely<any>): Promise<void> {
  const ts = 'varchar(30)';
  const day = 'varchar(10)';

  await withIdColumn(db, db.schema.createTable('other_certificates'))
    // qualification | special_ability | special_operation
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('learner_id', 'integer', (c) => c.notNull().references('learners.id'))
    .addColumn('occupation_id', 'integer', (c) => c.notNull().references('occupations.id'))
    // the item (专项职业能力考核项目) or operation class (作业类别) as printed; null: the occupation's name
    .addColumn('item', 'varchar(100)')
    // 1–5 for a 国家职业资格证书; null for the kinds without levels
    .addColumn('level', 'integer')
    .addColumn('number', 'varchar(60)', (c) => c.notNull())
    .addColumn('issued_on', day, (c) => c.notNull())
    .addColumn('issuing_body', 'varchar(100)', (c) => c.notNull())
    // the recording HRSS department's region: the record's scope
    .addColumn('region_code', 'varchar(12)', (c) => c.notNull())
    // valid | revoked
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('revoked_on', day)
    .addColumn('revoke_reason', 'varchar(500)')
    .addColumn('recorded_by', 'integer')
    .addColumn('recorded_by_name', 'varchar(40)')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('other_certificates_number_uq')
    .on('other_certificates')
    .columns(['kind', 'number'])
    .unique()
    .execute();
  await db.schema
    .createIndex('other_certificates_learner_idx')
    .on('other_certificates')
    .columns(['learner_id', 'occupation_id'])
    .execute();
  await db.schema.createIndex('other_certificates_region_idx').on('other_certificates').column('region_code').execute();

  await db.schema.alterTable('subsidy_claims').addColumn('review_region_code', 'varchar(12)').execute();
  await db.schema.alterTable('subsidy_claim_lines').addColumn('other_certificate_id', 'integer').execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are frozen');
}
