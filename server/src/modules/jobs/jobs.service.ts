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
import { JOB_LIST_LIMIT, type Job, type JobKind, type JobPhase } from '../../../../contract/api-jobs.js';
import type { FieldError } from '../../../../contract/errors.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { classifyDatabaseError } from '../../database/failures.js';
import {
  activeJobCount,
  failJob,
  failUnfinishedJobs,
  touchJob,
  finishJob,
  insertJob,
  jobFilesFinishedBefore,
  markJobFileExpired,
  ownJob,
  ownJobs,
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
  /**
   * records progress (and the step the job is in); never waits for the database, so it may be
   * called inside a transaction; throws once the job has been aborted (the server is stopping)
   */
  report(done: number, total?: number, phase?: JobPhase | null): Promise<void>;
  readonly signal: AbortSignal;
}
/** What a job leaves: a file its owner downloads, or an answer (`result`), or both. */
export interface JobOutput {
  body?: Buffer;
  /** the name the owner downloads the file as */
  name?: string;
  /** an answer shown with the job (an import's counts and notes) */
  result?: unknown;
  /** the items done at the end */
  done: number;
}

interface Running {
  id: number;
  owner: number;
  controller: AbortController;
  done: Promise<void>;
  /** the progress last reported, ahead of the row while a write of it waits for the database */
  progress: { done: number; total: number; phase: JobPhase | null };
}
const running = new Map<object, Set<Running>>();

export const jobsDir = (deps: Deps) => path.join(deps.config.dataDir, 'jobs');

/**
 * Starts `work` as a job of the actor and answers at once with the job; `work` reports its
 * progress and returns the file or the answer. A refusal it throws (AppError) becomes the job's
 * error, with its rule and details. `onEnd` runs when the job has ended, however it ended.
 * `exclusive`: at most one queued or running job per subject (of any owner); a second start is
 * refused with `refusal()`.
 */
