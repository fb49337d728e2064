/**
 * Frozen: the proof-of-work challenge asked of public look-ups by ID number + name — the free
 * look-ups counted per client and window, and the solutions already used (each passes once). Both
 * are throwaway like the rate limits: on PostgreSQL UNLOGGED tables shared by every app server; on
 * SQLite they live in the attached file written without fsync (sqlite-dialect.ts).
 */
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../sql-helpers.js';

export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  await sql`create unlogged table challenge_counts (key varchar(120) primary key, window_start integer not null, hits integer not null)`.execute(
    db,
  );
  await sql`create unlogged table spent_challenges (signature varchar(128) primary key, expires_at bigint not null)`.execute(
    db,
  );
  await sql`create index spent_challenges_expires on spent_challenges (expires_at)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are frozen');
}
