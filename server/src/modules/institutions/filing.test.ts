/**
 * The filing workflow through the HTTP API: INST-2 routing and the role-and-scope matrix of
 * each step, INST-3 prerequisites, INST-4 scope extension, INST-7 specifications.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessYear } from '../../lib/dates.js';
import {
  createTestPlatform,
  json,
  loginAs,
  makeInstitution,
  makeUser,
  multipart,
  newResidentId,
  TEST_DB,
  type TestPlatform,
} from '../../../test/harness.js';
import { demoPdf } from '../../seed/demo.js';
import { validUntil } from './filing.rules.js';

type M = 'GET' | 'POST' | 'PATCH' | 'DELETE';

describe(`filing workflow (${TEST_DB})`, () => {
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
    return { status: r.statusCode, body: r.body ? JSON.parse(r.body) : null, headers: r.headers };
  };
  let occ: Record<string, number>;
  let instId: (name: string) => Promise<number>;
  let expertId: number;
  /** independent (province-wide) experts: an application needs MIN_EXPERT_OPINIONS of them (INST-2) */
  let experts: number[];
  /** The expert review: one opinion per expert, in order, by the given official. */
  const review = async (user: string, id: number, opinions: ('agree' | 'disagree')[]) => {
    for (const [i, opinion] of opinions.entries()) {
      const r = await as(user, 'POST', `/api/filings/${id}/expert-opinions`, { expertId: experts[i], opinion });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
  };

  /** A ready institution (staff + evidence) of the given kind, with its own admin account. */
  async function readyInstitution(
    name: string,
    f: {
      region: string;
      kind?: string;
      schoolType?: string | null;
      owner?: 'province' | 'local';
      occupations?: string[];
    },
  ) {
    const id = await makeInstitution(p.deps, {
      name,
      region: f.region,
      kind: f.kind ?? 'college',
      schoolType: f.schoolType === undefined ? 'secondary_vocational' : f.schoolType,
      owner: f.owner ?? 'local',
    });
    const admin = `admin-${id}`;
    await makeUser(p.deps, { username: admin, role: 'institution_admin', institutionId: id });
    for (const code of f.occupations ?? ['4-04-05-01']) {
      for (let i = 0; i < 3; i++)
        expect(
          (
            await as(admin, 'POST', '/api/staff', {
              kind: 'examiner',
              idNumber: newResidentId(),
              name: `考评员${code}${i}`,
              occupationIds: [occ[code]],
            })
          ).status,
        ).toBe(201);
    }
    expect(
      (
        await as(admin, 'POST', '/api/staff', {
          kind: 'quality_supervisor',
          idNumber: newResidentId(),
          name: '督导员甲',
          supervisorType: 'external',
          cardNo: `R${String(40000000 + id)}`,
        })
      ).status,
    ).toBe(201);
    expect(
      (await as(admin, 'POST', '/api/staff', { kind: 'expert', name: '专家甲', idNumber: newResidentId() })).status,
    ).toBe(201);
    for (const item of ['unit', 'rules', 'sites', 'funding', 'supervision']) await upload(admin, id, item);
    for (const code of f.occupations ?? ['4-04-05-01']) await upload(admin, id, 'question_bank', occ[code]);
    return { id, admin };
  }
  async function upload(
    user: string,
    institutionId: number,
    item: string,
    occupationId?: number,
    content: Buffer = demoPdf(item),
    fileName = `${item}.pdf`,
  ) {
    if (!cookies.has(user)) cookies.set(user, await loginAs(p.app, user));
    const fields: Record<string, string> = { item, ...(occupationId ? { occupationId: String(occupationId) } : {}) };
    const form = multipart(fields, [{ name: fileName, content, type: 'application/pdf' }]);
    const r = await p.app.inject({
      method: 'POST',
      url: `/api/institutions/${institutionId}/evidence`,
      headers: { cookie: cookies.get(user)!, 'content-type': form.contentType },
      payload: form.payload,
    });
    return { status: r.statusCode, body: JSON.parse(r.body) };
  }

  beforeAll(async () => {
    p = await createTestPlatform();
    occ = Object.fromEntries(
      (await p.deps.db.selectFrom('occupations').select(['id', 'code']).execute()).map((o) => [o.code, o.id]),
    );
    instId = async (name) =>
      (await p.deps.db.selectFrom('institutions').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
    experts = (
      await p.deps.db
        .selectFrom('staff')
        .select('id')
        .where('kind', '=', 'expert')
        .where('institution_id', 'is', null)
        .orderBy('id')
        .execute()
    ).map((e) => e.id);
    expertId = experts[0];
    await makeUser(p.deps, { username: 'ly-edu', role: 'city_edu', region: '410300' });
    await makeUser(p.deps, { username: 'gongyi-edu', role: 'city_edu', region: '410181' });
    await makeUser(p.deps, { username: 'gongyi-hrss', role: 'city_hrss', region: '410181' });
  });
  afterAll(async () => p?.close());

  it('INST-2: a local 中职 in 郑州 goes 郑州市教育局 (expert review) → recommended → 郑州市人社局 files; every step on the timeline and in the audit trail', async () => {
    const zz = await instId('郑州市电子信息工程学校');
    const created = await as('zhongzhi-admin', 'POST', '/api/filings', {
      scopes: [
        { occupationId: occ['4-04-05-01'], level: 4 },
        { occupationId: occ['4-04-05-01'], level: 3 },
      ],
      note: '首次备案',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      kind: 'initial',
      status: 'draft',
      route: {
        reviewDepartment: 'city_edu',
        reviewBy: '郑州市教育局',
        filingDepartment: 'city_hrss',
        fileBy: '郑州市人社局',
      },
    });
    expect(created.body.prerequisites.every((c: any) => c.ok)).toBe(true);
    const id = created.body.id;

    const submitted = await as('zhongzhi-admin', 'POST', `/api/filings/${id}/submit`);
    expect(submitted.body).toMatchObject({ status: 'submitted', stage: 'education', awaiting: '郑州市教育局' });
    expect((await as('city-edu', 'GET', '/api/filings/queue')).body.items.map((i: any) => i.id)).toContain(id);
    expect((await as('city-admin', 'GET', '/api/filings/queue')).body.items.map((i: any) => i.id)).not.toContain(id);

    // the HRSS cannot file before the education review, the province cannot take the city's turn
    expect((await as('city-admin', 'POST', `/api/filings/${id}/file`, {})).body.error.code).toBe(
      'FILING_INVALID_STATE',
    );
    const prov = await as('province-edu', 'POST', `/api/filings/${id}/recommend`, {});
    expect(prov.status).toBe(403);
    expect(prov.body.error).toMatchObject({ code: 'FILING_WRONG_DEPARTMENT', rule: 'INST-2' });
    expect(prov.body.error.message).toContain('郑州市教育局');
    expect((await as('ly-edu', 'POST', `/api/filings/${id}/recommend`, {})).status).toBe(404);
    // recommending needs the expert review first
    expect((await as('city-edu', 'POST', `/api/filings/${id}/recommend`, {})).body.error.message).toContain('专家初审');

    expect(
      (
        await as('city-edu', 'POST', `/api/filings/${id}/expert-opinions`, {
          expertId,
          opinion: 'agree',
          comment: '场地和师资满足要求',
        })
      ).status,
    ).toBe(200);
    // INST-2: the review needs at least 3 experts' opinions (two more, independent experts)
    for (const e of experts.slice(1, 3))
      expect(
        (await as('city-edu', 'POST', `/api/filings/${id}/expert-opinions`, { expertId: e, opinion: 'agree' })).status,
      ).toBe(200);
    const rec = await as('city-edu', 'POST', `/api/filings/${id}/recommend`, { reason: '初审通过' });
    expect(rec.body).toMatchObject({ status: 'recommended', stage: 'hrss', awaiting: '郑州市人社局' });
    expect((await as('city-admin', 'GET', '/api/filings/queue')).body.items.map((i: any) => i.id)).toContain(id);
    expect((await as('province-admin', 'POST', `/api/filings/${id}/file`, {})).body.error.code).toBe(
      'FILING_WRONG_DEPARTMENT',
    );

    const filed = await as('city-admin', 'POST', `/api/filings/${id}/file`, { reason: '符合备案条件' });
    expect(filed.status).toBe(200);
    expect(filed.body.status).toBe('filed');
    const filingNo = filed.body.timeline.at(-1).detail.filingNo;
    expect(filingNo).toMatch(/^Y000041\d{6}$/);
    expect(filed.body.timeline.map((t: any) => t.action)).toEqual([
      'create',
      'submit',
      'expert_opinion',
      'expert_opinion',
      'expert_opinion',
      'recommend',
      'file',
    ]);
    expect(filed.body.timeline[2]).toMatchObject({
      reason: '场地和师资满足要求',
      detail: { expertId, opinion: 'agree' },
    });
    expect(filed.body.timeline.every((t: any) => t.actorName && t.at)).toBe(true);

    const inst = (await as('city-admin', 'GET', `/api/institutions/${zz}`)).body;
    expect(inst).toMatchObject({ filingNo, status: 'filed', statusLabel: '已备案', validity: 'valid' });
    expect(inst.validUntil).toBe(validUntil(new Date(inst.filedAt), 'Asia/Shanghai'));
    expect(inst.validUntil.slice(0, 4)).toBe(String(businessYear(new Date(inst.filedAt), 'Asia/Shanghai') + 3));
    const scopes = (await as('city-admin', 'GET', `/api/institutions/${zz}/scopes`)).body;
    expect(scopes.map((s: any) => s.level).sort()).toEqual([3, 4]);
    const trail = await p.deps.db
      .selectFrom('audit_log')
      .select(['action', 'outcome', 'actor_name'])
      .where('object_type', '=', 'filing')
      .where('object_id', '=', String(id))
      .orderBy('id')
      .execute();
    expect(trail.filter((a) => a.outcome === 'success').map((a) => a.action)).toEqual([
      'filing.create',
      'filing.submit',
      'filing.expert_opinion',
      'filing.expert_opinion',
      'filing.expert_opinion',
      'filing.recommend',
      'filing.file',
    ]);
    // the 洛阳 official's attempt is on record as a denial
    expect(trail.find((a) => a.outcome === 'denied')).toMatchObject({ actor_name: 'ly-edu' });
  });

  it('INST-2: the route follows school type and owner (本科/高职/省属中职 → province; local 中职 in a 省直管县 → its own departments; others → HRSS only)', async () => {
    const cases: [string, object, string | null, string][] = [
      [
        '测试高职学院',
        { region: '410105', schoolType: 'higher_vocational', owner: 'local' },
        '河南省教育厅',
        '河南省人社厅',
      ],
      [
        '测试省属中职',
        { region: '410105', schoolType: 'secondary_vocational', owner: 'province' },
        '河南省教育厅',
        '河南省人社厅',
      ],
      [
        '巩义测试中职',
        { region: '410181', schoolType: 'secondary_vocational', owner: 'local' },
        '巩义市教育局',
        '巩义市人社局',
      ],
      ['测试技工学校', { region: '410105', schoolType: 'technical', owner: 'local' }, null, '郑州市人社局'],
      [
        '测试培训评价组织',
        { region: '410105', kind: 'training_org', schoolType: null, owner: 'province' },
        null,
        '河南省人社厅',
      ],
    ];
    for (const [name, f, review, file] of cases) {
      const { admin } = await readyInstitution(name, f as never);
      const r = await as(admin, 'POST', '/api/filings', { scopes: [{ occupationId: occ['4-04-05-01'], level: 4 }] });
      expect(r.body.route, name).toMatchObject({ reviewBy: review, fileBy: file });
      expect(r.body.stage).toBe(review ? 'education' : 'hrss');
    }
  });

  it('INST-2: one expert opinion, disagreeing — recommend is refused with the opinions counted, nothing changes, the dissent shows', async () => {
    const { admin } = await readyInstitution('单一反对意见学校', { region: '410105' });
    const id = (await as(admin, 'POST', '/api/filings', { scopes: [{ occupationId: occ['4-04-05-01'], level: 4 }] }))
      .body.id;
    await as(admin, 'POST', `/api/filings/${id}/submit`);
    await as('city-edu', 'POST', `/api/filings/${id}/expert-opinions`, {
      expertId: experts[0],
      opinion: 'disagree',
      comment: '考核场地不足',
    });
    const before = (await as('city-edu', 'GET', `/api/filings/${id}`)).body;
    const r = await as('city-edu', 'POST', `/api/filings/${id}/recommend`, { reason: '推荐' });
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({ code: 'EXPERT_OPINIONS_INSUFFICIENT', rule: 'INST-2' });
    expect(r.body.error.message).toContain('需至少 3 份专家意见');
    expect(r.body.error.message).toContain('现有 1 份');
    expect(r.body.error.message).toContain('不同意 1 份');
    const after = (await as('city-edu', 'GET', `/api/filings/${id}`)).body;
    expect(after).toMatchObject({ status: 'submitted', stage: 'education', awaiting: '郑州市教育局' });
    expect(after.timeline).toEqual(before.timeline);
    expect(after.expertReview).toMatchObject({ required: 3, total: 1, agree: 0, disagree: 1 });
    expect(after.expertReview.opinions).toEqual([
      expect.objectContaining({ expertId: experts[0], opinion: 'disagree', comment: '考核场地不足' }),
    ]);
  });

  it('INST-2: three agreeing expert opinions → recommended', async () => {
    const { admin } = await readyInstitution('三份同意学校', { region: '410105' });
    const id = (await as(admin, 'POST', '/api/filings', { scopes: [{ occupationId: occ['4-04-05-01'], level: 4 }] }))
      .body.id;
    await as(admin, 'POST', `/api/filings/${id}/submit`);
    await review('city-edu', id, ['agree', 'agree']);
    expect((await as('city-edu', 'POST', `/api/filings/${id}/recommend`, {})).body.error.code).toBe(
      'EXPERT_OPINIONS_INSUFFICIENT',
    );
    await as('city-edu', 'POST', `/api/filings/${id}/expert-opinions`, { expertId: experts[2], opinion: 'agree' });
    const r = await as('city-edu', 'POST', `/api/filings/${id}/recommend`, {});
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'recommended', stage: 'hrss' });
    expect(r.body.expertReview).toMatchObject({ total: 3, agree: 3, disagree: 0 });
  });

  it('INST-2: a department has 20 working days for its step (平台口径); past them the application is marked overdue in its page, the list and the queue; the time restarts at the next department', async () => {
    const realNow = p.clock.now();
    const at = (instant: string) => {
      p.clock.set(instant);
      cookies.clear(); // sessions do not survive a jump of weeks
    };
    try {
      at('2025-01-24T09:00:00+08:00');
      const { admin } = await readyInstitution('办理时限学校', { region: '410105' });
      const id = (await as(admin, 'POST', '/api/filings', { scopes: [{ occupationId: occ['4-04-05-01'], level: 4 }] }))
        .body.id;
      expect((await as(admin, 'GET', `/api/filings/${id}`)).body.handling).toBeNull(); // a draft: nobody's turn
      await as(admin, 'POST', `/api/filings/${id}/submit`);
      // the Spring Festival (28 January – 4 February 2025) does not count; its adjusted weekends do
      const onTime = { since: '2025-01-24', due: '2025-02-27', overdue: false, workingDaysLate: 0 };
      expect((await as('city-edu', 'GET', `/api/filings/${id}`)).body.handling).toEqual(onTime);
      at('2025-02-27T18:00:00+08:00');
      expect((await as('city-edu', 'GET', `/api/filings/${id}`)).body.handling).toEqual(onTime);
      at('2025-03-03T09:00:00+08:00');
      const late = { since: '2025-01-24', due: '2025-02-27', overdue: true, workingDaysLate: 2 };
      expect((await as('city-edu', 'GET', `/api/filings/${id}`)).body.handling).toEqual(late);
      const queue = await as('city-edu', 'GET', '/api/filings/queue');
      expect(queue.body.items.find((f: { id: number }) => f.id === id)?.handling).toEqual(late);
      const list = await as('city-edu', 'GET', `/api/filings?q=${encodeURIComponent('办理时限')}`);
      expect(list.body.items.map((f: { id: number }) => f.id)).toEqual([id]);
      expect(list.body.items[0].handling).toEqual(late);
      // recommended: the HRSS bureau's 20 working days start now
      await review('city-edu', id, ['agree', 'agree', 'agree']);
      expect((await as('city-edu', 'POST', `/api/filings/${id}/recommend`, {})).status).toBe(200);
      expect((await as('city-admin', 'GET', `/api/filings/${id}`)).body.handling).toMatchObject({
        since: '2025-03-03',
        overdue: false,
      });
    } finally {
      at(realNow.toISOString());
    }
  });

  it('备案申请 is searched by the institution’s name, inside the caller’s scope', async () => {
    const all = await as('province-admin', 'GET', `/api/filings?pageSize=100`);
    const one = all.body.items[0];
    const r = await as(
      'province-admin',
      'GET',
      `/api/filings?q=${encodeURIComponent(one.institutionName.slice(2, 6))}`,
    );
    expect(r.status).toBe(200);
    expect(r.body.items.map((f: { id: number }) => f.id)).toContain(one.id);
    for (const f of r.body.items) expect(f.institutionName).toContain(one.institutionName.slice(2, 6));
    const luoyang = await as('luoyang-admin', 'GET', `/api/filings?q=${encodeURIComponent(one.institutionName)}`);
    if (!one.institutionName.includes('洛阳'))
      expect(luoyang.body.items.map((f: { id: number }) => f.id)).not.toContain(one.id);
  });

  it('INST-2: two agree and one disagrees — refused (fewer than 3 agree); the same expert twice counts once; a fourth agreeing opinion carries it and the dissent stays on record', async () => {
    const { admin } = await readyInstitution('二同意一反对学校', { region: '410105' });
    const id = (await as(admin, 'POST', '/api/filings', { scopes: [{ occupationId: occ['4-04-05-01'], level: 4 }] }))
      .body.id;
    await as(admin, 'POST', `/api/filings/${id}/submit`);
    await review('city-edu', id, ['agree', 'agree', 'disagree']);
    const r = await as('city-edu', 'POST', `/api/filings/${id}/recommend`, {});
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({ code: 'EXPERTS_DISAGREE', rule: 'INST-2' });
    expect(r.body.error.message).toContain('同意 2 份');
    expect(r.body.error.message).toContain('不同意 1 份');
    // an expert who already agreed agreeing again is still one opinion
    await as('city-edu', 'POST', `/api/filings/${id}/expert-opinions`, { expertId: experts[0], opinion: 'agree' });
    expect((await as('city-edu', 'POST', `/api/filings/${id}/recommend`, {})).body.error.code).toBe('EXPERTS_DISAGREE');
    expect((await as('city-edu', 'GET', `/api/filings/${id}`)).body.status).toBe('submitted');
    await as('city-edu', 'POST', `/api/filings/${id}/expert-opinions`, { expertId: experts[3], opinion: 'agree' });
    const ok = await as('city-edu', 'POST', `/api/filings/${id}/recommend`, {});
    expect(ok.body.status).toBe('recommended');
    const shown = (await as('city-admin', 'GET', `/api/filings/${id}`)).body.expertReview;
    expect(shown).toMatchObject({ total: 4, agree: 3, disagree: 1 });
    expect(shown.opinions.filter((o: any) => o.opinion === 'disagree').map((o: any) => o.expertId)).toEqual([
      experts[2],
    ]);
  });

  it('INST-2: a 省直管县 files with its own departments; the city in whose GB/T 2260 tree it sits cannot act', async () => {
    const { admin } = await readyInstitution('巩义第二职业中专', { region: '410181' });
    const id = (await as(admin, 'POST', '/api/filings', { scopes: [{ occupationId: occ['4-04-05-01'], level: 4 }] }))
      .body.id;
    await as(admin, 'POST', `/api/filings/${id}/submit`);
    expect(
      (await as('city-edu', 'POST', `/api/filings/${id}/expert-opinions`, { expertId, opinion: 'agree' })).status,
    ).toBe(404);
    expect(
      (await as('gongyi-edu', 'POST', `/api/filings/${id}/expert-opinions`, { expertId, opinion: 'agree' })).status,
    ).toBe(200);
    for (const e of experts.slice(1, 3))
      await as('gongyi-edu', 'POST', `/api/filings/${id}/expert-opinions`, { expertId: e, opinion: 'agree' });
    expect((await as('gongyi-edu', 'POST', `/api/filings/${id}/recommend`, {})).body.status).toBe('recommended');
    expect((await as('gongyi-hrss', 'POST', `/api/filings/${id}/file`, {})).body.status).toBe('filed');
  });

  it('INST-2: returned with reasons, edited and resubmitted; or rejected for good; reasons are required', async () => {
    const { admin } = await readyInstitution('退回测试学校', { region: '410105' });
    const id = (await as(admin, 'POST', '/api/filings', { scopes: [{ occupationId: occ['4-04-05-01'], level: 5 }] }))
      .body.id;
    await as(admin, 'POST', `/api/filings/${id}/submit`);
    const noReason = await as('city-edu', 'POST', `/api/filings/${id}/return`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details[0].field).toBe('/reason');
    const ret = await as('city-edu', 'POST', `/api/filings/${id}/return`, { reason: '请补充四级范围' });
    expect(ret.body.status).toBe('returned');
    expect((await as(admin, 'GET', '/api/filings/queue')).body.items.map((i: any) => i.id)).toContain(id);
    const edited = await as(admin, 'PATCH', `/api/filings/${id}`, {
      scopes: [
        { occupationId: occ['4-04-05-01'], level: 5 },
        { occupationId: occ['4-04-05-01'], level: 4 },
      ],
    });
    expect(edited.body.scopes).toHaveLength(2);
    expect((await as(admin, 'POST', `/api/filings/${id}/submit`)).body.status).toBe('submitted');
    const rej = await as('city-edu', 'POST', `/api/filings/${id}/reject`, { reason: '场地不符合要求' });
    expect(rej.body).toMatchObject({ status: 'rejected', stage: 'done' });
    expect((await as(admin, 'POST', `/api/filings/${id}/submit`)).body.error.code).toBe('FILING_INVALID_STATE');
    expect(rej.body.timeline.map((t: any) => [t.action, t.reason])).toEqual([
      ['create', null],
      ['submit', null],
      ['return', '请补充四级范围'],
      ['submit', null],
      ['reject', '场地不符合要求'],
    ]);
  });

  it('INST-2: nobody approves their own submission', async () => {
    const { id: inst, admin } = await readyInstitution('自批测试学校', { region: '410105' });
    const id = (await as(admin, 'POST', '/api/filings', { scopes: [{ occupationId: occ['4-04-05-01'], level: 5 }] }))
      .body.id;
    await as(admin, 'POST', `/api/filings/${id}/submit`);
    // an account that submitted cannot decide, even if it holds the deciding role
    const official = await p.deps.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'city-edu')
      .executeTakeFirstOrThrow();
    await p.deps.db
      .updateTable('filing_applications')
      .set({ submitted_by: official.id })
      .where('id', '=', id)
      .execute();
    const r = await as('city-edu', 'POST', `/api/filings/${id}/return`, { reason: '自己退回自己' });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('SELF_APPROVAL_FORBIDDEN');
    expect(inst).toBeGreaterThan(0);
  });

  it('INST-3: submission is refused while a prerequisite is missing, and the error names each missing item', async () => {
    const id = await makeInstitution(p.deps, {
      name: '条件不全学校',
      region: '410105',
      schoolType: 'secondary_vocational',
    });
    await makeUser(p.deps, { username: 'bare-admin', role: 'institution_admin', institutionId: id });
    await as('bare-admin', 'POST', '/api/staff', {
      kind: 'examiner',
      idNumber: newResidentId(),
      name: '考评员一',
      occupationIds: [occ['4-10-01-05']],
    });
    await upload('bare-admin', id, 'unit');
    const app = await as('bare-admin', 'POST', '/api/filings', {
      scopes: [{ occupationId: occ['4-10-01-05'], level: 4 }],
    });
    const r = await as('bare-admin', 'POST', `/api/filings/${app.body.id}/submit`);
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({ code: 'FILING_PREREQUISITES_MISSING', rule: 'INST-3' });
    expect(r.body.error.details.map((d: any) => d.field).sort()).toEqual([
      'examiners',
      'experts',
      'funding',
      'quality_supervisors',
      'question_bank',
      'rules',
      'sites',
      'supervision',
    ]);
    expect(r.body.error.message).toContain('养老护理员：考评员 1 名，至少需 3 名');
    expect(r.body.error.message).toContain('养老护理员：未上传题库材料');
    expect((await as('bare-admin', 'GET', `/api/filings/${app.body.id}`)).body.status).toBe('draft');
  });

  it('INST-3 + INST-8: a disqualified examiner no longer counts, and approval is refused once a prerequisite goes missing', async () => {
    const { id: inst, admin } = await readyInstitution('资格测试学校', { region: '410105' });
    const id = (await as(admin, 'POST', '/api/filings', { scopes: [{ occupationId: occ['4-04-05-01'], level: 4 }] }))
      .body.id;
    await as(admin, 'POST', `/api/filings/${id}/submit`);
    await review('city-edu', id, ['agree', 'agree', 'agree']);
    const examiner = (await as('city-admin', 'GET', `/api/staff?institutionId=${inst}&kind=examiner`)).body.items[0];
    expect(
      (await as('city-admin', 'POST', `/api/staff/${examiner.id}/disqualify`, { reason: '考评中弄虚作假' })).body
        .status,
    ).toBe('disqualified');
    const r = await as('city-edu', 'POST', `/api/filings/${id}/recommend`, {});
    expect(r.status).toBe(422);
    expect(r.body.error.message).toContain('计算机程序设计员：考评员 2 名');
  });

  it('INST-3: evidence must really be a PDF or an image, at most 10 MB, and is served back unchanged to those in scope only', async () => {
    const { id, admin } = await readyInstitution('材料测试学校', { region: '410105' });
    const fake = await upload(admin, id, 'rules', undefined, Buffer.from('just text pretending'), 'rules.pdf');
    expect(fake.status).toBe(415);
    expect(fake.body.error.code).toBe('EVIDENCE_TYPE_REFUSED');
    const big = await upload(
      admin,
      id,
      'rules',
      undefined,
      Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(10 * 1024 * 1024)]),
    );
    expect(big.status).toBe(413);
    const badItem = await upload(admin, id, 'nonsense');
    expect(badItem.body.error.code).toBe('VALIDATION_FAILED');
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6360000000020001e221bc330000000049454e44ae426082',
      'hex',
    );
    const ok = await upload(admin, id, 'sites', undefined, png, '场地照片.png');
    expect(ok.status).toBe(201);
    expect(ok.body.mime).toBe('image/png');
    const dl = await p.app.inject({
      method: 'GET',
      url: `/api/evidence/${ok.body.id}`,
      headers: { cookie: cookies.get('city-admin')! },
    });
    expect(dl.statusCode).toBe(200);
    expect(dl.rawPayload.equals(png)).toBe(true);
    expect(dl.headers['content-type']).toBe('image/png');
    expect((await as('luoyang-admin', 'GET', `/api/evidence/${ok.body.id}`)).status).toBe(404);
    expect((await as('school-admin', 'GET', `/api/evidence/${ok.body.id}`)).status).toBe(404);
  });

  it('INST-4: a filed institution extends its scope through the same review; granted pairs cannot be applied for twice', async () => {
    const school = await instId('郑州智能制造职业学院');
    const granted = (await as('school-admin', 'GET', `/api/institutions/${school}/scopes`)).body;
    const dup = await as('school-admin', 'POST', '/api/filings', {
      scopes: [{ occupationId: granted[0].occupationId, level: granted[0].level }],
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: 'SCOPE_ALREADY_GRANTED', rule: 'INST-4' });
    // three examiners for the new occupation and its question bank
    for (let i = 0; i < 3; i++)
      await as('school-admin', 'POST', '/api/staff', {
        kind: 'examiner',
        idNumber: newResidentId(),
        name: `焊工考评${i}`,
        occupationIds: [occ['4-04-05-01']],
      });
    await upload('school-admin', school, 'question_bank', occ['4-04-05-01']);
    const ext = await as('school-admin', 'POST', '/api/filings', {
      scopes: [{ occupationId: occ['4-04-05-01'], level: 4 }],
    });
    expect(ext.body).toMatchObject({
      kind: 'scope_extension',
      route: { reviewBy: '河南省教育厅', fileBy: '河南省人社厅' },
    });
    const again = await as('school-admin', 'POST', '/api/filings', {
      scopes: [{ occupationId: occ['4-04-05-01'], level: 3 }],
    });
    expect(again.body.error.code).toBe('FILING_OPEN_EXISTS');
    const id = ext.body.id;
    await as('school-admin', 'POST', `/api/filings/${id}/submit`);
    await review('province-edu', id, ['agree', 'agree', 'agree']);
    expect((await as('province-edu', 'POST', `/api/filings/${id}/recommend`, {})).body.status).toBe('recommended');
    const before = (await as('province-admin', 'GET', `/api/institutions/${school}`)).body.filingNo;
    await as('province-admin', 'POST', `/api/filings/${id}/file`, {});
    const after = (await as('province-admin', 'GET', `/api/institutions/${school}`)).body.filingNo;
    expect(after).toBe(before);
    const scopes = (await as('school-admin', 'GET', `/api/institutions/${school}/scopes`)).body;
    expect(scopes.some((s: any) => s.occupationId === occ['4-04-05-01'] && s.level === 4)).toBe(true);
  });

  it('INST-4: an institution acts for itself only (no applications, staff or evidence on another’s behalf)', async () => {
    const other = await instId('郑州市电子信息工程学校');
    expect(
      (
        await as('school-admin', 'POST', '/api/staff', {
          kind: 'examiner',
          idNumber: newResidentId(),
          name: '代登记',
          occupationIds: [occ['4-04-05-01']],
          institutionId: other,
        })
      ).body.error,
    ).toMatchObject({ code: 'DELEGATION_FORBIDDEN', rule: 'INST-4' });
    expect((await upload('school-admin', other, 'rules')).status).toBe(404);
  });

  it('INST-7: an occupation without a national standard needs a specification reviewed by ≥5 experts and filed by the province', async () => {
    const code = '4-14-02-05';
    await p.deps.db.updateTable('occupations').set({ has_national_standard: 0 }).where('code', '=', code).execute();
    const { admin } = await readyInstitution('规范测试学校', { region: '410105', occupations: [code] });
    const app = await as(admin, 'POST', '/api/filings', { scopes: [{ occupationId: occ[code], level: 4 }] });
    const refused = await as(admin, 'POST', `/api/filings/${app.body.id}/submit`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'SPEC_NOT_FILED', rule: 'INST-7' });

    const spec = (
      await as(admin, 'POST', '/api/specs', {
        occupationId: occ[code],
        title: '老年人能力评估师评价规范',
        levels: [4, 3],
      })
    ).body;
    expect(
      (await as('province-admin', 'POST', `/api/specs/${spec.id}/reviews`, { expertId, opinion: 'agree' })).body.error
        .code,
    ).toBe('FILING_INVALID_STATE');
    await as(admin, 'POST', `/api/specs/${spec.id}/submit`);
    const experts = (
      await p.deps.db
        .selectFrom('staff')
        .select('id')
        .where('kind', '=', 'expert')
        .where('institution_id', 'is', null)
        .orderBy('id')
        .execute()
    ).map((e) => e.id);
    for (const e of experts.slice(0, 4))
      expect(
        (await as('province-admin', 'POST', `/api/specs/${spec.id}/reviews`, { expertId: e, opinion: 'agree' })).status,
      ).toBe(200);
    expect(
      (await as('province-admin', 'POST', `/api/specs/${spec.id}/reviews`, { expertId: experts[0], opinion: 'agree' }))
        .body.error.code,
    ).toBe('CONFLICT');
    const four = await as('province-admin', 'POST', `/api/specs/${spec.id}/file`, {});
    expect(four.status).toBe(422);
    expect(four.body.error).toMatchObject({ code: 'SPEC_REVIEWS_INSUFFICIENT', rule: 'INST-7' });
    expect(four.body.error.message).toContain('目前 4 名');
    // a disqualified expert's review is refused (INST-8)
    await as('province-admin', 'POST', `/api/staff/${experts[5]}/disqualify`, { reason: '评审中收受好处' });
    expect(
      (await as('province-admin', 'POST', `/api/specs/${spec.id}/reviews`, { expertId: experts[5], opinion: 'agree' }))
        .body.error,
    ).toMatchObject({ code: 'STAFF_DISQUALIFIED', rule: 'INST-8' });
    await as('province-admin', 'POST', `/api/specs/${spec.id}/reviews`, { expertId: experts[4], opinion: 'agree' });
    expect((await as('province-admin', 'POST', `/api/specs/${spec.id}/file`, {})).body).toMatchObject({
      status: 'filed',
      agreeingReviews: 5,
    });

    await as(admin, 'PATCH', `/api/filings/${app.body.id}`, {
      scopes: [{ occupationId: occ[code], level: 4, specId: spec.id }],
    });
    const wrongLevel = await as(admin, 'PATCH', `/api/filings/${app.body.id}`, {
      scopes: [{ occupationId: occ[code], level: 2, specId: spec.id }],
    });
    expect(wrongLevel.body.error.message).toContain('不含 2 级');
    expect((await as(admin, 'POST', `/api/filings/${app.body.id}/submit`)).body.status).toBe('submitted');
  });

  it('INST-7: the applying institution’s own expert may not review its specification (nothing recorded); an outside expert may', async () => {
    const code = '4-02-06-03';
    await p.deps.db.updateTable('occupations').set({ has_national_standard: 0 }).where('code', '=', code).execute();
    const { id, admin } = await readyInstitution('规范回避测试学校', { region: '410105', occupations: [code] });
    const spec = (
      await as(admin, 'POST', '/api/specs', { occupationId: occ[code], title: '物流服务师评价规范', levels: [4] })
    ).body;
    expect((await as(admin, 'POST', `/api/specs/${spec.id}/submit`)).body.status).toBe('under_review');
    const own = (
      await p.deps.db
        .selectFrom('staff')
        .select('id')
        .where('kind', '=', 'expert')
        .where('institution_id', '=', id)
        .executeTakeFirstOrThrow()
    ).id;
    const refused = await as('province-admin', 'POST', `/api/specs/${spec.id}/reviews`, {
      expertId: own,
      opinion: 'agree',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'CONFLICT_OF_INTEREST', rule: 'INST-7' });
    expect((await as('province-admin', 'GET', `/api/specs/${spec.id}`)).body).toMatchObject({
      reviews: [],
      agreeingReviews: 0,
    });
    expect(await p.deps.db.selectFrom('staff_assignments').select('id').where('staff_id', '=', own).execute()).toEqual(
      [],
    );
    const outside = await as('province-admin', 'POST', `/api/specs/${spec.id}/reviews`, {
      expertId,
      opinion: 'agree',
    });
    expect(outside.status).toBe(200);
    expect(outside.body).toMatchObject({ agreeingReviews: 1, reviews: [{ expertId }] });
  });

  it('INST-7: no specification for an occupation that has a national standard; one without is accepted', async () => {
    const withStandard = '4-10-01-05';
    const without = '6-25-04-09';
    await p.deps.db
      .updateTable('occupations')
      .set({ has_national_standard: 1 })
      .where('code', '=', withStandard)
      .execute();
    await p.deps.db.updateTable('occupations').set({ has_national_standard: 0 }).where('code', '=', without).execute();
    const { admin } = await readyInstitution('规范标准测试学校', { region: '410105', occupations: [without] });
    const before = (await as(admin, 'GET', '/api/specs')).body.length;
    const refused = await as(admin, 'POST', '/api/specs', {
      occupationId: occ[withStandard],
      title: '养老护理员评价规范',
      levels: [4],
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'NATIONAL_STANDARD_EXISTS', rule: 'INST-7' });
    expect((await as(admin, 'GET', '/api/specs')).body.length).toBe(before);
    const accepted = await as(admin, 'POST', '/api/specs', {
      occupationId: occ[without],
      title: '物联网安装调试员评价规范',
      levels: [4],
    });
    expect(accepted.status).toBe(201);
    // a national standard published after the draft was written: the draft can no longer be submitted
    await p.deps.db.updateTable('occupations').set({ has_national_standard: 1 }).where('code', '=', without).execute();
    const late = await as(admin, 'POST', `/api/specs/${accepted.body.id}/submit`);
    expect(late.body.error).toMatchObject({ code: 'NATIONAL_STANDARD_EXISTS', rule: 'INST-7' });
    expect((await as(admin, 'GET', `/api/specs/${accepted.body.id}`)).body.status).toBe('draft');
    await p.deps.db.updateTable('occupations').set({ has_national_standard: 0 }).where('code', '=', without).execute();
  });

  it('filing numbers are unique under concurrent filing (site serial per province)', async () => {
    const names = ['并发甲', '并发乙', '并发丙', '并发丁'];
    const ids: number[] = [];
    for (const n of names) {
      const { admin } = await readyInstitution(`${n}技工学校`, { region: '410105', schoolType: 'technical' });
      const id = (await as(admin, 'POST', '/api/filings', { scopes: [{ occupationId: occ['4-04-05-01'], level: 5 }] }))
        .body.id;
      await as(admin, 'POST', `/api/filings/${id}/submit`);
      ids.push(id);
    }
    const results = await Promise.all(ids.map((id) => as('city-admin', 'POST', `/api/filings/${id}/file`, {})));
    const numbers = results.map((r) => r.body.timeline.at(-1).detail.filingNo);
    expect(numbers.every((n) => /^Y000041\d{6}$/.test(n))).toBe(true);
    expect(new Set(numbers).size).toBe(numbers.length);
  });
});
