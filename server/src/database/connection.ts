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
 *
 * Reads that tolerate bounded staleness (public verification, the public catalog, the
 * dashboards) go through `database.read` (see `ReadSide`), never waiting behind the writers:
 * on SQLite a read-only connection of its own on the same file (WAL: it sees every committed
 * transaction and never queues behind a writer's open one); on PostgreSQL a small pool of its own
 * on the standby (DATABASE_READ_URL) while it lags at most READ_MAX_STALENESS_SECONDS, else on the
 * primary (a pool reserved for these reads, so connections held by imports never delay them).
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { Kysely, SqliteDialect } from 'kysely';
import BetterSqliteDatabase from 'better-sqlite3';
import type { DB } from './schema.js';
import { openSqlite, openSqliteReader, ServerSqliteDialect, withStatementCache } from './sqlite-dialect.js';
import { startWalCheckpointer, type CheckpointStats } from './wal-checkpointer.js';
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
  /**
   * how it was opened (`openDatabase`'s URL, as given, and options), so another thread can open
   * its own connection to the same database (the import write thread, jobs/spool-write.ts)
   */
  opened: { url: string; options: OpenOptions };
  /**
   * Runs `work`, a write transaction on another connection to this database (the import write
   * thread), once none of this connection's is open. SQLite has one writer: meanwhile this
   * connection's writes wait (without holding it up for reads); PostgreSQL takes both at once.
   */
  whileWritingElsewhere<T>(work: () => Promise<T>): Promise<T>;
  /** reachability: readiness for the health check, and events for the operator's log */
  health: DatabaseHealth;
  /** SQLite with the checkpoint thread (`checkpointThread`): its figures so far; otherwise absent */
  checkpoints?: (() => CheckpointStats) | null;
  /** the read path for reads that tolerate bounded staleness (opened on first use); never written through */
  readonly read: ReadSide;
  close(): Promise<void>;
}

/**
 * Where reads that tolerate bounded staleness go: public verification (all its look-ups), the
 * public catalog, the dashboards. Writes never do (the SQLite connection is read-only; a
 * PostgreSQL standby refuses them).
 */
export interface ReadSide {
  db: Kysely<DB>;
  /** SQLite: the read-only better-sqlite3 handle, for the hot path's prepared statements */
  sqlite: BetterSqlite.Database | null;
  /** PostgreSQL: one query on a read connection (named prepared statements welcome); SQLite: unused */
  query<R extends pg.QueryResultRow>(q: pg.QueryConfig): Promise<pg.QueryResult<R>>;
  /** where reads go now: the standby, the primary (the reserved pool), or the SQLite file */
  readonly source: 'standby' | 'primary' | 'file';
  /**
   * PostgreSQL with a standby: replaces the lag reading (seconds behind the primary; tests inject
   * one) and forgets the last sample, so the next read samples anew.
   */
  setLagProbe(probe: (() => Promise<number>) | null): void;
}

export type DatabaseEvent =
  /** a connection could not be made: requests are answered 503 until one can */
  | { kind: 'down'; error: unknown }
  /** a new connection succeeded after `down` */
  | { kind: 'up'; downForMs: number }
  /** an established connection was lost (terminated, reset); the pool drops it and makes another */
  | { kind: 'connection-lost'; error: unknown }
  /** reads that tolerate staleness left the standby for the primary (lagging, unreachable) */
  | { kind: 'reads-on-primary'; reason: string; error?: unknown }
  /** and came back to the standby */
  | { kind: 'reads-on-standby'; lagSeconds: number }
  /**
   * SQLite: the checkpoint thread (wal-checkpointer.ts) could not checkpoint, or stopped
   * (`stopped`: commits checkpoint the log themselves again)
   */
  | { kind: 'checkpoint-problem'; message: string; stopped: boolean; error?: unknown };

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
/** The read path's defaults (config: READ_POOL_SIZE, READ_MAX_STALENESS_SECONDS). */
export const READ_POOL_SIZE = 4;
export const READ_MAX_STALENESS_SECONDS = 5;
/** how often the standby's lag is read, at most (on demand, never per request) */
const LAG_SAMPLE_MS = 1000;
/** a standby that does not answer within this is passed over for the primary */
const STANDBY_CONNECT_TIMEOUT_MS = 1000;

export interface OpenOptions {
  pgPoolSize?: number;
  searchPath?: string;
  connectTimeoutMs?: number;
  /** PostgreSQL: the standby for reads that tolerate staleness (DATABASE_READ_URL); none: the primary */
  readUrl?: string;
  /** PostgreSQL: connections of each read pool (standby, reserved primary) */
  readPoolSize?: number;
  /** PostgreSQL: a standby further behind than this is passed over for the primary */
  readMaxStalenessSeconds?: number;
  /**
   * SQLite: checkpoint the write-ahead log from a thread of its own (wal-checkpointer.ts) instead
   * of in the commit that fills it — the server's setting; scripts leave SQLite's default
   */
  checkpointThread?: boolean;
  /**
   * SQLite: attach the rate-limit file (default); the import write thread's connection does not
   * (sqlite-dialect.ts `openSqlite`)
   */
  rateLimits?: boolean;
}

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

