/** Frozen: eligibility decisions kept as a ledger (CERT-11): the registration row holds the current one only. */
import { sql, type Kysely } from 'kysely';
import { withIdColumn } from '../sql-helpers.js';

export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable('registration_decisions'))
    .addColumn('registration_id', 'integer', (c) => c.notNull().references('registrations.id'))
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('decision', 'varchar(10)', (c) => c.notNull())
    .addColumn('reason', 'varchar(500)')
    .addColumn('decided_by', 'integer')
    .addColumn('decided_by_name', 'varchar(40)')
    .addColumn('at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('registration_decisions_reg_idx')
    .on('registration_decisions')
    .column('registration_id')
    .execute();
  // decisions made before this ledger existed become its first entries
  await sql`insert into registration_decisions (registration_id, status, decision, reason, decided_by, decided_by_name, at)
    select id, status, decision, decision_reason, decided_by, null, coalesce(decided_at, created_at) from registrations`.execute(
    db,
  );
}

export async function down(): Promise<void> {
  throw new Error('migrations are frozen');
}
