/**
 * Frozen: public verification — a seal (Ed25519 signature) on every certificate, the public keys
 * that verify them (rotation keeps old ones), and rate-limit counters. On PostgreSQL the counters
 * are an UNLOGGED table (shared by every app server, no WAL cost); on SQLite they live in an
 * attached file written without fsync (sqlite-dialect.ts).
 */
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../sql-helpers.js';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('certificates').addColumn('seal', 'text').execute();
  await db.schema.alterTable('certificates').addColumn('seal_kid', 'varchar(40)').execute();
  await db.schema
    .createTable('signing_keys')
    .addColumn('kid', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('algorithm', 'varchar(20)', (c) => c.notNull())
    .addColumn('public_key_pem', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('retired_at', 'varchar(30)')
    .execute();
  // SQLite keeps them in an attached, unsynchronised file (sqlite-dialect.ts)
  if (dialectOf(db) === 'postgres') {
    await sql`create unlogged table rate_limits (key varchar(120) primary key, window_start integer not null, hits integer not null)`.execute(
      db,
    );
  }
}

export async function down(): Promise<void> {
  throw new Error('migrations are frozen');
}
