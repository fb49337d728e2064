/**
 * The access matrix of every API route, walked from the routes the app actually registered:
 * each route refuses a caller without login, every role its action does not allow in the one
 * access table (contract/access.ts), and a caller from another scope (or states why no other
 * scope exists). A new route without an entry here fails; so does an action no route or service
 * uses. Every successful write is shown to leave an audit record carrying its request id.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { ACCESS, ACTIONS, type Action } from '../../contract/access.js';
import { expertReview, FILING_TRANSITIONS } from '../../contract/filing-workflow.js';
import { MIN_EXPERT_OPINIONS } from '../../contract/limits.js';
import { ROLE_INFO, ROLES, type Role } from '../../contract/roles.js';
import { DEMO_STUDENTS, demoPdf } from '../src/seed/demo.js';
import { residentIdCheckChar } from '../src/lib/identity.js';
import { newPersonRow } from '../src/modules/people/id-numbers.service.js';
import ExcelJSLib from 'exceljs';
import { generate } from 'otplib';
import {
  createTestPlatform,
  json,
  loginAs,
  makeUser,
  multipart,
  newResidentId,
  TEST_DB,
  type TestPlatform,
} from './harness.js';
import { personalData } from '../src/lib/personal-data.js';
import { addDays, businessDate } from '../src/lib/dates.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
interface Env {
  p: TestPlatform;
  cookie(username: string): Promise<string>;
  req(
    username: string | null,
    method: Method,
    url: string,
    payload?: unknown,
  ): Promise<{ status: number; body: any; raw: Buffer; headers: Record<string, unknown> }>;
  zzInstitutionId: number;
  targetUserId: number;
  /** named fixtures, resolved when a request is made (state moves as the cases run) */
  fx: Record<string, () => Promise<number | string>>;
  resolve(text: string): Promise<string>;
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
const REFERENCE: NoScope = {
  kind: 'reference',
  none: 'national reference data: every signed-in user reads the same list',
};
const PLATFORM: NoScope = {
  kind: 'platform',
  none: 'platform-wide administrator route (三员分立): no region or institution scope applies',
};
const SELF: NoScope = { kind: 'self', none: 'acts only on the caller’s own session or account' };
const TEMPLATE: NoScope = { kind: 'self', none: 'a blank template: it carries no records' };
const NATIONAL_EDIT: NoScope = { kind: 'national-edit', none: 'one national list, maintained by province officials' };

interface Multipart {
  fields: Record<string, string>;
  file: { name: string; content: Buffer };
}
const PDF = demoPdf('evidence');
const id18 = (first17: string) => first17 + residentIdCheckChar(first17);
/** people of the training cases: a full-time trainer and a trainee no demo record uses */
const TRAINER_ID = id18('41010519800101771');
const TRAINEE_ID = id18('41010519920202772');
const HOURS_TRAINEE_ID = id18('41010519940404774');
/** a class application of the demo school (electricians, held in its own 中原区) */
const CLASS_BODY = {
  title: '矩阵电工培训班',
  occupationId: '{elec}',
  level: 4,
  classType: 'upgrading',
  subsidised: true,
  mode: 'offline',
  theoryHours: 14,
  practicalHours: 26,
  minutesPerHour: 45,
  teachers: 2,
  workstations: 2,
  capacity: 40,
  startDate: '2099-03-01',
  endDate: '2099-04-01',
  regionCode: '410102',
  site: '郑州智能制造职业学院实训楼',
  majors: ['电气自动化技术'],
};
/** The signed-in user of each role that the matrix sends to every route (`as-city_hrss` …). */
const asRole = (role: Role) => `as-${role}`;
const HOME_REGION = { province: '410000', city: '410100', county: '410102' } as const;

/** Actions a service checks itself: a `can(role, 'x')` in server code, or a step of the filing workflow table. */
function actionsCheckedInServices(): Set<string> {
  const found = new Set<string>(Object.values(FILING_TRANSITIONS).map((t) => t.action));
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
      const f = path.join(dir, d.name);
      return d.isDirectory() ? walk(f) : f.endsWith('.ts') && !f.endsWith('.test.ts') ? [f] : [];
    });
  for (const f of walk(path.join(import.meta.dirname, '..', 'src')))
    for (const m of fs.readFileSync(f, 'utf8').matchAll(/\bcan\([^,()]+,\s*'([\w.]+)'\)/g)) found.add(m[1]);
  return found;
}
const notVisibleTo = (username: string, method: Method, url: string, body?: unknown) => async (e: Env) => {
  const r = await e.req(username, method, url, body);
  expect(r.status, JSON.stringify(r.body)).toBe(404);
  expect(r.body.error.code).toBe('NOT_FOUND');
};

/** The values of one column of an exported workbook's first sheet, below its header. */
async function exportedColumn(raw: Buffer, column: number): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(raw as unknown as ArrayBuffer);
  const out: string[] = [];
  wb.worksheets[0].eachRow((row, i) => i > 1 && out.push(String(row.getCell(column).value ?? '')));
  return out;
}

