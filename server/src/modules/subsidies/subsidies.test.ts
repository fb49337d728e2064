/**
 * Subsidies through the API (SUB-1 … SUB-4), from the seeds:
 * - 000/001 三（二）: 对院校成立的、经人力资源社会保障部门备案的职业技能评价机构……根据取证等级和数量给予
 *   评价补贴，各院校按照有关程序申领补贴，同一人员同一职业同一等级不得重复申领 (SUB-1);
 * - 002 三（二）: 对申请资金的，主管部门应在10个工作日内完成受理及审核工作，在当地人社部门官方网站等进行
 *   不少于3个工作日的公示（对涉及个人隐私的敏感信息原则上不予公示）；同一笔业务在人社部门、财政部门分别
 *   不得超过15个工作日 (SUB-2, SUB-3); 行动期间优先使用专账资金，专账资金无结余的从就业补助资金中支出;
 * - 002 三（三）: 以虚假培训等套取、骗取资金……予以追缴 (SUB-4).
 * Henan's standards (豫人社规〔2022〕2号): evaluation 200/240/280/350/380 yuan (五级 → 一级), special
 * ability 100, training 1,200 … 5,000, direct recognition at 50%.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import {
  createTestPlatform,
  loginAs,
  makeFiledInstitution,
  makeUser,
  newResidentId,
  TEST_DB,
  type TestPlatform,
} from '../../../test/harness.js';
import type { Actor, RequestContext } from '../../lib/context.js';
import { fieldCipher } from '../../lib/field-crypto.js';
import { personalData } from '../../lib/personal-data.js';
import { newPersonRow } from '../people/id-numbers.service.js';
import { insertLearnerIfAbsent } from '../people/learners.queries.js';
import { submitClaim } from './claim-steps.service.js';
import { createClaimFromCandidates } from './claims.service.js';

type M = 'GET' | 'POST' | 'PATCH' | 'PUT';
const ACCOUNT = { payeeName: '测试评价机构', payeeBank: '中国工商银行郑州分行', payeeAccount: '6222020200198765678' };

describe(`subsidies (${TEST_DB})`, () => {
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
    return {
      status: r.statusCode,
      body: r.headers['content-type']?.toString().includes('json') ? JSON.parse(r.body) : null,
      raw: r.rawPayload,
    };
  };
  /** Moves the platform's clock to a China Standard Time instant; sessions start again. */
  const at = (cst: string) => {
    p.clock.set(`${cst}+08:00`);
    cookies.clear();
  };
  let occ: number; // 电工
  let weld: number; // 焊工
  let seq = 0;
  const person = async (name = '张三丰') =>
    (await insertLearnerIfAbsent(
      p.deps.db,
      newPersonRow(
        personalData(p.deps.config),
        { name, id_type: 'resident_id', id_number: newResidentId() },
        new Date().toISOString(),
      ),
    ))!.id;
  const cert = async (
    institutionId: number,
    learnerId: number,
    f: { occupationId?: number; level?: number; issuedOn?: string; pathway?: string; status?: string } = {},
  ) => {
    const n = ++seq;
    const level = f.level ?? 4;
    const r = await p.deps.db
      .insertInto('certificates')
      .values({
        number: `S000041${String(800000 + n)}25${level}${String(n).padStart(6, '0')}`,
        kind: 'skill',
        institution_id: institutionId,
        learner_id: learnerId,
        occupation_id: f.occupationId ?? occ,
        work_type: null,
        level,
        pathway: (f.pathway ?? 'exam') as never,
        issued_on: f.issuedOn ?? '2025-09-01',
        status: (f.status ?? 'valid') as never,
        verify_code: `V${n}`,
        fee: 0,
        source_type: 'test',
        source_id: null,
        holder_name: '张三丰',
        holder_id_type: 'resident_id',
        holder_id_number_enc: personalData(p.deps.config).storeIdNumber(
          'certificates.holder_id_number',
          '110101197001010011',
        ).enc,
        holder_id_number_hash: personalData(p.deps.config).idNumberHash('110101197001010011'),
        institution_name: '测试机构',
        filing_no: 'S000041800001',
        occupation_code: '6-31-01-03',
        occupation_name: '电工',
        issued_by: 0,
        created_at: new Date().toISOString(),
        seal: null,
        seal_kid: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  };
  /** Lists an institution on the training catalogue (a training claim's claimant). */
  const listAsProvider = async (institutionId: number) => {
    const r = await as('city-admin', 'POST', '/api/training/providers', {
      institutionId,
      providerType: 'private_school',
      occupationIds: [occ],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  };
  /** A filed institution with its administrator (`<username>`), in 郑州市金水区 unless told. */
  const institution = async (username: string, region = '410105') => {
    const id = await makeFiledInstitution(p.deps, { name: `${username} 评价中心`, region, scopes: [] });
    await makeUser(p.deps, { username, role: 'institution_admin', institutionId: id });
    return id;
  };
  const actorOf = async (username: string): Promise<Actor> => {
    const u = await p.deps.db
      .selectFrom('users')
      .select(['id', 'role', 'institution_id'])
      .where('username', '=', username)
      .executeTakeFirstOrThrow();
    return {
      id: u.id,
      username,
      displayName: username,
      role: u.role as Actor['role'],
      regionCode: null,
      regionPath: null,
      institutionId: u.institution_id,
      scopeLabel: username,
      scopePath: [],
    };
  };
  const ctxOf = async (username: string): Promise<RequestContext> => ({
    actor: await actorOf(username),
    ip: null,
    requestId: `test-${username}`,
  });
  const range = { kind: 'evaluation', issuedFrom: '2025-01-01', issuedTo: '2025-12-31' };
  /** Creates a draft claim of every certificate the institution issued in 2025; returns its id. */
  const draft = async (user: string, extra: object = {}) => {
    const r = await as(user, 'POST', '/api/subsidies/claims', { ...range, ...extra });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as number;
  };
  const holding = async (learnerId: number) =>
    (
      await p.deps.db
        .selectFrom('subsidy_claim_lines')
        .select('id')
        .where('learner_id', '=', learnerId)
        .where('status', 'in', ['held', 'paid', 'reversed'])
        .execute()
    ).length;
  /** Walks a claim to `paid` with the demo officials of 郑州 (the clock is moved past the publicity). */
  const payOut = async (claimId: number, day: string) => {
    at(`${day}T09:00:00`);
    expect((await as('city-admin', 'POST', `/api/subsidies/claims/${claimId}/review`, { step: 'accept' })).status).toBe(
      200,
    );
    expect(
      (await as('city-admin', 'POST', `/api/subsidies/claims/${claimId}/review`, { step: 'approve' })).status,
    ).toBe(200);
    const until = (await as('city-admin', 'GET', `/api/subsidies/claims/${claimId}`)).body.publicityUntil as string;
    const next = new Date(Date.parse(`${until}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    at(`${next}T09:00:00`);
    const fa = await as('city-finance', 'POST', `/api/subsidies/claims/${claimId}/finance`, {
      step: 'finance_approve',
    });
    expect(fa.status, JSON.stringify(fa.body)).toBe(200);
    const pay = await as('city-finance', 'POST', `/api/subsidies/claims/${claimId}/finance`, {
      step: 'pay',
      voucherNo: 'PZ-001',
    });
    expect(pay.status, JSON.stringify(pay.body)).toBe(200);
    return pay.body;
  };

  beforeAll(async () => {
    p = await createTestPlatform();
    const ids = async (code: string) =>
      (await p.deps.db.selectFrom('occupations').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
    occ = await ids('6-31-01-03');
    weld = await ids('6-18-02-04');
    // 郑州's special account for 2026 is in the demo data; 洛阳 has a small one and its own finance bureau
    await makeUser(p.deps, { username: 'luoyang-finance', role: 'city_finance', region: '410300' });
  }, 300_000);
  afterAll(async () => {
    await p?.close();
  });

  it("SUB-1: Henan's published standards are the default rates (evaluation 200–380 yuan by level, special ability 100, training 1,200–5,000, recognition at 50%)", async () => {
    const r = await as('school-admin', 'GET', '/api/subsidy-rates');
    expect(r.status).toBe(200);
    const fen = (kind: string, level: number) =>
      r.body.find((x: any) => x.kind === kind && x.level === level && x.validTo === null);
    expect([5, 4, 3, 2, 1].map((l) => fen('evaluation', l).amountFen)).toEqual([20000, 24000, 28000, 35000, 38000]);
    expect([5, 4, 3, 2, 1].map((l) => fen('training', l).amountFen)).toEqual([120000, 160000, 200000, 400000, 500000]);
    expect(fen('special_ability', 0).amountFen).toBe(10000);
    expect(fen('recognition_share', 0).percent).toBe(50);
    expect(fen('evaluation', 4).source).toBe('豫人社规〔2022〕2号');
  });

  it('SUB-1: a line is priced at the rate in force on its date, a direct recognition at 50% of the evaluation rate; the province changes a rate by closing it and adding the next, and a used rate keeps its amount', async () => {
    const inst = await institution('rate-inst');
    await listAsProvider(inst);
    const rates = (await as('province-admin', 'GET', '/api/subsidy-rates')).body;
    const t4 = rates.find((x: any) => x.kind === 'training' && x.level === 4);
    // an overlapping rate is refused; closing the old one first lets the new one in
    const next = {
      kind: 'training',
      level: 4,
      amountFen: 180000,
      validFrom: '2025-07-01',
      source: '测试：2025 年 7 月起调整',
    };
    const clash = await as('province-admin', 'POST', '/api/subsidy-rates', next);
    expect(clash.status).toBe(409);
    expect(clash.body.error).toMatchObject({ code: 'SUBSIDY_RATE_OVERLAP', rule: 'SUB-1' });
    expect((await as('city-admin', 'PATCH', `/api/subsidy-rates/${t4.id}`, { validTo: '2025-06-30' })).status).toBe(
      403,
    );
    expect((await as('province-admin', 'PATCH', `/api/subsidy-rates/${t4.id}`, { validTo: '2025-06-30' })).status).toBe(
      200,
    );
    const added = await as('province-admin', 'POST', '/api/subsidy-rates', next);
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const line = (learnerId: number, basisDate: string) => ({
      lineKind: 'training' as const,
      learnerId,
      occupationId: occ,
      level: 4,
      sourceType: 'training' as const,
      trainingClassId: 1,
      basisDate,
    });
    const { judged } = await createClaimFromCandidates(p.deps, await ctxOf('rate-inst'), {
      kind: 'training',
      title: '培训补贴',
      candidates: [line(await person('李四'), '2025-06-30'), line(await person('王五'), '2025-07-01')],
    });
    expect(judged.map((l) => l.amountFen)).toEqual([160000, 180000]);
    // evaluation: 四级 240 yuan, and half of it for a certificate by direct recognition (CERT-3)
    const exam = await cert(inst, await person('赵六'), { issuedOn: '2025-07-01' });
    const recognised = await cert(inst, await person('钱七'), { issuedOn: '2025-07-01', pathway: 'recognition' });
    const pv = await as('rate-inst', 'POST', '/api/subsidies/claims/preview', range);
    expect(pv.status, JSON.stringify(pv.body)).toBe(200);
    const amount = (id: number) => pv.body.lines.find((l: any) => l.certificateId === id).amountFen;
    expect([amount(exam), amount(recognised)]).toEqual([24000, 12000]);
    expect(pv.body).toMatchObject({ eligibleCount: 2, eligibleFen: 36000, ineligibleCount: 0 });
    // once claim lines are priced with it, a rate keeps its amount and the dates it was used for
    const used = await as('province-admin', 'PATCH', `/api/subsidy-rates/${added.body.id}`, { amountFen: 190000 });
    expect(used.status).toBe(409);
    expect(used.body.error).toMatchObject({ code: 'SUBSIDY_RATE_IN_USE', rule: 'SUB-1' });
    expect((await as('province-admin', 'PATCH', `/api/subsidy-rates/${t4.id}`, { validTo: '2025-06-29' })).status).toBe(
      409,
    );
    expect(
      (await as('province-admin', 'GET', '/api/subsidy-rates')).body.find((x: any) => x.id === added.body.id).usedLines,
    ).toBe(1);
  });

  it('SUB-1: the claim form shows ineligible lines with their reasons before submission — a revoked or suspended certificate, another institution’s, no rate on the date', async () => {
    const inst = await institution('preview-inst');
    const other = await institution('preview-other');
    const ok = await cert(inst, await person('钱七'), { level: 3 });
    const revoked = await cert(inst, await person('孙八'), { status: 'revoked' });
    const suspended = await cert(inst, await person('周九'), { status: 'suspended' });
    const old = await cert(inst, await person('吴十'), { issuedOn: '2021-05-10' });
    const foreign = await cert(other, await person('郑十一'));
    const pv = await as('preview-inst', 'POST', '/api/subsidies/claims/preview', {
      kind: 'evaluation',
      issuedFrom: '2021-01-01',
      issuedTo: '2025-12-31',
      certificateIds: [ok, revoked, suspended, old, foreign],
    });
    expect(pv.status, JSON.stringify(pv.body)).toBe(200);
    const reason = (id: number) => pv.body.lines.find((l: any) => l.certificateId === id).reason;
    expect(reason(ok)).toBeNull();
    expect(reason(revoked)).toBe('revoked');
    expect(reason(suspended)).toBe('suspended');
    expect(reason(old)).toBe('rate_missing');
    expect(reason(foreign)).toBe('not_own');
    expect(pv.body).toMatchObject({ eligibleCount: 1, eligibleFen: 28000, ineligibleCount: 4 });
    expect(pv.body.lines[0].reason).not.toBeNull(); // the ineligible lines come first
    expect(pv.body.lines.every((l: any) => /^.\*+$/.test(l.name))).toBe(true);
    // a draft keeps the eligible lines only
    const id = await draft('preview-inst', {
      issuedFrom: '2021-01-01',
      certificateIds: [ok, revoked, suspended, old, foreign],
    });
    const lines = (await as('preview-inst', 'GET', `/api/subsidies/claims/${id}/lines`)).body;
    expect(lines.items.map((l: any) => l.certificateId)).toEqual([ok]);
    expect(lines.items[0]).toMatchObject({ amountFen: 28000, status: 'draft' });
  });

  it('amounts are computed, never sent: a claim or preview carrying an amount is refused as an unknown field', async () => {
    await institution('amount-inst');
    for (const url of ['/api/subsidies/claims', '/api/subsidies/claims/preview']) {
      const r = await as('amount-inst', 'POST', url, { ...range, amountFen: 99_900 });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('UNKNOWN_FIELD');
    }
    const lines = await as('amount-inst', 'POST', '/api/subsidies/claims', {
      ...range,
      lines: [{ certificateId: 1, amountFen: 99_900 }],
    });
    expect(lines.body.error.code).toBe('UNKNOWN_FIELD');
  });

  it('SUB-1: 20 parallel claims for the same person, occupation and level from 20 institutions yield exactly one payable line; the others are refused 409 with the rule, never 500', async () => {
    const who = await person('欧阳修');
    const claims: { user: string; id: number }[] = [];
    for (let i = 0; i < 20; i++) {
      const user = `race-a${i}`;
      await cert(await institution(user), who, { level: 2, occupationId: weld });
      claims.push({ user, id: await draft(user) });
    }
    const results = await Promise.all(
      claims.map((c) => as(c.user, 'POST', `/api/subsidies/claims/${c.id}/submit`, ACCOUNT)),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, ...Array(19).fill(409)]);
    for (const r of results.filter((x) => x.status === 409))
      expect(r.body.error).toMatchObject({ code: 'SUBSIDY_NOTHING_CLAIMABLE', rule: 'SUB-1' });
    expect(await holding(who)).toBe(1);
    // the winner's line is the one payable; a later preview elsewhere shows it as claimed
    const late = await institution('race-late');
    await cert(late, who, { level: 2, occupationId: weld });
    const pv = await as('race-late', 'POST', '/api/subsidies/claims/preview', range);
    expect(pv.body.lines[0].reason).toBe('already_claimed');
  });

  it('SUB-1: with the application’s check switched off, the partial unique index alone still lets only one of 20 parallel claims hold the line', async () => {
    const who = await person('司马光');
    const ids: { ctx: RequestContext; id: number }[] = [];
    for (let i = 0; i < 20; i++) {
      const user = `race-b${i}`;
      await cert(await institution(user), who, { level: 3, occupationId: weld });
      ids.push({ ctx: await ctxOf(user), id: await draft(user) });
    }
    const settled = await Promise.allSettled(
      ids.map((c) => submitClaim(p.deps, c.ctx, c.id, ACCOUNT, { onceOnlyCheck: false })),
    );
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
    for (const s of settled.filter((x) => x.status === 'rejected'))
      expect((s as PromiseRejectedResult).reason).toMatchObject({ code: 'SUBSIDY_NOTHING_CLAIMABLE', rule: 'SUB-1' });
    expect(await holding(who)).toBe(1);
    const lines = await p.deps.db
      .selectFrom('subsidy_claim_lines')
      .select(['status', 'excluded_reason'])
      .where('learner_id', '=', who)
      .execute();
    expect(lines.filter((l) => l.status === 'held')).toHaveLength(1);
    // and the database itself refuses a second holding line, whoever writes it
    const [winner] = await p.deps.db
      .selectFrom('subsidy_claim_lines')
      .selectAll()
      .where('learner_id', '=', who)
      .where('status', '=', 'held')
      .execute();
    const { id: _id, ...copy } = winner;
    await expect(
      p.deps.db
        .insertInto('subsidy_claim_lines')
        .values({ ...copy, certificate_id: null })
        .execute(),
    ).rejects.toThrow();
    await p.deps.db
      .insertInto('subsidy_claim_lines')
      .values({ ...copy, certificate_id: null, status: 'draft' })
      .execute();
  });

  it('SUB-1: the generic entry point takes training lines too, priced by the training rate on the completion date, once per person, occupation and level', async () => {
    await listAsProvider(await institution('train-inst'));
    const who = await person('岳飞');
    const ctx = await ctxOf('train-inst');
    const candidate = {
      lineKind: 'training' as const,
      learnerId: who,
      occupationId: occ,
      level: 5,
      sourceType: 'training' as const,
      trainingClassId: 7,
      traineeId: 70,
      basisDate: '2025-10-20',
    };
    const { id, judged } = await createClaimFromCandidates(p.deps, ctx, {
      kind: 'training',
      title: '培训补贴申领',
      candidates: [candidate, { ...candidate, traineeId: 71 }],
    });
    expect(judged.map((l) => [l.amountFen, l.reason])).toEqual([
      [120000, null],
      [0, 'duplicate_in_claim'],
    ]);
    await submitClaim(p.deps, ctx, id, ACCOUNT);
    // an evaluation subsidy for the same person, occupation and level is another subsidy, and stays open
    const e = await institution('train-eval');
    await cert(e, who, { level: 5 });
    expect((await as('train-eval', 'POST', '/api/subsidies/claims/preview', range)).body.lines[0].reason).toBeNull();
  });

  it('SUB-2: a claim is accepted or returned within 10 working days of submission and is flagged when one working day late; HRSS has 15 in all', async () => {
    const inst = await institution('late-inst');
    await cert(inst, await person('包拯'));
    // submitted on Monday 2 March 2026: 10 working days end on Monday 16 March
    at('2026-03-02T10:00:00');
    const id = await draft('late-inst');
    const sub = await as('late-inst', 'POST', `/api/subsidies/claims/${id}/submit`, ACCOUNT);
    expect(sub.status, JSON.stringify(sub.body)).toBe(200);
    expect(sub.body).toMatchObject({ status: 'submitted', stage: 'accept', dueOn: '2026-03-16', overdue: false });
    at('2026-03-16T17:00:00');
    const onTime = (await as('city-admin', 'GET', '/api/subsidies/claims?status=submitted&q=late-inst')).body;
    expect(onTime.items[0]).toMatchObject({ id, overdue: false, overdueWorkingDays: 0 });
    at('2026-03-17T09:00:00');
    const late = (await as('city-admin', 'GET', '/api/subsidies/claims?overdue=true&q=late-inst')).body;
    expect(late.items.map((c: any) => c.id)).toEqual([id]);
    expect(late.items[0]).toMatchObject({ overdue: true, overdueWorkingDays: 1, dueOn: '2026-03-16' });
    const queue = (await as('city-admin', 'GET', '/api/subsidies/queue')).body;
    const accept = queue.stages.find((s: any) => s.status === 'submitted');
    expect(accept.overdue).toBeGreaterThanOrEqual(1);
    // accepted late, it is reviewed within 15 working days of submission: Monday 23 March
    const acc = await as('city-admin', 'POST', `/api/subsidies/claims/${id}/review`, { step: 'accept' });
    expect(acc.body).toMatchObject({ status: 'accepted', stage: 'review', dueOn: '2026-03-23', overdue: false });
    const history = acc.body.history.map((h: any) => [h.step, h.onDate]);
    expect(history).toEqual([
      ['create', '2026-03-02'],
      ['submit', '2026-03-02'],
      ['accept', '2026-03-17'],
    ]);
  });

  it('SUB-2: the claim list puts open claims first, the nearest deadline first, and finished claims (no deadline) after them, on both databases', async () => {
    const inst = await institution('order-inst');
    await cert(inst, await person('包青天'));
    at('2026-03-02T10:00:00');
    const id = await draft('order-inst');
    expect((await as('order-inst', 'POST', `/api/subsidies/claims/${id}/submit`, ACCOUNT)).status).toBe(200);
    const all = (await as('city-admin', 'GET', '/api/subsidies/claims?pageSize=100')).body.items as {
      id: number;
      dueOn: string | null;
    }[];
    expect(all.map((c) => c.id)).toContain(id);
    const firstFinished = all.findIndex((c) => c.dueOn === null);
    const open = firstFinished < 0 ? all : all.slice(0, firstFinished);
    expect(all.slice(open.length).every((c) => c.dueOn === null)).toBe(true);
    expect(open.map((c) => c.id)).toContain(id);
    const dues = open.map((c) => c.dueOn!);
    expect(dues).toEqual([...dues].sort());
  });

  it('SUB-3: a 公示 begun on Friday 13 February 2026 (China time) runs past the Spring Festival — the adjusted working Saturday counts — to 25 February; finance approval is refused until then and allowed on the 26th', async () => {
    const inst = await institution('spring-inst');
    await cert(inst, await person('林冲'), { level: 5 });
    at('2026-02-02T09:00:00');
    const id = await draft('spring-inst');
    await as('spring-inst', 'POST', `/api/subsidies/claims/${id}/submit`, ACCOUNT);
    await as('city-admin', 'POST', `/api/subsidies/claims/${id}/review`, { step: 'accept' });
    // 00:30 on Friday 13 February in China is still Thursday 12 February in UTC
    p.clock.set('2026-02-12T16:30:00Z');
    cookies.clear();
    const ap = await as('city-admin', 'POST', `/api/subsidies/claims/${id}/review`, { step: 'approve' });
    expect(ap.status, JSON.stringify(ap.body)).toBe(200);
    expect(ap.body).toMatchObject({
      status: 'publicity',
      publicityFrom: '2026-02-13',
      publicityUntil: '2026-02-25',
      financeOpensOn: '2026-02-26',
    });
    for (const day of ['2026-02-14', '2026-02-24', '2026-02-25']) {
      at(`${day}T16:00:00`);
      const r = await as('city-finance', 'POST', `/api/subsidies/claims/${id}/finance`, { step: 'finance_approve' });
      expect(r.status, day).toBe(409);
      expect(r.body.error).toMatchObject({ code: 'SUBSIDY_PUBLICITY_RUNNING', rule: 'SUB-3' });
    }
    at('2026-02-26T09:00:00');
    const ok = await as('city-finance', 'POST', `/api/subsidies/claims/${id}/finance`, { step: 'finance_approve' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    // finance has 15 working days from the end of the publicity for approval and payment (Saturday
    // 28 February is an adjusted working day too)
    expect(ok.body).toMatchObject({
      status: 'finance_approved',
      stage: 'payment',
      dueOn: '2026-03-17',
      fundSource: 'special_account',
    });
  });

  it('SUB-3: the public 公示 page lists claims in publicity without sign-in: institution, occupation, level and amount, names masked, no ID or certificate numbers', async () => {
    const inst = await institution('public-inst');
    const who = await person('欧阳锋');
    const certificate = await cert(inst, who, { level: 3 });
    at('2026-04-01T09:00:00');
    const id = await draft('public-inst');
    await as('public-inst', 'POST', `/api/subsidies/claims/${id}/submit`, ACCOUNT);
    expect((await as(null, 'GET', `/api/public/subsidy-publicity/${id}`)).status).toBe(404);
    await as('city-admin', 'POST', `/api/subsidies/claims/${id}/review`, { step: 'accept' });
    await as('city-admin', 'POST', `/api/subsidies/claims/${id}/review`, { step: 'approve' });
    const list = await as(null, 'GET', '/api/public/subsidy-publicity');
    expect(list.status).toBe(200);
    expect(list.body.find((c: any) => c.id === id)).toMatchObject({
      institutionName: 'public-inst 评价中心',
      // the district with its city, as people name places
      regionName: '郑州市 金水区',
      lineCount: 1,
      amountFen: 28000,
      publicityFrom: '2026-04-01',
    });
    const detail = await as(null, 'GET', `/api/public/subsidy-publicity/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.regionName).toBe('郑州市 金水区');
    expect(detail.body.lines.items).toEqual([{ name: '欧**', occupationName: '电工', level: 3, amountFen: 28000 }]);
    const number = (
      await p.deps.db
        .selectFrom('certificates')
        .select('number')
        .where('id', '=', certificate)
        .executeTakeFirstOrThrow()
    ).number;
    const idNumber = personalData(p.deps.config).openIdNumber(
      'learners.id_number',
      (await p.deps.db.selectFrom('learners').select('id_number_enc').where('id', '=', who).executeTakeFirstOrThrow())
        .id_number_enc,
    );
    const text = detail.raw.toString();
    expect(text).not.toContain(number);
    expect(text).not.toContain(idNumber);
    expect(text).not.toContain('欧阳锋');
  });

  it('another city’s officials cannot see or act on a claim (404, audited as a denial); each step belongs to its party', async () => {
    const inst = await institution('scope-inst');
    await cert(inst, await person('杨过'));
    const id = await draft('scope-inst');
    await as('scope-inst', 'POST', `/api/subsidies/claims/${id}/submit`, ACCOUNT);
    const other = await as('luoyang-admin', 'POST', `/api/subsidies/claims/${id}/review`, { step: 'accept' });
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('NOT_FOUND');
    const denied = await p.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('outcome', '=', 'denied')
      .where('object_id', '=', String(id))
      .execute();
    expect(denied.map((d) => d.action)).toContain('subsidy.accept');
    expect((await as('luoyang-finance', 'GET', `/api/subsidies/claims/${id}`)).status).toBe(404);
    expect((await as('luoyang-admin', 'GET', '/api/subsidies/claims?q=scope-inst')).body.total).toBe(0);
    // the route table refuses a wrong role; the workflow table a wrong state
    expect((await as('scope-inst', 'POST', `/api/subsidies/claims/${id}/review`, { step: 'accept' })).status).toBe(403);
    expect((await as('city-admin', 'POST', `/api/subsidies/claims/${id}/finance`, { step: 'pay' })).status).toBe(403);
    const early = await as('city-finance', 'POST', `/api/subsidies/claims/${id}/finance`, { step: 'finance_approve' });
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ code: 'CLAIM_INVALID_STATE', rule: 'SUB-2' });
    const noReason = await as('city-admin', 'POST', `/api/subsidies/claims/${id}/review`, { step: 'return' });
    expect(noReason.status).toBe(400);
  });

  it('SUB-1: a returned claim frees its slots until it is submitted again; a rejected one frees them for good', async () => {
    const inst = await institution('return-inst');
    const who = await person('郭靖');
    await cert(inst, who, { level: 1 });
    const id = await draft('return-inst');
    await as('return-inst', 'POST', `/api/subsidies/claims/${id}/submit`, ACCOUNT);
    expect(await holding(who)).toBe(1);
    const ret = await as('city-admin', 'POST', `/api/subsidies/claims/${id}/review`, {
      step: 'return',
      reason: '收款账户与机构名称不一致',
    });
    expect(ret.body).toMatchObject({ status: 'returned', lastReason: '收款账户与机构名称不一致', steps: [] });
    expect(await holding(who)).toBe(0);
    const again = await as('return-inst', 'POST', `/api/subsidies/claims/${id}/submit`, {
      ...ACCOUNT,
      payeeName: 'return-inst 评价中心',
    });
    expect(again.body).toMatchObject({ status: 'submitted', payeeName: 'return-inst 评价中心' });
    expect(await holding(who)).toBe(1);
    await as('city-admin', 'POST', `/api/subsidies/claims/${id}/review`, { step: 'accept' });
    await as('city-admin', 'POST', `/api/subsidies/claims/${id}/review`, {
      step: 'reject',
      reason: '评价过程资料不全',
    });
    expect(await holding(who)).toBe(0);
  });

  it('SUB-4: a paid line reversed for 追缴 keeps the person from being paid again until the money is back in full; then a rightful claim may be paid once', async () => {
    const first = await institution('sub4-first');
    const second = await institution('sub4-second');
    const who = await person('令狐冲');
    await cert(first, who, { level: 2 });
    const id = await draft('sub4-first');
    at('2026-05-11T09:00:00');
    await as('sub4-first', 'POST', `/api/subsidies/claims/${id}/submit`, ACCOUNT);
    const paid = await payOut(id, '2026-05-12');
    expect(paid).toMatchObject({ status: 'paid', amountFen: 35000 });
    expect(paid.payment).toMatchObject({
      amountFen: 35000,
      voucherNo: 'PZ-001',
      bankAccountMasked: '6222 **** **** 5678',
    });
    // the account is stored sealed, never as digits, and opens only for its own column
    const stored = await p.deps.db
      .selectFrom('subsidy_payments')
      .select('bank_account')
      .where('claim_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.bank_account).toMatch(/^f1\./);
    expect(stored.bank_account).not.toMatch(/\d{8}/);
    const cipher = fieldCipher(p.deps.config.keyDir);
    expect(cipher.open(stored.bank_account, 'subsidy_payments.bank_account')).toBe(ACCOUNT.payeeAccount);
    expect(() => cipher.open(stored.bank_account, 'subsidy_claims.payee_account')).toThrow();

    // the certificate turns out to be fake: revoked, the line reversed
    await cert(second, who, { level: 2 });
    const lineId = (await as('city-admin', 'GET', `/api/subsidies/claims/${id}/lines`)).body.items[0].id;
    expect((await as('sub4-first', 'POST', `/api/subsidies/claims/${id}/reversals`, { reason: 'x' })).status).toBe(403);
    const rev = await as('city-admin', 'POST', `/api/subsidies/claims/${id}/reversals`, {
      lineIds: [lineId],
      reason: '经查属虚假评价，冲销并追缴',
    });
    expect(rev.status, JSON.stringify(rev.body)).toBe(201);
    expect(rev.body).toMatchObject({ status: 'reversed', steps: [] });
    expect(rev.body.reversals[0]).toMatchObject({ amountFen: 35000, recoveredFen: 0, status: 'recovering' });
    const reason = async () =>
      (await as('sub4-second', 'POST', '/api/subsidies/claims/preview', range)).body.lines[0].reason;
    expect(await reason()).toBe('already_paid');
    const rid = rev.body.reversals[0].id;
    const half = await as('city-finance', 'POST', `/api/subsidies/reversals/${rid}/recoveries`, {
      amountFen: 20000,
      receivedOn: '2026-05-16',
    });
    expect(half.status, JSON.stringify(half.body)).toBe(201);
    expect(await reason()).toBe('already_paid');
    const over = await as('city-finance', 'POST', `/api/subsidies/reversals/${rid}/recoveries`, {
      amountFen: 20000,
      receivedOn: '2026-05-16',
    });
    expect(over.body.error).toMatchObject({ code: 'SUBSIDY_RECOVERY_EXCEEDS', rule: 'SUB-4' });
    const rest = await as('city-finance', 'POST', `/api/subsidies/reversals/${rid}/recoveries`, {
      amountFen: 15000,
      receivedOn: '2026-05-16',
    });
    expect(rest.body.reversals[0]).toMatchObject({ recoveredFen: 35000, status: 'recovered' });
    expect(await holding(who)).toBe(0);
    expect(await reason()).toBeNull();
    const id2 = await draft('sub4-second');
    await as('sub4-second', 'POST', `/api/subsidies/claims/${id2}/submit`, ACCOUNT);
    expect(await holding(who)).toBe(1);
    // the recovered money is back in 郑州's fund for the year
    const funds = (await as('city-finance', 'GET', '/api/subsidies/funds?year=2026')).body;
    expect(funds.map((f: any) => f.regionCode)).toEqual(['410100']);
    expect(funds[0].recoveredFen).toBeGreaterThanOrEqual(35000);
  });

  it('a certificate revoked after submission leaves the claim when HRSS approves it', async () => {
    const inst = await institution('revoke-inst');
    const keep = await cert(inst, await person('黄蓉'));
    const gone = await cert(inst, await person('洪七公'));
    at('2026-06-01T09:00:00');
    const id = await draft('revoke-inst');
    await as('revoke-inst', 'POST', `/api/subsidies/claims/${id}/submit`, ACCOUNT);
    await p.deps.db.updateTable('certificates').set({ status: 'revoked' }).where('id', '=', gone).execute();
    await as('city-admin', 'POST', `/api/subsidies/claims/${id}/review`, { step: 'accept' });
    const ap = await as('city-admin', 'POST', `/api/subsidies/claims/${id}/review`, { step: 'approve' });
    expect(ap.body).toMatchObject({ lineCount: 1, amountFen: 24000 });
    const lines = (await as('revoke-inst', 'GET', `/api/subsidies/claims/${id}/lines`)).body.items;
    expect(lines.map((l: any) => [l.certificateId, l.status, l.reason])).toEqual([
      [keep, 'held', null],
      [gone, 'excluded', 'revoked'],
    ]);
  });

  it('each city’s fund: finance commits against the special account; a claim beyond its balance is refused unless committed to the employment fund, used only when the account cannot pay', async () => {
    const inst = await institution('luoyang-inst', '410305');
    await cert(inst, await person('张无忌'), { level: 1 });
    at('2026-07-01T09:00:00');
    const id = await draft('luoyang-inst');
    await as('luoyang-inst', 'POST', `/api/subsidies/claims/${id}/submit`, ACCOUNT);
    await as('luoyang-admin', 'POST', `/api/subsidies/claims/${id}/review`, { step: 'accept' });
    await as('luoyang-admin', 'POST', `/api/subsidies/claims/${id}/review`, { step: 'approve' });
    at('2026-07-10T09:00:00');
    // no budget entered yet: nothing in the special account
    const none = await as('luoyang-finance', 'POST', `/api/subsidies/claims/${id}/finance`, {
      step: 'finance_approve',
    });
    expect(none.status).toBe(409);
    expect(none.body.error.code).toBe('SUBSIDY_FUND_INSUFFICIENT');
    expect((await as('luoyang-finance', 'PUT', '/api/subsidies/funds/410100/2026', { budgetFen: 1 })).status).toBe(403);
    expect((await as('luoyang-finance', 'PUT', '/api/subsidies/funds/410300/2026', { budgetFen: 30000 })).status).toBe(
      200,
    );
    const short = await as('luoyang-finance', 'POST', `/api/subsidies/claims/${id}/finance`, {
      step: 'finance_approve',
    });
    expect(short.body.error.message).toContain('结余 300.00 元');
    const emp = await as('luoyang-finance', 'POST', `/api/subsidies/claims/${id}/finance`, {
      step: 'finance_approve',
      fundSource: 'employment_fund',
    });
    expect(emp.status, JSON.stringify(emp.body)).toBe(200);
    let fund = (await as('luoyang-finance', 'GET', '/api/subsidies/funds?year=2026')).body[0];
    expect(fund).toMatchObject({
      regionCode: '410300',
      budgetFen: 30000,
      committedFen: 0,
      employmentFundFen: 38000,
      remainingFen: 30000,
    });
    // a second, smaller claim fits the special account, which it must use first
    const inst2 = await institution('luoyang-inst2', '410305');
    await cert(inst2, await person('周芷若'), { level: 5 });
    const id2 = await draft('luoyang-inst2');
    await as('luoyang-inst2', 'POST', `/api/subsidies/claims/${id2}/submit`, ACCOUNT);
    await as('luoyang-admin', 'POST', `/api/subsidies/claims/${id2}/review`, { step: 'accept' });
    await as('luoyang-admin', 'POST', `/api/subsidies/claims/${id2}/review`, { step: 'approve' });
    at('2026-07-20T09:00:00');
    const wrong = await as('luoyang-finance', 'POST', `/api/subsidies/claims/${id2}/finance`, {
      step: 'finance_approve',
      fundSource: 'employment_fund',
    });
    expect(wrong.status).toBe(400);
    expect(
      (await as('luoyang-finance', 'POST', `/api/subsidies/claims/${id2}/finance`, { step: 'finance_approve' })).status,
    ).toBe(200);
    fund = (await as('luoyang-finance', 'GET', '/api/subsidies/funds?year=2026')).body[0];
    expect(fund).toMatchObject({ committedFen: 20000, paidFen: 0, remainingFen: 10000 });
    await as('luoyang-finance', 'POST', `/api/subsidies/claims/${id2}/finance`, { step: 'pay', voucherNo: 'LY-1' });
    fund = (await as('luoyang-finance', 'GET', '/api/subsidies/funds?year=2026')).body[0];
    expect(fund).toMatchObject({ committedFen: 0, paidFen: 20000, remainingFen: 10000 });
    // the province sees every city-level unit (17 cities, 济源 and the 10 省直管县)
    const all = (await as('province-admin', 'GET', '/api/subsidies/funds?year=2026')).body;
    expect(all.length).toBe(28);
  });

  it('公开资金使用情况 (seed 002 三（三）): each city’s fund for a year is public without sign-in — the officials’ figures and the people paid, nothing about a person, claim or account', async () => {
    // (after the fund test above: 洛阳 has a budget, a payment from its special account, one from the employment fund committed)
    const r = await p.app.inject({ method: 'GET', url: '/api/public/subsidy-fund-use?year=2026' });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.year).toBe(2026);
    expect(body.years).toContain(2026);
    expect(body.units).toHaveLength(28);
    const officials = (await as('province-admin', 'GET', '/api/subsidies/funds?year=2026')).body as Record<
      string,
      unknown
    >[];
    for (const u of body.units) {
      const f = officials.find((x) => x.regionCode === u.regionCode)!;
      expect(u).toMatchObject({
        regionName: f.regionName,
        budgetFen: f.budgetFen,
        committedFen: f.committedFen,
        paidFen: f.paidFen,
        recoveredFen: f.recoveredFen,
        remainingFen: f.remainingFen,
        employmentFundFen: f.employmentFundFen,
      });
    }
    const luoyang = body.units.find((u: { regionCode: string }) => u.regionCode === '410300');
    expect(luoyang).toMatchObject({ budgetFen: 30000, paidFen: 20000, paidEvaluation: 1, paidTraining: 0 });
    // people paid = the paid lines of the year's payments, counted independently
    const paidLines = await p.deps.db
      .selectFrom('subsidy_claim_lines as l')
      .innerJoin('subsidy_payments as pay', 'pay.claim_id', 'l.claim_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('pay.fund_year', '=', 2026)
      .where('l.status', '=', 'paid')
      .executeTakeFirstOrThrow();
    expect(
      body.units.reduce(
        (s: number, u: { paidTraining: number; paidEvaluation: number }) => s + u.paidTraining + u.paidEvaluation,
        0,
      ),
    ).toBe(Number(paidLines.n));
    // city totals only: no names, claims or accounts
    const text = r.body;
    for (const secret of ['周芷若', '张无忌', ACCOUNT.payeeAccount, ACCOUNT.payeeName, 'LY-1'])
      expect(text).not.toContain(secret);
  });

  it('Excel export of claims and lines: names masked, no ID numbers, certificate numbers as text', async () => {
    const inst = await institution('export-inst');
    const who = await person('慕容复');
    await cert(inst, who, { level: 3 });
    const id = await draft('export-inst');
    const r = await p.app.inject({
      method: 'GET',
      url: '/api/subsidies/claims/export?q=export-inst',
      headers: { cookie: await loginAs(p.app, 'export-inst') },
    });
    expect(r.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const claims = wb.getWorksheet('补贴申领')!;
    expect(claims.getRow(2).getCell(1).value).toBe(id);
    const lines = wb.getWorksheet('申领明细')!;
    expect(lines.getRow(2).getCell(3).value).toBe('慕**');
    const idNumber = personalData(p.deps.config).openIdNumber(
      'learners.id_number',
      (await p.deps.db.selectFrom('learners').select('id_number_enc').where('id', '=', who).executeTakeFirstOrThrow())
        .id_number_enc,
    );
    const cells = JSON.stringify(lines.getSheetValues());
    expect(cells).not.toContain(idNumber);
    expect(cells).not.toContain('慕容复');
  });
});
