/**
 * Opens the database named by DATABASE_URL: `postgres://…` → PostgreSQL, `sqlite:<file>` →
 * that SQLite file, empty → the embedded file `data/skillcert.db`.
 *
 * PostgreSQL can go away under a running server (a restart, a failover, an administrator
 * terminating backends, a network cut): every pooled client has an 'error' listener, so a lost
 * connection is reported, never an uncaught 'error' event; a connection that cannot be made
 * turns into `DatabaseUnavailableError` (answered 503) and marks the database down; the first
 * new connection that succeeds marks it up again. `health.check()` is the readiness check: a
 * fresh connection, not a pooled one.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { Kysely, SqliteDialect } from 'kysely';
import BetterSqliteDatabase from 'better-sqlite3';
import type { DB } from './schema.js';
import { openSqlite, ServerSqliteDialect, withStatementCache } from './sqlite-dialect.js';
import { ServerPostgresDialect } from './postgres-dialect.js';
import { classifyDatabaseError, DatabaseUnavailableError } from './failures.js';
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
  /** reachability: readiness for the health check, and events for the operator's log */
  health: DatabaseHealth;
  close(): Promise<void>;
}

export type DatabaseEvent =
  /** a connection could not be made: requests are answered 503 until one can */
  | { kind: 'down'; error: unknown }
  /** a new connection succeeded after `down` */
  | { kind: 'up'; downForMs: number }
  /** an established connection was lost (terminated, reset); the pool drops it and makes another */
  | { kind: 'connection-lost'; error: unknown };

export interface DatabaseHealth {
  /** false from a failed connection attempt until a new connection succeeds */
  readonly up: boolean;
  /** Readiness: does the database accept a new connection and answer a query now? Never throws. */
  check(timeoutMs?: number): Promise<boolean>;
  /** subscribes to state changes; returns the unsubscribe function */
  onEvent(listener: (e: DatabaseEvent) => void): () => void;
}

/** How long to wait for a new PostgreSQL connection (or a free pooled one) before answering 503. */
export const PG_CONNECT_TIMEOUT_MS = 5000;
const HEALTH_TIMEOUT_MS = 3000;
const PROBE_REUSE_MS = 1000;

