/**
 * Issuing a plan's certificates as a tracked job (issue 14 item 9): the request answers 202 with
 * the job, which issues a batch per transaction and tells done / total after each; one issuance
 * per plan at a time (409 ISSUANCE_RUNNING); a job whose server is gone is failed by the sweep, and
 * the next start issues to whoever the stopped run left (idempotent per registration).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestPlatform,
  graduatingClassNow,
  jobAnswer,
  json,
  loginAs,
  makeUser,
  TEST_DB,
  type TestPlatform,
} from '../../../test/harness.js';
import { residentIdCheckChar } from '../../lib/identity.js';
import type { RequestContext } from '../../lib/context.js';
import { CERTIFICATE_NUMBER_RE } from '../certificates/certificate-number.js';
import { buildActor } from '../auth/auth.service.js';
import { insertJob } from '../jobs/jobs.queries.js';
import { jobsSettled, recoverJobs } from '../jobs/jobs.service.js';
import { issueBatchSize, issueForPlan } from './issuance.service.js';

const id18 = (first17: string) => first17 + residentIdCheckChar(first17);

describe(`plan issuance as a job (${TEST_DB})`, () => {
  let p: TestPlatform;
  let cookie: string;
  const as = async (method: 'GET' | 'POST', url: string, payload?: object) => {
    const r = await p.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
    expect(r.statusCode, `${method} ${url}: ${r.body}`).toBeLessThan(300);
    return json(r);
  };
  const start = (planId: number) =>
    p.app.inject({ method: 'POST', url: `/api/plans/${planId}/issue`, headers: { cookie } });
  const certificatesOf = async (planId: number) =>
    (await as('GET', `/api/plans/${planId}`)).registrations.filter((r: any) => r.certificateId).length;
  let school: number;
  let occ: number;
  let examiners: number[];
  let seq = 0;

  /** A finalized plan with `n` passed candidates. */
  async function finalizedPlan(n: number): Promise<number> {
    const planId = (
      await as('POST', '/api/plans', { occupationId: occ, level: 4, year: 2026, title: `发证任务${++seq}` })
    ).id;
    await as('POST', `/api/plans/${planId}/publish`);
    const regIds: number[] = [];
    for (let i = 0; i < n; i++)
      regIds.push(
        (
          await as('POST', `/api/plans/${planId}/registrations`, {
            name: `发证${seq}-${i}`,
            idNumber: id18(`410105200504${String(seq).padStart(2, '0')}${String(i).padStart(3, '0')}`),
            studentType: 'junior_college',
            graduationYear: graduatingClassNow(p),
            inSchool: true,
          })
        ).id,
      );
    await as('POST', `/api/plans/${planId}/sessions`, {
      part: 'practical',
      startsAt: '2026-12-05T09:00',
      site: '实训楼',
      rooms: [{ room: '电工实训室', registrationIds: regIds, staffIds: examiners }],
    });
    const examiner = await loginAs(p.app, 'issue-examiner');
    const scored = await p.app.inject({
      method: 'POST',
      url: `/api/plans/${planId}/scores`,
      headers: { cookie: examiner },
      payload: {
        entries: regIds.flatMap((id) => [
          { registrationId: id, part: 'theory', score: 75 },
          { registrationId: id, part: 'practical', score: 82 },
        ]),
      },
    });
    expect(scored.statusCode, scored.body).toBeLessThan(300);
    await as('POST', `/api/plans/${planId}/scores/confirm`);
    const pub = await as('POST', `/api/plans/${planId}/results/publish`);
    p.clock.advanceMinutes(
      Math.ceil((Date.parse(`${pub.publicityUntil}T00:00:00Z`) - p.clock.now().getTime()) / 60_000) + 24 * 60 + 1,
    );
    cookie = await loginAs(p.app, 'school-admin'); // the session ran out meanwhile
    await as('POST', `/api/plans/${planId}/finalize`);
    return planId;
  }

  beforeAll(async () => {
    p = await createTestPlatform();
    school = Number(
      (
        await p.deps.db
          .selectFrom('institutions')
          .select('id')
          .where('name', '=', '郑州智能制造职业学院')
          .executeTakeFirstOrThrow()
      ).id,
    );
    occ = Number(
      (
        await p.deps.db
          .selectFrom('occupations')
          .select('id')
          .where('code', '=', '6-31-01-03')
          .executeTakeFirstOrThrow()
      ).id,
    ); // 电工
    examiners = (
      await p.deps.db
        .selectFrom('staff as s')
        .innerJoin('staff_occupations as so', 'so.staff_id', 's.id')
        .select('s.id')
        .where('s.institution_id', '=', school)
        .where('so.occupation_id', '=', occ)
        .where('s.kind', 'in', ['examiner', 'senior_examiner'])
        .where('s.status', '=', 'active')
        .orderBy('s.id')
        .limit(3)
        .execute()
    ).map((s) => Number(s.id));
    await makeUser(p.deps, { username: 'issue-examiner', role: 'examiner', institutionId: school });
    cookie = await loginAs(p.app, 'school-admin');
  }, 180_000);
  afterAll(async () => p?.close());

  it('batches: about a twentieth of the run, never under 500 nor over 10,000', () => {
    expect(issueBatchSize(3)).toBe(500);
    expect(issueBatchSize(20_000)).toBe(1000);
    expect(issueBatchSize(100_000)).toBe(5000);
    expect(issueBatchSize(1_000_000)).toBe(10_000);
  });

  it('POST /api/plans/:id/issue answers 202 with the job; it runs to succeeded with the certificates counted and the start audited', async () => {
    const planId = await finalizedPlan(3);
    const r = await start(planId);
    expect(r.statusCode).toBe(202);
    const job = json(r);
    expect(job).toMatchObject({ kind: 'certificate_issue', status: 'running', done: 0, total: 3, error: null });
    const seen: any[] = [];
    const end = await jobAnswer(p.app, cookie, r, seen);
    expect(end.status).toBe(200);
    expect(end.job).toMatchObject({ status: 'succeeded', done: 3, total: 3, resultUrl: null });
    expect(end.body.issued).toBe(3);
    expect(end.body.numbers).toHaveLength(3);
    expect(end.body.numbers.every((n: string) => CERTIFICATE_NUMBER_RE.test(n))).toBe(true);
    expect(end.body.credentials.total).toBeGreaterThanOrEqual(3);
    // progress only goes forward
    const dones = seen.map((s) => s.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    expect(await certificatesOf(planId)).toBe(3);
    // the start is audited with the job's id; each certificate as it was issued
    const audits = await p.deps.db
      .selectFrom('audit_log')
      .select(['action', 'object_id', 'detail'])
      .where('action', 'in', ['certificate.issue_start', 'certificate.issue'])
      .execute();
    const starts = audits.filter((a) => a.action === 'certificate.issue_start' && a.object_id === String(planId));
    expect(starts.map((a) => JSON.parse(a.detail!))).toEqual([{ planId, count: 3, jobId: job.id }]);
    expect(audits.filter((a) => a.action === 'certificate.issue').length).toBeGreaterThanOrEqual(3);
    // a second start finds nobody left: a job that issues none
    const again = await jobAnswer(p.app, cookie, await start(planId));
    expect(again.body.issued).toBe(0);
    expect(await certificatesOf(planId)).toBe(3);
  });

  it('progress is told after each batch, a batch per transaction', async () => {
    const planId = await finalizedPlan(3);
    const reports: [number, number | undefined][] = [];
    const r = await issueForPlan(
      p.deps,
      await ctxOf('school-admin'),
      planId,
      { signal: new AbortController().signal, report: async (done, total) => void reports.push([done, total]) },
      { batchSize: 1 },
    );
    expect(r.issued).toBe(3);
    expect(reports).toEqual([
      [0, 3],
      [1, undefined],
      [2, undefined],
      [3, undefined],
    ]);
  });

  it('one issuance per plan at a time: a second start answers 409 ISSUANCE_RUNNING; a job whose server is gone is failed by the sweep and the next start issues whoever is left', async () => {
    const planId = await finalizedPlan(3);
    // a run that stopped after its first batch (the server stopped): one certificate issued, the rest left
    const controller = new AbortController();
    const ctx = await ctxOf('school-admin');
    await expect(
      issueForPlan(
        p.deps,
        ctx,
        planId,
        {
          signal: controller.signal,
          report: async (done) => {
            if (done >= 1) controller.abort();
          },
        },
        { batchSize: 1 },
      ),
    ).rejects.toThrow();
    expect(await certificatesOf(planId)).toBe(1);
    // … and its job row, left running by a server that died (nobody touches it)
    const now = p.clock.now().toISOString();
    const dead = await insertJob(p.deps.db, {
      kind: 'certificate_issue',
      ownerUserId: ctx.actor!.id,
      params: JSON.stringify({ planId }),
      total: 3,
      now,
      subject: `plan:${planId}`,
    });
    const busy = await start(planId);
    expect(busy.statusCode).toBe(409);
    expect(json(busy).error).toMatchObject({ code: 'ISSUANCE_RUNNING', message: expect.stringMatching(/正在发证/) });
    const en = await p.app.inject({
      method: 'POST',
      url: `/api/plans/${planId}/issue`,
      headers: { cookie, 'accept-language': 'en' },
    });
    expect(json(en).error).toMatchObject({ code: 'ISSUANCE_RUNNING', message: expect.stringMatching(/being issued/) });
    // another plan is not held up
    const other = await finalizedPlan(1);
    expect((await jobAnswer(p.app, cookie, await start(other))).body.issued).toBe(1);

    p.clock.advanceMinutes(2); // nobody touched the dead job since: its server is gone
    cookie = await loginAs(p.app, 'school-admin');
    expect(await recoverJobs(p.deps)).toContain(dead);
    expect(json(await p.app.inject({ method: 'GET', url: `/api/jobs/${dead}`, headers: { cookie } }))).toMatchObject({
      status: 'failed',
      error: { code: 'JOB_INTERRUPTED' },
    });
    // the subject is free again: the next start issues the two the stopped run left
    const end = await jobAnswer(p.app, cookie, await start(planId));
    expect(end.job).toMatchObject({ status: 'succeeded', done: 2, total: 2 });
    expect(end.body.issued).toBe(2);
    expect(await certificatesOf(planId)).toBe(3);
    await jobsSettled(p.deps);
  });

  /** what a request of the user carries: their actor */
  async function ctxOf(username: string): Promise<RequestContext> {
    const user = await p.deps.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', username)
      .executeTakeFirstOrThrow();
    return { actor: await buildActor(p.deps, user), ip: null, requestId: 'test' };
  }
});
