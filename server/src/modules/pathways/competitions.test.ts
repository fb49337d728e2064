/**
 * CERT-5 competitions through the API: award rules are a proposal approved before the contest by
 * the HRSS that filed the organiser (or its superior), within the province's cap per contest tier
 * (practice: city first-class top 10 → 三级, school top 30% → 四级); results count only once
 * approved and held; the 中职 cap (CERT-2) and one competition promotion per person per year apply.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestPlatform,
  graduatingClassNow,
  loginAs,
  makeUser,
  TEST_DB,
  type TestPlatform,
} from '../../../test/harness.js';
import { addDays, businessDate } from '../../lib/dates.js';
import { residentIdCheckChar } from '../../lib/identity.js';
import { parseCertificateNumber } from '../certificates/certificate-number.js';

type M = 'GET' | 'POST' | 'PUT';
const id18 = (first17: string) => first17 + residentIdCheckChar(first17);
const TZ = 'Asia/Shanghai';

describe(`competitions (${TEST_DB})`, () => {
  let p: TestPlatform;
  let electric: number;
  const cookies = new Map<string, string>();
  const as = async (user: string, method: M, url: string, payload?: object) => {
    if (!cookies.has(user)) cookies.set(user, await loginAs(p.app, user));
    const r = await p.app.inject({
      method,
      url,
      headers: { cookie: cookies.get(user)! },
      ...(payload ? { payload } : {}),
    });
    return { status: r.statusCode, body: r.body ? JSON.parse(r.body) : null };
  };
  const today = () => businessDate(p.clock.now(), TZ);
  /** moves the platform's clock to noon (China time) of a business date (sessions expire: sign in again) */
  const goTo = (date: string) => {
    p.clock.set(`${date}T12:00:00+08:00`);
    cookies.clear();
  };
  let seq = 0;
  const proposal = (over: Record<string, unknown> = {}) => ({
    name: `测试竞赛${++seq}`,
    tier: 'school',
    contestDate: addDays(today(), 7),
    occupationId: electric,
    participants: 20,
    rules: [{ topPercent: 30, level: 4 }],
    ...over,
  });
  /** proposes and submits as `org`; answers the submitted competition */
  const submitted = async (org: string, over: Record<string, unknown> = {}) => {
    const c = await as(org, 'POST', '/api/competitions', proposal(over));
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    const s = await as(org, 'POST', `/api/competitions/${c.body.id}/submit`);
    expect(s.status, JSON.stringify(s.body)).toBe(200);
    return s.body;
  };
  /** submitted by `org`, approved by `official`, and the clock moved to the contest day */
  const approvedAndHeld = async (org: string, official: string, over: Record<string, unknown> = {}) => {
    const c = await submitted(org, over);
    const a = await as(official, 'POST', `/api/competitions/${c.id}/decision`, { decision: 'approve' });
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    goTo(c.contestDate);
    return c;
  };

  beforeAll(async () => {
    p = await createTestPlatform();
    electric = (
      await p.deps.db.selectFrom('occupations').select('id').where('code', '=', '6-31-01-03').executeTakeFirstOrThrow()
    ).id;
    // 郑州市第一技师学院: a local 技工院校, filed by 郑州市人社局 (INST-2), so city-admin approves its rules
    const jishi = (
      await p.deps.db
        .selectFrom('institutions')
        .select('id')
        .where('name', '=', '郑州市第一技师学院')
        .executeTakeFirstOrThrow()
    ).id;
    await makeUser(p.deps, { username: 'jishi-admin', role: 'institution_admin', institutionId: jishi });
  });
  afterAll(async () => p?.close());

  it("CERT-5: a school contest's rule 'top 100% → 三级' for 20 entrants is refused at submission — the school tier is capped at top 30% → 四级, a city first-class contest at top 10 → 三级", async () => {
    const caps = (await as('jishi-admin', 'GET', '/api/competition-caps')).body;
    expect(caps.find((c: any) => c.tier === 'school')).toMatchObject({ maxRank: null, maxPercent: 30, maxLevel: 4 });
    expect(caps.find((c: any) => c.tier === 'city_first')).toMatchObject({
      maxRank: 10,
      maxPercent: null,
      maxLevel: 3,
    });

    const all = await as(
      'jishi-admin',
      'POST',
      '/api/competitions',
      proposal({ rules: [{ topPercent: 100, level: 3 }] }),
    );
    expect(all.status).toBe(201);
    expect(all.body).toMatchObject({ status: 'proposed', filedBy: '郑州市人社局', mayDecide: false });
    expect(all.body.overCap).toHaveLength(1);
    const refused = await as('jishi-admin', 'POST', `/api/competitions/${all.body.id}/submit`);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'COMPETITION_RULE_EXCEEDS_CAP', rule: 'CERT-5' });
    expect(refused.body.error.message).toContain('三级高于本级别竞赛最高可认定的四级');
    expect(refused.body.error.message).toContain('覆盖前 20 名，超过上限允许的前 6 名');
    expect(refused.body.error.details[0].field).toBe('/rules/0');
    // nor can its results be counted: it was never approved
    const award = await as('jishi-admin', 'POST', `/api/competitions/${all.body.id}/awards`, {
      name: '末名甲',
      idNumber: id18('41010520050101001'),
      rank: 20,
    });
    expect(award.body.error).toMatchObject({ code: 'COMPETITION_NOT_APPROVED', rule: 'CERT-5' });

    // the level alone, or the reach alone, is enough to refuse
    for (const rules of [[{ topPercent: 30, level: 3 }], [{ topPercent: 35, level: 4 }], [{ maxRank: 7, level: 4 }]]) {
      const c = await as('jishi-admin', 'POST', '/api/competitions', proposal({ rules }));
      const s = await as('jishi-admin', 'POST', `/api/competitions/${c.body.id}/submit`);
      expect(s.body.error?.code, JSON.stringify(rules)).toBe('COMPETITION_RULE_EXCEEDS_CAP');
    }
    // within the caps: school top 30% → 四级 (6 of 20), top 5 → 四级; city first-class top 10 → 三级
    for (const over of [
      { rules: [{ topPercent: 30, level: 4 }] },
      { rules: [{ maxRank: 5, level: 4 }] },
      { tier: 'city_first', participants: 120, rules: [{ maxRank: 10, level: 3 }] },
    ])
      expect((await submitted('jishi-admin', over)).status).toBe('submitted');
    const c = await as(
      'jishi-admin',
      'POST',
      '/api/competitions',
      proposal({ tier: 'city_first', participants: 120, rules: [{ maxRank: 11, level: 3 }] }),
    );
    expect((await as('jishi-admin', 'POST', `/api/competitions/${c.body.id}/submit`)).body.error.code).toBe(
      'COMPETITION_RULE_EXCEEDS_CAP',
    );
    // a rule names a rank cut-off or a share, exactly one
    const both = await as(
      'jishi-admin',
      'POST',
      '/api/competitions',
      proposal({ rules: [{ maxRank: 3, topPercent: 10, level: 4 }] }),
    );
    expect(both.body.error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(both.body.error.details[0].field).toBe('/rules/0');
  });

  it('CERT-5: results are refused until the HRSS that filed the organiser approves the rules; then they count and a certificate is issued', async () => {
    const c = await as('jishi-admin', 'POST', '/api/competitions', proposal({ name: '第一技师学院电工技能竞赛' }));
    const award = (rank: number, first17: string, name = '电工选手') =>
      as('jishi-admin', 'POST', `/api/competitions/${c.body.id}/awards`, { name, idNumber: id18(first17), rank });
    expect((await award(1, '41010520050101011')).body.error).toMatchObject({
      code: 'COMPETITION_NOT_APPROVED',
      rule: 'CERT-5',
    });
    await as('jishi-admin', 'POST', `/api/competitions/${c.body.id}/submit`);
    expect((await award(1, '41010520050101011')).body.error.code).toBe('COMPETITION_NOT_APPROVED');

    // the city official sees it pending, may decide it; another city's official does not see it
    const pending = (await as('city-admin', 'GET', '/api/competitions?status=submitted')).body;
    expect(pending.find((x: any) => x.id === c.body.id)).toMatchObject({
      institutionName: '郑州市第一技师学院',
      filedBy: '郑州市人社局',
      mayDecide: true,
    });
    expect((await as('luoyang-admin', 'GET', '/api/competitions')).body.map((x: any) => x.id)).not.toContain(c.body.id);
    const other = await as('luoyang-admin', 'POST', `/api/competitions/${c.body.id}/decision`, { decision: 'approve' });
    expect(other.status).toBe(404);
    // the organiser cannot approve its own rules
    expect(
      (await as('jishi-admin', 'POST', `/api/competitions/${c.body.id}/decision`, { decision: 'approve' })).status,
    ).toBe(403);

    const ok = await as('city-admin', 'POST', `/api/competitions/${c.body.id}/decision`, {
      decision: 'approve',
      reason: '规则符合校级竞赛取证上限',
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ status: 'approved', decidedByName: '张海涛', mayDecide: false });
    const audit = await p.deps.db
      .selectFrom('audit_log')
      .select(['action', 'actor_name', 'outcome'])
      .where('object_type', '=', 'competition')
      .where('object_id', '=', String(c.body.id))
      .orderBy('id')
      .execute();
    expect(audit.map((a) => `${a.action} ${a.actor_name} ${a.outcome}`)).toEqual([
      'competition.create jishi-admin success',
      'competition.submit jishi-admin success',
      // the other city's attempt, refused as out of scope
      'competition.approve luoyang-admin denied',
      'competition.approve city-admin success',
    ]);

    // approved, but the contest has not taken place yet
    expect((await award(1, '41010520050101011')).body.error).toMatchObject({
      code: 'COMPETITION_NOT_HELD',
      rule: 'CERT-5',
    });
    goTo(c.body.contestDate);
    const won = await award(1, '41010520050101011');
    expect(won.status, JSON.stringify(won.body)).toBe(201);
    expect(won.body.level).toBe(4);
    expect(parseCertificateNumber(won.body.number)!.level).toBe(4);
    const cert = await p.deps.db
      .selectFrom('certificates')
      .select(['pathway', 'source_type', 'source_id'])
      .where('id', '=', won.body.certificateId)
      .executeTakeFirstOrThrow();
    expect(cert).toEqual({ pathway: 'competition', source_type: 'competition', source_id: c.body.id });
    // the institution's pathway records list it with its evidence
    const record = (await as('jishi-admin', 'GET', '/api/pathways')).body.find((r: any) => r.id === won.body.recordId);
    expect(record).toMatchObject({
      pathway: 'competition',
      level: 4,
      evidence: { competition: '第一技师学院电工技能竞赛', rank: 1, participants: 20, approvedBy: '张海涛' },
    });
    // the 7th of 20 is outside the approved top 30% (6 places)
    expect((await award(7, '41010520050101012')).body.error).toMatchObject({
      code: 'PATHWAY_NOT_APPLICABLE',
      rule: 'CERT-5',
    });
    // no change once approved: the rules that count are the ones approved before the contest
    expect((await as('jishi-admin', 'PUT', `/api/competitions/${c.body.id}`, proposal())).body.error.code).toBe(
      'INVALID_TRANSITION',
    );
  });

  it("CERT-5: only the HRSS that filed the organiser (or its superior, as INST-5) approves — a province-filed college's rules are not the city's to approve", async () => {
    // 郑州智能制造职业学院 is a higher vocational college, filed by 河南省人社厅 (INST-2)
    const c = await submitted('school-admin');
    const seen = (await as('city-admin', 'GET', '/api/competitions?status=submitted')).body.find(
      (x: any) => x.id === c.id,
    );
    expect(seen).toMatchObject({ filedBy: '河南省人社厅', mayDecide: false });
    const refused = await as('city-admin', 'POST', `/api/competitions/${c.id}/decision`, { decision: 'approve' });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'NOT_FILING_AUTHORITY', rule: 'CERT-5' });
    const denied = await p.deps.db
      .selectFrom('audit_log')
      .select('outcome')
      .where('action', '=', 'competition.approve')
      .where('object_id', '=', String(c.id))
      .executeTakeFirst();
    expect(denied?.outcome).toBe('denied');
    const ok = await as('province-admin', 'POST', `/api/competitions/${c.id}/decision`, { decision: 'approve' });
    expect(ok.body.status).toBe('approved');
    // the province, superior of 郑州市人社局, may also approve what the city filed
    const city = await submitted('jishi-admin');
    expect(
      (await as('province-admin', 'POST', `/api/competitions/${city.id}/decision`, { decision: 'approve' })).body
        .status,
    ).toBe('approved');
  });

  it('CERT-5: the rules are approved before the contest date — not on it or after, and not submitted then either', async () => {
    const c = await submitted('jishi-admin', { contestDate: addDays(today(), 1) });
    goTo(c.contestDate);
    const late = await as('city-admin', 'POST', `/api/competitions/${c.id}/decision`, { decision: 'approve' });
    expect(late.body.error).toMatchObject({ code: 'COMPETITION_APPROVAL_TOO_LATE', rule: 'CERT-5' });
    const sameDay = await as('jishi-admin', 'POST', '/api/competitions', proposal({ contestDate: today() }));
    expect((await as('jishi-admin', 'POST', `/api/competitions/${sameDay.body.id}/submit`)).body.error).toMatchObject({
      code: 'COMPETITION_APPROVAL_TOO_LATE',
      rule: 'CERT-5',
    });
  });

  it('CERT-5: a rejection carries its reason to the organiser; the rejected rules are revised and submitted again', async () => {
    const c = await submitted('jishi-admin');
    const noReason = await as('city-admin', 'POST', `/api/competitions/${c.id}/decision`, { decision: 'reject' });
    expect(noReason.body.error).toMatchObject({ code: 'VALIDATION_FAILED', rule: 'CERT-5' });
    const r = await as('city-admin', 'POST', `/api/competitions/${c.id}/decision`, {
      decision: 'reject',
      reason: '竞赛内容未融入职业技能标准',
    });
    expect(r.body).toMatchObject({ status: 'rejected', decisionReason: '竞赛内容未融入职业技能标准' });
    expect((await as('jishi-admin', 'GET', '/api/competitions')).body.find((x: any) => x.id === c.id)).toMatchObject({
      status: 'rejected',
      decisionReason: '竞赛内容未融入职业技能标准',
    });
    expect(
      (
        await as('jishi-admin', 'POST', `/api/competitions/${c.id}/awards`, {
          name: '驳回甲',
          idNumber: id18('41010520050101021'),
          rank: 1,
        })
      ).body.error.code,
    ).toBe('COMPETITION_NOT_APPROVED');
    // a second decision on the same submission is refused
    expect(
      (await as('city-admin', 'POST', `/api/competitions/${c.id}/decision`, { decision: 'approve' })).body.error.code,
    ).toBe('INVALID_TRANSITION');
    const revised = await as(
      'jishi-admin',
      'PUT',
      `/api/competitions/${c.id}`,
      proposal({ name: '修改后的电工竞赛', rules: [{ maxRank: 3, level: 4 }] }),
    );
    expect(revised.body).toMatchObject({ status: 'proposed', name: '修改后的电工竞赛' });
    expect((await as('jishi-admin', 'POST', `/api/competitions/${c.id}/submit`)).body.status).toBe('submitted');
  });

  it('CERT-5: the province HRSS edits the tier caps (audited); rules beyond the new cap are refused at submission and at approval', async () => {
    const waiting = await submitted('jishi-admin', { rules: [{ topPercent: 30, level: 4 }] });
    const body = { maxRank: null, maxPercent: 20, maxLevel: 4 };
    expect((await as('city-admin', 'PUT', '/api/competition-caps/school', body)).status).toBe(403);
    const set = await as('province-admin', 'PUT', '/api/competition-caps/school', body);
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toMatchObject({
      tier: 'school',
      maxRank: null,
      maxPercent: 20,
      maxLevel: 4,
      updatedByName: '王建国',
    });
    const audit = await p.deps.db
      .selectFrom('audit_log')
      .select(['before_json', 'after_json'])
      .where('action', '=', 'competition.cap.set')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.before_json!)).toEqual({ maxRank: null, maxPercent: 30, maxLevel: 4 });
    expect(JSON.parse(audit.after_json!)).toEqual(body);
    expect(
      (
        await as('province-admin', 'PUT', '/api/competition-caps/school', {
          maxRank: null,
          maxPercent: null,
          maxLevel: 4,
        })
      ).body.error.code,
    ).toBe('VALIDATION_FAILED');
    try {
      // submitted under the old cap, approved under the new one: refused
      const seen = (await as('city-admin', 'GET', '/api/competitions?status=submitted')).body.find(
        (x: any) => x.id === waiting.id,
      );
      expect(seen.overCap).toHaveLength(1);
      const late = await as('city-admin', 'POST', `/api/competitions/${waiting.id}/decision`, { decision: 'approve' });
      expect(late.body.error).toMatchObject({ code: 'COMPETITION_RULE_EXCEEDS_CAP', rule: 'CERT-5' });
      const c = await as('jishi-admin', 'POST', '/api/competitions', proposal());
      expect((await as('jishi-admin', 'POST', `/api/competitions/${c.body.id}/submit`)).body.error.code).toBe(
        'COMPETITION_RULE_EXCEEDS_CAP',
      );
    } finally {
      await as('province-admin', 'PUT', '/api/competition-caps/school', { maxRank: null, maxPercent: 30, maxLevel: 4 });
    }
  });

  it('CERT-5 (CERT-2): a 中职 student receives at most 四级 from a competition, an outstanding graduate in the graduating year 三级; others what the rule gives', async () => {
    const c = await approvedAndHeld('jishi-admin', 'city-admin', {
      tier: 'city_first',
      participants: 100,
      rules: [{ maxRank: 10, level: 3 }],
    });
    const award = (rank: number, first17: string, f: Record<string, unknown>) =>
      as('jishi-admin', 'POST', `/api/competitions/${c.id}/awards`, {
        name: `选手${rank}`,
        idNumber: id18(first17),
        rank,
        ...f,
      });
    const zz = { studentType: 'secondary_vocational', inSchool: true };
    const notFinal = await award(1, '41010520070101031', { ...zz, graduationYear: graduatingClassNow(p) + 1 });
    expect(notFinal.status, JSON.stringify(notFinal.body)).toBe(201);
    expect(notFinal.body.level).toBe(4);
    const evidence = await p.deps.db
      .selectFrom('pathway_records')
      .select('evidence_json')
      .where('id', '=', notFinal.body.recordId)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(evidence.evidence_json)).toMatchObject({
      ruleLevel: 3,
      secondaryVocationalCap: expect.stringContaining('中职'),
    });
    const finalNotOutstanding = await award(2, '41010520060101032', { ...zz, graduationYear: graduatingClassNow(p) });
    expect(finalNotOutstanding.body.level).toBe(4);
    const outstanding = await award(3, '41010520060101033', {
      ...zz,
      graduationYear: graduatingClassNow(p),
      outstandingGraduate: true,
    });
    expect(outstanding.body.level).toBe(3);
    const college = await award(4, '41010520040101034', {
      studentType: 'junior_college',
      inSchool: true,
      graduationYear: graduatingClassNow(p),
    });
    expect(college.body.level).toBe(3);
    // a teacher (师生: not a student) gets what the rule gives
    expect((await award(5, '41010519800101035', {})).body.level).toBe(3);
  });

  it('CERT-5: one competition promotion per person per year stays; awards never exceed the places the approved rules cover', async () => {
    const a = await approvedAndHeld('jishi-admin', 'city-admin', {
      participants: 10,
      rules: [{ topPercent: 30, level: 4 }],
    });
    const b = await approvedAndHeld('jishi-admin', 'city-admin', {
      participants: 10,
      rules: [{ topPercent: 30, level: 4 }],
    });
    const award = (id: number, rank: number, first17: string) =>
      as('jishi-admin', 'POST', `/api/competitions/${id}/awards`, {
        name: `名额${first17.slice(-2)}`,
        idNumber: id18(first17),
        rank,
      });
    expect((await award(a.id, 1, '41010520050101041')).status).toBe(201);
    expect((await award(b.id, 1, '41010520050101041')).body.error).toMatchObject({
      code: 'ONE_PROMOTION_PER_YEAR',
      rule: 'CERT-5',
    });
    expect((await award(a.id, 2, '41010520050101042')).status).toBe(201);
    expect((await award(a.id, 3, '41010520050101043')).status).toBe(201);
    // top 30% of 10 is 3 places, all awarded: a fourth person claiming a covered rank is refused
    const fourth = await award(a.id, 3, '41010520050101044');
    expect(fourth.body.error).toMatchObject({ code: 'CONFLICT', rule: 'CERT-5' });
    expect((await as('jishi-admin', 'GET', '/api/competitions')).body.find((x: any) => x.id === a.id)).toMatchObject({
      places: 3,
      awarded: 3,
    });
  });
});