export function openDatabase(url: string, dataDir: string, opts: OpenOptions = {}): Database {
  const { dialect, target } = parseDatabaseUrl(url, dataDir);
  if (dialect === 'sqlite') {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const raw = openSqlite(target, { rateLimits: opts.rateLimits });
    const sqliteDialect = new ServerSqliteDialect(raw);
    const db = new Kysely<DB>({ dialect: sqliteDialect });
    let reader: { raw: BetterSqlite.Database; side: ReadSide } | null = null;
    const health = sqliteHealth(raw, () => reader?.raw ?? null);
    const checkpointer = opts.checkpointThread
      ? startWalCheckpointer(raw, target, {
          onProblem: (p) => health.emit({ kind: 'checkpoint-problem', ...p }),
        })
      : null;
    return {
      db,
      dialect,
      sqlite: raw,
      pool: null,
      description: target,
      opened: { url, options: opts },
      whileWritingElsewhere: (work) => sqliteDialect.whileWritingElsewhere(work),
      checkpoints: checkpointer ? () => checkpointer.stats() : null,
      health,
      get read() {
        if (!reader) {
          const r = openSqliteReader(target);
          reader = {
            raw: r,
            side: sqliteReadSide(
              r,
              new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(r) }) }),
            ),
          };
        }
        return reader.side;
      },
      close: async () => {
        await checkpointer?.close();
        await db.destroy();
        if (reader) await reader.side.db.destroy();
      },
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
  const state = new HealthState();
  const pool = primaryPool(poolConfig, state);
  const connect = guardedConnect(pool, state);
  const db = new Kysely<DB>({ dialect: new ServerPostgresDialect({ pool: { connect, end: () => pool.end() } }) });
  let read: PostgresRead | null = null;
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
    opened: { url, options: opts },
    // PostgreSQL takes writers side by side
    whileWritingElsewhere: (work) => work(),
    health,
    get read() {
      return (read ??= postgresReadSide(poolConfig, state, opts)).side;
    },
    close: async () => {
      await db.destroy();
      if (read) await read.close();
    },
  };
}

/** A pool on the primary whose connections report their loss and whose first success marks the database up. */
function primaryPool(config: pg.PoolConfig, state: HealthState): pg.Pool {
  const pool = new pg.Pool(config);
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
  return pool;
}

/** Kysely gets connections through here: a connection that cannot be made means the database is down. */
function guardedConnect(pool: pg.Pool, state: HealthState) {
  return async () => {
    try {
      return await pool.connect();
    } catch (e) {
      // every pooled connection busy past the timeout is load, not an outage; a closed pool is shutdown
      if (pool.ending || classifyDatabaseError(e) === 'busy') throw e;
      state.markDown(e);
      throw new DatabaseUnavailableError(e);
    }
  };
}

/** One query on a connection from `connect`, released as pg-pool's own `query` releases it. */
async function queryOn<R extends pg.QueryResultRow>(
  connect: () => Promise<pg.PoolClient>,
  q: pg.QueryConfig,
): Promise<pg.QueryResult<R>> {
  const client = await connect();
  try {
    const r = await client.query<R>(q);
    client.release();
    return r;
  } catch (e) {
    client.release(e as Error);
    throw e;
  }
}

/**
 * How far the standby is behind, in seconds: 0 when it has replayed all it received (an idle
 * primary sends nothing, and the last replayed transaction then only looks old), else the age of
 * the last replayed transaction; 0 for a server that is not in recovery (a primary).
 */
const LAG_SQL = `select case
  when not pg_is_in_recovery() then 0
  when pg_last_wal_receive_lsn() is not null and pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()
    and coalesce((select status from pg_stat_wal_receiver), 'streaming') = 'streaming' then 0
  else coalesce(extract(epoch from now() - pg_last_xact_replay_timestamp()), 1e9)
end::float8 as lag`;

interface PostgresRead {
  side: ReadSide;
  close(): Promise<void>;
}

/**
 * PostgreSQL's read path. Without a standby: a small pool of its own on the primary, reserved
 * for these reads. With one (DATABASE_READ_URL): a small pool on the standby, used while its lag
 * — read at most once a second, on demand — is within the bound; a standby that lags, cannot be
 * reached, or loses a connection sends reads to the reserved primary pool until a later reading
 * says it is fresh again. A primary that cannot be reached is an outage as for every other
 * query (503 DATABASE_UNAVAILABLE, readiness down, recovery by itself).
 */
