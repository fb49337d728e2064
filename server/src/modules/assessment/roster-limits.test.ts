/**
 * Hostile workbooks through the roster route (issue 11 item 2, "Shown by"): a zip bomb, 16,384
 * columns, a truncated file, files that are not workbooks and 10⁶ rows are each refused with their
 * own code and a Chinese message naming the limit, nothing imported; imports past the server's
 * bound are answered 503 with Retry-After. The server's RSS is printed for information only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestPlatform,
  loginAs,
  makeFiledInstitution,
  makeUser,
  multipart,
  TEST_DB,
  type TestPlatform,
  XLSX_TYPE,
  jobAnswer,
} from '../../../test/harness.js';
import { manyRowsWorkbook, rosterWorkbook, wideWorkbook, zipBombWorkbook } from '../../../test/workbooks.js';
import { loadConfig } from '../../config.js';
import { SLEEP } from '../../../test/worker-tasks.js';
import fs from 'node:fs';
import { importSlots } from '../../lib/slots.js';
import { spoolDir } from '../../lib/spool.js';
import { liveProgress, stopJobs } from '../jobs/jobs.service.js';

describe(`hostile roster workbooks (${TEST_DB})`, () => {
  let p: TestPlatform;
  let cookie: string;
  let planId: number;
  /** the roster route's answer: 202 with the job, or a refusal at once */
  const postRoster = (content: Buffer, name = 'roster.xlsx') => {
    const form = multipart({}, [{ name, content, type: XLSX_TYPE }]);
    return p.app.inject({
      method: 'POST',
      url: `/api/plans/${planId}/roster`,
      headers: { cookie, 'content-type': form.contentType },
      payload: form.payload,
    });
  };
  // the import runs as a job: its answer once it has ended
  const upload = async (content: Buffer, name = 'roster.xlsx') =>
    jobAnswer(p.app, cookie, await postRoster(content, name));
  const registrations = async () =>
    (await p.deps.db.selectFrom('registrations').select('id').where('plan_id', '=', planId).execute()).length;
  /** the upload's answer, with the growth of this process's RSS while it ran (printed, never asserted) */
  const measured = async (label: string, content: Buffer) => {
    const before = process.memoryUsage().rss;
    let peak = before;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const t0 = performance.now();
    const r = await upload(content);
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    console.log(
      `[${TEST_DB}] ${label}: ${(content.length / 1e6).toFixed(1)} MB file → ${r.status} ${r.body.error?.code ?? 'ok'} in ${Math.round(performance.now() - t0)} ms, RSS +${((peak - before) / 1e6).toFixed(0)} MB (information only)`,
    );
    return r;
  };

  /**
   * Starts an import of `content` and returns once its first `rows` are written inside its
   * transaction (read from the server's memory, as a progress poll would).
   */
  const importUntilWriting = async (content: Buffer, rows: number) => {
    const start = await postRoster(content);
    expect(start.statusCode).toBe(202);
    const id = JSON.parse(start.body).id as number;
    for (let i = 0; ; i++) {
      const live = liveProgress(p.deps, id);
      if (live?.phase === 'write' && live.done >= rows) break;
      if (i > 40_000 || !live) throw new Error(`the import did not reach its writing: ${JSON.stringify(live)}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    return { start, id };
  };

  beforeAll(async () => {
    p = await createTestPlatform({
      imports: { ...loadConfig({}).imports, maxConcurrent: 1 },
      workers: { threads: 1, maxQueue: 2 },
    });
    const occ = (
      await p.deps.db.selectFrom('occupations').select('id').where('code', '=', '6-31-01-03').executeTakeFirstOrThrow()
    ).id;
    const inst = await makeFiledInstitution(p.deps, { scopes: [{ occupationId: occ, level: 4 }] });
    await makeUser(p.deps, { username: 'roster-admin', role: 'institution_admin', institutionId: inst });
    cookie = await loginAs(p.app, 'roster-admin');
    const plan = await p.app.inject({
      method: 'POST',
      url: '/api/plans',
      headers: { cookie },
      payload: { occupationId: occ, level: 4, year: 2026, title: '名册上限' },
    });
    planId = JSON.parse(plan.body).id;
    await p.app.inject({ method: 'POST', url: `/api/plans/${planId}/publish`, headers: { cookie } });
  }, 180_000);
  afterAll(async () => p?.close());

  it('a zip bomb (10 million rows of XML in about 1.5 MB) is refused from the zip directory, never inflated', async () => {
    const r = await measured('zip bomb, 10,000,000 rows', await zipBombWorkbook(10_000_000));
    expect(r.status).toBe(413);
    expect(r.body.error).toMatchObject({
      code: 'WORKBOOK_COMPRESSION_RATIO',
      message: expect.stringMatching(/超过 100 倍的上限/),
    });
    expect(await registrations()).toBe(0);
  });

  it('a row of 16,384 columns is refused, naming the row and the 64-column limit', async () => {
    const r = await measured('16,384 columns', await wideWorkbook(16_384));
    expect(r.status).toBe(413);
    expect(r.body.error).toMatchObject({
      code: 'WORKBOOK_TOO_MANY_COLUMNS',
      message: expect.stringMatching(/^第 1 行有 16384 列，超过 64 列的上限/),
    });
    expect(await registrations()).toBe(0);
  });

  it('a truncated workbook (an upload cut off half-way) is refused as damaged', async () => {
    const whole = await rosterWorkbook(500);
    const r = await measured('truncated', whole.subarray(0, whole.length >> 1));
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'WORKBOOK_DAMAGED', message: expect.stringMatching(/截断/) });
    expect(await registrations()).toBe(0);
  });

  it('a PDF or a picture renamed .xlsx is refused as not a workbook, saying what it is', async () => {
    const pdf = await measured('PDF named .xlsx', Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'));
    expect(pdf.status).toBe(415);
    expect(pdf.body.error).toMatchObject({ code: 'WORKBOOK_NOT_XLSX', message: expect.stringMatching(/PDF/) });
    const png = await upload(Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    expect(png.body.error).toMatchObject({ code: 'WORKBOOK_NOT_XLSX', message: expect.stringMatching(/PNG/) });
    expect(await registrations()).toBe(0);
  });

  it('10⁶ rows are refused by the row limit (名册最多 100000 行) from a count of the sheet, before it is parsed', async () => {
    const r = await measured('1,000,000 rows', await manyRowsWorkbook(1_000_000));
    expect(r.status).toBe(413);
    expect(r.body.error).toEqual(
      expect.objectContaining({
        code: 'WORKBOOK_TOO_MANY_ROWS',
        message: expect.stringMatching(/^名册最多 100000 行，本文件超过该上限/),
      }),
    );
    expect(await registrations()).toBe(0);
  });

  it('imports past the server’s bound (IMPORT_MAX_CONCURRENT = 1 here) are answered 503 IMPORTS_BUSY with Retry-After; the running one completes', async () => {
    const running = upload(await rosterWorkbook(100));
    // until the first upload holds the server's one slot (a fixed sleep raced it on a loaded machine)
    while (importSlots(p.deps.config).inUse < 1) await new Promise((r) => setTimeout(r, 5));
    const busy = await upload(await rosterWorkbook(1, 1000));
    // refused at once, before any job is made for it
    expect(busy.status).toBe(503);
    expect(busy.job).toBeUndefined();
    expect(busy.headers['retry-after']).toBe('10');
    expect(busy.body.error).toMatchObject({ code: 'IMPORTS_BUSY', message: expect.stringMatching(/同时导入的上限/) });
    const done = await running;
    expect(done.status).toBe(200);
    expect(done.body.imported).toBe(100);
    expect(await registrations()).toBe(100);
    // the slot is free again
    expect((await upload(await rosterWorkbook(1, 1000))).body.imported).toBe(1);
  });

  it('issue 17: with every worker busy and the queue full, an import is still accepted at once (202) as a job that waits its turn, then completes', async () => {
    const before = await registrations();
    const workers = p.deps.workers!;
    const busy = [workers.run(SLEEP, 1500), workers.run(SLEEP, 10), workers.run(SLEEP, 10)]; // one running, two queued
    const start = await postRoster(await rosterWorkbook(5, 2000));
    expect(start.statusCode).toBe(202);
    expect(JSON.parse(start.body)).toMatchObject({ kind: 'roster_import', status: 'running', phase: 'check' });
    const r = await jobAnswer(p.app, cookie, start);
    expect(r.status).toBe(200);
    expect(r.body.imported).toBe(5);
    await Promise.all(busy);
    expect(await registrations()).toBe(before + 5);
  });

  it.runIf(TEST_DB === 'sqlite')(
    'issue 17: on SQLite the import’s transaction is written on the write thread’s own connection, not on the request thread’s (IMPORT_WRITE_THREAD=0: on the server’s)',
    async () => {
      // total_changes(): rows this connection (the server's own, on the request thread) has written
      const changes = () => (p.deps.database.sqlite!.prepare('select total_changes() n').get() as { n: number }).n;
      const before = await registrations();
      let c0 = changes();
      expect((await upload(await rosterWorkbook(1500, 40_000))).body.imported).toBe(1500);
      expect(await registrations()).toBe(before + 1500);
      // the job's own rows (its progress, its end) only: each candidate writes a person, a
      // registration, its decision and its history, none of them here
      expect(changes() - c0).toBeLessThan(50);

      p.deps.config.imports.writeThread = false;
      try {
        c0 = changes();
        expect((await upload(await rosterWorkbook(1500, 50_000))).body.imported).toBe(1500);
        expect(changes() - c0).toBeGreaterThan(1500 * 3);
      } finally {
        p.deps.config.imports.writeThread = true;
      }
      expect(await registrations()).toBe(before + 3000);
    },
    120_000,
  );

  it.runIf(TEST_DB === 'sqlite')(
    'issue 17: while the write thread writes an import on SQLite, signed-in reads answer at once; a write waits for it and is kept',
    async () => {
      const before = await registrations();
      const { start, id } = await importUntilWriting(await rosterWorkbook(20_000, 60_000), 2000);
      // a signed-in read (the session, then the plan, on the server's own connection) while it writes
      const read = await p.app.inject({ method: 'GET', url: `/api/plans/${planId}`, headers: { cookie } });
      expect(read.statusCode).toBe(200);
      const live = liveProgress(p.deps, id);
      expect(live?.phase).toBe('write');
      expect(live!.done).toBeLessThan(20_000);
      // a write meanwhile (a new plan) waits for the import's transaction, then is written
      const write = p.app.inject({
        method: 'POST',
        url: '/api/plans',
        headers: { cookie },
        payload: {
          occupationId: (JSON.parse(read.body) as { occupationId: number }).occupationId,
          level: 4,
          year: 2026,
          title: '导入期间新建',
        },
      });
      const answer = await jobAnswer(p.app, cookie, start);
      expect(answer.body.imported).toBe(20_000);
      expect((await write).statusCode).toBe(201);
      expect(
        await p.deps.db.selectFrom('evaluation_plans').select('id').where('title', '=', '导入期间新建').execute(),
      ).toHaveLength(1);
      expect(await registrations()).toBe(before + 20_000);
    },
    180_000,
  );

  it('issue 17: a roster import stopped by a restart in the middle of writing ends JOB_INTERRUPTED with nothing half-written', async () => {
    const before = await registrations();
    const { id } = await importUntilWriting(await rosterWorkbook(3000, 3000), 1000);
    await stopJobs(p.deps); // what the app's close does (jobs.routes.ts)
    const job = JSON.parse((await p.app.inject({ method: 'GET', url: `/api/jobs/${id}`, headers: { cookie } })).body);
    expect(job).toMatchObject({ status: 'failed', error: { code: 'JOB_INTERRUPTED' }, result: null });
    expect(await registrations()).toBe(before);
    // the server's import slot is free again (the work stops at its next row), and no spool of the roster is left behind
    for (let i = 0; importSlots(p.deps.config).inUse > 0; i++) {
      if (i > 6000) throw new Error('the interrupted import still holds its slot');
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(fs.readdirSync(spoolDir(p.deps.config.dataDir))).toEqual([]);
  }, 240_000);
});
