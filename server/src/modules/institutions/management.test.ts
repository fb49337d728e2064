/**
 * Institutions after filing: kinds (INST-1), dynamic management and the issuance guard (INST-4,
 * INST-5), the name as filed (INST-6), credit (INST-8), and the public catalog.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestPlatform,
  loginAs,
  makeUser,
  newResidentId,
  TEST_DB,
  type TestPlatform,
} from '../../../test/harness.js';
import { assertMayCertify } from './certify-guard.js';
import type { Actor } from '../../lib/context.js';
import { businessDate } from '../../lib/dates.js';

type M = 'GET' | 'POST' | 'PATCH';

describe(`institution management and catalog (${TEST_DB})`, () => {
  let p: TestPlatform;
  const cookies = new Map<string, string>();
  const as = async (user: string | null, method: M, url: string, payload?: object) => {
    if (user && !cookies.has(user)) cookies.set(user, await loginAs(p.app, user));
    const r = await p.app.inject({
      method,
      url,
      headers: user ? { cookie: cookies.get(user)! } : {},
      ...(payload ? { payload } : {}),
    });
    return { status: r.statusCode, body: r.body ? JSON.parse(r.body) : null, raw: r.body };
  };
  const instId = async (name: string) =>
    (await p.deps.db.selectFrom('institutions').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  const actorOf = (institutionId: number): Actor => ({
    id: 999,
    username: 'x',
    displayName: 'x',
    role: 'institution_admin',
    regionCode: null,
    regionPath: null,
    institutionId,
    scopeLabel: '',
    scopePath: [],
  });

  beforeAll(async () => {
    p = await createTestPlatform();
  });
  afterAll(async () => p?.close());

  it('INST-1: institutions of every kind are registered by an official in scope; a college states its school type', async () => {
    for (const kind of ['college', 'social', 'appraisal', 'special_ability', 'training_org', 'enterprise']) {
      const r = await as('city-admin', 'POST', '/api/institutions', {
        name: `郑州${kind}机构`,
        kind,
        schoolType: kind === 'college' ? 'technical' : null,
        owner: 'local',
        regionCode: '410105',
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body).toMatchObject({ kind, status: 'unfiled', filingNo: null });
    }
    const noType = await as('city-admin', 'POST', '/api/institutions', {
      name: '无类型学校',
      kind: 'college',
      owner: 'local',
      regionCode: '410105',
    });
    expect(noType.body.error).toMatchObject({ code: 'VALIDATION_FAILED', rule: 'INST-2' });
    const badKind = await as('city-admin', 'POST', '/api/institutions', {
      name: '怪机构',
      kind: 'church',
      owner: 'local',
      regionCode: '410105',
    });
    expect(badKind.status).toBe(400);
    expect(badKind.body.error.details[0].field).toBe('/kind');
    const badCode = await as('city-admin', 'POST', '/api/institutions', {
      name: '代码错',
      kind: 'social',
      owner: 'local',
      regionCode: '410105',
      creditCode: '123',
    });
    expect(badCode.body.error.details[0].field).toBe('/creditCode');
  });

  it('INST-5: rectification needs a future deadline; complete, suspend, reinstate, revoke; revoked is final; history kept', async () => {
    // a province-owned 技工院校, filed by the province HRSS, which therefore manages it (INST-5)
    const id = await instId('河南交通技师学院');
    expect(
      (await as('province-admin', 'POST', `/api/institutions/${id}/actions`, { action: 'rectify', reason: '监控缺失' }))
        .body.error.details[0].field,
    ).toBe('/deadline');
    expect(
      (
        await as('province-admin', 'POST', `/api/institutions/${id}/actions`, {
          action: 'rectify',
          reason: '监控缺失',
          deadline: '2020-01-01',
        })
      ).body.error.message,
    ).toContain('晚于今天');
    expect(
      (
        await as('province-admin', 'POST', `/api/institutions/${id}/actions`, {
          action: 'reinstate',
          reason: '没有理由',
        })
      ).body.error,
    ).toMatchObject({ code: 'INVALID_TRANSITION', rule: 'INST-5' });
    const steps: [string, string][] = [
      ['rectify', 'rectification'],
      ['complete_rectification', 'filed'],
      ['suspend', 'suspended'],
      ['reinstate', 'filed'],
      ['revoke', 'revoked'],
    ];
    for (const [action, status] of steps) {
      const r = await as('province-admin', 'POST', `/api/institutions/${id}/actions`, {
        action,
        reason: `理由：${action}`,
        deadline: action === 'rectify' ? '2099-12-31' : undefined,
      });
      expect(r.body.status, action).toBe(status);
    }
    const after = await as('province-admin', 'POST', `/api/institutions/${id}/actions`, {
      action: 'reinstate',
      reason: '想恢复',
    });
    expect(after.status).toBe(409);
    expect(after.body.error.message).toContain('取消备案');
    const ev = (await as('province-admin', 'GET', `/api/institutions/${id}/events`)).body;
    expect(ev.events.slice(0, 5).map((e: any) => e.type)).toEqual([
      'revoke',
      'reinstate',
      'suspend',
      'rectification_completed',
      'rectification_ordered',
    ]);
    expect(ev.events.find((e: any) => e.type === 'rectification_ordered')).toMatchObject({
      deadline: '2099-12-31',
      statusBefore: 'filed',
      statusAfter: 'rectification',
      reason: '理由：rectify',
    });
    expect(ev.credit.grade).toBe('D');
    // the city education bureau supervises but does not suspend
    expect(
      (await as('city-edu', 'POST', `/api/institutions/${id}/actions`, { action: 'suspend', reason: 'x' })).status,
    ).toBe(403);
  });

  it('INST-4/INST-5: the issuance guard refuses unfiled, suspended, revoked, expired, out-of-scope and on-behalf work', async () => {
    const db = p.deps.db;
    const school = await instId('郑州智能制造职业学院');
    const scope = await db
      .selectFrom('institution_scopes')
      .selectAll()
      .where('institution_id', '=', school)
      .executeTakeFirstOrThrow();
    await expect(
      assertMayCertify(db, actorOf(school), {
        institutionId: school,
        occupationId: scope.occupation_id,
        level: scope.level,
      }),
    ).resolves.toBeUndefined();
    const other = await db
      .selectFrom('occupations')
      .select('id')
      .where(
        'id',
        'not in',
        db.selectFrom('institution_scopes').select('occupation_id').where('institution_id', '=', school),
      )
      .executeTakeFirstOrThrow();
    await expect(
      assertMayCertify(db, actorOf(school), { institutionId: school, occupationId: other.id, level: 4 }),
    ).rejects.toMatchObject({ code: 'OUT_OF_SCOPE', rule: 'INST-4' });
    await expect(
      assertMayCertify(db, actorOf(school), { institutionId: school, occupationId: scope.occupation_id, level: 1 }),
    ).rejects.toMatchObject({ code: 'OUT_OF_SCOPE' });
    await expect(
      assertMayCertify(db, actorOf(await instId('郑州市第一技师学院')), {
        institutionId: school,
        occupationId: scope.occupation_id,
        level: scope.level,
      }),
    ).rejects.toMatchObject({ code: 'DELEGATION_FORBIDDEN', rule: 'INST-4' });
    const check = async (name: string) => {
      const id = await instId(name);
      const s = await db
        .selectFrom('institution_scopes')
        .selectAll()
        .where('institution_id', '=', id)
        .executeTakeFirst();
      return assertMayCertify(db, actorOf(id), {
        institutionId: id,
        occupationId: s?.occupation_id ?? scope.occupation_id,
        level: s?.level ?? 4,
      });
    };
    await expect(check('周口家政服务职业技能评价中心')).rejects.toMatchObject({
      code: 'INSTITUTION_SUSPENDED',
      rule: 'INST-5',
    });
    await expect(check('濮阳石化职业技术学院')).rejects.toMatchObject({ code: 'INSTITUTION_REVOKED', rule: 'INST-5' });
    await expect(check('永城市职业中专')).rejects.toMatchObject({ code: 'INSTITUTION_NOT_FILED' });
    await expect(check('洛阳机电技师学院')).resolves.toBeUndefined(); // under rectification it may still issue
    const expiring = await instId('新乡医护职业学院');
    const s = await db
      .selectFrom('institution_scopes')
      .selectAll()
      .where('institution_id', '=', expiring)
      .executeTakeFirstOrThrow();
    await expect(
      assertMayCertify(db, actorOf(expiring), {
        institutionId: expiring,
        occupationId: s.occupation_id,
        level: s.level,
        on: businessDate(new Date(Date.now() + 60 * 86_400_000), 'Asia/Shanghai'),
      }),
    ).rejects.toMatchObject({ code: 'INSTITUTION_EXPIRED' });
  });

  it('validity: an institution near its three-year end is flagged in lists and warned on its home page', async () => {
    const id = await instId('新乡医护职业学院');
    const r = (await as('province-admin', 'GET', `/api/institutions/${id}`)).body;
    expect(r.validity).toBe('expiring');
    expect(r.daysLeft).toBeGreaterThan(0);
    expect(r.daysLeft).toBeLessThanOrEqual(90);
    await makeUser(p.deps, { username: 'xinxiang-admin', role: 'institution_admin', institutionId: id });
    const home = (await as('xinxiang-admin', 'GET', '/api/home')).body;
    expect(home.notices.join()).toContain('到期');
    expect(home.notices.some((n: string) => n.includes(r.validUntil))).toBe(true);
  });

  it('INST-6: the name is the one filed; it cannot be changed directly after filing, contacts can', async () => {
    const id = await instId('郑州智能制造职业学院');
    const r = await as('school-admin', 'PATCH', `/api/institutions/${id}`, { name: '新名字学院' });
    expect(r.body.error).toMatchObject({ code: 'VALIDATION_FAILED', rule: 'INST-6' });
    const ok = await as('school-admin', 'PATCH', `/api/institutions/${id}`, {
      contactName: '李老师',
      contactPhone: '0371-66668888',
    });
    expect(ok.body).toMatchObject({ name: '郑州智能制造职业学院', contactName: '李老师' });
    const unfiled = await instId('永城市职业中专');
    expect(
      (await as('province-admin', 'PATCH', `/api/institutions/${unfiled}`, { name: '永城市职业技术学校' })).body.name,
    ).toBe('永城市职业技术学校');
  });

  it('INST-8: credit grade from recorded events, published in the catalog', async () => {
    const id = await instId('焦作大学');
    const start = (await as('province-admin', 'GET', `/api/institutions/${id}/events`)).body.credit;
    expect(start.grade).toMatch(/[AB]/);
    await as('province-admin', 'POST', `/api/institutions/${id}/credit-events`, {
      type: 'violation',
      reason: '违规收费',
    });
    const r = await as('province-edu', 'POST', `/api/institutions/${id}/credit-events`, {
      type: 'complaint_upheld',
      reason: '投诉查实',
    });
    expect(r.body.score).toBe(start.score - 35);
    const pub = (await as(null, 'GET', `/api/public/institutions/${id}`)).body;
    expect(pub).toMatchObject({ creditGrade: r.body.grade, creditScore: r.body.score });
    expect(pub.history.map((h: any) => h.type)).toEqual(
      expect.arrayContaining(['violation', 'complaint_upheld', 'filed']),
    );
    expect(JSON.stringify(pub)).not.toContain('actorName');
  });

  it('INST-8: a disqualified person cannot be assigned to any evaluation work anywhere', async () => {
    const expert = await p.deps.db
      .selectFrom('staff')
      .select(['id', 'name'])
      .where('kind', '=', 'expert')
      .where('institution_id', 'is', null)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await as('province-admin', 'POST', `/api/staff/${expert.id}/disqualify`, { reason: '评审弄虚作假' });
    expect(
      (await as('province-admin', 'POST', `/api/staff/${expert.id}/disqualify`, { reason: '再次' })).body.error.code,
    ).toBe('STAFF_DISQUALIFIED');
    const filing = await p.deps.db
      .selectFrom('filing_applications as a')
      .innerJoin('institutions as i', 'i.id', 'a.institution_id')
      .select('a.id')
      .where('i.name', '=', '郑州经贸职业学院')
      .executeTakeFirstOrThrow();
    const r = await as('province-edu', 'POST', `/api/filings/${filing.id}/expert-opinions`, {
      expertId: expert.id,
      opinion: 'agree',
    });
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({ code: 'STAFF_DISQUALIFIED', rule: 'INST-8' });
    expect(r.body.error.message).toContain(expert.name);
    const listed = (await as('province-admin', 'GET', `/api/staff?status=disqualified`)).body.items;
    expect(listed.map((s: any) => s.id)).toContain(expert.id);
  });

  it('staff: an external quality supervisor carries a card number R + 8 digits, unique', async () => {
    const bad = await as('school-admin', 'POST', '/api/staff', {
      kind: 'quality_supervisor',
      idNumber: newResidentId(),
      name: '外部督导',
      supervisorType: 'external',
      cardNo: 'R1234',
    });
    expect(bad.body.error.details[0].field).toBe('/cardNo');
    const none = await as('school-admin', 'POST', '/api/staff', {
      kind: 'quality_supervisor',
      name: '外部督导',
      idNumber: newResidentId(),
    });
    expect(none.body.error.details[0].field).toBe('/supervisorType');
    expect(
      (
        await as('school-admin', 'POST', '/api/staff', {
          kind: 'quality_supervisor',
          idNumber: newResidentId(),
          name: '外部督导',
          supervisorType: 'external',
          cardNo: 'R88880001',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await as('school-admin', 'POST', '/api/staff', {
          kind: 'quality_supervisor',
          idNumber: newResidentId(),
          name: '另一人',
          supervisorType: 'external',
          cardNo: 'R88880001',
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await as('school-admin', 'POST', '/api/staff', {
          kind: 'examiner',
          name: '无职业考评员',
          idNumber: newResidentId(),
        })
      ).body.error.details[0].field,
    ).toBe('/occupationIds');
  });

  it('INST-5: the public catalog (no login) lists filed institutions with filing number, status, scope, validity and credit; searchable', async () => {
    const all = (await as(null, 'GET', '/api/public/institutions?pageSize=200')).body;
    expect(all.total).toBeGreaterThan(25);
    expect(all.items.every((e: any) => /^[YS]000041\d{6}$/.test(e.filingNo))).toBe(true);
    expect(all.items.map((e: any) => e.name)).not.toContain('永城市职业中专'); // never filed
    const revoked = all.items.find((e: any) => e.name === '濮阳石化职业技术学院');
    expect(revoked).toMatchObject({ status: 'revoked', statusLabel: '取消备案', creditGrade: 'D' });
    const entry = all.items.find((e: any) => e.name === '郑州智能制造职业学院');
    expect(entry.scopes[0]).toMatchObject({
      code: expect.any(String),
      levels: expect.any(Array),
      levelLabels: expect.arrayContaining([expect.stringMatching(/级\//)]),
    });
    // search by region subtree, occupation and level, kind, name or filing number
    const zz = (await as(null, 'GET', '/api/public/institutions?regionCode=410100&pageSize=200')).body.items;
    expect(zz.length).toBeGreaterThan(2);
    expect(zz.every((e: any) => e.region.startsWith('郑州市'))).toBe(true);
    const occId = entry.scopes[0].occupationId;
    const byOcc = (
      await as(
        null,
        'GET',
        `/api/public/institutions?occupationId=${occId}&level=${entry.scopes[0].levels[0]}&pageSize=200`,
      )
    ).body.items;
    expect(byOcc.map((e: any) => e.id)).toContain(entry.id);
    expect(byOcc.every((e: any) => e.scopes.some((s: any) => s.occupationId === occId))).toBe(true);
    expect(
      (await as(null, 'GET', `/api/public/institutions?q=${entry.filingNo}`)).body.items.map((e: any) => e.id),
    ).toEqual([entry.id]);
    expect(
      (await as(null, 'GET', '/api/public/institutions?kind=enterprise&pageSize=200')).body.items.every(
        (e: any) => e.kind === 'enterprise',
      ),
    ).toBe(true);
    // contact people and phone numbers are not public
    expect(JSON.stringify(all)).not.toMatch(/contact|0371-/);
    expect((await as(null, 'GET', '/api/public/institutions?regionCode=419999')).body.error.code).toBe(
      'REGION_NOT_FOUND',
    );
  });

  it('work queues count on the home page of each reviewing role', async () => {
    const provEdu = (await as('province-edu', 'GET', '/api/home')).body.cards.find((c: any) => c.key === 'queue');
    const queue = (await as('province-edu', 'GET', '/api/filings/queue')).body;
    expect(provEdu.value).toBe(queue.total);
    expect(queue.total).toBeGreaterThan(0);
    expect(queue.items.every((i: any) => i.status === 'submitted' && i.stage === 'education')).toBe(true);
    const provHrss = (await as('province-admin', 'GET', '/api/filings/queue')).body;
    expect(provHrss.items.every((i: any) => i.stage === 'hrss')).toBe(true);
  });

  it('the officials’ Excel export carries filing number, status, validity, scope and credit', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const r = await p.app.inject({
      method: 'GET',
      url: '/api/institutions/export?status=filed',
      headers: { cookie: cookies.get('province-admin')! },
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const header = (ws.getRow(1).values as string[]).slice(1);
    expect(header).toEqual(expect.arrayContaining(['备案号', '状态', '有效期至', '评价范围', '信用等级']));
    const col = (name: string) => header.indexOf(name) + 1;
    expect(String(ws.getRow(2).getCell(col('备案号')).value)).toMatch(/^[YS]000041\d{6}$/);
    expect(String(ws.getRow(2).getCell(col('评价范围')).value)).toMatch(/级）/);
  });

  // 四川试点通知 六（一）（三）: the province centre manages the schools it filed and spot-checks the cities'
  // filings; a city centre manages the local 中职 it filed. So the filing authority, or its superior, manages.
  it('INST-5: 郑州市人社局 cannot suspend an institution the province filed in 郑州: refused naming who filed it, nothing changed, the denial audited', async () => {
    const id = await instId('郑州城市建设职业技术学院');
    const detail = (await as('city-admin', 'GET', `/api/institutions/${id}`)).body;
    expect(detail).toMatchObject({ status: 'filed', filedBy: '河南省人社厅', mayManage: false });
    expect(detail.mayManageReason).toContain('河南省人社厅');
    const r = await as('city-admin', 'POST', `/api/institutions/${id}/actions`, {
      action: 'suspend',
      reason: '违规组织考试',
    });
    expect(r.status).toBe(403);
    expect(r.body.error).toMatchObject({ code: 'NOT_FILING_AUTHORITY', rule: 'INST-5' });
    expect(r.body.error.message).toContain('该机构由河南省人社厅备案，应由备案部门或其上级管理');
    const rectify = await as('city-admin', 'POST', `/api/institutions/${id}/actions`, {
      action: 'rectify',
      reason: '监控缺失',
      deadline: '2099-12-31',
    });
    expect(rectify.body.error).toMatchObject({ code: 'NOT_FILING_AUTHORITY', rule: 'INST-5' });
    expect((await as('city-admin', 'GET', `/api/institutions/${id}`)).body.status).toBe('filed');
    const events = (await as('city-admin', 'GET', `/api/institutions/${id}/events`)).body.events;
    expect(events.map((e: any) => e.type)).not.toContain('suspend');
    const denied = await p.deps.db
      .selectFrom('audit_log')
      .select(['action', 'outcome'])
      .where('object_type', '=', 'institution')
      .where('object_id', '=', String(id))
      .where('outcome', '=', 'denied')
      .execute();
    expect(denied.length).toBeGreaterThanOrEqual(2);
  });

  it('INST-5: the province HRSS, which filed it, suspends and reinstates the same institution', async () => {
    const id = await instId('郑州城市建设职业技术学院');
    expect((await as('province-admin', 'GET', `/api/institutions/${id}`)).body).toMatchObject({
      mayManage: true,
      mayManageReason: null,
      managementActions: ['rectify', 'suspend', 'revoke'],
    });
    const s = await as('province-admin', 'POST', `/api/institutions/${id}/actions`, {
      action: 'suspend',
      reason: '违规组织考试',
    });
    expect(s.body.status).toBe('suspended');
    const r = await as('province-admin', 'POST', `/api/institutions/${id}/actions`, {
      action: 'reinstate',
      reason: '已整改到位',
    });
    expect(r.body.status).toBe('filed');
  });

  it('INST-5: 郑州市人社局 manages the local 中职 it filed itself; the province HRSS, its superior, may too; 洛阳 may not see it', async () => {
    const id = await instId('郑州市电子信息工程学校');
    // INST-2: the expert review needs at least 3 opinions
    const experts = await p.deps.db
      .selectFrom('staff')
      .select('id')
      .where('kind', '=', 'expert')
      .where('institution_id', 'is', null)
      .where('status', '=', 'active')
      .orderBy('id')
      .limit(3)
      .execute();
    expect(experts).toHaveLength(3);
    const occ = await p.deps.db
      .selectFrom('occupations')
      .select('id')
      .where('code', '=', '4-04-05-01')
      .executeTakeFirstOrThrow();
    const app = await as('zhongzhi-admin', 'POST', '/api/filings', { scopes: [{ occupationId: occ.id, level: 4 }] });
    expect(app.status, JSON.stringify(app.body)).toBe(201);
    const fid = app.body.id;
    expect((await as('zhongzhi-admin', 'POST', `/api/filings/${fid}/submit`)).body.status).toBe('submitted');
    for (const expert of experts)
      await as('city-edu', 'POST', `/api/filings/${fid}/expert-opinions`, { expertId: expert.id, opinion: 'agree' });
    expect((await as('city-edu', 'POST', `/api/filings/${fid}/recommend`, {})).body.status).toBe('recommended');
    expect((await as('city-admin', 'POST', `/api/filings/${fid}/file`, {})).body.status).toBe('filed');

    expect((await as('city-admin', 'GET', `/api/institutions/${id}`)).body).toMatchObject({
      status: 'filed',
      filedBy: '郑州市人社局',
      mayManage: true,
    });
    const s = await as('city-admin', 'POST', `/api/institutions/${id}/actions`, {
      action: 'suspend',
      reason: '违规组织考试',
    });
    expect(s.body.status).toBe('suspended');
    expect((await as('province-admin', 'GET', `/api/institutions/${id}`)).body.mayManage).toBe(true);
    const r = await as('province-admin', 'POST', `/api/institutions/${id}/actions`, {
      action: 'reinstate',
      reason: '已整改到位',
    });
    expect(r.body.status).toBe('filed');
    expect(
      (
        await as('luoyang-admin', 'POST', `/api/institutions/${id}/actions`, {
          action: 'suspend',
          reason: '违规组织考试',
        })
      ).status,
    ).toBe(404);
  });

  // 四川试点通知 七（五）: violations are met "视情节" with rectification within a deadline up to revocation,
  // so a passed deadline proposes suspension to the filing authority rather than applying it.
  it('INST-5: a rectification past its deadline shows as overdue, with suspension proposed first, on the detail and the officials’ home', async () => {
    const id = await instId('洛阳机电技师学院');
    const day = (n: number) => new Date(p.clock.now().getTime() + n * 86_400_000).toISOString().slice(0, 10);
    const before = (await as('luoyang-admin', 'GET', `/api/institutions/${id}`)).body;
    expect(before).toMatchObject({ status: 'rectification', rectificationOverdue: false, mayManage: true });
    expect(before.managementActions[0]).toBe('complete_rectification');
    await p.deps.db
      .updateTable('institutions')
      .set({ rectification_deadline: day(-2) })
      .where('id', '=', id)
      .execute();
    const after = (await as('luoyang-admin', 'GET', `/api/institutions/${id}`)).body;
    expect(after).toMatchObject({ status: 'rectification', rectificationOverdue: true, proposedAction: 'suspend' });
    expect(after.managementActions).toEqual(['suspend', 'complete_rectification', 'revoke']);
    const home = (await as('luoyang-admin', 'GET', '/api/home')).body;
    expect(home.notices.some((n: string) => n.includes('洛阳机电技师学院') && n.includes('暂停'))).toBe(true);
    expect((await as('province-admin', 'GET', '/api/home')).body.notices.join()).toContain('洛阳机电技师学院');
    await p.deps.db
      .updateTable('institutions')
      .set({ rectification_deadline: day(30) })
      .where('id', '=', id)
      .execute();
  });
});
