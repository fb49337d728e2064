/**
 * Opens the database named by DATABASE_URL: `postgres://…` → PostgreSQL, `sqlite:<file>` →
 * that SQLite file, empty → the embedded file `data/skillcert.db`.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import BetterSqliteDatabase from 'better-sqlite3';
import type { DB } from './schema.js';
import { openSqlite, ServerSqliteDialect, withStatementCache } from './sqlite-dialect.js';
import type BetterSqlite from 'better-sqlite3';

export type DialectName = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  dialect: DialectName;
  /** the raw better-sqlite3 handle (SQLite only), for hot-path prepared statements behind query files */
  sqlite: BetterSqlite.Database | null;
  /** the pg pool (PostgreSQL only) */
  pool: pg.Pool | null;
  /** where it lives, with any password removed */
  description: string;
  close(): Promise<void>;
}

// count(*) and bigint come back from pg as strings; our ids and counts fit in a JS number.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export function parseDatabaseUrl(url: string, dataDir: string): { dialect: DialectName; target: string } {
  if (!url) return { dialect: 'sqlite', target: path.join(dataDir, 'skillcert.db') };
  if (/^postgres(ql)?:\/\//.test(url)) return { dialect: 'postgres', target: url };
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!file) throw new Error('DATABASE_URL=sqlite: 后须写数据库文件路径，例如 sqlite:data/other.db');
    return { dialect: 'sqlite', target: path.resolve(file) };
  }
  throw new Error(
    `无法识别的 DATABASE_URL："${url.replace(/:[^:@/]*@/, ':***@')}"，应为 postgres://… 或 sqlite:<文件>`,
  );
}

export function openDatabase(
  url: string,
  dataDir: string,
  opts: { pgPoolSize?: number; searchPath?: string } = {},
): Database {
  const { dialect, target } = parseDatabaseUrl(url, dataDir);
  if (dialect === 'sqlite') {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const raw = openSqlite(target);
    const db = new Kysely<DB>({ dialect: new ServerSqliteDialect(withStatementCache(raw)) });
    return { db, dialect, sqlite: raw, pool: null, description: target, close: () => db.destroy() };
  }
  const pool = new pg.Pool({
    connectionString: target,
    max: opts.pgPoolSize ?? 10,
    ...(opts.searchPath ? { options: `-c search_path=${opts.searchPath}` } : {}),
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect,
    sqlite: null,
    pool,
    description: target.replace(/:[^:@/]*@/, ':***@'),
    close: () => db.destroy(),
  };
}

/**
 * A SQLite file as it is, without the server's settings (WAL, the attached rate-limit file): a
 * backup's copy being checked or prepared.
 */
export function openSqliteFile(file: string): Database {
  const raw = new BetterSqliteDatabase(file, { fileMustExist: true });
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: raw }) });
  return { db, dialect: 'sqlite', sqlite: raw, pool: null, description: file, close: () => db.destroy() };
}
