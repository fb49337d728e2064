/**
 * Issue 11, item 3: personal data protected at rest and inside. ID numbers given to the API are
 * stored sealed (AES-256-GCM) and found by a keyed hash; nothing in the database file, the server's
 * log or any answer but an explicit, reasoned, audited reveal carries a full number; institution
 * administrators see masked numbers in the certificate list (the 50 of 50), certificate
 * detail, plan detail and coverage; an export with full numbers states its purpose.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ID_REVEALS_PER_HOUR } from '../../contract/limits.js';
import { buildApp } from '../src/app.js';
import { checkResidentId, residentIdCheckChar } from '../src/lib/identity.js';
import { personalData } from '../src/lib/personal-data.js';
import { DEMO_CERTIFICATE, DEMO_LEARNER } from '../src/seed/demo.js';
import {
  createTestPlatform,
  databaseText,
  graduatingClassNow,
  loginAs,
  TEST_DB,
  type TestPlatform,
} from './harness.js';

const id18 = (first17: string) => first17 + residentIdCheckChar(first17);
/** Eighteen characters that read as a resident ID number, standing alone (certificate numbers are 22). */
const ID_LIKE = /(?<![0-9A-Za-z])[1-9]\d{16}[\dXx](?![0-9A-Za-z])/g;
/** Every valid resident ID number (GB 11643: province, date, check character) in a text. */
const validIdsIn = (text: string) =>
  [...new Set(text.match(ID_LIKE) ?? [])].filter((s) => checkResidentId(s.toUpperCase(), new Date()).ok);
const MASKED = /^\d{3}\*{11}[\dX]{4}$/;

