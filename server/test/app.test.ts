import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, json, TEST_DB, type TestPlatform } from './harness.js';

describe(`platform surface (${TEST_DB})`, () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform();
  });
  afterAll(async () => p?.close());

  it('GET /api/health names the database in use', async () => {
    const r = await p.app.inject({ method: 'GET', url: '/api/health' });
    expect(r.statusCode).toBe(200);
    expect(json(r)).toEqual({ status: 'ok', database: TEST_DB, version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
  });

  it('publishes OpenAPI 3 generated from the validating schemas, with browsable docs', async () => {
    const doc = json(await p.app.inject({ method: 'GET', url: '/api/openapi.json' }));
    expect(doc.openapi).toMatch(/^3\./);
    for (const r of p.app.apiRoutes.filter((x) => x.url !== '/api/openapi.json')) {
      const path = r.url.replace(/:(\w+)/g, '{$1}');
      expect(doc.paths[path]?.[r.method.toLowerCase()], `${r.method} ${r.url} in OpenAPI`).toBeDefined();
    }
    const login = doc.paths['/api/auth/login'].post.requestBody.content['application/json'].schema;
    expect(login.additionalProperties).toBe(false);
    expect(login.required).toEqual(['username', 'password']);
    const docs = await p.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
  });

  it('answers unknown API paths, malformed JSON and wrong media types in the one error shape', async () => {
    const nf = await p.app.inject({ method: 'GET', url: '/api/nope' });
    expect(nf.statusCode).toBe(404);
    expect(json(nf).error).toMatchObject({ code: 'ROUTE_NOT_FOUND', message: expect.stringContaining('接口不存在') });
    const bad = await p.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":',
    });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error.code).toBe('BAD_REQUEST');
    const media = await p.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'text/csv' },
      payload: 'a,b',
    });
    expect(media.statusCode).toBe(415);
    expect(json(media).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const missing = await p.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'x' } });
    expect(json(missing).error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: '/password', message: '缺少必填字段 password' }],
    });
  });

  it('hides internals of a 5xx and returns a request id to report', async () => {
    const q = await createTestPlatform();
    try {
      // a failing database stands in for any unexpected fault
      await q.deps.database.close();
      const r = await q.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'learner', password: 'Skill@2026' },
      });
      expect(r.statusCode).toBe(500);
      const body = json(r);
      expect(body.error).toEqual({
        code: 'INTERNAL',
        message: '服务器内部错误，请稍后再试',
        requestId: r.headers['x-request-id'],
      });
      expect(r.body).not.toMatch(/sqlite|pool|kysely|stack|Error:/i);
    } finally {
      await q.app.close();
    }
  });

  it('sends security headers and keeps API answers out of caches', async () => {
    const r = await p.app.inject({ method: 'GET', url: '/api/meta' });
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(r.headers['cache-control']).toBe('no-store');
  });

  it('in demo mode /api/meta lists the demo accounts; outside demo mode none exist', async () => {
    const meta = json(await p.app.inject({ method: 'GET', url: '/api/meta' }));
    expect(meta.demo).toBe(true);
    expect(meta.demoAccounts.map((a: any) => a.username)).toEqual(
      expect.arrayContaining([
        'province-admin',
        'province-edu',
        'city-admin',
        'school-admin',
        'audit-admin',
        'learner',
      ]),
    );
    const prod = await createTestPlatform({ demo: false });
    try {
      const m = json(await prod.app.inject({ method: 'GET', url: '/api/meta' }));
      expect(m).toMatchObject({ demo: false, demoAccounts: [] });
      expect(m.demoPassword).toBeUndefined();
      const users = await prod.deps.db.selectFrom('users').select('id').execute();
      expect(users).toHaveLength(0);
      const r = await prod.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'province-admin', password: 'Skill@2026' },
      });
      expect(r.statusCode).toBe(401);
    } finally {
      await prod.close();
    }
  });

  it('honours a client-supplied request id and echoes it', async () => {
    const r = await p.app.inject({ method: 'GET', url: '/api/health', headers: { 'x-request-id': 'trace-abc-12345' } });
    expect(r.headers['x-request-id']).toBe('trace-abc-12345');
  });
});

describe.runIf(TEST_DB === 'sqlite')('SQLite done right', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform();
  });
  afterAll(async () => p?.close());

  it('runs with WAL, synchronous=FULL, foreign keys and a busy timeout', () => {
    const raw = p.deps.database.sqlite!;
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('synchronous', { simple: true })).toBe(2);
    expect(raw.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(raw.pragma('busy_timeout', { simple: true })).toBeGreaterThanOrEqual(5000);
  });

  it('refuses to start when a pragma does not read back (an in-memory database cannot use WAL)', async () => {
    const { openSqlite } = await import('../src/database/sqlite-dialect.js');
    expect(() => openSqlite(':memory:')).toThrow(/PRAGMA journal_mode 读回 memory/);
  });

  it('write transactions begin immediately: another connection cannot write while one is open', async () => {
    const file = p.deps.database.description;
    await p.deps.db.transaction().execute(async (trx) => {
      await trx.selectFrom('regions').select('code').limit(1).execute(); // only a read so far
      const other = new Database(file, { timeout: 0 });
      try {
        expect(() => other.exec('begin immediate')).toThrow(/locked|busy/i);
      } finally {
        other.close();
      }
    });
  });

  it('reuses prepared statements from a bounded cache', async () => {
    const { withStatementCache } = await import('../src/database/sqlite-dialect.js');
    const raw = new Database(':memory:');
    let prepared = 0;
    const counting = new Proxy(raw, {
      get: (t, k) => (k === 'prepare' ? (s: string) => (prepared++, t.prepare(s)) : Reflect.get(t, k)),
    });
    const cached = withStatementCache(counting, 2);
    cached.prepare('select 1');
    cached.prepare('select 1');
    expect(prepared).toBe(1);
    cached.prepare('select 2');
    cached.prepare('select 3'); // evicts 'select 1'
    cached.prepare('select 1');
    expect(prepared).toBe(4);
    raw.close();
  });
});

describe('DATABASE_URL', () => {
  it('picks the dialect from the URL and explains a wrong one', async () => {
    const { parseDatabaseUrl } = await import('../src/database/connection.js');
    expect(parseDatabaseUrl('', '/d')).toEqual({ dialect: 'sqlite', target: '/d/skillcert.db' });
    expect(parseDatabaseUrl('sqlite:/tmp/x.db', '/d')).toEqual({ dialect: 'sqlite', target: '/tmp/x.db' });
    expect(parseDatabaseUrl('postgres://u:p@h/db', '/d').dialect).toBe('postgres');
    expect(() => parseDatabaseUrl('mysql://u:secret@h/db', '/d')).toThrow(/无法识别.*\*\*\*/);
  });
});
