/**
 * CERT-3 direct recognition through the API, from the Henan plan (2): 院校对取得1+X证书的学生可直接认定
 * 相应职业（工种）的职业技能等级，取得1+X高级、中级证书的认定高级工，取得1+X初级证书的认定中级工.
 * The school recognises its own students, from a 1+X holding it recorded with the certificate's
 * number, level, issuing organisation and a scan, in the occupation the certificate maps to, once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestPlatform,
  graduatingClassNow,
  loginAs,
  makeUser,
  TEST_DB,
  type TestPlatform,
  multipart,
} from '../../../test/harness.js';
import { residentIdCheckChar } from '../../lib/identity.js';
import { demoPdf } from '../../seed/demo.js';
import { newPersonRow } from '../people/id-numbers.service.js';
import { personalData } from '../../lib/personal-data.js';
import { parseCertificateNumber } from '../certificates/certificate-number.js';
import { reviewRecognitionCertificates } from './issued-review.js';

const id18 = (first17: string) => first17 + residentIdCheckChar(first17);

describe(`CERT-3 direct recognition (${TEST_DB})`, () => {
  let p: TestPlatform;
  const cookies = new Map<string, string>();
  const cookie = async (user: string) => {
    if (!cookies.has(user)) cookies.set(user, await loginAs(p.app, user));
    return cookies.get(user)!;
  };
  const as = async (user: string, method: 'GET' | 'POST', url: string, payload?: object) => {
    const r = await p.app.inject({
      method,
      url,
      headers: { cookie: await cookie(user) },
      ...(payload ? { payload } : {}),
    });
    return {
      status: r.statusCode,
      body: r.headers['content-type']?.toString().includes('json') ? JSON.parse(r.body) : r.body,
      raw: r.rawPayload,
    };
  };
  /** Records a holding as the school's form sends it: text fields, then the certificate's scan. */
  const record = async (
    user: string,
    fields: Record<string, string | number | boolean>,
    file: { name: string; content: Buffer } | null = { name: 'x.pdf', content: demoPdf('1+X certificate') },
  ) => {
    const form = multipart(fields, file ? [file] : []);
    const r = await p.app.inject({
      method: 'POST',
      url: '/api/pathways/one-plus-x/holdings',
      headers: { cookie: await cookie(user), 'content-type': form.contentType },
      payload: form.payload,
    });
    return { status: r.statusCode, body: JSON.parse(r.body) };
  };
  const instId = async (name: string) =>
    (await p.deps.db.selectFrom('institutions').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  const occ = async (code: string) =>
    (await p.deps.db.selectFrom('occupations').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
  const oneX = (name: string) =>
    p.deps.db
      .selectFrom('one_plus_x_certificates')
      .select(['id', 'organisation', 'mapped_occupation_id'])
      .where('name', '=', name)
      .executeTakeFirstOrThrow();
  let school: number;
  let weld: number;
  let weldX: { id: number; organisation: string };
  /** A person put on a roster directly (as the school's own pathways or its roster would have). */
  const onRoster = async (
    name: string,
    first17: string,
    f: { school: number | null; studentType?: string | null; inSchool: boolean; graduationYear: number | null },
  ) =>
    (
      await p.deps.db
        .insertInto('learners')
        .values(
          newPersonRow(
            personalData(p.deps.config),
            {
              name,
              id_type: 'resident_id',
              id_number: id18(first17),
              birth_date: `${first17.slice(6, 10)}-${first17.slice(10, 12)}-${first17.slice(12, 14)}`,
              school_institution_id: f.school,
              student_type: f.studentType === undefined ? 'junior_college' : f.studentType,
              in_school: f.inSchool ? 1 : 0,
              graduation_year: f.graduationYear,
            },
            new Date().toISOString(),
          ),
        )
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const student = (name: string, first17: string) => ({
    name,
    idNumber: id18(first17),
    studentType: 'junior_college',
    graduationYear: graduatingClassNow(p) + 1,
    inSchool: true,
  });
  const holding = (n: string, certificateId: number, xLevel = 'intermediate') => ({
    certificateId,
    xLevel,
    number: `X-TEST-${n}`,
    issuedOn: '2025-06-01',
  });

  beforeAll(async () => {
    p = await createTestPlatform();
    school = await instId('郑州智能制造职业学院');
    weld = await occ('6-18-02-04');
    weldX = await oneX('特殊焊接技术');
    expect((await oneX('特殊焊接技术')).mapped_occupation_id).toBe(weld);
    await makeUser(p.deps, {
      username: 'rec-yutong',
      role: 'institution_admin',
      institutionId: await instId('郑州宇通客车股份有限公司'),
    });
  });
  afterAll(async () => p?.close());

  it('CERT-3: a 1+X 中级 held by the school’s own student, recorded with its number, level, organisation and scan, is recognised in the mapped occupation as 三级; 初级 as 四级; each holding once; the 1+X stays counted apart (CERT-8)', async () => {
    const h = await record('school-admin', { ...student('认定甲', '41010520050101501'), ...holding('0001', weldX.id) });
    expect(h.status, JSON.stringify(h.body)).toBe(201);
    expect(h.body).toMatchObject({
      certificate: '特殊焊接技术',
      organisation: weldX.organisation,
      xLevel: 'intermediate',
      number: 'X-TEST-0001',
      mappedOccupationId: weld,
      recognitionLevel: 3,
      evidence: { mime: 'application/pdf', fileName: 'x.pdf' },
      recognisedAt: null,
    });
    const scan = await as('school-admin', 'GET', `/api/pathways/one-plus-x/holdings/${h.body.id}/evidence`);
    expect(scan.status).toBe(200);
    expect(scan.raw.subarray(0, 5).toString()).toBe('%PDF-');
    const r = await as('school-admin', 'POST', '/api/pathways/recognition', {
      holdingId: h.body.id,
      occupationId: weld,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.level).toBe(3);
    expect(parseCertificateNumber(r.body.number)!.level).toBe(3);
    // a holding is used once
    const again = await as('school-admin', 'POST', '/api/pathways/recognition', {
      holdingId: h.body.id,
      occupationId: weld,
    });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'HOLDING_ALREADY_RECOGNISED', rule: 'CERT-8' });
    const listed = (await as('school-admin', 'GET', '/api/pathways/one-plus-x/holdings')).body;
    expect(listed.find((x: any) => x.id === h.body.id).recognisedAt).toEqual(expect.any(String));
    // 初级 → 四级
    const junior = await record('school-admin', {
      ...student('认定乙', '41010520050101502'),
      ...holding('0002', weldX.id, 'junior'),
    });
    expect(junior.body.recognitionLevel).toBe(4);
    const four = await as('school-admin', 'POST', '/api/pathways/recognition', {
      holdingId: junior.body.id,
      occupationId: weld,
    });
    expect(four.status, JSON.stringify(four.body)).toBe(201);
    expect(four.body.level).toBe(4);
    // the record keeps what the decision rested on
    const rec = (await as('school-admin', 'GET', '/api/pathways')).body.find((x: any) => x.id === r.body.recordId);
    expect(rec.evidence).toMatchObject({
      holdingId: h.body.id,
      oneplusx: '特殊焊接技术',
      organisation: weldX.organisation,
      xLevel: 'intermediate',
      number: 'X-TEST-0001',
      evidenceSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    // the skill certificates and the 1+X holdings are separate records, counted apart
    const skill = await p.deps.db
      .selectFrom('certificates')
      .select('source_id')
      .where('source_type', '=', 'one_plus_x_holding')
      .execute();
    expect(skill.map((s) => s.source_id).sort()).toEqual([h.body.id, junior.body.id].sort());
  });

  it('CERT-3: recognition takes only a recorded holding — a free-text number with no scan is refused, as is a record without its organisation and evidence', async () => {
    // the old free-text import: a JSON body, no scan
    const json = await as('school-admin', 'POST', '/api/pathways/one-plus-x/holdings', {
      ...student('自由文本', '41010520050101511'),
      ...holding('0011', weldX.id),
    });
    expect(json.status).toBe(415);
    // a multipart request without the scan, or with a file that is not a PDF/PNG/JPEG
    const noScan = await record(
      'school-admin',
      { ...student('无扫描件', '41010520050101512'), ...holding('0012', weldX.id) },
      null,
    );
    expect(noScan.body.error.code).toBe('VALIDATION_FAILED');
    const text = await record(
      'school-admin',
      { ...student('文本文件', '41010520050101513'), ...holding('0013', weldX.id) },
      { name: 'x.txt', content: Buffer.from('1+X 证书 高级') },
    );
    expect(text.body.error.code).toBe('EVIDENCE_TYPE_REFUSED');
    // recognition names a recorded holding, nothing else
    const freeText = await as('school-admin', 'POST', '/api/pathways/recognition', {
      holdingId: 1,
      occupationId: weld,
      number: 'X-FREE-TEXT',
      xLevel: 'senior',
    });
    expect(freeText.body.error.code).toBe('UNKNOWN_FIELD');
    // a holding imported before this was kept (no organisation, no scan) is not enough
    const learner = await onRoster('旧导入', '41010520050101514', {
      school,
      inSchool: true,
      graduationYear: graduatingClassNow(p),
    });
    const old = (
      await p.deps.db
        .insertInto('one_plus_x_holdings')
        .values({
          learner_id: learner,
          certificate_id: weldX.id,
          level: 'senior',
          number: 'X-OLD-0001',
          issued_on: '2025-06-01',
          imported_by_institution: school,
          created_at: new Date().toISOString(),
          organisation: null,
          evidence_sha256: null,
          evidence_file_name: null,
          evidence_mime: null,
          evidence_size: null,
          recorded_by: null,
          recognised_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const r = await as('school-admin', 'POST', '/api/pathways/recognition', { holdingId: old, occupationId: weld });
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({ code: 'HOLDING_EVIDENCE_MISSING', rule: 'CERT-3' });
    const none = await p.deps.db
      .selectFrom('one_plus_x_holdings')
      .select('id')
      .where('number', 'in', ['X-TEST-0011', 'X-TEST-0012', 'X-TEST-0013'])
      .execute();
    expect(none).toEqual([]);
  });

  it('CERT-3: direct recognition is for the school’s own students — a non-student, another school’s student and a former graduate are refused; a student graduating this school year is not', async () => {
    const issued = async () =>
      (await p.deps.db.selectFrom('certificates').select('id').where('pathway', '=', 'recognition').execute()).length;
    const before = await issued();
    // a person with no student data (the deviation: a non-student recognised as 三级)
    const worker = await record('school-admin', {
      name: '社会人员',
      idNumber: id18('41010519800101521'),
      ...holding('0021', weldX.id, 'senior'),
    });
    expect(worker.status).toBe(409);
    expect(worker.body.error).toMatchObject({ code: 'NOT_A_SCHOOL_STUDENT', rule: 'CERT-3' });
    // nothing of the refused request is kept, not even the person
    expect(
      await p.deps.db
        .selectFrom('learners')
        .select('id')
        .where('id_number_hash', '=', personalData(p.deps.config).idNumberHash(id18('41010519800101521')))
        .executeTakeFirst(),
    ).toBeUndefined();
    // another school's student, named with student data: the roster of record decides
    const other = await instId('郑州城市建设职业技术学院');
    await onRoster('外校生', '41010520050101522', {
      school: other,
      inSchool: true,
      graduationYear: graduatingClassNow(p),
    });
    const foreign = await record('school-admin', {
      ...student('外校生', '41010520050101522'),
      ...holding('0022', weldX.id),
    });
    expect(foreign.body.error).toMatchObject({ code: 'NOT_A_SCHOOL_STUDENT', rule: 'CERT-3' });
    // a former graduate of the school (left before the class now in its graduating year)
    await onRoster('往届生', '41010520000101523', {
      school,
      inSchool: false,
      graduationYear: graduatingClassNow(p) - 2,
    });
    const former = await record('school-admin', {
      ...student('往届生', '41010520000101523'),
      ...holding('0023', weldX.id),
    });
    expect(former.body.error).toMatchObject({ code: 'NOT_A_SCHOOL_STUDENT', rule: 'CERT-3' });
    // a student who graduates at the end of this school year and has already left (毕业学年) still counts
    await onRoster('应届生', '41010520040101524', { school, inSchool: false, graduationYear: graduatingClassNow(p) });
    const graduating = await record('school-admin', {
      ...student('应届生', '41010520040101524'),
      ...holding('0024', weldX.id),
    });
    expect(graduating.status, JSON.stringify(graduating.body)).toBe(201);
    // a student who has left the school by the time of recognition is refused then
    const leaving = await record('school-admin', {
      ...student('退学生', '41010520050101525'),
      ...holding('0025', weldX.id),
    });
    expect(leaving.status).toBe(201);
    await p.deps.db
      .updateTable('learners')
      .set({ in_school: 0, graduation_year: graduatingClassNow(p) - 1 })
      .where('id', '=', leaving.body.learnerId)
      .execute();
    const late = await as('school-admin', 'POST', '/api/pathways/recognition', {
      holdingId: leaving.body.id,
      occupationId: weld,
    });
    expect(late.body.error).toMatchObject({ code: 'NOT_A_SCHOOL_STUDENT', rule: 'CERT-3' });
    expect(await issued()).toBe(before);
  });

  it('CERT-3: the occupation recognised is the one the 1+X certificate maps to; an unmapped certificate cannot be recognised', async () => {
    const h = await record('school-admin', { ...student('对应丙', '41010520050101531'), ...holding('0031', weldX.id) });
    const elec = await occ('6-31-01-03');
    const wrong = await as('school-admin', 'POST', '/api/pathways/recognition', {
      holdingId: h.body.id,
      occupationId: elec,
    });
    expect(wrong.status).toBe(409);
    expect(wrong.body.error).toMatchObject({ code: 'NOT_MAPPED', rule: 'CERT-3' });
    expect(wrong.body.error.message).toContain('焊工');
    const fin = await oneX('智能财税');
    expect(fin.mapped_occupation_id).toBeNull();
    const u = await record('school-admin', {
      ...student('财税丁', '41010520050101532'),
      ...holding('0032', fin.id, 'senior'),
    });
    expect(u.status).toBe(201);
    const r = await as('school-admin', 'POST', '/api/pathways/recognition', {
      holdingId: u.body.id,
      occupationId: weld,
    });
    expect(r.body.error).toMatchObject({ code: 'NOT_MAPPED', rule: 'CERT-3' });
    // the wrong-occupation attempt left the holding unused
    const ok = await as('school-admin', 'POST', '/api/pathways/recognition', {
      holdingId: h.body.id,
      occupationId: weld,
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
  });

  it('CERT-3: the review of issued certificates names a recognition resting on a 1+X record without its organisation and scan, or of a person not the school’s student', async () => {
    const h = await record('school-admin', { ...student('复核戊', '41010520050101551'), ...holding('0051', weldX.id) });
    const r = await as('school-admin', 'POST', '/api/pathways/recognition', {
      holdingId: h.body.id,
      occupationId: weld,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const named = async () =>
      (await reviewRecognitionCertificates(p.deps.db)).filter((f) => f.certificateId === r.body.certificateId);
    expect(await named()).toEqual([]);
    // as a recognition made by the earlier code was left: a free-text 1+X record, a non-student
    await p.deps.db
      .updateTable('one_plus_x_holdings')
      .set({ organisation: null, evidence_sha256: null })
      .where('id', '=', h.body.id)
      .execute();
    await p.deps.db
      .updateTable('learners')
      .set({ student_type: null, school_institution_id: null, in_school: 0 })
      .where('id', '=', h.body.learnerId)
      .execute();
    const found = await named();
    expect(found).toEqual([expect.objectContaining({ rule: 'CERT-3' })]);
    expect(found[0].reason).toContain('发证组织和证书扫描件');
    expect(found[0].reason).toContain('不是认定院校的学生');
  });

  it('CERT-3: only a school recognises its students’ 1+X certificates; another institution neither records nor sees its holdings', async () => {
    const ent = await record('rec-yutong', {
      ...student('企业认定', '41010520050101541'),
      ...holding('0041', weldX.id),
    });
    expect(ent.status).toBe(409);
    expect(ent.body.error).toMatchObject({ code: 'PATHWAY_NOT_APPLICABLE', rule: 'CERT-3' });
    const mine = (await as('school-admin', 'GET', '/api/pathways/one-plus-x/holdings')).body;
    expect(mine.length).toBeGreaterThan(0);
    expect((await as('rec-yutong', 'GET', '/api/pathways/one-plus-x/holdings')).body).toEqual([]);
    const scan = await as('rec-yutong', 'GET', `/api/pathways/one-plus-x/holdings/${mine[0].id}/evidence`);
    expect(scan.status).toBe(404);
  });
});
