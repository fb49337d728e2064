/**
 * The access matrix of every API route, walked from the routes the app actually registered:
 * each route refuses a caller without login, a caller with a wrong role, and a caller from
 * another scope (or states why no other scope exists). A new route without an entry here fails.
 * Every successful write is shown to leave an audit record carrying its request id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { ROLE_INFO, type Role } from '../../contract/roles.js';
import { createTestPlatform, json, loginAs, makeUser, TEST_DB, type TestPlatform } from './harness.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
interface Env {
  p: TestPlatform;
  cookie(username: string): Promise<string>;
  req(username: string | null, method: Method, url: string, payload?: unknown): Promise<{ status: number; body: any; raw: Buffer; headers: Record<string, unknown> }>;
  zzInstitutionId: number;
  targetUserId: number;
  lyInstitutionId: number;
}

interface RouteCase {
  /** concrete URL for the route pattern */
  url: string;
  /** a valid body for writes */
  body?: unknown;
  /** a user allowed by role (used for the write-is-audited check); omit for public routes */
  allowed?: string;
  /** a signed-in user whose role is refused, or why none exists */
  wrongRole: string | { none: string };
  /** proves another scope is refused, or says why the route has no narrower scope */
  otherScope: ((e: Env) => Promise<void>) | NoScope | { none: string };
  public?: true;
}

type NoScope = { none: string; kind: 'reference' | 'platform' | 'self' | 'national-edit' };
const REFERENCE: NoScope = { kind: 'reference', none: 'national reference data: every signed-in user reads the same list' };
const PLATFORM: NoScope = { kind: 'platform', none: 'platform-wide administrator route (三员分立): no region or institution scope applies' };
const SELF: NoScope = { kind: 'self', none: 'acts only on the caller’s own session or account' };
const NATIONAL_EDIT: NoScope = { kind: 'national-edit', none: 'one national list, maintained by province officials' };