describe(`issue 11 #3: personal data protected at rest and inside (${TEST_DB})`, () => {
  let p: TestPlatform;
  let app: FastifyInstance;
  const logLines: string[] = [];
  /** the body of every answer this test got, but those of explicit reveals */
  const answers: string[] = [];
  const cookies = new Map<string, string>();
  /** the numbers this test gave the API */
  const given = {
    candidates: [id18('41010520050301771'), id18('41010520050301782'), id18('41010219900301793')],
    processed: id18('41010520040301804'),
    staff: id18('41010219700301815'),
  };
  const allGiven = () => [...given.candidates, given.processed, given.staff];

  const as = async (
    user: string,
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: object,
    /** false for an answer that carries full numbers by design (an export with its purpose) */
    record = true,
  ) => {
    if (!cookies.has(user)) cookies.set(user, await loginAs(app, user));
    const r = await app.inject({
      method,
      url,
      headers: { cookie: cookies.get(user)! },
      ...(payload ? { payload } : {}),
    });
    const type = String(r.headers['content-type'] ?? '');
    if (record && !url.endsWith('/reveal-id')) {
      if (type.includes('spreadsheetml')) answers.push(await workbookText(r.rawPayload));
      else if (!type.includes('pdf')) answers.push(r.body);
    }
    return { status: r.statusCode, body: type.includes('json') ? JSON.parse(r.body) : null, raw: r.rawPayload };
  };
  const occ = async (code: string) =>
    (await p.deps.db.selectFrom('occupations').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;

  let planId: number;
  let registrationIds: number[];
  let certificateId: number;
  let processedLearnerId: number;
  let staffId: number;

  beforeAll(async () => {
    p = await createTestPlatform();
    const stream = new Writable({
      write(chunk, _enc, cb) {
        logLines.push(String(chunk));
        cb();
      },
    });
    // the app under test logs at debug level into the test, so every line it writes is looked at
    app = await buildApp({ ...p.deps, config: { ...p.deps.config, logLevel: 'debug' } }, { logStream: stream });
    await app.ready();

    // people given to the API: candidates of a plan, a certificate on a pathway, a staff member
    const elec = await occ('6-31-01-03');
    const plan = await as('school-admin', 'POST', '/api/plans', {
      occupationId: elec,
      level: 4,
      year: 2026,
      title: '个人信息保护测试计划',
    });
    expect(plan.status, JSON.stringify(plan.body)).toBe(201);
    planId = plan.body.id;
    expect((await as('school-admin', 'POST', `/api/plans/${planId}/publish`)).status).toBe(200);
    registrationIds = [];
    for (const [i, idNumber] of given.candidates.entries()) {
      const r = await as('school-admin', 'POST', `/api/plans/${planId}/registrations`, {
        name: `保护考生${i}`,
        idNumber,
        studentType: 'junior_college',
        inSchool: true,
        yearsInOccupation: 6,
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      registrationIds.push(r.body.id);
    }
    const processed = await as('school-admin', 'POST', '/api/pathways/process', {
      occupationId: elec,
      courses: [
        { name: '电工基础', score: 82, passed: true },
        { name: '电气控制', score: 75, passed: true },
      ],
      skillAssessment: { score: 80, passed: true },
      name: '过程保护',
      idNumber: given.processed,
      studentType: 'junior_college',
      graduationYear: graduatingClassNow(p),
      inSchool: true,
    });
    expect(processed.status, JSON.stringify(processed.body)).toBe(201);
    certificateId = processed.body.certificateId;
    processedLearnerId = (
      await p.deps.db
        .selectFrom('certificates')
        .select('learner_id')
        .where('id', '=', certificateId)
        .executeTakeFirstOrThrow()
    ).learner_id;
    const staff = await as('school-admin', 'POST', '/api/staff', {
      kind: 'examiner',
      name: '保护考评员',
      idNumber: given.staff,
      occupationIds: [elec],
    });
    expect(staff.status, JSON.stringify(staff.body)).toBe(201);
    staffId = staff.body.id;
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await p?.close();
  });

  it('an institution administrator sees masked numbers by default: certificate list (50 of 50) and detail, plan detail, coverage, staff', async () => {
    const list = await as('school-admin', 'GET', '/api/certificates?pageSize=50');
    expect(list.body.items).toHaveLength(50);
    expect(list.body.items.filter((c: { holderIdNumber: string }) => MASKED.test(c.holderIdNumber))).toHaveLength(50);
    const detail = await as('school-admin', 'GET', `/api/certificates/${certificateId}`);
    expect(detail.body.holderIdNumber).toBe(given.processed.slice(0, 3) + '*'.repeat(11) + given.processed.slice(-4));
    const plan = await as('school-admin', 'GET', `/api/plans/${planId}`);
    expect(plan.body.registrations.map((r: { idNumber: string }) => r.idNumber)).toEqual(
      given.candidates.map((n) => n.slice(0, 3) + '*'.repeat(11) + n.slice(-4)),
    );
    const year = new Date().getUTCFullYear() + 1;
    const coverage = await as('school-admin', 'GET', `/api/coverage?graduationYear=${year}`);
    expect(coverage.body.uncertified.length).toBeGreaterThan(0);
    expect(coverage.body.uncertified.every((u: { idNumber: string }) => MASKED.test(u.idNumber))).toBe(true);
    const staff = await as('school-admin', 'GET', `/api/staff/${staffId}`);
    expect(staff.body.idNumber).toMatch(MASKED);
    // the default export is masked too
    const xlsx = await as('school-admin', 'GET', `/api/coverage/export?graduationYear=${year}`);
    expect(xlsx.status).toBe(200);
    const text = await workbookText(xlsx.raw);
    expect(text).toMatch(/\d{3}\*{11}[\dX]{4}/);
    expect(validIdsIn(text)).toEqual([]);
  });

  it('a whole number still finds: the same person again (find-or-create), a staff search, and public verification by ID number + name with its seal intact', async () => {
    const again = await as('school-admin', 'POST', '/api/pathways/process', {
      occupationId: await occ('6-31-01-03'),
      courses: [{ name: '电工基础', score: 90, passed: true }],
      skillAssessment: { score: 90, passed: true },
      name: '过程保护',
      idNumber: given.processed,
      studentType: 'junior_college',
      graduationYear: graduatingClassNow(p),
      inSchool: true,
    });
    // the same person, found by the keyed hash: already certified in this occupation and level (CERT-8)
    expect(again.body.error).toMatchObject({ code: 'CERTIFICATE_DUPLICATE' });
    const second = await as('school-admin', 'POST', '/api/plans', {
      occupationId: await occ('6-31-01-03'),
      level: 4,
      year: 2026,
      title: '个人信息保护测试计划二',
    });
    await as('school-admin', 'POST', `/api/plans/${second.body.id}/publish`);
    const reg = await as('school-admin', 'POST', `/api/plans/${second.body.id}/registrations`, {
      name: '保护考生0',
      idNumber: given.candidates[0].toLowerCase(), // as typed, with any case: the same number
      studentType: 'junior_college',
      inSchool: true,
      yearsInOccupation: 6,
    });
    expect(reg.status, JSON.stringify(reg.body)).toBe(201);
    const first = await as('school-admin', 'GET', `/api/plans/${planId}`);
    expect(reg.body.learnerId).toBe(first.body.registrations[0].learnerId);
    const other = await as('school-admin', 'POST', `/api/plans/${second.body.id}/registrations`, {
      name: '冒名者',
      idNumber: given.candidates[1],
      studentType: 'junior_college',
      inSchool: true,
      yearsInOccupation: 6,
    });
    expect(other.body.error).toMatchObject({ code: 'IDENTITY_NAME_MISMATCH' });
    expect(other.body.error.message).toContain(given.candidates[1].slice(-4));

    const found = await as('city-admin', 'GET', `/api/staff?q=${given.staff}`);
    expect(found.body.items.map((s: { id: number }) => s.id)).toEqual([staffId]);
    expect((await as('city-admin', 'GET', `/api/staff?q=${given.staff.slice(0, 10)}`)).body.items).toEqual([]);

    const verify = await app.inject({
      method: 'GET',
      url: `/api/public/verify?${new URLSearchParams({ idNumber: given.processed, name: '过程保护' })}`,
      remoteAddress: '203.0.113.7',
    });
    answers.push(verify.body);
    const v = JSON.parse(verify.body);
    expect(v.result).toBe('valid');
    expect(v.checks.find((c: { key: string }) => c.key === 'seal_intact')).toMatchObject({ passed: true });
    expect(v.certificate.holderIdNumber).toMatch(MASKED);
  });

  it('reveal: a reason and a role that may; audited with who, whose and why; another scope 404 (audited), a role without it 403', async () => {
    const url = `/api/certificates/${certificateId}/reveal-id`;
    expect((await as('school-admin', 'POST', url, {})).status).toBe(400);
    expect((await as('school-admin', 'POST', url, { reason: '看' })).status).toBe(400);
    expect((await as('school-admin', 'POST', url, { reason: '      核对 ' })).body.error.code).toBe(
      'VALIDATION_FAILED',
    );
    const ok = await as('school-admin', 'POST', url, { reason: '核对补贴申报身份' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ idType: 'resident_id', idNumber: given.processed });
    expect(ok.body.showSeconds).toBeGreaterThan(0);
    const audit = await p.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'person.reveal_id')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      actor_name: 'school-admin',
      object_type: 'learner',
      object_id: String(processedLearnerId),
      outcome: 'success',
    });
    expect(JSON.parse(audit.after_json!)).toEqual({
      via: 'certificate',
      recordId: certificateId,
      reason: '核对补贴申报身份',
    });
    expect(JSON.stringify(audit)).not.toContain(given.processed);

    // the city HRSS over the school: a candidate, the staff member, a graduate
    const candidate = await as('city-admin', 'POST', `/api/registrations/${registrationIds[2]}/reveal-id`, {
      reason: '核实投诉举报',
    });
    expect(candidate.body.idNumber).toBe(given.candidates[2]);
    const staff = await as('city-admin', 'POST', `/api/staff/${staffId}/reveal-id`, { reason: '核实考评员身份' });
    expect(staff.body.idNumber).toBe(given.staff);
    const graduate = await as('school-admin', 'POST', `/api/graduates/${processedLearnerId}/reveal-id`, {
      reason: '上报毕业生持证情况',
    });
    expect(graduate.body.idNumber).toBe(given.processed);

    // another city's HRSS, another institution: 404, and the attempt is in the audit trail
    for (const user of ['luoyang-admin', 'zhongzhi-admin']) {
      const r = await as(user, 'POST', url, { reason: '越权查看测试' });
      expect(r.status, user).toBe(404);
      expect(r.body).not.toHaveProperty('idNumber');
    }
    const denied = await p.deps.db
      .selectFrom('audit_log')
      .select(['actor_name', 'outcome'])
      .where('outcome', '=', 'denied')
      .where('object_type', '=', 'certificate')
      .where('object_id', '=', String(certificateId))
      .execute();
    expect(denied.map((d) => d.actor_name).sort()).toEqual(['luoyang-admin', 'zhongzhi-admin']);
    // roles that do not need full numbers: refused before anything is read
    for (const user of ['province-edu', 'learner']) {
      const r = await as(user, 'POST', url, { reason: '想看完整号码' });
      expect(r.status, user).toBe(403);
    }
  });

  it(`reveals are limited to ${ID_REVEALS_PER_HOUR} per account and hour`, async () => {
    const url = `/api/registrations/${registrationIds[0]}/reveal-id`;
    const done = Number(
      (
        await p.deps.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('action', '=', 'person.reveal_id')
          .where('actor_name', '=', 'school-admin')
          .executeTakeFirstOrThrow()
      ).n,
    );
    for (let i = done; i < ID_REVEALS_PER_HOUR; i++)
      expect((await as('school-admin', 'POST', url, { reason: '逐一核对名单' })).status).toBe(200);
    const over = await as('school-admin', 'POST', url, { reason: '逐一核对名单' });
    expect(over.status).toBe(429);
    expect(over.body.error.code).toBe('RATE_LIMITED');
    p.clock.advanceMinutes(61);
    cookies.clear(); // the sessions have gone idle meanwhile
    expect((await as('school-admin', 'POST', url, { reason: '逐一核对名单' })).status).toBe(200);
  });

  it('an export with full numbers states its purpose (audited first); a role that may not reveal gets none', async () => {
    const year = new Date().getUTCFullYear() + 1;
    const r = await as(
      'school-admin',
      'GET',
      `/api/coverage/export?graduationYear=${year}&purpose=${encodeURIComponent('报送教育厅毕业生持证统计')}`,
      undefined,
      false,
    );
    expect(r.status).toBe(200);
    const text = await workbookText(r.raw);
    expect(validIdsIn(text).length).toBeGreaterThan(0); // full numbers: this file is not one of the masked answers
    const audit = await p.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'person.export_ids')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.actor_name).toBe('school-admin');
    expect(JSON.parse(audit.after_json!)).toMatchObject({ purpose: '报送教育厅毕业生持证统计' });
    const edu = await as(
      'province-edu',
      'GET',
      `/api/coverage/export?graduationYear=${year}&purpose=${encodeURIComponent('想导出完整号码')}`,
    );
    expect(edu.status).toBe(403);
    expect((await as('school-admin', 'GET', `/api/coverage/export?graduationYear=${year}&purpose=ab`)).status).toBe(
      400,
    );
  });

  it('the certificate PDF is the holder’s document: the full number for the holder and the issuer, masked for an official', async () => {
    const holderId = id18(DEMO_LEARNER.idFirst17);
    const mine = await as('learner', 'GET', '/api/certificates');
    const own = mine.body.items.find((c: { number: string }) => c.number === DEMO_CERTIFICATE);
    expect(own.holderIdNumber).toMatch(MASKED); // the API masks it even for the holder
    const pdfText = async (user: string, id: number) => {
      const r = await as(user, 'GET', `/api/certificates/${id}/pdf`);
      expect(r.status).toBe(200);
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pd-pdf-')), 'c.pdf');
      fs.writeFileSync(file, r.raw);
      return execFileSync('pdftotext', ['-layout', file, '-']).toString();
    };
    expect(await pdfText('learner', own.id)).toContain(holderId);
    expect(await pdfText('school-admin', own.id)).toContain(holderId);
    const official = await pdfText('city-admin', own.id);
    expect(official).not.toContain(holderId);
    expect(official).toContain(holderId.slice(0, 3) + '*'.repeat(11) + holderId.slice(-4));
  });

  it('nothing stored, logged or answered (but the reveals) holds a full ID number: the database file, every log line, every answer', async () => {
    const known = allGiven();
    // the database as it is on disk (SQLite: the file and its WAL), or every row of every table (PostgreSQL)
    const stored = await databaseText(p.deps.database);
    for (const n of known) expect(stored.includes(n), `stored: ${n}`).toBe(false);
    expect(validIdsIn(stored), 'valid ID numbers stored in clear').toEqual([]);
    expect(stored).toMatch(/f1\.[A-Za-z0-9_-]+\./); // sealed values are there
    // the log
    const log = logLines.join('');
    expect(log.length).toBeGreaterThan(1000);
    for (const n of known) expect(log.includes(n), `log: ${n}`).toBe(false);
    expect(validIdsIn(log), 'valid ID numbers in the log').toEqual([]);
    // every answer but the explicit reveals
    const all = answers.join('\n');
    expect(answers.length).toBeGreaterThan(20);
    for (const n of known) expect(all.includes(n), `answer: ${n}`).toBe(false);
    expect(validIdsIn(all), 'valid ID numbers in answers').toEqual([]);
  });
});

/** Every cell of a workbook as text. */
async function workbookText(buf: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const out: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => out.push(String(c.value ?? '')))));
  return out.join('\n');
}
