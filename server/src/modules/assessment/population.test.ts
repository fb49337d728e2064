/**
 * INST-1 through the API: a 院校类职业技能等级评价机构 is filed "面向本校学生（含在职教职工）"
 * (Henan plan 二（一）1); social candidates go to a 面向社会人员的 institution (二（一）2). Enforced
 * where a person enters an evaluation (registration, roster import) and where a certificate is
 * issued (every pathway).
 */
import ExcelJS from 'exceljs';
import type { Insertable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestPlatform,
  graduatingClassNow,
  loginAs,
  makeFiledInstitution,
  makeUser,
  newResidentId,
  TEST_DB,
  type TestPlatform,
  multipart,
  XLSX_TYPE,
  jobAnswer,
} from '../../../test/harness.js';
import type { LearnerTable } from '../../database/schema.js';
import { residentIdCheckChar } from '../../lib/identity.js';
import { issueCertificate } from '../certificates/certificates.service.js';
import { newPersonRow } from '../people/id-numbers.service.js';
import { personalData } from '../../lib/personal-data.js';
import { ROSTER_COLUMNS } from './roster.js';

type M = 'GET' | 'POST';
const id18 = (first17: string) => first17 + residentIdCheckChar(first17);

describe(`INST-1 whom a school evaluates (${TEST_DB})`, () => {
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
  let otherSchool: number;
  let social: number;
  let elec: number;
  let schoolPlan: number;
  let socialPlan: number;
  const register = (user: string, planId: number, c: object) =>
    as(user, 'POST', `/api/plans/${planId}/registrations`, c);
  /** A person already on record (as another school's student, or the school's old graduate). */
  const onRecord = async (name: string, first17: string, f: Partial<Insertable<LearnerTable>>) => {
    await p.deps.db
      .insertInto('learners')
      .values(
        newPersonRow(
          personalData(p.deps.config),
          { name, id_type: 'resident_id', id_number: id18(first17), ...f },
          new Date().toISOString(),
        ),
      )
      .execute();
    return { name, idNumber: id18(first17) };
  };
  const worker = { name: '社会考生甲', idNumber: id18('41010219850101101'), yearsInOccupation: 6 };

  beforeAll(async () => {
    p = await createTestPlatform();
    const inst = async (name: string) =>
      (await p.deps.db.selectFrom('institutions').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
    school = await inst('郑州智能制造职业学院');
    otherSchool = await inst('郑州城市建设职业技术学院');
    elec = (
      await p.deps.db.selectFrom('occupations').select('id').where('code', '=', '6-31-01-03').executeTakeFirstOrThrow()
    ).id;
    social = await makeFiledInstitution(p.deps, {
      name: '郑州社会化职业技能评价中心',
      scopes: [{ occupationId: elec, level: 4 }],
    });
    await makeUser(p.deps, { username: 'social-admin', role: 'institution_admin', institutionId: social });
    const plan = async (user: string) => {
      const r = await as(user, 'POST', '/api/plans', { occupationId: elec, level: 4, year: 2026, title: '电工四级' });
      await as(user, 'POST', `/api/plans/${r.body.id}/publish`);
      return r.body.id as number;
    };
    schoolPlan = await plan('school-admin');
    socialPlan = await plan('social-admin');
  });
  afterAll(async () => p?.close());

  it('INST-1: a 院校类 institution refuses a social candidate, with the rule and where to go; a 面向社会人员的 institution registers him', async () => {
    const refused = await register('school-admin', schoolPlan, worker);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'NOT_OWN_STUDENT_OR_STAFF', rule: 'INST-1' });
    expect(refused.body.error.message).toContain('不是郑州智能制造职业学院的学生或在职教职工');
    expect(refused.body.error.message).toContain('面向社会人员的评价机构');
    const ok = await register('social-admin', socialPlan, worker);
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.status).toBe('eligible');
  });

  it('INST-1: the school registers its own students; a student of another school is refused', async () => {
    const own = await register('school-admin', schoolPlan, {
      name: '本校生乙',
      idNumber: id18('41010520050301201'),
      studentType: 'junior_college',
      graduationYear: graduatingClassNow(p),
      inSchool: true,
    });
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    const theirs = await onRecord('外校生丙', '41010520050301202', {
      student_type: 'junior_college',
      school_institution_id: otherSchool,
      in_school: 1,
      graduation_year: graduatingClassNow(p),
    });
    const r = await register('school-admin', schoolPlan, { ...theirs, studentType: 'junior_college', inSchool: true });
    expect(r.body.error).toMatchObject({ code: 'NOT_OWN_STUDENT_OR_STAFF', rule: 'INST-1' });
  });

  it('INST-1: a graduate who left before this 毕业学年 is no longer the school’s student; one graduating this school year still is', async () => {
    const cls = graduatingClassNow(p);
    const old = await onRecord('往届丁', '41010520000301203', {
      student_type: 'junior_college',
      school_institution_id: school,
      in_school: 0,
      graduation_year: cls - 1,
    });
    const r = await register('school-admin', schoolPlan, old);
    expect(r.body.error).toMatchObject({ code: 'NOT_OWN_STUDENT_OR_STAFF', rule: 'INST-1' });
    expect(r.body.error.message).toContain(`${cls - 1} 年毕业`);
    // out of school already (graduated in June), but still in the school year that ends on 31 August
    const leaving = await onRecord('应届戊', '41010520030301204', {
      student_type: 'junior_college',
      school_institution_id: school,
      in_school: 0,
      graduation_year: cls,
    });
    expect((await register('school-admin', schoolPlan, leaving)).status).toBe(201);
  });

  it('INST-1: the school’s in-service staff (在职教职工) in its staff registry may register; an external supervisor it registered may not', async () => {
    const teacherId = newResidentId();
    await as('school-admin', 'POST', '/api/staff', {
      kind: 'examiner',
      name: '教师己',
      idNumber: teacherId,
      occupationIds: [elec],
    });
    const teacher = await register('school-admin', schoolPlan, {
      name: '教师己',
      idNumber: teacherId,
      yearsInOccupation: 6,
    });
    expect(teacher.status, JSON.stringify(teacher.body)).toBe(201);
    const outsiderId = newResidentId();
    await as('school-admin', 'POST', '/api/staff', {
      kind: 'quality_supervisor',
      supervisorType: 'external',
      cardNo: 'R41990001',
      name: '外聘庚',
      idNumber: outsiderId,
    });
    const external = await register('school-admin', schoolPlan, {
      name: '外聘庚',
      idNumber: outsiderId,
      yearsInOccupation: 6,
    });
    expect(external.body.error).toMatchObject({ code: 'NOT_OWN_STUDENT_OR_STAFF', rule: 'INST-1' });
  });

  it('INST-1: a roster with one social candidate imports nothing, naming the row and the rule', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('考生名单');
    ws.addRow(ROSTER_COLUMNS.map((c) => c.header));
    const row = (r: Record<string, string>) => ws.addRow(ROSTER_COLUMNS.map((c) => r[c.key] ?? ''));
    row({
      name: '本校生辛',
      idNumber: id18('41010520050301205'),
      studentType: '专科',
      graduationYear: String(graduatingClassNow(p)),
      inSchool: '是',
    });
    row({ name: '社会考生壬', idNumber: id18('41010219850101102'), yearsInOccupation: '6' });
    const form = multipart({}, [
      { name: 'roster.xlsx', content: Buffer.from(await wb.xlsx.writeBuffer()), type: XLSX_TYPE },
    ]);
    const r = await p.app.inject({
      method: 'POST',
      url: `/api/plans/${schoolPlan}/roster`,
      headers: { cookie: cookies.get('school-admin')!, 'content-type': form.contentType },
      payload: form.payload,
    });
    // the import runs as a job: its answer once it has ended
    const { status, body } = await jobAnswer(p.app, cookies.get('school-admin')!, r);
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'IMPORT_INVALID', rule: 'INST-1' });
    expect(body.error.message).toMatch(/^第 3 行：社会考生壬 不是郑州智能制造职业学院的学生或在职教职工/);
    const names = (await as('school-admin', 'GET', `/api/plans/${schoolPlan}`)).body.registrations.map(
      (x: any) => x.name,
    );
    expect(names).not.toContain('本校生辛');
  });

  it('INST-1: issuance — a school certifies no outsider on any pathway (a competition award, a direct issue); its teacher may win its competition', async () => {
    const contest = await as('school-admin', 'POST', '/api/competitions', {
      name: '校级电工技能竞赛（师生）',
      tier: 'school',
      occupationId: elec,
      participants: 40,
      rules: [{ topPercent: 30, level: 4 }],
      contestDate: '2026-12-20',
    });
    expect(contest.status, JSON.stringify(contest.body)).toBe(201);
    // approved by the filing HRSS before the contest, and held (CERT-5; the approval flow is tested in competitions.test.ts)
    await p.deps.db
      .updateTable('competitions')
      .set({ status: 'approved', contest_date: '2026-01-10', decided_at: '2026-01-05T02:00:00.000Z', decided_by: 1 })
      .where('id', '=', contest.body.id)
      .execute();
    const outsider = await as('school-admin', 'POST', `/api/competitions/${contest.body.id}/awards`, {
      name: '社会考生癸',
      idNumber: id18('41010219850101103'),
      rank: 1,
    });
    expect(outsider.status).toBe(403);
    expect(outsider.body.error).toMatchObject({ code: 'NOT_OWN_STUDENT_OR_STAFF', rule: 'INST-1' });
    const teacherId = newResidentId();
    await as('school-admin', 'POST', '/api/staff', {
      kind: 'senior_examiner',
      name: '教师子',
      idNumber: teacherId,
      occupationIds: [elec],
    });
    const teacher = await as('school-admin', 'POST', `/api/competitions/${contest.body.id}/awards`, {
      name: '教师子',
      idNumber: teacherId,
      rank: 2,
    });
    expect(teacher.status, JSON.stringify(teacher.body)).toBe(201);
    // a registration that slipped in before the rule cannot end in a school's certificate
    const learner = (
      await p.deps.db
        .selectFrom('learners')
        .select('id')
        .where('id_number_hash', '=', personalData(p.deps.config).idNumberHash(worker.idNumber))
        .executeTakeFirstOrThrow()
    ).id;
    const actor = (inst: number) => ({
      id: 1,
      username: 'x',
      displayName: '测试',
      role: 'institution_admin' as const,
      regionCode: null,
      regionPath: null,
      institutionId: inst,
      scopeLabel: '',
      scopePath: [],
    });
    const issue = (inst: number) =>
      p.deps.db
        .transaction()
        .execute((trx) =>
          issueCertificate(
            trx,
            p.deps,
            { actor: actor(inst), ip: null, requestId: 't' },
            { learnerId: learner, occupationId: elec, level: 4, pathway: 'exam' },
          ),
        );
    await expect(issue(school)).rejects.toMatchObject({ code: 'NOT_OWN_STUDENT_OR_STAFF', rule: 'INST-1' });
    expect((await issue(social)).number).toMatch(/^S/);
  });
});
