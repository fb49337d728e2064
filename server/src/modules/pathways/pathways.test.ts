/**
 * The non-exam pathways through the API: CERT-4 process-based (CERT-3 recognition: recognition.test.ts;
 * CERT-5 competitions: competitions.test.ts; CERT-6 enterprise cooperation: partnerships.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, loginAs, TEST_DB, type TestPlatform, graduatingClassNow } from '../../../test/harness.js';
import { businessYear } from '../../lib/dates.js';
import { residentIdCheckChar } from '../../lib/identity.js';

type M = 'GET' | 'POST';
const id18 = (first17: string) => first17 + residentIdCheckChar(first17);

describe(`other pathways (${TEST_DB})`, () => {
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
  const occ = async (code: string) =>
    (await p.deps.db.selectFrom('occupations').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
  const year = businessYear(new Date(), 'Asia/Shanghai');
  const graduatingClass = () => graduatingClassNow(p);

  beforeAll(async () => {
    p = await createTestPlatform();
  });
  afterAll(async () => p?.close());

  it('CERT-4: process-based — courses and skill assessment all passed by a graduation-year student; 专科 → 三级, otherwise refused with reasons', async () => {
    const electric = await occ('6-31-01-03');
    const base = {
      occupationId: electric,
      courses: [
        { name: '电工基础', score: 82, passed: true },
        { name: '电气控制', score: 75, passed: true },
      ],
      skillAssessment: { score: 80, passed: true },
    };
    const ok = await as('school-admin', 'POST', '/api/pathways/process', {
      ...base,
      name: '过程甲',
      idNumber: id18('41010520040101601'),
      studentType: 'junior_college',
      graduationYear: graduatingClass(),
      inSchool: true,
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.level).toBe(3);
    const bad = await as('school-admin', 'POST', '/api/pathways/process', {
      ...base,
      courses: [{ name: '电工基础', score: 50, passed: false }],
      name: '过程乙',
      idNumber: id18('41010520040101602'),
      studentType: 'junior_college',
      graduationYear: year + 2,
      inSchool: true,
    });
    expect(bad.body.error).toMatchObject({ code: 'PATHWAY_NOT_APPLICABLE', rule: 'CERT-4' });
    expect(bad.body.error.message).toContain('毕业年度');
    expect(bad.body.error.message).toContain('电工基础');
    const worker = await as('school-admin', 'POST', '/api/pathways/process', {
      ...base,
      name: '社会丙',
      idNumber: id18('41010519800101603'),
    });
    expect(worker.body.error.message).toContain('只适用于');
  });

  it('CERT-4: 毕业学年 is the school year — on 2026-12-01 a 专科 student graduating in 2027 may use process-based certification, one graduating in 2028 may not', async () => {
    const electric = await occ('6-31-01-03');
    const results = {
      occupationId: electric,
      courses: [
        { name: '电工基础', score: 85 },
        { name: '电气控制', score: 78 },
      ],
      skillAssessment: { score: 81 },
    };
    const delta = Date.parse('2026-12-01T04:00:00Z') - p.clock.now().getTime();
    p.clock.advanceMinutes(delta / 60_000);
    try {
      const of2027 = await as('school-admin', 'POST', '/api/pathways/process', {
        ...results,
        name: '毕业学年甲',
        idNumber: id18('41010520050101901'),
        studentType: 'junior_college',
        graduationYear: 2027,
        inSchool: true,
      });
      expect(of2027.status, JSON.stringify(of2027.body)).toBe(201);
      expect(of2027.body.level).toBe(3);
      const of2028 = await as('school-admin', 'POST', '/api/pathways/process', {
        ...results,
        name: '非毕业学年乙',
        idNumber: id18('41010520060101902'),
        studentType: 'junior_college',
        graduationYear: 2028,
        inSchool: true,
      });
      expect(of2028.status).toBe(409);
      expect(of2028.body.error).toMatchObject({ code: 'PATHWAY_NOT_APPLICABLE', rule: 'CERT-4' });
    } finally {
      p.clock.advanceMinutes(-delta / 60_000);
      cookies.clear(); // sessions opened at the moved clock have ended by the real one
    }
  });

  it('CERT-4: pass or fail is decided from the scores and the standard’s pass mark — a course 12 and a skill 20 sent as passed are refused and nothing is issued; scores at or above the pass mark issue', async () => {
    const electric = await occ('6-31-01-03');
    const person = (n: number) => ({
      name: `课证融通${n}`,
      idNumber: id18(`4101052005010191${n}`),
      studentType: 'junior_college',
      graduationYear: graduatingClass(),
      inSchool: true,
      occupationId: electric,
    });
    const issued = async () =>
      (await p.deps.db.selectFrom('certificates').select('id').where('pathway', '=', 'process').execute()).length;
    const before = await issued();
    const trusted = await as('school-admin', 'POST', '/api/pathways/process', {
      ...person(1),
      courses: [{ name: '电工基础', score: 12, passed: true }],
      skillAssessment: { score: 20, passed: true },
    });
    expect(trusted.status).toBe(422);
    expect(trusted.body.error).toMatchObject({ code: 'VERDICT_CONTRADICTS_SCORE', rule: 'CERT-4' });
    expect(trusted.body.error.message).toContain('电工基础');
    expect(trusted.body.error.message).toContain('技能考核');
    // the same scores without a verdict: refused by the platform's own judgement, naming the course
    const low = await as('school-admin', 'POST', '/api/pathways/process', {
      ...person(1),
      courses: [{ name: '电工基础', score: 12 }],
      skillAssessment: { score: 20 },
    });
    expect(low.body.error).toMatchObject({ code: 'PATHWAY_NOT_APPLICABLE', rule: 'CERT-4' });
    expect(low.body.error.message).toContain('电工基础');
    // a score is required
    const noScore = await as('school-admin', 'POST', '/api/pathways/process', {
      ...person(1),
      courses: [{ name: '电工基础', passed: true }],
      skillAssessment: { score: 80 },
    });
    expect(noScore.status).toBe(400);
    expect(await issued()).toBe(before);
    // the pass mark is the occupation standard's (电工 三级), here raised to 70
    const std = () =>
      p.deps.db.updateTable('occupation_standards').where('occupation_id', '=', electric).where('level', '=', 3);
    await std().set({ pass_mark: 70 }).execute();
    try {
      const under = await as('school-admin', 'POST', '/api/pathways/process', {
        ...person(2),
        courses: [{ name: '电工基础', score: 69.5 }],
        skillAssessment: { score: 90 },
      });
      expect(under.body.error).toMatchObject({ code: 'PATHWAY_NOT_APPLICABLE', rule: 'CERT-4' });
      const at = await as('school-admin', 'POST', '/api/pathways/process', {
        ...person(2),
        courses: [
          { name: '电工基础', score: 70 },
          { name: '电气控制', score: 88, passed: true },
        ],
        skillAssessment: { score: 70 },
      });
      expect(at.status, JSON.stringify(at.body)).toBe(201);
      expect(at.body.level).toBe(3);
      expect(await issued()).toBe(before + 1);
    } finally {
      await std().set({ pass_mark: 60 }).execute();
    }
  });

  it('each pathway keeps its evidence, listed for the institution', async () => {
    const list = (await as('school-admin', 'GET', '/api/pathways')).body;
    // the other pathways have their own files (recognition, competitions, partnerships)
    expect(new Set(list.map((r: any) => r.pathway))).toEqual(new Set(['process']));
  });
});
