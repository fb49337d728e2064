/**
 * What a backup records about a database and a restore checks again: its tables and their row
 * counts, the migrations applied, SQLite's own integrity checks, and the PostgreSQL facts
 * `pg_dump` needs (schema, server version, an exported snapshot).
 */
import { sql, type Kysely } from 'kysely';
import type BetterSqlite from 'better-sqlite3';
import { dialectOf } from './sql-helpers.js';

/**
 * The database's own tables: SQLite's main file (the attached rate-limit file is throwaway), or
 * PostgreSQL's current schema without its UNLOGGED tables (rate-limit counters, not backed up).
 */
export async function listTables(db: Kysely<any>): Promise<string[]> {
  if (dialectOf(db) === 'postgres') {
    const r = await sql<{ name: string }>`select c.relname as name from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind = 'r' and c.relpersistence = 'p'
      order by c.relname`.execute(db);
    return r.rows.map((x) => x.name);
  }
  const r = await sql<{ name: string }>`select name from main.sqlite_master
    where type = 'table' and name not like 'sqlite\\_%' escape '\\' order by name`.execute(db);
  return r.rows.map((x) => x.name);
}

/** Rows per table, in table-name order. */
export async function tableCounts(db: Kysely<any>): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of await listTables(db)) {
    const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(t)}`.execute(db);
    out[t] = Number(r.rows[0].n);
  }
  return out;
}

/** The migrations applied, in order (Kysely's bookkeeping table). */
export async function appliedMigrations(db: Kysely<any>): Promise<string[]> {
  const r = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return r.rows.map((x) => x.name);
}

/** SQLite's `integrity_check` and `foreign_key_check`: an empty list when the file is sound. */
export function sqliteProblems(raw: BetterSqlite.Database): string[] {
  const integrity = (raw.pragma('main.integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
  const problems = integrity.length === 1 && integrity[0] === 'ok' ? [] : integrity;
  const fk = raw.pragma('main.foreign_key_check') as { table: string; rowid: number; parent: string }[];
  for (const f of fk) problems.push(`外键不符：${f.table} 第 ${f.rowid} 行引用的 ${f.parent} 不存在`);
  return problems;
}

/** A consistent copy of a live SQLite database (readers and writers carry on meanwhile). */
export function sqliteSnapshotInto(raw: BetterSqlite.Database, file: string): void {
  raw.prepare('vacuum main into ?').run(file);
}

/** A single-file SQLite database (rollback journal), as a backup keeps it. */
export function sqliteSingleFile(raw: BetterSqlite.Database): void {
  raw.pragma('journal_mode = DELETE');
}

export async function currentSchema(db: Kysely<any>): Promise<string> {
  return (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0].s;
}

/** How many tables a PostgreSQL schema holds (0 when it does not exist). */
export async function tablesInSchema(db: Kysely<any>, schema: string): Promise<number> {
  const r = await sql<{ n: number | string }>`select count(*) as n from pg_class c
    join pg_namespace n on n.oid = c.relnamespace where n.nspname = ${schema} and c.relkind in ('r', 'p', 'v', 'S')`.execute(
    db,
  );
  return Number(r.rows[0].n);
}

export async function dropAndCreateSchema(db: Kysely<any>, schema: string, drop: boolean): Promise<void> {
  if (drop) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db);
  await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
}

/** The server's major version (e.g. 15). */
export async function pgServerMajor(db: Kysely<any>): Promise<{ major: number; version: string }> {
  const r = await sql<{ n: string; v: string }>`select current_setting('server_version_num') as n,
    current_setting('server_version') as v`.execute(db);
  return { major: Math.floor(Number(r.rows[0].n) / 10000), version: r.rows[0].v };
}

/** Exports the snapshot of a REPEATABLE READ transaction, for `pg_dump --snapshot`. */
export async function exportSnapshot(trx: Kysely<any>): Promise<string> {
  return (await sql<{ s: string }>`select pg_export_snapshot() as s`.execute(trx)).rows[0].s;
}
