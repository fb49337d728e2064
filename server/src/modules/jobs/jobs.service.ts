/**
 * Tracked jobs (issue 17): work longer than a request runs in the background of the server that
 * accepted it, as a job row its owner follows (status, progress, the result or the reason it
 * failed). The result is a file kept under `<dataDir>/jobs`, downloaded by the owner only.
 *
 * A job never stays 'running' without a server running it: a server that stops aborts its jobs
 * (`stopJobs`, on the app's close) and fails them; while a server runs a job it touches the row
 * every JOB_HEARTBEAT_MS, and `recoverJobs` (at start-up and then every minute, on every app
 * server) fails with `JOB_INTERRUPTED` the jobs nobody touched for JOB_STALE_MS — those of a server
 * that died — so the owner sees why and starts it again, while the jobs other live servers of a
 * cluster run are left alone. The result file is kept in the data directory of the server that ran
 * the job: in a cluster that directory must be shared storage (docs/DEPLOYMENT.md).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ERROR_CODES } from '../../../../contract/errors.js';
import type { Job, JobKind } from '../../../../contract/api-jobs.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import {
  activeJobCount,
  failJob,
  failUnfinishedJobs,
  touchJob,
  finishJob,
  insertJob,
  ownJob,
  setJobProgress,
  type JobRow,
} from './jobs.queries.js';

/** Background jobs one user may have queued or running at once. */
export const MAX_ACTIVE_JOBS_PER_USER = 2;
/** How long a stopping server waits for its jobs to notice before it fails them itself. */
const STOP_GRACE_MS = 5000;
/** how often a server touches the jobs it runs */
export const JOB_HEARTBEAT_MS = 10_000;
/** a job untouched this long has lost its server */
export const JOB_STALE_MS = 60_000;
const STOPPED_MESSAGE = '服务器在任务运行时停止，任务已中断，请重新发起';
/** Progress is written at most this often (and at the end). */
const PROGRESS_EVERY_MS = 500;

export interface JobProgress {
  /** records progress; throws once the job has been aborted (the server is stopping) */
  report(done: number, total?: number): Promise<void>;
  readonly signal: AbortSignal;
}
export interface JobOutput {
  body: Buffer;
  /** the name the owner downloads the file as */
  name: string;
  /** the items done at the end */
  done: number;
}

interface Running {
  id: number;
  controller: AbortController;
  done: Promise<void>;
}
const running = new Map<object, Set<Running>>();

export const jobsDir = (deps: Deps) => path.join(deps.config.dataDir, 'jobs');

/**
 * Starts `work` as a job of the actor and answers at once with the job; `work` reports its
 * progress and returns the file. A refusal it throws (AppError) becomes the job's error.
 */
export async function startJob(
  deps: Deps,
  ctx: RequestContext,
  kind: JobKind,
  params: object,
  total: number,
  work: (progress: JobProgress) => Promise<JobOutput>,
): Promise<Job> {
  const owner = ctx.actor!.id;
  if ((await activeJobCount(deps.db, owner)) >= MAX_ACTIVE_JOBS_PER_USER)
    throw new AppError('JOBS_BUSY', `您已有 ${MAX_ACTIVE_JOBS_PER_USER} 个后台任务正在运行，请等待其完成后再发起`);
  const now = () => deps.clock.now().toISOString();
  const id = await insertJob(deps.db, { kind, ownerUserId: owner, params: JSON.stringify(params), total, now: now() });
  const controller = new AbortController();
  let last = 0;
  let lastTotal = total;
  const progress: JobProgress = {
    signal: controller.signal,
    async report(done, t = lastTotal) {
      controller.signal.throwIfAborted();
      lastTotal = t;
      const at = Date.now();
      if (at - last < PROGRESS_EVERY_MS && done < t) return;
      last = at;
      await setJobProgress(deps.db, id, done, t, now());
    },
  };
  const heartbeat = setInterval(() => void touchJob(deps.db, id, now()).catch(() => {}), JOB_HEARTBEAT_MS);
  heartbeat.unref();
  const set = running.get(deps.db) ?? new Set<Running>();
  running.set(deps.db, set);
  const entry: Running = {
    id,
    controller,
    done: (async () => {
      // after the answer: the job runs in the background of this server
      await new Promise((r) => setImmediate(r));
      try {
        const out = await work(progress);
        controller.signal.throwIfAborted();
        const dir = jobsDir(deps);
        await fs.promises.mkdir(dir, { recursive: true });
        const file = `${id}-${crypto.randomBytes(8).toString('hex')}${path.extname(out.name)}`;
        await fs.promises.writeFile(path.join(dir, file), out.body);
        await finishJob(deps.db, id, { file, name: out.name, size: out.body.length, done: out.done, now: now() });
      } catch (e) {
        const [code, message] = controller.signal.aborted
          ? ['JOB_INTERRUPTED', STOPPED_MESSAGE]
          : e instanceof AppError
            ? [e.code, e.message]
            : ['INTERNAL', ERROR_CODES.INTERNAL.message];
        await failJob(deps.db, id, code, message, now()).catch(() => {});
      } finally {
        clearInterval(heartbeat);
      }
    })(),
  };
  set.add(entry);
  void entry.done.finally(() => set.delete(entry));
  return jobView((await ownJob(deps.db, id, owner))!);
}

