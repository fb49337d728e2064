/**
 * The staff registry through the API (INST-8): staff are people — a record names the person by a
 * validated identity document, one person record across roles — and a disqualification
 * ("取消考评或督导资格，不得参与任何…工作", Sichuan notice 七（五）) bars the person in every
 * institution: registering them again anywhere and assigning them to any work is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestPlatform,
  graduatingClassNow,
  loginAs,
  newResidentId,
  TEST_DB,
  type TestPlatform,
} from '../../../test/harness.js';
import { residentIdCheckChar } from '../../lib/identity.js';
import { DEMO_LEARNER } from '../../seed/demo.js';
import { personalData } from '../../lib/personal-data.js';

type M = 'GET' | 'POST' | 'PATCH';
const id18 = (first17: string) => first17 + residentIdCheckChar(first17);

describe(`staff registry (${TEST_DB})`, () => {
  let p: TestPlatform;
  const cookies = new Map<string, string>();
  const as = async (user: string, method: M, url: string, payload?: object) => {
    if (!cookies.has(user)) cookies.set(user, await loginAs(p.app, user));
    const r = await p.app.inject({
      method,
      url,
      headers: { cookie: cookies.get(user)! },
      ...(payload ? { payload } : {}),
    });
    return { status: r.statusCode, body: JSON.parse(r.body) };
  };
  let school: number;
  let elec: number;
  const examiner = (name: string, idNumber: string, extra: object = {}) => ({
    kind: 'examiner',
    name,
    idNumber,
    occupationIds: [elec],
    ...extra,
  });
  /** A published plan of the demo school with one eligible candidate, for sessions. */
  let plan: { id: number; registrationId: number };
  let colleagues: number[];
  const theorySession = (staffIds: number[]) =>
    as('school-admin', 'POST', `/api/plans/${plan.id}/sessions`, {
      part: 'theory',
      startsAt: '2026-12-01T09:00',
      site: '实训楼 A 座',
      rooms: [{ room: 'A101', registrationIds: [plan.registrationId], staffIds }],
    });

  beforeAll(async () => {
    p = await createTestPlatform();
    school = (
      await p.deps.db
        .selectFrom('institutions')
        .select('id')
        .where('name', '=', '郑州智能制造职业学院')
        .executeTakeFirstOrThrow()
    ).id;
    elec = (
      await p.deps.db.selectFrom('occupations').select('id').where('code', '=', '6-31-01-03').executeTakeFirstOrThrow()
    ).id;
    const created = await as('school-admin', 'POST', '/api/plans', {
      occupationId: elec,
      level: 4,
      year: 2026,
      title: '人员库测试计划',
    });
    await as('school-admin', 'POST', `/api/plans/${created.body.id}/publish`);
    const reg = await as('school-admin', 'POST', `/api/plans/${created.body.id}/registrations`, {
      name: '考场甲',
      idNumber: id18('41010520050301001'),
      studentType: 'junior_college',
      graduationYear: graduatingClassNow(p),
      inSchool: true,
    });
    expect(reg.body.status, JSON.stringify(reg.body)).toBe('eligible');
    plan = { id: created.body.id, registrationId: reg.body.id };
    colleagues = (
      await p.deps.db
        .selectFrom('staff')
        .select('id')
        .where('institution_id', '=', school)
        .where('kind', '=', 'examiner')
        .orderBy('id')
        .limit(2)
        .execute()
    ).map((s) => s.id);
  });
  afterAll(async () => p?.close());

  it('an expert of the province’s pool is shown by the region’s name, never by its code', async () => {
    const r = await as('province-admin', 'GET', '/api/staff?kind=expert&pageSize=100');
    expect(r.status).toBe(200);
    const pooled = r.body.items.filter((s: any) => s.institutionId === null);
    expect(pooled.length).toBeGreaterThan(0);
    for (const s of pooled) {
      expect(s.regionName).not.toMatch(/\d/);
      if (s.regionCode === '410000') expect(s.regionName).toBe('河南省');
    }
  });

  it('INST-8: a staff record needs the person’s ID number, validated as a learner’s is (province code, birth date, check character)', async () => {
    const none = await as('school-admin', 'POST', '/api/staff', {
      kind: 'examiner',
      name: '无证件',
      occupationIds: [elec],
    });
    expect(none.status).toBe(400);
    expect(JSON.stringify(none.body.error.details)).toContain('idNumber');
    const province = await as('school-admin', 'POST', '/api/staff', examiner('无省份', id18('99010219800101123')));
    expect(province.status).toBe(400);
    expect(province.body.error).toMatchObject({
      code: 'IDENTITY_INVALID',
      details: [{ field: '/idNumber', message: expect.stringContaining('前两位“99”不是省级行政区划代码') }],
    });
    const good = id18('41010219800101123');
    const check = await as(
      'school-admin',
      'POST',
      '/api/staff',
      examiner('校验位错', good.slice(0, 17) + (good[17] === '0' ? '1' : '0')),
    );
    expect(check.body.error).toMatchObject({ code: 'IDENTITY_INVALID', details: [{ field: '/idNumber' }] });
    expect(check.body.error.message).toContain('校验位');
    const ok = await as('school-admin', 'POST', '/api/staff', examiner('证件齐全', good));
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body).toMatchObject({ idType: 'resident_id', idNumber: '410***********' + good.slice(-4) });
    // the whole number finds the person's records; a fragment does not (the number is personal data)
    const found = (await as('school-admin', 'GET', `/api/staff?q=${good}`)).body.items;
    expect(found.map((s: any) => s.id)).toEqual([ok.body.id]);
    expect((await as('school-admin', 'GET', `/api/staff?q=${good.slice(0, 10)}`)).body.total).toBe(0);
  });

  it('INST-8: one identity across roles — a learner who becomes an examiner is the same person record; the name must match it', async () => {
    const liuyang = DEMO_LEARNER.idFirst17 + residentIdCheckChar(DEMO_LEARNER.idFirst17);
    const wrong = await as('school-admin', 'POST', '/api/staff', examiner('不是刘洋', liuyang));
    expect(wrong.body.error).toMatchObject({ code: 'IDENTITY_NAME_MISMATCH', details: [{ field: '/name' }] });
    const r = await as('school-admin', 'POST', '/api/staff', examiner(DEMO_LEARNER.name, liuyang));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const rows = await p.deps.db
      .selectFrom('staff as s')
      .innerJoin('learners as l', 'l.id', 's.person_id')
      .select(['l.id', 'l.user_id'])
      .where('s.id', '=', r.body.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0].user_id).not.toBeNull(); // the demo learner's own record, with his account
    const hash = personalData(p.deps.config).idNumberHash(liuyang);
    expect(
      await p.deps.db.selectFrom('learners').select('id').where('id_number_hash', '=', hash).execute(),
    ).toHaveLength(1);
    // the same person twice as the same kind in the same institution is one record
    const again = await as('school-admin', 'POST', '/api/staff', examiner(DEMO_LEARNER.name, liuyang));
    expect(again.status).toBe(409);
    expect(again.body.error.details).toEqual([{ field: '/idNumber', message: '该人员已登记' }]);
  });

  it('INST-8: after the city disqualifies an examiner, the school cannot register him again — nor can another institution or the province', async () => {
    const id = newResidentId();
    const first = await as('school-admin', 'POST', '/api/staff', examiner('违规甲', id));
    expect(first.status).toBe(201);
    const d = await as('city-admin', 'POST', `/api/staff/${first.body.id}/disqualify`, { reason: '考评中弄虚作假' });
    expect(d.body).toMatchObject({ status: 'disqualified', disqualifiedReason: '考评中弄虚作假' });
    const again = await as('school-admin', 'POST', '/api/staff', examiner('违规甲', id));
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'STAFF_DISQUALIFIED', rule: 'INST-8' });
    expect(again.body.error.message).toContain('考评中弄虚作假');
    expect(again.body.error.message).toContain('不得在任何机构登记');
    // as another kind, at another institution, or in the province's expert pool: the same person, refused
    const supervisor = await as('school-admin', 'POST', '/api/staff', {
      kind: 'quality_supervisor',
      supervisorType: 'internal',
      name: '违规甲',
      idNumber: id,
    });
    expect(supervisor.body.error).toMatchObject({ code: 'STAFF_DISQUALIFIED', rule: 'INST-8' });
    const elsewhere = await as('zhongzhi-admin', 'POST', '/api/staff', examiner('违规甲', id));
    expect(elsewhere.body.error).toMatchObject({ code: 'STAFF_DISQUALIFIED', rule: 'INST-8' });
    const expert = await as('province-admin', 'POST', '/api/staff', { kind: 'expert', name: '违规甲', idNumber: id });
    expect(expert.body.error).toMatchObject({ code: 'STAFF_DISQUALIFIED', rule: 'INST-8' });
    const records = await p.deps.db
      .selectFrom('staff as s')
      .innerJoin('learners as l', 'l.id', 's.person_id')
      .select('s.id')
      .where('l.id_number_hash', '=', personalData(p.deps.config).idNumberHash(id))
      .execute();
    expect(records).toHaveLength(1);
  });

  it('INST-8: the bar follows the person — his records at other institutions are disqualified with it, and no exam session takes him', async () => {
    const id = newResidentId();
    const here = (await as('school-admin', 'POST', '/api/staff', examiner('两校乙', id))).body;
    const there = (await as('zhongzhi-admin', 'POST', '/api/staff', examiner('两校乙', id))).body;
    expect(here.status).toBe('active');
    expect(there.status).toBe('active');
    expect((await theorySession([...colleagues, here.id])).status).toBe(201);
    await as('city-admin', 'POST', `/api/staff/${here.id}/disqualify`, { reason: '监考失职' });
    const thereNow = (await as('zhongzhi-admin', 'GET', `/api/staff/${there.id}`)).body;
    expect(thereNow).toMatchObject({ status: 'disqualified', disqualifiedReason: '监考失职' });
    const audit = await p.deps.db
      .selectFrom('audit_log')
      .select('after_json')
      .where('action', '=', 'staff.disqualify')
      .where('object_id', '=', String(here.id))
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after_json!)).toMatchObject({ status: 'disqualified', alsoBarred: [there.id] });
    const refused = await theorySession([...colleagues, here.id]);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'STAFF_DISQUALIFIED', rule: 'INST-8' });
    expect(refused.body.error.message).toContain('两校乙');
  });

  it('INST-8: a record from before identities were required takes no work until its ID number is entered; a barred person’s number is refused', async () => {
    const now = new Date().toISOString();
    const legacy = (
      await p.deps.db
        .insertInto('staff')
        .values({
          kind: 'examiner',
          institution_id: school,
          region_code: '410102',
          name: '旧档丙',
          supervisor_type: null,
          card_no: null,
          qualification: null,
          phone: null,
          disqualified_reason: null,
          disqualified_at: null,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const listed = (await as('school-admin', 'GET', `/api/staff/${legacy}`)).body;
    expect(listed).toMatchObject({ idType: null, idNumber: null, status: 'active' });
    const unknown = await theorySession([...colleagues, legacy]);
    expect(unknown.status).toBe(409);
    expect(unknown.body.error).toMatchObject({ code: 'STAFF_IDENTITY_MISSING', rule: 'INST-8' });
    // the number of a person disqualified elsewhere cannot be given to the old record
    const barredId = newResidentId();
    const barred = (await as('zhongzhi-admin', 'POST', '/api/staff', examiner('旧档丙', barredId))).body;
    await as('city-admin', 'POST', `/api/staff/${barred.id}/disqualify`, { reason: '泄露试题' });
    const link = await as('school-admin', 'PATCH', `/api/staff/${legacy}`, { idNumber: barredId });
    expect(link.body.error).toMatchObject({ code: 'STAFF_DISQUALIFIED', rule: 'INST-8' });
    // his own number links it, once; then he may be assigned
    const own = newResidentId();
    const linked = await as('school-admin', 'PATCH', `/api/staff/${legacy}`, { idNumber: own });
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);
    expect(linked.body.idNumber).toBe('110***********' + own.slice(-4));
    expect(
      (await as('school-admin', 'PATCH', `/api/staff/${legacy}`, { idNumber: newResidentId() })).body.error.code,
    ).toBe('CONFLICT');
    expect((await theorySession([...colleagues, legacy])).status).toBe(201);
  });

  it('INST-8: an old disqualified record, once its ID number is entered, bars the person’s other records', async () => {
    const id = newResidentId();
    const active = (await as('zhongzhi-admin', 'POST', '/api/staff', examiner('旧档丁', id))).body;
    const now = new Date().toISOString();
    const old = (
      await p.deps.db
        .insertInto('staff')
        .values({
          kind: 'examiner',
          institution_id: school,
          region_code: '410102',
          name: '旧档丁',
          supervisor_type: null,
          card_no: null,
          qualification: null,
          phone: null,
          status: 'disqualified',
          disqualified_reason: '2024 年考评中弄虚作假',
          disqualified_at: '2024-05-01T02:00:00.000Z',
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    expect((await as('city-admin', 'PATCH', `/api/staff/${old}`, { idNumber: id })).status).toBe(200);
    expect((await as('zhongzhi-admin', 'GET', `/api/staff/${active.id}`)).body).toMatchObject({
      status: 'disqualified',
      disqualifiedReason: '2024 年考评中弄虚作假',
    });
  });

  it('INST-8: a linked record keeps the name on the identity document', async () => {
    const r = (await as('school-admin', 'POST', '/api/staff', examiner('原名戊', newResidentId()))).body;
    const renamed = await as('school-admin', 'PATCH', `/api/staff/${r.id}`, { name: '改名戊' });
    expect(renamed.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: '/name' }] });
    expect((await as('school-admin', 'PATCH', `/api/staff/${r.id}`, { name: '原名戊', phone: null })).status).toBe(200);
  });
});
