/**
 * Frozen: 企校合作 agreements with their workflow (CERT-6) and 1+X holdings recorded with their
 * issuing organisation and evidence, used once (CERT-3).
 *
 * An agreement is now proposed by the enterprise and accepted (or declined) by the school, then
 * recorded with the enterprise's filing authority; a pair may sign again after one ends, so the
 * one-row-per-pair table of 0005 gives way to `partnerships`, one row per agreement. The agreements
 * registered before were never accepted by their school: they are carried over as proposals
 * awaiting that acceptance, and the records and certificates that cite them follow their new ids.
 */
import { sql, type Kysely } from 'kysely';
import { withIdColumn } from '../sql-helpers.js';

export async function up(db: Kysely<any>): Promise<void> {
  const ts = 'varchar(30)';
  await withIdColumn(db, db.schema.createTable('partnerships'))
    .addColumn('enterprise_id', 'integer', (c) => c.notNull().references('institutions.id'))
    .addColumn('school_id', 'integer', (c) => c.notNull().references('institutions.id'))
    .addColumn('agreement', 'varchar(200)', (c) => c.notNull())
    .addColumn('valid_from', 'varchar(10)', (c) => c.notNull())
    .addColumn('valid_until', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(12)', (c) => c.notNull()) // proposed | accepted | declined | withdrawn | ended
    .addColumn('proposed_by', 'integer', (c) => c.notNull())
    .addColumn('proposed_at', ts, (c) => c.notNull())
    .addColumn('decided_by', 'integer')
    .addColumn('decided_at', ts)
    .addColumn('decision_reason', 'varchar(500)')
    // the enterprise's filing authority the accepted agreement is recorded with (INST-2 department + region)
    .addColumn('recorded_department', 'varchar(20)')
    .addColumn('recorded_region_code', 'varchar(12)')
    .addColumn('ended_by', 'integer')
    .addColumn('ended_at', ts)
    .addColumn('end_reason', 'varchar(500)')
    .execute();
  await db.schema
    .createIndex('partnerships_pair_idx')
    .on('partnerships')
    .columns(['enterprise_id', 'school_id'])
    .execute();
  await db.schema.createIndex('partnerships_school_idx').on('partnerships').column('school_id').execute();
  await sql`insert into partnerships (enterprise_id, school_id, agreement, valid_from, valid_until, status, proposed_by, proposed_at)
    select enterprise_id, school_id, agreement, valid_from, valid_until, 'proposed', created_by, created_at
    from enterprise_partnerships order by id`.execute(db);
  // (enterprise, school) was unique in the old table, so it maps each old id to its new one
  for (const table of ['pathway_records', 'certificates'])
    await sql`update ${sql.table(table)} set source_id = (
        select n.id from partnerships n
        join enterprise_partnerships o on o.enterprise_id = n.enterprise_id and o.school_id = n.school_id
        where o.id = ${sql.ref(`${table}.source_id`)})
      where source_type = 'partnership'`.execute(db);
  await db.schema.dropTable('enterprise_partnerships').execute();

  const holdings = () => db.schema.alterTable('one_plus_x_holdings');
  // the 1+X training-and-evaluation organisation that issued it, as catalogued when recorded
  await holdings().addColumn('organisation', 'varchar(120)').execute();
  // the scan of the certificate, a stored file (files module), with its name, type and size
  await holdings().addColumn('evidence_sha256', 'varchar(64)').execute();
  await holdings().addColumn('evidence_file_name', 'varchar(200)').execute();
  await holdings().addColumn('evidence_mime', 'varchar(40)').execute();
  await holdings().addColumn('evidence_size', 'integer').execute();
  await holdings().addColumn('recorded_by', 'integer').execute();
  // set once, when the holding is used for a direct recognition: a holding is used once
  await holdings().addColumn('recognised_at', ts).execute();
  await sql`update one_plus_x_holdings set recognised_at = (
      select min(r.created_at) from pathway_records r
      where r.source_type = 'one_plus_x_holding' and r.source_id = one_plus_x_holdings.id)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are frozen');
}
