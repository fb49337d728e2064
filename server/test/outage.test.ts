/**
 * When the database goes away (docs/ARCHITECTURE.md): a dropped connection never takes the
 * process down; while the database cannot be reached every route that needs it (public
 * verification on its own read connections too) answers 503
 * `DATABASE_UNAVAILABLE` with Retry-After and the readiness check (`/api/health`) says so, while
 * liveness (`/api/health/live`) stays up; the server recovers by itself when the database returns.
 * Races on unique keys answer 201 or 409, never 500, and no key value reaches a response or a log.
 *
 * PostgreSQL outages are made two ways, both scoped to this file's own connections (the suite
 * runs in parallel in one database): `pg_terminate_backend` of the backends carrying this
 * platform's `application_name`, and a TCP proxy between the platform and PostgreSQL that this
 * test closes (connections cut, new ones refused) and opens again on the same port.
 */
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import pg from 'pg';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { classifyDatabaseError } from '../src/database/failures.js';
import { residentIdCheckChar } from '../src/lib/identity.js';
import { newPersonRow } from '../src/modules/people/id-numbers.service.js';
import { personalData } from '../src/lib/personal-data.js';
import { DEMO_CERTIFICATE } from '../src/seed/demo.js';
import { createTestPlatform, json, loginAs, PG_URL, TEST_DB, type TestPlatform } from './harness.js';

const id18 = (first17: string) => first17 + residentIdCheckChar(first17);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Log lines written by the app under test, to check what reaches the log. */
function logCapture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { lines, stream };
}

