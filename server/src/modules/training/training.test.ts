/**
 * Subsidised training, part A, through the API on a migrated database with the demo data: the
 * provider catalogue (培训机构目录清单), classes applied for and approved before they start, and
 * trainees, each rule written from 许技领办〔2021〕4号 (seed 002) and its neighbours:
 * TRAIN-1, 2, 3, 5, 6, 7, 8, 11, 12, 13.
 */
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestPlatform,
  jobAnswer,
  loginAs,
  makeUser,
  multipart,
  newResidentId,
  TEST_DB,
  XLSX_TYPE,
  type TestPlatform,
} from '../../../test/harness.js';
import { addDays, businessDate } from '../../lib/dates.js';
import { classApplication } from '../../../test/training-fixtures.js';
import { assertApprovedClass } from './class-guards.js';
import { recordSatisfaction } from './rectifications.service.js';
import { recordTraineeAssessment } from './trainees.service.js';
import { AppError } from '../../lib/errors.js';
import { importSlots } from '../../lib/slots.js';
import { spoolDir } from '../../lib/spool.js';
import { findPersonByIdNumber } from '../people/persons.service.js';
import { stopImportAtItsWriting } from '../../../test/import-stop.js';
import { lockClass } from './classes.queries.js';
import { TRAINEE_COLUMNS } from './trainee-roster.js';
import { manyRowsWorkbook, rosterWorkbook, wideWorkbook, zipBombWorkbook } from '../../../test/workbooks.js';

type M = 'GET' | 'POST' | 'PUT';
const TZ = 'Asia/Shanghai';