export async function startJob(
  deps: Deps,
  ctx: RequestContext,
  kind: JobKind,
  params: object,
  total: number,
  work: (progress: JobProgress) => Promise<JobOutput>,
  opts: { phase?: JobPhase; onEnd?: () => void; exclusive?: { subject: string; refusal: () => AppError } } = {},
): Promise<Job> {
  const owner = ctx.actor!.id;
  if ((await activeJobCount(deps.db, owner)) >= MAX_ACTIVE_JOBS_PER_USER)
    throw new AppError('JOBS_BUSY', `您已有 ${MAX_ACTIVE_JOBS_PER_USER} 个后台任务正在运行，请等待其完成后再发起`);
  const now = () => deps.clock.now().toISOString();
  const id = await insertJob(deps.db, {
    kind,
    ownerUserId: owner,
    params: JSON.stringify(params),
    total,
    now: now(),
    subject: opts.exclusive?.subject,
  }).catch((e: unknown) => {
    // another job (of anyone) still queued or running on the same subject: the unique index says so
    if (opts.exclusive && classifyDatabaseError(e) === 'unique') throw opts.exclusive.refusal();
    throw e;
  });
  if (opts.phase) await setJobProgress(deps.db, id, 0, total, opts.phase, now());
  const controller = new AbortController();
  let last = 0;
  // one write of the progress at a time: a report made while one waits (behind an import's
  // transaction on SQLite's single connection) is taken up by the next write, never queued
  let writing: Promise<void> | null = null;
  let dirty = false;
  const write = () => {
    if (writing) {
      dirty = true;
      return;
    }
    const p = entry.progress;
    writing = setJobProgress(deps.db, id, p.done, p.total, p.phase, now())
      .catch(() => {})
      .finally(() => {
        writing = null;
        if (dirty) {
          dirty = false;
          write();
        }
      });
  };
  const progress: JobProgress = {
    signal: controller.signal,
    async report(done, t = entry.progress.total, phase = entry.progress.phase) {
      controller.signal.throwIfAborted();
      const phaseChanged = phase !== entry.progress.phase;
      entry.progress = { done, total: t, phase };
      const at = Date.now();
      if (at - last < PROGRESS_EVERY_MS && done < t && !phaseChanged) return;
      last = at;
      write();
    },
  };
  const heartbeat = setInterval(() => void touchJob(deps.db, id, now()).catch(() => {}), JOB_HEARTBEAT_MS);
  heartbeat.unref();
  const set = running.get(deps.db) ?? new Set<Running>();
  running.set(deps.db, set);
  const entry: Running = {
    id,
    owner,
    controller,
    progress: { done: 0, total, phase: opts.phase ?? null },
    done: (async () => {
      // after the answer: the job runs in the background of this server
      await new Promise((r) => setImmediate(r));
      try {
        const out = await work(progress);
        controller.signal.throwIfAborted();
        let file: { file: string; name: string; size: number } | null = null;
        if (out.body) {
          const dir = jobsDir(deps);
          await fs.promises.mkdir(dir, { recursive: true });
          const name = out.name ?? 'result';
          const f = `${id}-${crypto.randomBytes(8).toString('hex')}${path.extname(name)}`;
          await fs.promises.writeFile(path.join(dir, f), out.body);
          file = { file: f, name, size: out.body.length };
        }
        await writing;
        await finishJob(deps.db, id, {
          file: file?.file ?? null,
          name: file?.name ?? null,
          size: file?.size ?? null,
          result: out.result === undefined ? null : JSON.stringify(out.result),
          done: out.done,
          now: now(),
        });
      } catch (e) {
        const [code, message, detail] = controller.signal.aborted
          ? ['JOB_INTERRUPTED', STOPPED_MESSAGE, null]
          : e instanceof AppError
            ? [
                e.code,
                e.message,
                e.rule || e.details?.length ? JSON.stringify({ rule: e.rule, details: e.details }) : null,
              ]
            : ['INTERNAL', ERROR_CODES.INTERNAL.message, null];
        await writing;
        await failJob(deps.db, id, code, message, now(), detail).catch(() => {});
      } finally {
        clearInterval(heartbeat);
        opts.onEnd?.();
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
 * finishing them (untouched for JOB_STALE_MS) are failed with the reason. (The same sweep then
 * deletes result files past their retention: `expireJobResults`.)
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

/** The job as its owner sees it; `live` is the progress of a job this server runs, ahead of its row. */
export function jobView(r: JobRow, live?: Running['progress']): Job {
  const running = r.status === 'running' && live;
  const expired = r.result_expired_at !== null;
  const detail = r.error_json ? (JSON.parse(r.error_json) as { rule?: string; details?: FieldError[] }) : {};
  return {
    id: Number(r.id),
    kind: r.kind as JobKind,
    status: r.status,
    done: running ? live.done : Number(r.progress_done),
    total: running ? live.total : Number(r.progress_total),
    phase: r.status === 'running' ? ((running ? live.phase : r.phase) as JobPhase | null) : null,
    result: r.status === 'succeeded' && r.result_json ? (JSON.parse(r.result_json) as unknown) : null,
    resultUrl: r.status === 'succeeded' && r.result_file && !expired ? `/api/jobs/${r.id}/file` : null,
    resultName: r.status === 'succeeded' ? r.result_name : null,
    resultSize: r.result_size === null ? null : Number(r.result_size),
    resultExpired: expired,
    error: r.error_code
      ? {
          code: r.error_code,
          message: r.error_message ?? '',
          ...(detail.rule ? { rule: detail.rule } : {}),
          ...(detail.details?.length ? { details: detail.details } : {}),
        }
      : null,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

/** The progress of a job if this server runs it (read without the database). */
export function liveProgress(deps: Deps, id: number) {
  for (const r of running.get(deps.db) ?? []) if (r.id === id) return r.progress;
  return undefined;
}

/** The actor's own job; another user's job answers 404 as if it did not exist. */
export async function ownJobView(deps: Deps, ctx: RequestContext, id: number): Promise<Job> {
  const r = await ownJob(deps.db, id, ctx.actor!.id);
  if (!r) throw new AppError('NOT_FOUND', '任务不存在');
  return jobView(r, liveProgress(deps, r.id));
}

/** The actor's own recent jobs, newest first (GET /api/jobs). */
export async function ownJobsView(deps: Deps, ctx: RequestContext): Promise<Job[]> {
  const rows = await ownJobs(deps.db, ctx.actor!.id, JOB_LIST_LIMIT);
  return rows.map((r) => jobView(r, liveProgress(deps, r.id)));
}

/** The result file of the actor's own job that has succeeded: its path and download name. */
export async function ownJobFile(deps: Deps, ctx: RequestContext, id: number) {
  const r = await ownJob(deps.db, id, ctx.actor!.id);
  if (!r) throw new AppError('NOT_FOUND', '任务不存在');
  if (r.status !== 'succeeded') throw new AppError('JOB_NOT_READY', '任务尚未完成，完成后才能下载结果');
  if (r.result_expired_at)
    throw new AppError(
      'JOB_RESULT_EXPIRED',
      `任务的结果文件已超过 ${deps.config.jobResultRetentionDays} 天的保存期限被清理，请重新发起任务`,
    );
  if (!r.result_file) throw new AppError('NOT_FOUND', '该任务没有结果文件');
  const file = path.join(jobsDir(deps), r.result_file);
  if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', '任务的结果文件已不存在，请重新发起');
  return { file, name: r.result_name ?? path.basename(file), kind: r.kind as JobKind };
}

/**
 * The periodic sweep's second part: result files of jobs that finished more than
 * JOB_RESULT_RETENTION_DAYS ago are deleted and their rows marked expired; returns their ids.
 */
export async function expireJobResults(deps: Deps): Promise<number[]> {
  const now = deps.clock.now();
  const before = new Date(now.getTime() - deps.config.jobResultRetentionDays * 86_400_000).toISOString();
  const ids: number[] = [];
  for (const j of await jobFilesFinishedBefore(deps.db, before)) {
    await fs.promises.rm(path.join(jobsDir(deps), path.basename(j.file)), { force: true });
    await markJobFileExpired(deps.db, j.id, now.toISOString());
    ids.push(j.id);
  }
  return ids;
}
