/**
 * Tracked jobs (issue 17): a ZIP of certificate PDFs is started by a request that answers at once
 * (202 with the job), runs in the background with progress its owner follows, and leaves a file
 * only its owner downloads; a job is never left 'running' by a server that stopped; a job waits
 * while the worker threads' queue is full, where a request is answered 503 at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, json, loginAs, TEST_DB, type TestPlatform } from '../../../test/harness.js';
import { SLEEP } from '../../../test/worker-tasks.js';
import { insertJob } from './jobs.queries.js';
import fs from 'node:fs';
import path from 'node:path';
import {
  expireJobResults,
  jobsDir,
  jobsSettled,
  MAX_ACTIVE_JOBS_PER_USER,
  recoverJobs,
  startJob,
  stopJobs,
} from './jobs.service.js';

/** work that runs until the server stops it */
const untilAborted = (signal: AbortSignal) =>
  new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });

const JUNE = { issuedFrom: '2025-06-01', issuedTo: '2025-06-30' };

describe(`tracked jobs (${TEST_DB})`, () => {
  let p: TestPlatform;
  let school: string;
  const get = async (url: string, cookie = school) => p.app.inject({ method: 'GET', url, headers: { cookie } });
  const startZip = (body: object = JUNE, cookie = school) =>
    p.app.inject({ method: 'POST', url: '/api/certificates/batch-jobs', headers: { cookie }, payload: body });
  /** polls the job until it has ended; returns every state seen */
  const follow = async (id: number, cookie = school) => {
    const seen: any[] = [];
    for (let i = 0; i < 600; i++) {
      const j = json(await get(`/api/jobs/${id}`, cookie));
      seen.push(j);
      if (j.status === 'succeeded' || j.status === 'failed') return seen;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`job ${id} did not end: ${JSON.stringify(seen.at(-1))}`);
  };
  const schoolAdminId = async () =>
    Number(
      (
        await p.deps.db
          .selectFrom('users')
          .select('id')
          .where('username', '=', 'school-admin')
          .executeTakeFirstOrThrow()
      ).id,
    );

  beforeAll(async () => {
    // one worker thread, two queued tasks at most: the full queue is easy to reach
    p = await createTestPlatform({ workers: { threads: 1, maxQueue: 2 } });
    school = await loginAs(p.app, 'school-admin');
  }, 180_000);
  afterAll(async () => {
    await p?.close();
  });

  it('issue 17: a certificate ZIP starts as a job (202), runs to completion with progress, and only its owner sees it and downloads the file', async () => {
    const r = await startZip();
    expect(r.statusCode).toBe(202);
    const job = json(r);
    expect(job).toMatchObject({ kind: 'certificate_zip', status: 'running', done: 0, resultUrl: null, error: null });
    expect(job.total).toBeGreaterThan(0);
    // not ready yet: the result is refused until the job has succeeded
    const early = await get(`/api/jobs/${job.id}/file`);
    if (early.statusCode !== 200) expect(json(early).error.code).toBe('JOB_NOT_READY');

    const seen = await follow(job.id);
    const end = seen.at(-1);
    expect(end).toMatchObject({ status: 'succeeded', done: job.total, total: job.total, error: null });
    expect(end.resultUrl).toBe(`/api/jobs/${job.id}/file`);
    expect(end.finishedAt).toBeTruthy();
    // progress only goes forward
    const dones = seen.map((s) => s.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));

    const file = await get(end.resultUrl);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/zip');
    expect(file.headers['content-disposition']).toContain('certificates.zip');
    const zip = file.rawPayload;
    expect(zip.subarray(0, 2).toString()).toBe('PK');
    let entries = 0;
    for (let i = zip.indexOf('PK\x01\x02'); i >= 0; i = zip.indexOf('PK\x01\x02', i + 4)) entries++;
    expect(entries).toBe(job.total);
    expect(end.resultSize).toBe(zip.length);

    // owner-only: another institution's administrator, or an official who follows jobs of their own
    // (certificate imports), is answered as if there were no job; a role that starts none is refused
    const other = await loginAs(p.app, 'zhongzhi-admin');
    expect((await get(`/api/jobs/${job.id}`, other)).statusCode).toBe(404);
    expect((await get(`/api/jobs/${job.id}/file`, other)).statusCode).toBe(404);
    const official = await loginAs(p.app, 'province-admin');
    expect((await get(`/api/jobs/${job.id}`, official)).statusCode).toBe(404);
    expect((await get(`/api/jobs/${job.id}/file`, official)).statusCode).toBe(404);
    const finance = await loginAs(p.app, 'city-finance');
    expect((await get(`/api/jobs/${job.id}`, finance)).statusCode).toBe(403);
    expect((await get(`/api/jobs/${job.id}`, '')).statusCode).toBe(401);

    // the start is in the audit trail, with the job's id
    const audit = await p.deps.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'certificate.export_zip_start')
      .execute();
    expect(audit.some((a) => JSON.parse(a.detail!).jobId === job.id)).toBe(true);
  });

  it('issue 17: nothing to pack is refused at once (404), no job is left behind', async () => {
    const r = await startZip({ issuedFrom: '1999-01-01', issuedTo: '1999-12-31' });
    expect(r.statusCode).toBe(404);
    expect(json(r).error.code).toBe('NOT_FOUND');
  });

  it('issue 17: a job left running by a server that died is failed at the next start-up with JOB_INTERRUPTED, never left running', async () => {
    const owner = await schoolAdminId();
    const now = p.clock.now().toISOString();
    // the row a dead server leaves: running, half done, nobody running it
    const id = await insertJob(p.deps.db, {
      kind: 'certificate_zip',
      ownerUserId: owner,
      params: '{}',
      total: 10,
      now,
    });
    expect(json(await get(`/api/jobs/${id}`)).status).toBe('running');
    // a job another live server still runs (touched within the minute) is left alone
    expect(await recoverJobs(p.deps)).not.toContain(id);
    p.clock.advanceMinutes(2); // nobody touched it since: its server is gone
    const recovered = await recoverJobs(p.deps); // what start-up and the minute sweep do (platform.ts)
    expect(recovered).toContain(id);
    const j = json(await get(`/api/jobs/${id}`));
    expect(j).toMatchObject({ status: 'failed', resultUrl: null, error: { code: 'JOB_INTERRUPTED' } });
    expect(j.error.message).toMatch(/重启/);
    expect(j.finishedAt).toBeTruthy();
    expect(json(await get(`/api/jobs/${id}/file`)).error.code).toBe('JOB_NOT_READY');
    // jobs that ended are left as they were
    expect(await recoverJobs(p.deps)).toEqual([]);
  });

  it('issue 17: a server that stops fails the jobs it is running (JOB_INTERRUPTED) instead of leaving them running', async () => {
    const ctx = { actor: { id: await schoolAdminId() } as never, ip: null, requestId: 'test' };
    const job = await startJob(p.deps, ctx, 'certificate_zip', {}, 5, async (progress) => {
      await progress.report(1);
      return untilAborted(progress.signal);
    });
    expect(job.status).toBe('running');
    await stopJobs(p.deps); // what the app's close does (jobs.routes.ts)
    expect(json(await get(`/api/jobs/${job.id}`))).toMatchObject({
      status: 'failed',
      error: { code: 'JOB_INTERRUPTED' },
    });
  });

  it(`issue 17: one user runs at most ${MAX_ACTIVE_JOBS_PER_USER} jobs at once (429 JOBS_BUSY)`, async () => {
    const ctx = { actor: { id: await schoolAdminId() } as never, ip: null, requestId: 'test' };
    const hang = async (progress: { signal: AbortSignal }) => untilAborted(progress.signal);
    for (let i = 0; i < MAX_ACTIVE_JOBS_PER_USER; i++) await startJob(p.deps, ctx, 'certificate_zip', {}, 1, hang);
    const r = await startZip();
    expect(r.statusCode).toBe(429);
    expect(json(r).error.code).toBe('JOBS_BUSY');
    await stopJobs(p.deps);
  });

  it('issue 17: with every worker busy and the queue full, a request is answered 503 WORKERS_BUSY at once, while a job waits its turn and completes', async () => {
    const workers = p.deps.workers!;
    const busy = [workers.run(SLEEP, 1500), workers.run(SLEEP, 10), workers.run(SLEEP, 10)]; // one running, two queued
    const direct = await get(`/api/certificates/batch.zip?issuedFrom=${JUNE.issuedFrom}&issuedTo=${JUNE.issuedTo}`);
    expect(direct.statusCode).toBe(503);
    expect(direct.headers['retry-after']).toBe('5');
    expect(json(direct).error.code).toBe('WORKERS_BUSY');
    const r = await startZip();
    expect(r.statusCode).toBe(202);
    const end = (await follow(json(r).id)).at(-1);
    expect(end).toMatchObject({ status: 'succeeded', error: null });
    expect(end.done).toBe(end.total);
    await Promise.all(busy);
    await jobsSettled(p.deps);
  });

  it('GET /api/jobs lists the caller’s own recent jobs, newest first, with kind, status, progress and times; nobody else’s', async () => {
    const end = (await follow(json(await startZip()).id)).at(-1);
    const list = json(await get('/api/jobs'));
    expect(list[0]).toMatchObject({
      id: end.id,
      kind: 'certificate_zip',
      status: 'succeeded',
      done: end.total,
      total: end.total,
      resultUrl: `/api/jobs/${end.id}/file`,
      resultExpired: false,
    });
    expect(list[0].createdAt).toBeTruthy();
    expect(list[0].finishedAt).toBeTruthy();
    const ids = list.map((j: { id: number }) => j.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    // the interrupted and failed jobs of the tests above are there too, with their reasons
    expect(list.some((j: any) => j.status === 'failed' && j.error.code === 'JOB_INTERRUPTED')).toBe(true);
    const other = await loginAs(p.app, 'zhongzhi-admin');
    expect(json(await get('/api/jobs', other)).some((j: { id: number }) => ids.includes(j.id))).toBe(false);
    expect((await get('/api/jobs', '')).statusCode).toBe(401);
  });

  it('a finished job’s result file is deleted by the sweep after the retention period (7 days by default); the job says so and the download answers 410 JOB_RESULT_EXPIRED', async () => {
    expect(p.deps.config.jobResultRetentionDays).toBe(7);
    const old = (await follow(json(await startZip()).id)).at(-1);
    const file = path.join(
      jobsDir(p.deps),
      fs.readdirSync(jobsDir(p.deps)).find((f) => f.startsWith(`${old.id}-`))!,
    );
    expect(fs.existsSync(file)).toBe(true);
    // within the retention nothing is deleted
    p.clock.advanceMinutes(6 * 24 * 60);
    school = await loginAs(p.app, 'school-admin'); // the session of six days ago has ended
    expect(await expireJobResults(p.deps)).not.toContain(old.id);
    expect((await get(`/api/jobs/${old.id}/file`)).statusCode).toBe(200);
    p.clock.advanceMinutes(2 * 24 * 60);
    school = await loginAs(p.app, 'school-admin');
    const fresh = (await follow(json(await startZip()).id)).at(-1); // finished today: kept
    const expired = await expireJobResults(p.deps);
    expect(expired).toContain(old.id);
    expect(expired).not.toContain(fresh.id);
    expect(fs.existsSync(file)).toBe(false);
    expect(json(await get(`/api/jobs/${old.id}`))).toMatchObject({
      status: 'succeeded',
      resultUrl: null,
      resultExpired: true,
    });
    const gone = await get(`/api/jobs/${old.id}/file`);
    expect(gone.statusCode).toBe(410);
    expect(json(gone).error).toMatchObject({
      code: 'JOB_RESULT_EXPIRED',
      message: expect.stringMatching(/超过 7 天的保存期限被清理/),
    });
    expect((await get(`/api/jobs/${fresh.id}/file`)).statusCode).toBe(200);
    // the next sweep finds nothing more to delete
    expect(await expireJobResults(p.deps)).toEqual([]);
  });
});
