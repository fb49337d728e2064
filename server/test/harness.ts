/**
 * Test harness: a freshly migrated database per test file (a temp SQLite file, or a new schema
 * in the PostgreSQL test database), the app driven through `app.inject`, and factories that
 * create their own parents.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig, type Config } from '../src/config.js';
import { TestClock } from '../src/lib/clock.js';
import type { Deps } from '../src/lib/context.js';
import { prepareDatabase } from '../src/platform.js';
import type { Database } from '../src/database/connection.js';
import { WorkerPool } from '../src/lib/workers.js';
import type { Role } from '../../contract/roles.js';
import { hashPassword } from '../src/lib/password.js';
import { residentIdCheckChar } from '../src/lib/identity.js';
import { businessDate } from '../src/lib/dates.js';
import { graduatingClassOn } from '../../contract/school-year.js';
import { inject } from 'vitest';
import { ERROR_CODES } from '../../contract/errors.js';
import { cloneTemplate, dropDatabase, TEMPLATE_SAFE_OVERRIDES } from './template.js';

export const TEST_DB = (process.env.SKILLCERT_TEST_DB ?? 'sqlite') as 'sqlite' | 'postgres';
export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@localhost:5432/skillcert_test';
export const PASSWORD = 'Skill@2026';

export interface TestPlatform {
  app: FastifyInstance;
  deps: Deps;
  clock: TestClock;
  dialect: 'sqlite' | 'postgres';
  close(): Promise<void>;
}

export async function createTestPlatform(overrides: Partial<Config> = {}): Promise<TestPlatform> {
  let databaseUrl: string;
  let cleanup: () => Promise<void>;
  // every test platform keeps its files (SQLite database, signing keys) in its own directory
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-test-'));
  let searchPath: string | undefined;
  // the demo database prepared once for this run (global-setup.ts), copied when nothing in the
  // overrides changes what preparation stores
  const template = inject('demoTemplate');
  const fromTemplate =
    template &&
    overrides.demo !== false &&
    Object.keys(overrides).every((k) => k === 'demo' || TEMPLATE_SAFE_OVERRIDES.has(k));
  if (fromTemplate) {
    const copy = await cloneTemplate(template, PG_URL, dir);
    databaseUrl = copy.databaseUrl;
    cleanup = async () => {
      if (copy.database) await dropDatabase(PG_URL, copy.database);
      fs.rmSync(dir, { recursive: true, force: true });
    };
  } else if (TEST_DB === 'postgres') {
    searchPath = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create schema ${searchPath}`);
    await admin.end();
    databaseUrl = PG_URL;
    cleanup = async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema ${searchPath} cascade`);
      await c.end();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  } else {
    databaseUrl = `sqlite:${path.join(dir, 'test.db')}`;
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  const config = loadConfig(
    {},
    {
      databaseUrl,
      demo: true,
      webDist: null,
      pgPoolSize: 4,
      dataDir: dir,
      keyDir: path.join(dir, 'keys'),
      ...overrides,
    },
  );
  const prepared = await prepareDatabase(config, { searchPath });
  const clock = new TestClock();
  // the worker threads of a real server: roster parsing, PDFs and signing run where they run in production
  const workers = new WorkerPool(config.workers);
  const deps: Deps = { database: prepared.database, db: prepared.database.db, config, clock, workers };
  const app = await buildApp(deps, { logger: false });
  app.addHook('onClose', () => workers.close());
  await app.ready();
  return {
    app,
    deps,
    clock,
    dialect: prepared.database.dialect,
    close: async () => {
      await app.close();
      await prepared.database.close();
      await cleanup();
    },
  };
}

/** Logs in and returns the cookie header to send with later requests. */
export async function loginAs(app: FastifyInstance, username: string, password = PASSWORD): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  return cookieOf(res);
}

export function cookieOf(res: LightMyRequestResponse): string {
  const set = res.headers['set-cookie'];
  const first = (Array.isArray(set) ? set : [set]).find((c) => c?.startsWith('sc_session='));
  if (!first) throw new Error('no session cookie');
  return first.split(';')[0];
}