function postgresReadSide(primaryConfig: pg.PoolConfig, state: HealthState, opts: OpenOptions): PostgresRead {
  const size = opts.readPoolSize ?? READ_POOL_SIZE;
  const maxLag = opts.readMaxStalenessSeconds ?? READ_MAX_STALENESS_SECONDS;
  const primary = primaryPool({ ...primaryConfig, max: size }, state);
  const primaryConnect = guardedConnect(primary, state);
  const standby = opts.readUrl
    ? new pg.Pool({
        ...primaryConfig,
        connectionString: opts.readUrl,
        max: size,
        connectionTimeoutMillis: Math.min(
          STANDBY_CONNECT_TIMEOUT_MS,
          primaryConfig.connectionTimeoutMillis ?? Infinity,
        ),
      })
    : null;
  // the standby is used once a reading says it is fresh (never before: the bound holds from the
  // start); null until the first reading
  let fresh: boolean | null = null;
  let sampledAt = 0;
  let sampling = false;
  let probe: (() => Promise<number>) | null = null;
  const leave = (reason: string, error?: unknown) => {
    if (fresh !== false) state.emit({ kind: 'reads-on-primary', reason, error });
    fresh = false;
  };
  const sample = () => {
    sampling = true;
    sampledAt = Date.now();
    const reading = probe
      ? probe()
      : withTimeout(
          standby!.query<{ lag: number }>(LAG_SQL).then((r) => Number(r.rows[0].lag)),
          STANDBY_CONNECT_TIMEOUT_MS * 2,
        );
    reading
      .then((lag) => {
        if (lag <= maxLag) {
          if (fresh !== true) state.emit({ kind: 'reads-on-standby', lagSeconds: lag });
          fresh = true;
        } else leave(`the standby is ${lag.toFixed(1)} s behind (at most ${maxLag} s)`);
      })
      .catch((e: unknown) => leave('the standby cannot be reached', e))
      .finally(() => {
        sampling = false;
      });
  };
  /** the standby, when the last reading said fresh; samples again when that reading is a second old */
  const useStandby = () => {
    if (!standby) return false;
    if (!sampling && Date.now() - sampledAt >= LAG_SAMPLE_MS) sample();
    return fresh === true;
  };
  if (standby) {
    const reported = new WeakSet<pg.Client>();
    standby.on('connect', (client) =>
      client.on('error', (error) => {
        if (reported.has(client)) return;
        reported.add(client);
        leave('a standby connection was lost', error);
        sampledAt = Date.now(); // read again in a second
      }),
    );
    standby.on('error', () => undefined);
    sample();
  }
  const failedOver = (e: unknown) => {
    leave('the standby cannot be reached', e);
    sampledAt = Date.now();
  };
  const connect = async (): Promise<pg.PoolClient> => {
    if (useStandby()) {
      try {
        return await standby!.connect();
      } catch (e) {
        failedOver(e);
      }
    }
    return primaryConnect();
  };
  const db = new Kysely<DB>({ dialect: new ServerPostgresDialect({ pool: { connect, end: async () => undefined } }) });
  const side: ReadSide = {
    db,
    sqlite: null,
    query: async <R extends pg.QueryResultRow>(q: pg.QueryConfig) => {
      if (useStandby()) {
        try {
          return await standby!.query<R>(q);
        } catch (e) {
          // a read is safe to repeat: on the primary when the standby went away under it
          if (classifyDatabaseError(e) !== 'unavailable') throw e;
          failedOver(e);
        }
      }
      return queryOn<R>(primaryConnect, q);
    },
    get source() {
      return standby && fresh === true ? 'standby' : 'primary';
    },
    setLagProbe: (p) => {
      probe = p;
      sampledAt = 0;
    },
  };
  return {
    side,
    close: async () => {
      await db.destroy();
      await Promise.all([primary.end(), standby?.end()]);
    },
  };
}

/** A local file: it answers or it does not (a lock does not stop reads under WAL); so must the read connection, once open. */
function sqliteHealth(
  raw: BetterSqlite.Database,
  reader: () => BetterSqlite.Database | null,
): DatabaseHealth & { emit(e: DatabaseEvent): void } {
  const state = new HealthState();
  return {
    get up() {
      return state.up;
    },
    check: async () => {
      try {
        raw.prepare('select 1').get();
        reader()?.prepare('select 1').get();
        return true;
      } catch {
        return false;
      }
    },
    onEvent: state.onEvent,
    emit: (e) => state.emit(e),
  };
}

function sqliteReadSide(raw: BetterSqlite.Database, db: Kysely<DB>): ReadSide {
  return {
    db,
    sqlite: raw,
    query: () => Promise.reject(new Error('SQLite reads use the read connection, not queries by text')),
    source: 'file',
    setLagProbe: () => undefined,
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
    opened: { url: `sqlite:${file}`, options: {} },
    // a copy being checked: nothing else writes it
    whileWritingElsewhere: (work) => work(),
    health: sqliteHealth(raw, () => null),
    // a copy being checked has no writers to wait behind: its reads use the one connection
    read: sqliteReadSide(raw, db),
    close: () => db.destroy(),
  };
}
