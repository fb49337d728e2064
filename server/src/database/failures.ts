/**
 * What a database error means for the caller, on either database, and what of it may be logged.
 *
 * - `unavailable`: the database cannot be reached or is going away (connection refused, reset or
 *   terminated, server shutting down or starting, too many connections, a read-only standby
 *   during failover). The request is answered 503 with Retry-After. Its transaction did not
 *   commit — except that a connection lost during COMMIT leaves the outcome unknown, so a client
 *   repeating a write should check first (the platform's creates refuse duplicates).
 * - `busy`: it is there but could not serve in time (SQLite locked past the busy timeout, every
 *   pooled connection in use past the connection timeout, a lock timeout). 503 with Retry-After.
 * - `unique`: a unique key broke: two requests created the same thing at once. 409.
 * - `conflict`: a serialisation failure or a deadlock: the transaction was rolled back. 409.
 *
 * Driver errors carry the values of the keys they name (`detail: Key (id_type, id_number)=(…)`,
 * `Failing row contains (…)`, `invalid input syntax …: "…"`): `errorForLog` keeps the SQLSTATE,
 * the constraint and the table, and drops or masks the values, so no identity reaches a log.
 */
export type DatabaseFailure = 'unavailable' | 'busy' | 'unique' | 'conflict';

/** SQLSTATEs (PostgreSQL) that mean the database cannot be used right now. */
const PG_UNAVAILABLE = new Set([
  '57P01', // admin_shutdown: terminated by an administrator or a fast shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up, shutting down, in recovery
  '57P04', // database_dropped
  '53300', // too_many_connections
  '53000', // insufficient_resources
  '53100', // disk_full
  '53200', // out_of_memory
  '25006', // read_only_sql_transaction: a promoted standby before failover completes
  '3D000', // invalid_catalog_name: the database is not there (yet)
  '28000', // invalid_authorization_specification
  '28P01', // invalid_password
]);
const PG_BUSY = new Set(['55P03']); // lock_not_available (lock_timeout)
const PG_CONFLICT = new Set(['40001', '40P01']); // serialization_failure, deadlock_detected

/** Socket-level codes (Node) of a connection that could not be made or was lost. */
const NET_UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** node-postgres and pg-pool say these in words, with no code. */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/, // unexpectedly / due to connection timeout
  /^Client has encountered a connection error and is not queryable/,
  /^Client was closed and is not queryable/,
  /^Query read timeout/,
  /^Connection ended unexpectedly/,
];
/** pg-pool: every connection in use and none freed within connectionTimeoutMillis */
const POOL_EXHAUSTED = /^timeout exceeded when trying to connect/;

/** Thrown by the pool wrapper when no connection can be made; `cause` is the driver's error. */
export class DatabaseUnavailableError extends Error {
  readonly failure = 'unavailable' as const;
  constructor(cause: unknown) {
    // the cause's words for the operator (start-up failures print this); never sent to a client
    super(`database unavailable: ${scrubDriverText(cause instanceof Error ? cause.message : String(cause))}`, {
      cause,
    });
    this.name = 'DatabaseUnavailableError';
  }
}