const CASES: Record<string, RouteCase> = {
  'GET /api/health': { url: '/api/health', public: true, wrongRole: { none: 'public' }, otherScope: { none: 'public' } },
  'GET /api/meta': { url: '/api/meta', public: true, wrongRole: { none: 'public' }, otherScope: { none: 'public' } },
  'GET /api/openapi.json': { url: '/api/openapi.json', public: true, wrongRole: { none: 'public' }, otherScope: { none: 'public' } },
  'POST /api/auth/login': { url: '/api/auth/login', public: true, wrongRole: { none: 'public' }, otherScope: { none: 'public' } },
  'POST /api/auth/logout': {
    url: '/api/auth/logout',
    allowed: 'logout-user',
    wrongRole: { none: 'every signed-in user may sign out' },
    otherScope: async (e) => {
      // signing out ends only the caller's session, never another user's
      const other = await e.cookie('city-admin');
      const mine = await loginAs(e.p.app, 'luoyang-admin');
      const r = await e.p.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: mine } });
      expect(r.statusCode).toBe(204);
      const still = await e.p.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: other } });
      expect(still.statusCode).toBe(200);
      const gone = await e.p.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: mine } });
      expect(gone.statusCode).toBe(401);
    },
  },
  'GET /api/auth/me': { url: '/api/auth/me', wrongRole: { none: 'every signed-in user' }, otherScope: SELF },
  'POST /api/auth/password': { url: '/api/auth/password', body: { currentPassword: 'Skill@2026', newPassword: 'New#Pass2026' }, allowed: 'pw-user', wrongRole: { none: 'every signed-in user' }, otherScope: SELF },
  'GET /api/home': {
    url: '/api/home',
    wrongRole: { none: 'every signed-in user has a home page' },
    otherScope: async (e) => {
      const zz = (await e.req('city-admin', 'GET', '/api/home')).body;
      const ly = (await e.req('luoyang-admin', 'GET', '/api/home')).body;
      const zzList = (await e.req('city-admin', 'GET', '/api/institutions?pageSize=200')).body;
      const card = (h: any) => h.cards.find((c: any) => c.key === 'institutions').value;
      expect(card(zz)).toBe(zzList.total);
      expect(card(ly)).not.toBe(card(zz));
      expect(JSON.stringify(zz.chart)).not.toContain('洛龙区');
    },
  },
  'GET /api/regions': { url: '/api/regions?parent=410000', wrongRole: { none: 'every signed-in user' }, otherScope: REFERENCE },
  'GET /api/regions/:code': { url: '/api/regions/410100', wrongRole: { none: 'every signed-in user' }, otherScope: REFERENCE },
  'PATCH /api/regions/:code': {
    url: '/api/regions/410100',
    body: { name: '郑州市' },
    allowed: 'province-admin',
    wrongRole: 'city-admin',
    otherScope: async (e) => {
      await makeUser(e.p.deps, { username: 'hubei-admin', role: 'province_hrss', region: '420000' });
      const r = await e.req('hubei-admin', 'PATCH', '/api/regions/410100', { name: '改名' });
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('FORBIDDEN_SCOPE');
    },
  },
  'GET /api/occupations': { url: '/api/occupations', wrongRole: { none: 'every signed-in user' }, otherScope: REFERENCE },
  'POST /api/occupations': { url: '/api/occupations', body: { code: '4-99-99-01', name: '测试职业', edition: '2022' }, allowed: 'province-admin', wrongRole: 'city-admin', otherScope: NATIONAL_EDIT },
  'PATCH /api/occupations/:id': { url: '/api/occupations/1', body: { note: '已核实' }, allowed: 'province-admin', wrongRole: 'school-admin', otherScope: NATIONAL_EDIT },
  'GET /api/one-plus-x': { url: '/api/one-plus-x', wrongRole: { none: 'every signed-in user' }, otherScope: REFERENCE },
  'POST /api/one-plus-x': { url: '/api/one-plus-x', body: { batch: 3, name: '测试证书', organisation: '测试组织' }, allowed: 'province-edu', wrongRole: 'learner', otherScope: NATIONAL_EDIT },
  'PATCH /api/one-plus-x/:id': { url: '/api/one-plus-x/1', body: { active: true }, allowed: 'province-edu', wrongRole: 'audit-admin', otherScope: NATIONAL_EDIT },
  'GET /api/levels': { url: '/api/levels', wrongRole: { none: 'every signed-in user' }, otherScope: REFERENCE },
  'GET /api/institutions': {
    url: '/api/institutions',
    wrongRole: 'learner',
    otherScope: async (e) => {
      const r = await e.req('luoyang-admin', 'GET', '/api/institutions?pageSize=200');
      expect(r.status).toBe(200);
      expect(r.body.items.map((i: any) => i.id)).not.toContain(e.zzInstitutionId);
      expect(r.body.items.every((i: any) => i.name.startsWith('洛阳'))).toBe(true);
      expect(r.body.total).toBe(r.body.items.length);
      const s = await e.req('school-admin', 'GET', '/api/institutions?pageSize=200');
      expect(s.body.total).toBe(1);
    },
  },
  'GET /api/institutions/export': {
    url: '/api/institutions/export',
    allowed: 'city-admin',
    wrongRole: 'examiner-user',
    otherScope: async (e) => {
      const r = await e.req('luoyang-admin', 'GET', '/api/institutions/export');
      expect(r.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(r.raw as unknown as ArrayBuffer);
      const names: string[] = [];
      wb.worksheets[0].eachRow((row, i) => i > 1 && names.push(String(row.getCell(2).value)));
      expect(names.length).toBeGreaterThan(0);
      expect(names.some((n) => n.includes('郑州'))).toBe(false);
    },
  },
  'GET /api/institutions/:id': {
    url: '/api/institutions/1',
    wrongRole: 'audit-admin',
    otherScope: async (e) => {
      const r = await e.req('luoyang-admin', 'GET', `/api/institutions/${e.zzInstitutionId}`);
      expect(r.status).toBe(404);
      const s = await e.req('school-admin', 'GET', `/api/institutions/${e.lyInstitutionId}`);
      expect(s.status).toBe(404);
    },
  },
  'GET /api/accounts': { url: '/api/accounts', wrongRole: 'province-admin', otherScope: PLATFORM },
  'POST /api/accounts': {
    url: '/api/accounts',
    body: { username: 'new-official', displayName: '新用户', role: 'county_hrss', regionCode: '410102', password: 'Strong#2026' },
    allowed: 'system-admin',
    wrongRole: 'security-admin',
    otherScope: PLATFORM,
  },
  'PATCH /api/accounts/:id': { url: '/api/accounts/{target}', body: { displayName: '刘洋洋' }, allowed: 'system-admin', wrongRole: 'audit-admin', otherScope: PLATFORM },
  'POST /api/accounts/:id/unlock': { url: '/api/accounts/{target}/unlock', allowed: 'security-admin', wrongRole: 'system-admin', otherScope: PLATFORM },
  'POST /api/accounts/:id/reset-password': { url: '/api/accounts/{target}/reset-password', body: { newPassword: 'Reset#2026x' }, allowed: 'security-admin', wrongRole: 'system-admin', otherScope: PLATFORM },
  'GET /api/audit': { url: '/api/audit', wrongRole: 'system-admin', otherScope: PLATFORM },
  'GET /api/audit/verify': { url: '/api/audit/verify', allowed: 'audit-admin', wrongRole: 'security-admin', otherScope: PLATFORM },
};

