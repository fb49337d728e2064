/**
 * Frozen: portable signed credentials — one Open Badges 3.0 credential per certificate (signed in
 * the background), and the signed Bitstring Status List credentials that publish revocation and
 * suspension.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('certificate_credentials')
    .addColumn('certificate_id', 'integer', (c) => c.primaryKey().references('certificates.id'))
    .addColumn('credential_json', 'text')
    .addColumn('kid', 'varchar(40)')
    .addColumn('claimed_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('signed_at', 'varchar(30)')
    .execute();
  await db.schema
    .createTable('status_list_credentials')
    .addColumn('list_id', 'integer', (c) => c.notNull())
    .addColumn('purpose', 'varchar(20)', (c) => c.notNull())
    .addColumn('credential_json', 'text', (c) => c.notNull())
    .addColumn('built_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('status_list_credentials_pk', ['list_id', 'purpose'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are frozen');
}