describe(`subsidised training: providers, classes, trainees (${TEST_DB})`, () => {
  let p: TestPlatform;
  const occ: Record<string, number> = {};
  let provider: { id: number; institutionId: number };
  const cookies = new Map<string, string>();
  const as = async (user: string | null, method: M, url: string, payload?: object) => {
    if (user && !cookies.has(user)) cookies.set(user, await loginAs(p.app, user));
    const r = await p.app.inject({
      method,
      url,
      headers: user ? { cookie: cookies.get(user)! } : {},
      ...(payload ? { payload } : {}),
    });
    return {
      status: r.statusCode,
      body: r.body && r.headers['content-type']?.toString().includes('json') ? JSON.parse(r.body) : r.body,
    };
  };
  const today = () => businessDate(p.clock.now(), TZ);
  const goTo = (date: string) => {
    p.clock.set(`${date}T12:00:00+08:00`);
    cookies.clear();
  };
  let seq = 0;
  const classBody = (over: Record<string, unknown> = {}) =>
    classApplication(occ.electric, today(), `测试培训班${++seq}`, over);
  /** drafts and submits as `user`: the submission's answer */
  const submit = async (over: Record<string, unknown> = {}, user = 'tp-admin') => {
    const c = await as(user, 'POST', '/api/training/classes', classBody(over));
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    const s = await as(user, 'POST', `/api/training/classes/${c.body.id}/steps`, { step: 'submit' });
    return { id: c.body.id as number, ...s };
  };
  /** submitted by `user` and approved by `official` */
  const approved = async (over: Record<string, unknown> = {}, user = 'tp-admin', official = 'city-admin') => {
    const s = await submit(over, user);
    expect(s.status, JSON.stringify(s.body)).toBe(200);
    const a = await as(official, 'POST', `/api/training/classes/${s.id}/decision`, { decision: 'approve' });
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    return a.body;
  };
  const traineeBody = (over: Record<string, unknown> = {}) => ({
    name: `学员${++seq}`,
    idNumber: newResidentId(),
    targetGroup: 'laid_off',
    employmentIntention: true,
    ...over,
  });
  const ctx = { actor: null, ip: null, requestId: 'test' };

  beforeAll(async () => {
    p = await createTestPlatform();
    for (const [k, code] of Object.entries({
      electric: '6-31-01-03',
      weld: '6-18-02-04',
      lathe: '6-18-01-01',
      security: '4-07-05-01',
      carer: '4-10-01-05',
    }))
      occ[k] = (
        await p.deps.db.selectFrom('occupations').select('id').where('code', '=', code).executeTakeFirstOrThrow()
      ).id;
    // 郑州市人社局 lists a new private training school in 金水区 (registered in the institutions registry as it enters)
    const created = await as('city-admin', 'POST', '/api/training/providers', {
      organisation: { name: '郑州测试职业培训学校', regionCode: '410105' },
      providerType: 'private_school',
      occupationIds: [occ.electric, occ.weld, occ.lathe, occ.security],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    provider = { id: created.body.id, institutionId: created.body.institutionId };
    // qualified last year, and this year's too (a test moves the clock past new year)
    const year = Number(today().slice(0, 4));
    for (const y of [year - 1, year]) {
      const ins = await as('city-admin', 'POST', `/api/training/providers/${provider.id}/inspections`, {
        year: y,
        result: 'qualified',
      });
      expect(ins.status, JSON.stringify(ins.body)).toBe(200);
    }
    await makeUser(p.deps, { username: 'tp-admin', role: 'institution_admin', institutionId: provider.institutionId });
    // the demo data set on a busy machine takes a while
  }, 180_000);
  afterAll(async () => p?.close());

  describe('the catalogue (培训机构目录清单)', () => {
    it('a provider is an institution with one catalogue entry: the registry row is reused, a second entry is refused', async () => {
      const inst = await p.deps.db
        .selectFrom('institutions')
        .select(['id', 'kind'])
        .where('id', '=', provider.institutionId)
        .executeTakeFirstOrThrow();
      expect(inst.kind).toBe('training');
      const again = await as('city-admin', 'POST', '/api/training/providers', {
        institutionId: provider.institutionId,
        providerType: 'private_school',
        occupationIds: [occ.electric],
      });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('PROVIDER_ALREADY_LISTED');
      // an institution already in the registry (郑州市第一技师学院, a 技工院校) enters as itself
      const jishi = await p.deps.db
        .selectFrom('institutions')
        .select('id')
        .where('name', '=', '郑州市第一技师学院')
        .executeTakeFirstOrThrow();
      const wrongType = await as('city-admin', 'POST', '/api/training/providers', {
        institutionId: jishi.id,
        providerType: 'college',
        occupationIds: [occ.electric],
      });
      expect(wrongType.status).toBe(400);
      const listed = await as('city-admin', 'POST', '/api/training/providers', {
        institutionId: jishi.id,
        providerType: 'technician_college',
        occupationIds: [occ.electric],
      });
      expect(listed.status, JSON.stringify(listed.body)).toBe(201);
      expect(listed.body).toMatchObject({ institutionId: jishi.id, name: '郑州市第一技师学院', status: 'listed' });
      // 洛阳 cannot list a 郑州 body
      const other = await as('luoyang-admin', 'POST', '/api/training/providers', {
        organisation: { name: '越权培训学校', regionCode: '410105' },
        providerType: 'private_school',
        occupationIds: [occ.electric],
      });
      expect(other.status).toBe(403);
    });

    it('an exit from the catalogue is published without login (退出目录清单，向社会曝光) and stays published after relisting; an exited provider opens no class', async () => {
      const c = await as('city-admin', 'POST', '/api/training/providers', {
        organisation: { name: '郑州退出测试培训学校', regionCode: '410105' },
        providerType: 'private_school',
        occupationIds: [occ.security],
      });
      expect(c.status).toBe(201);
      await makeUser(p.deps, {
        username: 'exit-admin',
        role: 'institution_admin',
        institutionId: c.body.institutionId,
      });
      const draft = await as(
        'exit-admin',
        'POST',
        '/api/training/classes',
        classBody({ occupationId: occ.security, level: null, subsidised: false }),
      );
      expect(draft.status, JSON.stringify(draft.body)).toBe(201);
      const ex = await as('city-admin', 'POST', `/api/training/providers/${c.body.id}/exit`, {
        reason: '虚报培训人数，套取补贴资金',
      });
      expect(ex.status).toBe(200);
      expect(ex.body).toMatchObject({ status: 'exited', exitReason: '虚报培训人数，套取补贴资金' });
      const pub = await as(null, 'GET', '/api/public/training/exits?pageSize=100');
      expect(pub.status).toBe(200);
      expect(pub.body.items.find((x: any) => x.name === '郑州退出测试培训学校')).toMatchObject({
        exitReason: '虚报培训人数，套取补贴资金',
        exitedOn: today(),
      });
      // the demo's exited school too
      expect(pub.body.items.map((x: any) => x.name)).toContain('郑州市惠济区速成职业培训学校');
      const listedNow = await as(null, 'GET', '/api/public/training/providers?pageSize=200');
      expect(listedNow.body.items.map((x: any) => x.name)).not.toContain('郑州退出测试培训学校');
      const s = await as('exit-admin', 'POST', `/api/training/classes/${draft.body.id}/steps`, { step: 'submit' });
      expect(s.status).toBe(409);
      expect(s.body.error.code).toBe('PROVIDER_NOT_LISTED');
      const back = await as('city-admin', 'POST', `/api/training/providers/${c.body.id}/relist`, {
        reason: '整改到位，恢复纳入',
      });
      expect(back.body.status).toBe('listed');
      const still = await as(null, 'GET', '/api/public/training/exits?pageSize=100');
      expect(still.body.items.map((x: any) => x.name)).toContain('郑州退出测试培训学校');
    });

    it('a class outside the training scope is refused; the scope changes from the day it is set', async () => {
      const s = await submit({ occupationId: occ.carer, level: 5 });
      expect(s.status).toBe(403);
      expect(s.body.error.code).toBe('OCCUPATION_NOT_IN_TRAINING_SCOPE');
      const other = await as('luoyang-admin', 'PUT', `/api/training/providers/${provider.id}/occupations`, {
        occupationIds: [occ.carer],
      });
      expect(other.status).toBe(404);
      const set = await as('city-admin', 'PUT', `/api/training/providers/${provider.id}/occupations`, {
        occupationIds: [occ.electric, occ.weld, occ.lathe, occ.security, occ.carer],
      });
      expect(set.status).toBe(200);
      expect(set.body.occupations.find((o: any) => o.id === occ.carer).addedOn).toBe(today());
      const again = await as('tp-admin', 'POST', `/api/training/classes/${s.id}/steps`, { step: 'submit' });
      expect(again.status, JSON.stringify(again.body)).toBe(200);
    });

    it('a private training school opens subsidised classes only after a qualified annual inspection (年检合格, seed 002 二（二）16)', async () => {
      const c = await as('city-admin', 'POST', '/api/training/providers', {
        organisation: { name: '郑州未年检培训学校', regionCode: '410105' },
        providerType: 'private_school',
        occupationIds: [occ.electric],
      });
      await makeUser(p.deps, {
        username: 'noins-admin',
        role: 'institution_admin',
        institutionId: c.body.institutionId,
      });
      const s = await submit({}, 'noins-admin');
      expect(s.status).toBe(409);
      expect(s.body.error.code).toBe('INSPECTION_NOT_QUALIFIED');
      // an unsubsidised class is its own business
      const free = await submit({ subsidised: false }, 'noins-admin');
      expect(free.status, JSON.stringify(free.body)).toBe(200);
    });
  });

  describe('classes (开班申请)', () => {
    it('TRAIN-2: a class of 80 is accepted and a class of 81 refused (每班人数不超过80人)', async () => {
      const ok = await submit({ capacity: 80, teachers: 4, workstations: 4 });
      expect(ok.status, JSON.stringify(ok.body)).toBe(200);
      expect(ok.body.status).toBe('submitted');
      const no = await submit({ capacity: 81, teachers: 5, workstations: 5 });
      expect(no.status).toBe(422);
      expect(no.body.error).toMatchObject({ code: 'CLASS_PLAN_INVALID', rule: 'TRAIN-2' });
      expect(no.body.error.message).toContain('每班不超过 80 人（本班 81 人）');
      expect(no.body.error.details).toEqual([{ field: '/capacity', message: expect.stringContaining('TRAIN-2') }]);
    });

    it('TRAIN-2: teachers and workstations at most 1:20, a class hour at least 40 minutes', async () => {
      const teachers = await submit({ capacity: 41, teachers: 2, workstations: 3 });
      expect(teachers.status).toBe(422);
      expect(teachers.body.error.message).toContain('41 人至少 3 名教师（本班 2 名）');
      const stations = await submit({ capacity: 41, teachers: 3, workstations: 2 });
      expect(stations.body.error.details.map((d: any) => d.field)).toEqual(['/workstations']);
      const hour = await submit({ minutesPerHour: 39 });
      expect(hour.body.error).toMatchObject({ rule: 'TRAIN-2' });
      expect(hour.body.error.message).toContain('每课时不少于 40 分钟（本班 39 分钟）');
      expect((await submit({ minutesPerHour: 40, capacity: 41, teachers: 3, workstations: 3 })).status).toBe(200);
    });

    it('TRAIN-2: practical training exactly 65% of all hours passes, 64% is refused', async () => {
      expect((await submit({ theoryHours: 35, practicalHours: 65 })).status).toBe(200);
      const no = await submit({ theoryHours: 36, practicalHours: 64 });
      expect(no.status).toBe(422);
      expect(no.body.error.rule).toBe('TRAIN-2');
      expect(no.body.error.message).toContain('实操不少于总课时的 65%（本班实操 64 / 共 100 学时，64%）');
    });

    it('TRAIN-3: training that can lead only to a completion certificate has at least 40 hours, unless the occupation says otherwise', async () => {
      // 保安员: no filed evaluation institution certifies it, so only a 培训合格证书 can follow
      const hints = await as(
        'tp-admin',
        'POST',
        '/api/training/classes/check',
        classBody({ occupationId: occ.security, level: null, theoryHours: 13, practicalHours: 26 }),
      );
      expect(hints.status).toBe(200);
      expect(hints.body.certificateRoute).toBe('completion');
      expect(hints.body.checks.find((c: any) => c.key === 'completion_hours')).toMatchObject({
        rule: 'TRAIN-3',
        ok: false,
      });
      const short = await submit({ occupationId: occ.security, level: null, theoryHours: 13, practicalHours: 26 });
      expect(short.status).toBe(422);
      expect(short.body.error.rule).toBe('TRAIN-3');
      expect(short.body.error.message).toContain('只能取得培训合格证书的培训不少于 40 学时（本班 39 学时）');
      expect(
        (await submit({ occupationId: occ.security, level: null, theoryHours: 14, practicalHours: 26 })).status,
      ).toBe(200);
      // the occupation's own hour rule (有明确学时规定的除外): the province sets 60
      const set = await as('province-admin', 'PUT', `/api/training/occupation-settings/${occ.security}`, {
        minHours: 60,
        otherCertificate: null,
        offlinePracticalHours: null,
      });
      expect(set.status).toBe(200);
      const sixty = await submit({ occupationId: occ.security, level: null, theoryHours: 14, practicalHours: 26 });
      expect(sixty.body.error.message).toContain('不少于 60 学时（该职业的学时规定）');
      // a special-operation certificate (特种作业操作证) exists: not completion-only, so no hour floor of TRAIN-3
      await as('province-admin', 'PUT', `/api/training/occupation-settings/${occ.security}`, {
        minHours: null,
        otherCertificate: 'special_operation',
        offlinePracticalHours: null,
      });
      const special = await submit({ occupationId: occ.security, level: null, theoryHours: 7, practicalHours: 13 });
      expect(special.status, JSON.stringify(special.body)).toBe(200);
      expect(special.body.certificateRoute).toBe('special_operation');
      // 电工 has skill-level certificates (filed institutions certify it): 20 hours are not refused by TRAIN-3
      const skill = await submit({ theoryHours: 7, practicalHours: 13 });
      expect(skill.status, JSON.stringify(skill.body)).toBe(200);
      expect(skill.body.certificateRoute).toBe('skill_level');
    });

    it('TRAIN-1: a class is applied for before it starts, approved before it starts, and nothing is enrolled, attended or claimed without approval', async () => {
      const late = await submit({ startDate: today() });
      expect(late.status).toBe(409);
      expect(late.body.error).toMatchObject({ code: 'CLASS_TOO_LATE', rule: 'TRAIN-1' });
      const s = await submit({ startDate: addDays(today(), 1) });
      expect(s.status).toBe(200);
      // not approved: no trainee, and the guard other modules call refuses it
      const t = await as('tp-admin', 'POST', `/api/training/classes/${s.id}/trainees`, traineeBody());
      expect(t.status).toBe(409);
      expect(t.body.error).toMatchObject({ code: 'CLASS_NOT_APPROVED', rule: 'TRAIN-1' });
      await expect(assertApprovedClass(p.deps.db, s.id)).rejects.toMatchObject({
        code: 'CLASS_NOT_APPROVED',
        rule: 'TRAIN-1',
      });
      expect(
        (await as(null, 'GET', '/api/public/training/classes?pageSize=200')).body.items.map((c: any) => c.id),
      ).not.toContain(s.id);
      // the start date has come: too late to approve
      const start = addDays(today(), 1);
      const now = p.clock.now();
      try {
        goTo(start);
        const a = await as('city-admin', 'POST', `/api/training/classes/${s.id}/decision`, { decision: 'approve' });
        expect(a.status).toBe(409);
        expect(a.body.error).toMatchObject({ code: 'CLASS_TOO_LATE', rule: 'TRAIN-1' });
      } finally {
        p.clock.set(now);
        cookies.clear();
      }
      const ok = await approved();
      expect(ok.status).toBe('approved');
      const guard = await assertApprovedClass(p.deps.db, ok.id);
      expect(guard).toMatchObject({
        id: ok.id,
        providerId: provider.id,
        subsidised: true,
        occupationCode: '6-31-01-03',
      });
      const pub = await as(null, 'GET', '/api/public/training/classes?pageSize=200');
      expect(pub.status).toBe(200);
      expect(pub.body.items.find((c: any) => c.id === ok.id)).toMatchObject({
        providerName: '郑州测试职业培训学校',
        totalHours: 40,
      });
    });

    it('TRAIN-1: the HRSS of the place decides — another city’s official cannot see it, a return states its reasons and the revised class is submitted again', async () => {
      const s = await submit();
      const ly = await as('luoyang-admin', 'POST', `/api/training/classes/${s.id}/decision`, { decision: 'approve' });
      expect(ly.status).toBe(404);
      const noReason = await as('city-admin', 'POST', `/api/training/classes/${s.id}/decision`, { decision: 'return' });
      expect(noReason.status).toBe(400);
      const ret = await as('city-admin', 'POST', `/api/training/classes/${s.id}/decision`, {
        decision: 'return',
        reason: '实训场地照片不清晰，请补充工位清单',
      });
      expect(ret.status).toBe(200);
      expect(ret.body).toMatchObject({ status: 'returned', decisionReason: '实训场地照片不清晰，请补充工位清单' });
      const upd = await as('tp-admin', 'PUT', `/api/training/classes/${s.id}`, classBody({ workstations: 3 }));
      expect(upd.status).toBe(200);
      const again = await as('tp-admin', 'POST', `/api/training/classes/${s.id}/steps`, { step: 'submit' });
      expect(again.body.status).toBe('submitted');
      const detail = await as('city-admin', 'GET', `/api/training/classes/${s.id}`);
      expect(detail.body.events.map((e: any) => e.step)).toEqual(['create', 'submit', 'return', 'update', 'submit']);
      expect(detail.body.events[2].reason).toBe('实训场地照片不清晰，请补充工位清单');
      expect(detail.body.mayDecide).toBe(true);
      expect(detail.body.steps).toEqual(['approve', 'return']);
    });

    it('TRAIN-13: a class outside the provider’s city needs a filing agreed by the HRSS of the place, covering its dates; only that HRSS approves the class', async () => {
      const body = { regionCode: '410305', site: '洛阳市涧西区测试实训基地' };
      const s = await submit(body);
      expect(s.status).toBe(409);
      expect(s.body.error).toMatchObject({ code: 'CROSS_REGION_NOT_FILED', rule: 'TRAIN-13' });
      expect(s.body.error.message).toContain('跨区域培训须先向洛阳市人社部门报备同意');
      // within its own city no filing is asked for
      const home = await as('tp-admin', 'POST', '/api/training/filings', {
        regionCode: '410100',
        validFrom: today(),
        validUntil: addDays(today(), 365),
      });
      expect(home.status).toBe(400);
      const year = Number(today().slice(0, 4));
      const short = await as('tp-admin', 'POST', '/api/training/filings', {
        regionCode: '410300',
        validFrom: today(),
        validUntil: addDays(today(), 20),
        note: '在洛阳开设电工培训班',
      });
      expect(short.status, JSON.stringify(short.body)).toBe(201);
      // the provider's home HRSS sees the filing but does not decide it
      const zz = await as('city-admin', 'POST', `/api/training/filings/${short.body.id}/decision`, {
        decision: 'approve',
      });
      expect(zz.status).toBe(403);
      expect(zz.body.error).toMatchObject({ code: 'NOT_PLACE_AUTHORITY', rule: 'TRAIN-13' });
      expect(
        (await as('luoyang-admin', 'POST', `/api/training/filings/${short.body.id}/decision`, { decision: 'approve' }))
          .status,
      ).toBe(200);
      // agreed, but ending before the class does
      const notCovered = await as('tp-admin', 'POST', `/api/training/classes/${s.id}/steps`, { step: 'submit' });
      expect(notCovered.body.error.code).toBe('CROSS_REGION_NOT_FILED');
      const full = await as('tp-admin', 'POST', '/api/training/filings', {
        regionCode: '410300',
        validFrom: `${year}-01-01`,
        validUntil: addDays(today(), 365),
      });
      await as('luoyang-admin', 'POST', `/api/training/filings/${full.body.id}/decision`, { decision: 'approve' });
      const ok = await as('tp-admin', 'POST', `/api/training/classes/${s.id}/steps`, { step: 'submit' });
      expect(ok.status, JSON.stringify(ok.body)).toBe(200);
      // the provider's home city sees the class and cannot approve it; 洛阳 does
      const byHome = await as('city-admin', 'POST', `/api/training/classes/${s.id}/decision`, { decision: 'approve' });
      expect(byHome.status).toBe(403);
      expect(byHome.body.error).toMatchObject({ code: 'NOT_PLACE_AUTHORITY', rule: 'TRAIN-1' });
      const byPlace = await as('luoyang-admin', 'POST', `/api/training/classes/${s.id}/decision`, {
        decision: 'approve',
      });
      expect(byPlace.status, JSON.stringify(byPlace.body)).toBe(200);
    });

    it('TRAIN-12: new-apprenticeship trainees per occupation at most 20 × the provider’s full-time teachers of it; a teacher counts once', async () => {
      const apprentices = {
        classType: 'apprenticeship',
        occupationId: occ.weld,
        level: 5,
        capacity: 20,
        teachers: 1,
        workstations: 1,
      };
      const none = await submit(apprentices);
      expect(none.status).toBe(422);
      expect(none.body.error).toMatchObject({ code: 'APPRENTICE_CAP_EXCEEDED', rule: 'TRAIN-12' });
      expect(none.body.error.message).toContain('专职教师 0 名 × 20 = 0 人');
      const teacher = {
        name: '焊工教师甲',
        idNumber: newResidentId(),
        teacherCertificate: true,
        occupationIds: [occ.weld],
      };
      const t = await as('tp-admin', 'POST', `/api/training/providers/${provider.id}/trainers`, teacher);
      expect(t.status, JSON.stringify(t.body)).toBe(201);
      // an electrician teacher does not count for welding
      await as('tp-admin', 'POST', `/api/training/providers/${provider.id}/trainers`, {
        name: '电工教师乙',
        idNumber: newResidentId(),
        teacherCertificate: true,
        occupationIds: [occ.electric],
      });
      const twenty = await as('tp-admin', 'POST', `/api/training/classes/${none.id}/steps`, { step: 'submit' });
      expect(twenty.status, JSON.stringify(twenty.body)).toBe(200);
      const oneMore = await submit({ ...apprentices, capacity: 1 });
      expect(oneMore.status).toBe(422);
      expect(oneMore.body.error.message).toContain('同期培训 21 人（含本机构其他班次 20 人）');
      // the same teacher reported by another provider is refused: a person counts once
      const school = await as('school-admin', 'GET', '/api/training/providers');
      const schoolProvider = school.body.items[0].id;
      const twice = await as('school-admin', 'POST', `/api/training/providers/${schoolProvider}/trainers`, teacher);
      expect(twice.status).toBe(409);
      expect(twice.body.error).toMatchObject({ code: 'TRAINER_ALREADY_REGISTERED', rule: 'TRAIN-12' });
      expect(twice.body.error.message).toContain('郑州测试职业培训学校');
      // a second welding teacher raises the cap to 40
      await as('tp-admin', 'POST', `/api/training/providers/${provider.id}/trainers`, {
        name: '焊工教师丙',
        idNumber: newResidentId(),
        teacherCertificate: false,
        occupationIds: [occ.weld],
      });
      const ok = await as('tp-admin', 'POST', `/api/training/classes/${oneMore.id}/steps`, { step: 'submit' });
      expect(ok.status, JSON.stringify(ok.body)).toBe(200);
      // once the first teacher leaves, the provider is over its cap again for a new class
      const left = await as('tp-admin', 'POST', `/api/training/trainers/${t.body.id}/leave`, {
        reason: '调往其他单位',
      });
      expect(left.body.status).toBe('left');
      expect((await submit({ ...apprentices, capacity: 1 })).body.error.code).toBe('APPRENTICE_CAP_EXCEEDED');
      // and the teacher may now be reported by the school
      expect(
        (await as('school-admin', 'POST', `/api/training/providers/${schoolProvider}/trainers`, teacher)).status,
      ).toBe(201);
    });

    it('TRAIN-8: a provider in its month of rectification after a satisfaction survey below 85% cannot open a class', async () => {
      const pending = await submit();
      expect(pending.status).toBe(200);
      // 85% is enough: nothing happens
      const fine = await p.deps.db.transaction().execute((trx) =>
        recordSatisfaction(trx, p.deps, ctx, {
          providerId: provider.id,
          classId: null,
          satisfactionPercent: 85,
          on: today(),
        }),
      );
      expect(fine).toBeNull();
      const r = await p.deps.db.transaction().execute((trx) =>
        recordSatisfaction(trx, p.deps, ctx, {
          providerId: provider.id,
          classId: pending.id,
          satisfactionPercent: 84.9,
          on: today(),
        }),
      );
      expect(r).toMatchObject({ startsOn: today() });
      const refused = await submit();
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject({ code: 'PROVIDER_IN_RECTIFICATION', rule: 'TRAIN-8' });
      expect(refused.body.error.message).toContain('满意度 84.9%');
      // an application made before the survey is not approved during the period either
      const a = await as('city-admin', 'POST', `/api/training/classes/${pending.id}/decision`, { decision: 'approve' });
      expect(a.body.error).toMatchObject({ code: 'PROVIDER_IN_RECTIFICATION', rule: 'TRAIN-8' });
      const detail = await as('city-admin', 'GET', `/api/training/providers/${provider.id}`);
      expect(detail.body.rectifications[0]).toMatchObject({
        satisfactionPercent: 84.9,
        active: true,
        endsOn: r!.endsOn,
      });
      // a month later the provider opens classes again
      const now = p.clock.now();
      try {
        goTo(r!.endsOn);
        const after = await submit();
        expect(after.status, JSON.stringify(after.body)).toBe(200);
      } finally {
        p.clock.set(now);
        cookies.clear();
        // the period ends for good before the other tests go on
        await p.deps.db.deleteFrom('training_rectifications').where('provider_id', '=', provider.id).execute();
      }
    });
  });

  describe('trainees', () => {
    let electric: any;
    let weld: any;
    beforeAll(async () => {
      electric = await approved();
      weld = await approved({ occupationId: occ.weld, level: 5 });
    });

    it('TRAIN-7: every trainee records a target group and the department responsible for it; the ID number is shown masked and not stored with the trainee', async () => {
      const idNumber = newResidentId();
      const vet = await as(
        'tp-admin',
        'POST',
        `/api/training/classes/${electric.id}/trainees`,
        traineeBody({ targetGroup: 'veteran', idNumber }),
      );
      expect(vet.status, JSON.stringify(vet.body)).toBe(201);
      expect(vet.body).toMatchObject({ targetGroup: 'veteran', department: '退役军人事务部门' });
      expect(vet.body.idNumberMasked).toBe(idNumber.slice(0, 3) + '*'.repeat(11) + idNumber.slice(-4));
      const grad = await as(
        'tp-admin',
        'POST',
        `/api/training/classes/${electric.id}/trainees`,
        traineeBody({ targetGroup: 'unemployed_graduate' }),
      );
      expect(grad.body.department).toBe('人力资源社会保障部门');
      const missing = await as('tp-admin', 'POST', `/api/training/classes/${electric.id}/trainees`, {
        ...traineeBody(),
        targetGroup: undefined,
      });
      expect(missing.status).toBe(400);
      const row = await p.deps.db
        .selectFrom('training_trainees')
        .selectAll()
        .where('id', '=', vet.body.id)
        .executeTakeFirstOrThrow();
      expect(JSON.stringify(row)).not.toContain(idNumber);
      expect(row.responsible_department).toBe('veterans');
      const list = await as('city-admin', 'GET', `/api/training/classes/${electric.id}/trainees`);
      expect(list.body.map((t: any) => t.department)).toEqual(['退役军人事务部门', '人力资源社会保障部门']);
      expect((await as('luoyang-admin', 'GET', `/api/training/classes/${electric.id}/trainees`)).status).toBe(404);
    });

    it('TRAIN-5: an employee trains in an occupation of the post’s category; a job-transfer worker in another category (an old post in the same category is refused)', async () => {
      const enrol = (cls: any, over: Record<string, unknown>) =>
        as('tp-admin', 'POST', `/api/training/classes/${cls.id}/trainees`, traineeBody(over));
      // 车工 6-18-01-01 and 焊工 6-18-02-04 are both 6-18 机械制造基础加工人员; 电工 is 6-31
      expect((await enrol(weld, { targetGroup: 'enterprise_employee', postOccupationId: occ.lathe })).status).toBe(201);
      const employee = await enrol(electric, { targetGroup: 'enterprise_employee', postOccupationId: occ.lathe });
      expect(employee.status).toBe(409);
      expect(employee.body.error).toMatchObject({ code: 'TRAINEE_NOT_ELIGIBLE', rule: 'TRAIN-5' });
      expect(employee.body.error.message).toContain('与本人岗位相同或相近');
      expect((await enrol(electric, { targetGroup: 'job_transfer', postOccupationId: occ.lathe })).status).toBe(201);
      const sameCategory = await enrol(weld, { targetGroup: 'job_transfer', postOccupationId: occ.lathe });
      expect(sameCategory.status).toBe(409);
      expect(sameCategory.body.error.rule).toBe('TRAIN-5');
      expect(sameCategory.body.error.message).toContain('同属 6-18 类');
      const noPost = await enrol(weld, { targetGroup: 'job_transfer' });
      expect(noPost.body.error.message).toContain('须填写原岗位的职业');
    });

    it('TRAIN-6: no subsidised training for a vocational in-school student in the own major — another major of the same school is allowed', async () => {
      const school = (await as('school-admin', 'GET', '/api/training/providers')).body.items[0];
      expect(school.providerType).toBe('college');
      const cls = await approved(
        { regionCode: '410102', site: '郑州智能制造职业学院实训楼', majors: ['电气自动化技术'] },
        'school-admin',
      );
      const student = (major: string) =>
        traineeBody({
          targetGroup: 'in_school_student',
          studentType: 'junior_college',
          inSchool: true,
          major,
          graduationYear: 2028,
        });
      const own = await as(
        'school-admin',
        'POST',
        `/api/training/classes/${cls.id}/trainees`,
        student('电气自动化技术专业'),
      );
      expect(own.status).toBe(409);
      expect(own.body.error).toMatchObject({ code: 'TRAINEE_NOT_ELIGIBLE', rule: 'TRAIN-6' });
      expect(own.body.error.message).toContain('郑州智能制造职业学院 在读专业“电气自动化技术专业”');
      const other = await as('school-admin', 'POST', `/api/training/classes/${cls.id}/trainees`, student('数控技术'));
      expect(other.status, JSON.stringify(other.body)).toBe(201);
      expect(other.body).toMatchObject({
        inSchool: true,
        schoolName: '郑州智能制造职业学院',
        major: '数控技术',
        department: '教育部门',
      });
      // the school's record stands when another provider says the student is not in school
      const idNumber = newResidentId();
      expect(
        (
          await as('school-admin', 'POST', `/api/training/classes/${cls.id}/trainees`, {
            ...student('数控技术'),
            idNumber,
            name: '校内生丁',
          })
        ).status,
      ).toBe(201);
      const elsewhere = await as('tp-admin', 'POST', `/api/training/classes/${electric.id}/trainees`, {
        ...traineeBody({ name: '校内生丁', idNumber, inSchool: false }),
      });
      expect(elsewhere.status, JSON.stringify(elsewhere.body)).toBe(201);
      expect(elsewhere.body).toMatchObject({ inSchool: true, schoolName: '郑州智能制造职业学院' });
      expect(elsewhere.body.situationNote).toContain('学生身份由郑州智能制造职业学院登记');
      // an unsubsidised class is not limited
      const free = await approved(
        { regionCode: '410102', site: '实训楼', majors: ['电气自动化技术'], subsidised: false },
        'school-admin',
      );
      expect(
        (await as('school-admin', 'POST', `/api/training/classes/${free.id}/trainees`, student('电气自动化技术')))
          .status,
      ).toBe(201);
    });

    it('subsidised training is not for people without the intention to work (seed 002 二（四）21); an unsubsidised class takes them', async () => {
      const no = await as(
        'tp-admin',
        'POST',
        `/api/training/classes/${electric.id}/trainees`,
        traineeBody({ employmentIntention: false }),
      );
      expect(no.status).toBe(409);
      expect(no.body.error.code).toBe('TRAINEE_NOT_ELIGIBLE');
      expect(no.body.error.message).toContain('不得培训无就业能力、无就业意愿的人员');
      const free = await approved({ subsidised: false });
      expect(
        (
          await as(
            'tp-admin',
            'POST',
            `/api/training/classes/${free.id}/trainees`,
            traineeBody({ employmentIntention: false }),
          )
        ).status,
      ).toBe(201);
    });

    it('TRAIN-11: after an online project, the next subsidised class waits for its assessment and a month after it', async () => {
      const first = await approved({ mode: 'online', startDate: addDays(today(), 5), endDate: addDays(today(), 15) });
      const next = await approved({ startDate: addDays(today(), 60), endDate: addDays(today(), 90) });
      const person = traineeBody();
      const t = await as('tp-admin', 'POST', `/api/training/classes/${first.id}/trainees`, person);
      expect(t.status).toBe(201);
      const unassessed = await as('tp-admin', 'POST', `/api/training/classes/${next.id}/trainees`, person);
      expect(unassessed.status).toBe(409);
      expect(unassessed.body.error).toMatchObject({ code: 'TRAINEE_NOT_ELIGIBLE', rule: 'TRAIN-11' });
      expect(unassessed.body.error.message).toContain('尚未考核');
      await recordTraineeAssessment(p.deps.db, t.body.id, addDays(today(), 40));
      const soon = await as('tp-admin', 'POST', `/api/training/classes/${next.id}/trainees`, person);
      expect(soon.body.error.message).toContain('不足一个月');
      await recordTraineeAssessment(p.deps.db, t.body.id, addDays(today(), 20));
      expect((await as('tp-admin', 'POST', `/api/training/classes/${next.id}/trainees`, person)).status).toBe(201);
    });

    it('trainees by Excel: the template downloads; errors are named by row and column and nothing is imported; a row refused by a rule names it; a clean file imports whole', async () => {
      const tpl = await p.app.inject({
        method: 'GET',
        url: '/api/training/trainee-template',
        headers: { cookie: cookies.get('tp-admin')! },
      });
      expect(tpl.statusCode).toBe(200);
      const wb0 = new ExcelJS.Workbook();
      await wb0.xlsx.load(tpl.rawPayload as unknown as ArrayBuffer);
      const header = (wb0.worksheets[0].getRow(1).values as string[]).slice(1);
      expect(header).toContain('培训对象类别');
      const cls = await approved({ occupationId: occ.weld, level: 5 });
      const upload = async (rows: string[][]) => {
        const wb = new ExcelJS.Workbook();
        const ws = wb.addWorksheet('学员名单');
        ws.addRow(header);
        for (const r of rows) ws.addRow(r);
        const mp = multipart({}, [
          { name: 'trainees.xlsx', content: Buffer.from(await wb.xlsx.writeBuffer()), type: XLSX_TYPE },
        ]);
        const r = await p.app.inject({
          method: 'POST',
          url: `/api/training/classes/${cls.id}/trainees/import`,
          headers: { cookie: cookies.get('tp-admin')!, 'content-type': mp.contentType },
          payload: mp.payload,
        });
        // a tracked job (202): its answer once it has ended
        return jobAnswer(p.app, cookies.get('tp-admin')!, r);
      };
      const row = (name: string, id: string, group: string, post = '', intention = '是') => [
        name,
        '居民身份证',
        id,
        '',
        group,
        post,
        intention,
        '否',
        '',
        '',
        '',
      ];
      const bad = await upload([
        row('甲一', newResidentId(), '下岗失业人员'),
        row('甲二', '410105199001011234', '外星人'),
        row('甲三', newResidentId(), '企业职工', '9-99-99-99', '也许'),
      ]);
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('IMPORT_INVALID');
      expect(bad.body.error.details.map((d: any) => d.field)).toEqual([
        '第 3 行 C 列（证件号码）',
        '第 3 行 E 列（培训对象类别）',
        '第 4 行 F 列（岗位职业（工种））',
        '第 4 行 G 列（有就业意愿）',
      ]);
      const ruled = await upload([
        row('乙一', newResidentId(), '农民工'),
        row('乙二', newResidentId(), '转岗职工', '6-18-01-01'),
      ]);
      expect(ruled.status).toBe(400);
      expect(ruled.body.error).toMatchObject({ code: 'IMPORT_INVALID', rule: 'TRAIN-5' });
      expect(ruled.body.error.message).toMatch(/^第 3 行：/);
      expect((await as('tp-admin', 'GET', `/api/training/classes/${cls.id}/trainees`)).body).toEqual([]);
      const ok = await upload([
        row('丙一', newResidentId(), '农民工'),
        row('丙二', newResidentId(), '企业职工', '车工'),
        row('丙三', newResidentId(), '退役军人'),
      ]);
      expect(ok.status, JSON.stringify(ok.body)).toBe(200);
      expect(ok.body.imported).toBe(3);
      const list = (await as('tp-admin', 'GET', `/api/training/classes/${cls.id}/trainees`)).body;
      expect(list.map((t: any) => [t.name, t.targetGroup, t.source])).toEqual([
        ['丙一', 'rural_migrant', 'import'],
        ['丙二', 'enterprise_employee', 'import'],
        ['丙三', 'veteran', 'import'],
      ]);
    });

    it('trainee lists are read as rosters are: a zip bomb, 16,384 columns, a PDF and 10⁶ rows are refused before anything is parsed; more rows than places stop the read (TRAIN-2); the bound on concurrent imports is shared', async () => {
      const small = await approved({ capacity: 2, teachers: 1, workstations: 1 });
      const upload = async (content: Buffer) => {
        const mp = multipart({}, [{ name: 'trainees.xlsx', content, type: XLSX_TYPE }]);
        const r = await p.app.inject({
          method: 'POST',
          url: `/api/training/classes/${small.id}/trainees/import`,
          headers: { cookie: cookies.get('tp-admin')!, 'content-type': mp.contentType },
          payload: mp.payload,
        });
        return jobAnswer(p.app, cookies.get('tp-admin')!, r);
      };
      const bomb = await upload(await zipBombWorkbook(10_000_000));
      expect(bomb.status).toBe(413);
      expect(bomb.body.error).toMatchObject({
        code: 'WORKBOOK_COMPRESSION_RATIO',
        message: expect.stringMatching(/倍的上限/),
      });
      const wide = await upload(await wideWorkbook(16_384));
      expect(wide.status).toBe(413);
      expect(wide.body.error).toMatchObject({
        code: 'WORKBOOK_TOO_MANY_COLUMNS',
        message: expect.stringMatching(/^第 1 行有 16384 列/),
      });
      const pdf = await upload(Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'));
      expect(pdf.status).toBe(415);
      expect(pdf.body.error).toMatchObject({ code: 'WORKBOOK_NOT_XLSX', message: expect.stringMatching(/PDF/) });
      const many = await upload(await manyRowsWorkbook(1_000_000));
      expect(many.status).toBe(413);
      expect(many.body.error).toMatchObject({
        code: 'WORKBOOK_TOO_MANY_ROWS',
        message: expect.stringMatching(/^名单最多 100000 行/),
      });
      const over = await upload(await rosterWorkbook(5));
      expect(over.status).toBe(400);
      expect(over.body.error).toMatchObject({
        code: 'IMPORT_INVALID',
        rule: 'TRAIN-2',
        message: expect.stringMatching(/剩余名额 2 人/),
      });
      // every slot taken (by roster imports, say): the trainee import is answered 503 at once
      const slots = importSlots(p.deps.config);
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const holders = Array.from({ length: slots.max }, () => slots.run(() => held));
      const busy = await upload(await rosterWorkbook(1));
      expect(busy.status).toBe(503);
      expect(busy.headers['retry-after']).toBe('10');
      expect(busy.body.error.code).toBe('IMPORTS_BUSY');
      release();
      await Promise.all(holders);
      expect((await as('tp-admin', 'GET', `/api/training/classes/${small.id}/trainees`)).body).toEqual([]);
    });

    /** A trainee roster in the template's columns. */
    const traineeFile = async (rows: { name: string; id: string; group: string; post?: string }[]) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('学员名单');
      ws.addRow(TRAINEE_COLUMNS.map((c) => c.header));
      for (const r of rows) ws.addRow([r.name, '居民身份证', r.id, '', r.group, r.post ?? '', '是', '否', '', '', '']);
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const startTraineeImport = async (classId: number, content: Buffer) => {
      const mp = multipart({}, [{ name: 'trainees.xlsx', content, type: XLSX_TYPE }]);
      return p.app.inject({
        method: 'POST',
        url: `/api/training/classes/${classId}/trainees/import`,
        headers: { cookie: cookies.get('tp-admin')!, 'content-type': mp.contentType },
        payload: mp.payload,
      });
    };

    it('issue 17: a trainee list is imported as a tracked job (202, checked then written); a row refused while writing, after others were enrolled, leaves nothing written (TRAIN-5)', async () => {
      const cls = await approved({ occupationId: occ.weld, level: 5 });
      const ids = [newResidentId(), newResidentId(), newResidentId()];
      const start = await startTraineeImport(
        cls.id,
        await traineeFile([
          { name: '丁一', id: ids[0], group: '农民工' },
          { name: '丁二', id: ids[1], group: '企业职工', post: '车工' },
          // a job-transfer worker whose old post is the class's own category (TRAIN-5): refused against the records
          { name: '丁三', id: ids[2], group: '转岗职工', post: '6-18-01-01' },
        ]),
      );
      expect(start.statusCode).toBe(202);
      expect(JSON.parse(start.body)).toMatchObject({ kind: 'trainee_import', status: 'running', phase: 'check' });
      const r = await jobAnswer(p.app, cookies.get('tp-admin')!, start);
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'IMPORT_INVALID', rule: 'TRAIN-5' });
      expect(r.body.error.message).toMatch(/^第 4 行：.*未导入任何数据$/);
      expect(r.body.error.details).toEqual([{ field: '第 4 行', message: expect.any(String) }]);
      // rows 2 and 3 were enrolled inside the import's transaction: rolled back with it, people and all
      expect((await as('tp-admin', 'GET', `/api/training/classes/${cls.id}/trainees`)).body).toEqual([]);
      for (const id of ids) expect(await findPersonByIdNumber(p.deps.db, p.deps, 'resident_id', id)).toBeUndefined();
      const audits = (
        await p.deps.db
          .selectFrom('audit_log')
          .select(['action', 'object_id'])
          .where('action', 'in', ['training.trainee.import_start', 'training.trainee.import'])
          .execute()
      ).filter((a) => Number(a.object_id) === cls.id);
      expect(audits.map((a) => a.action)).toContain('training.trainee.import_start');
      expect(audits.map((a) => a.action)).not.toContain('training.trainee.import');
    });

    it('issue 17: a trainee import stopped by a restart while it writes ends JOB_INTERRUPTED with nothing written, its import slot free and no spool left', async () => {
      const cls = await approved({ occupationId: occ.weld, level: 5 });
      const file = await traineeFile(
        Array.from({ length: 20 }, (_, i) => ({ name: `戊${i}`, id: newResidentId(), group: '农民工' })),
      );
      const id = await stopImportAtItsWriting(
        p,
        () => startTraineeImport(cls.id, file),
        (trx) => lockClass(trx, cls.id),
      );
      const job = (await as('tp-admin', 'GET', `/api/jobs/${id}`)).body;
      expect(job).toMatchObject({ kind: 'trainee_import', status: 'failed', error: { code: 'JOB_INTERRUPTED' } });
      expect((await as('tp-admin', 'GET', `/api/training/classes/${cls.id}/trainees`)).body).toEqual([]);
      expect(importSlots(p.deps.config).inUse).toBe(0);
      expect(fs.readdirSync(spoolDir(p.deps.config.dataDir))).toEqual([]);
      // the same file imports whole afterwards
      const again = await jobAnswer(p.app, cookies.get('tp-admin')!, await startTraineeImport(cls.id, file));
      expect(again.status, JSON.stringify(again.body)).toBe(200);
      expect(again.body.imported).toBe(20);
    });

    it('TRAIN-2: ten enrolments at once into a class with two places leave exactly two trainees', async () => {
      const small = await approved({ capacity: 2, teachers: 1, workstations: 1 });
      const all = await Promise.all(
        Array.from({ length: 10 }, () =>
          as('tp-admin', 'POST', `/api/training/classes/${small.id}/trainees`, traineeBody()),
        ),
      );
      expect(all.filter((r) => r.status === 201)).toHaveLength(2);
      expect(
        all.filter((r) => r.status !== 201).every((r) => ['CLASS_FULL', 'CONFLICT'].includes(r.body.error.code)),
      ).toBe(true);
      const list = (await as('tp-admin', 'GET', `/api/training/classes/${small.id}/trainees`)).body;
      expect(list).toHaveLength(2);
    });

    it('TRAIN-2: a class takes no more trainees than its capacity, by form or by file', async () => {
      const small = await approved({ capacity: 2, teachers: 1, workstations: 1 });
      for (let i = 0; i < 2; i++)
        expect((await as('tp-admin', 'POST', `/api/training/classes/${small.id}/trainees`, traineeBody())).status).toBe(
          201,
        );
      const full = await as('tp-admin', 'POST', `/api/training/classes/${small.id}/trainees`, traineeBody());
      expect(full.status).toBe(409);
      expect(full.body.error).toMatchObject({ code: 'CLASS_FULL', rule: 'TRAIN-2' });
    });
  });

  it('the guard refuses with an AppError other modules can rely on', async () => {
    await expect(assertApprovedClass(p.deps.db, 999_999)).rejects.toBeInstanceOf(AppError);
  });
});