describe(`route access matrix (${TEST_DB})`, () => {
  let e: Env;
  const cookies = new Map<string, string>();
  beforeAll(async () => {
    const p = await createTestPlatform();
    const inst = await p.deps.db.selectFrom('institutions').select(['id', 'name']).execute();
    const schoolId = inst.find((i) => i.name === '郑州智能制造职业学院')!.id;
    await makeUser(p.deps, { username: 'examiner-user', role: 'examiner', institutionId: schoolId });
    await makeUser(p.deps, { username: 'pw-user', role: 'learner' });
    await makeUser(p.deps, { username: 'logout-user', role: 'learner' });
    const targetUserId = await makeUser(p.deps, { username: 'target-user', role: 'city_edu', region: '410300' });
    e = {
      p,
      targetUserId,
      zzInstitutionId: inst.find((i) => i.name.startsWith('郑州城市建设'))!.id,
      lyInstitutionId: inst.find((i) => i.name.startsWith('洛阳'))!.id,
      async cookie(username) {
        if (!cookies.has(username)) cookies.set(username, await loginAs(p.app, username));
        return cookies.get(username)!;
      },
      async req(username, method, url, payload) {
        const headers = username ? { cookie: await e.cookie(username) } : {};
        url = url.replace('{target}', String(e.targetUserId));
        const r = await p.app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
        const isJson = String(r.headers['content-type'] ?? '').includes('json');
        return { status: r.statusCode, body: isJson && r.body ? JSON.parse(r.body) : r.body, raw: r.rawPayload, headers: r.headers };
      },
    };
  });
  afterAll(async () => e?.p.close());

  it('every registered /api route has a case, and every case a route', () => {
    const registered = e.p.app.apiRoutes.map((r) => `${r.method} ${r.url}`).sort();
    expect(registered.filter((k) => !CASES[k]), 'routes without an access case').toEqual([]);
    expect(Object.keys(CASES).filter((k) => !registered.includes(k)), 'cases without a route').toEqual([]);
  });

  it('public routes are exactly the declared public ones', () => {
    const pub = e.p.app.apiRoutes.filter((r) => 'public' in r.access).map((r) => `${r.method} ${r.url}`).sort();
    expect(pub).toEqual(Object.entries(CASES).filter(([, c]) => c.public).map(([k]) => k).sort());
  });

  for (const [key, c] of Object.entries(CASES)) {
    const [method] = key.split(' ') as [Method];
    if (c.public) continue;
    describe(key, () => {
      it('refuses a caller without login (401 AUTH_REQUIRED)', async () => {
        const r = await e.req(null, method, c.url, c.body);
        expect(r.status).toBe(401);
        expect(r.body.error.code).toBe('AUTH_REQUIRED');
      });
      const route = () => e.p.app.apiRoutes.find((r) => `${r.method} ${r.url}` === key)!;
      const roles = () => (route().access as { roles: readonly Role[] | 'authenticated' }).roles;
      if (typeof c.wrongRole === 'string') {
        it(`refuses a wrong role (${c.wrongRole}: 403 FORBIDDEN_ROLE, audited)`, async () => {
          const r = await e.req(c.wrongRole as string, method, c.url, c.body);
          expect(r.status).toBe(403);
          expect(r.body.error.code).toBe('FORBIDDEN_ROLE');
          const denied = await e.p.deps.db.selectFrom('audit_log').selectAll().where('request_id', '=', String(r.headers['x-request-id'])).executeTakeFirst();
          expect(denied?.outcome).toBe('denied');
          expect(denied?.action).toBe('access.denied');
        });
      } else {
        it(`has no wrong role (${c.wrongRole.none}): the route admits every signed-in role`, () => expect(roles()).toBe('authenticated'));
      }
      if (typeof c.otherScope === 'function') {
        const fn = c.otherScope;
        it('refuses another scope', async () => fn(e));
      } else {
        const ns = c.otherScope as NoScope;
        it(`has no narrower scope (${ns.none})`, async () => {
          if (ns.kind === 'platform') expect((roles() as Role[]).every((r) => ROLE_INFO[r].scope === 'platform')).toBe(true);
          else if (ns.kind === 'national-edit') expect((roles() as Role[]).every((r) => ROLE_INFO[r].regionLevel === 'province')).toBe(true);
          else if (ns.kind === 'self') expect(c.url).not.toMatch(/[:{]/);
          else {
            // two officials of different cities read exactly the same thing
            const a = await e.req('city-admin', 'GET', c.url);
            const b = await e.req('luoyang-admin', 'GET', c.url);
            expect(a.status).toBe(200);
            expect(b.body).toEqual(a.body);
          }
        });
      }
      if (method !== 'GET' && c.allowed) {
        it(`a successful call by ${c.allowed} is audited with its request id`, async () => {
          const r = await e.req(c.allowed!, method, c.url, c.body);
          expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
          const rows = await e.p.deps.db.selectFrom('audit_log').selectAll().where('request_id', '=', String(r.headers['x-request-id'])).execute();
          expect(rows.length).toBeGreaterThan(0);
          expect(rows.some((x) => x.outcome === 'success' && x.actor_name === c.allowed)).toBe(true);
        });
      }
    });
  }
});
