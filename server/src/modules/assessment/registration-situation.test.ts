/**
 * A person is not a record (CERT-10): the student situation a registration brings is applied to
 * the person (or kept as their school recorded it), with its history, and the fee follows the
 * situation as it is; the roster importer reads real rosters and skips people already registered
 * on request; a registration is withdrawn with its reason before scoring (CERT-11).
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestPlatform,
  graduatingClassNow,
  loginAs,
  makeUser,
  TEST_DB,
  type TestPlatform,
  multipart,
  XLSX_TYPE,
  jobAnswer,
} from '../../../test/harness.js';
import { residentIdCheckChar } from '../../lib/identity.js';
import { ROSTER_COLUMNS } from './roster.js';
import { personalData } from '../../lib/personal-data.js';

type M = 'GET' | 'POST';
const id18 = (first17: string) => first17 + residentIdCheckChar(first17);
const SCHOOL = '郑州智能制造职业学院';
const EMPLOYER = '洛阳一拖装备制造有限公司'; // a filed enterprise evaluation institution, 电工 in scope

describe(`a person is not a record; real rosters; withdrawal (${TEST_DB})`, () => {
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
  const upload = async (user: string, url: string, content: Buffer) => {
    if (!cookies.has(user)) cookies.set(user, await loginAs(p.app, user));
    const form = multipart({}, [{ name: 'roster.xlsx', content, type: XLSX_TYPE }]);
    const r = await p.app.inject({
      method: 'POST',
      url,
      headers: { cookie: cookies.get(user)!, 'content-type': form.contentType },
      payload: form.payload,
    });
    // the import runs as a job: its answer once it has ended
    const { status, body } = await jobAnswer(p.app, cookies.get(user)!, r);
    return { status, body };
  };
  const templateRoster = async (rows: Record<string, string>[]) => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('考生名单');
    ws.addRow(ROSTER_COLUMNS.map((c) => c.header));
    for (const r of rows) ws.addRow(ROSTER_COLUMNS.map((c) => r[c.key] ?? ''));
    return Buffer.from(await wb.xlsx.writeBuffer());
  };
  const instId = async (name: string) =>
    (await p.deps.db.selectFrom('institutions').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  const newPlan = async (user: string, title: string, fee: number) => {
    const r = await as(user, 'POST', '/api/plans', { occupationId: elec, level: 4, year: 2026, title, fee });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect((await as(user, 'POST', `/api/plans/${r.body.id}/publish`)).status).toBe(200);
    return r.body.id as number;
  };
  const audits = (action: string, objectId: number) =>
    p.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', action)
      .where('object_id', '=', String(objectId))
      .orderBy('id')
      .execute();
  let elec: number;
  let school: number;
  let employerPlan: number;
  let employerPlan2: number;
  let schoolPlan: number;
  const ZHOU = { name: '周明', idNumber: id18('41030519980412031') }; // a worker at the employer, later a 高职扩招 student
  let zhouId: number;

  beforeAll(async () => {
    p = await createTestPlatform();
    elec = (
      await p.deps.db.selectFrom('occupations').select('id').where('code', '=', '6-31-01-03').executeTakeFirstOrThrow()
    ).id; // 电工
    school = await instId(SCHOOL);
    await makeUser(p.deps, {
      username: 'yituo-admin',
      role: 'institution_admin',
      institutionId: await instId(EMPLOYER),
    });
    await makeUser(p.deps, { username: 'sit-examiner', role: 'examiner', institutionId: school });
    employerPlan = await newPlan('yituo-admin', '一拖 2026 年电工四级认定', 200);
    employerPlan2 = await newPlan('yituo-admin', '一拖 2026 年第二期电工四级认定', 200);
    schoolPlan = await newPlan('school-admin', '2026 年电工四级认定（扩招班）', 150);
  });
  afterAll(async () => p?.close());

  it('CERT-10: a person registered first as a worker and later as an in-school student is not charged; the situation is updated with its history', async () => {
    const asWorker = await as('yituo-admin', 'POST', `/api/plans/${employerPlan}/registrations`, {
      ...ZHOU,
      inSchool: false,
      yearsInOccupation: 6,
    });
    expect(asWorker.status, JSON.stringify(asWorker.body)).toBe(201);
    expect(asWorker.body.fee).toBe(200); // a worker may be charged
    zhouId = asWorker.body.learnerId;
    // later enrolled by the school (高职扩招) and registered by it as its in-school student
    const asStudent = await as('school-admin', 'POST', `/api/plans/${schoolPlan}/registrations`, {
      ...ZHOU,
      studentType: 'junior_college',
      major: '电气自动化技术',
      graduationYear: graduatingClassNow(p) + 1,
      inSchool: true,
      yearsInOccupation: 6,
    });
    expect(asStudent.status, JSON.stringify(asStudent.body)).toBe(201);
    expect(asStudent.body.learnerId).toBe(zhouId); // one person
    expect(asStudent.body.fee).toBe(0); // CERT-10: not charged (the old code charged 150: the person was "a worker")
    expect(asStudent.body.situationNote).toBeUndefined();
    const person = await p.deps.db
      .selectFrom('learners')
      .selectAll()
      .where('id', '=', zhouId)
      .executeTakeFirstOrThrow();
    expect(person).toMatchObject({
      in_school: 1,
      student_type: 'junior_college',
      school_institution_id: school,
      major: '电气自动化技术',
      graduation_year: graduatingClassNow(p) + 1,
    });
    // the registration keeps what it was judged on; the employer's keeps the worker it was judged as
    const sit = await as('school-admin', 'GET', `/api/registrations/${asStudent.body.id}/situation`);
    expect(sit.status, JSON.stringify(sit.body)).toBe(200);
    expect(sit.body.atRegistration).toEqual({
      studentType: 'junior_college',
      schoolName: SCHOOL,
      major: '电气自动化技术',
      graduationYear: graduatingClassNow(p) + 1,
      inSchool: true,
    });
    expect(sit.body.history).toEqual([
      expect.objectContaining({
        by: '陈静',
        institutionName: SCHOOL,
        source: 'registration',
        sourceRef: `plan:${schoolPlan}`,
        applied: true,
        note: null,
        changes: expect.arrayContaining([
          { field: 'inSchool', before: false, after: true },
          { field: 'school', before: null, after: SCHOOL },
          { field: 'studentType', before: null, after: 'junior_college' },
        ]),
      }),
    ]);
    const first = (await as('yituo-admin', 'GET', `/api/plans/${employerPlan}`)).body.registrations[0];
    expect(first).toMatchObject({ fee: 200, situation: { inSchool: false, schoolName: null } });
    const [audit] = await audits('learner.situation.change', zhouId);
    expect(JSON.parse(audit.before_json!)).toMatchObject({ inSchool: false, school: null });
    expect(JSON.parse(audit.after_json!)).toMatchObject({ inSchool: true, school: { id: school, name: SCHOOL } });
  });

  it('CERT-10: the employer registering the school’s student again as a worker does not erase the status — still free, and the change it asked for is kept in the history with the reason', async () => {
    const again = await as('yituo-admin', 'POST', `/api/plans/${employerPlan2}/registrations`, {
      ...ZHOU,
      inSchool: false,
      yearsInOccupation: 6,
    });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.body.fee).toBe(0);
    expect(again.body.situationNote).toContain(`学生身份由${SCHOOL}登记，只能由该校更改`);
    expect(
      (await p.deps.db.selectFrom('learners').select('in_school').where('id', '=', zhouId).executeTakeFirstOrThrow())
        .in_school,
    ).toBe(1);
    const sit = (await as('yituo-admin', 'GET', `/api/registrations/${again.body.id}/situation`)).body;
    expect(sit.atRegistration).toMatchObject({ inSchool: true, schoolName: SCHOOL, note: again.body.situationNote });
    expect(sit.history.map((h: any) => [h.applied, h.institutionName])).toEqual([
      [true, SCHOOL],
      [false, EMPLOYER],
    ]);
    expect(sit.history[1].changes).toEqual([{ field: 'inSchool', before: true, after: false }]);
    expect(await audits('learner.situation.keep', zhouId)).toHaveLength(1);
    // another institution sees the history only of its own candidates
    expect((await as('zhongzhi-admin', 'GET', `/api/registrations/${again.body.id}/situation`)).status).toBe(404);
  });

  it('CERT-10: a worker registered with 在校 on and no student type is refused — never a quiet fee waiver; nothing is stored', async () => {
    const worker = { name: '郑工人', idNumber: id18('41010519900101551') };
    const r = await as('yituo-admin', 'POST', `/api/plans/${employerPlan}/registrations`, {
      ...worker,
      studentType: null,
      inSchool: true,
      yearsInOccupation: 6,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(r.body.error).toMatchObject({
      code: 'SITUATION_INCONSISTENT',
      rule: 'CERT-10',
      details: [{ field: '/studentType' }],
    });
    const stored = await p.deps.db
      .selectFrom('learners')
      .select('id')
      .where('name', '=', worker.name)
      .executeTakeFirst();
    expect(stored, 'no person was stored').toBeUndefined();
    // the same worker as a worker: charged the plan's fee
    const ok = await as('yituo-admin', 'POST', `/api/plans/${employerPlan}/registrations`, {
      ...worker,
      studentType: null,
      inSchool: false,
      yearsInOccupation: 6,
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.fee).toBe(200);
    // a roster row saying 在校 = 是 with no student type is refused by its row, nothing imported
    const file = await templateRoster([
      { name: '钱工人', idNumber: id18('41010519900101562'), inSchool: '是', yearsInOccupation: '6' },
    ]);
    const roster = await upload('yituo-admin', `/api/plans/${employerPlan2}/roster`, file);
    expect(roster.status, JSON.stringify(roster.body)).toBe(400);
    expect(roster.body.error).toMatchObject({ code: 'IMPORT_INVALID', rule: 'CERT-10' });
    expect(roster.body.error.message).toContain('第 2 行');
  });

  it('roster: people already registered refuse the file, every one listed by row; with skipRegistered they are skipped and listed, the others imported', async () => {
    const rows: Record<string, string>[] = [
      {
        name: '吴新',
        idNumber: id18('41010520040301051'),
        studentType: '专科',
        graduationYear: String(graduatingClassNow(p)),
        inSchool: '是',
      },
      { name: ZHOU.name, idNumber: ZHOU.idNumber, studentType: '专科', inSchool: '是' },
      {
        name: '郑好',
        idNumber: id18('41010520040301052'),
        studentType: '专科',
        graduationYear: String(graduatingClassNow(p)),
        inSchool: '是',
      },
    ];
    const refused = await upload('school-admin', `/api/plans/${schoolPlan}/roster`, await templateRoster(rows));
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('IMPORT_INVALID');
    expect(refused.body.error.message).toContain('跳过已报名的考生');
    expect(refused.body.error.details).toEqual([
      { field: '第 3 行', message: expect.stringMatching(/^周明 已报名本计划（报名号 #\d+）$/) },
    ]);
    const before = (await as('school-admin', 'GET', `/api/plans/${schoolPlan}`)).body.registrations.length;
    expect(before).toBe(1);
    const r = await upload(
      'school-admin',
      `/api/plans/${schoolPlan}/roster?skipRegistered=true`,
      await templateRoster(rows),
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({
      imported: 2,
      skipped: [{ field: '第 3 行', message: expect.stringMatching(/^周明 已报名本计划（报名号 #\d+），已跳过$/) }],
    });
    const names = (await as('school-admin', 'GET', `/api/plans/${schoolPlan}`)).body.registrations.map(
      (x: any) => x.name,
    );
    expect(names.sort()).toEqual(['吴新', '周明', '郑好'].sort());
    const [audit] = await audits('registration.import', schoolPlan);
    expect(JSON.parse(audit.after_json!).skipped).toHaveLength(1);
  });

  it('roster: a roster with a merged title row above headers named 身份证号码 and 联系电话, full-width digits and a full-width Ｘ, is imported', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(['2026 年电工四级认定报名汇总表']);
    ws.mergeCells('A1:G1');
    ws.addRow(['序号', '姓 名', '性别', '身份证号码', '联系电话', '学生类型', '是否在校']);
    const wide = (s: string) =>
      [...s].map((ch) => (ch === 'X' ? 'Ｘ' : String.fromCharCode(ch.charCodeAt(0) + 0xfee0))).join('');
    const withX = id18('41010519991231039');
    expect(withX.endsWith('X')).toBe(true);
    ws.addRow([1, '钱　多', '男', wide(withX), '１３９００００１１１１', '专科', '是']);
    ws.addRow([2, '孙少', '女', id18('41010520000101062'), '13900002222', '专科', '是']);
    const r = await upload('school-admin', `/api/plans/${schoolPlan}/roster`, Buffer.from(await wb.xlsx.writeBuffer()));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.imported).toBe(2);
    // numbers are stored sealed and found by their keyed hash
    const pd = personalData(p.deps.config);
    const people = (
      await p.deps.db
        .selectFrom('learners')
        .select(['name', 'id_number_enc', 'phone', 'gender'])
        .where('id_number_hash', 'in', [pd.idNumberHash(withX), pd.idNumberHash(id18('41010520000101062'))])
        .execute()
    )
      .map(({ id_number_enc, ...r }) => ({ ...r, id_number: pd.openIdNumber('learners.id_number', id_number_enc) }))
      .sort((a, b) => (a.id_number < b.id_number ? -1 : 1));
    expect(people).toEqual([
      { name: '钱多', id_number: withX, phone: '13900001111', gender: 'male' },
      { name: '孙少', id_number: id18('41010520000101062'), phone: '13900002222', gender: 'female' },
    ]);
  });

  describe('CERT-11: withdrawing a registration', () => {
    let regs: { id: number; name: string }[];
    beforeAll(async () => {
      regs = (await as('school-admin', 'GET', `/api/plans/${schoolPlan}`)).body.registrations;
    });
    const reg = (name: string) => regs.find((r) => r.name === name)!.id;

    it('CERT-11: a registration is withdrawn with its reason before any score; audited; shown in the list; not withdrawn twice, not re-decided, not scored', async () => {
      expect((await as('school-admin', 'POST', `/api/registrations/${reg('吴新')}/withdraw`, {})).status).toBe(400);
      const w = await as('school-admin', 'POST', `/api/registrations/${reg('吴新')}/withdraw`, {
        reason: '考生本人申请放弃本次考试',
      });
      expect(w.status, JSON.stringify(w.body)).toBe(200);
      expect(w.body).toEqual({ id: reg('吴新'), status: 'withdrawn', reason: '考生本人申请放弃本次考试' });
      const listed = (await as('school-admin', 'GET', `/api/plans/${schoolPlan}`)).body.registrations.find(
        (r: any) => r.name === '吴新',
      );
      expect(listed).toMatchObject({ status: 'withdrawn', decisionReason: '考生本人申请放弃本次考试' });
      expect(listed.decisions.at(-1)).toMatchObject({
        status: 'withdrawn',
        reason: '考生本人申请放弃本次考试',
        by: '陈静',
      });
      const [audit] = await audits('registration.withdraw', reg('吴新'));
      expect(JSON.parse(audit.before_json!)).toMatchObject({ status: 'eligible' });
      expect(JSON.parse(audit.after_json!)).toEqual({ status: 'withdrawn', reason: '考生本人申请放弃本次考试' });
      expect(
        (await as('school-admin', 'POST', `/api/registrations/${reg('吴新')}/withdraw`, { reason: '再撤一次' })).body
          .error.code,
      ).toBe('REGISTRATION_WITHDRAWN');
      expect(
        (
          await as('school-admin', 'POST', `/api/registrations/${reg('吴新')}/decision`, {
            eligible: true,
            reason: '改回符合',
          })
        ).body.error.code,
      ).toBe('REGISTRATION_WITHDRAWN');
      const scored = await as('sit-examiner', 'POST', `/api/plans/${schoolPlan}/scores`, {
        entries: [{ registrationId: reg('吴新'), part: 'theory', score: 80 }],
      });
      expect(scored.status).toBe(400);
      expect(scored.body.error.message).toContain('已撤回');
      // the same person cannot come back into the plan unnoticed: the roster lists them as registered (withdrawn)
      const back = await upload(
        'school-admin',
        `/api/plans/${schoolPlan}/roster`,
        await templateRoster([{ name: '吴新', idNumber: id18('41010520040301051') }]),
      );
      expect(back.body.error.details[0].message).toMatch(/吴新 已报名本计划（报名号 #\d+，已撤回）/);
    });

    it('CERT-11: once a score is entered for it, a registration cannot be withdrawn (the ledger is never silently edited)', async () => {
      expect(
        (
          await as('sit-examiner', 'POST', `/api/plans/${schoolPlan}/scores`, {
            entries: [{ registrationId: reg('郑好'), part: 'theory', score: 71 }],
          })
        ).status,
      ).toBe(200);
      const r = await as('school-admin', 'POST', `/api/registrations/${reg('郑好')}/withdraw`, {
        reason: '考生申请退考',
      });
      expect(r.status).toBe(409);
      expect(r.body.error).toMatchObject({ code: 'REGISTRATION_SCORED', rule: 'CERT-11' });
      expect(await audits('registration.withdraw', reg('郑好'))).toEqual([]);
      // and another institution cannot withdraw the school's candidates
      expect(
        (await as('yituo-admin', 'POST', `/api/registrations/${reg('周明')}/withdraw`, { reason: '越权撤回' })).status,
      ).toBe(404);
    });
  });
});
