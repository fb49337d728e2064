import path from 'node:path';
import {
  LOGIN_FAILURE_WINDOW_MINUTES,
  LOGIN_LOCK_MINUTES,
  LOGIN_MAX_FAILURES,
  SESSION_ABSOLUTE_HOURS,
  SESSION_IDLE_MINUTES,
} from '../../contract/limits.js';
import { SECOND_FACTOR_DEFAULT_ROLES } from '../../contract/access.js';
import { ROLES, type Role } from '../../contract/roles.js';
import { assertTimeZone, DEFAULT_BUSINESS_TIME_ZONE } from './lib/dates.js';
import { defaultWorkerThreads } from './lib/workers.js';
import { heapGrowingPercent } from './lib/heap.js';
import { DEFAULT_WORKER_NICE } from './lib/thread-priority.js';
import { READ_MAX_STALENESS_SECONDS, READ_POOL_SIZE } from './database/connection.js';

/** Everything configurable, read once from the environment. See README "Configuration". */
export interface Config {
  port: number;
  host: string;
  /** `postgres://…`, `sqlite:<file>`, or empty for the embedded file `data/skillcert.db` */
  databaseUrl: string;
  /** demo mode: demo accounts and data, a 演示环境 banner */
  demo: boolean;
  dataDir: string;
  webDist: string | null;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  loginMaxFailures: number;
  loginFailureWindowMinutes: number;
  loginLockMinutes: number;
  /**
   * roles that sign in with a second factor (TOTP), from SECOND_FACTOR_ROLES (comma-separated role
   * codes, or `none`); default: the three administrators and the officials who approve filings
   */
  secondFactorRoles: readonly Role[];
  cookieSecure: boolean;
  /**
   * `Strict-Transport-Security: max-age=…` in seconds (0: not sent); from HSTS_MAX_AGE, by default
   * one year when the platform runs behind HTTPS (COOKIE_SECURE=1), else 0
   */
  hstsMaxAge: number;
  trustProxy: boolean;
  logLevel: string;
  /** PostgreSQL pool size per app server */
  pgPoolSize: number;
  /**
   * PostgreSQL: a standby that reads tolerating bounded staleness may use (public verification,
   * the catalog, the dashboards), e.g. HAProxy's standby port (DATABASE_READ_URL); empty: those
   * reads use a small pool of their own on the primary
   */
  databaseReadUrl: string;
  /** connections of each read pool per app server (READ_POOL_SIZE) */
  readPoolSize: number;
  /** a standby further behind the primary than this is passed over for it (READ_MAX_STALENESS_SECONDS) */
  readMaxStalenessSeconds: number;
  /** the address printed in QR codes and on certificates, e.g. https://skill.hrss.henan.gov.cn */
  publicBaseUrl: string;
  /** where private signing keys live (0700); share it between app servers, or each makes its own */
  keyDir: string;
  /**
   * the keys of personal data at rest (ID numbers, second-factor secrets), from SKILLCERT_DATA_KEYS
   * (`<id>:<base64 32 bytes>,…`, the first is current) and SKILLCERT_LOOKUP_KEY; both empty: the key
   * file `<keyDir>/data-keys.json`, made on first start (README "Personal data")
   */
  dataKeys: string;
  lookupKey: string;
  /** public verification limits per minute: per client address and per queried certificate or identity */
  verifyPerClient: number;
  verifyPerIdentity: number;
  /** look-ups by ID number + name a client makes per window before each further one needs a solved proof-of-work challenge */
  verifyFreeIdLookups: number;
  verifyFreeIdWindowMinutes: number;
  /** the challenge's difficulty: the counter to find is drawn from 1…this (PBKDF2/SHA-256, 1,000 iterations per attempt) */
  verifyChallengeMaxNumber: number;
  /** the HMAC secret that signs challenges; empty: a random one kept in `keyDir` (share it, or this, between app servers) */
  verifyChallengeSecret: string;
  /** the IANA time zone every business date is a date in (issue dates, deadlines, years), default Asia/Shanghai */
  businessTimeZone: string;
  /**
   * signed audit-chain checkpoints (append-only JSON lines, outside the database, so SQL access
   * alone cannot rewrite them); default `<dataDir>/audit-checkpoints.jsonl`
   */
  auditCheckpointFile: string;
  /** how often a running server checkpoints the audit chain head (when it has grown) */
  auditCheckpointSeconds: number;
  /** limits on an uploaded workbook (roster import): checked before it is parsed, then while it is streamed */
  imports: {
    /** candidate rows a roster may hold (ROSTER_MAX_ROWS) */
    maxRows: number;
    /** the rightmost column a row may fill (IMPORT_MAX_COLUMNS) */
    maxColumns: number;
    /** files inside the .xlsx zip (IMPORT_MAX_ZIP_ENTRIES) */
    maxEntries: number;
    /** declared size of the zip's files once inflated (IMPORT_MAX_UNCOMPRESSED_MB) */
    maxUncompressedBytes: number;
    /** inflated ÷ compressed for a part over 1 MiB (IMPORT_MAX_COMPRESSION_RATIO) */
    maxCompressionRatio: number;
    /** imports one server runs at once; more are answered 503 IMPORTS_BUSY (IMPORT_MAX_CONCURRENT) */
    maxConcurrent: number;
    /**
     * an import's one transaction is written by the write thread on a connection of its own, not
     * on the request thread (IMPORT_WRITE_THREAD, default on; jobs/spool-write.ts)
     */
    writeThread: boolean;
  };
  /** the worker threads that take heavy work off the request thread (lib/workers.ts) */
  workers: {
    /** threads (WORKER_THREADS; default: the cores less one, at least 1) */
    threads: number;
    /** tasks that may wait for a thread; more are answered 503 WORKERS_BUSY (WORKER_MAX_QUEUE) */
    maxQueue: number;
    /** the nice value each worker thread gives itself on Linux, 0–19 (WORKER_NICE; lib/thread-priority.ts; default 5) */
    nice?: number;
  };
  /**
   * V8's heap growing factor, 1 + this/100 (HEAP_GROWING_PERCENT; 0: V8's own heuristic), set at
   * start-up by lib/heap.ts so the heap is collected before an import runs the process up
   */
  heapGrowingPercent: number;
  /**
   * background credential signing: how long an app server's claim on a certificate lasts; a claim
   * older than this that never finished (the server died) is taken over by another server
   */
  credentialLeaseSeconds: number;
  /** days a finished job's result file is kept before the periodic sweep deletes it (JOB_RESULT_RETENTION_DAYS) */
  jobResultRetentionDays: number;
}