function classifyOne(e: object): DatabaseFailure | null {
  if (e instanceof DatabaseUnavailableError) return 'unavailable';
  const code = typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : '';
  if (code) {
    // better-sqlite3: SQLITE_BUSY, SQLITE_BUSY_SNAPSHOT, SQLITE_LOCKED, SQLITE_CONSTRAINT_UNIQUE …
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return 'unique';
    if (code === 'SQLITE_FULL' || code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_IOERR')) return 'unavailable';
    // PostgreSQL SQLSTATE: class 08 is every connection exception
    if (/^[0-9A-Z]{5}$/.test(code)) {
      if (code.startsWith('08') || PG_UNAVAILABLE.has(code)) return 'unavailable';
      if (code === '23505') return 'unique';
      if (PG_CONFLICT.has(code)) return 'conflict';
      if (PG_BUSY.has(code)) return 'busy';
      return null;
    }
    if (NET_UNAVAILABLE.has(code)) return 'unavailable';
  }
  const message = e instanceof Error ? e.message : '';
  if (UNAVAILABLE_MESSAGES.some((re) => re.test(message))) return 'unavailable';
  if (POOL_EXHAUSTED.test(message)) return 'busy';
  return null;
}

/** What a database error means (looking through `cause` and AggregateError), or null if it is none of these. */
export function classifyDatabaseError(err: unknown, depth = 0): DatabaseFailure | null {
  if (!err || typeof err !== 'object' || depth > 4) return null;
  const own = classifyOne(err);
  if (own) return own;
  if (err instanceof AggregateError) {
    for (const e of err.errors) {
      const c = classifyDatabaseError(e, depth + 1);
      if (c) return c;
    }
  }
  return classifyDatabaseError((err as { cause?: unknown }).cause, depth + 1);
}

export const isDatabaseUnavailable = (err: unknown) => classifyDatabaseError(err) === 'unavailable';

/**
 * A resident ID number (or anything shaped like one) standing alone: 17 digits and a digit or X,
 * not part of a longer run (certificate numbers are 22 characters, hashes and sealed values are
 * base64url with letters between).
 */
const ID_NUMBER_LIKE = /(?<![0-9A-Za-z])(\d{3})\d{11}(\d{3}[\dXx])(?![0-9A-Za-z])/g;

/** Masks anything shaped like an ID number in a text bound for a log (`410***********1234`). */
export function scrubIdNumbers(text: string): string {
  return text.replace(ID_NUMBER_LIKE, '$1***********$2');
}

/** Masks the values a driver message may quote; keeps names of tables, columns and constraints. */
export function scrubDriverText(text: string): string {
  return scrubIdNumbers(
    text
      .replace(/\bKey \(([^)]*)\)=\((?:[^()]|\([^()]*\))*\)/g, 'Key ($1)=(…)')
      .replace(/Failing row contains \(.*?\)(?=\.?\s*$|\.?\n)/gm, 'Failing row contains (…)')
      .replace(/(invalid input (?:syntax|value) for [^:\n]*: )"[^"\n]*"/g, '$1"…"')
      .replace(/(value out of range[^:\n]*: )"[^"\n]*"/g, '$1"…"'),
  );
}

/** Fields of a PostgreSQL error worth logging: none of them quotes a value. */
const PG_LOGGED = ['code', 'severity', 'constraint', 'table', 'column', 'schema', 'dataType', 'routine'] as const;
/** Fields any error may carry that quote values or queries: never logged. */
const NEVER_LOGGED = new Set([
  'detail',
  'where',
  'hint',
  'internalQuery',
  'position',
  'internalPosition',
  'parameters',
]);

const isPgError = (e: object) => typeof (e as { severity?: unknown }).severity === 'string' && 'code' in e;

/**
 * The log's error serializer (pino `err`): type, scrubbed message and stack, code, and for
 * database errors only the fields that name things (constraint, table), never their values.
 */
export function errorForLog(err: unknown, depth = 0): unknown {
  if (!(err instanceof Error)) return err;
  const out: Record<string, unknown> = {
    type: err.constructor?.name || err.name,
    message: scrubDriverText(err.message),
    stack: err.stack ? scrubDriverText(err.stack) : undefined,
  };
  if (isPgError(err)) {
    for (const k of PG_LOGGED) {
      const v = (err as unknown as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = v;
    }
  } else {
    for (const [k, v] of Object.entries(err)) {
      if (NEVER_LOGGED.has(k) || k in out || typeof v === 'function') continue;
      // a pg client or pool hangs off some errors: no connection parameters in the log
      if (v && typeof v === 'object' && !(v instanceof Error) && !Array.isArray(v)) continue;
      out[k] = v;
    }
  }
  if (depth < 4) {
    if (err.cause !== undefined) out.cause = errorForLog(err.cause, depth + 1);
    if (err instanceof AggregateError) out.errors = err.errors.map((e) => errorForLog(e, depth + 1));
  }
  return out;
}

/**
 * One line's worth of a database error for the log (no stack): the driver's code, its scrubbed
 * message, and the constraint and table it names, from the innermost cause.
 */
export function briefDatabaseError(err: unknown): Record<string, unknown> {
  let e: unknown = err;
  for (let i = 0; i < 4; i++) {
    const next =
      e instanceof AggregateError && e.errors.length ? e.errors[0] : (e as { cause?: unknown } | null)?.cause;
    if (!next || typeof next !== 'object') break;
    e = next;
  }
  if (!(e instanceof Error)) return { message: String(e) };
  const o = e as Error & { code?: unknown; constraint?: unknown; table?: unknown };
  return {
    type: o.constructor?.name || o.name,
    ...(typeof o.code === 'string' ? { code: o.code } : {}),
    message: scrubDriverText(o.message),
    ...(typeof o.constraint === 'string' ? { constraint: o.constraint } : {}),
    ...(typeof o.table === 'string' ? { table: o.table } : {}),
  };
}
