/**
 * Targets, progress, the dashboard and monthly reports (TGT-1…4, SUP-3, CERT-8, CERT-9): every
 * figure against an independent SQL recount written here, the maintained aggregates through
 * issues, revocations, suspensions, corrections and late issues, scope, frozen reports, month
 * boundaries in China time, and the Excel files read back.
 */
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestPlatform,
  json,
  loginAs,
  multipart,
  newResidentId,
  TEST_DB,
  XLSX_TYPE,
  type TestPlatform,
} from '../../../test/harness.js';
import type { Actor, RequestContext } from '../../lib/context.js';
import { newPersonRow } from '../people/id-numbers.service.js';
import { personalData } from '../../lib/personal-data.js';
import { issueCertificate } from '../certificates/certificates.service.js';
import { changeCertificateStatus, correctCertificate } from '../certificates/certificate-changes.service.js';
import { recordHolding } from '../pathways/recognition.service.js';
import { demoPdf } from '../../seed/demo.js';
import { rebuildAggregates } from './aggregates.service.js';

describe(`targets, progress and monthly reports (${TEST_DB})`, () => {
  let p: TestPlatform;
  const ids = new Map<string, number>();
  const cookies = new Map<string, string>();
  const cookie = async (u: string) => cookies.get(u) ?? cookies.set(u, await loginAs(p.app, u)).get(u)!;
  const get = async (u: string, url: string) =>
    p.app.inject({ method: 'GET', url, headers: { cookie: await cookie(u) } });
  const send = async (u: string, method: 'POST' | 'PUT', url: string, payload: object) =>
    p.app.inject({ method, url, headers: { cookie: await cookie(u) }, payload });
  /** moves the clock (sessions end after 15 idle minutes: sign in again) */
  const at = (iso: string) => {
    p.clock.set(new Date(iso));
    cookies.clear();
  };

  const actorOf = (institutionId: number): Actor => ({
    id: 1,
    username: 'school-admin',
    displayName: '测试',
    role: 'institution_admin',
    regionCode: null,
    regionPath: null,
    institutionId,
    scopeLabel: '',
    scopePath: [],
  });
  const ctxOf = (name: string): RequestContext => ({ actor: actorOf(ids.get(name)!), ip: null, requestId: 't' });
  const SCHOOL = '郑州智能制造职业学院';
  const ZZ_ORG = '中原数字技能培训评价中心'; // 郑州市金水区, certifies anyone
  const LY_ORG = '洛阳一拖技能人才评价中心'; // 洛阳, certifies anyone

  const newLearner = async (f: { school?: number; graduationYear?: number } = {}) =>
    (
      await p.deps.db
        .insertInto('learners')
        .values(
          newPersonRow(
            personalData(p.deps.config),
            {
              name: `测${ids.size}${Math.random().toString(36).slice(2, 5)}`.slice(0, 6),
              id_type: 'resident_id',
              id_number: newResidentId(),
              in_school: f.school ? 1 : 0,
              student_type: f.school ? 'junior_college' : null,
              school_institution_id: f.school ?? null,
              graduation_year: f.graduationYear ?? null,
            },
            new Date().toISOString(),
          ),
        )
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const scopeOf = async (inst: string, level?: number) =>
    p.deps.db
      .selectFrom('institution_scopes')
      .select(['occupation_id', 'level'])
      .where('institution_id', '=', ids.get(inst)!)
      .$if(level !== undefined, (q) => q.where('level', '=', level!))
      .orderBy('id')
      .executeTakeFirstOrThrow();
  const issue = async (
    inst: string,
    learnerId: number,
    f: { level?: number; issuedOn?: string; occupation?: number } = {},
  ) => {
    const s = await scopeOf(inst, f.level);
    return p.deps.db.transaction().execute((trx) =>
      issueCertificate(trx, p.deps, ctxOf(inst), {
        learnerId,
        occupationId: f.occupation ?? s.occupation_id,
        level: s.level,
        pathway: 'exam',
        issuedOn: f.issuedOn,
      }),
    );
  };

  /** The independent recount: written here in SQL, not through the module. */
  async function recountFine() {
    const first = (high: boolean) =>
      sql<{ metric: string; day: string; institution_id: number; occupation_id: number; level: number; n: number }>`
      select ${high ? 'high_skill' : 'certified'} as metric, day, institution_id, occupation_id, level, count(*) as n from (
        select c.issued_on as day, c.institution_id, c.occupation_id, c.level,
          row_number() over (partition by c.learner_id, substr(c.issued_on, 1, 4) order by c.issued_on, c.id) as rn
        from certificates c where c.status = 'valid' ${high ? sql`and c.level <= 3` : sql``}) x
      where rn = 1 group by day, institution_id, occupation_id, level`.execute(p.deps.db);
    const certs =
      await sql<any>`select 'certificates' as metric, issued_on as day, institution_id, occupation_id, level, count(*) as n
      from certificates where status = 'valid' group by issued_on, institution_id, occupation_id, level`.execute(
        p.deps.db,
      );
    const x =
      await sql<any>`select 'one_plus_x' as metric, h.issued_on as day, h.imported_by_institution as institution_id,
        coalesce(c.mapped_occupation_id, 0) as occupation_id, 0 as level, count(*) as n
      from one_plus_x_holdings h join one_plus_x_certificates c on c.id = h.certificate_id
      group by h.issued_on, h.imported_by_institution, c.mapped_occupation_id`.execute(p.deps.db);
    const training =
      await sql<any>`select 'training' as metric, k.assessed_on as day, c.institution_id, c.occupation_id,
        coalesce(c.level, 0) as level, count(*) as n
      from training_completions k join training_trainees t on t.id = k.trainee_id join training_classes c on c.id = t.class_id
      where k.passed = 1 group by k.assessed_on, c.institution_id, c.occupation_id, c.level`.execute(p.deps.db);
    const rows = [
      ...(await first(false)).rows,
      ...(await first(true)).rows,
      ...certs.rows,
      ...x.rows,
      ...training.rows,
    ];
    return rows
      .map((r) => `${r.metric}|${r.day}|${r.institution_id}|${r.occupation_id}|${r.level}|${Number(r.n)}`)
      .sort();
  }
  /** The fine buckets, then the coarse ones (`M|…` by month, `D|…` by day) the dashboard and the reports read. */
  async function kept() {
    const rows = await p.deps.db.selectFrom('progress_daily').selectAll().execute();
    const months = await p.deps.db.selectFrom('progress_by_month').selectAll().execute();
    const days = await p.deps.db.selectFrom('progress_by_day').selectAll().execute();
    return [
      ...rows.map((r) => `${r.metric}|${r.day}|${r.institution_id}|${r.occupation_id}|${r.level}|${r.n}`).sort(),
      ...months.map((r) => `M|${r.metric}|${r.month}|${r.institution_id}|${r.n}`).sort(),
      ...days.map((r) => `D|${r.metric}|${r.day}|${r.institution_id}|${r.n}`).sort(),
    ];
  }
  /** The independent recount's fine buckets, then summed by metric × month × institution and metric × day × institution. */
  async function recount() {
    const fine = await recountFine();
    const sum = (tag: string, cut: (day: string) => string) => {
      const m = new Map<string, number>();
      for (const f of fine) {
        const [metric, day, inst, , , n] = f.split('|');
        const k = `${tag}|${metric}|${cut(day)}|${inst}`;
        m.set(k, (m.get(k) ?? 0) + Number(n));
      }
      return [...m]
        .filter(([, n]) => n !== 0)
        .map(([k, n]) => `${k}|${n}`)
        .sort();
    };
    return [...fine, ...sum('M', (d) => d.slice(0, 7)), ...sum('D', (d) => d)];
  }

  beforeAll(async () => {
    p = await createTestPlatform();
    for (const i of await p.deps.db.selectFrom('institutions').select(['id', 'name']).execute()) ids.set(i.name, i.id);
  });
  afterAll(async () => p?.close());

  it('TGT-3: the maintained aggregates equal an independent recount through issues, revocations, suspensions, reinstatements, corrections, late issues and 1+X records', async () => {
    expect(await kept()).toEqual(await recount()); // the demo data, loaded around the services, was recounted
    const a = await newLearner();
    const b = await newLearner();
    const c1 = await issue(ZZ_ORG, a, { issuedOn: '2026-03-02' });
    const c2 = await issue(ZZ_ORG, a, { issuedOn: '2026-04-10', level: 3 }); // same person, same year: counted once
    await issue(LY_ORG, a, { issuedOn: '2026-05-01', level: 2 }); // another city later in the year
    const c4 = await issue(LY_ORG, b, { issuedOn: '2025-12-31', level: 4 }); // a late issue, dated last year
    await issue(ZZ_ORG, b, { issuedOn: '2026-01-01', level: 3 });
    // a lower level after a high one in the same year: neither certified nor high-skill again
    const c = await newLearner();
    await issue(ZZ_ORG, c, { issuedOn: '2026-02-01', level: 3 });
    await issue(LY_ORG, c, { issuedOn: '2026-02-05', level: 4 });
    expect(await kept()).toEqual(await recount());
    // the first certificate of the year is revoked: the person moves to the next one (another month)
    await changeCertificateStatus(p.deps, ctxOf(ZZ_ORG), c1.id, 'revoke', '成绩造假');
    expect(await kept()).toEqual(await recount());
    await changeCertificateStatus(p.deps, ctxOf(ZZ_ORG), c2.id, 'suspend', '核查中');
    expect(await kept()).toEqual(await recount());
    await changeCertificateStatus(p.deps, ctxOf(ZZ_ORG), c2.id, 'reinstate', '核查无误');
    await correctCertificate(p.deps, ctxOf(LY_ORG), c4.id, { holderName: '更正名', reason: '姓名录入错误' });
    expect(await kept()).toEqual(await recount());
    // a 1+X certificate, recorded by the school for its student, counts apart (CERT-8)
    const student = await newLearner({ school: ids.get(SCHOOL)! });
    const st = await p.deps.db
      .selectFrom('learners')
      .select(['name', 'id_number_enc'])
      .where('id', '=', student)
      .executeTakeFirstOrThrow();
    const stIdNumber = personalData(p.deps.config).openIdNumber('learners.id_number', st.id_number_enc);
    const x = await p.deps.db
      .selectFrom('one_plus_x_certificates')
      .select('id')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await recordHolding(
      p.deps,
      ctxOf(SCHOOL),
      {
        certificateId: x.id,
        xLevel: 'intermediate',
        number: 'TGT3-X-0001',
        issuedOn: '2026-02-03',
        name: st.name,
        idNumber: stIdNumber,
      } as never,
      { fileName: 'x.pdf', data: demoPdf('1+X'), truncated: false },
    );
    expect(await kept()).toEqual(await recount());
    // and a rebuild from scratch gives the same
    await p.deps.db.deleteFrom('progress_daily').execute();
    await p.deps.db.deleteFrom('progress_by_month').execute();
    await p.deps.db.updateTable('progress_by_day').set({ n: 99 }).execute();
    await rebuildAggregates(p.deps.db);
    expect(await kept()).toEqual(await recount());
  });

  it('TGT-1, CERT-8: every dashboard figure of the province and of each city equals an independent SQL recount', async () => {
    at('2026-11-20T04:00:00Z');
    const d = json(await get('province-admin', '/api/dashboard?year=2026'));
    expect(d.asOf).toBe('2026-11-20');
    const one = async (q: ReturnType<typeof sql<{ n: number }>>) => Number((await q.execute(p.deps.db)).rows[0].n);
    const inRange = sql`issued_on >= '2026-01-01' and issued_on <= '2026-11-20'`;
    expect(d.unit.figures.certificates.actual).toBe(
      await one(sql`select count(*) as n from certificates where status = 'valid' and ${inRange}`),
    );
    expect(d.unit.figures.certified.actual).toBe(
      await one(sql`select count(distinct learner_id) as n from certificates where status = 'valid' and ${inRange}`),
    );
    expect(d.unit.figures.high_skill.actual).toBe(
      await one(
        sql`select count(distinct learner_id) as n from certificates where status = 'valid' and level <= 3 and ${inRange}`,
      ),
    );
    expect(d.unit.figures.one_plus_x.actual).toBe(
      await one(sql`select count(*) as n from one_plus_x_holdings where ${inRange}`),
    );
    expect(d.unit.figures.institutions.actual).toBe(
      await one(sql`select count(*) as n from institutions i where i.filed_at is not null and i.filed_at <= '2026-11-20T15:59:59.999Z'
        and not exists (select 1 from institution_events e where e.institution_id = i.id and e.type = 'revoke' and e.at <= '2026-11-20T15:59:59.999Z')`),
    );
    expect(d.unit.figures.training.actual).toBe(
      await one(
        sql`select count(*) as n from training_completions where passed = 1 and assessed_on >= '2026-01-01' and assessed_on <= '2026-11-20'`,
      ),
    );
    expect(d.unconnected).toEqual([]);
    expect(d.unit.figures.certified.target).toBe(800_000); // Henan's published figure (seed 000)
    // each city (and 省直管县): people counted at the issuer of their first valid certificate of the year
    const byRegion = new Map(
      (
        await sql<{ path: string; n: number }>`
          select r.path, count(*) as n from (
            select c.institution_id, row_number() over (partition by c.learner_id order by c.issued_on, c.id) as rn
            from certificates c where c.status = 'valid' and c.issued_on >= '2026-01-01' and c.issued_on <= '2026-11-20') f
          join institutions i on i.id = f.institution_id join regions r on r.code = i.region_code
          where f.rn = 1 group by r.path`.execute(p.deps.db)
      ).rows.map((r) => [r.path, Number(r.n)]),
    );
    const under = (code: string) =>
      [...byRegion].filter(([path]) => path.includes(`/${code}/`)).reduce((a, [, n]) => a + n, 0);
    expect(d.children.length).toBeGreaterThanOrEqual(28); // 17 cities, 济源示范区, 10 省直管县
    for (const c of d.children.filter((x: any) => x.level !== 'school'))
      expect(c.figures.certified.actual, c.name).toBe(under(c.regionCode));
    expect(d.children.reduce((a: number, c: any) => a + c.figures.certified.actual, 0)).toBe(
      d.unit.figures.certified.actual,
    );
    // the trend's last month equals the figure; the straight line reaches the target on 30 November
    expect(d.trend.at(-1).values.certified).toBe(d.unit.figures.certified.actual);
    expect(d.deadline).toBe('2026-11-30');
  });

  it('TGT-3: a city official sees only their city; another city’s unit is 404', async () => {
    const d = json(await get('city-admin', '/api/dashboard?year=2026'));
    expect(d.unit.unit).toBe('R410100');
    expect(d.children.every((c: any) => c.unit.startsWith('I') || c.regionCode.startsWith('4101'))).toBe(true);
    expect(d.children.some((c: any) => c.name === '巩义市')).toBe(false); // 省直管县: reports to the province
    expect((await get('city-admin', '/api/dashboard?unit=R410300')).statusCode).toBe(404);
    expect((await get('city-admin', `/api/targets?unit=I${ids.get(LY_ORG)}`)).statusCode).toBe(404);
    expect((await get('luoyang-admin', '/api/reports?month=2026-10&unit=R410100')).statusCode).toBe(404);
    expect((await get('school-admin', '/api/dashboard?unit=R410100')).statusCode).toBe(404);
    const own = json(await get('school-admin', '/api/dashboard?year=2026'));
    expect(own.unit).toMatchObject({ unit: `I${ids.get(SCHOOL)}`, level: 'school' });
    expect(own.children).toEqual([]);
  });

  it('TGT-1: a parent distributes its task; the page shows where the children’s sum falls short or exceeds; only the parent sets a target', async () => {
    const prov = json(await get('province-admin', '/api/targets?year=2026'));
    expect(prov.gaps.certified.state).toBe('short'); // the demo hands down 98%
    expect(prov.gaps.certified.sum).toBe(
      prov.children.reduce((a: number, c: any) => a + (c.figures.certified.target ?? 0), 0),
    );
    expect(prov.children.find((c: any) => c.regionCode === '410800').figures.certified.target).toBe(9000); // 焦作 (seed 001)
    const ly = json(await get('luoyang-admin', '/api/targets?year=2026'));
    expect(ly.gaps.certified.state).toBe('excess');
    expect(ly.mayEditSelf).toBe(false);
    const put = (u: string, unit: string, value: number | null) =>
      send(u, 'PUT', '/api/targets', { year: 2026, unit, metric: 'certified', value });
    expect((await put('city-admin', 'R410102', 1234)).statusCode).toBe(200);
    expect(
      json(await get('city-admin', '/api/targets?year=2026')).children.find((c: any) => c.regionCode === '410102')
        .figures.certified.target,
    ).toBe(1234);
    const own = await put('city-admin', 'R410100', 1);
    expect(own.statusCode).toBe(403);
    expect(json(own).error.rule).toBe('TGT-1');
    expect((await put('city-admin', 'R410302', 1)).statusCode).toBe(404);
    expect((await put('province-admin', 'R410000', 800_000)).statusCode).toBe(200); // the province sets its own
    const school = await send('city-admin', 'PUT', '/api/targets', {
      year: 2026,
      unit: `I${ids.get(SCHOOL)}`,
      metric: 'institutions',
      value: 1,
    });
    expect(json(school).error.code).toBe('VALIDATION_FAILED'); // filed institutions are a region's target
  });

  it('TGT-1: targets by Excel — the template is the export, a bad row names itself and nothing is imported', async () => {
    const file = await get('city-admin', '/api/targets/export?year=2026');
    expect(file.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getCell(3, 1).value).toBe('单位代码');
    const col = (ws.getRow(3).values as string[]).indexOf('取证人数（人）任务');
    const rowOf = (unit: string) => {
      let n = 0;
      ws.eachRow((r, i) => (r.getCell(1).value === unit ? (n = i) : undefined));
      return n;
    };
    ws.getCell(rowOf('R410102'), col).value = 4321;
    ws.getCell(rowOf('R410103'), col).value = 555;
    const upload = async (buf: Buffer) => {
      const mp = multipart({}, [{ name: 'targets.xlsx', content: buf, type: XLSX_TYPE }]);
      return p.app.inject({
        method: 'POST',
        url: '/api/targets/import?year=2026',
        headers: { cookie: await cookie('city-admin'), 'content-type': mp.contentType },
        payload: mp.payload,
      });
    };
    const good = await upload(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(good.statusCode, good.body).toBe(200);
    expect(json(good).changed).toBe(2);
    ws.getCell(rowOf('R410103'), col).value = 999; // would change…
    ws.getCell(rowOf('R410104'), col).value = 'abc'; // …but this row is wrong
    ws.getCell(rowOf('R410100'), col).value = 1; // and the city's own task is its parent's
    const bad = await upload(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error).toMatchObject({ code: 'IMPORT_INVALID', rule: 'TGT-1' });
    expect(
      json(bad)
        .error.details.map((x: any) => x.field)
        .join(),
    ).toContain(`第 ${rowOf('R410104')} 行`);
    const after = json(await get('city-admin', '/api/targets?year=2026'));
    expect(after.children.find((c: any) => c.regionCode === '410103').figures.certified.target).toBe(555); // nothing half-imported
  });

  it('CERT-9: coverage counts the imported graduating class, students who never registered included', async () => {
    const school = ids.get(SCHOOL)!;
    const holder = await newLearner({ school, graduationYear: 2027 });
    await issue(SCHOOL, holder, { issuedOn: '2026-06-01' });
    const h = await p.deps.db
      .selectFrom('learners')
      .select(['name', 'id_number_enc'])
      .where('id', '=', holder)
      .executeTakeFirstOrThrow();
    const holderIdNumber = personalData(p.deps.config).openIdNumber('learners.id_number', h.id_number_enc);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('毕业生名册');
    ws.addRow(['姓名', '证件类型', '证件号码', '专业']);
    ws.addRow([h.name, '', holderIdNumber, '机电一体化技术']);
    ws.addRow(['从未报名甲', '', newResidentId(), '机电一体化技术']);
    ws.addRow(['从未报名乙', '居民身份证', newResidentId(), '工业机器人技术']);
    const mp = multipart({}, [{ name: 'g.xlsx', content: Buffer.from(await wb.xlsx.writeBuffer()), type: XLSX_TYPE }]);
    const r = await p.app.inject({
      method: 'POST',
      url: '/api/graduating-classes?graduationYear=2027',
      headers: { cookie: await cookie('school-admin'), 'content-type': mp.contentType },
      payload: mp.payload,
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(json(r)).toMatchObject({ students: 3, newPeople: 2 });
    const cov = json(await get('school-admin', '/api/coverage?graduationYear=2027'));
    expect(cov.schools[0]).toMatchObject({ total: 3, certified: 1, fromRoster: true });
    expect(cov.uncertified.map((u: any) => u.name).sort()).toEqual(['从未报名乙', '从未报名甲']);
    at('2027-03-10T04:00:00Z');
    const d = json(await get('school-admin', '/api/dashboard?year=2027'));
    expect(d.unit.coverage).toEqual({ total: 3, certified: 1 });
    expect(d.unit.figures.coverage.actual).toBe(33.3);
    // a bad row: nothing is imported, the old roster stays
    ws.addRow(['坏行', '', '110101199001011234', '']);
    const mp2 = multipart({}, [{ name: 'g.xlsx', content: Buffer.from(await wb.xlsx.writeBuffer()), type: XLSX_TYPE }]);
    const bad = await p.app.inject({
      method: 'POST',
      url: '/api/graduating-classes?graduationYear=2027',
      headers: { cookie: await cookie('school-admin'), 'content-type': mp2.contentType },
      payload: mp2.payload,
    });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error.details[0].field).toBe('第 5 行');
    expect(json(await get('school-admin', '/api/coverage?graduationYear=2027')).schools[0].total).toBe(3);
  });

  it('CERT-9: a recorded 国家职业资格证书 or 专项职业能力证书 counts as a skill certificate; a 特种作业操作证 and a revoked record do not', async () => {
    at('2026-06-10T02:00:00Z');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('毕业生名册');
    ws.addRow(['姓名', '证件类型', '证件号码', '专业']);
    const students = ['资格甲', '专项乙', '特种丙', '撤销丁'].map((name) => ({ name, idNumber: newResidentId() }));
    for (const s of students) ws.addRow([s.name, '', s.idNumber, '机电一体化技术']);
    const mp = multipart({}, [{ name: 'g.xlsx', content: Buffer.from(await wb.xlsx.writeBuffer()), type: XLSX_TYPE }]);
    const r = await p.app.inject({
      method: 'POST',
      url: '/api/graduating-classes?graduationYear=2028',
      headers: { cookie: await cookie('school-admin'), 'content-type': mp.contentType },
      payload: mp.payload,
    });
    expect(r.statusCode, r.body).toBe(200);
    const occupation = (await p.deps.db.selectFrom('occupations').select('id').executeTakeFirstOrThrow()).id;
    const kinds = ['qualification', 'special_ability', 'special_operation', 'special_ability'] as const;
    const recorded: number[] = [];
    for (const [i, s] of students.entries()) {
      const rec = await send('city-admin', 'POST', '/api/other-certificates', {
        kind: kinds[i],
        name: s.name,
        idNumber: s.idNumber,
        occupationId: occupation,
        ...(kinds[i] === 'qualification' ? { level: 4 } : {}),
        number: `CERT9-${i}-${Date.now()}`,
        issuedOn: '2026-06-01',
        issuingBody: '测试发证机关',
      });
      expect(rec.statusCode, rec.body).toBe(201);
      recorded.push(json(rec).id);
    }
    const rv = await send('city-admin', 'POST', `/api/other-certificates/${recorded[3]}/revoke`, {
      reason: '考核机构弄虚作假，撤销证书',
    });
    expect(rv.statusCode, rv.body).toBe(200);
    const cov = json(await get('school-admin', '/api/coverage?graduationYear=2028'));
    expect(cov.schools[0]).toMatchObject({ total: 4, certified: 2, fromRoster: true });
    expect(cov.uncertified.map((u: any) => u.name).sort()).toEqual(['撤销丁', '特种丙'].sort());
    at('2028-03-10T04:00:00Z');
    const d = json(await get('school-admin', '/api/dashboard?year=2028'));
    expect(d.unit.coverage).toEqual({ total: 4, certified: 2 });
  });

  it('TGT-3: months end in China time — a certificate issued 2026-10-31 23:30 CST (15:30 UTC) counts in October', async () => {
    const unit = `I${ids.get(ZZ_ORG)}`;
    at('2026-11-02T02:00:00Z');
    const report = async (month: string) =>
      json(await get('city-admin', `/api/reports?month=${month}&unit=${unit}`)).figures.unit.month.certificates;
    const [octBefore, novBefore] = [await report('2026-10'), await report('2026-11')];
    at('2026-10-31T15:30:00Z');
    const c = await issue(ZZ_ORG, await newLearner(), { level: 4 });
    const row = await p.deps.db
      .selectFrom('certificates')
      .select('issued_on')
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(row.issued_on).toBe('2026-10-31');
    at('2026-11-02T02:00:00Z');
    expect(await report('2026-10')).toBe(octBefore + 1);
    expect(await report('2026-11')).toBe(novBefore);
    const octCount = Number(
      (
        await sql<{
          n: number;
        }>`select count(*) as n from certificates where institution_id = ${ids.get(ZZ_ORG)} and status = 'valid'
        and issued_on >= '2026-10-01' and issued_on <= '2026-10-31'`.execute(p.deps.db)
      ).rows[0].n,
    );
    expect(await report('2026-10')).toBe(octCount);
    expect(json(await get('city-admin', `/api/reports?month=2026-10&unit=${unit}`)).asOf).toBe('2026-10-31');
  });

  it('TGT-3, SUP-3: a submitted report is a frozen snapshot; later corrections show as differences; overdue units and late submissions feed credit (INST-8)', async () => {
    const unit = `I${ids.get(ZZ_ORG)}`;
    await p.deps.db
      .insertInto('users')
      .values({
        username: 'zz-org-admin',
        display_name: '中原管理员',
        password_hash: (
          await p.deps.db
            .selectFrom('users')
            .select('password_hash')
            .where('username', '=', 'school-admin')
            .executeTakeFirstOrThrow()
        ).password_hash,
        role: 'institution_admin',
        region_code: null,
        institution_id: ids.get(ZZ_ORG)!,
        status: 'active',
        must_change_password: 0,
        is_demo: 1,
        created_at: new Date().toISOString(),
        updated_at: new Date().toISOString(),
      })
      .execute();
    at('2026-10-20T02:00:00Z');
    const early = await send('zz-org-admin', 'POST', '/api/reports/submit', { month: '2026-10' });
    expect(early.statusCode).toBe(400); // the month is not over
    at('2026-11-03T02:00:00Z'); // before the due day (5 November)
    const s = await send('zz-org-admin', 'POST', '/api/reports/submit', { month: '2026-10', note: '已核对' });
    expect(s.statusCode, s.body).toBe(200);
    expect(json(s)).toMatchObject({ late: false, creditRecorded: false });
    expect((await send('zz-org-admin', 'POST', '/api/reports/submit', { month: '2026-10' })).statusCode).toBe(409);
    const frozen = json(await get('city-admin', `/api/reports?month=2026-10&unit=${unit}`));
    const wb1 = (await get('city-admin', `/api/reports/workbook?month=2026-10&unit=${unit}`)).rawPayload;
    // later: an October certificate revoked, another issued late with an October date
    const oct = await p.deps.db
      .selectFrom('certificates')
      .select('id')
      .where('institution_id', '=', ids.get(ZZ_ORG)!)
      .where('status', '=', 'valid')
      .where('issued_on', '>=', '2026-10-01')
      .where('issued_on', '<=', '2026-10-31')
      .executeTakeFirstOrThrow();
    await changeCertificateStatus(p.deps, ctxOf(ZZ_ORG), oct.id, 'revoke', '复查撤销');
    await issue(ZZ_ORG, await newLearner(), { issuedOn: '2026-10-15', level: 3 });
    await issue(ZZ_ORG, await newLearner(), { issuedOn: '2026-10-16', level: 3 });
    const again = json(await get('city-admin', `/api/reports?month=2026-10&unit=${unit}`));
    expect(again.figures).toEqual(frozen.figures); // the report does not change
    expect(again.submission).toMatchObject({ late: false, note: '已核对' });
    const certDiff = again.differences.find((x: any) => x.unit === unit && x.metric === 'certificates');
    expect(certDiff.now - certDiff.submitted).toBe(1); // −1 revoked, +2 late
    expect(again.differences.some((x: any) => x.metric === 'high_skill')).toBe(true);
    const wb2 = (await get('city-admin', `/api/reports/workbook?month=2026-10&unit=${unit}`)).rawPayload;
    const cellsOf = async (buf: Buffer) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(buf as unknown as ArrayBuffer);
      return wb.worksheets
        .map((w) =>
          w
            .getSheetValues()
            .map((r) => JSON.stringify(r))
            .join('\n'),
        )
        .join('\n');
    };
    expect(await cellsOf(wb2)).toBe(await cellsOf(wb1));

    // SUP-3: after the due day, the city sees which units below have not reported
    at('2026-11-10T02:00:00Z');
    const dutyOf = async (unit: string) =>
      new Map<string, any>(
        json(await get('city-admin', `/api/reports?month=2026-10&unit=${unit}`)).children.map((c: any) => [c.unit, c]),
      );
    expect((await dutyOf('R410105')).get(unit)).toMatchObject({ overdue: false, late: false }); // 金水区's institution
    expect((await dutyOf('R410102')).get(`I${ids.get(SCHOOL)}`)).toMatchObject({ overdue: true, submittedAt: null });
    expect((await dutyOf('R410100')).get('R410102')).toMatchObject({ overdue: true }); // the city's counties
    // the school submits late: its credit record gets the delay (INST-8)
    const late = json(await send('school-admin', 'POST', '/api/reports/submit', { month: '2026-10' }));
    expect(late).toMatchObject({ late: true, creditRecorded: true });
    const events = await p.deps.db
      .selectFrom('institution_events')
      .select(['type', 'reason'])
      .where('institution_id', '=', ids.get(SCHOOL)!)
      .where('type', '=', 'late_report')
      .where('reason', 'like', '2026-10%')
      .execute();
    expect(events).toHaveLength(1);
    // the city enters the others' delays, once
    const rec = json(await send('city-admin', 'POST', '/api/reports/delays', { month: '2026-10' }));
    expect(rec.recorded.map((r: any) => r.unit)).not.toContain(`I${ids.get(SCHOOL)}`);
    expect(rec.recorded.map((r: any) => r.unit)).not.toContain(unit);
    expect(json(await send('city-admin', 'POST', '/api/reports/delays', { month: '2026-10' })).recorded).toEqual([]);
  });

  it('TGT-3, TGT-4: the workbook’s totals equal the sum of its rows, the bulletin ranks, the assessment sheet lists counties and schools', async () => {
    const file = await get('province-admin', '/api/reports/workbook?month=2026-10');
    expect(file.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '汇总',
      '职业技能培训',
      '取证人数',
      '其中高技能人才',
      '颁发证书',
      '备案评价机构',
      '毕业生持证率',
      '1+X 证书',
    ]);
    const ws = wb.getWorksheet('取证人数')!;
    expect(String(ws.getCell(1, 1).value)).toContain('河南省 2026 年 10 月职业技能培训取证工作月报');
    let sum = 0;
    let total = 0;
    ws.eachRow((r, i) => {
      if (i <= 4) return;
      if (String(r.getCell(2).value).startsWith('合计')) total = Number(r.getCell(6).value);
      else sum += Number(r.getCell(6).value ?? 0);
    });
    expect(total).toBeGreaterThan(0);
    expect(sum).toBe(total);
    const pdf = await get('province-admin', '/api/reports/bulletin?month=2026-10');
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const sheet = await get('province-admin', '/api/assessment-sheet?year=2026');
    const a = new ExcelJS.Workbook();
    await a.xlsx.load(sheet.rawPayload as unknown as ArrayBuffer);
    const names: string[] = [];
    a.worksheets[0].eachRow((r, i) => (i > 4 ? names.push(String(r.getCell(2).value)) : undefined));
    expect(names).toContain('金水区');
    expect(names).toContain(SCHOOL);
  });
});
