/**
 * Frozen: SQLite drops the unique constraint `learners_identity_uq` over (id_type, id_number_enc)
 * that 0016 had to leave (SQLite cannot drop a table constraint, nor a column one names). It
 * guarded nothing — sealed values carry a random IV and never repeat; a person's identity is
 * unique by `learners_identity_hash_uq` over (id_type, id_number_hash) — but every new person
 * inserted a ~80-character random key into its B-tree: at 3.3 million people (the province-scale
 * generator) about a third of the load's writing thread (docs/PERFORMANCE.md, session 11).
 * PostgreSQL dropped it in 0016: nothing to do there.
 *
 * SQLite's way to change a table's constraints: with foreign keys off, in one transaction, create
 * the table anew (its own CREATE statement without the constraint), copy the rows, drop the old
 * table, rename the new one, create its indexes again, check the foreign keys, keep the
 * AUTOINCREMENT counter, commit, and turn foreign keys back on. The rows, ids and every other
 * index stay as they were.
 */
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../sql-helpers.js';

const CONSTRAINT = /,\s*constraint\s+"?learners_identity_uq"?\s+unique\s*\([^)]*\)/i;

export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') return;
  const table = (
    await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = 'learners'`.execute(db)
  ).rows[0]?.sql;
  if (!table || !CONSTRAINT.test(table)) return;
  const indexes = (
    await sql<{
      sql: string;
    }>`select sql from sqlite_master where type = 'index' and tbl_name = 'learners' and sql is not null`.execute(db)
  ).rows.map((r) => r.sql);
  const foreignKeys = Number(
    (await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db)).rows[0]?.foreign_keys ?? 0,
  );
  // SQLite ignores `foreign_keys` inside a transaction: set outside it (SQLite migrations run without one)
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await db.transaction().execute(async (t) => {
      const rebuilt = table
        .replace(CONSTRAINT, '')
        .replace(/^create\s+table\s+"?learners"?/i, 'create table "learners_rebuilt"');
      if (rebuilt === table || !/^create table "learners_rebuilt"/.test(rebuilt))
        throw new Error('0032: learners 的建表语句无法改写');
      const seq = (await sql<{ seq: number }>`select seq from sqlite_sequence where name = 'learners'`.execute(t))
        .rows[0]?.seq;
      await sql.raw(rebuilt).execute(t);
      await sql`insert into learners_rebuilt select * from learners`.execute(t);
      await sql`drop table learners`.execute(t);
      await sql`alter table learners_rebuilt rename to learners`.execute(t);
      for (const index of indexes) await sql.raw(index).execute(t);
      if (seq !== undefined) {
        await sql`delete from sqlite_sequence where name = 'learners'`.execute(t);
        await sql`insert into sqlite_sequence (name, seq) values ('learners', max(${seq}, coalesce((select max(id) from learners), 0)))`.execute(
          t,
        );
      }
      const broken = (await sql`pragma foreign_key_check`.execute(t)).rows;
      if (broken.length) throw new Error(`0032: 外键不完整（${broken.length} 行）`);
    });
  } finally {
    await sql.raw(`pragma foreign_keys = ${foreignKeys ? 'on' : 'off'}`).execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('migrations are frozen');
}