/** A TCP relay to PostgreSQL that the test can cut (connections dropped, new ones refused) and restore. */
class TcpProxy {
  port = 0;
  #server: net.Server | null = null;
  readonly #sockets = new Set<net.Socket>();
  constructor(
    private readonly host: string,
    private readonly targetPort: number,
  ) {}
  async open(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect({ host: this.host, port: this.targetPort });
      for (const s of [client, upstream]) {
        this.#sockets.add(s);
        s.on('close', () => this.#sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.#server = server;
  }
  /** Stops listening: new connections are refused, established ones carry on. */
  async refuseNew(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    // the listening socket closes at once; close()'s callback would wait for the relayed connections
    server?.close();
    await new Promise((r) => setImmediate(r));
  }
  /** Cuts every relayed connection and stops listening: new connections are refused. */
  async cut(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    const closed = server ? new Promise<void>((r) => server.close(() => r())) : Promise.resolve();
    for (const s of this.#sockets) s.destroy();
    await closed;
  }
}

/** The platform under test, with an app whose log is captured (and optional extra routes). */
async function platformWithLog(
  overrides: Parameters<typeof createTestPlatform>[0] = {},
  extra?: (app: FastifyInstance) => void,
) {
  const p = await createTestPlatform(overrides);
  const log = logCapture();
  const app = await buildApp(p.deps, { logStream: log.stream });
  extra?.(app);
  await app.ready();
  return {
    p,
    app,
    log,
    close: async () => {
      await app.close();
      await p.close();
    },
  };
}

const expectUnavailable = (r: { statusCode: number; headers: Record<string, unknown>; body: string }) => {
  expect(r.statusCode, r.body).toBe(503);
  expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
  const e = JSON.parse(r.body).error;
  expect(e.code).toBe('DATABASE_UNAVAILABLE');
  expect(e.message).toMatch(/数据库/);
  // the driver's own words stay out of the answer
  expect(r.body).not.toMatch(/ECONNREFUSED|terminat|connection|57P01|administrator/i);
};

// SQLite is a file inside the process: it has no connections to lose or servers to restart
describe.runIf(TEST_DB === 'postgres')('PostgreSQL goes away and comes back (PostgreSQL only)', () => {
  const appName = `skillcert_outage_${randomBytes(4).toString('hex')}`;
  const target = new URL(PG_URL);
  const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
  let t: Awaited<ReturnType<typeof platformWithLog>>;
  let cookie: string;
  let admin: pg.Client;
  const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
  /** public verification: on its own read connections (database/connection.ts `ReadSide`) */
  const verify = () =>
    t.app.inject({
      method: 'GET',
      url: `/api/public/verify?number=${DEMO_CERTIFICATE}&name=${encodeURIComponent('刘洋')}`,
    });
  /** Terminates every backend of this platform's pool (and only those). */
  const terminateOurBackends = async () =>
    (
      await admin.query<{ n: number }>(
        'select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where application_name = $1',
        [appName],
      )
    ).rows[0].n;

  beforeAll(async () => {
    await proxy.open();
    const url = new URL(PG_URL);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    url.searchParams.set('application_name', appName);
    t = await platformWithLog({ databaseUrl: url.toString() });
    admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    cookie = await loginAs(t.app, 'school-admin');
  });
  afterAll(async () => {
    await admin?.end();
    await t?.close();
    await proxy.cut();
  });

  it('backends terminated while idle in the pool: the process lives on and the next request is served', async () => {
    expect((await get('/api/plans')).statusCode).toBe(200);
    expect(await terminateOurBackends()).toBeGreaterThan(0);
    await sleep(300); // the pool hears of it (an 'error' event on idle clients)
    const r = await get('/api/plans');
    expect(r.statusCode, r.body).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
  });

  it('a backend terminated inside a transaction (a client checked out of the pool) fails that transaction only', async () => {
    const err = await t.p.deps.db
      .transaction()
      .execute(async (trx) => {
        await sql`select 1`.execute(trx);
        await terminateOurBackends();
        await sleep(300); // the client hears of it while checked out, between two statements
        await sql`select 1`.execute(trx);
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    // the connection's own error, not the failed ROLLBACK after it
    expect(classifyDatabaseError(err)).toBe('unavailable');
    expect((await get('/api/plans')).statusCode).toBe(200);
  });

  it('backends terminated during requests: each answer is 200 or 503 with Retry-After, never 500', async () => {
    for (let round = 0; round < 3; round++) {
      const reqs = Array.from({ length: 12 }, () => get('/api/plans'));
      await sleep(round * 3);
      await terminateOurBackends();
      for (const r of await Promise.all(reqs)) if (r.statusCode !== 200) expectUnavailable(r);
    }
    expect((await get('/api/plans')).statusCode).toBe(200);
  });

  it('while connections are refused: 503 DATABASE_UNAVAILABLE with Retry-After everywhere, readiness down, liveness up; it recovers with no restart', async () => {
    expect((await verify()).statusCode).toBe(200); // the read pool holds a connection
    await proxy.cut();
    await sleep(200);
    for (const r of [
      await get('/api/plans'),
      await verify(),
      await get('/api/plans'),
      await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'x', password: 'y' } }),
      await t.app.inject({ method: 'GET', url: '/api/health' }),
    ])
      expectUnavailable(r);
    const live = await t.app.inject({ method: 'GET', url: '/api/health/live' });
    expect(live.statusCode).toBe(200);
    expect(json(live)).toMatchObject({ status: 'ok' });
    // the operator is told once, not once per request, and no stack per refused request
    expect(t.log.lines.filter((l) => l.includes('requests are answered 503 until it is back'))).toHaveLength(1);
    const refused = t.log.lines.filter((l) => l.includes('database unavailable: answered 503'));
    expect(refused.length).toBeGreaterThanOrEqual(3);
    for (const l of refused) expect(l).not.toContain('"stack"');

    await proxy.open(); // the database is back, on the same address
    let ready = 0;
    for (let i = 0; i < 50 && ready !== 200; i++) {
      ready = (await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode;
      if (ready !== 200) await sleep(100);
    }
    expect(ready).toBe(200);
    const r = await get('/api/plans');
    expect(r.statusCode, r.body).toBe(200);
    const v = await verify();
    expect(v.statusCode, v.body).toBe(200);
    expect(json(v).result).toBe('valid');
    expect(t.log.lines.some((l) => l.includes('database available again'))).toBe(true);
  });

  it('new connections refused while pooled ones still work: readiness says down (it does not answer from the pool)', async () => {
    await Promise.all(Array.from({ length: 4 }, () => get('/api/plans'))); // the pool holds idle connections
    await proxy.refuseNew();
    try {
      await sleep(1100); // past the reuse of the last readiness answer
      expectUnavailable(await t.app.inject({ method: 'GET', url: '/api/health' }));
      expect((await t.app.inject({ method: 'GET', url: '/api/health/live' })).statusCode).toBe(200);
    } finally {
      await proxy.cut();
      await proxy.open();
    }
    let ready = 0;
    for (let i = 0; i < 50 && ready !== 200; i++) {
      ready = (await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode;
      if (ready !== 200) await sleep(100);
    }
    expect(ready).toBe(200);
    expect((await get('/api/plans')).statusCode).toBe(200);
  });
});

// PostgreSQL has no busy timeout: its writers wait on row locks (covered by the races below)
describe.runIf(TEST_DB === 'sqlite')('SQLite locked by another writer (SQLite only)', () => {
  let t: Awaited<ReturnType<typeof platformWithLog>>;
  beforeAll(async () => {
    t = await platformWithLog();
  });
  afterAll(async () => t?.close());

  it('SQLITE_BUSY answers 503 DATABASE_UNAVAILABLE with Retry-After, and the next request after the lock is served', async () => {
    const raw = t.p.deps.database.sqlite!;
    // the 10 s busy timeout is what production waits; the test waits 50 ms
    raw.pragma('busy_timeout = 50');
    const other = new Database(raw.name);
    try {
      other.exec('begin exclusive');
      const login = () =>
        t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'school-admin', password: 'Skill@2026' },
        });
      expectUnavailable(await login());
      other.exec('commit');
      expect((await login()).statusCode).toBe(200);
    } finally {
      other.close();
      raw.pragma('busy_timeout = 10000');
    }
  });
});

describe(`unique races answer 201 or 409, never 500, and keep identities out of the log (${TEST_DB})`, () => {
  let t: Awaited<ReturnType<typeof platformWithLog>>;
  let cookie: string;
  let occ: number;
  const duplicateId = id18('41010519880808123');
  const plan = async (title: string) => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/plans',
      headers: { cookie },
      payload: { occupationId: occ, level: 4, year: 2026, title },
    });
    expect(r.statusCode, r.body).toBe(201);
    const id = json(r).id as number;
    await t.app.inject({ method: 'POST', url: `/api/plans/${id}/publish`, headers: { cookie } });
    return id;
  };
  const register = (planId: number, idNumber: string, name = '并发考生') =>
    t.app.inject({
      method: 'POST',
      url: `/api/plans/${planId}/registrations`,
      headers: { cookie },
      // INST-1: the school's own in-school student
      payload: { name, idNumber, studentType: 'junior_college', inSchool: true, yearsInOccupation: 6 },
    });

  beforeAll(async () => {
    t = await platformWithLog({}, (app) => {
      // a write that breaks a unique key no service guards: the error handler's own answer
      app.post('/api/test/duplicate-learner', {
        config: { access: { public: 'test only' } },
        handler: async () => {
          const row = newPersonRow(
            personalData(app.deps.config),
            { name: '重复', id_type: 'resident_id', id_number: duplicateId },
            new Date().toISOString(),
          );
          await app.deps.db.transaction().execute(async (trx) => {
            await trx.insertInto('learners').values(row).execute();
            await trx.insertInto('learners').values(row).execute();
          });
          return { ok: true };
        },
      });
    });
    cookie = await loginAs(t.app, 'school-admin');
    occ = (
      await t.p.deps.db
        .selectFrom('occupations')
        .select('id')
        .where('code', '=', '6-31-01-03')
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(async () => t?.close());

  const assertLogClean = (idNumber: string) => {
    const text = t.log.lines.join('\n');
    expect(text).not.toContain(idNumber);
    expect(text).not.toContain(idNumber.slice(0, 17));
    expect(text).not.toMatch(/Key \(|Failing row|detail/);
  };

  it('ten parallel registrations of one new person in one plan: one 201, nine 409 ALREADY_REGISTERED', async () => {
    const planId = await plan('并发报名');
    const idNumber = id18('41010519900101234');
    const rs = await Promise.all(Array.from({ length: 10 }, () => register(planId, idNumber)));
    const statuses = rs.map((r) => r.statusCode).sort();
    expect(statuses, rs.map((r) => r.body).join('\n')).toEqual([201, ...Array(9).fill(409)]);
    for (const r of rs.filter((x) => x.statusCode === 409)) {
      expect(json(r).error.code).toBe('ALREADY_REGISTERED');
      expect(r.body).not.toContain(idNumber);
    }
    assertLogClean(idNumber);
  });

  it('ten parallel registrations of one new person in ten plans: all 201, one person', async () => {
    const plans: number[] = [];
    for (let i = 0; i < 10; i++) plans.push(await plan(`并发报名 ${i}`));
    const idNumber = id18('41010519900202345');
    const rs = await Promise.all(plans.map((planId) => register(planId, idNumber)));
    expect(
      rs.map((r) => r.statusCode),
      rs.map((r) => r.body).join('\n'),
    ).toEqual(Array(10).fill(201));
    expect(new Set(rs.map((r) => json(r).learnerId)).size).toBe(1);
    assertLogClean(idNumber);
  });

  it('the same number under two names at once: one 201, the other 409, neither 500', async () => {
    const planId = await plan('并发异名');
    const idNumber = id18('41010519900303456');
    const rs = await Promise.all(
      Array.from({ length: 10 }, (_, i) => register(planId, idNumber, i % 2 ? '张三' : '李四')),
    );
    const statuses = rs.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 201).every((s) => s === 409)).toBe(true);
    assertLogClean(idNumber);
  });

  it('a unique key broken where no service expects it: 409 CONFLICT in Chinese, no key value in the answer or the log', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/api/test/duplicate-learner' });
    expect(r.statusCode, r.body).toBe(409);
    expect(json(r).error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/[\u4e00-\u9fff]/) });
    expect(r.body).not.toMatch(/learners|id_number|unique|constraint|Key/i);
    expect(r.body).not.toContain(duplicateId);
    assertLogClean(duplicateId);
  });
});
