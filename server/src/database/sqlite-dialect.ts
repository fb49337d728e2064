/**
 * Kysely's SQLite dialect, made fit for a server:
 * - a bounded cache of prepared statements (stock Kysely prepares every query anew and loses
 *   more than half the throughput, see shared/stack-notes.md);
 * - write transactions that `BEGIN IMMEDIATE`, so two writers never both read then deadlock on
 *   upgrade (SQLITE_BUSY mid-transaction), which matters when several processes share the file;
 * - a ROLLBACK after SQLite already rolled back by itself does not hide the error that caused it.
 */
import Database from 'better-sqlite3';
import {
  CompiledQuery,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDatabase,
  type SqliteStatement,
} from 'kysely';

export const STATEMENT_CACHE_SIZE = 500;

/** Wraps a better-sqlite3 database so `prepare` returns cached statements (LRU, bounded). */
export function withStatementCache(db: Database.Database, max = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => db.close(),
    prepare(sql: string): SqliteStatement {
      const hit = cache.get(sql);
      if (hit) {
        cache.delete(sql); // refresh LRU position
        cache.set(sql, hit);
        return hit;
      }
      const stmt = db.prepare(sql);
      const wrapped: SqliteStatement = {
        reader: stmt.reader,
        all: (p) => stmt.all(...(p as unknown[])) as unknown[],
        run: (p) => stmt.run(...(p as unknown[])),
        // an iterating statement is busy until exhausted: streams get their own statement
        iterate: (p) => db.prepare(sql).iterate(...(p as unknown[])) as IterableIterator<unknown>,
      };
      cache.set(sql, wrapped);
      if (cache.size > max) cache.delete(cache.keys().next().value as string);
      return wrapped;
    },
  };
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
  /**
   * SQLite rolls back by itself on some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_BUSY in a
   * statement); the ROLLBACK that follows then fails with "no transaction is active" and would
   * hide the real error. Nothing is left to roll back: the first error propagates.
   */
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await super.rollbackTransaction(connection);
    } catch (e) {
      if (!(e instanceof Error && /no transaction is active/.test(e.message))) throw e;
    }
  }
}

export class ServerSqliteDialect extends SqliteDialect {
  readonly #database: SqliteDatabase;
  constructor(database: SqliteDatabase) {
    super({ database });
    this.#database = database;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: this.#database });
  }
}

/** Pragmas the platform requires; start-up refuses to run unless each reads back as set. */
export const REQUIRED_PRAGMAS = { journal_mode: 'wal', synchronous: 2, foreign_keys: 1, busy_timeout: 10000 } as const;

/**
 * The server's connection to its SQLite file, with the rate-limit file attached (`rl`). Without
 * `rateLimits` (the import write thread's connection, jobs/spool-write.ts) nothing is attached:
 * `BEGIN IMMEDIATE` takes the write lock of every attached file, and a transaction of seconds
 * would hold up the server's rate-limit counters (a busy wait on the request thread).
 */
export function openSqlite(file: string, { rateLimits = true }: { rateLimits?: boolean } = {}): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${REQUIRED_PRAGMAS.busy_timeout}`);
  const readBack = {
    journal_mode: String(db.pragma('journal_mode', { simple: true })).toLowerCase(),
    synchronous: Number(db.pragma('synchronous', { simple: true })),
    foreign_keys: Number(db.pragma('foreign_keys', { simple: true })),
    busy_timeout: Number(db.pragma('busy_timeout', { simple: true })),
  };
  for (const [k, want] of Object.entries(REQUIRED_PRAGMAS)) {
    const got = readBack[k as keyof typeof readBack];
    if (got !== want) {
      db.close();
      throw new Error(
        `SQLite 设置未生效，拒绝启动：PRAGMA ${k} 读回 ${String(got)}，应为 ${String(want)}（数据库文件 ${file}）`,
      );
    }
  }
  if (!rateLimits) return db;
  // rate-limit counters are throwaway: they live in an attached file written without fsync
  db.prepare('attach database ? as rl').run(`${file}-ratelimit`);
  db.pragma('rl.journal_mode = WAL');
  db.pragma('rl.synchronous = OFF');
  db.exec(
    'create table if not exists rl.rate_limits (key text primary key, window_start integer not null, hits integer not null) without rowid',
  );
  // so are the free look-ups by ID number + name and the proof-of-work solutions already used (verification)
  db.exec(
    'create table if not exists rl.challenge_counts (key text primary key, window_start integer not null, hits integer not null) without rowid',
  );
  db.exec(
    'create table if not exists rl.spent_challenges (signature text primary key, expires_at integer not null) without rowid',
  );
  return db;
}

/**
 * The read path's connection (connection.ts `ReadSide`): read-only, on the file the server's own
 * connection opened in WAL mode, so it reads the last committed state while a writer's
 * transaction is open on the other connection, and never waits for it.
 */
export function openSqliteReader(file: string): Database.Database {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma(`busy_timeout = ${REQUIRED_PRAGMAS.busy_timeout}`);
  return db;
}
