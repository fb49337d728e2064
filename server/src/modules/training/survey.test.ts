/**
 * After training, through the API on a migrated database with the demo data: the satisfaction
 * survey (TRAIN-8, seed 002 三（三）“落实培训后同步进行满意度调查，低于85%的停止培训开班，给予为期一个月的
 * 整改期”), trainees who finish through a skill certificate's evaluation (TRAIN-9 “能够取得……职业技能
 * 等级证书……的，必须组织培训学员参加鉴定评价或考核”), and the Excel exports of classes, trainees and
 * attendance.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestPlatform,
  loginAs,
  makeUser,
  newResidentId,
  TEST_DB,
  type TestPlatform,
} from '../../../test/harness.js';
import { addDays, businessDate } from '../../lib/dates.js';
import type { Actor, RequestContext } from '../../lib/context.js';
import { classApplication, listedProvider } from '../../../test/training-fixtures.js';
import { issueCertificate } from '../certificates/certificates.service.js';
import { TARGET_GROUPS } from '../../../../contract/training.js';

type M = 'GET' | 'POST' | 'PUT' | 'DELETE';
const TZ = 'Asia/Shanghai';

describe(`subsidised training: after training (${TEST_DB})`, () => {
  let p: TestPlatform;
  const occ: Record<string, number> = {};
  let provider: { id: number; institutionId: number };
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
      body: r.body && r.headers['content-type']?.toString().includes('json') ? JSON.parse(r.body) : r.body,
      raw: r,
    };
  };
  const today = () => businessDate(p.clock.now(), TZ);
  const goTo = (date: string) => {
    p.clock.set(`${date}T20:00:00+08:00`);
    cookies.clear();
  };
  let seq = 0;
  /** a class approved by 郑州市人社局, starting in 10 days, with `n` trainees enrolled */
  const approvedClass = async (n: number, over: Record<string, unknown> = {}) => {
    const c = await as(
      'tp-admin',
      'POST',
      '/api/training/classes',
      classApplication(
        over.occupationId ? (over.occupationId as number) : occ.electric,
        today(),
        `结业测试班${++seq}`,
        over,
      ),
    );
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect((await as('tp-admin', 'POST', `/api/training/classes/${c.body.id}/steps`, { step: 'submit' })).status).toBe(
      200,
    );
    const a = await as('city-admin', 'POST', `/api/training/classes/${c.body.id}/decision`, { decision: 'approve' });
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    const trainees: { id: number; learnerId: number; name: string; idNumber: string }[] = [];
    for (let i = 0; i < n; i++) {
      const body = {
        name: `结业${String.fromCharCode(0x4e00 + ++seq)}`,
        idNumber: newResidentId(),
        targetGroup: 'laid_off',
        employmentIntention: true,
      };
      const t = await as('tp-admin', 'POST', `/api/training/classes/${c.body.id}/trainees`, body);
      expect(t.status, JSON.stringify(t.body)).toBe(201);
      trainees.push({ id: t.body.id, learnerId: t.body.learnerId, name: body.name, idNumber: body.idNumber });
    }
    return {
      id: c.body.id as number,
      startDate: a.body.startDate as string,
      endDate: a.body.endDate as string,
      trainees,
    };
  };
  const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);
  const answer = (token: string, over: Record<string, unknown> = {}) =>
    as(null, 'POST', `/api/public/training/survey/${token}`, {
      overall: 'satisfied',
      content: 5,
      teaching: 4,
      facilities: 4,
      organisation: 5,
      ...over,
    });
  const codes = async (classId: number) => {
    const r = await as('tp-admin', 'GET', `/api/training/classes/${classId}/survey/codes`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.invites as { traineeId: number; name: string; url: string; qrSvg: string }[];
  };

  beforeAll(async () => {
    p = await createTestPlatform();
    for (const [k, code] of Object.entries({ electric: '6-31-01-03' }))
      occ[k] = (
        await p.deps.db.selectFrom('occupations').select('id').where('code', '=', code).executeTakeFirstOrThrow()
      ).id;
    provider = await listedProvider(as, '郑州结业测试职业培训学校', [occ.electric], today());
    await makeUser(p.deps, { username: 'tp-admin', role: 'institution_admin', institutionId: provider.institutionId });
    await makeUser(p.deps, { username: 'jinshui-hrss', role: 'county_hrss', region: '410105' });
    await makeUser(p.deps, { username: 'zhongyuan-hrss', role: 'county_hrss', region: '410102' });
  }, 180_000);
  afterAll(async () => p?.close());

  it('TRAIN-8: each trainee answers once, anonymously, after training; the survey closes when all answered and the rate is what HRSS sees', async () => {
    const start = today();
    const c = await approvedClass(3);
    const invites = await codes(c.id);
    expect(invites).toHaveLength(3);
    expect(invites[0].qrSvg).toContain('<svg');
    const tokens = invites.map((v) => tokenOf(v.url));
    expect(new Set(tokens).size).toBe(3);
    for (const t of tokens) expect(t).toMatch(/^[A-Za-z0-9_-]{32}$/);
    // printing again hands out the same codes
    expect((await codes(c.id)).map((v) => v.url)).toEqual(invites.map((v) => v.url));
    // only the provider prints them
    expect((await as('jinshui-hrss', 'GET', `/api/training/classes/${c.id}/survey/codes`)).status).toBe(403);

    // the public page shows the class (no sign-in), never the trainee; before the end of training it is not open
    const page = await as(null, 'GET', `/api/public/training/survey/${tokens[0]}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ state: 'not_yet', opensOn: c.endDate, providerName: '郑州结业测试职业培训学校' });
    expect(JSON.stringify(page.body)).not.toContain(c.trainees[0].name);
    const early = await answer(tokens[0]);
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ code: 'SURVEY_NOT_OPEN', rule: 'TRAIN-8' });
    expect((await as(null, 'GET', `/api/public/training/survey/${'x'.repeat(32)}`)).status).toBe(404);

    goTo(c.endDate);
    expect((await as(null, 'GET', `/api/public/training/survey/${tokens[0]}`)).body.state).toBe('open');
    expect((await answer(tokens[0], { comment: '实操设备充足，老师讲解细致' })).status).toBe(201);
    const again = await answer(tokens[0], { overall: 'dissatisfied' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('SURVEY_ANSWERED');
    expect((await as(null, 'GET', `/api/public/training/survey/${tokens[0]}`)).body.state).toBe('answered');
    expect((await answer(tokens[1], { overall: 'fair', content: 3 })).status).toBe(201);

    // while open: how many answered, nothing of what they said
    const open = await as('tp-admin', 'GET', `/api/training/classes/${c.id}/survey`);
    expect(open.body).toMatchObject({ open: true, invited: 3, answers: 2, ratePercent: null, comments: [] });
    expect(open.body.mayClose).toBe(false);

    // the stored answer names no trainee, no code, no time
    const stored = await p.deps.db
      .selectFrom('training_survey_answers')
      .selectAll()
      .where('class_id', '=', c.id)
      .execute();
    expect(stored).toHaveLength(2);
    for (const a of stored) {
      expect(Object.keys(a).sort()).toEqual(
        [
          'class_id',
          'comment',
          'content_score',
          'facilities_score',
          'id',
          'organisation_score',
          'overall',
          'teaching_score',
        ].sort(),
      );
      const text = JSON.stringify(a);
      for (const t of tokens) expect(text).not.toContain(t);
    }
    // no audit record carries an answer or its address
    const publicAudits = await p.deps.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('object_type', '=', 'training_class')
      .where('object_id', '=', String(c.id))
      .execute();
    expect(publicAudits.map((x) => x.action)).not.toContain('training.survey.answer');

    // the last answer closes the survey: 3 of 3 satisfied or fair = 100%
    expect((await answer(tokens[2], { comment: '希望增加实操课时' })).status).toBe(201);
    const closed = await as('jinshui-hrss', 'GET', `/api/training/classes/${c.id}/survey`);
    expect(closed.body).toMatchObject({
      open: false,
      answers: 3,
      verdicts: { satisfied: 2, fair: 1, dissatisfied: 0 },
      ratePercent: 100,
      averages: { content: 4.3, teaching: 4, facilities: 4, organisation: 5 },
      closed: { closedOn: c.endDate, byName: null, rectification: null },
    });
    expect(closed.body.comments).toEqual(
      ['实操设备充足，老师讲解细致', '希望增加实操课时'].sort((a, b) => a.localeCompare(b, 'zh')),
    );
    expect((await as(null, 'GET', `/api/public/training/survey/${tokens[0]}`)).body.state).toBe('answered');
    goTo(start);
  });

  it('TRAIN-8: below 85% the provider enters a month of rectification and opens no class; only the HRSS of the place closes a survey', async () => {
    const start = today();
    const c = await approvedClass(4);
    const tokens = (await codes(c.id)).map((v) => tokenOf(v.url));
    goTo(c.endDate);
    expect((await answer(tokens[0])).status).toBe(201);
    expect((await answer(tokens[1], { overall: 'dissatisfied', teaching: 1 })).status).toBe(201);
    expect((await answer(tokens[2], { overall: 'fair' })).status).toBe(201);
    // 2 of 3 = 66.7%; the fourth trainee never answered: the HRSS of the place closes it
    expect((await as('tp-admin', 'POST', `/api/training/classes/${c.id}/survey/close`)).status).toBe(403);
    const neighbour = await as('zhongyuan-hrss', 'POST', `/api/training/classes/${c.id}/survey/close`);
    expect(neighbour.status).toBe(404);
    const before = await as('jinshui-hrss', 'GET', `/api/training/classes/${c.id}/survey`);
    expect(before.body.mayClose).toBe(true);
    const closed = await as('jinshui-hrss', 'POST', `/api/training/classes/${c.id}/survey/close`);
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body).toMatchObject({
      answers: 3,
      invited: 4,
      ratePercent: 66.7,
      closed: { closedOn: c.endDate, rectification: { startsOn: c.endDate, endsOn: expect.any(String) } },
    });
    expect(closed.body.closed.rectification.endsOn > c.endDate).toBe(true);
    // the code not used is now closed
    expect((await as(null, 'GET', `/api/public/training/survey/${tokens[3]}`)).body.state).toBe('closed');
    expect((await answer(tokens[3])).body.error.code).toBe('SURVEY_CLOSED');
    expect((await as('jinshui-hrss', 'POST', `/api/training/classes/${c.id}/survey/close`)).body.error.code).toBe(
      'SURVEY_CLOSED',
    );
    // the provider's catalogue entry shows the rectification with its satisfaction rate
    const detail = await as('city-admin', 'GET', `/api/training/providers/${provider.id}`);
    expect(detail.body.rectifications[0]).toMatchObject({ satisfactionPercent: 66.7, startsOn: c.endDate });
    // and it opens no class during it
    const refused = await as(
      'tp-admin',
      'POST',
      '/api/training/classes/check',
      classApplication(occ.electric, today(), '整改期内的新班'),
    );
    expect(JSON.stringify(refused.body)).toContain('TRAIN-8');
    // clean up: later tests open classes
    await p.deps.db.deleteFrom('training_survey_results').where('class_id', '=', c.id).execute();
    await p.deps.db.deleteFrom('training_rectifications').where('provider_id', '=', provider.id).execute();
    goTo(start);
  });

  it('TRAIN-9: a trainee examined and certified in the class’s occupation shows as completed by evaluation', async () => {
    // 中原数字技能培训评价中心 (demo) certifies anyone in its scope
    const org = await p.deps.db
      .selectFrom('institutions')
      .select('id')
      .where('name', '=', '中原数字技能培训评价中心')
      .executeTakeFirstOrThrow();
    const scope = await p.deps.db
      .selectFrom('institution_scopes')
      .select(['occupation_id', 'level'])
      .where('institution_id', '=', org.id)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    expect(
      (
        await as('city-admin', 'PUT', `/api/training/providers/${provider.id}/occupations`, {
          occupationIds: [occ.electric, scope.occupation_id],
        })
      ).status,
    ).toBe(200);
    const start = today();
    const c = await approvedClass(2, { occupationId: scope.occupation_id, level: scope.level });
    const [a, b] = c.trainees;
    const hours0 = await as('tp-admin', 'GET', `/api/training/classes/${c.id}/hours`);
    expect(hours0.body.assessment.byCompletionTest).toBe(false);
    goTo(c.endDate);
    const actor: Actor = {
      id: 1,
      username: 'org-admin',
      displayName: '测试',
      role: 'institution_admin',
      regionCode: null,
      regionPath: null,
      institutionId: org.id,
      scopeLabel: '',
      scopePath: [],
    };
    const ctx: RequestContext = { actor, ip: null, requestId: 't' };
    const cert = await p.deps.db.transaction().execute((trx) =>
      issueCertificate(trx, p.deps, ctx, {
        learnerId: a.learnerId,
        occupationId: scope.occupation_id,
        level: scope.level,
        pathway: 'exam',
      }),
    );
    const listed = await as('tp-admin', 'GET', `/api/training/classes/${c.id}/trainees`);
    const mine = listed.body.find((x: { id: number }) => x.id === a.id);
    expect(mine).toMatchObject({ assessedOn: c.endDate, evaluationCertificateNo: cert.number });
    expect(listed.body.find((x: { id: number }) => x.id === b.id)).toMatchObject({
      assessedOn: null,
      evaluationCertificateNo: null,
    });
    const hours = await as('jinshui-hrss', 'GET', `/api/training/classes/${c.id}/hours`);
    expect(hours.body.trainees.find((x: { traineeId: number }) => x.traineeId === a.id)).toMatchObject({
      assessedOn: c.endDate,
      evaluationCertificateNo: cert.number,
      completion: null,
    });
    goTo(start);
  });
  const xlsx = async (user: string, url: string) => {
    const r = await as(user, 'GET', url);
    expect(r.status, String(r.raw.body).slice(0, 300)).toBe(200);
    expect(r.raw.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.raw.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const rows: string[][] = [];
    ws.eachRow((row) =>
      rows.push(
        (row.values as unknown[])
          .slice(1)
          .map((v) => (v == null ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v))),
      ),
    );
    return { name: ws.name, rows };
  };

  it('exports: the classes list, a class’s trainees (ID numbers masked) and its attendance sheet, each audited', async () => {
    const start = today();
    const c = await approvedClass(2);
    const [a, b] = c.trainees;
    const sessions = (
      await as('tp-admin', 'POST', `/api/training/classes/${c.id}/sessions`, {
        heldOn: c.startDate,
        startsAt: '08:00',
        kind: 'theory',
        delivery: 'offline',
        count: 2,
      })
    ).body as { id: number }[];
    goTo(c.startDate);
    for (const [i, s] of sessions.entries())
      expect(
        (
          await as('tp-admin', 'PUT', `/api/training/sessions/${s.id}/attendance`, {
            entries: [
              { traineeId: a.id, status: 'present' },
              i === 0
                ? { traineeId: b.id, status: 'leave', leaveNote: '书面请假单 2026-01' }
                : { traineeId: b.id, status: 'absent' },
            ],
          })
        ).status,
      ).toBe(200);

    const classes = await xlsx('tp-admin', `/api/training/classes/export?q=${encodeURIComponent(`结业测试班`)}`);
    expect(classes.name).toBe('培训班');
    expect(classes.rows[0]).toContain('培训班');
    const mine = classes.rows.find((r) => r[0] === String(c.id));
    expect(mine).toBeTruthy();
    expect(mine).toContain('已批准');
    expect(mine).toContain('6-31-01-03');
    // another provider's classes are not in it (the list's scope)
    expect(classes.rows.slice(1).every((r) => r[2] === '郑州结业测试职业培训学校')).toBe(true);

    const trainees = await xlsx('tp-admin', `/api/training/classes/${c.id}/trainees/export`);
    expect(trainees.rows).toHaveLength(3);
    const text = JSON.stringify(trainees.rows);
    for (const t of c.trainees) {
      expect(text).toContain(t.name);
      expect(text).not.toContain(t.idNumber);
    }
    expect(trainees.rows[1][1]).toMatch(/^\d{3}\*{11}\d{3}[\dX]$/);
    expect(trainees.rows[1][2]).toBe(TARGET_GROUPS.laid_off.label);

    const sheet = await xlsx('jinshui-hrss', `/api/training/classes/${c.id}/attendance/export`);
    expect(sheet.name).toBe('考勤表');
    expect(sheet.rows[0].slice(0, 2)).toEqual(['姓名', '证件号码']);
    expect(sheet.rows[0][2]).toContain(`1. ${c.startDate} 08:00 理论`);
    expect(sheet.rows[0].slice(-2)).toEqual(['合规学时', '计划学时']);
    const rowA = sheet.rows.find((r) => r[0] === a.name)!;
    const rowB = sheet.rows.find((r) => r[0] === b.name)!;
    expect(rowA.slice(2, 4)).toEqual(['出勤', '出勤']);
    expect(rowB.slice(2, 4)).toEqual(['请假（书面）', '缺勤']);
    expect(JSON.stringify(sheet.rows)).not.toContain(a.idNumber);

    // another institution sees no such class
    expect((await as('zhongyuan-hrss', 'GET', `/api/training/classes/${c.id}/attendance/export`)).status).toBe(404);
    const audits = await p.deps.db
      .selectFrom('audit_log')
      .select(['detail', 'actor_name'])
      .where('action', '=', 'training.export')
      .where('outcome', '=', 'success')
      .execute();
    expect(audits.map((x) => JSON.parse(x.detail!).what).sort()).toEqual(['attendance', 'classes', 'trainees']);
    goTo(start);
  });
});
