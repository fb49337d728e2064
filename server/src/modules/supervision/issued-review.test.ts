/**
 * 已发证书复核 (issue 10): certificates issued under the earlier readings of the rules are listed
 * for officials, nothing is changed. A chain issues three certificates correctly; the review names
 * none of them. Then the records are altered the way the earlier code (or an edit behind the
 * platform's back) left them, and the review names each certificate with its rule.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestPlatform,
  graduatingClassNow,
  jobAnswer,
  loginAs,
  makeUser,
  TEST_DB,
  type TestPlatform,
} from '../../../test/harness.js';
import { residentIdCheckChar } from '../../lib/identity.js';
import { reviewIssuedCertificates } from './issued-review.service.js';

const id18 = (first17: string) => first17 + residentIdCheckChar(first17);

describe(`issued-certificate review (${TEST_DB})`, () => {
  let p: TestPlatform;
  const cookies = new Map<string, string>();
  const as = async (user: string, method: 'GET' | 'POST', url: string, payload?: object) => {
    if (!cookies.has(user)) cookies.set(user, await loginAs(p.app, user));
    const r = await p.app.inject({
      method,
      url,
      headers: { cookie: cookies.get(user)! },
      ...(payload ? { payload } : {}),
    });
    expect(r.statusCode, `${method} ${url}: ${r.body}`).toBeLessThan(300);
    return JSON.parse(r.body);
  };
  const review = () => reviewIssuedCertificates(p.deps.db, p.deps.config);
  let planId: number;
  let numbers: string[];
  let registrations: { id: number; certificateId: number; learnerId: number }[];
  let examiners: number[];

  beforeAll(async () => {
    p = await createTestPlatform();
    const school = await p.deps.db
      .selectFrom('institutions')
      .select('id')
      .where('name', '=', '郑州智能制造职业学院')
      .executeTakeFirstOrThrow();
    const occ = await p.deps.db
      .selectFrom('occupations')
      .select('id')
      .where('code', '=', '6-31-01-03')
      .executeTakeFirstOrThrow(); // 电工
    examiners = (
      await p.deps.db
        .selectFrom('staff as s')
        .innerJoin('staff_occupations as so', 'so.staff_id', 's.id')
        .select('s.id')
        .where('s.institution_id', '=', school.id)
        .where('so.occupation_id', '=', occ.id)
        .where('s.kind', 'in', ['examiner', 'senior_examiner'])
        .where('s.status', '=', 'active')
        .orderBy('s.id')
        .limit(3)
        .execute()
    ).map((s) => s.id);
    await makeUser(p.deps, { username: 'review-examiner', role: 'examiner', institutionId: school.id });
    planId = (
      await as('school-admin', 'POST', '/api/plans', {
        occupationId: occ.id,
        level: 4,
        year: 2026,
        title: '复核电工四级',
      })
    ).id;
    await as('school-admin', 'POST', `/api/plans/${planId}/publish`);
    const regIds: number[] = [];
    for (let i = 0; i < 3; i++)
      regIds.push(
        (
          await as('school-admin', 'POST', `/api/plans/${planId}/registrations`, {
            name: `复核${'甲乙丙'[i]}`,
            idNumber: id18(`41010520050301${i}77`),
            studentType: 'junior_college',
            graduationYear: graduatingClassNow(p),
            inSchool: true,
          })
        ).id,
      );
    await as('school-admin', 'POST', `/api/plans/${planId}/sessions`, {
      part: 'practical',
      startsAt: '2026-12-05T09:00',
      site: '实训楼',
      rooms: [{ room: '电工实训室', registrationIds: regIds, staffIds: examiners }],
    });
    await as('review-examiner', 'POST', `/api/plans/${planId}/scores`, {
      entries: regIds.flatMap((id) => [
        { registrationId: id, part: 'theory', score: 75 },
        { registrationId: id, part: 'practical', score: 82 },
      ]),
    });
    await as('school-admin', 'POST', `/api/plans/${planId}/scores/confirm`);
    const pub = await as('school-admin', 'POST', `/api/plans/${planId}/results/publish`);
    p.clock.advanceMinutes(
      Math.ceil((Date.parse(`${pub.publicityUntil}T00:00:00Z`) - p.clock.now().getTime()) / 60_000) + 24 * 60 + 1,
    );
    cookies.clear();
    await as('school-admin', 'POST', `/api/plans/${planId}/finalize`);
    // issuing runs as a job (202): the numbers are in its result once it has ended
    const cookie = cookies.get('school-admin')!;
    const started = await p.app.inject({ method: 'POST', url: `/api/plans/${planId}/issue`, headers: { cookie } });
    numbers = (await jobAnswer(p.app, cookie, started)).body.numbers;
    registrations = (await as('school-admin', 'GET', `/api/plans/${planId}`)).registrations;
  });
  afterAll(async () => p?.close());

  it('certificates issued by the rules as they read now are not listed (the demo data included)', async () => {
    expect(numbers).toHaveLength(3);
    const r = await review();
    expect(r.certificates).toEqual([]);
    expect(r.reviewed.length).toBeGreaterThanOrEqual(3);
  });

  it('CERT-2 / INST-3 / CERT-7: altered records are named with their rule; holders masked; nothing changed', async () => {
    const [a, b, c] = registrations;
    const certOf = async (id: number) =>
      p.deps.db.selectFrom('certificates').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const before = await certOf(a.certificateId);
    // CERT-4: a later confirmed version of a's theory score below the pass mark of 60
    const entry = await p.deps.db
      .insertInto('score_entries')
      .values({
        registration_id: a.id,
        part: 'theory',
        version: 2,
        score_x10: 120,
        reason: '旧系统导入',
        entered_by: 1,
        entered_at: p.clock.now().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await p.deps.db
      .insertInto('score_confirmations')
      .values({ entry_id: entry.id, confirmed_by: 2, confirmed_at: p.clock.now().toISOString() })
      .execute();
    // INST-3: one of the room's examiners was qualified in another occupation only
    const other = await p.deps.db
      .selectFrom('occupations')
      .select('id')
      .where('code', '=', '6-18-01-01')
      .executeTakeFirstOrThrow();
    await p.deps.db.deleteFrom('staff_occupations').where('staff_id', '=', examiners[0]).execute();
    await p.deps.db
      .insertInto('staff_occupations')
      .values({ staff_id: examiners[0], occupation_id: other.id })
      .execute();
    // CERT-7: b's certificate dated by the server's UTC date at 07:30 Beijing time on 1 January 2027
    await p.deps.db
      .updateTable('certificates')
      .set({ created_at: '2026-12-31T23:30:00.000Z', issued_on: '2026-12-31' })
      .where('id', '=', b.certificateId)
      .execute();
    // CERT-2: c, registered before registrations kept the situation they were judged on, is an
    // in-school 中职 student, and the plan (as the old code allowed) 三级
    await p.deps.db.updateTable('registrations').set({ situation_json: null }).where('id', '=', c.id).execute();
    await p.deps.db
      .updateTable('learners')
      .set({ student_type: 'secondary_vocational', in_school: 1 })
      .where('id', '=', c.learnerId)
      .execute();
    await p.deps.db.updateTable('evaluation_plans').set({ level: 3 }).where('id', '=', planId).execute();

    const r = await review();
    const byNumber = new Map(r.certificates.map((x) => [x.number, x]));
    const rulesOf = (certificateId: number) =>
      [...byNumber.values()]
        .find((x) => x.number === numbers[registrations.findIndex((g) => g.certificateId === certificateId)])
        ?.findings.map((f) => f.rule)
        .sort();
    expect(rulesOf(a.certificateId)).toEqual(['CERT-2', 'INST-3']);
    expect(rulesOf(b.certificateId)).toEqual(['CERT-7', 'INST-3']);
    expect(rulesOf(c.certificateId)).toEqual(['CERT-2', 'INST-3']);
    const fa = byNumber.get(numbers[0])!;
    expect(fa.findings.find((f) => f.rule === 'CERT-2')).toMatchObject({
      ruleTitle: '考试考核',
      reason: '理论知识考试 12 分，未达合格线 60 分',
    });
    expect(fa.findings.find((f) => f.rule === 'INST-3')!.reason).toContain('不具备电工的考评资格');
    expect(r.byRule).toEqual({ 'CERT-7': 1, 'CERT-2': 2, 'INST-3': 3 });
    // masked: no full ID number anywhere in the list
    expect(JSON.stringify(r)).not.toMatch(/41010520050301\d/);
    expect(fa.holder).toContain('*');
    // read only: the certificate is untouched
    expect(await certOf(a.certificateId)).toEqual(before);
    // a region outside the institution's subtree sees none of them
    expect((await reviewIssuedCertificates(p.deps.db, p.deps.config, { regionPrefix: '4102' })).certificates).toEqual(
      [],
    );
  });

  it('CERT-4 / CERT-5: a process-based certificate on failing scores sent as passed, and a competition award under unapproved rules, are named', async () => {
    const [d, e] = await p.deps.db
      .selectFrom('certificates')
      .select(['id', 'number', 'institution_id', 'learner_id', 'occupation_id', 'level'])
      .where('pathway', '=', 'exam')
      .orderBy('id')
      .limit(2)
      .execute();
    const now = p.clock.now().toISOString();
    const record = (c: typeof d, pathway: 'process' | 'competition', extra: object) => ({
      pathway,
      institution_id: c.institution_id,
      learner_id: c.learner_id,
      occupation_id: c.occupation_id,
      level: c.level,
      year: 2026,
      certificate_id: c.id,
      decided_by: 1,
      created_at: now,
      source_type: null,
      source_id: null,
      evidence_json: '{}',
      ...extra,
    });
    // the case: a course of 12 and a skill score of 20, both sent as passed
    await p.deps.db
      .insertInto('pathway_records')
      .values(
        record(d, 'process', {
          evidence_json: JSON.stringify({
            courses: [{ name: '电工基础', score: 12, passed: true }],
            skillAssessment: { score: 20, passed: true },
          }),
        }),
      )
      .execute();
    // a school contest whose rule "top 100% → 三级" was never approved
    const comp = await p.deps.db
      .insertInto('competitions')
      .values({
        institution_id: e.institution_id,
        name: '校级技能节',
        tier: 'school',
        year: 2026,
        occupation_id: e.occupation_id,
        rules_json: JSON.stringify([{ topPercent: 100, level: 3 }]),
        participants: 20,
        created_by: 1,
        created_at: now,
        status: 'submitted',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await p.deps.db
      .insertInto('pathway_records')
      .values(
        record(e, 'competition', { source_type: 'competition', source_id: comp.id, evidence_json: '{"rank":20}' }),
      )
      .execute();
    const r = await review();
    const of = (n: string) => r.certificates.find((x) => x.number === n)?.findings ?? [];
    const cert4 = of(d.number).find((f) => f.rule === 'CERT-4');
    expect(cert4?.reason).toContain('电工基础、技能考核未达合格线');
    const cert5 = of(e.number).find((f) => f.rule === 'CERT-5');
    expect(cert5?.reason).toContain('未经备案人社部门批准');
    expect(cert5?.reason).toContain('按现行上限');
  });
});