export const ROOT_DIR = path.resolve(import.meta.dirname, '../..');
export const VERSION = '0.1.0';

function num(v: string | undefined, d: number, name: string): number {
  if (v === undefined || v === '') return d;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`配置项 ${name} 必须是正数，当前为 "${v}"`);
  return n;
}
function count(v: string | undefined, d: number, name: string): number {
  if (v === undefined || v === '') return d;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`配置项 ${name} 必须是非负整数，当前为 "${v}"`);
  return n;
}

function int(v: string | undefined, d: number, name: string): number {
  const n = num(v, d, name);
  if (!Number.isInteger(n)) throw new Error(`配置项 ${name} 必须是正整数，当前为 "${v}"`);
  return n;
}

function niceValue(v: string | undefined, d: number, name: string): number {
  const n = count(v, d, name);
  if (n > 19) throw new Error(`配置项 ${name} 必须是 0–19 的整数（0：不降低优先级），当前为 "${v}"`);
  return n;
}

function roleList(v: string | undefined, d: readonly Role[], name: string): readonly Role[] {
  if (v === undefined || v.trim() === '') return d;
  if (v.trim().toLowerCase() === 'none') return [];
  const list = v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const unknown = list.filter((x) => !(ROLES as readonly string[]).includes(x));
  if (unknown.length)
    throw new Error(`配置项 ${name} 含未知角色：${unknown.join(', ')}（可选：${ROLES.join(', ')}，或 none）`);
  return list as Role[];
}
function bool(v: string | undefined, d: boolean): boolean {
  if (v === undefined || v === '') return d;
  return ['1', 'true', 'yes', 'on'].includes(v.toLowerCase());
}