/**
 * Runs `fn` (which hands work to the worker threads) and, while their queue is full (503
 * WORKERS_BUSY), waits and tries again: a job waits its turn rather than fail; a request is
 * answered 503 at once instead (lib/workers.ts).
 */
export async function whenWorkersFree<T>(signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'WORKERS_BUSY') throw e;
      signal.throwIfAborted();
      await new Promise((r) => setTimeout(r, WORKERS_BUSY_WAIT_MS));
      signal.throwIfAborted();
    }
  }
}
const WORKERS_BUSY_WAIT_MS = 200;

/** Aborts the jobs this server runs on `deps`' database and waits until each has been failed (app close). */
export async function stopJobs(deps: Deps): Promise<void> {
  const set = running.get(deps.db);
  if (!set) return;
  for (const r of set) r.controller.abort();
  // each job fails itself at its next step; one that does not within the grace is failed here
  // (its later outcome cannot overwrite that: only a running job is finished)
  await Promise.race([
    Promise.all([...set].map((r) => r.done)),
    new Promise((r) => setTimeout(r, STOP_GRACE_MS).unref()),
  ]);
  for (const r of set)
    await failJob(deps.db, r.id, 'JOB_INTERRUPTED', STOPPED_MESSAGE, deps.clock.now().toISOString()).catch(() => {});
  running.delete(deps.db);
}

/** Resolves once no job runs on `deps`' database in this process (tests). */
export async function jobsSettled(deps: Deps): Promise<void> {
  const set = running.get(deps.db);
  while (set?.size) await Promise.all([...set].map((r) => r.done));
}

/**
 * Start-up and every minute: jobs left queued or running by a server that stopped without
 * finishing them (untouched for JOB_STALE_MS) are failed with the reason.
 */
export async function recoverJobs(deps: Deps): Promise<number[]> {
  const now = deps.clock.now();
  return failUnfinishedJobs(
    deps.db,
    'JOB_INTERRUPTED',
    ERROR_CODES.JOB_INTERRUPTED.message,
    now.toISOString(),
    new Date(now.getTime() - JOB_STALE_MS).toISOString(),
  );
}

export function jobView(r: JobRow): Job {
  return {
    id: Number(r.id),
    kind: r.kind as JobKind,
    status: r.status,
    done: Number(r.progress_done),
    total: Number(r.progress_total),
    resultUrl: r.status === 'succeeded' ? `/api/jobs/${r.id}/file` : null,
    resultName: r.status === 'succeeded' ? r.result_name : null,
    resultSize: r.result_size === null ? null : Number(r.result_size),
    error: r.error_code ? { code: r.error_code, message: r.error_message ?? '' } : null,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

/** The actor's own job; another user's job answers 404 as if it did not exist. */
export async function ownJobView(deps: Deps, ctx: RequestContext, id: number): Promise<Job> {
  const r = await ownJob(deps.db, id, ctx.actor!.id);
  if (!r) throw new AppError('NOT_FOUND', '任务不存在');
  return jobView(r);
}

/** The result file of the actor's own job that has succeeded: its path and download name. */
export async function ownJobFile(deps: Deps, ctx: RequestContext, id: number) {
  const r = await ownJob(deps.db, id, ctx.actor!.id);
  if (!r) throw new AppError('NOT_FOUND', '任务不存在');
  if (r.status !== 'succeeded' || !r.result_file)
    throw new AppError('JOB_NOT_READY', '任务尚未完成，完成后才能下载结果');
  const file = path.join(jobsDir(deps), r.result_file);
  if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', '任务的结果文件已不存在，请重新发起');
  return { file, name: r.result_name ?? path.basename(file), kind: r.kind as JobKind };
}
