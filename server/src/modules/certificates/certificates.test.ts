/**
 * Certificates: numbering and issuance (CERT-7, CERT-8, CERT-10 with INST-4/5), concurrent
 * issuance from parallel connections without a duplicate, the PDF document, revocation and
 * suspension (CERT-12), and who may see what.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import QRCode from 'qrcode';
import { createTestPlatform, json, loginAs, multipart, TEST_DB, type TestPlatform } from '../../../test/harness.js';
import type { Actor, Deps, RequestContext } from '../../lib/context.js';
import { residentIdCheckChar } from '../../lib/identity.js';
import { newPersonRow } from '../people/id-numbers.service.js';
import { personalData } from '../../lib/personal-data.js';
import { DEMO_CERTIFICATE, DEMO_LEARNER } from '../../seed/demo.js';
import { CERTIFICATE_NUMBER_RE, parseCertificateNumber } from './certificate-number.js';
import { issueCertificate } from './certificates.service.js';

describe(`certificates (${TEST_DB})`, () => {
  let p: TestPlatform;
  let school: number;
  let ctx: RequestContext;
  let scope: { occupation_id: number; level: number };
  let seq = 0;
  const newLearner = async (deps: Deps, f: { inSchool?: boolean } = {}) => {
    const first17 = `410105200${(seq % 9) + 1}0${(seq % 9) + 1}1${String(++seq).padStart(4, '0')}`.slice(0, 17);
    const now = new Date().toISOString();
    return (
      await deps.db
        .insertInto('learners')
        .values(
          newPersonRow(
            personalData(deps.config),
            {
              name: `考生${seq}`,
              id_type: 'resident_id',
              id_number: first17 + residentIdCheckChar(first17),
              in_school: f.inSchool ? 1 : 0,
              // INST-1: the school certifies its own students and graduates
              student_type: 'junior_college',
              school_institution_id: school,
            },
            now,
          ),
        )
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  };
  const actorOf = (institutionId: number): Actor => ({
    id: 1,
    username: 'school-admin',
    displayName: '陈静',
    role: 'institution_admin',
    regionCode: null,
    regionPath: null,
    institutionId,
    scopeLabel: '',
    scopePath: [],
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
    ctx = { actor: actorOf(school), ip: '127.0.0.1', requestId: 'test' };
    scope = await p.deps.db
      .selectFrom('institution_scopes')
      .select(['occupation_id', 'level'])
      .where('institution_id', '=', school)
      .orderBy('id')
      .executeTakeFirstOrThrow();
  });
  afterAll(async () => p?.close());

  const issue = (learnerId: number, extra: Partial<Parameters<typeof issueCertificate>[3]> = {}, c = ctx) =>
    p.deps.db.transaction().execute((trx) =>
      issueCertificate(trx, p.deps, c, {
        learnerId,
        occupationId: scope.occupation_id,
        level: scope.level,
        pathway: 'exam',
        ...extra,
      }),
    );

  it('CERT-7: issuance assigns the next 22-character number for (filing number, year, level), recorded and audited', async () => {
    const a = await issue(await newLearner(p.deps), { issuedOn: '2026-03-01' });
    const b = await issue(await newLearner(p.deps), { issuedOn: '2026-03-02' });
    expect(a.number).toMatch(CERTIFICATE_NUMBER_RE);
    const pa = parseCertificateNumber(a.number)!;
    const pb = parseCertificateNumber(b.number)!;
    expect(pa.filingNo).toBe(
      (
        await p.deps.db
          .selectFrom('institutions')
          .select('filing_no')
          .where('id', '=', school)
          .executeTakeFirstOrThrow()
      ).filing_no,
    );
    expect([pa.year, pa.level]).toEqual([2026, scope.level]);
    expect(pb.serial).toBe(pa.serial + 1);
    const audit = await p.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'certificate.issue')
      .where('object_id', '=', String(a.id))
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after_json!).number).toBe(a.number);
  });

  it('CERT-7: a serial is never reused, even after revocation', async () => {
    const a = await issue(await newLearner(p.deps), { issuedOn: '2026-05-01' });
    const cookie = await loginAs(p.app, 'school-admin');
    await p.app.inject({
      method: 'POST',
      url: `/api/certificates/${a.id}/status`,
      headers: { cookie },
      payload: { action: 'revoke', reason: '资格不符' },
    });
    const b = await issue(await newLearner(p.deps), { issuedOn: '2026-05-02' });
    expect(parseCertificateNumber(b.number)!.serial).toBe(parseCertificateNumber(a.number)!.serial + 1);
  });

  it('INST-4/INST-5: refused out of scope and for a suspended institution', async () => {
    const other = await p.deps.db
      .selectFrom('occupations')
      .select('id')
      .where(
        'id',
        'not in',
        p.deps.db.selectFrom('institution_scopes').select('occupation_id').where('institution_id', '=', school),
      )
      .executeTakeFirstOrThrow();
    await expect(issue(await newLearner(p.deps), { occupationId: other.id })).rejects.toMatchObject({
      code: 'OUT_OF_SCOPE',
      rule: 'INST-4',
    });
    const suspended = (
      await p.deps.db
        .selectFrom('institutions')
        .select('id')
        .where('status', '=', 'suspended')
        .executeTakeFirstOrThrow()
    ).id;
    const s = await p.deps.db
      .selectFrom('institution_scopes')
      .select(['occupation_id', 'level'])
      .where('institution_id', '=', suspended)
      .executeTakeFirstOrThrow();
    await expect(
      issue(
        await newLearner(p.deps),
        { occupationId: s.occupation_id, level: s.level },
        { ...ctx, actor: actorOf(suspended) },
      ),
    ).rejects.toMatchObject({ code: 'INSTITUTION_SUSPENDED' });
  });

  it('CERT-10: no fee is charged to an in-school student; others may pay', async () => {
    await expect(issue(await newLearner(p.deps, { inSchool: true }), { fee: 120 })).rejects.toMatchObject({
      code: 'FEE_FORBIDDEN_IN_SCHOOL',
      rule: 'CERT-10',
    });
    expect((await issue(await newLearner(p.deps, { inSchool: true }), { fee: 0 })).number).toMatch(
      CERTIFICATE_NUMBER_RE,
    );
    expect((await issue(await newLearner(p.deps), { fee: 120 })).number).toMatch(CERTIFICATE_NUMBER_RE);
  });

  it('a person holds one certificate per occupation and level', async () => {
    const l = await newLearner(p.deps);
    await issue(l);
    await expect(issue(l)).rejects.toMatchObject({ code: 'CERTIFICATE_DUPLICATE' });
  });

  it('CERT-7: 2,400 issued from four separate processes get distinct, gapless serials', async () => {
    const N = 2400;
    const WORKERS = 4;
    const learners: number[] = [];
    const now = new Date().toISOString();
    for (let i = 0; i < N; i++) {
      const first17 = `41010219${String(70 + (i % 30))}0101${String(i).padStart(3, '0')}`.slice(0, 17);
      learners.push(
        (
          await p.deps.db
            .insertInto('learners')
            .values(
              newPersonRow(
                personalData(p.deps.config),
                {
                  name: `并发${i}`,
                  id_type: 'passport',
                  id_number: `P${i}-${first17}`,
                  student_type: 'junior_college',
                  school_institution_id: school,
                },
                now,
              ),
            )
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id,
      );
    }
    // separate processes, each with its own connection, as separate app servers would be
    const url = p.dialect === 'postgres' ? p.deps.config.databaseUrl : `sqlite:${p.deps.database.description}`;
    const searchPath =
      p.dialect === 'postgres'
        ? (await p.deps.db.selectNoFrom((eb) => eb.fn<string>('current_schema', []).as('s')).executeTakeFirstOrThrow())
            .s
        : '';
    const worker = path.join(import.meta.dirname, '../../../test/issue-worker.ts');
    const runs = Array.from(
      { length: WORKERS },
      (_, wi) =>
        new Promise<string[]>((resolve, reject) => {
          const mine = learners.filter((_, i) => i % WORKERS === wi);
          const child = spawn(process.execPath, ['--import', 'tsx', worker], {
            env: {
              ...process.env,
              ISSUE_KEY_DIR: p.deps.config.keyDir,
              ISSUE_DB: url,
              ISSUE_SEARCH_PATH: searchPath,
              ISSUE_INSTITUTION: String(school),
              ISSUE_OCCUPATION: String(scope.occupation_id),
              ISSUE_LEVEL: String(scope.level),
              ISSUE_LEARNERS: mine.join(','),
            },
            stdio: ['ignore', 'pipe', 'pipe'],
          });
          let out = '';
          let err = '';
          child.stdout.on('data', (d) => (out += d));
          child.stderr.on('data', (d) => (err += d));
          child.on('exit', (code) =>
            code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`worker ${wi} exited ${code}: ${err}`)),
          );
        }),
    );
    const numbers = (await Promise.all(runs)).flat();
    expect(numbers).toHaveLength(N);
    expect(new Set(numbers).size).toBe(N);
    const serials = numbers.map((n) => parseCertificateNumber(n)!.serial).sort((a, b) => a - b);
    expect(serials[0]).toBe(1);
    expect(serials[N - 1]).toBe(N);
  }, 120_000);

  it('CERT-12: suspend, reinstate, revoke with reasons; a revoked certificate stays queryable as revoked', async () => {
    const a = await issue(await newLearner(p.deps));
    const cookie = await loginAs(p.app, 'city-admin');
    const post = (payload: object) =>
      p.app.inject({ method: 'POST', url: `/api/certificates/${a.id}/status`, headers: { cookie }, payload });
    expect(json(await post({ action: 'reinstate', reason: '无需恢复' })).error).toMatchObject({
      code: 'CERTIFICATE_INVALID_TRANSITION',
      rule: 'CERT-12',
    });
    expect(json(await post({ action: 'suspend', reason: '接到举报，核查期间暂停' })).status).toBe('suspended');
    expect(json(await post({ action: 'reinstate', reason: '核查无问题' })).status).toBe('valid');
    expect(json(await post({ action: 'revoke', reason: '成绩造假' })).status).toBe('revoked');
    expect(json(await post({ action: 'reinstate', reason: '想恢复' })).error.code).toBe(
      'CERTIFICATE_INVALID_TRANSITION',
    );
    const d = json(await p.app.inject({ method: 'GET', url: `/api/certificates/${a.id}`, headers: { cookie } }));
    expect(d.status).toBe('revoked');
    expect(d.history.map((h: any) => h.type)).toEqual(['issued', 'suspended', 'reinstated', 'revoked']);
    expect(d.history[3]).toMatchObject({ reason: '成绩造假', statusBefore: 'valid', statusAfter: 'revoked' });
    expect(d.holderIdNumber).toMatch(/^\d{3}\*{11}[\dX]{4}$/); // officials see it masked
  });

  it('the PDF carries the mandatory items in an embedded CJK font, and a QR code to the verification page', async () => {
    const cookie = await loginAs(p.app, 'learner');
    const mine = json(await p.app.inject({ method: 'GET', url: '/api/certificates', headers: { cookie } }));
    expect(mine.items.map((c: any) => c.number)).toContain(DEMO_CERTIFICATE);
    const cert = mine.items.find((c: any) => c.number === DEMO_CERTIFICATE);
    // issue 11: masked in every view, the holder's own list too; the certificate itself carries the full number
    const fullId = DEMO_LEARNER.idFirst17 + residentIdCheckChar(DEMO_LEARNER.idFirst17);
    expect(cert.holderIdNumber).toBe(`${fullId.slice(0, 3)}${'*'.repeat(11)}${fullId.slice(-4)}`);
    const r = await p.app.inject({ method: 'GET', url: `/api/certificates/${cert.id}/pdf`, headers: { cookie } });
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(r.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(r.rawPayload.length).toBeLessThan(200_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cert-pdf-'));
    const file = path.join(dir, 'c.pdf');
    fs.writeFileSync(file, r.rawPayload);
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
    for (const item of [
      '职业技能等级证书',
      '刘洋',
      '居民身份证',
      fullId,
      '电工',
      '四级/中级工',
      DEMO_CERTIFICATE,
      '郑州智能制造职业学院',
      '2025年6月28日',
      'zscx.osta.org.cn',
    ]) {
      expect(text, item).toContain(item);
    }
    expect(text).not.toContain('--'); // no placeholder where the certificate has no work type
    const fonts = execFileSync('pdffonts', [file]).toString();
    expect(fonts).toMatch(/NotoSansSC.*yes\s+yes/); // embedded and subset
    if (fs.existsSync('/usr/bin/zbarimg')) {
      execFileSync('pdftoppm', ['-png', '-r', '100', file, path.join(dir, 'p')]);
      const qr = execFileSync('zbarimg', ['-q', '--raw', path.join(dir, 'p-1.png')])
        .toString()
        .trim();
      expect(qr).toMatch(new RegExp(`/v/${DEMO_CERTIFICATE}\\?c=[A-Z2-9]{10}$`));
    }
    const dl = await p.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'certificate.download')
      .execute();
    expect(dl.length).toBeGreaterThan(0);
  });

  it('the PDF reads as an official document: tagged, its title one word, no empty photo frame, the place for the seal; the photo when there is one', async () => {
    const cookie = await loginAs(p.app, 'learner');
    const cert = json(await p.app.inject({ method: 'GET', url: '/api/certificates', headers: { cookie } })).items.find(
      (c: any) => c.number === DEMO_CERTIFICATE,
    );
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cert-doc-'));
    const pdfOf = async (name: string) => {
      const r = await p.app.inject({ method: 'GET', url: `/api/certificates/${cert.id}/pdf`, headers: { cookie } });
      const file = path.join(dir, name);
      fs.writeFileSync(file, r.rawPayload);
      return file;
    };
    const images = (file: string) =>
      execFileSync('pdfimages', ['-list', file])
        .toString()
        .split('\n')
        .filter((line) => /^\s*\d+\s+\d+\s+image\s/.test(line)); // images, not their transparency masks
    const before = await pdfOf('no-photo.pdf');
    expect(execFileSync('pdfinfo', [before]).toString()).toMatch(/^Tagged:\s+yes$/m);
    for (const mode of [[], ['-raw'], ['-layout']]) {
      const text = execFileSync('pdftotext', [...mode, before, '-']).toString();
      expect(text, `pdftotext ${mode.join(' ')}`).toContain('职业技能等级证书');
      expect(text).toContain('评价机构（盖章）');
      expect(text).not.toContain('照片'); // no empty photo frame with a placeholder
    }
    expect(images(before)).toHaveLength(1); // the QR code only
    // the learner uploads a photo: it is on the certificate
    const png = await QRCode.toBuffer('photo', { width: 300 });
    const form = multipart({}, [{ name: 'me.png', content: png, type: 'image/png' }]);
    const up = await p.app.inject({
      method: 'POST',
      url: '/api/me/photo',
      headers: { cookie, 'content-type': form.contentType },
      payload: form.payload,
    });
    expect(up.statusCode, up.body).toBe(200);
    const after = await pdfOf('photo.pdf');
    expect(images(after)).toHaveLength(2);
    expect(execFileSync('pdftotext', ['-raw', after, '-']).toString()).toContain('职业技能等级证书');
  });

  it('a learner sees only their own certificates; an institution only its own; a 洛阳 official none of 郑州’s', async () => {
    const learner = json(
      await p.app.inject({
        method: 'GET',
        url: '/api/certificates?pageSize=200',
        headers: { cookie: await loginAs(p.app, 'learner') },
      }),
    );
    expect(learner.items.every((c: any) => c.holderName === '刘洋')).toBe(true);
    const own = json(
      await p.app.inject({
        method: 'GET',
        url: '/api/certificates?pageSize=200',
        headers: { cookie: await loginAs(p.app, 'school-admin') },
      }),
    );
    expect(own.items.every((c: any) => c.institutionId === school)).toBe(true);
    const ly = json(
      await p.app.inject({
        method: 'GET',
        url: '/api/certificates?pageSize=200',
        headers: { cookie: await loginAs(p.app, 'luoyang-admin') },
      }),
    );
    expect(ly.total).toBeGreaterThan(0);
    expect(ly.items.some((c: any) => c.institutionId === school)).toBe(false);
    const id = own.items[0].id;
    expect(
      (
        await p.app.inject({
          method: 'GET',
          url: `/api/certificates/${id}`,
          headers: { cookie: await loginAs(p.app, 'luoyang-admin') },
        })
      ).statusCode,
    ).toBe(404);
  });

  it('CERT-11: a correction is a new version in the history, with before, after, reason and author', async () => {
    const cookie = await loginAs(p.app, 'school-admin');
    const a = await issue(await newLearner(p.deps));
    const r = await p.app.inject({
      method: 'POST',
      url: `/api/certificates/${a.id}/corrections`,
      headers: { cookie },
      payload: { holderName: '考生更正', reason: '姓名录入错误，依身份证更正' },
    });
    expect(json(r)).toMatchObject({ holderName: '考生更正' });
    const d = json(await p.app.inject({ method: 'GET', url: `/api/certificates/${a.id}`, headers: { cookie } }));
    const corr = d.history.find((h: any) => h.type === 'corrected');
    expect(corr.reason).toContain('姓名录入错误');
    expect(corr.reason).toMatch(/"before":\{"holderName":"考生\d+"/);
    expect(corr.actorName).toBe('陈静');
    const officials = await loginAs(p.app, 'city-admin');
    expect(
      json(
        await p.app.inject({
          method: 'POST',
          url: `/api/certificates/${a.id}/corrections`,
          headers: { cookie: officials },
          payload: { holderName: 'x', reason: '越权更正' },
        }),
      ).error.code,
    ).toBe('FORBIDDEN_ROLE');
  });

  it('a batch of an institution’s certificates downloads as a ZIP of PDFs', async () => {
    const cookie = await loginAs(p.app, 'school-admin');
    const r = await p.app.inject({
      method: 'GET',
      url: '/api/certificates/batch.zip?issuedFrom=2025-06-01&issuedTo=2025-06-30',
      headers: { cookie },
    });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/zip');
    const n = Number(r.headers['x-certificate-count']);
    expect(n).toBeGreaterThan(0);
    // the central directory lists one entry (signature PK\\1\\2) per certificate, named by its number
    const zip = r.rawPayload;
    let entries = 0;
    for (let i = zip.indexOf('PK\x01\x02'); i >= 0; i = zip.indexOf('PK\x01\x02', i + 4)) entries++;
    expect(entries).toBe(n);
    expect(zip.includes(`${DEMO_CERTIFICATE}.pdf`)).toBe(true);
    expect(zip.subarray(0, 2).toString()).toBe('PK');
    expect(
      json(
        await p.app.inject({
          method: 'GET',
          url: '/api/certificates/batch.zip?issuedFrom=1999-01-01&issuedTo=1999-12-31',
          headers: { cookie },
        }),
      ).error.code,
    ).toBe('NOT_FOUND');
  });

  it('CERT-9: per school and graduation year, who graduates without a certificate (exportable)', async () => {
    const year = new Date().getUTCFullYear() + 1;
    const school = await loginAs(p.app, 'school-admin');
    const c = json(
      await p.app.inject({ method: 'GET', url: `/api/coverage?graduationYear=${year}`, headers: { cookie: school } }),
    );
    expect(c.schools).toHaveLength(1);
    const s = c.schools[0];
    expect(s.schoolName).toBe('郑州智能制造职业学院');
    expect(s.certified + s.uncertified).toBe(s.total);
    expect(s.certified).toBeGreaterThan(0); // 刘洋 holds two
    expect(c.uncertified.map((u: any) => u.name)).not.toContain('刘洋');
    const prov = await loginAs(p.app, 'province-admin');
    const all = json(
      await p.app.inject({ method: 'GET', url: `/api/coverage?graduationYear=${year}`, headers: { cookie: prov } }),
    );
    expect(all.schools.length).toBeGreaterThanOrEqual(1);
    expect(all.uncertified.every((u: any) => /\*{11}/.test(u.idNumber))).toBe(true);
    const ly = json(
      await p.app.inject({
        method: 'GET',
        url: `/api/coverage?graduationYear=${year}`,
        headers: { cookie: await loginAs(p.app, 'luoyang-admin') },
      }),
    );
    expect(ly.schools.some((x: any) => x.schoolName === '郑州智能制造职业学院')).toBe(false);
    const x = await p.app.inject({
      method: 'GET',
      url: `/api/coverage/export?graduationYear=${year}`,
      headers: { cookie: school },
    });
    expect(x.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});