const CASES: Record<string, RouteCase> = {
  'GET /api/health': {
    url: '/api/health',
    public: true,
    wrongRole: { none: 'public' },
    otherScope: { none: 'public' },
  },
  'GET /api/health/live': {
    url: '/api/health/live',
    public: true,
    wrongRole: { none: 'public' },
    otherScope: { none: 'public' },
  },
  'GET /api/meta': { url: '/api/meta', public: true, wrongRole: { none: 'public' }, otherScope: { none: 'public' } },
  'GET /api/openapi.json': {
    url: '/api/openapi.json',
    public: true,
    wrongRole: { none: 'public' },
    otherScope: { none: 'public' },
  },
  'POST /api/auth/login': {
    url: '/api/auth/login',
    public: true,
    wrongRole: { none: 'public' },
    otherScope: { none: 'public' },
  },
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
  'POST /api/auth/password': {
    url: '/api/auth/password',
    body: { currentPassword: 'Skill@2026', newPassword: 'New#Pass2026' },
    allowed: 'pw-user',
    wrongRole: { none: 'every signed-in user' },
    otherScope: SELF,
  },
  'POST /api/auth/second-factor': {
    url: '/api/auth/second-factor',
    public: true,
    wrongRole: { none: 'public: the second step of signing in, for a pending session' },
    otherScope: { none: 'public' },
  },
  'POST /api/auth/second-factor/enrolment': {
    url: '/api/auth/second-factor/enrolment',
    allowed: 'enrol-user',
    wrongRole: { none: 'every signed-in user may bind a second factor' },
    otherScope: SELF,
  },
  'POST /api/auth/second-factor/enrolment/confirm': {
    url: '/api/auth/second-factor/enrolment/confirm',
    body: { code: '{enrolCode}' },
    allowed: 'enrol-user',
    wrongRole: { none: 'every signed-in user may bind a second factor' },
    otherScope: SELF,
  },
  'POST /api/auth/second-factor/recovery-codes': {
    url: '/api/auth/second-factor/recovery-codes',
    body: { code: '{nextEnrolCode}' },
    allowed: 'enrol-user',
    wrongRole: { none: 'every signed-in user may bind a second factor' },
    otherScope: SELF,
  },
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
  'GET /api/regions': {
    url: '/api/regions?parent=410000',
    wrongRole: { none: 'every signed-in user' },
    otherScope: REFERENCE,
  },
  'GET /api/regions/:code': {
    url: '/api/regions/410100',
    wrongRole: { none: 'every signed-in user' },
    otherScope: REFERENCE,
  },
  'PATCH /api/regions/:code': {
    url: '/api/regions/410100',
    body: { name: '郑州市' },
    allowed: 'province-admin',
    wrongRole: 'city-admin',
    otherScope: async (e) => {
      const r = await e.req('hubei-admin', 'PATCH', '/api/regions/410100', { name: '改名' });
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('FORBIDDEN_SCOPE');
    },
  },
  'GET /api/occupations': {
    url: '/api/occupations',
    wrongRole: { none: 'every signed-in user' },
    otherScope: REFERENCE,
  },
  'POST /api/occupations': {
    url: '/api/occupations',
    body: { code: '4-99-99-01', name: '测试职业', edition: '2022' },
    allowed: 'province-admin',
    wrongRole: 'city-admin',
    otherScope: NATIONAL_EDIT,
  },
  'PATCH /api/occupations/:id': {
    url: '/api/occupations/1',
    body: { note: '已核实' },
    allowed: 'province-admin',
    wrongRole: 'school-admin',
    otherScope: NATIONAL_EDIT,
  },
  'GET /api/one-plus-x': { url: '/api/one-plus-x', wrongRole: { none: 'every signed-in user' }, otherScope: REFERENCE },
  'POST /api/one-plus-x': {
    url: '/api/one-plus-x',
    body: { batch: 3, name: '测试证书', organisation: '测试组织' },
    allowed: 'province-edu',
    wrongRole: 'learner',
    otherScope: NATIONAL_EDIT,
  },
  'PATCH /api/one-plus-x/:id': {
    url: '/api/one-plus-x/1',
    body: { active: true },
    allowed: 'province-edu',
    wrongRole: 'audit-admin',
    otherScope: NATIONAL_EDIT,
  },
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
  // ---- institutions (INST-1..8)
  'POST /api/institutions': {
    url: '/api/institutions',
    body: { name: '郑州测试评价中心', kind: 'social', owner: 'local', regionCode: '410105' },
    allowed: 'city-admin',
    wrongRole: 'school-admin',
    otherScope: async (e) => {
      const r = await e.req('luoyang-admin', 'POST', '/api/institutions', {
        name: '越权登记',
        kind: 'social',
        owner: 'local',
        regionCode: '410105',
      });
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('FORBIDDEN_SCOPE');
    },
  },
  'PATCH /api/institutions/:id': {
    url: '/api/institutions/{zzInst}',
    body: { contactName: '张三' },
    allowed: 'city-admin',
    wrongRole: 'learner',
    otherScope: notVisibleTo('luoyang-admin', 'PATCH', '/api/institutions/{zzInst}', { contactName: 'x' }),
  },
  'GET /api/institutions/:id/scopes': {
    url: '/api/institutions/{zzInst}/scopes',
    wrongRole: 'learner',
    otherScope: notVisibleTo('luoyang-admin', 'GET', '/api/institutions/{zzInst}/scopes'),
  },
  'GET /api/institutions/:id/events': {
    url: '/api/institutions/{zzInst}/events',
    wrongRole: 'audit-admin',
    otherScope: notVisibleTo('school-admin', 'GET', '/api/institutions/{zzInst}/events'),
  },
  'POST /api/institutions/:id/actions': {
    url: '/api/institutions/{managedInst}/actions',
    body: { action: 'rectify', reason: '考场监控不全', deadline: '2099-01-01' },
    allowed: 'city-admin',
    wrongRole: 'city-edu',
    otherScope: notVisibleTo('luoyang-admin', 'POST', '/api/institutions/{managedInst}/actions', {
      action: 'suspend',
      reason: '越权操作',
    }),
  },
  'POST /api/institutions/:id/credit-events': {
    url: '/api/institutions/{managedInst}/credit-events',
    body: { type: 'late_report', reason: '月报逾期' },
    allowed: 'city-admin',
    wrongRole: 'school-admin',
    otherScope: notVisibleTo('luoyang-admin', 'POST', '/api/institutions/{managedInst}/credit-events', {
      type: 'violation',
      reason: '越权记录',
    }),
  },
  'GET /api/institutions/:id/prerequisites': {
    url: '/api/institutions/{zhongzhi}/prerequisites',
    wrongRole: 'examiner-user',
    otherScope: notVisibleTo('school-admin', 'GET', '/api/institutions/{zhongzhi}/prerequisites'),
  },
  'POST /api/institutions/:id/evidence': {
    url: '/api/institutions/{zhongzhi}/evidence',
    body: { __multipart: { fields: { item: 'funding' }, file: { name: '经费证明.pdf', content: PDF } } },
    allowed: 'zhongzhi-admin',
    wrongRole: 'city-admin',
    otherScope: notVisibleTo('luoyang-admin', 'GET', '/api/institutions/{zhongzhi}/prerequisites'),
  },
  'GET /api/evidence/:id': {
    url: '/api/evidence/{evidence}',
    wrongRole: 'learner',
    otherScope: notVisibleTo('luoyang-admin', 'GET', '/api/evidence/{evidence}'),
  },
  'DELETE /api/institutions/:id/evidence/:evidenceId': {
    url: '/api/institutions/{zhongzhi}/evidence/{evidence}',
    allowed: 'zhongzhi-admin',
    wrongRole: 'city-admin',
    otherScope: async (e) => {
      const r = await e.req('school-admin', 'DELETE', '/api/institutions/{zhongzhi}/evidence/{evidence}');
      expect(r.status).toBe(404);
    },
  },
  // ---- the filing workflow (INST-2), in the order a real application moves
  'GET /api/filings/export': {
    url: '/api/filings/export',
    allowed: 'city-admin',
    wrongRole: 'learner',
    otherScope: async (e) => {
      const r = await e.req('luoyang-admin', 'GET', '/api/filings/export');
      expect(r.status).toBe(200);
      expect((await exportedColumn(r.raw, 2)).some((n) => n.includes('郑州'))).toBe(false);
    },
  },
  'GET /api/filings': {
    url: '/api/filings',
    wrongRole: 'learner',
    otherScope: async (e) => {
      const ly = await e.req('luoyang-admin', 'GET', '/api/filings?pageSize=200');
      expect(ly.body.items.length).toBeGreaterThan(0);
      expect(ly.body.items.every((f: any) => f.institutionName.startsWith('洛阳'))).toBe(true);
      const own = await e.req('school-admin', 'GET', '/api/filings?pageSize=200');
      expect(own.body.items.every((f: any) => f.institutionName === '郑州智能制造职业学院')).toBe(true);
    },
  },
  'GET /api/filings/queue': {
    url: '/api/filings/queue',
    wrongRole: 'security-admin',
    otherScope: async (e) => {
      const q = await e.req('luoyang-admin', 'GET', '/api/filings/queue');
      expect(q.body.items.every((f: any) => f.institutionName.startsWith('洛阳'))).toBe(true);
    },
  },
  'GET /api/filings/:id': {
    url: '/api/filings/{schoolFiling}',
    wrongRole: 'learner',
    otherScope: notVisibleTo('zhongzhi-admin', 'GET', '/api/filings/{schoolFiling}'),
  },
  'POST /api/filings': {
    url: '/api/filings',
    body: { scopes: [{ occupationId: '{occ}', level: 4 }] },
    allowed: 'zhongzhi-admin',
    wrongRole: 'city-admin',
    otherScope: SELF,
  },
  'PATCH /api/filings/:id': {
    url: '/api/filings/{draft}',
    body: {
      scopes: [
        { occupationId: '{occ}', level: 4 },
        { occupationId: '{occ}', level: 5 },
      ],
    },
    allowed: 'zhongzhi-admin',
    wrongRole: 'province-admin',
    otherScope: notVisibleTo('school-admin', 'PATCH', '/api/filings/{draft}', { note: '越权' }),
  },
  'POST /api/filings/:id/submit': {
    url: '/api/filings/{draft}/submit',
    allowed: 'zhongzhi-admin',
    wrongRole: 'city-edu',
    otherScope: notVisibleTo('school-admin', 'POST', '/api/filings/{draft}/submit'),
  },
  'POST /api/filings/:id/expert-opinions': {
    url: '/api/filings/{draft}/expert-opinions',
    body: { expertId: '{expert}', opinion: 'agree', comment: '条件具备' },
    allowed: 'city-edu',
    wrongRole: 'school-admin',
    otherScope: notVisibleTo('ly-edu', 'POST', '/api/filings/{draft}/expert-opinions', {
      expertId: '{expert}',
      opinion: 'agree',
    }),
  },
  'POST /api/filings/:id/recommend': {
    url: '/api/filings/{reviewed}/recommend',
    body: {},
    allowed: 'city-edu',
    wrongRole: 'city-admin',
    otherScope: notVisibleTo('ly-edu', 'POST', '/api/filings/{draft}/recommend', {}),
  },
  'POST /api/filings/:id/file': {
    url: '/api/filings/{draft}/file',
    body: { reason: '符合条件' },
    allowed: 'city-admin',
    wrongRole: 'city-edu',
    otherScope: notVisibleTo('luoyang-admin', 'POST', '/api/filings/{draft}/file', {}),
  },
  'POST /api/filings/:id/return': {
    url: '/api/filings/{returnFiling}/return',
    body: { reason: '材料不全，请补充' },
    allowed: 'province-edu',
    wrongRole: 'learner',
    otherScope: notVisibleTo('luoyang-admin', 'POST', '/api/filings/{returnFiling}/return', { reason: '越权退回' }),
  },
  'POST /api/filings/:id/reject': {
    url: '/api/filings/{rejectFiling}/reject',
    body: { reason: '不具备评价条件' },
    allowed: 'province-edu',
    wrongRole: 'school-admin',
    otherScope: notVisibleTo('city-admin', 'POST', '/api/filings/{rejectFiling}/reject', { reason: '越权' }),
  },
  'POST /api/filings/:id/withdraw': {
    url: '/api/filings/{withdrawFiling}/withdraw',
    allowed: 'shangmao-admin',
    wrongRole: 'city-admin',
    otherScope: notVisibleTo('zhongzhi-admin', 'POST', '/api/filings/{withdrawFiling}/withdraw'),
  },
  // ---- staff (INST-3, INST-8)
  'GET /api/staff/export': {
    url: '/api/staff/export',
    allowed: 'city-admin',
    wrongRole: 'learner',
    otherScope: async (e) => {
      const r = await e.req('luoyang-admin', 'GET', '/api/staff/export');
      expect(r.status).toBe(200);
      const places = await exportedColumn(r.raw, 5);
      expect(places.length).toBeGreaterThan(0);
      expect(places.some((n) => n.includes('郑州'))).toBe(false);
    },
  },
  'GET /api/staff': {
    url: '/api/staff',
    wrongRole: 'learner',
    otherScope: async (e) => {
      const own = await e.req('school-admin', 'GET', '/api/staff?pageSize=200');
      expect(own.body.total).toBeGreaterThan(0);
      expect(own.body.items.every((s: any) => s.institutionName === '郑州智能制造职业学院')).toBe(true);
      const ly = await e.req('luoyang-admin', 'GET', '/api/staff?pageSize=200');
      expect(ly.body.items.every((s: any) => s.regionCode.startsWith('4103'))).toBe(true);
    },
  },
  'GET /api/staff/:id': {
    url: '/api/staff/{schoolStaff}',
    wrongRole: 'learner',
    otherScope: notVisibleTo('zhongzhi-admin', 'GET', '/api/staff/{schoolStaff}'),
  },
  'POST /api/staff': {
    url: '/api/staff',
    body: { kind: 'examiner', name: '测试考评员', idNumber: newResidentId(), occupationIds: ['{occ}'] },
    allowed: 'school-admin',
    wrongRole: 'city-edu',
    otherScope: async (e) => {
      const r = await e.req('school-admin', 'POST', '/api/staff', {
        kind: 'examiner',
        idNumber: newResidentId(),
        name: '代登记',
        occupationIds: ['{occ}'],
        institutionId: '{zhongzhi}',
      });
      expect(r.status).toBe(403);
      expect(r.body.error).toMatchObject({ code: 'DELEGATION_FORBIDDEN', rule: 'INST-4' });
    },
  },
  'PATCH /api/staff/:id': {
    url: '/api/staff/{schoolStaff}',
    body: { qualification: '高级技师' },
    allowed: 'school-admin',
    wrongRole: 'learner',
    otherScope: notVisibleTo('zhongzhi-admin', 'PATCH', '/api/staff/{schoolStaff}', { qualification: 'x' }),
  },
  'POST /api/staff/:id/disqualify': {
    url: '/api/staff/{disqStaff}/disqualify',
    body: { reason: '考评中弄虚作假' },
    allowed: 'city-admin',
    wrongRole: 'city-edu',
    otherScope: notVisibleTo('luoyang-admin', 'POST', '/api/staff/{disqStaff}/disqualify', { reason: '越权' }),
  },
  // ---- evaluation specifications (INST-7)
  'GET /api/specs': {
    url: '/api/specs',
    wrongRole: 'learner',
    otherScope: async (e) => {
      expect((await e.req('luoyang-admin', 'GET', '/api/specs')).body).toEqual([]);
      expect((await e.req('school-admin', 'GET', '/api/specs')).body.length).toBeGreaterThan(0);
    },
  },
  'GET /api/specs/:id': {
    url: '/api/specs/{specDraft}',
    wrongRole: 'learner',
    otherScope: notVisibleTo('zhongzhi-admin', 'GET', '/api/specs/{specDraft}'),
  },
  'POST /api/specs': {
    url: '/api/specs',
    body: { occupationId: '{specOcc}', title: '测试评价规范', levels: [4] },
    allowed: 'school-admin',
    wrongRole: 'province-admin',
    otherScope: SELF,
  },
  'POST /api/specs/:id/submit': {
    url: '/api/specs/{specDraft}/submit',
    allowed: 'school-admin',
    wrongRole: 'province-admin',
    otherScope: notVisibleTo('zhongzhi-admin', 'POST', '/api/specs/{specDraft}/submit'),
  },
  'POST /api/specs/:id/reviews': {
    url: '/api/specs/{specReview}/reviews',
    body: { expertId: '{expert}', opinion: 'agree' },
    allowed: 'province-admin',
    wrongRole: 'city-admin',
    otherScope: notVisibleTo('hubei-admin', 'POST', '/api/specs/{specReview}/reviews', {
      expertId: '{expert}',
      opinion: 'agree',
    }),
  },
  'POST /api/specs/:id/file': {
    url: '/api/specs/{specFive}/file',
    body: {},
    allowed: 'province-admin',
    wrongRole: 'province-edu',
    otherScope: notVisibleTo('hubei-admin', 'POST', '/api/specs/{specFive}/file', {}),
  },
  'POST /api/specs/:id/reject': {
    url: '/api/specs/{specReject}/reject',
    body: { reason: '内容不完整' },
    allowed: 'province-admin',
    wrongRole: 'city-admin',
    otherScope: notVisibleTo('hubei-admin', 'POST', '/api/specs/{specReject}/reject', {}),
  },
  // ---- the public catalog (INST-5)
  'GET /api/public/institutions': {
    url: '/api/public/institutions',
    public: true,
    wrongRole: { none: 'public' },
    otherScope: { none: 'public' },
  },
  'GET /api/public/verify': {
    url: '/api/public/verify?number=Y000041000001254000001&name=%E5%88%98%E6%B4%8B',
    public: true,
    wrongRole: { none: 'public' },
    otherScope: { none: 'public' },
  },
  'GET /api/public/verify/challenge': {
    url: '/api/public/verify/challenge',
    public: true,
    wrongRole: { none: 'public' },
    otherScope: { none: 'public' },
  },
  'GET /api/public/status/:listId/:purpose': {
    url: '/api/public/status/0/revocation',
    public: true,
    wrongRole: { none: 'public' },
    otherScope: { none: 'public' },
  },
  'POST /api/public/verify-credential': {
    url: '/api/public/verify-credential',
    public: true,
    wrongRole: { none: 'public' },
    otherScope: { none: 'public' },
  },
  'GET /api/certificates/:id/credential': {
    url: '/api/certificates/{schoolCert}/credential',
    wrongRole: 'system-admin',
    otherScope: async (e) => {
      await notVisibleTo('luoyang-admin', 'GET', '/api/certificates/{schoolCert}/credential')(e);
      await notVisibleTo('learner', 'GET', '/api/certificates/{schoolCert}/credential')(e);
    },
  },
  'GET /api/public/regions': {
    url: '/api/public/regions',
    public: true,
    wrongRole: { none: 'public' },
    otherScope: { none: 'public' },
  },
  'GET /api/public/occupations': {
    url: '/api/public/occupations',
    public: true,
    wrongRole: { none: 'public' },
    otherScope: { none: 'public' },
  },
  'GET /api/public/institutions/:id': {
    url: '/api/public/institutions/{catalogEntry}',
    public: true,
    wrongRole: { none: 'public' },
    otherScope: { none: 'public' },
  },
  // ---- certificates (CERT-7, CERT-12)
  'GET /api/certificates/export': {
    url: '/api/certificates/export',
    allowed: 'city-admin',
    wrongRole: 'learner',
    otherScope: async (e) => {
      const r = await e.req('luoyang-admin', 'GET', '/api/certificates/export');
      expect(r.status).toBe(200);
      expect((await exportedColumn(r.raw, 8)).some((n) => n.includes('郑州'))).toBe(false);
    },
  },
  'GET /api/certificates': {
    url: '/api/certificates',
    wrongRole: 'audit-admin',
    otherScope: async (e) => {
      const ly = await e.req('luoyang-admin', 'GET', '/api/certificates?pageSize=200');
      expect(ly.body.total).toBeGreaterThan(0);
      expect(ly.body.items.every((c: any) => c.institutionName.startsWith('洛阳'))).toBe(true);
      const mine = await e.req('learner', 'GET', '/api/certificates?pageSize=200');
      expect(mine.body.items.every((c: any) => c.holderName === '刘洋')).toBe(true);
    },
  },
  'GET /api/certificates/:id': {
    url: '/api/certificates/{schoolCert}',
    wrongRole: 'system-admin',
    otherScope: async (e) => {
      await notVisibleTo('luoyang-admin', 'GET', '/api/certificates/{schoolCert}')(e);
      await notVisibleTo('learner', 'GET', '/api/certificates/{schoolCert}')(e);
    },
  },
  // ---- personal data (issue 11): a full ID number only with a reason, audited, in scope
  'POST /api/certificates/:id/reveal-id': {
    url: '/api/certificates/{schoolCert}/reveal-id',
    body: { reason: '核对补贴申报身份' },
    allowed: 'school-admin',
    wrongRole: 'province-edu',
    otherScope: async (e) => {
      await notVisibleTo('luoyang-admin', 'POST', '/api/certificates/{schoolCert}/reveal-id', { reason: '越权查看' })(
        e,
      );
      await notVisibleTo('zhongzhi-admin', 'POST', '/api/certificates/{schoolCert}/reveal-id', { reason: '越权查看' })(
        e,
      );
    },
  },
  'POST /api/registrations/:id/reveal-id': {
    url: '/api/registrations/{reg1}/reveal-id',
    body: { reason: '核对考生身份' },
    allowed: 'school-admin',
    wrongRole: 'city-edu',
    otherScope: notVisibleTo('luoyang-admin', 'POST', '/api/registrations/{reg1}/reveal-id', { reason: '越权查看' }),
  },
  'POST /api/staff/:id/reveal-id': {
    url: '/api/staff/{schoolStaff}/reveal-id',
    body: { reason: '核实考评员身份' },
    allowed: 'city-admin',
    wrongRole: 'city-edu',
    otherScope: notVisibleTo('luoyang-admin', 'POST', '/api/staff/{schoolStaff}/reveal-id', { reason: '越权查看' }),
  },
  'POST /api/graduates/:id/reveal-id': {
    url: '/api/graduates/{schoolStudent}/reveal-id',
    body: { reason: '上报毕业生持证情况' },
    allowed: 'school-admin',
    wrongRole: 'province-edu',
    otherScope: async (e) => {
      await notVisibleTo('zhongzhi-admin', 'POST', '/api/graduates/{schoolStudent}/reveal-id', { reason: '越权查看' })(
        e,
      );
      await notVisibleTo('luoyang-admin', 'POST', '/api/graduates/{schoolStudent}/reveal-id', { reason: '越权查看' })(
        e,
      );
    },
  },
  'GET /api/certificates/:id/pdf': {
    url: '/api/certificates/{schoolCert}/pdf',
    wrongRole: 'security-admin',
    otherScope: notVisibleTo('zhongzhi-admin', 'GET', '/api/certificates/{schoolCert}/pdf'),
  },
  'POST /api/certificates/:id/status': {
    url: '/api/certificates/{schoolCert}/status',
    body: { action: 'suspend', reason: '接到举报，核查期间暂停' },
    allowed: 'school-admin',
    wrongRole: 'city-edu',
    otherScope: notVisibleTo('luoyang-admin', 'POST', '/api/certificates/{schoolCert}/status', {
      action: 'revoke',
      reason: '越权撤销',
    }),
  },
  'GET /api/other-certificates': {
    url: '/api/other-certificates',
    wrongRole: 'school-admin',
    otherScope: async (e) => {
      await e.fx.otherCert();
      const ly = await e.req('luoyang-admin', 'GET', '/api/other-certificates');
      expect(ly.body.items.filter((x: any) => x.regionCode.startsWith('4101'))).toEqual([]);
    },
  },
  'GET /api/other-certificates/:id': {
    url: '/api/other-certificates/{otherCert}',
    wrongRole: 'school-admin',
    otherScope: notVisibleTo('luoyang-admin', 'GET', '/api/other-certificates/{otherCert}'),
  },
  'POST /api/other-certificates': {
    url: '/api/other-certificates',
    body: {
      kind: 'qualification',
      name: '矩阵资格',
      idNumber: id18('41010519931010882'),
      occupationId: '{elec}',
      level: 4,
      number: 'ZG-MATRIX-1',
      issuedOn: '2025-06-01',
      issuingBody: '矩阵测试鉴定机构',
    },
    allowed: 'city-admin',
    wrongRole: 'school-admin',
    otherScope: async (e) => {
      // a record is made in the recording department's own region: 洛阳's is not 郑州's to see
      const r = await e.req('luoyang-admin', 'POST', '/api/other-certificates', {
        kind: 'special_operation',
        name: '矩阵特种',
        idNumber: id18('41010519931111883'),
        occupationId: '{elec}',
        number: 'TZ-MATRIX-1',
        issuedOn: '2025-06-01',
        issuingBody: '矩阵测试应急管理部门',
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body.regionCode).toBe('410300');
      expect((await e.req('city-admin', 'GET', `/api/other-certificates/${r.body.id}`)).status).toBe(404);
    },
  },
  'POST /api/other-certificates/import': {
    url: '/api/other-certificates/import',
    body: { __otherCerts: true },
    allowed: 'city-admin',
    wrongRole: 'school-admin',
    otherScope: async (e) => {
      // an import records in the importing department's own region: 洛阳's is not 郑州's to see
      const r = await e.req('luoyang-admin', 'POST', '/api/other-certificates/import', {
        __otherCerts: 'TZ-MATRIX-IMP-2',
      });
      expect(r.status, JSON.stringify(r.body)).toBe(202);
      const list = await e.req('city-admin', 'GET', '/api/other-certificates?q=TZ-MATRIX-IMP-2');
      expect(list.body.items).toEqual([]);
    },
  },
  'GET /api/other-certificates/template': {
    url: '/api/other-certificates/template',
    wrongRole: 'school-admin',
    otherScope: TEMPLATE,
  },
  'POST /api/other-certificates/:id/revoke': {
    url: '/api/other-certificates/{otherCert}/revoke',
    body: { reason: '矩阵测试：撤销证书' },
    allowed: 'city-admin',
    wrongRole: 'school-admin',
    otherScope: notVisibleTo('luoyang-admin', 'POST', '/api/other-certificates/{otherCert}/revoke', {
      reason: '越权撤销证书',
    }),
  },
  'GET /api/certificates/batch.zip': {
    url: '/api/certificates/batch.zip?issuedFrom=2025-06-01&issuedTo=2025-06-30',
    wrongRole: 'city-admin',
    otherScope: SELF,
  },
  'POST /api/certificates/batch-jobs': {
    url: '/api/certificates/batch-jobs',
    body: { issuedFrom: '2025-06-01', issuedTo: '2025-06-30' },
    allowed: 'school-admin',
    wrongRole: 'city-admin',
    otherScope: SELF,
  },
  'GET /api/jobs': {
    url: '/api/jobs',
    wrongRole: 'learner',
    otherScope: { kind: 'self', none: 'lists the caller’s own jobs only: the owner is never a parameter' },
  },
  'GET /api/jobs/:id': {
    url: '/api/jobs/{schoolJob}',
    wrongRole: 'learner',
    otherScope: notVisibleTo('zhongzhi-admin', 'GET', '/api/jobs/{schoolJob}'),
  },
  'GET /api/jobs/:id/file': {
    url: '/api/jobs/{schoolJob}/file',
    wrongRole: 'learner',
    otherScope: notVisibleTo('zhongzhi-admin', 'GET', '/api/jobs/{schoolJob}/file'),
  },
  'POST /api/certificates/:id/corrections': {
    url: '/api/certificates/{schoolCert}/corrections',
    body: { workType: '维修电工', reason: '工种漏填' },
    allowed: 'school-admin',
    wrongRole: 'city-admin',
    otherScope: notVisibleTo('zhongzhi-admin', 'POST', '/api/certificates/{schoolCert}/corrections', {
      workType: 'x',
      reason: '越权更正',
    }),
  },
  'GET /api/coverage': {
    url: '/api/coverage?graduationYear=2027',
    wrongRole: 'learner',
    otherScope: async (e) => {
      const ly = await e.req('luoyang-admin', 'GET', '/api/coverage?graduationYear=2027');
      expect(ly.body.schools.every((x: any) => x.schoolName.startsWith('洛阳'))).toBe(true);
      const zz = await e.req('zhongzhi-admin', 'GET', '/api/coverage?graduationYear=2027&schoolId={school}');
      expect(zz.body.schools).toEqual([]);
    },
  },
  'GET /api/coverage/export': {
    url: '/api/coverage/export?graduationYear=2027',
    wrongRole: 'audit-admin',
    otherScope: async (e) => {
      const r = await e.req('luoyang-admin', 'GET', '/api/coverage/export?graduationYear=2027');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(r.raw as unknown as ArrayBuffer);
      const schools: string[] = [];
      wb.worksheets[0].eachRow((row, i) => i > 1 && schools.push(String(row.getCell(1).value)));
      expect(schools.length).toBeGreaterThan(0);
      expect(schools.every((n) => n.startsWith('洛阳'))).toBe(true);
    },
  },
  // ---- targets, progress and monthly reports (TGT-1…4, SUP-3, CERT-9)
  'GET /api/targets': {
    url: '/api/targets?year=2026',
    wrongRole: 'learner',
    otherScope: notVisibleTo('luoyang-admin', 'GET', '/api/targets?unit=R410100'),
  },
  'PUT /api/targets': {
    url: '/api/targets',
    body: { year: 2026, unit: 'R410102', metric: 'certified', value: 10 },
    allowed: 'city-admin',
    wrongRole: 'school-admin',
    otherScope: notVisibleTo('luoyang-admin', 'PUT', '/api/targets', {
      year: 2026,
      unit: 'R410102',
      metric: 'certified',
      value: 1,
    }),
  },
  'GET /api/targets/export': {
    url: '/api/targets/export?year=2026',
    wrongRole: 'examiner-user',
    otherScope: notVisibleTo('luoyang-admin', 'GET', '/api/targets/export?unit=R410100'),
  },
  'POST /api/targets/import': {
    url: '/api/targets/import?year=2026',
    body: { __targets: 'R410102' },
    allowed: 'city-admin',
    wrongRole: 'school-admin',
    otherScope: async (e) => {
      // a unit of another city in the sheet is refused, and nothing is imported
      const r = await e.req('luoyang-admin', 'POST', '/api/targets/import?year=2026', { __targets: 'R410102' });
      expect(r.status).toBe(400);
      expect(r.body.error.details[0].message).toContain('不在您的管辖范围内');
    },
  },
  'GET /api/dashboard': {
    url: '/api/dashboard',
    wrongRole: 'learner',
    otherScope: notVisibleTo('luoyang-admin', 'GET', '/api/dashboard?unit=R410100'),
  },
  'GET /api/reports': {
    url: '/api/reports?month=2026-10',
    wrongRole: 'examiner-user',
    otherScope: notVisibleTo('luoyang-admin', 'GET', '/api/reports?month=2026-10&unit=R410100'),
  },
  'GET /api/reports/workbook': {
    url: '/api/reports/workbook?month=2026-10',
    wrongRole: 'audit-admin',
    otherScope: notVisibleTo('luoyang-admin', 'GET', '/api/reports/workbook?month=2026-10&unit=R410100'),
  },
  'GET /api/reports/bulletin': {
    url: '/api/reports/bulletin?month=2026-10',
    wrongRole: 'learner',
    otherScope: notVisibleTo('zhongzhi-admin', 'GET', '/api/reports/bulletin?month=2026-10&unit=R410100'),
  },
  'POST /api/reports/submit': {
    url: '/api/reports/submit',
    body: { month: '2025-06' },
    allowed: 'city-admin',
    wrongRole: 'examiner-user',
    otherScope: {
      kind: 'self',
      none: 'submits the caller’s own unit only: its region or institution, never a parameter',
    },
  },
  'POST /api/reports/delays': {
    url: '/api/reports/delays',
    body: { month: '2025-06' },
    allowed: 'city-admin',
    wrongRole: 'school-admin',
    otherScope: async (e) => {
      // 洛阳's official enters only 洛阳's institutions' delays
      const r = await e.req('luoyang-admin', 'POST', '/api/reports/delays', { month: '2025-07' });
      expect(r.status).toBe(200);
      expect(r.body.recorded.length).toBeGreaterThan(0);
      const ids = r.body.recorded.map((x: any) => Number(x.unit.slice(1)));
      const regions = await e.p.deps.db
        .selectFrom('institutions')
        .select('region_code')
        .where('id', 'in', ids)
        .execute();
      expect(regions.every((x) => x.region_code.startsWith('4103'))).toBe(true);
    },
  },
  'GET /api/assessment-sheet': {
    url: '/api/assessment-sheet?year=2026',
    wrongRole: 'learner',
    otherScope: notVisibleTo('luoyang-admin', 'GET', '/api/assessment-sheet?year=2026&unit=R410100'),
  },
  'GET /api/graduating-classes/template': {
    url: '/api/graduating-classes/template',
    wrongRole: 'city-admin',
    otherScope: TEMPLATE,
  },
  'GET /api/graduating-classes': {
    url: '/api/graduating-classes',
    wrongRole: 'city-admin',
    otherScope: { kind: 'self', none: 'lists the caller’s own school’s rosters only' },
  },
  'POST /api/graduating-classes': {
    url: '/api/graduating-classes?graduationYear=2027',
    body: { __graduates: true },
    allowed: 'school-admin',
    wrongRole: 'city-admin',
    otherScope: { kind: 'self', none: 'imports into the caller’s own school only: the school is never a parameter' },
  },
  'GET /api/me/registrations': {
    url: '/api/me/registrations',
    wrongRole: 'school-admin',
    otherScope: async (e) => {
      const r = await e.req('learner', 'GET', '/api/me/registrations');
      expect(r.body.every((x: any) => x.status !== undefined)).toBe(true);
      expect(JSON.stringify(r.body)).not.toContain('矩阵');
    },
  },
  'POST /api/me/photo': {
    url: '/api/me/photo',
    body: {
      __multipart: {
        fields: {},
        file: {
          name: 'me.png',
          content: Buffer.from(
            '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6360000000020001e221bc330000000049454e44ae426082',
            'hex',
          ),
        },
      },
    },
    allowed: 'learner',
    wrongRole: 'school-admin',
    otherScope: SELF,
  },
  'POST /api/registrations/:id/photo': {
    url: '/api/registrations/{reg1}/photo',
    body: {
      __multipart: {
        fields: {},
        file: {
          name: 'p.png',
          content: Buffer.from(
            '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6360000000020001e221bc330000000049454e44ae426082',
            'hex',
          ),
        },
      },
    },
    allowed: 'school-admin',
    wrongRole: 'city-admin',
    otherScope: notVisibleTo('zhongzhi-admin', 'POST', '/api/registrations/{reg1}/photo', {
      __multipart: {
        fields: {},
        file: {
          name: 'p.png',
          content: Buffer.from(
            '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6360000000020001e221bc330000000049454e44ae426082',
            'hex',
          ),
        },
      },
    }),
  },
  // ---- evaluation by exam (CERT-2, CERT-11)
  'GET /api/standards': {
    url: '/api/standards?occupationId={elec}',
    wrongRole: { none: 'every signed-in user' },
    otherScope: REFERENCE,
  },
  'PUT /api/standards/:occupationId/:level': {
    url: '/api/standards/{elec}/5',
    body: {
      edition: '2022',
      parts: ['theory', 'practical'],
      passMark: 60,
      minutes: { theory: 90, practical: 120, panel: 30 },
      staffing: { invigilatorRatio: 15, minInvigilators: 2, examinerRatio: 5, minExaminers: 3, minPanel: 3 },
      eligibility: [{ label: '年满16周岁', all: [{ type: 'age_min', years: 16 }] }],
    },
    allowed: 'province-admin',
    wrongRole: 'city-admin',
    otherScope: NATIONAL_EDIT,
  },
  'GET /api/plans': {
    url: '/api/plans',
    wrongRole: 'learner',
    otherScope: async (e) => {
      const ly = await e.req('luoyang-admin', 'GET', '/api/plans');
      expect(ly.body.some((x: any) => x.institutionName === '郑州智能制造职业学院')).toBe(false);
      const own = await e.req('zhongzhi-admin', 'GET', '/api/plans');
      expect(own.body).toEqual([]);
    },
  },
  'POST /api/plans': {
    url: '/api/plans',
    body: { occupationId: '{elec}', level: 3, year: 2026, title: '矩阵新建计划' },
    allowed: 'school-admin',
    wrongRole: 'city-admin',
    otherScope: SELF,
  },
  'GET /api/plans/:id': {
    url: '/api/plans/{mplan}',
    wrongRole: 'learner',
    otherScope: notVisibleTo('luoyang-admin', 'GET', '/api/plans/{mplan}'),
  },
  'POST /api/plans/:id/publish': {
    url: '/api/plans/{draftPlan}/publish',
    allowed: 'school-admin',
    wrongRole: 'city-admin',
    otherScope: notVisibleTo('zhongzhi-admin', 'POST', '/api/plans/{draftPlan}/publish'),
  },
  'POST /api/plans/:id/registrations': {
    url: '/api/plans/{mplan}/registrations',
    body: {
      name: '矩阵丙',
      idNumber: '410103198808081235',
      studentType: 'junior_college',
      inSchool: true,
      yearsInOccupation: 10,
    },
    allowed: 'school-admin',
    wrongRole: 'examiner-user',
    otherScope: notVisibleTo('zhongzhi-admin', 'POST', '/api/plans/{mplan}/registrations', {
      name: '越权',
      idNumber: '410103198808081235',
    }),
  },
  'GET /api/roster-template': { url: '/api/roster-template', wrongRole: 'city-admin', otherScope: TEMPLATE },
  'POST /api/plans/:id/roster': {
    url: '/api/plans/{mplan}/roster',
    body: { __multipart: { fields: {}, file: { name: 'roster.xlsx', content: Buffer.alloc(0) } }, __roster: true },
    allowed: 'school-admin',
    wrongRole: 'city-admin',
    otherScope: notVisibleTo('zhongzhi-admin', 'GET', '/api/plans/{mplan}'),
  },
  'POST /api/registrations/:id/decision': {
    url: '/api/registrations/{pendingReg}/decision',
    body: { eligible: false, reason: '年限不足' },
    allowed: 'school-admin',
    wrongRole: 'city-admin',
    otherScope: notVisibleTo('zhongzhi-admin', 'POST', '/api/registrations/{pendingReg}/decision', {
      eligible: true,
      reason: '越权',
    }),
  },
  'POST /api/registrations/:id/withdraw': {
    url: '/api/registrations/{withdrawReg}/withdraw',
    body: { reason: '考生本人申请放弃' },
    allowed: 'school-admin',
    wrongRole: 'city-admin',
    otherScope: notVisibleTo('zhongzhi-admin', 'POST', '/api/registrations/{withdrawReg}/withdraw', {
      reason: '越权撤回',
    }),
  },
  'GET /api/registrations/:id/situation': {
    url: '/api/registrations/{reg1}/situation',
    wrongRole: 'learner',
    otherScope: notVisibleTo('luoyang-admin', 'GET', '/api/registrations/{reg1}/situation'),
  },
  'GET /api/registrations/:id/ticket': {
    url: '/api/registrations/{reg1}/ticket',
    wrongRole: 'city-admin',
    otherScope: async (e) => {
      await notVisibleTo('zhongzhi-admin', 'GET', '/api/registrations/{reg1}/ticket')(e);
      await notVisibleTo('learner', 'GET', '/api/registrations/{reg1}/ticket')(e);
    },
  },
  'GET /api/plans/:id/sessions': {
    url: '/api/plans/{mplan}/sessions',
    wrongRole: 'learner',
    otherScope: notVisibleTo('luoyang-admin', 'GET', '/api/plans/{mplan}/sessions'),
  },
  'POST /api/plans/:id/sessions': {
    url: '/api/plans/{mplan}/sessions',
    body: {
      part: 'practical',
      startsAt: '2026-12-05T09:00',
      site: '实训楼',
      rooms: [{ room: '101', registrationIds: ['{reg1}'], staffIds: ['{ex1}', '{ex2}', '{ex3}'] }],
    },
    allowed: 'school-admin',
    wrongRole: 'examiner-user',
    otherScope: notVisibleTo('zhongzhi-admin', 'POST', '/api/plans/{mplan}/sessions', {
      part: 'practical',
      startsAt: '2026-12-05T09:00',
      site: '越权考点',
      rooms: [{ room: '1', registrationIds: [1], staffIds: [] }],
    }),
  },
  'POST /api/plans/:id/scores': {
    url: '/api/plans/{mplan}/scores',
    body: {
      entries: [
        { registrationId: '{reg1}', part: 'theory', score: 70 },
        { registrationId: '{reg1}', part: 'practical', score: 75 },
      ],
    },
    allowed: 'examiner-user',
    wrongRole: 'city-admin',
    otherScope: notVisibleTo('zhongzhi-admin', 'POST', '/api/plans/{mplan}/scores', {
      entries: [{ registrationId: 1, part: 'theory', score: 1 }],
    }),
  },
  'POST /api/plans/:id/scores/confirm': {
    url: '/api/plans/{mplan}/scores/confirm',
    allowed: 'school-admin',
    wrongRole: 'city-admin',
    otherScope: notVisibleTo('zhongzhi-admin', 'POST', '/api/plans/{mplan}/scores/confirm'),
  },
  'POST /api/registrations/:id/scores/:part/correct': {
    url: '/api/registrations/{reg1}/scores/theory/correct',
    body: { score: 72, reason: '复查漏分' },
    allowed: 'school-admin',
    wrongRole: 'examiner-user',
    otherScope: notVisibleTo('zhongzhi-admin', 'POST', '/api/registrations/{reg1}/scores/theory/correct', {
      score: 1,
      reason: '越权',
    }),
  },
  'GET /api/registrations/:id/scores': {
    url: '/api/registrations/{reg1}/scores',
    wrongRole: 'learner',
    otherScope: notVisibleTo('luoyang-admin', 'GET', '/api/registrations/{reg1}/scores'),
  },
  'POST /api/plans/:id/results/publish': {
    url: '/api/plans/{pubPlan}/results/publish',
    allowed: 'school-admin',
    wrongRole: 'city-admin',
    otherScope: notVisibleTo('zhongzhi-admin', 'POST', '/api/plans/{pubPlan}/results/publish'),
  },
  'GET /api/public/plans/:id/results': {
    url: '/api/public/plans/{finPlan}/results',
    public: true,
    wrongRole: { none: 'public' },
    otherScope: { none: 'public' },
  },
  'POST /api/registrations/:id/objections': {
    url: '/api/registrations/{pubReg}/objections',
    body: { text: '对实操成绩有异议' },
    allowed: 'school-admin',
    wrongRole: 'city-admin',
    otherScope: async (e) => {
      await notVisibleTo('zhongzhi-admin', 'POST', '/api/registrations/{pubReg}/objections', { text: '越权异议' })(e);
      await notVisibleTo('learner', 'POST', '/api/registrations/{pubReg}/objections', { text: '别人的成绩' })(e);
    },
  },
  'GET /api/plans/:id/objections': {
    url: '/api/plans/{pubPlan}/objections',
    wrongRole: 'learner',
    otherScope: notVisibleTo('luoyang-admin', 'GET', '/api/plans/{pubPlan}/objections'),
  },
  'POST /api/objections/:id/resolve': {
    url: '/api/objections/{objection}/resolve',
    body: { upheld: false, resolution: '复核无误' },
    allowed: 'school-admin',
    wrongRole: 'city-admin',
    otherScope: notVisibleTo('zhongzhi-admin', 'POST', '/api/objections/{objection}/resolve', {
      upheld: true,
      resolution: '越权',
    }),
  },
  'POST /api/plans/:id/finalize': {
    url: '/api/plans/{finPlan}/finalize',
    allowed: 'school-admin',
    wrongRole: 'city-admin',
    otherScope: notVisibleTo('zhongzhi-admin', 'POST', '/api/plans/{finPlan}/finalize'),
  },
  'POST /api/plans/:id/issue': {
    url: '/api/plans/{finPlan}/issue',
    allowed: 'school-admin',
    wrongRole: 'city-admin',
    otherScope: notVisibleTo('zhongzhi-admin', 'POST', '/api/plans/{finPlan}/issue'),
  },
  // ---- the other pathways (CERT-3..6): each acts for the caller's own institution
  'GET /api/pathways': { url: '/api/pathways', wrongRole: 'city-admin', otherScope: SELF },
  'GET /api/pathways/one-plus-x/holdings': {
    url: '/api/pathways/one-plus-x/holdings',
    wrongRole: 'city-admin',
    otherScope: SELF,
  },
  'POST /api/pathways/one-plus-x/holdings': {
    url: '/api/pathways/one-plus-x/holdings',
    body: {
      __multipart: {
        fields: {
          name: '一加X甲',
          idNumber: '410105200503011116',
          studentType: 'junior_college',
          graduationYear: String(new Date().getUTCFullYear() + 1),
          inSchool: 'true',
          certificateId: '{xWeld}',
          xLevel: 'senior',
          number: 'X-MATRIX-1',
          issuedOn: '2025-06-01',
        },
        file: { name: '1+X证书.pdf', content: PDF },
      },
    },
    allowed: 'school-admin',
    wrongRole: 'city-admin',
    otherScope: SELF,
  },
  'GET /api/pathways/one-plus-x/holdings/:id/evidence': {
    url: '/api/pathways/one-plus-x/holdings/{holding}/evidence',
    wrongRole: 'city-admin',
    otherScope: notVisibleTo('zhongzhi-admin', 'GET', '/api/pathways/one-plus-x/holdings/{holding}/evidence'),
  },
  'POST /api/pathways/recognition': {
    url: '/api/pathways/recognition',
    body: { holdingId: '{holding}', occupationId: '{weld}' },
    allowed: 'school-admin',
    wrongRole: 'city-admin',
    otherScope: notVisibleTo('zhongzhi-admin', 'POST', '/api/pathways/recognition', {
      holdingId: '{holding}',
      occupationId: '{weld}',
    }),
  },
  'POST /api/pathways/process': {
    url: '/api/pathways/process',
    body: {
      name: '过程矩阵',
      idNumber: '410105200503011124',
      studentType: 'junior_college',
      // the class in its graduating school year (毕业学年, 1 September – 31 August, CERT-4)
      graduationYear: new Date().getUTCFullYear() + (new Date().getUTCMonth() >= 8 ? 1 : 0),
      inSchool: true,
      occupationId: '{elec}',
      courses: [{ name: '电工基础', score: 80, passed: true }],
      skillAssessment: { score: 80, passed: true },
    },
    allowed: 'school-admin',
    wrongRole: 'city-admin',
    otherScope: SELF,
  },
  'GET /api/competitions': {
    url: '/api/competitions',
    wrongRole: 'city-edu',
    otherScope: async (e) => {
      // officials see the competitions of their region's institutions, an institution its own
      const zz = (await e.req('city-admin', 'GET', '/api/competitions')).body;
      expect(zz.length).toBeGreaterThan(0);
      const ly = await e.req('luoyang-admin', 'GET', '/api/competitions');
      expect(ly.status).toBe(200);
      expect(ly.body.map((c: any) => c.id)).not.toContain(zz[0].id);
      const other = await e.req('zhongzhi-admin', 'GET', '/api/competitions');
      expect(other.body).toEqual([]);
    },
  },
  'POST /api/competitions': {
    url: '/api/competitions',
    body: {
      name: '矩阵竞赛',
      tier: 'school',
      contestDate: '2099-06-01',
      occupationId: '{elec}',
      participants: 20,
      rules: [{ topPercent: 30, level: 4 }],
    },
    allowed: 'school-admin',
    wrongRole: 'city-admin',
    otherScope: SELF,
  },
  'PUT /api/competitions/:id': {
    url: '/api/competitions/{competition}',
    body: {
      name: '矩阵竞赛（修改）',
      tier: 'school',
      contestDate: '2099-06-01',
      occupationId: '{elec}',
      participants: 20,
      rules: [{ maxRank: 5, level: 4 }],
    },
    allowed: 'school-admin',
    wrongRole: 'city-admin',
    otherScope: notVisibleTo('zhongzhi-admin', 'PUT', '/api/competitions/{competition}', {
      name: '越权修改',
      tier: 'school',
      contestDate: '2099-06-01',
      occupationId: '{elec}',
      participants: 20,
      rules: [{ maxRank: 5, level: 4 }],
    }),
  },
  'POST /api/competitions/:id/submit': {
    url: '/api/competitions/{competition}/submit',
    allowed: 'school-admin',
    wrongRole: 'province-admin',
    otherScope: notVisibleTo('zhongzhi-admin', 'POST', '/api/competitions/{competition}/submit'),
  },
  'POST /api/competitions/:id/decision': {
    // 郑州智能制造职业学院 is filed by 河南省人社厅, which approves its rules (CERT-5, INST-5)
    url: '/api/competitions/{competition}/decision',
    body: { decision: 'approve' },
    allowed: 'province-admin',
    wrongRole: 'school-admin',
    otherScope: async (e) => {
      await notVisibleTo('luoyang-admin', 'POST', '/api/competitions/{competition}/decision', {
        decision: 'approve',
      })(e);
      // seen in its region, but not filed by it: the city is not the approving department
      const r = await e.req('city-admin', 'POST', '/api/competitions/{competition}/decision', { decision: 'approve' });
      expect(r.status).toBe(403);
      expect(r.body.error).toMatchObject({ code: 'NOT_FILING_AUTHORITY', rule: 'CERT-5' });
    },
  },
  'POST /api/competitions/:id/awards': {
    url: '/api/competitions/{heldCompetition}/awards',
    body: { name: '竞赛矩阵', idNumber: '410105200503011132', studentType: 'junior_college', inSchool: true, rank: 1 },
    allowed: 'school-admin',
    wrongRole: 'city-admin',
    otherScope: notVisibleTo('zhongzhi-admin', 'POST', '/api/competitions/{heldCompetition}/awards', {
      name: '越权',
      idNumber: '410105200503011140',
      rank: 1,
    }),
  },
  'GET /api/competition-caps': {
    url: '/api/competition-caps',
    wrongRole: { none: 'every signed-in user reads the caps a proposal is held to' },
    otherScope: REFERENCE,
  },
  'PUT /api/competition-caps/:tier': {
    url: '/api/competition-caps/school',
    body: { maxRank: null, maxPercent: 30, maxLevel: 4 },
    allowed: 'province-admin',
    wrongRole: 'city-admin',
    otherScope: NATIONAL_EDIT,
  },

  // ---- subsidised training (TRAIN-1…13)
  'GET /api/public/training/providers': {
    url: '/api/public/training/providers',
    public: true,
    wrongRole: { none: 'public' },
    otherScope: { none: 'public' },
  },
  'GET /api/public/training/exits': {
    url: '/api/public/training/exits',
    public: true,
    wrongRole: { none: 'public' },
    otherScope: { none: 'public' },
  },
  'GET /api/public/training/classes': {
    url: '/api/public/training/classes',
    public: true,
    wrongRole: { none: 'public' },
    otherScope: { none: 'public' },
  },
  'GET /api/training/providers': {
    url: '/api/training/providers',
    wrongRole: 'learner',
    otherScope: async (e) => {
      // officials see the providers of their region; an institution its own entry
      const zz = (await e.req('city-admin', 'GET', '/api/training/providers?pageSize=200')).body;
      expect(zz.items.map((x: any) => x.name)).toContain('郑州市金水区阳光职业培训学校');
      const ly = (await e.req('luoyang-admin', 'GET', '/api/training/providers?pageSize=200')).body;
      expect(ly.items.map((x: any) => x.name)).toEqual(['洛阳一拖装备制造有限公司']);
      const own = (await e.req('school-admin', 'GET', '/api/training/providers')).body;
      expect(own.items.map((x: any) => x.name)).toEqual(['郑州智能制造职业学院']);
      expect((await e.req('enterprise-admin', 'GET', '/api/training/providers')).body.total).toBe(0);
    },
  },
  'POST /api/training/providers': {
    url: '/api/training/providers',
    body: {
      organisation: { name: '矩阵职业培训学校', regionCode: '410105' },
      providerType: 'private_school',
      occupationIds: ['{elec}'],
    },
    allowed: 'city-admin',
    wrongRole: 'school-admin',
    otherScope: async (e) => {
      const r = await e.req('luoyang-admin', 'POST', '/api/training/providers', {
        organisation: { name: '越权培训学校', regionCode: '410105' },
        providerType: 'private_school',
        occupationIds: ['{elec}'],
      });
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('FORBIDDEN_SCOPE');
    },
  },
  'GET /api/training/providers/:id': {
    url: '/api/training/providers/{schoolProvider}',
    wrongRole: 'learner',
    otherScope: notVisibleTo('luoyang-admin', 'GET', '/api/training/providers/{schoolProvider}'),
  },
  'PUT /api/training/providers/:id/occupations': {
    url: '/api/training/providers/{schoolProvider}/occupations',
    body: { occupationIds: ['{elec}', '{weld}', '{lathe}'] },
    allowed: 'city-admin',
    wrongRole: 'school-admin',
    otherScope: notVisibleTo('luoyang-admin', 'PUT', '/api/training/providers/{schoolProvider}/occupations', {
      occupationIds: ['{elec}'],
    }),
  },
  'POST /api/training/providers/:id/inspections': {
    url: '/api/training/providers/{sunshineProvider}/inspections',
    body: { year: 2025, result: 'qualified' },
    allowed: 'city-admin',
    wrongRole: 'school-admin',
    otherScope: notVisibleTo('luoyang-admin', 'POST', '/api/training/providers/{sunshineProvider}/inspections', {
      year: 2025,
      result: 'unqualified',
    }),
  },
  'POST /api/training/providers/:id/exit': {
    url: '/api/training/providers/{exitProvider}/exit',
    body: { reason: '虚假培训，套取补贴资金' },
    allowed: 'city-admin',
    wrongRole: 'city-edu',
    otherScope: notVisibleTo('luoyang-admin', 'POST', '/api/training/providers/{exitProvider}/exit', {
      reason: '越权操作',
    }),
  },
  'POST /api/training/providers/:id/relist': {
    url: '/api/training/providers/{exitProvider}/relist',
    body: { reason: '整改到位，恢复纳入' },
    allowed: 'city-admin',
    wrongRole: 'school-admin',
    otherScope: notVisibleTo('luoyang-admin', 'POST', '/api/training/providers/{exitProvider}/relist', {
      reason: '越权操作',
    }),
  },
  'GET /api/training/providers/:id/trainers': {
    url: '/api/training/providers/{schoolProvider}/trainers',
    wrongRole: 'learner',
    otherScope: notVisibleTo('luoyang-admin', 'GET', '/api/training/providers/{schoolProvider}/trainers'),
  },
  'POST /api/training/providers/:id/trainers': {
    url: '/api/training/providers/{schoolProvider}/trainers',
    body: { name: '矩阵教师', idNumber: TRAINER_ID, teacherCertificate: true, occupationIds: ['{elec}'] },
    allowed: 'school-admin',
    wrongRole: 'city-admin',
    otherScope: notVisibleTo('school-admin', 'POST', '/api/training/providers/{sunshineProvider}/trainers', {
      name: '越权教师',
      idNumber: TRAINER_ID,
      teacherCertificate: true,
      occupationIds: ['{elec}'],
    }),
  },
  'POST /api/training/trainers/:id/leave': {
    url: '/api/training/trainers/{schoolTrainer}/leave',
    body: { reason: '调往其他单位' },
    allowed: 'school-admin',
    wrongRole: 'city-admin',
    otherScope: notVisibleTo('enterprise-admin', 'POST', '/api/training/trainers/{schoolTrainer}/leave', {
      reason: '越权操作',
    }),
  },
  'GET /api/training/filings': {
    url: '/api/training/filings',
    wrongRole: 'learner',
    otherScope: async (e) => {
      // the HRSS of the place sees the filings made to it; a provider its own
      const ly = (await e.req('luoyang-admin', 'GET', '/api/training/filings')).body;
      expect(ly.map((f: any) => f.regionName)).toEqual(['洛阳市']);
      const own = (await e.req('school-admin', 'GET', '/api/training/filings')).body;
      expect(own.every((f: any) => f.providerName === '郑州智能制造职业学院')).toBe(true);
      expect((await e.req('enterprise-admin', 'GET', '/api/training/filings')).body).toEqual([]);
    },
  },
  'POST /api/training/filings': {
    url: '/api/training/filings',
    body: { regionCode: '410300', validFrom: '2026-01-01', validUntil: '2099-12-31' },
    allowed: 'school-admin',
    wrongRole: 'city-admin',
    otherScope: { kind: 'self', none: 'a provider files for itself: its own catalogue entry, never another’s' },
  },
  'POST /api/training/filings/:id/decision': {
    url: '/api/training/filings/{lyFiling}/decision',
    body: { decision: 'approve' },
    allowed: 'luoyang-admin',
    wrongRole: 'school-admin',
    otherScope: async (e) => {
      // the provider's home HRSS sees it, but the HRSS of the place decides (TRAIN-13)
      const r = await e.req('city-admin', 'POST', '/api/training/filings/{lyFiling}/decision', { decision: 'approve' });
      expect(r.status).toBe(403);
      expect(r.body.error).toMatchObject({ code: 'NOT_PLACE_AUTHORITY', rule: 'TRAIN-13' });
    },
  },
  'GET /api/training/classes': {
    url: '/api/training/classes',
    wrongRole: 'learner',
    otherScope: async (e) => {
      const zz = (await e.req('city-admin', 'GET', '/api/training/classes?pageSize=200')).body;
      expect(zz.total).toBeGreaterThan(0);
      const ly = (await e.req('luoyang-admin', 'GET', '/api/training/classes?pageSize=200')).body;
      expect(ly.items.map((c: any) => c.id)).not.toContain(zz.items[0].id);
      const own = (await e.req('school-admin', 'GET', '/api/training/classes?pageSize=200')).body;
      expect(own.items.every((c: any) => c.providerName === '郑州智能制造职业学院')).toBe(true);
    },
  },
  'POST /api/training/classes/check': {
    url: '/api/training/classes/check',
    body: CLASS_BODY,
    wrongRole: 'city-admin',
    otherScope: { kind: 'self', none: 'checks a draft of the caller’s own provider; nothing is stored' },
  },
  'POST /api/training/classes': {
    url: '/api/training/classes',
    body: CLASS_BODY,
    allowed: 'school-admin',
    wrongRole: 'city-admin',
    otherScope: { kind: 'self', none: 'a provider applies for its own classes only' },
  },
  'GET /api/training/classes/:id': {
    url: '/api/training/classes/{schoolClass}',
    wrongRole: 'learner',
    otherScope: notVisibleTo('luoyang-admin', 'GET', '/api/training/classes/{schoolClass}'),
  },
  'PUT /api/training/classes/:id': {
    url: '/api/training/classes/{draftClass}',
    body: CLASS_BODY,
    allowed: 'school-admin',
    wrongRole: 'city-admin',
    otherScope: notVisibleTo('enterprise-admin', 'PUT', '/api/training/classes/{draftClass}', CLASS_BODY),
  },
  'POST /api/training/classes/:id/steps': {
    url: '/api/training/classes/{stepClass}/steps',
    body: { step: 'withdraw' },
    allowed: 'school-admin',
    wrongRole: 'city-admin',
    otherScope: notVisibleTo('enterprise-admin', 'POST', '/api/training/classes/{stepClass}/steps', {
      step: 'withdraw',
    }),
  },
  'POST /api/training/classes/:id/decision': {
    // 郑州市金水区阳光职业培训学校's 家政服务员 class, held in 金水区: 郑州市人社局 decides (TRAIN-1)
    url: '/api/training/classes/{pendingClass}/decision',
    body: { decision: 'approve' },
    allowed: 'city-admin',
    wrongRole: 'school-admin',
    otherScope: notVisibleTo('luoyang-admin', 'POST', '/api/training/classes/{pendingClass}/decision', {
      decision: 'approve',
    }),
  },
  'GET /api/training/classes/:id/trainees': {
    url: '/api/training/classes/{schoolClass}/trainees',
    wrongRole: 'learner',
    otherScope: notVisibleTo('luoyang-admin', 'GET', '/api/training/classes/{schoolClass}/trainees'),
  },
  'POST /api/training/classes/:id/trainees': {
    url: '/api/training/classes/{schoolClass}/trainees',
    body: { name: '矩阵学员', idNumber: TRAINEE_ID, targetGroup: 'laid_off', employmentIntention: true },
    allowed: 'school-admin',
    wrongRole: 'city-admin',
    otherScope: notVisibleTo('enterprise-admin', 'POST', '/api/training/classes/{schoolClass}/trainees', {
      name: '越权学员',
      idNumber: TRAINEE_ID,
      targetGroup: 'laid_off',
      employmentIntention: true,
    }),
  },
  'POST /api/training/classes/:id/trainees/import': {
    url: '/api/training/classes/{schoolClass}/trainees/import',
    body: { __trainees: true },
    allowed: 'school-admin',
    wrongRole: 'city-admin',
    otherScope: notVisibleTo('enterprise-admin', 'POST', '/api/training/classes/{schoolClass}/trainees/import', {
      __trainees: true,
    }),
  },
  // ---- hours that count (TRAIN-4, TRAIN-10, TRAIN-11): an online class of the demo school already under way
  'GET /api/training/classes/:id/hours': {
    url: '/api/training/classes/{hoursClass}/hours',
    wrongRole: 'learner',
    otherScope: notVisibleTo('luoyang-admin', 'GET', '/api/training/classes/{hoursClass}/hours'),
  },
  'POST /api/training/classes/:id/sessions': {
    url: '/api/training/classes/{hoursClass}/sessions',
    body: { heldOn: '{hoursDay}', startsAt: '15:00', kind: 'practical', delivery: 'offline' },
    allowed: 'school-admin',
    wrongRole: 'city-admin',
    otherScope: notVisibleTo('enterprise-admin', 'POST', '/api/training/classes/{hoursClass}/sessions', {
      heldOn: '{hoursDay}',
      startsAt: '16:00',
      kind: 'practical',
      delivery: 'offline',
    }),
  },
  'DELETE /api/training/sessions/:id': {
    url: '/api/training/sessions/{hoursSpareSession}',
    allowed: 'school-admin',
    wrongRole: 'city-admin',
    otherScope: notVisibleTo('enterprise-admin', 'DELETE', '/api/training/sessions/{hoursSpareSession}'),
  },
  'PUT /api/training/sessions/:id/attendance': {
    url: '/api/training/sessions/{hoursSession}/attendance',
    body: { entries: [{ traineeId: '{hoursTrainee}', status: 'present' }] },
    allowed: 'school-admin',
    wrongRole: 'city-admin',
    otherScope: notVisibleTo('enterprise-admin', 'PUT', '/api/training/sessions/{hoursSession}/attendance', {
      entries: [{ traineeId: '{hoursTrainee}', status: 'absent' }],
    }),
  },
  'PUT /api/training/sessions/:id/recording': {
    url: '/api/training/sessions/{hoursSession}/recording',
    body: { fileName: '矩阵课时.mp4', startsAt: '08:00', durationMinutes: 45 },
    allowed: 'school-admin',
    wrongRole: 'city-admin',
    otherScope: notVisibleTo('enterprise-admin', 'PUT', '/api/training/sessions/{hoursSession}/recording', {
      fileName: '越权.mp4',
      startsAt: '08:00',
      durationMinutes: 45,
    }),
  },
  'POST /api/training/classes/:id/spot-checks': {
    url: '/api/training/classes/{hoursClass}/spot-checks',
    body: { checkedOn: '{hoursDay}', presentTraineeIds: ['{hoursTrainee}'] },
    allowed: 'city-admin',
    wrongRole: 'school-admin',
    otherScope: notVisibleTo('luoyang-admin', 'POST', '/api/training/classes/{hoursClass}/spot-checks', {
      checkedOn: '{hoursDay}',
      presentTraineeIds: [],
    }),
  },
  'POST /api/training/classes/:id/online-records/import': {
    url: '/api/training/classes/{hoursClass}/online-records/import',
    body: { __online: true },
    allowed: 'school-admin',
    wrongRole: 'city-admin',
    otherScope: notVisibleTo('enterprise-admin', 'POST', '/api/training/classes/{hoursClass}/online-records/import', {
      __online: true,
    }),
  },
  'POST /api/training/trainees/:id/completion': {
    url: '/api/training/trainees/{completionTrainee}/completion',
    body: { assessedOn: '{hoursDay}', passed: true },
    allowed: 'city-admin',
    wrongRole: 'school-admin',
    otherScope: notVisibleTo('luoyang-admin', 'POST', '/api/training/trainees/{completionTrainee}/completion', {
      assessedOn: '{hoursDay}',
      passed: true,
    }),
  },
  'GET /api/training/trainees/:id/completion-certificate': {
    url: '/api/training/trainees/{hoursTrainee}/completion-certificate',
    wrongRole: 'learner',
    otherScope: notVisibleTo('luoyang-admin', 'GET', '/api/training/trainees/{hoursTrainee}/completion-certificate'),
  },
  'GET /api/training/online-record-template': {
    url: '/api/training/online-record-template',
    wrongRole: 'city-admin',
    otherScope: TEMPLATE,
  },
  'GET /api/public/training/survey/:token': {
    url: `/api/public/training/survey/${'a'.repeat(32)}`,
    public: true,
    wrongRole: { none: 'public' },
    otherScope: { none: 'public' },
  },
  'POST /api/public/training/survey/:token': {
    url: `/api/public/training/survey/${'a'.repeat(32)}`,
    body: { overall: 'satisfied', content: 5, teaching: 5, facilities: 5, organisation: 5 },
    public: true,
    wrongRole: { none: 'public' },
    otherScope: { none: 'public' },
  },
  'GET /api/training/classes/:id/survey': {
    url: '/api/training/classes/{hoursClass}/survey',
    wrongRole: 'learner',
    otherScope: notVisibleTo('luoyang-admin', 'GET', '/api/training/classes/{hoursClass}/survey'),
  },
  'GET /api/training/classes/:id/survey/codes': {
    url: '/api/training/classes/{hoursClass}/survey/codes',
    wrongRole: 'city-admin',
    otherScope: notVisibleTo('enterprise-admin', 'GET', '/api/training/classes/{hoursClass}/survey/codes'),
  },
  'POST /api/training/classes/:id/survey/close': {
    // no successful call here: the class's training is not over (survey.test.ts closes surveys)
    url: '/api/training/classes/{hoursClass}/survey/close',
    wrongRole: 'school-admin',
    otherScope: notVisibleTo('luoyang-admin', 'POST', '/api/training/classes/{hoursClass}/survey/close'),
  },
  'GET /api/training/classes/export': {
    url: '/api/training/classes/export',
    allowed: 'city-admin',
    wrongRole: 'learner',
    otherScope: async (e) => {
      const r = await e.req('luoyang-admin', 'GET', '/api/training/classes/export');
      expect(r.status).toBe(200);
      expect(await exportedColumn(r.raw, 1)).not.toContain(String(await e.fx.hoursClass()));
    },
  },
  'GET /api/training/classes/:id/trainees/export': {
    url: '/api/training/classes/{hoursClass}/trainees/export',
    wrongRole: 'learner',
    otherScope: notVisibleTo('luoyang-admin', 'GET', '/api/training/classes/{hoursClass}/trainees/export'),
  },
  'GET /api/training/classes/:id/attendance/export': {
    url: '/api/training/classes/{hoursClass}/attendance/export',
    wrongRole: 'learner',
    otherScope: notVisibleTo('luoyang-admin', 'GET', '/api/training/classes/{hoursClass}/attendance/export'),
  },
  'GET /api/training/trainee-template': {
    url: '/api/training/trainee-template',
    wrongRole: 'city-admin',
    otherScope: TEMPLATE,
  },
  'POST /api/training/trainees/:id/withdraw': {
    url: '/api/training/trainees/{schoolTrainee}/withdraw',
    body: { reason: '个人原因退学' },
    allowed: 'school-admin',
    wrongRole: 'city-admin',
    otherScope: notVisibleTo('enterprise-admin', 'POST', '/api/training/trainees/{schoolTrainee}/withdraw', {
      reason: '越权操作',
    }),
  },
  'GET /api/training/occupation-settings': {
    url: '/api/training/occupation-settings',
    wrongRole: { none: 'every signed-in user reads the rules a class is checked against' },
    otherScope: REFERENCE,
  },
  'PUT /api/training/occupation-settings/:occupationId': {
    url: '/api/training/occupation-settings/{elec}',
    body: { minHours: null, otherCertificate: null, offlinePracticalHours: 8 },
    allowed: 'province-admin',
    wrongRole: 'city-admin',
    otherScope: NATIONAL_EDIT,
  },
  'GET /api/partnerships': {
    url: '/api/partnerships',
    wrongRole: 'examiner-user',
    otherScope: async (e) => {
      // officials see the agreements recorded in their region; a party sees its own
      const agreement = await e.fx.agreement();
      const ids = async (u: string) => ((await e.req(u, 'GET', '/api/partnerships')).body as any[]).map((x) => x.id);
      expect(await ids('city-admin')).toContain(agreement);
      expect(await ids('luoyang-admin')).not.toContain(agreement);
      expect(await ids('school-admin')).toContain(agreement);
      expect(await ids('zhongzhi-admin')).not.toContain(agreement);
    },
  },
  'POST /api/partnerships': {
    url: '/api/partnerships',
    body: {
      schoolId: '{partnerSchool}',
      agreement: '企校合作评价协议',
      validFrom: '2025-09-01',
      validUntil: '2028-08-31',
    },
    allowed: 'yutong-admin',
    wrongRole: 'city-admin',
    otherScope: SELF,
  },
  'POST /api/partnerships/:id/steps': {
    url: '/api/partnerships/{proposal}/steps',
    body: { step: 'accept' },
    allowed: 'school-admin',
    wrongRole: 'city-admin',
    otherScope: notVisibleTo('zhongzhi-admin', 'POST', '/api/partnerships/{proposal}/steps', { step: 'accept' }),
  },
  'POST /api/pathways/enterprise': {
    url: '/api/pathways/enterprise',
    body: {
      partnershipId: '{agreement}',
      name: DEMO_STUDENTS[0].name,
      idNumber: DEMO_STUDENTS[0].idFirst17 + residentIdCheckChar(DEMO_STUDENTS[0].idFirst17),
      occupationId: '{elec}',
      level: 4,
      scores: { theory: 80, practical: 80 },
    },
    allowed: 'yutong-admin',
    wrongRole: 'city-admin',
    // another institution's agreement is not visible to it
    otherScope: notVisibleTo('zhongzhi-admin', 'POST', '/api/pathways/enterprise', {
      partnershipId: '{agreement}',
      name: DEMO_STUDENTS[0].name,
      idNumber: DEMO_STUDENTS[0].idFirst17 + residentIdCheckChar(DEMO_STUDENTS[0].idFirst17),
      occupationId: '{elec}',
      level: 4,
      scores: { theory: 80, practical: 80 },
    }),
  },
  // ---- subsidies (SUB-1 … SUB-4)
  'GET /api/subsidy-rates': {
    url: '/api/subsidy-rates',
    wrongRole: { none: 'every signed-in user reads the rates a claim is priced with' },
    otherScope: REFERENCE,
  },
  'POST /api/subsidy-rates': {
    url: '/api/subsidy-rates',
    // before the defaults (2022 onwards), so it overlaps none
    body: { kind: 'evaluation', level: 4, amountFen: 20000, validFrom: '2020-01-01', validTo: '2021-12-31' },
    allowed: 'province-admin',
    wrongRole: 'city-admin',
    otherScope: NATIONAL_EDIT,
  },
  'PATCH /api/subsidy-rates/:id': {
    url: '/api/subsidy-rates/{subRate}',
    body: { source: '豫人社规〔2022〕2号（复核）' },
    allowed: 'province-admin',
    wrongRole: 'city-admin',
    otherScope: NATIONAL_EDIT,
  },
  'POST /api/subsidies/claims/preview': {
    url: '/api/subsidies/claims/preview',
    body: { kind: 'evaluation', issuedFrom: '2000-01-01', issuedTo: '2099-12-31' },
    wrongRole: 'city-admin',
    otherScope: { kind: 'self', none: 'judges the caller’s own institution’s certificates only' },
  },
  'POST /api/subsidies/claims': {
    url: '/api/subsidies/claims',
    body: { kind: 'evaluation', issuedFrom: '2000-01-01', issuedTo: '2099-12-31', certificateIds: ['{subCert2}'] },
    allowed: 'school-admin',
    wrongRole: 'city-admin',
    otherScope: { kind: 'self', none: 'claims for the caller’s own institution only' },
  },
  'POST /api/subsidies/training-claims/preview': {
    url: '/api/subsidies/training-claims/preview',
    body: { classId: '{hoursClass}' },
    wrongRole: 'city-admin',
    otherScope: notVisibleTo('enterprise-admin', 'POST', '/api/subsidies/training-claims/preview', {
      classId: '{hoursClass}',
    }),
  },
  'POST /api/subsidies/training-claims': {
    url: '/api/subsidies/training-claims',
    body: { classId: '{hoursClass}' },
    wrongRole: 'city-admin',
    otherScope: notVisibleTo('enterprise-admin', 'POST', '/api/subsidies/training-claims', {
      classId: '{hoursClass}',
    }),
  },
  'GET /api/subsidies/claims': {
    url: '/api/subsidies/claims',
    wrongRole: 'examiner-user',
    otherScope: async (e) => {
      // the city sees the claims of institutions in 郑州; 洛阳 does not; an institution only its own
      const claim = Number(await e.fx.subSubmitted());
      const ids = async (u: string) =>
        ((await e.req(u, 'GET', '/api/subsidies/claims?pageSize=200')).body.items as any[]).map((x) => x.id);
      expect(await ids('city-admin')).toContain(claim);
      expect(await ids('luoyang-admin')).not.toContain(claim);
      expect(await ids('school-admin')).not.toContain(claim);
    },
  },
  'GET /api/subsidies/claims/export': {
    url: '/api/subsidies/claims/export',
    wrongRole: 'examiner-user',
    otherScope: async (e) => {
      const rows = async (u: string) => {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load((await e.req(u, 'GET', '/api/subsidies/claims/export')).raw as unknown as ArrayBuffer);
        return wb.getWorksheet('补贴申领')!.rowCount;
      };
      expect(await rows('city-admin')).toBeGreaterThan(1);
      expect(await rows('luoyang-admin')).toBe(1);
    },
  },
  'GET /api/subsidies/queue': {
    url: '/api/subsidies/queue',
    wrongRole: 'examiner-user',
    otherScope: async (e) => {
      const waiting = async (u: string) =>
        (await e.req(u, 'GET', '/api/subsidies/queue')).body.stages.find((s: any) => s.status === 'submitted').count;
      expect(await waiting('city-admin')).toBeGreaterThan(0);
      expect(await waiting('luoyang-admin')).toBe(0);
    },
  },
  'GET /api/subsidies/claims/:id': {
    url: '/api/subsidies/claims/{subSubmitted}',
    wrongRole: 'examiner-user',
    otherScope: notVisibleTo('luoyang-admin', 'GET', '/api/subsidies/claims/{subSubmitted}'),
  },
  'GET /api/subsidies/claims/:id/lines': {
    url: '/api/subsidies/claims/{subSubmitted}/lines',
    wrongRole: 'examiner-user',
    otherScope: notVisibleTo('zhongzhi-admin', 'GET', '/api/subsidies/claims/{subSubmitted}/lines'),
  },
  'POST /api/subsidies/claims/:id/submit': {
    url: '/api/subsidies/claims/{subDraft}/submit',
    body: {
      payeeName: '郑州智能制造职业学院',
      payeeBank: '中国工商银行郑州金水支行',
      payeeAccount: '6222020200112345678',
    },
    allowed: 'school-admin',
    wrongRole: 'city-admin',
    otherScope: notVisibleTo('zhongzhi-admin', 'POST', '/api/subsidies/claims/{subDraft}/submit', {
      payeeName: '郑州市电子信息工程学校',
      payeeBank: '中国银行',
      payeeAccount: '6222020200112345678',
    }),
  },
  'POST /api/subsidies/claims/:id/withdraw': {
    url: '/api/subsidies/claims/{subDraft2}/withdraw',
    allowed: 'school-admin',
    wrongRole: 'city-admin',
    otherScope: notVisibleTo('zhongzhi-admin', 'POST', '/api/subsidies/claims/{subDraft2}/withdraw'),
  },
  'POST /api/subsidies/claims/:id/review': {
    url: '/api/subsidies/claims/{subSubmitted}/review',
    body: { step: 'accept' },
    allowed: 'city-admin',
    wrongRole: 'city-finance',
    otherScope: notVisibleTo('luoyang-admin', 'POST', '/api/subsidies/claims/{subSubmitted}/review', {
      step: 'accept',
    }),
  },
  'POST /api/subsidies/claims/:id/finance': {
    url: '/api/subsidies/claims/{subFinance}/finance',
    body: { step: 'pay', voucherNo: 'ZZCZ-矩阵-001' },
    allowed: 'city-finance',
    wrongRole: 'city-admin',
    otherScope: notVisibleTo('ly-finance', 'POST', '/api/subsidies/claims/{subFinance}/finance', {
      step: 'pay',
      voucherNo: 'LY-1',
    }),
  },
  'POST /api/subsidies/claims/:id/reversals': {
    url: '/api/subsidies/claims/{subPaid}/reversals',
    body: { reason: '专项检查：评价过程资料不全，冲销并追缴' },
    allowed: 'city-admin',
    wrongRole: 'city-finance',
    otherScope: notVisibleTo('luoyang-admin', 'POST', '/api/subsidies/claims/{subPaid}/reversals', { reason: '越权' }),
  },
  'POST /api/subsidies/reversals/:id/recoveries': {
    url: '/api/subsidies/reversals/{subReversal}/recoveries',
    body: { amountFen: 1, receivedOn: '2026-01-05', note: '退回 1 分' },
    allowed: 'city-finance',
    wrongRole: 'school-admin',
    otherScope: notVisibleTo('ly-finance', 'POST', '/api/subsidies/reversals/{subReversal}/recoveries', {
      amountFen: 1,
      receivedOn: '2026-01-05',
    }),
  },
  'GET /api/subsidies/funds': {
    url: '/api/subsidies/funds?year=2026',
    wrongRole: 'school-admin',
    otherScope: async (e) => {
      const codes = async (u: string) =>
        ((await e.req(u, 'GET', '/api/subsidies/funds?year=2026')).body as any[]).map((f) => f.regionCode);
      expect(await codes('city-admin')).toEqual(['410100']);
      expect(await codes('luoyang-admin')).toEqual(['410300']);
      expect((await codes('province-admin')).length).toBe(28);
    },
  },
  'PUT /api/subsidies/funds/:regionCode/:year': {
    url: '/api/subsidies/funds/410100/2026',
    body: { budgetFen: 300_000_000, note: '追加' },
    allowed: 'city-finance',
    wrongRole: 'school-admin',
    otherScope: async (e) => {
      const r = await e.req('luoyang-admin', 'PUT', '/api/subsidies/funds/410100/2026', { budgetFen: 1 });
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('FORBIDDEN_SCOPE');
    },
  },
  'GET /api/public/subsidy-publicity': {
    url: '/api/public/subsidy-publicity',
    public: true,
    wrongRole: { none: 'public' },
    otherScope: { none: 'public' },
  },
  'GET /api/public/subsidy-fund-use': {
    url: '/api/public/subsidy-fund-use',
    public: true,
    wrongRole: { none: 'public' },
    otherScope: { none: 'public' },
  },
  'GET /api/public/subsidy-publicity/:id': {
    url: '/api/public/subsidy-publicity/{subPublicity}',
    public: true,
    wrongRole: { none: 'public' },
    otherScope: { none: 'public' },
  },
  'GET /api/calendar': {
    url: '/api/calendar?year=2026',
    wrongRole: { none: 'every signed-in user' },
    otherScope: REFERENCE,
  },
  'PUT /api/calendar/:date': {
    url: '/api/calendar/2027-10-01',
    body: { work: false, name: '国庆节' },
    allowed: 'province-admin',
    wrongRole: 'city-admin',
    otherScope: NATIONAL_EDIT,
  },
  'GET /api/accounts': { url: '/api/accounts', wrongRole: 'province-admin', otherScope: PLATFORM },
  'POST /api/accounts': {
    url: '/api/accounts',
    body: {
      username: 'new-official',
      displayName: '新用户',
      role: 'county_hrss',
      regionCode: '410102',
      password: 'Strong#2026',
    },
    allowed: 'system-admin',
    wrongRole: 'security-admin',
    otherScope: PLATFORM,
  },
  'PATCH /api/accounts/:id': {
    url: '/api/accounts/{target}',
    body: { displayName: '刘洋洋' },
    allowed: 'system-admin',
    wrongRole: 'audit-admin',
    otherScope: PLATFORM,
  },
  'POST /api/accounts/:id/unlock': {
    url: '/api/accounts/{target}/unlock',
    allowed: 'security-admin',
    wrongRole: 'system-admin',
    otherScope: PLATFORM,
  },
  'POST /api/accounts/:id/reset-password': {
    url: '/api/accounts/{target}/reset-password',
    body: { newPassword: 'Reset#2026x' },
    allowed: 'security-admin',
    wrongRole: 'system-admin',
    otherScope: PLATFORM,
  },
  'POST /api/accounts/:id/reset-second-factor': {
    url: '/api/accounts/{enrolUser}/reset-second-factor',
    allowed: 'security-admin',
    wrongRole: 'system-admin',
    otherScope: PLATFORM,
  },
  'GET /api/audit': { url: '/api/audit', wrongRole: 'system-admin', otherScope: PLATFORM },
  'GET /api/audit/verify': {
    url: '/api/audit/verify',
    allowed: 'audit-admin',
    wrongRole: 'security-admin',
    otherScope: PLATFORM,
  },
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
    const enrolUser = await makeUser(p.deps, { username: 'enrol-user', role: 'learner' });
    const targetUserId = await makeUser(p.deps, { username: 'target-user', role: 'city_edu', region: '410300' });
    await makeUser(p.deps, {
      username: 'yutong-admin',
      role: 'institution_admin',
      institutionId: inst.find((i) => i.name === '郑州宇通客车股份有限公司')!.id,
    });
    await makeUser(p.deps, { username: 'hubei-admin', role: 'province_hrss', region: '420000' });
    await makeUser(p.deps, { username: 'ly-edu', role: 'city_edu', region: '410300' });
    await makeUser(p.deps, { username: 'ly-finance', role: 'city_finance', region: '410300' });
    for (const role of ROLES) {
      const info = ROLE_INFO[role];
      await makeUser(p.deps, {
        username: asRole(role),
        role,
        ...(info.scope === 'institution' ? { institutionId: schoolId } : {}),
        ...(info.scope === 'region' ? { region: HOME_REGION[info.regionLevel ?? 'city'] } : {}),
      });
    }
    const instId = (name: string) => inst.find((i) => i.name === name)!.id;
    await makeUser(p.deps, {
      username: 'shangmao-admin',
      role: 'institution_admin',
      institutionId: instId('郑州市商贸管理学校'),
    });
    const db = p.deps.db;
    const latestFiling = (name: string) => async () =>
      (
        await db
          .selectFrom('filing_applications')
          .select('id')
          .where('institution_id', '=', instId(name))
          .orderBy('id', 'desc')
          .executeTakeFirstOrThrow()
      ).id;
    const expert = (
      await db
        .selectFrom('staff')
        .select('id')
        .where('kind', '=', 'expert')
        .where('institution_id', 'is', null)
        .orderBy('id')
        .executeTakeFirstOrThrow()
    ).id;
    const staffOf = (name: string) => async () =>
      (
        await db
          .selectFrom('staff')
          .select('id')
          .where('institution_id', '=', instId(name))
          .where('kind', '=', 'examiner')
          .orderBy('id')
          .executeTakeFirstOrThrow()
      ).id;
    const occ = (
      await db.selectFrom('occupations').select('id').where('code', '=', '4-04-05-01').executeTakeFirstOrThrow()
    ).id;
    // INST-7: specifications are only for an occupation without a national standard
    const specOcc = (
      await db
        .updateTable('occupations')
        .set({ has_national_standard: 0 })
        .where('code', '=', '4-14-02-05')
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const school = instId('郑州智能制造职业学院');
    const now = new Date().toISOString();
    const spec = async (status: 'draft' | 'under_review', reviews: number) => {
      const r = await db
        .insertInto('evaluation_specs')
        .values({
          institution_id: school,
          occupation_id: specOcc,
          title: '养老照护评价规范',
          levels: '4,3',
          status,
          filed_by: null,
          filed_at: null,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const experts = await db
        .selectFrom('staff')
        .select('id')
        .where('kind', '=', 'expert')
        .orderBy('id')
        .limit(reviews)
        .execute();
      for (const x of experts)
        await db
          .insertInto('spec_reviews')
          .values({ spec_id: r.id, expert_id: x.id, opinion: 'agree', comment: null, recorded_by: 1, at: now })
          .execute();
      return r.id;
    };
    const specIds = {
      draft: await spec('draft', 0),
      review: await spec('under_review', 0),
      five: await spec('under_review', 5),
      reject: await spec('under_review', 1),
    };
    // assessment fixtures: plans in the states the cases need, made through the API
    const adminCookie = await loginAs(p.app, 'school-admin');
    const examinerCookie = await loginAs(p.app, 'examiner-user');
    const api = async (cookie: string, method: Method, url: string, payload?: object) => {
      const r = await p.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
      if (r.statusCode >= 300) throw new Error(`${method} ${url}: ${r.body}`);
      return JSON.parse(r.body);
    };
    const elec = (
      await db.selectFrom('occupations').select('id').where('code', '=', '6-31-01-03').executeTakeFirstOrThrow()
    ).id;
    const weld = (
      await db.selectFrom('occupations').select('id').where('code', '=', '6-18-02-04').executeTakeFirstOrThrow()
    ).id;
    const idn = (first17: string) => first17 + residentIdCheckChar(first17);
    // INST-1: the school registers its own students
    const student = { studentType: 'junior_college', inSchool: true };
    const newPlan = async (title: string, occupationId = elec, level = 4) => {
      const plan = await api(adminCookie, 'POST', '/api/plans', { occupationId, level, year: 2026, title });
      await api(adminCookie, 'POST', `/api/plans/${plan.id}/publish`);
      return plan.id as number;
    };
    const mplan = await newPlan('矩阵测试计划');
    const reg1 = (
      await api(adminCookie, 'POST', `/api/plans/${mplan}/registrations`, {
        name: '矩阵甲',
        idNumber: idn('41010520000101901'),
        ...student,
        yearsInOccupation: 6,
      })
    ).id;
    const pendingReg = (
      await api(adminCookie, 'POST', `/api/plans/${mplan}/registrations`, {
        name: '矩阵乙',
        idNumber: idn('41010519900101902'),
        ...student,
      })
    ).id;
    const withdrawReg = (
      await api(adminCookie, 'POST', `/api/plans/${mplan}/registrations`, {
        name: '矩阵撤',
        idNumber: idn('41010519900101905'),
        ...student,
        yearsInOccupation: 6,
      })
    ).id;
    const draftPlan = (
      await api(adminCookie, 'POST', '/api/plans', { occupationId: elec, level: 5, year: 2026, title: '草稿计划' })
    ).id;
    const scored = async (title: string, first17: string) => {
      const plan = await newPlan(title, weld, 4);
      const reg = (
        await api(adminCookie, 'POST', `/api/plans/${plan}/registrations`, {
          name: title.slice(0, 4),
          idNumber: idn(first17),
          ...student,
          yearsInOccupation: 6,
        })
      ).id;
      await api(examinerCookie, 'POST', `/api/plans/${plan}/scores`, {
        entries: [
          { registrationId: reg, part: 'theory', score: 80 },
          { registrationId: reg, part: 'practical', score: 85 },
        ],
      });
      await api(adminCookie, 'POST', `/api/plans/${plan}/scores/confirm`);
      return { plan, reg };
    };
    const pub = await scored('公示测试计划', '41010519900101903');
    const fin = await scored('结果确认计划', '41010519900101904');
    await api(adminCookie, 'POST', `/api/plans/${fin.plan}/results/publish`);
    await db
      .updateTable('evaluation_plans')
      .set({ publicity_until: '2020-01-01' })
      .where('id', '=', fin.plan)
      .execute();
    // CERT-5: a competition whose rules were approved before its contest, which has taken place
    const heldCompetition = (
      await db
        .insertInto('competitions')
        .values({
          institution_id: school,
          name: '矩阵已批准竞赛',
          tier: 'school',
          year: 2026,
          contest_date: '2026-01-10',
          occupation_id: elec,
          participants: 20,
          rules_json: JSON.stringify([{ topPercent: 30, level: 4 }]),
          status: 'approved',
          submitted_at: '2025-12-01T02:00:00.000Z',
          decided_by_name: '王建国',
          decided_at: '2025-12-05T02:00:00.000Z',
          created_by: 1,
          created_at: '2025-12-01T01:00:00.000Z',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    // subsidised training: the demo's providers and classes, a provider to take out of the catalogue, a draft to withdraw
    const providerOf = async (name: string) =>
      (
        await db
          .selectFrom('training_providers')
          .select('id')
          .where('institution_id', '=', instId(name))
          .executeTakeFirstOrThrow()
      ).id;
    const training = {
      school: await providerOf('郑州智能制造职业学院'),
      sunshine: await providerOf('郑州市金水区阳光职业培训学校'),
      exit: 0,
      stepClass: 0,
      classOf: async (providerId: number, status: 'approved' | 'draft' | 'submitted') =>
        (
          await db
            .selectFrom('training_classes')
            .select('id')
            .where('provider_id', '=', providerId)
            .where('status', '=', status)
            .orderBy('id')
            .executeTakeFirstOrThrow()
        ).id,
    };
    const exitInst = await db
      .insertInto('institutions')
      .values({
        name: '矩阵退出培训学校',
        kind: 'training',
        school_type: null,
        owner: 'local',
        region_code: '410105',
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    training.exit = (
      await db
        .insertInto('training_providers')
        .values({
          institution_id: exitInst.id,
          provider_type: 'private_school',
          status: 'listed',
          listed_on: '2025-01-01',
          exited_on: null,
          exit_reason: null,
          created_by: null,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const draft = await db
      .selectFrom('training_classes')
      .selectAll()
      .where('id', '=', await training.classOf(training.school, 'draft'))
      .executeTakeFirstOrThrow();
    const { id: _draftId, ...draftRow } = draft;
    training.stepClass = (
      await db
        .insertInto('training_classes')
        .values({ ...draftRow, title: '矩阵待撤回的开班申请' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    // hours that count: an online class of the demo school under way since five days, a trainee, class hours
    const hoursToday = businessDate(p.clock.now(), 'Asia/Shanghai');
    const { id: _approvedId, ...approvedRow } = await db
      .selectFrom('training_classes')
      .selectAll()
      .where('id', '=', await training.classOf(training.school, 'approved'))
      .executeTakeFirstOrThrow();
    const hoursClass = (
      await db
        .insertInto('training_classes')
        .values({
          ...approvedRow,
          title: '矩阵课时培训班',
          mode: 'online',
          start_date: addDays(hoursToday, -5),
          end_date: addDays(hoursToday, 25),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const hoursTrainee = (
      await api(adminCookie, 'POST', `/api/training/classes/${hoursClass}/trainees`, {
        name: '矩阵课时学员',
        idNumber: HOURS_TRAINEE_ID,
        targetGroup: 'laid_off',
        employmentIntention: true,
      })
    ).id as number;
    const security = (
      await db.selectFrom('occupations').select('id').where('code', '=', '4-07-05-01').executeTakeFirstOrThrow()
    ).id;
    const completionClass = (
      await db
        .insertInto('training_classes')
        .values({
          ...approvedRow,
          title: '矩阵保安员培训班',
          occupation_id: security,
          level: null,
          certificate_route: 'completion',
          start_date: addDays(hoursToday, -5),
          end_date: addDays(hoursToday, 25),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const completionTrainee = (
      await api(adminCookie, 'POST', `/api/training/classes/${completionClass}/trainees`, {
        name: '矩阵结业学员',
        idNumber: id18('41010519950505775'),
        targetGroup: 'laid_off',
        employmentIntention: true,
      })
    ).id as number;
    const session = async (day: number, startsAt: string, delivery: 'offline' | 'online') =>
      (
        await db
          .insertInto('training_sessions')
          .values({
            class_id: hoursClass,
            held_on: addDays(hoursToday, day),
            starts_at: startsAt,
            minutes: 45,
            kind: 'theory',
            delivery,
            topic: null,
            created_by: null,
            created_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    await session(-2, '08:00', 'online');
    const hours = {
      klass: hoursClass,
      trainee: hoursTrainee,
      session: await session(-1, '08:00', 'offline'),
      spare: await session(-1, '09:00', 'offline'),
      completionTrainee,
      day: addDays(hoursToday, -1),
      onlineDay: addDays(hoursToday, -2),
    };
    const schoolExaminers = (
      await db
        .selectFrom('staff')
        .select('id')
        .where('institution_id', '=', school)
        .where('kind', 'in', ['examiner', 'senior_examiner'])
        .orderBy('id')
        .limit(3)
        .execute()
    ).map((x) => x.id);
    const totpOf = async (username: string, laterSeconds: number) => {
      const { secret_enc } = await db
        .selectFrom('second_factors as f')
        .innerJoin('users as u', 'u.id', 'f.user_id')
        .select('f.secret_enc')
        .where('u.username', '=', username)
        .executeTakeFirstOrThrow();
      const secret = personalData(p.deps.config).openSecret('second_factors.secret', secret_enc);
      if (laterSeconds) p.clock.set(new Date(p.clock.now().getTime() + laterSeconds * 1000));
      return generate({ secret, epoch: Math.floor(p.clock.now().getTime() / 1000) });
    };
    // subsidies: fresh certificates of the demo school to claim, and the demo claims in their states
    let subSeq = 0;
    const subCert = async () => {
      const n = ++subSeq;
      const first17 = `41010520040607${String(100 + n).padStart(3, '0')}`;
      const learner = (
        await db
          .insertInto('learners')
          .values(
            newPersonRow(
              personalData(p.deps.config),
              { name: `补贴${n}`, id_type: 'resident_id', id_number: idn(first17) },
              now,
            ),
          )
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      return (
        await db
          .insertInto('certificates')
          .values({
            number: `Y000041000001264${String(900000 + n)}`.slice(0, 22),
            kind: 'skill',
            institution_id: school,
            learner_id: learner,
            occupation_id: elec,
            work_type: null,
            level: 4,
            pathway: 'exam',
            issued_on: '2026-01-15',
            status: 'valid',
            verify_code: `SUBV${n}`,
            fee: 0,
            source_type: 'test',
            source_id: null,
            holder_name: `补贴${n}`,
            holder_id_type: 'resident_id',
            holder_id_number_enc: personalData(p.deps.config).storeIdNumber(
              'certificates.holder_id_number',
              idn(first17),
            ).enc,
            holder_id_number_hash: personalData(p.deps.config).idNumberHash(idn(first17)),
            institution_name: '郑州智能制造职业学院',
            filing_no: 'Y000041000001',
            occupation_code: '6-31-01-03',
            occupation_name: '电工',
            issued_by: 0,
            created_at: now,
            seal: null,
            seal_kid: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    };
    const once = <T>(f: () => Promise<T>) => {
      let v: Promise<T> | undefined;
      return () => (v ??= f());
    };
    const schoolDraft = async () =>
      (
        await api(adminCookie, 'POST', '/api/subsidies/claims', {
          kind: 'evaluation',
          issuedFrom: '2026-01-15',
          issuedTo: '2026-01-15',
          certificateIds: [await subCert()],
        })
      ).id as number;
    const claimWhere = (institution: string, status: string) => async () =>
      (
        await db
          .selectFrom('subsidy_claims')
          .select('id')
          .where('institution_id', '=', instId(institution))
          .where('status', '=', status)
          .orderBy('id')
          .executeTakeFirstOrThrow()
      ).id;
    const subFixtures: Env['fx'] = {
      subRate: async () =>
        (
          await db
            .selectFrom('subsidy_rates')
            .select('id')
            .where('kind', '=', 'special_ability')
            .executeTakeFirstOrThrow()
        ).id,
      subCert2: once(subCert),
      subDraft: once(schoolDraft),
      subDraft2: once(schoolDraft),
      // 郑州市第一技师学院's claim waiting for the city (demo data)
      subSubmitted: once(claimWhere('郑州市第一技师学院', 'submitted')),
      subPublicity: claimWhere('郑州智能制造职业学院', 'publicity'),
      subPaid: once(claimWhere('郑州智能制造职业学院', 'paid')),
      subReversal: async () =>
        (
          await db
            .selectFrom('subsidy_reversals')
            .select('id')
            .where('status', '=', 'recovering')
            .orderBy('id')
            .executeTakeFirstOrThrow()
        ).id,
      // a claim submitted by the school and approved by finance, waiting to be paid
      subFinance: once(async () => {
        const id = await schoolDraft();
        await api(adminCookie, 'POST', `/api/subsidies/claims/${id}/submit`, {
          payeeName: '郑州智能制造职业学院',
          payeeBank: '中国工商银行郑州金水支行',
          payeeAccount: '6222020200112345678',
        });
        await db
          .updateTable('subsidy_claims')
          .set({
            status: 'finance_approved',
            fund_source: 'special_account',
            fund_year: 2026,
            publicity_from: '2026-01-05',
            publicity_until: '2026-01-08',
          })
          .where('id', '=', id)
          .execute();
        return id;
      }),
    };
    let schoolJob: Promise<number> | undefined;
    const fx: Env['fx'] = {
      ...subFixtures,
      // a 专项职业能力证书 郑州's HRSS recorded
      otherCert: once(async () => {
        const r = await api(await loginAs(p.app, 'city-admin'), 'POST', '/api/other-certificates', {
          kind: 'special_ability',
          name: '矩阵专项',
          idNumber: id18('41010519930909881'),
          occupationId: elec,
          number: `ZX-MATRIX-${Date.now()}`,
          issuedOn: '2025-06-01',
          issuingBody: '矩阵测试考核机构',
        });
        return r.id as number;
      }),
      target: async () => targetUserId,
      draft: latestFiling('郑州市电子信息工程学校'),
      // the same application once its expert review (INST-2) has the required opinions: the matrix
      // records one through its route; the others are added here, by further independent experts
      reviewed: async () => {
        const id = await latestFiling('郑州市电子信息工程学校')();
        const steps = (
          await db.selectFrom('filing_steps').selectAll().where('application_id', '=', id).orderBy('id').execute()
        ).map((s) => ({ ...s, detail: s.detail_json ? JSON.parse(s.detail_json) : null }));
        const seen = expertReview(steps, MIN_EXPERT_OPINIONS).opinions.map((o) => o.expertId);
        const more = await db
          .selectFrom('staff')
          .select(['id', 'name'])
          .where('kind', '=', 'expert')
          .where('institution_id', 'is', null)
          .orderBy('id')
          .execute();
        for (const x of more.filter((x) => !seen.includes(x.id)).slice(0, MIN_EXPERT_OPINIONS - seen.length))
          await db
            .insertInto('filing_steps')
            .values({
              application_id: id,
              action: 'expert_opinion',
              actor_id: null,
              actor_name: 'city-edu',
              actor_role: 'city_edu',
              department: '郑州市教育局',
              reason: null,
              detail_json: JSON.stringify({ expertId: x.id, expertName: x.name, opinion: 'agree' }),
              at: new Date().toISOString(),
            })
            .execute();
        return id;
      },
      schoolFiling: latestFiling('郑州智能制造职业学院'),
      returnFiling: latestFiling('郑州经贸职业学院'),
      rejectFiling: latestFiling('驻马店农业工程职业学院'),
      withdrawFiling: latestFiling('郑州市商贸管理学校'),
      zhongzhi: async () => instId('郑州市电子信息工程学校'),
      zzInst: async () => instId('郑州城市建设职业技术学院'),
      // filed by 郑州市人社局, so city-admin manages it (INST-5)
      managedInst: async () => instId('郑州市第一技师学院'),
      evidence: async () =>
        (
          await db
            .selectFrom('prerequisite_evidence')
            .select('id')
            .where('institution_id', '=', instId('郑州市电子信息工程学校'))
            .where('removed_at', 'is', null)
            .orderBy('id', 'desc')
            .executeTakeFirstOrThrow()
        ).id,
      schoolStaff: staffOf('郑州智能制造职业学院'),
      disqStaff: staffOf('郑州城市建设职业技术学院'),
      expert: async () => expert,
      occ: async () => occ,
      specOcc: async () => specOcc,
      specDraft: async () => specIds.draft,
      specReview: async () => specIds.review,
      specFive: async () => specIds.five,
      specReject: async () => specIds.reject,
      catalogEntry: async () => school,
      elec: async () => elec,
      mplan: async () => mplan,
      reg1: async () => reg1,
      pendingReg: async () => pendingReg,
      withdrawReg: async () => withdrawReg,
      draftPlan: async () => draftPlan,
      pubPlan: async () => pub.plan,
      pubReg: async () => pub.reg,
      finPlan: async () => fin.plan,
      ex1: async () => schoolExaminers[0],
      ex2: async () => schoolExaminers[1],
      ex3: async () => schoolExaminers[2],
      xWeld: async () =>
        (
          await db
            .selectFrom('one_plus_x_certificates')
            .select('id')
            .where('name', '=', '特殊焊接技术')
            .executeTakeFirstOrThrow()
        ).id,
      holding: async () =>
        (await db.selectFrom('one_plus_x_holdings').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id,
      competition: async () =>
        (await db.selectFrom('competitions').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id,
      heldCompetition: async () => heldCompetition,
      lathe: async () =>
        (await db.selectFrom('occupations').select('id').where('code', '=', '6-18-01-01').executeTakeFirstOrThrow()).id,
      schoolProvider: async () => training.school,
      sunshineProvider: async () => training.sunshine,
      exitProvider: async () => training.exit,
      schoolTrainer: async () =>
        (
          await db
            .selectFrom('training_trainers')
            .select('id')
            .where('provider_id', '=', training.school)
            .where('status', '=', 'active')
            .orderBy('id')
            .executeTakeFirstOrThrow()
        ).id,
      lyFiling: async () =>
        (
          await db
            .selectFrom('training_filings')
            .select('id')
            .where('provider_id', '=', training.sunshine)
            .where('region_code', '=', '410300')
            .executeTakeFirstOrThrow()
        ).id,
      schoolClass: async () => training.classOf(training.school, 'approved'),
      hoursClass: async () => hours.klass,
      hoursTrainee: async () => hours.trainee,
      hoursSession: async () => hours.session,
      hoursSpareSession: async () => hours.spare,
      hoursDay: async () => hours.day,
      completionTrainee: async () => hours.completionTrainee,
      hoursOnlineDay: async () => hours.onlineDay,
      draftClass: async () => training.classOf(training.school, 'draft'),
      stepClass: async () => training.stepClass,
      pendingClass: async () => training.classOf(training.sunshine, 'submitted'),
      schoolTrainee: async () =>
        (
          await db
            .selectFrom('training_trainees')
            .select('id')
            .where('class_id', '=', await training.classOf(training.school, 'approved'))
            .where('status', '=', 'enrolled')
            .orderBy('id')
            .executeTakeFirstOrThrow()
        ).id,
      school: async () => school,
      weld: async () => weld,
      partnerSchool: async () => instId('郑州城市建设职业技术学院'),
      // 宇通 × the demo school, accepted in the demo data (CERT-6)
      agreement: async () =>
        (
          await db
            .selectFrom('partnerships')
            .select('id')
            .where('school_id', '=', school)
            .where('status', '=', 'accepted')
            .executeTakeFirstOrThrow()
        ).id,
      // 一拖's proposal to the demo school, awaiting the school's answer in the demo data
      proposal: async () =>
        (
          await db
            .selectFrom('partnerships')
            .select('id')
            .where('school_id', '=', school)
            .where('enterprise_id', '=', instId('洛阳一拖装备制造有限公司'))
            .orderBy('id', 'desc')
            .executeTakeFirstOrThrow()
        ).id,
      enrolUser: async () => enrolUser,
      // the code enrol-user's authenticator shows: now, and one step later (a code is used once)
      enrolCode: async () => totpOf('enrol-user', 0),
      nextEnrolCode: async () => totpOf('enrol-user', 30),
      objection: async () =>
        (await db.selectFrom('objections').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id,
      // a student on the demo school's roll (the coverage report's people)
      schoolStudent: async () =>
        (
          await db
            .selectFrom('learners')
            .select('id')
            .where('school_institution_id', '=', school)
            .orderBy('id')
            .executeTakeFirstOrThrow()
        ).id,
      // a certificate ZIP job of the demo school's administrator, run to its end (once)
      schoolJob: async () => {
        schoolJob ??= (async () => {
          const cookie = await e.cookie('school-admin');
          const started = await p.app.inject({
            method: 'POST',
            url: '/api/certificates/batch-jobs',
            headers: { cookie },
            payload: { issuedFrom: '2025-06-01', issuedTo: '2025-06-30' },
          });
          const id = Number(JSON.parse(started.body).id);
          for (let i = 0; i < 600; i++) {
            const j = JSON.parse(
              (await p.app.inject({ method: 'GET', url: `/api/jobs/${id}`, headers: { cookie } })).body,
            );
            if (j.status !== 'running' && j.status !== 'queued') break;
            await new Promise((r) => setTimeout(r, 50));
          }
          return id;
        })();
        return schoolJob;
      },
      schoolCert: async () =>
        (
          await db
            .selectFrom('certificates')
            .select('id')
            .where('institution_id', '=', school)
            .where('holder_name', '!=', '刘洋')
            .orderBy('id')
            .executeTakeFirstOrThrow()
        ).id,
    };
    e = {
      p,
      fx,
      async resolve(text) {
        let out = text;
        for (const m of text.matchAll(/\{(\w+)\}/g)) if (fx[m[1]]) out = out.replace(m[0], String(await fx[m[1]]()));
        return out.replace(/"\{(\d+)\}"/g, '$1');
      },
      targetUserId,
      zzInstitutionId: inst.find((i) => i.name.startsWith('郑州城市建设'))!.id,
      lyInstitutionId: inst.find((i) => i.name.startsWith('洛阳'))!.id,
      async cookie(username) {
        if (!cookies.has(username)) cookies.set(username, await loginAs(p.app, username));
        return cookies.get(username)!;
      },
      async req(username, method, url, payload) {
        const headers = username ? { cookie: await e.cookie(username) } : {};
        url = await e.resolve(url);
        let body: { payload?: string | Buffer; headers?: Record<string, string> } = {};
        if (payload && typeof payload === 'object' && '__roster' in payload) {
          const wb = new ExcelJSLib.Workbook();
          const ws = wb.addWorksheet('考生名单');
          // INST-1: the school's own student
          ws.addRow(['姓名', '证件号码', '学生类型', '是否在校', '从事本职业年限']);
          ws.addRow(['名单丁', '11010520051231002' + residentIdCheckChar('11010520051231002'), '专科', '是', '8']);
          payload = {
            __multipart: {
              fields: {},
              file: { name: 'roster.xlsx', content: Buffer.from(await wb.xlsx.writeBuffer()) },
            },
          };
        }
        if (payload && typeof payload === 'object' && '__online' in payload) {
          const wb = new ExcelJSLib.Workbook();
          const ws = wb.addWorksheet('线上学习记录');
          ws.addRow([
            '姓名',
            '证件号码',
            '课时序号',
            '学习日期',
            '学习时长（分钟）',
            '快进播放',
            '多窗口学习',
            '连续5分钟内无弹窗管控',
            '无法进行人脸活体比对',
            '未按内容先后顺序学习',
            '本课时无随机保留影像照片',
          ]);
          ws.addRow([
            '矩阵课时学员',
            HOURS_TRAINEE_ID,
            '1',
            await e.resolve('{hoursOnlineDay}'),
            '45',
            '否',
            '否',
            '否',
            '否',
            '否',
            '否',
          ]);
          payload = {
            __multipart: {
              fields: {},
              file: { name: 'online.xlsx', content: Buffer.from(await wb.xlsx.writeBuffer()) },
            },
          };
        }
        if (payload && typeof payload === 'object' && '__otherCerts' in payload) {
          const number = (payload as { __otherCerts: string | true }).__otherCerts;
          const wb = new ExcelJSLib.Workbook();
          const ws = wb.addWorksheet('证书登记');
          ws.addRow(['证书类别', '姓名', '证件号码', '职业（工种）', '证书编号', '发证日期', '发证机构']);
          ws.addRow([
            '特种作业操作证',
            '矩阵导入',
            id18(number === true ? '41010519931212884' : '41010519931212892'),
            '电工',
            number === true ? 'TZ-MATRIX-IMP-1' : number,
            '2025-06-01',
            '矩阵测试应急管理部门',
          ]);
          payload = {
            __multipart: {
              fields: {},
              file: { name: 'other.xlsx', content: Buffer.from(await wb.xlsx.writeBuffer()) },
            },
          };
        }
        if (payload && typeof payload === 'object' && '__trainees' in payload) {
          const wb = new ExcelJSLib.Workbook();
          const ws = wb.addWorksheet('学员名单');
          ws.addRow(['姓名', '证件号码', '培训对象类别', '有就业意愿']);
          ws.addRow(['名单戊', id18('41010519930303773'), '下岗失业人员', '是']);
          payload = {
            __multipart: {
              fields: {},
              file: { name: 'trainees.xlsx', content: Buffer.from(await wb.xlsx.writeBuffer()) },
            },
          };
        }
        if (payload && typeof payload === 'object' && ('__targets' in payload || '__graduates' in payload)) {
          const wb = new ExcelJSLib.Workbook();
          const ws = wb.addWorksheet('x');
          if ('__targets' in payload) {
            ws.addRow(['单位代码', '单位名称', '层级', '取证人数（人）任务']);
            ws.addRow([(payload as { __targets: string }).__targets, '', '', 7]);
          } else {
            ws.addRow(['姓名', '证件类型', '证件号码', '专业']);
            ws.addRow(['名册甲', '', '11010520051231010' + residentIdCheckChar('11010520051231010'), '机电']);
          }
          payload = {
            __multipart: {
              fields: {},
              file: { name: 'sheet.xlsx', content: Buffer.from(await wb.xlsx.writeBuffer()) },
            },
          };
        }
        if (payload && typeof payload === 'object' && '__multipart' in payload) {
          const m = (payload as { __multipart: Multipart }).__multipart;
          const fields: Record<string, string> = {};
          for (const [k, v] of Object.entries(m.fields)) fields[k] = await e.resolve(v);
          const mp = multipart(fields, [m.file]);
          body = { payload: mp.payload, headers: { 'content-type': mp.contentType } };
        } else if (payload !== undefined) {
          body = { payload: await e.resolve(JSON.stringify(payload)), headers: { 'content-type': 'application/json' } };
        }
        const r = await p.app.inject({
          method,
          url,
          headers: { ...headers, ...body.headers },
          ...(body.payload !== undefined ? { payload: body.payload } : {}),
        });
        const isJson = String(r.headers['content-type'] ?? '').includes('json');
        return {
          status: r.statusCode,
          body: isJson && r.body ? JSON.parse(r.body) : r.body,
          raw: r.rawPayload,
          headers: r.headers,
        };
      },
    };
  });
  afterAll(async () => e?.p.close());

  it('every registered /api route has a case, and every case a route', () => {
    const registered = e.p.app.apiRoutes.map((r) => `${r.method} ${r.url}`).sort();
    expect(
      registered.filter((k) => !CASES[k]),
      'routes without an access case',
    ).toEqual([]);
    expect(
      Object.keys(CASES).filter((k) => !registered.includes(k)),
      'cases without a route',
    ).toEqual([]);
  });

  it('every route declares an action of the table, and every action is used by a route or a service', () => {
    const onRoutes = new Set(e.p.app.apiRoutes.flatMap((r) => ('action' in r.access ? [r.access.action] : [])));
    expect(
      [...onRoutes].filter((a) => !Object.hasOwn(ACCESS, a)),
      'route actions missing from contract/access.ts',
    ).toEqual([]);
    const inServices = actionsCheckedInServices();
    expect(
      [...inServices].filter((a) => !Object.hasOwn(ACCESS, a)),
      'service actions missing from contract/access.ts',
    ).toEqual([]);
    expect(
      ACTIONS.filter((a) => !onRoutes.has(a) && !inServices.has(a)),
      'actions that no route or service uses',
    ).toEqual([]);
  });

  it('public routes are exactly the declared public ones', () => {
    const pub = e.p.app.apiRoutes
      .filter((r) => 'public' in r.access)
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    expect(pub).toEqual(
      Object.entries(CASES)
        .filter(([, c]) => c.public)
        .map(([k]) => k)
        .sort(),
    );
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
      const allowedRoles = (): readonly Role[] => ACCESS[(route().access as { action: Action }).action].roles;
      const roles = () => (allowedRoles().length === ROLES.length ? 'authenticated' : allowedRoles());
      const roleOf = async (username: string) =>
        (
          await e.p.deps.db
            .selectFrom('users')
            .select('role')
            .where('username', '=', username)
            .executeTakeFirstOrThrow()
        ).role as Role;
      it('admits exactly the roles its action allows in contract/access.ts: every other role is refused (403)', async () => {
        const allowed = allowedRoles();
        if (c.allowed) expect(allowed, `the case's allowed user ${c.allowed}`).toContain(await roleOf(c.allowed));
        if (typeof c.wrongRole === 'string')
          expect(allowed, `the case's wrong role ${c.wrongRole}`).not.toContain(await roleOf(c.wrongRole));
        // refused before the route looks at its parameters or body, so any id will do
        const url = c.url.replace(/\{\w+\}/g, '1');
        for (const role of ROLES.filter((r) => !allowed.includes(r))) {
          const r = await e.req(asRole(role), method, url);
          expect(r.status, `${role} → ${key}`).toBe(403);
          expect(r.body.error.code, `${role} → ${key}`).toBe('FORBIDDEN_ROLE');
        }
      });
      if (typeof c.wrongRole === 'string') {
        it(`refuses a wrong role (${c.wrongRole}: 403 FORBIDDEN_ROLE, audited)`, async () => {
          const r = await e.req(c.wrongRole as string, method, c.url, c.body);
          expect(r.status).toBe(403);
          expect(r.body.error.code).toBe('FORBIDDEN_ROLE');
          const denied = await e.p.deps.db
            .selectFrom('audit_log')
            .selectAll()
            .where('request_id', '=', String(r.headers['x-request-id']))
            .executeTakeFirst();
          expect(denied?.outcome).toBe('denied');
          expect(denied?.action).toBe('access.denied');
        });
      } else {
        it(`has no wrong role (${c.wrongRole.none}): the route admits every signed-in role`, () =>
          expect(roles()).toBe('authenticated'));
      }
      if (typeof c.otherScope === 'function') {
        const fn = c.otherScope;
        it('refuses another scope', async () => fn(e));
      } else {
        const ns = c.otherScope as NoScope;
        it(`has no narrower scope (${ns.none})`, async () => {
          // …and the access table says the same of the route's action
          const tableScope = { platform: 'platform', 'national-edit': 'national', reference: 'reference', self: null }[
            ns.kind
          ];
          if (tableScope) expect(ACCESS[(route().access as { action: Action }).action].scope).toBe(tableScope);
          if (ns.kind === 'platform')
            expect((roles() as Role[]).every((r) => ROLE_INFO[r].scope === 'platform')).toBe(true);
          else if (ns.kind === 'national-edit')
            expect((roles() as Role[]).every((r) => ROLE_INFO[r].regionLevel === 'province')).toBe(true);
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
          const rows = await e.p.deps.db
            .selectFrom('audit_log')
            .selectAll()
            .where('request_id', '=', String(r.headers['x-request-id']))
            .execute();
          expect(rows.length).toBeGreaterThan(0);
          expect(rows.some((x) => x.outcome === 'success' && x.actor_name === c.allowed)).toBe(true);
        });
      }
    });
  }
});