let seq = 0;
/** Creates an institution (region defaults to 郑州市金水区). */
export async function makeInstitution(
  deps: Deps,
  f: { name?: string; region?: string; kind?: string; schoolType?: string | null; owner?: 'province' | 'local' } = {},
) {
  const now = new Date().toISOString();
  const r = await deps.db
    .insertInto('institutions')
    .values({
      name: f.name ?? `测试机构${++seq}`,
      kind: f.kind ?? 'college',
      school_type: f.schoolType === undefined ? 'higher_vocational' : f.schoolType,
      owner: f.owner ?? 'local',
      region_code: f.region ?? '410105',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/**
 * A filed institution (a filed application on record, a filing number, valid for years) that
 * certifies `scopes`; by default a 面向社会人员的 institution (INST-1) in 郑州市金水区.
 */
export async function makeFiledInstitution(
  deps: Deps,
  f: { name?: string; region?: string; kind?: string; scopes: { occupationId: number; level: number }[] },
) {
  const kind = f.kind ?? 'social';
  const id = await makeInstitution(deps, {
    name: f.name,
    region: f.region,
    kind,
    schoolType: kind === 'college' ? 'higher_vocational' : null,
  });
  const now = new Date().toISOString();
  const app = await deps.db
    .insertInto('filing_applications')
    .values({
      institution_id: id,
      kind: 'initial',
      status: 'filed',
      stage: 'done',
      review_department: null,
      review_region_code: null,
      filing_department: 'city_hrss',
      filing_region_code: '410100',
      note: null,
      created_by: 0,
      submitted_by: null,
      submitted_at: now,
      decided_at: now,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const s of f.scopes)
    await deps.db
      .insertInto('institution_scopes')
      .values({
        institution_id: id,
        occupation_id: s.occupationId,
        level: s.level,
        spec_id: null,
        application_id: app.id,
        granted_at: now,
      })
      .execute();
  const letter = kind === 'college' || kind === 'enterprise' ? 'Y' : 'S';
  await deps.db
    .updateTable('institutions')
    .set({
      status: 'filed',
      filing_no: `${letter}000041${String(900000 + ++seq)}`,
      filed_at: now,
      valid_until: '2099-12-31',
    })
    .where('id', '=', id)
    .execute();
  return id;
}

let cachedHash: Promise<string> | null = null;
/**
 * Creates an account directly (the password is PASSWORD) and returns its id. PASSWORD is the
 * public demo password, so a fixture is a demo account unless `demo: false`: like the seeded ones
 * it is exempt from the second factor in demo mode and refused outside it.
 */
export async function makeUser(
  deps: Deps,
  f: {
    username?: string;
    role: Role;
    region?: string | null;
    institutionId?: number | null;
    status?: 'active' | 'disabled';
    demo?: boolean;
    mustChangePassword?: boolean;
  },
) {
  cachedHash ??= hashPassword(PASSWORD);
  const now = new Date().toISOString();
  const r = await deps.db
    .insertInto('users')
    .values({
      username: f.username ?? `user${++seq}`,
      display_name: '测试用户',
      password_hash: await cachedHash,
      role: f.role,
      region_code: f.region ?? null,
      institution_id: f.institutionId ?? null,
      status: f.status ?? 'active',
      must_change_password: f.mustChangePassword ? 1 : 0,
      is_demo: f.demo === false ? 0 : 1,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export function json<T = any>(res: LightMyRequestResponse): T {
  return JSON.parse(res.body) as T;
}

/**
 * The answer of a request that starts a tracked job (202), once the job has ended, in the shape a
 * request that did the work itself answers: 200 and the job's result, or the error's status and
 * `{ error }` (a refusal made before any job, at once, is passed through as it is). `seen` collects
 * every state of the job polled.
 */
export async function jobAnswer(
  app: FastifyInstance,
  cookie: string,
  res: LightMyRequestResponse,
  seen: any[] = [],
): Promise<{ status: number; headers: LightMyRequestResponse['headers']; body: any; job?: any }> {
  if (res.statusCode !== 202) return { status: res.statusCode, headers: res.headers, body: json(res) };
  let job = json(res);
  for (let i = 0; job.status === 'queued' || job.status === 'running'; i++) {
    if (i > 6000) throw new Error(`job ${job.id} did not end: ${JSON.stringify(job)}`);
    await new Promise((r) => setTimeout(r, 20));
    job = json(await app.inject({ method: 'GET', url: `/api/jobs/${job.id}`, headers: { cookie } }));
    seen.push(job);
  }
  if (job.status === 'succeeded') return { status: 200, headers: res.headers, body: job.result, job };
  const code = job.error.code as keyof typeof ERROR_CODES;
  return { status: ERROR_CODES[code]?.status ?? 500, headers: res.headers, body: { error: job.error }, job };
}

/** The class in its graduating school year (毕业学年) on the platform's business date, for fixtures. */
export const graduatingClassNow = (p: TestPlatform) =>
  graduatingClassOn(businessDate(p.clock.now(), p.deps.config.businessTimeZone));

let idSeq = 0;
/**
 * A valid resident ID number (GB 11643) that no demo record uses: 北京市东城区 110101, born in the
 * 1970s, a running sequence; unique within a test file (each file has its own database).
 */
export function newResidentId(): string {
  const n = idSeq++;
  const first17 = `110101${1970 + (n % 10)}${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}${String(n % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

/** A file part of a multipart form. */
export interface FormFile {
  field?: string;
  name: string;
  content: Buffer;
  type?: string;
}
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * A multipart/form-data body as a browser's form sends it: the text fields, then the files (the
 * roster and evidence uploads). Returns the payload and its content-type header.
 */
export function multipart(fields: Record<string, string | number | boolean>, files: FormFile[] = []) {
  const boundary = '----skillcert' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([
    ...Object.entries(fields).map(([k, v]) =>
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
    ),
    ...files.flatMap((f) => [
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.field ?? 'file'}"; filename="${f.name}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      f.content,
      Buffer.from('\r\n'),
    ]),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * What a database holds, as raw as a test can read it (personal data at rest, issue 11): the SQLite
 * file and its WAL byte for byte, or every row of every table of the PostgreSQL schema as text,
 * with binary columns decoded.
 */
export async function databaseText(database: Database): Promise<string> {
  if (database.dialect === 'sqlite') {
    const file = database.description;
    return [file, `${file}-wal`]
      .filter((f) => fs.existsSync(f))
      .map((f) => fs.readFileSync(f).toString('latin1'))
      .join('\n');
  }
  const tables = await sql<{ t: string }>`
    select table_name as t from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(database.db);
  const parts: string[] = [];
  for (const { t } of tables.rows) {
    const rows = await sql<{ r: string }>`select ${sql.table(t)}::text as r from ${sql.table(t)}`.execute(database.db);
    for (const { r } of rows.rows) {
      parts.push(r);
      for (const hex of r.match(/\\\\x[0-9a-f]+/g) ?? [])
        parts.push(Buffer.from(hex.slice(3), 'hex').toString('latin1'));
    }
  }
  return parts.join('\n');
}