const ONE_YEAR_SECONDS = 31_536_000;

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const dataDir = path.resolve(ROOT_DIR, env.SKILLCERT_DATA_DIR || 'data');
  const config: Omit<Config, 'auditCheckpointFile' | 'hstsMaxAge'> & { hstsMaxAge?: number } = {
    port: num(env.PORT, 3000, 'PORT'),
    host: env.HOST || '0.0.0.0',
    databaseUrl: env.DATABASE_URL || '',
    demo: bool(env.SKILLCERT_DEMO, false),
    dataDir,
    webDist: path.join(ROOT_DIR, 'web', 'dist'),
    sessionIdleMinutes: num(env.SESSION_IDLE_MINUTES, SESSION_IDLE_MINUTES, 'SESSION_IDLE_MINUTES'),
    sessionAbsoluteHours: num(env.SESSION_ABSOLUTE_HOURS, SESSION_ABSOLUTE_HOURS, 'SESSION_ABSOLUTE_HOURS'),
    loginMaxFailures: num(env.LOGIN_MAX_FAILURES, LOGIN_MAX_FAILURES, 'LOGIN_MAX_FAILURES'),
    loginFailureWindowMinutes: num(
      env.LOGIN_FAILURE_WINDOW_MINUTES,
      LOGIN_FAILURE_WINDOW_MINUTES,
      'LOGIN_FAILURE_WINDOW_MINUTES',
    ),
    loginLockMinutes: num(env.LOGIN_LOCK_MINUTES, LOGIN_LOCK_MINUTES, 'LOGIN_LOCK_MINUTES'),
    secondFactorRoles: roleList(env.SECOND_FACTOR_ROLES, SECOND_FACTOR_DEFAULT_ROLES, 'SECOND_FACTOR_ROLES'),
    cookieSecure: bool(env.COOKIE_SECURE, false),
    trustProxy: bool(env.TRUST_PROXY, false),
    logLevel: env.LOG_LEVEL || 'info',
    pgPoolSize: num(env.PG_POOL_SIZE, 10, 'PG_POOL_SIZE'),
    databaseReadUrl: env.DATABASE_READ_URL || '',
    readPoolSize: int(env.READ_POOL_SIZE, READ_POOL_SIZE, 'READ_POOL_SIZE'),
    readMaxStalenessSeconds: num(
      env.READ_MAX_STALENESS_SECONDS,
      READ_MAX_STALENESS_SECONDS,
      'READ_MAX_STALENESS_SECONDS',
    ),
    keyDir: path.resolve(ROOT_DIR, env.SKILLCERT_KEY_DIR || path.join(dataDir, 'keys')),
    dataKeys: env.SKILLCERT_DATA_KEYS?.trim() || '',
    lookupKey: env.SKILLCERT_LOOKUP_KEY?.trim() || '',
    verifyPerClient: num(env.VERIFY_LIMIT_PER_CLIENT, 60, 'VERIFY_LIMIT_PER_CLIENT'),
    verifyPerIdentity: num(env.VERIFY_LIMIT_PER_IDENTITY, 10, 'VERIFY_LIMIT_PER_IDENTITY'),
    verifyFreeIdLookups: count(env.VERIFY_FREE_ID_LOOKUPS, 3, 'VERIFY_FREE_ID_LOOKUPS'),
    verifyFreeIdWindowMinutes: num(env.VERIFY_FREE_ID_WINDOW_MINUTES, 60, 'VERIFY_FREE_ID_WINDOW_MINUTES'),
    verifyChallengeMaxNumber: num(env.VERIFY_CHALLENGE_MAX_NUMBER, 4000, 'VERIFY_CHALLENGE_MAX_NUMBER'),
    verifyChallengeSecret: env.VERIFY_CHALLENGE_SECRET || '',
    businessTimeZone: assertTimeZone(env.BUSINESS_TIME_ZONE || DEFAULT_BUSINESS_TIME_ZONE),
    publicBaseUrl: (env.PUBLIC_BASE_URL || `http://localhost:${env.PORT || 3000}`).replace(/\/$/, ''),
    auditCheckpointSeconds: num(env.AUDIT_CHECKPOINT_SECONDS, 60, 'AUDIT_CHECKPOINT_SECONDS'),
    imports: {
      maxRows: int(env.ROSTER_MAX_ROWS, 100_000, 'ROSTER_MAX_ROWS'),
      maxColumns: int(env.IMPORT_MAX_COLUMNS, 64, 'IMPORT_MAX_COLUMNS'),
      maxEntries: int(env.IMPORT_MAX_ZIP_ENTRIES, 1000, 'IMPORT_MAX_ZIP_ENTRIES'),
      maxUncompressedBytes: num(env.IMPORT_MAX_UNCOMPRESSED_MB, 200, 'IMPORT_MAX_UNCOMPRESSED_MB') * 1024 * 1024,
      maxCompressionRatio: num(env.IMPORT_MAX_COMPRESSION_RATIO, 100, 'IMPORT_MAX_COMPRESSION_RATIO'),
      maxConcurrent: int(env.IMPORT_MAX_CONCURRENT, 2, 'IMPORT_MAX_CONCURRENT'),
      writeThread: bool(env.IMPORT_WRITE_THREAD, true),
    },
    workers: {
      threads: int(env.WORKER_THREADS, defaultWorkerThreads(), 'WORKER_THREADS'),
      maxQueue: int(env.WORKER_MAX_QUEUE, 64, 'WORKER_MAX_QUEUE'),
      nice: niceValue(env.WORKER_NICE, DEFAULT_WORKER_NICE, 'WORKER_NICE'),
    },
    heapGrowingPercent: heapGrowingPercent(env.HEAP_GROWING_PERCENT),
    credentialLeaseSeconds: num(env.CREDENTIAL_LEASE_SECONDS, 120, 'CREDENTIAL_LEASE_SECONDS'),
    jobResultRetentionDays: num(env.JOB_RESULT_RETENTION_DAYS, 7, 'JOB_RESULT_RETENTION_DAYS'),
    ...overrides,
  };
  // beside the (possibly overridden) data directory unless named
  const auditCheckpointFile =
    overrides.auditCheckpointFile ??
    (env.SKILLCERT_AUDIT_CHECKPOINTS
      ? path.resolve(ROOT_DIR, env.SKILLCERT_AUDIT_CHECKPOINTS)
      : path.join(config.dataDir, 'audit-checkpoints.jsonl'));
  // browsers remember HSTS for max-age: only ever sent when the platform is reached over HTTPS
  const hstsMaxAge =
    overrides.hstsMaxAge ?? count(env.HSTS_MAX_AGE, config.cookieSecure ? ONE_YEAR_SECONDS : 0, 'HSTS_MAX_AGE');
  return { ...config, hstsMaxAge, auditCheckpointFile };
}
