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
  SelectQueryNode,
  SqliteDialect,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
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
      const wrapped: SqliteStatement & { readonly: boolean } = {
        reader: stmt.reader,
        // whether it leaves the database as it is (the driver lets reads by while another connection writes)
        readonly: stmt.readonly,
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

/**
 * The server's one SQLite connection, as Kysely's own driver runs it (one connection, a mutex
 * around each use), with three changes:
 * - write transactions `BEGIN IMMEDIATE`;
 * - a ROLLBACK after SQLite already rolled back by itself (SQLITE_FULL, SQLITE_IOERR, SQLITE_BUSY
 *   in a statement) does not hide the error that caused it: nothing is left to roll back;
 * - while another connection writes a long transaction (`whileWritingElsewhere`: an import on the
 *   write thread, jobs/spool-write.ts), this connection's writes — a transaction's BEGIN, a
 *   statement that changes the database outside one — wait for it without holding the mutex, so
 *   reads (a signed-in user's session, the pages they browse) go on meanwhile, and no writer here
 *   meets the other's lock (which would busy-wait on the request thread).
 */
class ServerSqliteDriver implements Driver {
  readonly #raw: Database.Database;
  readonly #connection: ServerSqliteConnection;
  #lock: Promise<void> | null = null;
  #unlock: (() => void) | null = null;
  /** settles when the other connection's transaction has ended */
  #elsewhere: Promise<unknown> | null = null;

  constructor(raw: Database.Database, database: SqliteDatabase) {
    this.#raw = raw;
    this.#connection = new ServerSqliteConnection(database, raw, () => this.#writable());
  }
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    while (this.#lock) await this.#lock;
    this.#lock = new Promise((r) => (this.#unlock = r));
    return this.#connection;
  }
  async releaseConnection(): Promise<void> {
    const unlock = this.#unlock;
    this.#lock = this.#unlock = null;
    unlock?.();
  }
  /** holding the connection: waits, with the connection let go, until no other connection writes */
  async #writable(): Promise<void> {
    while (this.#elsewhere) {
      const elsewhere = this.#elsewhere;
      await this.releaseConnection();
      await elsewhere.catch(() => undefined);
      await this.acquireConnection();
    }
  }
  /**
   * Runs `work` (another connection's write transaction) once no transaction of this connection
   * is open; this connection's writes wait until it ends, its reads go on.
   */
  async whileWritingElsewhere<T>(work: () => Promise<T>): Promise<T> {
    await this.acquireConnection();
    // after any other connection's transaction (another import's) has ended
    await this.#writable();
    // the connection is ours and idle: nothing of this thread is writing
    const done = (async () => work())();
    this.#elsewhere = done;
    await this.releaseConnection();
    try {
      return await done;
    } finally {
      if (this.#elsewhere === done) this.#elsewhere = null;
    }
  }
  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    // `BEGIN IMMEDIATE` is itself a changing statement (not `readonly`): it waits in `executeQuery`
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (!this.#raw.inTransaction) return;
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }
  async destroy(): Promise<void> {
    this.#raw.close();
  }
}

class ServerSqliteConnection implements DatabaseConnection {
  constructor(
    private readonly database: SqliteDatabase,
    private readonly raw: Database.Database,
    private readonly writable: () => Promise<void>,
  ) {}
  async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    const stmt = this.database.prepare(q.sql) as SqliteStatement & { readonly?: boolean };
    // a change outside a transaction (a transaction's `BEGIN IMMEDIATE` among them) waits while
    // another connection writes; inside one, this connection already holds the write lock
    if (stmt.readonly === false && !this.raw.inTransaction) await this.writable();
    if (stmt.reader) return { rows: stmt.all(q.parameters) as R[] };
    const { changes, lastInsertRowid } = stmt.run(q.parameters);
    return {
      numAffectedRows: changes !== undefined && changes !== null ? BigInt(changes) : undefined,
      insertId: lastInsertRowid !== undefined && lastInsertRowid !== null ? BigInt(lastInsertRowid) : undefined,
      rows: [],
    };
  }
  async *streamQuery<R>(q: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(q.query)) throw new Error('Sqlite driver only supports streaming of select queries');
    for (const row of this.database.prepare(q.sql).iterate(q.parameters)) yield { rows: [row as R] };
  }
}

export class ServerSqliteDialect extends SqliteDialect {
  readonly #driver: ServerSqliteDriver;
  constructor(raw: Database.Database, database: SqliteDatabase = withStatementCache(raw)) {
    super({ database });
    this.#driver = new ServerSqliteDriver(raw, database);
  }
  override createDriver(): Driver {
    return this.#driver;
  }
  /** see `ServerSqliteDriver.whileWritingElsewhere` */
  whileWritingElsewhere<T>(work: () => Promise<T>): Promise<T> {
    return this.#driver.whileWritingElsewhere(work);
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
