/**
 * The exam pathway through the API (CERT-2, CERT-10, CERT-11): plan, roster import, eligibility,
 * sessions staffed to the standard, double-entry scores as a ledger, publicity over 5 working
 * days, objections, final results and issuance.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestPlatform,
  loginAs,
  makeFiledInstitution,
  makeUser,
  TEST_DB,
  type TestPlatform,
  graduatingClassNow,
  multipart,
  XLSX_TYPE,
  jobAnswer,
} from '../../../test/harness.js';
import { residentIdCheckChar } from '../../lib/identity.js';
import { newPersonRow } from '../people/id-numbers.service.js';
import { personalData } from '../../lib/personal-data.js';
import { businessDate } from '../../lib/dates.js';
import { addWorkingDays } from '../../lib/workdays.js';
import { CERTIFICATE_NUMBER_RE } from '../certificates/certificate-number.js';
import { ROSTER_COLUMNS } from './roster.js';

type M = 'GET' | 'POST' | 'PUT';
const id18 = (first17: string) => first17 + residentIdCheckChar(first17);

describe(`exam pathway (${TEST_DB})`, () => {
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
    const isJson = String(r.headers['content-type'] ?? '').includes('json');
    return { status: r.statusCode, body: isJson ? JSON.parse(r.body) : r.rawPayload };
  };
  const upload = async (user: string, url: string, content: Buffer) => {
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
  const roster = async (rows: Record<string, string>[]) => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('考生名单');
    ws.addRow(ROSTER_COLUMNS.map((c) => c.header));
    for (const r of rows) ws.addRow(ROSTER_COLUMNS.map((c) => r[c.key] ?? ''));
    return Buffer.from(await wb.xlsx.writeBuffer());
  };
  const graduatingClass = () => graduatingClassNow(p);
  let occ: number;
  let planId: number;
  let examiners: number[];

  beforeAll(async () => {
    p = await createTestPlatform();
    const school = (
      await p.deps.db
        .selectFrom('institutions')
        .select('id')
        .where('name', '=', '郑州智能制造职业学院')
        .executeTakeFirstOrThrow()
    ).id;
    occ = (
      await p.deps.db.selectFrom('occupations').select('id').where('code', '=', '6-31-01-03').executeTakeFirstOrThrow()
    ).id; // 电工, in scope 5/4/3
    examiners = (
      await p.deps.db
        .selectFrom('staff')
        .select('id')
        .where('institution_id', '=', school)
        .where('kind', 'in', ['examiner', 'senior_examiner'])
        .orderBy('id')
        .limit(5)
        .execute()
    ).map((s) => s.id);
    await makeUser(p.deps, { username: 'school-examiner', role: 'examiner', institutionId: school });
    // INST-1: working adults and past graduates are examined by a 面向社会人员的 institution, not a school
    const social = await makeFiledInstitution(p.deps, {
      name: '郑州社会化职业技能评价中心',
      scopes: [3, 4].map((level) => ({ occupationId: occ, level })),
    });
    await makeUser(p.deps, { username: 'social-admin', role: 'institution_admin', institutionId: social });
    await loginAs(p.app, 'school-admin').then((c) => cookies.set('school-admin', c));
  });
  afterAll(async () => p?.close());

  it('INST-4: a plan is refused outside the institution’s scope; a plan in scope is created and published', async () => {
    const out = await p.deps.db
      .selectFrom('occupations')
      .select('id')
      .where('code', '=', '4-10-01-05')
      .executeTakeFirstOrThrow();
    expect(
      (await as('school-admin', 'POST', '/api/plans', { occupationId: out.id, level: 4, year: 2026, title: '越范围' }))
        .body.error,
    ).toMatchObject({ code: 'OUT_OF_SCOPE', rule: 'INST-4' });
    const r = await as('school-admin', 'POST', '/api/plans', {
      occupationId: occ,
      level: 4,
      year: 2026,
      title: '2026年第二期电工四级认定',
      fee: 150,
      notice: '报名时间：11月',
    });
    expect(r.status).toBe(201);
    planId = r.body.id;
    expect(r.body.standard).toMatchObject({ parts: ['theory', 'practical'], passMark: 60 });
    expect(
      (
        await as('school-admin', 'POST', `/api/plans/${planId}/registrations`, {
          name: '甲',
          idNumber: id18('41010520000101001'),
        })
      ).body.error.code,
    ).toBe('PLAN_INVALID_STATE');
    expect((await as('school-admin', 'POST', `/api/plans/${planId}/publish`)).body.status).toBe('published');
  });

  it('roster import: every row is checked first; one bad row imports nothing and names row and column', async () => {
    const good = {
      name: '王一',
      idNumber: id18('41010520040301001'),
      studentType: '专科',
      graduationYear: '2026',
      inSchool: '是',
    };
    const file = await roster([
      good,
      { name: '李二', idNumber: '410105200403010010' },
      { name: '', idNumber: id18('41010520040301002') },
      { name: '赵四', idNumber: good.idNumber },
      { name: '钱五', idNumber: id18('41010520040301003'), studentType: '博士' },
    ]);
    const r = await upload('school-admin', `/api/plans/${planId}/roster`, file);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('IMPORT_INVALID');
    const fields = r.body.error.details.map((d: any) => `${d.field} ${d.message}`);
    expect(fields).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^第 3 行 C 列（证件号码） 身份证号校验位不正确/),
        expect.stringMatching(/^第 4 行 A 列（姓名） 姓名不能为空/),
        expect.stringMatching(/^第 5 行 C 列（证件号码） 与第 2 行重复/),
        expect.stringMatching(/^第 6 行 E 列（学生类型）/),
      ]),
    );
    expect(
      (await p.deps.db.selectFrom('registrations').select('id').where('plan_id', '=', planId).execute()).length,
    ).toBe(0);
    expect(
      (await upload('school-admin', `/api/plans/${planId}/roster`, Buffer.from('not a workbook'))).body.error.code,
    ).toBe('WORKBOOK_NOT_XLSX');
  });

  it('roster import: a clean file registers everyone with the automatic eligibility check; CERT-10 no fee for in-school students', async () => {
    const tpl = await as('school-admin', 'GET', '/api/roster-template');
    expect((tpl.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    const rows = Array.from({ length: 12 }, (_, i) => ({
      name: `考生${i + 1}`,
      idNumber: id18(`410105200${i % 3}0${(i % 9) + 1}1${String(i).padStart(4, '0')}`.slice(0, 17)),
      studentType: '专科',
      graduationYear: String(graduatingClass()),
      inSchool: i < 10 ? '是' : '否',
      yearsInOccupation: '0',
    }));
    // a first-year student of the school with 2 years' work: neither years nor graduating year, so pending
    rows.push({
      name: '低年级考生',
      idNumber: id18('41010220070101101'),
      studentType: '专科',
      graduationYear: String(graduatingClass() + 2),
      inSchool: '是',
      yearsInOccupation: '2',
    });
    const r = await upload('school-admin', `/api/plans/${planId}/roster`, await roster(rows));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({ imported: 13, eligible: 12, pending: 1, ineligible: 0 });
    const plan = (await as('school-admin', 'GET', `/api/plans/${planId}`)).body;
    const fees = plan.registrations.map((x: any) => x.fee);
    expect(fees.slice(0, 10).every((f: number) => f === 0)).toBe(true);
    expect(fees[10]).toBe(150);
    const pending = plan.registrations.find((x: any) => x.status === 'pending');
    expect(pending.eligibility.checks.length).toBe(3);
    const refused = await as('school-admin', 'POST', `/api/registrations/${pending.id}/decision`, {
      eligible: false,
      reason: '从业年限不足5年，且不在毕业学年',
    });
    expect(refused.body.status).toBe('ineligible');
  });

  it('CERT-2: a secondary vocational student is capped at 四级 by exam unless an outstanding graduate', async () => {
    const p3 = (
      await as('school-admin', 'POST', '/api/plans', { occupationId: occ, level: 3, year: 2026, title: '电工三级' })
    ).body.id;
    await as('school-admin', 'POST', `/api/plans/${p3}/publish`);
    const zz = { studentType: 'secondary_vocational', graduationYear: graduatingClass(), inSchool: true };
    const capped = await as('school-admin', 'POST', `/api/plans/${p3}/registrations`, {
      name: '中职甲',
      idNumber: id18('41010520080101301'),
      ...zz,
    });
    expect(capped.body.status).toBe('ineligible');
    const override = await as('school-admin', 'POST', `/api/registrations/${capped.body.id}/decision`, {
      eligible: true,
      reason: '想让他考',
    });
    expect(override.body.error).toMatchObject({ code: 'NOT_ELIGIBLE', rule: 'CERT-2' });
    const outstanding = await as('school-admin', 'POST', `/api/plans/${p3}/registrations`, {
      name: '中职乙',
      idNumber: id18('41010520080101302'),
      ...zz,
      outstandingGraduate: true,
    });
    expect(outstanding.body.status).not.toBe('ineligible');
  });

  it('CERT-2: 毕业学年 is the school year — on 2026-12-01 an outstanding 中职 student graduating in 2027 may register for 三级, one graduating in 2028 may not', async () => {
    const delta = Date.parse('2026-12-01T04:00:00Z') - p.clock.now().getTime();
    p.clock.advanceMinutes(delta / 60_000);
    try {
      const p3 = (
        await as('school-admin', 'POST', '/api/plans', {
          occupationId: occ,
          level: 3,
          year: 2026,
          title: '电工三级（毕业学年）',
        })
      ).body.id;
      await as('school-admin', 'POST', `/api/plans/${p3}/publish`);
      const zz = { studentType: 'secondary_vocational', inSchool: true, outstandingGraduate: true };
      const of2027 = await as('school-admin', 'POST', `/api/plans/${p3}/registrations`, {
        name: '中职毕业学年甲',
        idNumber: id18('41010520090101311'),
        ...zz,
        graduationYear: 2027,
      });
      expect(of2027.status, JSON.stringify(of2027.body)).toBe(201);
      expect(of2027.body.status).not.toBe('ineligible');
      const of2028 = await as('school-admin', 'POST', `/api/plans/${p3}/registrations`, {
        name: '中职非毕业学年乙',
        idNumber: id18('41010520100101312'),
        ...zz,
        graduationYear: 2028,
      });
      expect(of2028.body.status).toBe('ineligible');
      const override = await as('school-admin', 'POST', `/api/registrations/${of2028.body.id}/decision`, {
        eligible: true,
        reason: '明年才毕业',
      });
      expect(override.body.error).toMatchObject({ code: 'NOT_ELIGIBLE', rule: 'CERT-2' });
    } finally {
      p.clock.advanceMinutes(-delta / 60_000);
      cookies.clear(); // sessions opened at the moved clock have ended by the real one
    }
  });

  it('CERT-2: a 中职 graduate of 2003 with 15 years in the trade registers for 三级 by the years route; one with fewer years may be approved by hand', async () => {
    const p3 = (
      await as('social-admin', 'POST', '/api/plans', {
        occupationId: occ,
        level: 3,
        year: 2026,
        title: '电工三级（往届中职毕业生）',
      })
    ).body.id;
    await as('social-admin', 'POST', `/api/plans/${p3}/publish`);
    const adult = { studentType: 'secondary_vocational', graduationYear: 2003, inSchool: false };
    const veteran = await as('social-admin', 'POST', `/api/plans/${p3}/registrations`, {
      name: '往届中职甲',
      idNumber: id18('41010519850315321'),
      ...adult,
      yearsInOccupation: 15,
    });
    expect(veteran.status, JSON.stringify(veteran.body)).toBe(201);
    expect(veteran.body.status).toBe('eligible');
    // the cap does not bind them: short of the standard's routes, they are pending, and a manual decision decides
    const shorter = await as('social-admin', 'POST', `/api/plans/${p3}/registrations`, {
      name: '往届中职乙',
      idNumber: id18('41010519850315322'),
      ...adult,
      yearsInOccupation: 3,
    });
    expect(shorter.body.status).toBe('pending');
    const approved = await as('social-admin', 'POST', `/api/registrations/${shorter.body.id}/decision`, {
      eligible: true,
      reason: '经核实取得四级证书后从事本职业满4年',
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.status).toBe('eligible');
    // a registration refused under the earlier reading (the cap recorded for an adult) may be overridden too
    const earlier = await as('social-admin', 'POST', `/api/plans/${p3}/registrations`, {
      name: '往届中职丙',
      idNumber: id18('41010519850315323'),
      ...adult,
      yearsInOccupation: 2,
    });
    const cap = '中职学生通过考试最高取得四级，仅优秀毕业生（含毕业学年学生）可申报三级';
    const row = await p.deps.db
      .selectFrom('registrations')
      .select('eligibility_json')
      .where('id', '=', earlier.body.id)
      .executeTakeFirstOrThrow();
    await p.deps.db
      .updateTable('registrations')
      .set({ status: 'ineligible', eligibility_json: JSON.stringify({ ...JSON.parse(row.eligibility_json!), cap }) })
      .where('id', '=', earlier.body.id)
      .execute();
    const overridden = await as('social-admin', 'POST', `/api/registrations/${earlier.body.id}/decision`, {
      eligible: true,
      reason: '往届毕业生，不受中职在校生限制',
    });
    expect(overridden.status, JSON.stringify(overridden.body)).toBe(200);
    expect(overridden.body.status).toBe('eligible');
  });

  it('registration refuses a bad ID number and a name that does not match a known person', async () => {
    expect(
      (
        await as('school-admin', 'POST', `/api/plans/${planId}/registrations`, {
          name: '丙',
          idNumber: '410105200001010010',
        })
      ).body.error,
    ).toMatchObject({ code: 'IDENTITY_INVALID', details: [{ field: '/idNumber' }] });
    expect(
      (
        await as('school-admin', 'POST', `/api/plans/${planId}/registrations`, {
          name: '不是刘洋',
          idNumber: id18('41010520050612002'),
        })
      ).body.error.code,
    ).toBe('IDENTITY_NAME_MISMATCH');
  });

  describe('identity checks on registration and roster import', () => {
    let idPlan: number;
    beforeAll(async () => {
      idPlan = (
        await as('social-admin', 'POST', '/api/plans', { occupationId: occ, level: 4, year: 2026, title: '证件核验' })
      ).body.id;
      await as('social-admin', 'POST', `/api/plans/${idPlan}/publish`);
    });

    it('identity: an ID number whose first two digits are no province (99…) is refused, the reason on /idNumber', async () => {
      const r = await as('social-admin', 'POST', `/api/plans/${idPlan}/registrations`, {
        name: '无省份',
        idNumber: id18('99010219900307123'),
      });
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({
        code: 'IDENTITY_INVALID',
        details: [{ field: '/idNumber', message: expect.stringContaining('前两位“99”不是省级行政区划代码') }],
      });
      expect(
        await p.deps.db.selectFrom('learners').select('id').where('name', '=', '无省份').executeTakeFirst(),
      ).toBeUndefined();
    });

    it('identity: a historic county code (412701, 周口地区周口市) registers, with a note to check it; a current one without', async () => {
      const historic = await as('social-admin', 'POST', `/api/plans/${idPlan}/registrations`, {
        name: '旧区划',
        idNumber: id18('41270119800307123'),
        yearsInOccupation: 6,
      });
      expect(historic.status, JSON.stringify(historic.body)).toBe(201);
      expect(historic.body.identityNotes).toEqual([
        '身份证号前六位 412701 不是现行行政区划代码（可能为旧区划代码），请核对',
      ]);
      const current = await as('social-admin', 'POST', `/api/plans/${idPlan}/registrations`, {
        name: '现行区划',
        idNumber: id18('41010419800307123'),
        yearsInOccupation: 6,
      });
      expect(current.status).toBe(201);
      expect(current.body.identityNotes).toBeUndefined();
    });

    it('CERT-2 roster: the template uploaded unchanged is not refused; its example row is skipped with a note', async () => {
      const tpl = (await as('social-admin', 'GET', '/api/roster-template')).body as Buffer;
      const r = await upload('social-admin', `/api/plans/${idPlan}/roster`, tpl);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body).toEqual({
        imported: 0,
        eligible: 0,
        pending: 0,
        ineligible: 0,
        notes: [{ field: '第 2 行', message: '模板中的示例行（张三），已跳过，未导入' }],
      });
      const plan = (await as('social-admin', 'GET', `/api/plans/${idPlan}`)).body;
      expect(plan.registrations.map((x: any) => x.name).sort()).toEqual(['旧区划', '现行区划'].sort());
    });

    it('CERT-2 roster: the template filled below its example row imports the candidates; a historic county code is noted by row', async () => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await as('social-admin', 'GET', '/api/roster-template')).body as unknown as ArrayBuffer);
      const ws = wb.worksheets[0];
      const col = (key: string) => ROSTER_COLUMNS.findIndex((c) => c.key === key) + 1;
      const fill = (rowNo: number, name: string, idNumber: string) => {
        ws.getRow(rowNo).getCell(col('name')).value = name;
        ws.getRow(rowNo).getCell(col('idNumber')).value = idNumber;
        ws.getRow(rowNo).getCell(col('yearsInOccupation')).value = '6';
      };
      fill(3, '崇文考生', id18('11010319800307123')); // 110103 崇文区, merged into 东城区 in 2010
      fill(4, '金水考生', id18('41010519800307123'));
      const r = await upload('social-admin', `/api/plans/${idPlan}/roster`, Buffer.from(await wb.xlsx.writeBuffer()));
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body).toMatchObject({ imported: 2, eligible: 2 });
      expect(r.body.notes).toEqual([
        { field: '第 2 行', message: '模板中的示例行（张三），已跳过，未导入' },
        {
          field: '第 3 行 C 列（证件号码）',
          message: '身份证号前六位 110103 不是现行行政区划代码（可能为旧区划代码），请核对',
        },
      ]);
    });
  });

  it('sessions must be staffed to the standard; tickets list the session, room and seat', async () => {
    const plan = (await as('school-admin', 'GET', `/api/plans/${planId}`)).body;
    const eligible = plan.registrations.filter((r: any) => r.status === 'eligible').map((r: any) => r.id);
    const short = await as('school-admin', 'POST', `/api/plans/${planId}/sessions`, {
      part: 'practical',
      startsAt: '2026-12-05T09:00',
      site: '实训楼',
      rooms: [{ room: '电工实训室', registrationIds: eligible, staffIds: examiners.slice(0, 2) }],
    });
    expect(short.status).toBe(422);
    expect(short.body.error.message).toContain('至少需 3 名考评员');
    const even = await as('school-admin', 'POST', `/api/plans/${planId}/sessions`, {
      part: 'practical',
      startsAt: '2026-12-05T09:00',
      site: '实训楼',
      rooms: [{ room: '电工实训室', registrationIds: eligible, staffIds: examiners.slice(0, 4) }],
    });
    expect(even.body.error.message).toContain('奇数');
    // INST-4: another institution's examiners cannot staff this institution's exam
    const foreign = (
      await p.deps.db
        .selectFrom('staff')
        .select('id')
        .where('institution_id', '!=', plan.institutionId)
        .where('kind', '=', 'examiner')
        .orderBy('id')
        .limit(3)
        .execute()
    ).map((s) => s.id);
    const borrowed = await as('school-admin', 'POST', `/api/plans/${planId}/sessions`, {
      part: 'practical',
      startsAt: '2026-12-05T09:00',
      site: '实训楼',
      rooms: [{ room: '电工实训室', registrationIds: eligible, staffIds: foreign }],
    });
    expect(borrowed.body.error).toMatchObject({ code: 'DELEGATION_FORBIDDEN', rule: 'INST-4' });
    expect(
      (
        await as('school-admin', 'POST', `/api/plans/${planId}/sessions`, {
          part: 'practical',
          startsAt: '2026-12-05T09:00',
          site: '实训楼',
          rooms: [{ room: '电工实训室', registrationIds: eligible, staffIds: examiners.slice(0, 3) }],
        })
      ).status,
    ).toBe(201);
    const staff = (
      await p.deps.db
        .selectFrom('staff')
        .select('id')
        .where('institution_id', '=', plan.institutionId)
        .where('kind', '=', 'quality_supervisor')
        .execute()
    ).map((s) => s.id);
    expect(
      (
        await as('school-admin', 'POST', `/api/plans/${planId}/sessions`, {
          part: 'theory',
          startsAt: '2026-12-04T09:00',
          site: '教学楼',
          rooms: [{ room: '301', registrationIds: eligible, staffIds: [...staff, examiners[4]] }],
        })
      ).status,
    ).toBe(201);
    const t = await as('school-admin', 'GET', `/api/registrations/${eligible[0]}/ticket`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ticket-'));
    fs.writeFileSync(path.join(dir, 't.pdf'), t.body as Buffer);
    const text = execFileSync('pdftotext', [path.join(dir, 't.pdf'), '-']).toString();
    expect(text).toContain('准考证');
    expect(text).toContain('考生1');
    expect(text).toMatch(/电工实训室 第 1 座/);
    expect(text).toMatch(/410\*{11}\d{3}[\dX]/);
  });

  it('CERT-11: scores are entered by one person and confirmed by another; corrections are new versions', async () => {
    const plan = (await as('school-admin', 'GET', `/api/plans/${planId}`)).body;
    const eligible = plan.registrations.filter((r: any) => r.status === 'eligible').map((r: any) => r.id);
    const entries = eligible.flatMap((id: number, i: number) => [
      { registrationId: id, part: 'theory', score: i === 0 ? 58 : 75.5 },
      { registrationId: id, part: 'practical', score: 80 },
    ]);
    expect((await as('school-examiner', 'POST', `/api/plans/${planId}/scores`, { entries })).body).toEqual({
      entered: entries.length,
    });
    expect(
      (await as('school-examiner', 'POST', `/api/plans/${planId}/scores`, { entries: entries.slice(0, 1) })).body.error
        .message,
    ).toContain('更正');
    expect((await as('school-examiner', 'POST', `/api/plans/${planId}/scores/confirm`)).body.error).toMatchObject({
      code: 'SCORE_SAME_PERSON',
      rule: 'CERT-11',
    });
    expect((await as('school-admin', 'POST', `/api/plans/${planId}/results/publish`)).body.error.code).toBe(
      'SCORES_INCOMPLETE',
    );
    expect((await as('school-admin', 'POST', `/api/plans/${planId}/scores/confirm`)).body).toEqual({
      confirmed: entries.length,
      skippedOwnEntries: 0,
    });
    // a correction before publication: a second version, itself needing confirmation by someone else
    expect(
      (
        await as('school-admin', 'POST', `/api/registrations/${eligible[1]}/scores/theory/correct`, {
          score: 77,
          reason: '复查试卷，漏计一题',
        })
      ).body.version,
    ).toBe(2);
    expect((await as('school-admin', 'POST', `/api/plans/${planId}/results/publish`)).body.error.code).toBe(
      'SCORES_INCOMPLETE',
    );
    await as('school-examiner', 'POST', `/api/plans/${planId}/scores/confirm`);
    const hist = (await as('city-admin', 'GET', `/api/registrations/${eligible[1]}/scores`)).body.versions.filter(
      (v: any) => v.part === 'theory',
    );
    expect(hist.map((v: any) => [v.version, v.score, v.reason])).toEqual([
      [1, 75.5, null],
      [2, 77, '复查试卷，漏计一题'],
    ]);
    expect(hist.every((v: any) => v.enteredBy && v.confirmedBy && v.enteredBy !== v.confirmedBy)).toBe(true);
    // the ledger is never edited in place
    expect(
      (await p.deps.db.selectFrom('score_entries').select('id').where('registration_id', '=', eligible[1]).execute())
        .length,
    ).toBe(3);
  });

  it('results are published for 5 working days (official calendar), masked in public; objections; final results; certificates', async () => {
    const pub = await as('school-admin', 'POST', `/api/plans/${planId}/results/publish`);
    const today = businessDate(new Date(), 'Asia/Shanghai'); // publicity starts from the date in Beijing
    expect(pub.body.publicityUntil).toBe(addWorkingDays(today, 5).date);
    const list = (await as(null, 'GET', `/api/public/plans/${planId}/results`)).body;
    expect(list.candidates).toHaveLength(12);
    expect(list.candidates[0]).toMatchObject({ name: '考**', result: '不合格' });
    expect(list.candidates[0].idNumber).toMatch(/^410\*{11}/);
    expect(JSON.stringify(list)).not.toMatch(/4101052\d{10}/);
    const plan = (await as('school-admin', 'GET', `/api/plans/${planId}`)).body;
    const first = plan.registrations.find((r: any) => r.name === '考生1');
    const objection = await as('school-admin', 'POST', `/api/registrations/${first.id}/objections`, {
      text: '考生对理论成绩有异议，申请复核',
    });
    expect(objection.status).toBe(201);
    expect((await as('school-admin', 'POST', `/api/plans/${planId}/finalize`)).body.error.code).toBe(
      'PUBLICITY_NOT_ENDED',
    );
    // after the publicity period
    p.clock.advanceMinutes(
      Math.ceil((Date.parse(`${pub.body.publicityUntil}T00:00:00Z`) - p.clock.now().getTime()) / 60_000) + 24 * 60 + 1,
    );
    cookies.clear(); // the sessions ran out meanwhile
    expect((await as('school-admin', 'POST', `/api/plans/${planId}/finalize`)).body.error.code).toBe('OBJECTIONS_OPEN');
    await as('school-admin', 'POST', `/api/objections/${objection.body.id}/resolve`, {
      upheld: false,
      resolution: '复核答卷，成绩无误',
    });
    expect(
      (await as('school-admin', 'POST', `/api/registrations/${first.id}/objections`, { text: '再次异议' })).body.error
        .message,
    ).toContain('公示期内');
    const fin = await as('school-admin', 'POST', `/api/plans/${planId}/finalize`);
    expect(fin.body).toEqual({ passed: 11, failed: 1 });
    // issuing runs as a job (202): its answer once it has ended
    const issue = async () => {
      const cookie = cookies.get('school-admin')!;
      const r = await p.app.inject({ method: 'POST', url: `/api/plans/${planId}/issue`, headers: { cookie } });
      expect(r.statusCode).toBe(202);
      expect(JSON.parse(r.body)).toMatchObject({ kind: 'certificate_issue', status: 'running', done: 0 });
      return jobAnswer(p.app, cookie, r);
    };
    const issued = await issue();
    expect(issued.status).toBe(200);
    expect(issued.body.issued).toBe(11);
    expect(issued.job).toMatchObject({ status: 'succeeded', done: 11, total: 11 });
    expect(issued.body.numbers.every((n: string) => CERTIFICATE_NUMBER_RE.test(n))).toBe(true);
    // a second run finds nobody left: it issues none
    expect((await issue()).body.issued).toBe(0);
    const after = (await as('school-admin', 'GET', `/api/plans/${planId}`)).body;
    expect(after.registrations.filter((r: any) => r.certificateId).length).toBe(11);
    expect(after.registrations.find((r: any) => r.name === '考生1')).toMatchObject({
      result: 'failed',
      certificateId: null,
    });
  });

  it('the province edits a standard; the pass mark and parts are validated', async () => {
    const cur = (await as('province-admin', 'GET', `/api/standards?occupationId=${occ}`)).body;
    expect(cur.map((s: any) => s.level)).toEqual([5, 4, 3, 2, 1]);
    expect(cur.find((s: any) => s.level === 2).parts).toEqual(['theory', 'practical', 'panel']);
    const body = {
      edition: '2022',
      parts: ['theory', 'practical'],
      passMark: 60,
      minutes: { theory: 90, practical: 120, panel: 30 },
      staffing: { invigilatorRatio: 15, minInvigilators: 2, examinerRatio: 5, minExaminers: 3, minPanel: 3 },
      eligibility: cur.find((s: any) => s.level === 2).eligibility,
    };
    expect((await as('province-admin', 'PUT', `/api/standards/${occ}/2`, body)).body.error).toMatchObject({
      rule: 'CERT-2',
    });
    expect(
      (
        await as('province-admin', 'PUT', `/api/standards/${occ}/4`, {
          ...body,
          staffing: { ...body.staffing, minExaminers: 4 },
        })
      ).body.error.message,
    ).toContain('奇数');
    const r = await as('province-admin', 'PUT', `/api/standards/${occ}/4`, {
      ...body,
      passMark: 70,
      eligibility: [{ label: '年满18周岁', all: [{ type: 'age_min', years: 18 }] }],
    });
    expect(r.body).toMatchObject({ passMark: 70, eligibility: [{ label: '年满18周岁' }] });
    expect(
      (
        await as('province-admin', 'PUT', `/api/standards/${occ}/4`, {
          ...body,
          eligibility: [{ label: '怪条件', all: [{ type: 'moon_phase' }] }],
        })
      ).status,
    ).toBe(400);
  });

  it('CERT-11: eligibility decisions are a ledger — the automatic one and every manual one stay visible', async () => {
    const plan = (await as('school-admin', 'GET', `/api/plans/${planId}`)).body;
    const refused = plan.registrations.find((r: any) => r.decision === 'manual');
    expect(refused.decisions.map((d: any) => [d.status, d.decision])).toEqual([
      ['pending', 'auto'],
      ['ineligible', 'manual'],
    ]);
    expect(refused.decisions[1]).toMatchObject({ reason: '从业年限不足5年，且不在毕业学年', by: '陈静' });
  });

  it('a learner sees their own applications (scores only once published) and puts a photo on the certificate', async () => {
    const p4 = (
      await as('school-admin', 'POST', '/api/plans', {
        occupationId: occ,
        level: 5,
        year: 2026,
        title: '电工五级（学员视图）',
      })
    ).body.id;
    await as('school-admin', 'POST', `/api/plans/${p4}/publish`);
    const reg = await as('school-admin', 'POST', `/api/plans/${p4}/registrations`, {
      name: '刘洋',
      idNumber: id18('41010520050612002'),
    });
    expect(reg.status).toBe(201);
    const mine = (await as('learner', 'GET', '/api/me/registrations')).body;
    expect(mine).toEqual([
      expect.objectContaining({
        planId: p4,
        institutionName: '郑州智能制造职业学院',
        status: 'eligible',
        scores: null,
        result: null,
      }),
    ]);
    // a photo: PNG accepted, text refused, and the certificate PDF then carries two images (photo + QR)
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6360000000020001e221bc330000000049454e44ae426082',
      'hex',
    );
    const send = async (content: Buffer) => {
      const form = multipart({}, [{ name: 'me.png', content, type: 'image/png' }]);
      const r = await p.app.inject({
        method: 'POST',
        url: '/api/me/photo',
        headers: { cookie: cookies.get('learner')!, 'content-type': form.contentType },
        payload: form.payload,
      });
      return { status: r.statusCode, body: JSON.parse(r.body) };
    };
    expect((await send(Buffer.from('not an image'))).body.error.code).toBe('EVIDENCE_TYPE_REFUSED');
    expect((await send(png)).status).toBe(200);
    const certs = (await as('learner', 'GET', '/api/certificates')).body.items;
    const pdf = await as('learner', 'GET', `/api/certificates/${certs[0].id}/pdf`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'photo-'));
    fs.writeFileSync(path.join(dir, 'c.pdf'), pdf.body as Buffer);
    const images = execFileSync('pdfimages', ['-list', path.join(dir, 'c.pdf')])
      .toString()
      .trim()
      .split('\n')
      .slice(2);
    expect(images.length).toBeGreaterThanOrEqual(2);
  });

  describe('INST-3: examiners qualified in the session’s occupation', () => {
    let school: number;
    let lathe: number;
    const now = () => p.clock.now().toISOString();
    /** A published plan of the school with one eligible candidate, written directly (the session is under test). */
    const planWithCandidate = async (occupationId: number, level: number, k: number) => {
      const admin = (
        await p.deps.db
          .selectFrom('users')
          .select('id')
          .where('username', '=', 'school-admin')
          .executeTakeFirstOrThrow()
      ).id;
      const plan = await p.deps.db
        .insertInto('evaluation_plans')
        .values({
          institution_id: school,
          occupation_id: occupationId,
          level,
          year: 2026,
          title: `INST-3 ${level} 级 ${k}`,
          fee: 0,
          status: 'published',
          notice: null,
          published_at: now(),
          results_published_at: null,
          publicity_until: null,
          finalized_at: null,
          created_by: admin,
          created_at: now(),
          updated_at: now(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const learner = await p.deps.db
        .insertInto('learners')
        .values(
          newPersonRow(
            personalData(p.deps.config),
            { name: `车工考生${k}`, id_type: 'resident_id', id_number: id18(`41010219800101${String(700 + k)}`) },
            now(),
          ),
        )
        .returning('id')
        .executeTakeFirstOrThrow();
      const reg = await p.deps.db
        .insertInto('registrations')
        .values({
          plan_id: plan.id,
          learner_id: learner.id,
          status: 'eligible',
          eligibility_json: null,
          years_in_occupation: 20,
          working_in_occupation: 1,
          title: null,
          title_since: null,
          outstanding_graduate: 0,
          decision: 'manual',
          decision_reason: 'INST-3 test',
          decided_by: admin,
          decided_at: now(),
          fee: 0,
          result: null,
          certificate_id: null,
          created_at: now(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { planId: plan.id, regId: reg.id };
    };
    const examinersOf = async (occupationId: number) =>
      (
        await p.deps.db
          .selectFrom('staff as s')
          .innerJoin('staff_occupations as so', 'so.staff_id', 's.id')
          .select(['s.id', 's.name', 's.kind'])
          .where('s.institution_id', '=', school)
          .where('so.occupation_id', '=', occupationId)
          .where('s.kind', 'in', ['examiner', 'senior_examiner'])
          .orderBy('s.id')
          .execute()
      ).slice(0, 3);
    const practical = (planId: number, regId: number, staffIds: number[]) =>
      as('school-admin', 'POST', `/api/plans/${planId}/sessions`, {
        part: 'practical',
        startsAt: '2026-12-20T09:00',
        site: '实训楼',
        rooms: [{ room: '车工实训室', registrationIds: [regId], staffIds }],
      });
    const written = async (planId: number) => ({
      sessions: (
        await p.deps.db
          .selectFrom('exam_sessions')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('plan_id', '=', planId)
          .executeTakeFirstOrThrow()
      ).n,
      assignments: (
        await p.deps.db
          .selectFrom('staff_assignments')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    });

    beforeAll(async () => {
      school = (
        await p.deps.db
          .selectFrom('institutions')
          .select('id')
          .where('name', '=', '郑州智能制造职业学院')
          .executeTakeFirstOrThrow()
      ).id;
      lathe = (
        await p.deps.db
          .selectFrom('occupations')
          .select('id')
          .where('code', '=', '6-18-01-01')
          .executeTakeFirstOrThrow()
      ).id; // 车工
    });

    it('INST-3: a 车工 practical session with three 电工 examiners is refused and nothing is written; 车工 examiners are accepted', async () => {
      const { planId, regId } = await planWithCandidate(lathe, 4, 1);
      const electricians = await examinersOf(occ);
      expect(electricians).toHaveLength(3);
      const before = await written(planId);
      const r = await practical(
        planId,
        regId,
        electricians.map((s) => s.id),
      );
      expect(r.status).toBe(422);
      expect(r.body.error).toMatchObject({ code: 'EXAMINER_NOT_QUALIFIED', rule: 'INST-3' });
      expect(r.body.error.message).toContain(electricians[0].name);
      expect(r.body.error.message).toContain('车工');
      expect(r.body.error.details).toHaveLength(3);
      expect(r.body.error.details[0]).toMatchObject({ field: '/rooms/0/staffIds' });
      expect(r.body.error.details[0].message).toContain('车工实训室');
      expect(Number((await written(planId)).sessions)).toBe(0);
      expect(Number((await written(planId)).assignments)).toBe(Number(before.assignments));
      // the same session with examiners qualified in 车工 is accepted
      const turners = await examinersOf(lathe);
      expect(turners).toHaveLength(3);
      expect(
        (
          await practical(
            planId,
            regId,
            turners.map((s) => s.id),
          )
        ).status,
      ).toBe(201);
      expect(Number((await written(planId)).sessions)).toBe(1);
    });

    it('INST-3: a 二级 plan’s practical session without senior examiners (高级考评员) is refused', async () => {
      const { planId, regId } = await planWithCandidate(lathe, 2, 3);
      const turners = await examinersOf(lathe);
      const juniors = turners.filter((s) => s.kind === 'examiner');
      expect(juniors.length).toBeGreaterThan(0);
      const r = await practical(
        planId,
        regId,
        turners.map((s) => s.id),
      );
      expect(r.status).toBe(422);
      expect(r.body.error).toMatchObject({ code: 'EXAMINER_NOT_QUALIFIED', rule: 'INST-3' });
      expect(r.body.error.message).toContain(juniors[0].name);
      expect(r.body.error.message).toContain('高级考评员');
      expect(r.body.error.message).toContain('二级');
      expect(Number((await written(planId)).sessions)).toBe(0);
    });
  });
});
