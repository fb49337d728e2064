/**
 * CERT-6 enterprise cooperation through the API, from the Sichuan pilot notice 五（一）: 深化企校合作、
 * 产教融合，依托合作企业对院校学生开展职业技能等级认定工作……由已备案开展职业技能等级认定的企业，通过企校
 * 合作方式，参与院校人才培养评价，为学生提供职业技能等级认定服务，颁发职业技能等级证书. An agreement
 * is between a filed enterprise and a filed school, takes effect when the school accepts it and is
 * recorded with the enterprise's filing authority; the candidates are the school's students; the
 * standard's eligibility, the 中职 cap and the pass mark apply as in the exam pathway (CERT-2).
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
import { businessDate } from '../../lib/dates.js';
import { residentIdCheckChar } from '../../lib/identity.js';
import { insertLearnerIfAbsent } from '../people/learners.queries.js';
import { newPersonRow } from '../people/id-numbers.service.js';
import { personalData } from '../../lib/personal-data.js';
import { parseCertificateNumber } from '../certificates/certificate-number.js';
import { reviewEnterpriseCertificates } from './issued-review.js';

const id18 = (first17: string) => first17 + residentIdCheckChar(first17);
type M = 'GET' | 'POST';

describe(`CERT-6 enterprise cooperation (${TEST_DB})`, () => {
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
  const inst = async (name: string) =>
    (await p.deps.db.selectFrom('institutions').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  const occ = async (code: string) =>
    (await p.deps.db.selectFrom('occupations').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
  const today = () => businessDate(p.clock.now(), p.deps.config.businessTimeZone);
  const thisYear = () => Number(today().slice(0, 4));
  /** A person on a school's roster, as the school recorded them. */
  const onRoster = async (
    name: string,
    first17: string,
    f: { school: number; studentType: string; inSchool: boolean; graduationYear: number },
  ) =>
    (await insertLearnerIfAbsent(
      p.deps.db,
      newPersonRow(
        personalData(p.deps.config),
        {
          name,
          id_type: 'resident_id',
          id_number: id18(first17),
          birth_date: `${first17.slice(6, 10)}-${first17.slice(10, 12)}-${first17.slice(12, 14)}`,
          school_institution_id: f.school,
          student_type: f.studentType,
          in_school: f.inSchool ? 1 : 0,
          graduation_year: f.graduationYear,
        },
        new Date().toISOString(),
      ),
    ))!.id;
  const issuedByYutong = async () =>
    (await p.deps.db.selectFrom('certificates').select('id').where('source_type', '=', 'partnership').execute()).length;
  let kaifeng: number; // 开封市中等职业学校: a filed local 中职 in 开封
  let smart: number; // 郑州智能制造职业学院: the demo school
  let elec: number; // 电工, in 宇通's filed scope at 五级–二级
  let agreement: number; // 宇通 × 开封市中等职业学校, once accepted
  let demoAgreement: number; // 宇通 × 郑州智能制造职业学院, accepted in the demo data
  const evaluate = (extra: object) =>
    as('enterprise-admin', 'POST', '/api/pathways/enterprise', {
      occupationId: elec,
      scores: { theory: 80, practical: 85 },
      ...extra,
    });

  beforeAll(async () => {
    p = await createTestPlatform();
    kaifeng = await inst('开封市中等职业学校');
    smart = await inst('郑州智能制造职业学院');
    elec = await occ('6-31-01-03');
    await makeUser(p.deps, { username: 'kaifeng-admin', role: 'institution_admin', institutionId: kaifeng });
    await makeUser(p.deps, { username: 'kaifeng-hrss', role: 'city_hrss', region: '410200' });
    demoAgreement = (
      await p.deps.db
        .selectFrom('partnerships')
        .select('id')
        .where('school_id', '=', smart)
        .where('status', '=', 'accepted')
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(async () => p?.close());

  it('CERT-6: a partnership is between a filed enterprise and a filed school — a proposal to an unfiled school in another city, to a body that is not a school, or by a school is refused', async () => {
    const validity = {
      agreement: '企校合作评价协议',
      validFrom: `${thisYear()}-01-01`,
      validUntil: `${thisYear() + 2}-12-31`,
    };
    const unfiled = await as('enterprise-admin', 'POST', '/api/partnerships', {
      ...validity,
      schoolId: await inst('永城市职业中专'),
    });
    expect(unfiled.status).toBe(409);
    expect(unfiled.body.error).toMatchObject({ code: 'PARTNER_NOT_FILED', rule: 'CERT-6' });
    expect(unfiled.body.error.message).toContain('尚未备案');
    const revoked = await as('enterprise-admin', 'POST', '/api/partnerships', {
      ...validity,
      schoolId: await inst('濮阳石化职业技术学院'),
    });
    expect(revoked.body.error).toMatchObject({ code: 'PARTNER_NOT_FILED', rule: 'CERT-6' });
    const notSchool = await as('enterprise-admin', 'POST', '/api/partnerships', {
      ...validity,
      schoolId: await inst('中原数字技能培训评价中心'),
    });
    expect(notSchool.body.error).toMatchObject({ code: 'PATHWAY_NOT_APPLICABLE', rule: 'CERT-6' });
    const bySchool = await as('kaifeng-admin', 'POST', '/api/partnerships', { ...validity, schoolId: smart });
    expect(bySchool.body.error).toMatchObject({ code: 'PATHWAY_NOT_APPLICABLE', rule: 'CERT-6' });
    const none = await p.deps.db
      .selectFrom('partnerships')
      .select('id')
      .where('school_id', 'in', [await inst('永城市职业中专'), await inst('濮阳石化职业技术学院')])
      .execute();
    expect(none).toEqual([]);
  });

  it('CERT-6: a partnership needs the school’s acceptance — the enterprise cannot accept its own proposal or evaluate before the school accepts; a declined proposal never allows evaluation', async () => {
    const student = await onRoster('开封甲', `410204${thisYear() - 18}0301001`, {
      school: kaifeng,
      studentType: 'secondary_vocational',
      inSchool: true,
      graduationYear: graduatingClassNow(p),
    });
    expect(student).toBeGreaterThan(0);
    const candidate = { name: '开封甲', idNumber: id18(`410204${thisYear() - 18}0301001`), level: 5 };
    const body = {
      schoolId: kaifeng,
      agreement: '宇通—开封中职 企校合作评价协议',
      validFrom: `${thisYear() - 1}-09-01`,
      validUntil: `${thisYear() + 2}-08-31`,
    };
    const proposed = await as('enterprise-admin', 'POST', '/api/partnerships', body);
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
    expect(proposed.body).toMatchObject({
      status: 'proposed',
      side: 'enterprise',
      steps: ['withdraw'],
      recordedWith: null,
      inForce: false,
    });
    const id = proposed.body.id;
    // the enterprise cannot answer for the school; another school does not even see it
    const self = await as('enterprise-admin', 'POST', `/api/partnerships/${id}/steps`, { step: 'accept' });
    expect(self.status).toBe(403);
    expect(self.body.error).toMatchObject({ code: 'PARTNERSHIP_WRONG_PARTY', rule: 'CERT-6' });
    expect((await as('school-admin', 'POST', `/api/partnerships/${id}/steps`, { step: 'accept' })).status).toBe(404);
    // no evaluation on a proposal
    const early = await evaluate({ ...candidate, partnershipId: id });
    expect(early.status).toBe(403);
    expect(early.body.error).toMatchObject({ code: 'PARTNERSHIP_MISSING', rule: 'CERT-6' });
    expect(early.body.error.message).toContain('尚未经院校接受');
    // one open agreement per pair
    const twice = await as('enterprise-admin', 'POST', '/api/partnerships', body);
    expect(twice.body.error).toMatchObject({ code: 'CONFLICT', rule: 'CERT-6' });
    // the school declines, with its reason
    const why = await as('kaifeng-admin', 'POST', `/api/partnerships/${id}/steps`, { step: 'decline' });
    expect(why.status).toBe(400);
    const declined = await as('kaifeng-admin', 'POST', `/api/partnerships/${id}/steps`, {
      step: 'decline',
      reason: '合作职业与本校专业不符',
    });
    expect(declined.status, JSON.stringify(declined.body)).toBe(200);
    expect(declined.body).toMatchObject({ status: 'declined', decisionReason: '合作职业与本校专业不符', steps: [] });
    expect((await evaluate({ ...candidate, partnershipId: id })).body.error).toMatchObject({
      code: 'PARTNERSHIP_MISSING',
      rule: 'CERT-6',
    });
    const late = await as('kaifeng-admin', 'POST', `/api/partnerships/${id}/steps`, { step: 'accept' });
    expect(late.body.error).toMatchObject({ code: 'PARTNERSHIP_INVALID_STATE', rule: 'CERT-6' });
    // proposed again, and accepted by the school: recorded with 宇通's filing authority, in force
    const again = await as('enterprise-admin', 'POST', '/api/partnerships', body);
    expect(again.status).toBe(201);
    agreement = again.body.id;
    const mine = (await as('kaifeng-admin', 'GET', '/api/partnerships')).body;
    expect(mine.find((x: any) => x.id === agreement)).toMatchObject({ side: 'school', steps: ['accept', 'decline'] });
    const accepted = await as('kaifeng-admin', 'POST', `/api/partnerships/${agreement}/steps`, { step: 'accept' });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toMatchObject({
      status: 'accepted',
      recordedWith: '郑州市人社局',
      inForce: true,
      steps: ['end'],
    });
    expect(await issuedByYutong()).toBe(0);
  });

  it('CERT-6: an accepted partnership is recorded with the enterprise’s filing authority — 郑州市人社局, the province and the school’s city see it; 洛阳 does not; a proposal is not yet recorded', async () => {
    const ids = async (user: string) => ((await as(user, 'GET', '/api/partnerships')).body as any[]).map((x) => x.id);
    const zz = (await as('city-admin', 'GET', '/api/partnerships')).body as any[];
    expect(zz.find((x) => x.id === agreement)).toMatchObject({
      enterpriseName: '郑州宇通客车股份有限公司',
      schoolName: '开封市中等职业学校',
      status: 'accepted',
      recordedWith: '郑州市人社局',
      side: null,
      steps: [],
    });
    expect(await ids('province-admin')).toContain(agreement);
    expect(await ids('kaifeng-hrss')).toContain(agreement);
    expect(await ids('luoyang-admin')).not.toContain(agreement);
    // 宇通's proposal to 河南交通技师学院 (demo data) awaits that school: not in any official's list yet
    const pending = (
      await p.deps.db
        .selectFrom('partnerships')
        .select('id')
        .where('status', '=', 'proposed')
        .where('school_id', '=', await inst('河南交通技师学院'))
        .executeTakeFirstOrThrow()
    ).id;
    expect(await ids('city-admin')).not.toContain(pending);
    expect(await ids('enterprise-admin')).toContain(pending);
    const audit = await p.deps.db
      .selectFrom('audit_log')
      .select(['after_json', 'actor_name'])
      .where('action', '=', 'partnership.accept')
      .where('object_id', '=', String(agreement))
      .executeTakeFirstOrThrow();
    expect(audit.actor_name).toBe('kaifeng-admin');
    expect(JSON.parse(audit.after_json!)).toMatchObject({
      status: 'accepted',
      recordedWith: { department: 'city_hrss', regionCode: '410100' },
    });
  });

  it('CERT-6: candidates come from the partner school’s roster — a person the enterprise names who is not on it, another school’s student or a former graduate is refused, and nobody is registered', async () => {
    const stranger = { name: '现场登记', idNumber: id18(`410204${thisYear() - 17}0101002`) };
    const r = await evaluate({ ...stranger, partnershipId: agreement, level: 5 });
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({ code: 'NOT_A_SCHOOL_STUDENT', rule: 'CERT-6' });
    expect(
      await p.deps.db
        .selectFrom('learners')
        .select('id')
        .where('id_number_hash', '=', personalData(p.deps.config).idNumberHash(stranger.idNumber))
        .executeTakeFirst(),
    ).toBeUndefined();
    // the old way: the enterprise sending the school and the student's data itself
    const old = await as('enterprise-admin', 'POST', '/api/pathways/enterprise', {
      ...stranger,
      studentType: 'secondary_vocational',
      graduationYear: graduatingClassNow(p) + 2,
      inSchool: true,
      schoolId: kaifeng,
      occupationId: elec,
      level: 2,
      theory: 60,
      practical: 60,
    });
    expect(old.status).toBe(400);
    await onRoster('智造学生', `410102${thisYear() - 20}0101003`, {
      school: smart,
      studentType: 'junior_college',
      inSchool: true,
      graduationYear: graduatingClassNow(p),
    });
    const other = await evaluate({
      name: '智造学生',
      idNumber: id18(`410102${thisYear() - 20}0101003`),
      partnershipId: agreement,
      level: 4,
    });
    expect(other.body.error).toMatchObject({ code: 'NOT_A_SCHOOL_STUDENT', rule: 'CERT-6' });
    await onRoster('往届开封', `410204${thisYear() - 24}0101004`, {
      school: kaifeng,
      studentType: 'secondary_vocational',
      inSchool: false,
      graduationYear: graduatingClassNow(p) - 3,
    });
    const former = await evaluate({
      name: '往届开封',
      idNumber: id18(`410204${thisYear() - 24}0101004`),
      partnershipId: agreement,
      level: 4,
    });
    expect(former.body.error).toMatchObject({ code: 'NOT_A_SCHOOL_STUDENT', rule: 'CERT-6' });
    // another enterprise's agreement is not the caller's to use
    await makeUser(p.deps, {
      username: 'yituo-admin',
      role: 'institution_admin',
      institutionId: await inst('洛阳一拖装备制造有限公司'),
    });
    const foreign = await as('yituo-admin', 'POST', '/api/pathways/enterprise', {
      name: '开封甲',
      idNumber: id18(`410204${thisYear() - 18}0301001`),
      partnershipId: agreement,
      occupationId: elec,
      level: 5,
      scores: { theory: 80, practical: 80 },
    });
    expect(foreign.status).toBe(404);
    expect(await issuedByYutong()).toBe(0);
  });

  it('CERT-6: eligibility and the 中职 cap apply as in the exam — a 17-year-old first-year 中职 student is refused 二级 and 三级, and 四级 before the graduating year; 五级 is issued', async () => {
    const first17 = `410204${thisYear() - 17}0101005`;
    await onRoster('一年级中职', first17, {
      school: kaifeng,
      studentType: 'secondary_vocational',
      inSchool: true,
      graduationYear: graduatingClassNow(p) + 2,
    });
    const who = { name: '一年级中职', idNumber: id18(first17), partnershipId: agreement };
    const two = await evaluate({ ...who, level: 2, scores: { theory: 80, practical: 85, panel: 80 } });
    expect(two.status).toBe(409);
    expect(two.body.error).toMatchObject({ code: 'NOT_ELIGIBLE', rule: 'CERT-2' });
    expect(two.body.error.message).toContain('中职学生通过考试最高取得四级');
    const three = await evaluate({ ...who, level: 3, outstandingGraduate: true });
    expect(three.body.error).toMatchObject({ code: 'NOT_ELIGIBLE', rule: 'CERT-2' });
    const four = await evaluate({ ...who, level: 4 });
    expect(four.body.error).toMatchObject({ code: 'NOT_ELIGIBLE', rule: 'CERT-2' });
    expect(four.body.error.message).toContain('毕业年度');
    expect(await issuedByYutong()).toBe(0);
    const five = await evaluate({ ...who, level: 5 });
    expect(five.status, JSON.stringify(five.body)).toBe(201);
    expect(five.body.level).toBe(5);
    expect(parseCertificateNumber(five.body.number)!.level).toBe(5);
    const cert = await p.deps.db
      .selectFrom('certificates')
      .selectAll()
      .where('number', '=', five.body.number)
      .executeTakeFirstOrThrow();
    expect(cert).toMatchObject({ pathway: 'enterprise', institution_name: '郑州宇通客车股份有限公司' });
    const rec = (await as('enterprise-admin', 'GET', '/api/pathways')).body.find(
      (x: any) => x.id === five.body.recordId,
    );
    expect(rec.evidence).toMatchObject({
      partnershipId: agreement,
      schoolName: '开封市中等职业学校',
      passMark: 60,
      scores: [
        { name: '理论知识考试', score: 80, passed: true },
        { name: '操作技能考核', score: 85, passed: true },
      ],
    });
  });

  it('CERT-6: pass or fail is the occupation standard’s — a pass mark sent by the client is refused, every part must reach the standard’s pass mark, each part of the standard is scored', async () => {
    const first17 = `410102${thisYear() - 20}0601006`;
    await onRoster('智造毕业年度', first17, {
      school: smart,
      studentType: 'junior_college',
      inSchool: true,
      graduationYear: graduatingClassNow(p),
    });
    const who = { name: '智造毕业年度', idNumber: id18(first17), partnershipId: demoAgreement, level: 4 };
    const fixed = await evaluate({ ...who, passMark: 60 });
    expect(fixed.status).toBe(400);
    expect(fixed.body.error.code).toBe('UNKNOWN_FIELD');
    const panel = await evaluate({ ...who, scores: { theory: 80, practical: 80, panel: 80 } });
    expect(panel.body.error.details).toEqual([expect.objectContaining({ field: '/scores/panel' })]);
    const std = () =>
      p.deps.db.updateTable('occupation_standards').where('occupation_id', '=', elec).where('level', '=', 4);
    await std().set({ pass_mark: 70 }).execute();
    try {
      const under = await evaluate({ ...who, scores: { theory: 65, practical: 90 } });
      expect(under.status).toBe(409);
      expect(under.body.error).toMatchObject({ code: 'PATHWAY_NOT_APPLICABLE', rule: 'CERT-2' });
      expect(under.body.error.message).toContain('理论知识考试');
      expect(under.body.error.message).toContain('70');
      const at = await evaluate({ ...who, scores: { theory: 70, practical: 70 } });
      expect(at.status, JSON.stringify(at.body)).toBe(201);
      expect(at.body.level).toBe(4);
    } finally {
      await std().set({ pass_mark: 60 }).execute();
    }
  });

  it('CERT-6: the review of issued certificates names an enterprise certificate under an agreement the school never accepted (as the earlier ones were carried over), and scores below the standard’s pass mark (CERT-2)', async () => {
    const first17 = `410102${thisYear() - 20}0601008`;
    await onRoster('智造复核', first17, {
      school: smart,
      studentType: 'junior_college',
      inSchool: true,
      graduationYear: graduatingClassNow(p),
    });
    const r = await evaluate({ name: '智造复核', idNumber: id18(first17), partnershipId: demoAgreement, level: 4 });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const named = async () =>
      (await reviewEnterpriseCertificates(p.deps.db)).filter((f) => f.certificateId === r.body.certificateId);
    expect(await named()).toEqual([]);
    const record = () => p.deps.db.updateTable('pathway_records').where('id', '=', r.body.recordId);
    const before = await p.deps.db
      .selectFrom('pathway_records')
      .select(['source_id', 'evidence_json'])
      .where('id', '=', r.body.recordId)
      .executeTakeFirstOrThrow();
    // as the earlier code could have issued it: under an agreement the enterprise registered itself, theory 55
    const proposal = await p.deps.db
      .insertInto('partnerships')
      .values({
        enterprise_id: await inst('郑州宇通客车股份有限公司'),
        school_id: smart,
        agreement: '企业自行登记的协议',
        valid_from: '2025-01-01',
        valid_until: '2028-12-31',
        status: 'proposed',
        proposed_by: 1,
        proposed_at: '2025-01-01T00:00:00.000Z',
        decided_by: null,
        decided_at: null,
        decision_reason: null,
        recorded_department: null,
        recorded_region_code: null,
        ended_by: null,
        ended_at: null,
        end_reason: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await record()
      .set({ source_id: proposal.id, evidence_json: JSON.stringify({ theory: 55, practical: 85 }) })
      .execute();
    try {
      const found = await named();
      expect(found.map((f) => f.rule).sort()).toEqual(['CERT-2', 'CERT-6']);
      expect(found.find((f) => f.rule === 'CERT-6')!.reason).toContain('未经郑州智能制造职业学院接受');
      expect(found.find((f) => f.rule === 'CERT-2')!.reason).toContain('理论知识考试未达合格线 60 分');
    } finally {
      await record().set({ source_id: before.source_id, evidence_json: before.evidence_json }).execute();
    }
  });

  it('CERT-6: the level is within the enterprise’s filed scope (INST-4)', async () => {
    const first17 = `410102${thisYear() - 20}0601007`;
    await onRoster('智造范围', first17, {
      school: smart,
      studentType: 'junior_college',
      inSchool: true,
      graduationYear: graduatingClassNow(p),
    });
    const who = { name: '智造范围', idNumber: id18(first17), partnershipId: demoAgreement };
    const one = await evaluate({ ...who, level: 1, scores: { theory: 90, practical: 90, panel: 90 } });
    expect(one.status).toBe(403);
    expect(one.body.error).toMatchObject({ code: 'OUT_OF_SCOPE', rule: 'INST-4' });
    const weld = await evaluate({ ...who, level: 4, occupationId: await occ('6-18-02-04') });
    expect(weld.body.error).toMatchObject({ code: 'OUT_OF_SCOPE', rule: 'INST-4' });
  });

  it('CERT-6: only an agreement in force allows evaluation — not after its last day, not once ended', async () => {
    const first17 = `410204${thisYear() - 18}0301001`;
    const who = { name: '开封甲', idNumber: id18(first17), partnershipId: agreement, level: 5 };
    const until = (
      await p.deps.db
        .selectFrom('partnerships')
        .select('valid_until')
        .where('id', '=', agreement)
        .executeTakeFirstOrThrow()
    ).valid_until;
    const delta = Date.parse(`${until}T04:00:00Z`) + 86_400_000 - p.clock.now().getTime();
    p.clock.advanceMinutes(delta / 60_000);
    cookies.clear();
    try {
      const expired = await evaluate(who);
      expect(expired.body.error).toMatchObject({ code: 'PARTNERSHIP_MISSING', rule: 'CERT-6' });
      expect(expired.body.error.message).toContain('不在有效期内');
    } finally {
      p.clock.advanceMinutes(-delta / 60_000);
      cookies.clear(); // sessions opened at the moved clock have ended by the real one
    }
    const noReason = await as('kaifeng-admin', 'POST', `/api/partnerships/${agreement}/steps`, { step: 'end' });
    expect(noReason.status).toBe(400);
    const ended = await as('kaifeng-admin', 'POST', `/api/partnerships/${agreement}/steps`, {
      step: 'end',
      reason: '合作期内企业岗位调整，双方协商终止',
    });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    expect(ended.body).toMatchObject({
      status: 'ended',
      inForce: false,
      endReason: '合作期内企业岗位调整，双方协商终止',
    });
    const after = await evaluate(who);
    expect(after.body.error).toMatchObject({ code: 'PARTNERSHIP_MISSING', rule: 'CERT-6' });
    // the ended agreement stays in the officials' list, as ended
    const zz = (await as('city-admin', 'GET', '/api/partnerships')).body as any[];
    expect(zz.find((x) => x.id === agreement)).toMatchObject({ status: 'ended' });
  });
});
