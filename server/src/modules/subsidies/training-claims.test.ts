/**
 * Training-subsidy claims through the API, written from 许技领办〔2021〕4号 (seed 002):
 * - 二（四）20 “补贴性培训进系统、系统之外零补贴” (TRAIN-1): only an approved subsidised class is claimed;
 * - 三（三） “能够取得职业资格证书、职业技能等级证书、专项职业能力证书的，必须组织培训学员参加鉴定评价或考核，
 *   对直接组织培训合格证书考核的不予认可” (TRAIN-9): the outcome is the certificate, or the 培训合格证书 of a
 *   completion-only occupation; a failed test earns nothing;
 * - 三（二） attendance and make-ups (TRAIN-10): a trainee whose compliant hours fall short is not paid;
 * - 三（二） 10 working days, 公示, 15 working days (SUB-2/3), and SUB-1's once per person, occupation
 *   and level, whoever trained the person.
 * Amounts are the province's training standard (豫人社规〔2022〕2号: 四级 1,600 yuan; the standard of a
 * 培训合格证书 is set by the province as the training rate of level 0).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestPlatform,
  loginAs,
  makeUser,
  newResidentId,
  TEST_DB,
  type TestPlatform,
} from '../../../test/harness.js';
import { classApplication } from '../../../test/training-fixtures.js';
import { addDays, businessDate } from '../../lib/dates.js';
import { personalData } from '../../lib/personal-data.js';

type M = 'GET' | 'POST' | 'PUT';
const ACCOUNT = {
  payeeName: '郑州培训补贴测试学校',
  payeeBank: '中国工商银行郑州分行',
  payeeAccount: '6222020200112345678',
};
const COMPLETION_FEN = 80_000;

describe(`training-subsidy claims (${TEST_DB})`, () => {
  let p: TestPlatform;
  const occ: Record<string, number> = {};
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
  const today = () => businessDate(p.clock.now(), 'Asia/Shanghai');
  const at = (day: string) => {
    p.clock.set(`${day}T09:00:00+08:00`);
    cookies.clear();
  };
  let seq = 0;

  /** A provider on the catalogue in 郑州市金水区 with its administrator. */
  const provider = async (user: string) => {
    const created = await as('city-admin', 'POST', '/api/training/providers', {
      organisation: { name: `${user} 职业培训学校`, regionCode: '410105' },
      providerType: 'private_school',
      occupationIds: [occ.electric, occ.security],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const year = Number(today().slice(0, 4));
    for (const y of [year - 1, year])
      await as('city-admin', 'POST', `/api/training/providers/${created.body.id}/inspections`, {
        year: y,
        result: 'qualified',
      });
    await makeUser(p.deps, { username: user, role: 'institution_admin', institutionId: created.body.institutionId });
    return created.body.id as number;
  };

  /**
   * A class of `user`'s, applied for, approved by 郑州, with the trainees enrolled (a new person each,
   * or the person given), 1 theory + 3 practical class hours held, recorded and attended on the
   * first day as `attendance(trainee, hour)` says.
   */
  const heldClass = async (
    user: string,
    occupation: string,
    trainees: ({ name: string; idNumber: string } | null)[],
    attendance: (trainee: number, hour: number) => 'present' | 'absent' | 'leave' = () => 'present',
  ) => {
    const c = await as(
      user,
      'POST',
      '/api/training/classes',
      classApplication(occ[occupation], today(), `补贴申领测试班${++seq}`, {
        theoryHours: 1,
        practicalHours: 3,
        ...(occupation !== 'electric' ? { level: null } : {}),
      }),
    );
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect((await as(user, 'POST', `/api/training/classes/${c.body.id}/steps`, { step: 'submit' })).status).toBe(200);
    const a = await as('city-admin', 'POST', `/api/training/classes/${c.body.id}/decision`, { decision: 'approve' });
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    const ids: number[] = [];
    for (const who of trainees) {
      const t = await as(user, 'POST', `/api/training/classes/${c.body.id}/trainees`, {
        ...(who ?? { name: `学员${++seq}`, idNumber: newResidentId() }),
        targetGroup: 'laid_off',
        employmentIntention: true,
      });
      expect(t.status, JSON.stringify(t.body)).toBe(201);
      ids.push(t.body.id);
    }
    const start = a.body.startDate as string;
    const sessions = [
      ...(
        await as(user, 'POST', `/api/training/classes/${c.body.id}/sessions`, {
          heldOn: start,
          startsAt: '08:00',
          kind: 'theory',
          delivery: 'offline',
        })
      ).body,
      ...(
        await as(user, 'POST', `/api/training/classes/${c.body.id}/sessions`, {
          heldOn: start,
          startsAt: '08:45',
          kind: 'practical',
          delivery: 'offline',
          count: 3,
        })
      ).body,
    ] as { id: number; startsAt: string }[];
    at(start);
    for (const [h, s] of sessions.entries()) {
      const rec = await as(user, 'PUT', `/api/training/sessions/${s.id}/recording`, {
        fileName: `${h}.mp4`,
        startsAt: s.startsAt,
        durationMinutes: 45,
      });
      expect(rec.status, JSON.stringify(rec.body)).toBe(200);
      const att = await as(user, 'PUT', `/api/training/sessions/${s.id}/attendance`, {
        entries: ids.map((traineeId, i) => {
          const status = attendance(i, h);
          return { traineeId, status, ...(status === 'leave' ? { leaveNote: '病假条（书面）' } : {}) };
        }),
      });
      expect(att.status, JSON.stringify(att.body)).toBe(200);
    }
    return { id: c.body.id as number, start, trainees: ids, sessions };
  };
  /** The HRSS of the place (金水区) records a completion test the day after the class began. */
  const complete = async (c: { start: string }, traineeId: number, passed: boolean) => {
    at(addDays(c.start, 1));
    const r = await as('jinshui-hrss', 'POST', `/api/training/trainees/${traineeId}/completion`, {
      assessedOn: addDays(c.start, 1),
      passed,
      theoryScore: passed ? 80 : 40,
      practicalScore: passed ? 85 : 50,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body;
  };
  const learnerOf = async (traineeId: number) =>
    (
      await p.deps.db
        .selectFrom('training_trainees')
        .select('learner_id')
        .where('id', '=', traineeId)
        .executeTakeFirstOrThrow()
    ).learner_id;
  /** A skill certificate of the learner in 电工, as the evaluation after training would issue it. */
  const certificate = async (learnerId: number, level: number, issuedOn: string, status = 'valid') => {
    const n = ++seq;
    const pd = personalData(p.deps.config);
    const inst = await p.deps.db.selectFrom('institutions').select('id').executeTakeFirstOrThrow();
    await p.deps.db
      .insertInto('certificates')
      .values({
        number: `S000041${String(900000 + n)}26${level}${String(n).padStart(6, '0')}`,
        kind: 'skill',
        institution_id: inst.id,
        learner_id: learnerId,
        occupation_id: occ.electric,
        work_type: null,
        level,
        pathway: 'exam' as never,
        issued_on: issuedOn,
        status: status as never,
        verify_code: `T${n}`,
        fee: 0,
        source_type: 'test',
        source_id: null,
        holder_name: '学员',
        holder_id_type: 'resident_id',
        holder_id_number_enc: pd.storeIdNumber('certificates.holder_id_number', '110101197001010011').enc,
        holder_id_number_hash: pd.idNumberHash('110101197001010011'),
        institution_name: '测试评价机构',
        filing_no: 'S000041900001',
        occupation_code: '6-31-01-03',
        occupation_name: '电工',
        issued_by: 0,
        created_at: new Date().toISOString(),
        seal: null,
        seal_kid: null,
      })
      .execute();
  };
  const preview = (user: string, classId: number) =>
    as(user, 'POST', '/api/subsidies/training-claims/preview', { classId });
  const byTrainee = (body: { trainees: { traineeId: number }[] }, id: number) =>
    body.trainees.find((t) => t.traineeId === id) as Record<string, unknown>;

  beforeAll(async () => {
    p = await createTestPlatform();
    at('2026-03-02');
    for (const [k, code] of Object.entries({ electric: '6-31-01-03', security: '4-07-05-01' }))
      occ[k] = (
        await p.deps.db.selectFrom('occupations').select('id').where('code', '=', code).executeTakeFirstOrThrow()
      ).id;
    // 保安员 leads only to a 培训合格证书; the province set its hours at 4 (有明确学时规定的除外, TRAIN-3)
    expect(
      (
        await as('province-admin', 'PUT', `/api/training/occupation-settings/${occ.security}`, {
          minHours: 4,
          otherCertificate: null,
          offlinePracticalHours: null,
        })
      ).status,
    ).toBe(200);
    // the province's standard for a 培训合格证书: the training rate of level 0
    const rate = await as('province-admin', 'POST', '/api/subsidy-rates', {
      kind: 'training',
      level: 0,
      amountFen: COMPLETION_FEN,
      validFrom: '2026-01-01',
      source: '测试：培训合格证书补贴标准',
    });
    expect(rate.status, JSON.stringify(rate.body)).toBe(201);
    await makeUser(p.deps, { username: 'jinshui-hrss', role: 'county_hrss', region: '410105' });
    await provider('tc-school');
    await provider('tc-school2');
  }, 300_000);
  afterAll(async () => p?.close());

  it('TRAIN-1: a class not approved, or approved as unsubsidised, is not claimed; another provider’s class is not found', async () => {
    at('2026-03-02');
    const c = await as(
      'tc-school',
      'POST',
      '/api/training/classes',
      classApplication(occ.electric, today(), '未批准班'),
    );
    await as('tc-school', 'POST', `/api/training/classes/${c.body.id}/steps`, { step: 'submit' });
    const r = await preview('tc-school', c.body.id);
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({ code: 'CLASS_NOT_APPROVED', rule: 'TRAIN-1' });
    expect(r.body.error.message).toContain('系统之外零补贴');
    const made = await as('tc-school', 'POST', '/api/subsidies/training-claims', { classId: c.body.id });
    expect(made.body.error).toMatchObject({ code: 'CLASS_NOT_APPROVED', rule: 'TRAIN-1' });

    const u = await as(
      'tc-school',
      'POST',
      '/api/training/classes',
      classApplication(occ.electric, today(), '非补贴班', { subsidised: false }),
    );
    await as('tc-school', 'POST', `/api/training/classes/${u.body.id}/steps`, { step: 'submit' });
    await as('city-admin', 'POST', `/api/training/classes/${u.body.id}/decision`, { decision: 'approve' });
    const unsub = await preview('tc-school', u.body.id);
    expect(unsub.status).toBe(409);
    expect(unsub.body.error.message).toContain('不是补贴性培训班');

    expect((await preview('tc-school2', c.body.id)).status).toBe(404);
  });

  it('TRAIN-9, TRAIN-10: a 培训合格证书 class is paid per trainee who passed with full hours (a make-up after written leave counts); one absent too much, one failed and one not yet assessed are shown with their reasons', async () => {
    at('2026-03-02');
    const c = await heldClass('tc-school', 'security', [null, null, null, null, null], (t, h) =>
      h === 3 && t === 1 ? 'absent' : h === 3 && t === 4 ? 'leave' : 'present',
    );
    const [ok, absent, failed, waiting, madeUp] = c.trainees;
    // on written leave for the last hour, made up the same evening, before the final assessment: it counts
    const makeup = await as('tc-school', 'PUT', `/api/training/sessions/${c.sessions[3].id}/attendance`, {
      entries: [{ traineeId: madeUp, status: 'makeup', makeupOn: c.start }],
    });
    expect(makeup.status, JSON.stringify(makeup.body)).toBe(200);
    await complete(c, madeUp, true);
    await complete(c, ok, true);
    const short = await complete(c, absent, true);
    expect(short).toMatchObject({ passed: true, hoursCounted: 3, certificateNo: null });
    await complete(c, failed, false);
    const r = await preview('tc-school', c.id);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ eligibleCount: 2, eligibleFen: 2 * COMPLETION_FEN, ineligibleCount: 3 });
    expect(byTrainee(r.body, madeUp)).toMatchObject({ hoursCounted: 4, reason: null, amountFen: COMPLETION_FEN });
    expect(byTrainee(r.body, ok)).toMatchObject({
      outcome: 'completion_certificate',
      level: 0,
      hoursCounted: 4,
      hoursPlanned: 4,
      amountFen: COMPLETION_FEN,
      reason: null,
    });
    expect(byTrainee(r.body, ok).certificateNumber).toMatch(/^PX2026410105/);
    expect(byTrainee(r.body, absent)).toMatchObject({
      outcome: 'passed_hours_short',
      hoursCounted: 3,
      reason: 'hours_short',
      rule: 'TRAIN-10',
      amountFen: 0,
    });
    expect(byTrainee(r.body, absent).reasonText).toContain('合规学时');
    expect(byTrainee(r.body, failed)).toMatchObject({ outcome: 'failed', reason: 'failed', rule: 'TRAIN-9' });
    expect(byTrainee(r.body, waiting)).toMatchObject({ outcome: 'none', reason: 'not_assessed', rule: 'TRAIN-9' });
    // names are masked, no ID number anywhere
    expect(byTrainee(r.body, ok).name).toMatch(/\*/);
    expect(JSON.stringify(r.body)).not.toMatch(/\d{17}[\dX]/);

    const made = await as('tc-school', 'POST', '/api/subsidies/training-claims', { classId: c.id });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ kind: 'training', status: 'draft', lineCount: 2, amountFen: 2 * COMPLETION_FEN });
    const lines = await as('tc-school', 'GET', `/api/subsidies/claims/${made.body.id}/lines`);
    expect(lines.body.items).toHaveLength(2);
    for (const l of lines.body.items)
      expect(l).toMatchObject({
        lineKind: 'training',
        trainingClassId: c.id,
        level: 0,
        amountFen: COMPLETION_FEN,
        status: 'draft',
      });
  });

  it('TRAIN-9: where the occupation has skill-level certificates the trainee is paid by the certificate obtained after the class began, at the province’s training standard of its level (四级 1,600 yuan)', async () => {
    at('2026-03-02');
    const c = await heldClass('tc-school', 'electric', [null, null, null, null]);
    const [four, none, revoked, before] = c.trainees;
    await certificate(await learnerOf(four), 4, addDays(c.start, 20));
    await certificate(await learnerOf(revoked), 4, addDays(c.start, 20), 'revoked');
    await certificate(await learnerOf(before), 4, addDays(c.start, -30));
    at(addDays(c.start, 21));
    const r = await preview('tc-school', c.id);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ certificateRoute: 'skill_level', eligibleCount: 1, eligibleFen: 160_000 });
    expect(byTrainee(r.body, four)).toMatchObject({
      outcome: 'certificate',
      level: 4,
      basisDate: addDays(c.start, 20),
      amountFen: 160_000,
    });
    for (const t of [none, revoked, before])
      expect(byTrainee(r.body, t)).toMatchObject({ outcome: 'none', reason: 'no_certificate', rule: 'TRAIN-9' });
  });

  it('a provider that left the training catalogue (退出目录清单管理) claims nothing, naming the source document', async () => {
    at('2026-03-02');
    const id = await provider('tc-exit');
    const c = await as(
      'tc-exit',
      'POST',
      '/api/training/classes',
      classApplication(occ.electric, today(), '退出前的班'),
    );
    await as('tc-exit', 'POST', `/api/training/classes/${c.body.id}/steps`, { step: 'submit' });
    expect(
      (await as('city-admin', 'POST', `/api/training/classes/${c.body.id}/decision`, { decision: 'approve' })).status,
    ).toBe(200);
    const exit = await as('city-admin', 'POST', `/api/training/providers/${id}/exit`, {
      reason: '培训质量不高，予以退出',
    });
    expect(exit.status, JSON.stringify(exit.body)).toBe(200);
    const r = await preview('tc-exit', c.body.id);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('PROVIDER_NOT_LISTED');
    expect(r.body.error.message).toContain('许技领办〔2021〕4号');
  });

  it('amounts are the platform’s: a claim carrying an amount is refused as an unknown field', async () => {
    const r = await as('tc-school', 'POST', '/api/subsidies/training-claims', { classId: 1, amountFen: 500_000 });
    expect(r.status).toBe(400);
  });

  it('SUB-1, SUB-2, SUB-3: a training claim goes through 郑州’s review and payment; 洛阳’s HRSS cannot see it; a person already subsidised this year is not paid again by another provider’s class', async () => {
    at('2026-03-02');
    const person = { name: '岳云', idNumber: newResidentId() };
    const first = await heldClass('tc-school', 'security', [person]);
    at('2026-03-02');
    const second = await heldClass('tc-school2', 'security', [person, null]);
    await complete(first, first.trainees[0], true);
    await complete(second, second.trainees[0], true);
    await complete(second, second.trainees[1], true);
    const made = await as('tc-school', 'POST', '/api/subsidies/training-claims', { classId: first.id });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const id = made.body.id as number;
    const sub = await as('tc-school', 'POST', `/api/subsidies/claims/${id}/submit`, ACCOUNT);
    expect(sub.status, JSON.stringify(sub.body)).toBe(200);
    expect(sub.body).toMatchObject({ status: 'submitted', stage: 'accept' });

    // the same person in another provider's class: the slot is held (申领中), then paid (已拨付)
    const held = await preview('tc-school2', second.id);
    expect(byTrainee(held.body, second.trainees[0])).toMatchObject({ reason: 'already_claimed', rule: 'SUB-1' });
    expect(byTrainee(held.body, second.trainees[1])).toMatchObject({ reason: null, amountFen: COMPLETION_FEN });

    // another city's HRSS: not found, audited as a denial
    const other = await as('luoyang-admin', 'POST', `/api/subsidies/claims/${id}/review`, { step: 'accept' });
    expect(other.status).toBe(404);
    expect((await as('luoyang-admin', 'GET', `/api/subsidies/claims/${id}`)).status).toBe(404);

    expect((await as('city-admin', 'POST', `/api/subsidies/claims/${id}/review`, { step: 'accept' })).status).toBe(200);
    const ap = await as('city-admin', 'POST', `/api/subsidies/claims/${id}/review`, { step: 'approve' });
    expect(ap.status, JSON.stringify(ap.body)).toBe(200);
    at(addDays(ap.body.publicityUntil, 1));
    const fa = await as('city-finance', 'POST', `/api/subsidies/claims/${id}/finance`, { step: 'finance_approve' });
    expect(fa.status, JSON.stringify(fa.body)).toBe(200);
    const pay = await as('city-finance', 'POST', `/api/subsidies/claims/${id}/finance`, {
      step: 'pay',
      voucherNo: 'PX-1',
    });
    expect(pay.status, JSON.stringify(pay.body)).toBe(200);
    expect(pay.body).toMatchObject({ status: 'paid', payment: { amountFen: COMPLETION_FEN } });

    const paid = await preview('tc-school2', second.id);
    expect(byTrainee(paid.body, second.trainees[0])).toMatchObject({ reason: 'already_paid', rule: 'SUB-1' });
    const made2 = await as('tc-school2', 'POST', '/api/subsidies/training-claims', { classId: second.id });
    expect(made2.body).toMatchObject({ lineCount: 1, amountFen: COMPLETION_FEN });
  });

  it('TRAIN-13: a 洛阳 provider’s class held in 郑州 is claimed to 郑州: 郑州’s HRSS reviews it, 洛阳’s reads it and its review is refused, 开封’s does not see it', async () => {
    at('2026-03-02');
    const created = await as('luoyang-admin', 'POST', '/api/training/providers', {
      organisation: { name: '洛阳跨区域测试职业培训学校', regionCode: '410305' },
      providerType: 'private_school',
      occupationIds: [occ.electric, occ.security],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const year = Number(today().slice(0, 4));
    for (const y of [year - 1, year])
      await as('luoyang-admin', 'POST', `/api/training/providers/${created.body.id}/inspections`, {
        year: y,
        result: 'qualified',
      });
    await makeUser(p.deps, {
      username: 'ly-school',
      role: 'institution_admin',
      institutionId: created.body.institutionId,
    });
    await makeUser(p.deps, { username: 'kaifeng-hrss', role: 'city_hrss', region: '410200' });
    // the cross-region filing agreed by 郑州 (TRAIN-13)
    const f = await as('ly-school', 'POST', '/api/training/filings', {
      regionCode: '410100',
      validFrom: `${year}-01-01`,
      validUntil: addDays(today(), 365),
    });
    expect(f.status, JSON.stringify(f.body)).toBe(201);
    expect(
      (await as('city-admin', 'POST', `/api/training/filings/${f.body.id}/decision`, { decision: 'approve' })).status,
    ).toBe(200);
    const c = await heldClass('ly-school', 'security', [null]);
    await complete(c, c.trainees[0], true);
    const made = await as('ly-school', 'POST', '/api/subsidies/training-claims', { classId: c.id });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    // paid from the fund of the place, which the claim names as people name places
    expect(made.body).toMatchObject({
      fundRegionCode: '410100',
      amountFen: COMPLETION_FEN,
      placeRegionCode: '410105',
      placeName: '郑州市 金水区',
    });
    const id = made.body.id as number;
    const listed = (await as('luoyang-admin', 'GET', '/api/subsidies/claims')).body.items.find(
      (x: { id: number }) => x.id === id,
    );
    expect(listed).toMatchObject({ institutionName: '洛阳跨区域测试职业培训学校', placeName: '郑州市 金水区' });
    const submitted = async (user: string) =>
      (await as(user, 'GET', '/api/subsidies/queue')).body.stages.find(
        (x: { status: string }) => x.status === 'submitted',
      ).count as number;
    const [homeBefore, placeBefore] = [await submitted('luoyang-admin'), await submitted('city-admin')];
    expect((await as('ly-school', 'POST', `/api/subsidies/claims/${id}/submit`, ACCOUNT)).status).toBe(200);
    // it waits in the place's queue, not in the home city's
    expect(await submitted('city-admin')).toBe(placeBefore + 1);
    expect(await submitted('luoyang-admin')).toBe(homeBefore);

    // the provider's home city reads it, and is refused the review with the rule
    expect((await as('luoyang-admin', 'GET', `/api/subsidies/claims/${id}`)).status).toBe(200);
    const home = await as('luoyang-admin', 'POST', `/api/subsidies/claims/${id}/review`, { step: 'accept' });
    expect(home.status).toBe(403);
    expect(home.body.error).toMatchObject({ code: 'CLAIM_NOT_PLACE_OF_TRAINING', rule: 'TRAIN-13' });
    // a third city neither sees nor reviews it
    expect((await as('kaifeng-hrss', 'GET', `/api/subsidies/claims/${id}`)).status).toBe(404);
    expect((await as('kaifeng-hrss', 'POST', `/api/subsidies/claims/${id}/review`, { step: 'accept' })).status).toBe(
      404,
    );
    const list = await as('kaifeng-hrss', 'GET', '/api/subsidies/claims');
    expect(list.body.items.map((x: { id: number }) => x.id)).not.toContain(id);
    // the place reviews it
    const acc = await as('city-admin', 'POST', `/api/subsidies/claims/${id}/review`, { step: 'accept' });
    expect(acc.status, JSON.stringify(acc.body)).toBe(200);
    expect(acc.body).toMatchObject({ status: 'accepted' });
  });

  it('TRAIN-9, SUB-1: a recorded 国家职业资格证书 pays the training standard of its level, a 专项职业能力证书 the special-ability standard, a 特种作业操作证 the province’s standard; a revoked one pays nothing; once per person and occupation', async () => {
    at('2026-03-02');
    // three occupations without skill-level certificates, whose settings name another certificate
    const free = await p.deps.db
      .selectFrom('occupations')
      .select('id')
      .where('id', 'not in', (eb) => eb.selectFrom('institution_scopes').select('occupation_id'))
      .where('id', '!=', occ.security)
      .orderBy('id')
      .limit(3)
      .execute();
    expect(free.length).toBe(3);
    [occ.qual, occ.ability, occ.operation] = free.map((r) => r.id);
    for (const [k, kind] of [
      ['qual', 'qualification'],
      ['ability', 'special_ability'],
      ['operation', 'special_operation'],
    ] as const)
      expect(
        (
          await as('province-admin', 'PUT', `/api/training/occupation-settings/${occ[k]}`, {
            minHours: null,
            otherCertificate: kind,
            offlinePracticalHours: null,
          })
        ).status,
      ).toBe(200);
    // no Henan figure for a 特种作业操作证: the province sets one
    const rate = await as('province-admin', 'POST', '/api/subsidy-rates', {
      kind: 'special_operation',
      level: 0,
      amountFen: 30_000,
      validFrom: '2026-01-01',
      source: '测试：特种作业操作证培训补贴标准',
    });
    expect(rate.status, JSON.stringify(rate.body)).toBe(201);
    const created = await as('city-admin', 'POST', '/api/training/providers', {
      organisation: { name: '其他证书测试职业培训学校', regionCode: '410105' },
      providerType: 'private_school',
      occupationIds: [occ.qual, occ.ability, occ.operation],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    for (const y of [2025, 2026])
      await as('city-admin', 'POST', `/api/training/providers/${created.body.id}/inspections`, {
        year: y,
        result: 'qualified',
      });
    await makeUser(p.deps, {
      username: 'oc-school',
      role: 'institution_admin',
      institutionId: created.body.institutionId,
    });
    const people = Array.from({ length: 4 }, (_, i) => ({ name: `证书学员${i}`, idNumber: newResidentId() }));
    const qc = await heldClass('oc-school', 'qual', [people[0], people[1]]);
    expect((await as('city-admin', 'GET', `/api/training/classes/${qc.id}`)).body.certificateRoute).toBe(
      'qualification',
    );
    at('2026-03-02');
    const ac = await heldClass('oc-school', 'ability', [people[2]]);
    at('2026-03-02');
    const oc = await heldClass('oc-school', 'operation', [people[3]]);
    at(addDays(qc.start, 20));
    const record = (
      who: { name: string; idNumber: string },
      kind: string,
      occupationId: number,
      n: string,
      extra = {},
    ) =>
      as('city-admin', 'POST', '/api/other-certificates', {
        kind,
        ...who,
        occupationId,
        number: n,
        issuedOn: addDays(qc.start, 20),
        issuingBody: '测试发证机关',
        ...extra,
      });
    // the kind decides whether a level is given
    expect((await record(people[0], 'qualification', occ.qual, 'Q-1')).body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect((await record(people[2], 'special_ability', occ.ability, 'A-1', { level: 3 })).status).toBe(400);
    const q0 = await record(people[0], 'qualification', occ.qual, 'Q-1', { level: 3 });
    expect(q0.status, JSON.stringify(q0.body)).toBe(201);
    // masked in the answer, sealed at rest
    expect(q0.body.holderIdNumber).not.toBe(people[0].idNumber);
    expect(q0.body.holderIdNumber).toMatch(/\*/);
    expect(JSON.stringify(await p.deps.db.selectFrom('other_certificates').selectAll().execute())).not.toContain(
      people[0].idNumber,
    );
    expect((await record(people[0], 'qualification', occ.qual, 'Q-1', { level: 3 })).status).toBe(409);
    const q1 = await record(people[1], 'qualification', occ.qual, 'Q-2', { level: 4 });
    const revoked = await as('city-admin', 'POST', `/api/other-certificates/${q1.body.id}/revoke`, {
      reason: '考核鉴定材料不实，撤销证书',
    });
    expect(revoked.body).toMatchObject({ status: 'revoked' });
    expect((await record(people[2], 'special_ability', occ.ability, 'A-1')).status).toBe(201);
    expect((await record(people[3], 'special_operation', occ.operation, 'T-1', { item: '低压电工作业' })).status).toBe(
      201,
    );
    // another city's HRSS does not see 郑州's records
    await makeUser(p.deps, { username: 'kaifeng-hrss2', role: 'city_hrss', region: '410200' });
    expect((await as('kaifeng-hrss2', 'GET', `/api/other-certificates/${q0.body.id}`)).status).toBe(404);
    const mine = await as('city-admin', 'GET', `/api/other-certificates?learnerId=${q0.body.learnerId}`);
    expect(mine.body.items.map((x: { number: string }) => x.number)).toEqual(['Q-1']);

    const qp = await preview('oc-school', qc.id);
    expect(qp.status, JSON.stringify(qp.body)).toBe(200);
    expect(qp.body).toMatchObject({ certificateRoute: 'qualification', eligibleCount: 1, eligibleFen: 200_000 });
    expect(byTrainee(qp.body, qc.trainees[0])).toMatchObject({
      outcome: 'certificate',
      level: 3,
      certificateNumber: 'Q-1',
    });
    expect(byTrainee(qp.body, qc.trainees[1])).toMatchObject({ reason: 'no_certificate', rule: 'TRAIN-9' });
    const ap = await preview('oc-school', ac.id);
    expect(byTrainee(ap.body, ac.trainees[0])).toMatchObject({ outcome: 'certificate', level: 0, amountFen: 10_000 });
    const op = await preview('oc-school', oc.id);
    expect(byTrainee(op.body, oc.trainees[0])).toMatchObject({ outcome: 'certificate', level: 0, amountFen: 30_000 });

    // SUB-1: the same person trained again in the occupation is not paid twice
    const made = await as('oc-school', 'POST', '/api/subsidies/training-claims', { classId: ac.id });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect((await as('oc-school', 'POST', `/api/subsidies/claims/${made.body.id}/submit`, ACCOUNT)).status).toBe(200);
    at('2026-03-02');
    const again = await heldClass('oc-school', 'ability', [people[2]]);
    at(addDays(again.start, 20));
    expect((await record(people[2], 'special_ability', occ.ability, 'A-2')).status).toBe(201);
    const held = await preview('oc-school', again.id);
    expect(byTrainee(held.body, again.trainees[0])).toMatchObject({ reason: 'already_claimed', rule: 'SUB-1' });

    // a certificate revoked after the claim was made is set aside at submission
    const made2 = await as('oc-school', 'POST', '/api/subsidies/training-claims', { classId: oc.id });
    expect(made2.body).toMatchObject({ lineCount: 1, amountFen: 30_000 });
    const t1 = (await as('city-admin', 'GET', '/api/other-certificates?q=T-1')).body.items[0];
    await as('city-admin', 'POST', `/api/other-certificates/${t1.id}/revoke`, { reason: '发证机关通报证书无效' });
    const sub = await as('oc-school', 'POST', `/api/subsidies/claims/${made2.body.id}/submit`, ACCOUNT);
    // nothing left to hold: refused, naming the revoked certificate, and no slot is taken
    expect(sub.status, JSON.stringify(sub.body)).toBe(409);
    expect(sub.body.error.message).toContain('证书已撤销');
  });
});