class HealthState {
  up = true;
  #downSince = 0;
  readonly #listeners = new Set<(e: DatabaseEvent) => void>();
  onEvent = (listener: (e: DatabaseEvent) => void) => {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  };
  emit(e: DatabaseEvent) {
    for (const l of this.#listeners) {
      try {
        l(e);
      } catch {
        /* a listener's failure is not the database's */
      }
    }
  }
  markDown(error: unknown) {
    if (!this.up) return;
    this.up = false;
    this.#downSince = Date.now();
    this.emit({ kind: 'down', error });
  }
  markUp() {
    if (this.up) return;
    this.up = true;
    this.emit({ kind: 'up', downForMs: Date.now() - this.#downSince });
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('health check timed out')), ms);
      timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
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
  opts: { pgPoolSize?: number; searchPath?: string; connectTimeoutMs?: number } = {},
): Database {
  const { dialect, target } = parseDatabaseUrl(url, dataDir);
  if (dialect === 'sqlite') {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const raw = openSqlite(target);
    const db = new Kysely<DB>({ dialect: new ServerSqliteDialect(withStatementCache(raw)) });
    return {
      db,
      dialect,
      sqlite: raw,
      pool: null,
      description: target,
      health: sqliteHealth(raw),
      close: () => db.destroy(),
    };
  }
  const poolConfig: pg.PoolConfig = {
    connectionString: target,
    max: opts.pgPoolSize ?? 10,
    // seen in pg_stat_activity (a DATABASE_URL `?application_name=` wins)
    application_name: 'skillcert',
    // a database that does not answer is reported in seconds, not after the OS gives up
    connectionTimeoutMillis: opts.connectTimeoutMs ?? PG_CONNECT_TIMEOUT_MS,
    // a peer that vanished without a FIN (failover, network cut) is found by TCP keepalive
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    ...(opts.searchPath ? { options: `-c search_path=${opts.searchPath}` } : {}),
  };
  const pool = new pg.Pool(poolConfig);
  const state = new HealthState();
  const reported = new WeakSet<pg.Client>();
  pool.on('connect', (client) => {
    state.markUp();
    // a pooled client whose connection dies emits 'error', checked out or idle: without a
    // listener that event is uncaught and ends the process
    client.on('error', (error) => {
      if (reported.has(client)) return;
      reported.add(client);
      state.emit({ kind: 'connection-lost', error });
    });
  });
  // pg-pool re-emits an idle client's error on the pool; the client's own listener reported it
  pool.on('error', () => undefined);
  // Kysely gets connections through here: a connection that cannot be made means the database is down
  const connect = async () => {
    try {
      return await pool.connect();
    } catch (e) {
      // every pooled connection busy past the timeout is load, not an outage; a closed pool is shutdown
      if (pool.ending || classifyDatabaseError(e) === 'busy') throw e;
      state.markDown(e);
      throw new DatabaseUnavailableError(e);
    }
  };
  const db = new Kysely<DB>({ dialect: new ServerPostgresDialect({ pool: { connect, end: () => pool.end() } }) });
  /**
   * Readiness is a connection of its own, outside the pool: idle pooled connections can outlive a
   * database that refuses new ones (restarting, failing over, at max_connections), and a pool
   * ping would then say ready while every request that needs one more connection fails. One
   * probe serves every caller within PROBE_REUSE_MS (load balancers poll every few seconds).
   */
  const probe = async (timeoutMs: number) => {
    const client = new pg.Client({ ...poolConfig, connectionTimeoutMillis: timeoutMs });
    client.on('error', () => undefined);
    try {
      await withTimeout(
        client.connect().then(() => client.query('select 1')),
        timeoutMs,
      );
      state.markUp();
      return true;
    } catch (e) {
      state.markDown(e);
      return false;
    } finally {
      client.end().catch(() => undefined);
    }
  };
  let lastProbe: { at: number; ready: Promise<boolean>; upWhenTaken: boolean } | null = null;
  const health: DatabaseHealth = {
    get up() {
      return state.up;
    },
    check: (timeoutMs = HEALTH_TIMEOUT_MS) => {
      const now = Date.now();
      // a request that has since failed to connect makes the last answer stale at once: readiness
      // never says ready from a probe taken before the database went away
      const stale = !lastProbe || now - lastProbe.at > PROBE_REUSE_MS || (lastProbe.upWhenTaken && !state.up);
      if (stale) lastProbe = { at: now, ready: probe(timeoutMs), upWhenTaken: state.up };
      return lastProbe!.ready;
    },
    onEvent: state.onEvent,
  };
  return {
    db,
    dialect,
    sqlite: null,
    pool,
    description: target.replace(/:[^:@/]*@/, ':***@'),
    health,
    close: () => db.destroy(),
  };
}

/** A local file: it answers or it does not (a lock does not stop reads under WAL). */
function sqliteHealth(raw: BetterSqlite.Database): DatabaseHealth {
  const state = new HealthState();
  return {
    get up() {
      return state.up;
    },
    check: async () => {
      try {
        raw.prepare('select 1').get();
        return true;
      } catch {
        return false;
      }
    },
    onEvent: state.onEvent,
  };
}

/**
 * A SQLite file as it is, without the server's settings (WAL, the attached rate-limit file): a
 * backup's copy being checked or prepared.
 */
export function openSqliteFile(file: string): Database {
  const raw = new BetterSqliteDatabase(file, { fileMustExist: true });
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: raw }) });
  return {
    db,
    dialect: 'sqlite',
    sqlite: raw,
    pool: null,
    description: file,
    health: sqliteHealth(raw),
    close: () => db.destroy(),
  };
}
