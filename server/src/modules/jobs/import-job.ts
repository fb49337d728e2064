/**
 * The one pipeline of every workbook import (考生名单, 学员名单, 线上学习记录), as a tracked job
 * (issue 17, issue 11 item 2):
 *
 * 1. the request is answered at once (202, the job) once the file's zip directory has passed its
 *    limits; the import holds one of the server's import slots (IMPORT_MAX_CONCURRENT, 503
 *    IMPORTS_BUSY past it) until the job ends (`startImportJob`);
 * 2. phase `check` (校验): a worker thread reads the workbook as a stream and checks every row,
 *    spooling the rows to write to sealed chunks on disk (`checkInWorker`, lib/spool.ts
 *    `checkToSpool`), progress told as rows read;
 * 3. phase `write` (写入): the spool is written a chunk at a time inside ONE transaction
 *    (`writeSpooled`; by the write thread, jobs/spool-write.ts), so a refused row, a
 *    stopping server (JOB_INTERRUPTED) or any failure leaves nothing written; the spool is
 *    deleted however it ends.
 *
 * Each import brings its own check (a worker task) and its own writer (`WriterFactory`): the
 * steps inside the transaction.
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import type { Job, JobKind } from '../../../../contract/api-jobs.js';
import type { FieldError } from '../../../../contract/errors.js';
import { AppError } from '../../lib/errors.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { removeSpool, type SpoolRef } from '../../lib/spool.js';
import type { FastifyRequest } from 'fastify';
import { withImportSlot } from '../../lib/slots.js';
import { readUpload } from '../../lib/upload.js';
import { checkWorkbookZip } from '../../lib/workbook.js';
import { yielder } from '../../lib/yielder.js';
import { systemClock } from '../../lib/clock.js';
import type { WorkerPool, WorkerTask } from '../../lib/workers.js';
import { STOP, WRITE_SPOOL, writeSpool, type ThreadWrite, type WriterFactory } from './spool-write.js';
import { recordAuditNow } from '../audit/audit.service.js';
import { startJob, whenWorkersFree, type JobOutput, type JobProgress } from './jobs.service.js';

/**
 * Starts an import as a job of the actor, in phase `check`; `release` (the import slot) is given
 * back when the job ends, however it ends.
 */
export function startImportJob(
  deps: Deps,
  ctx: RequestContext,
  kind: JobKind,
  params: object,
  work: (progress: JobProgress) => Promise<JobOutput>,
  release: () => void,
): Promise<Job> {
  return startJob(deps, ctx, kind, params, 0, work, { phase: 'check', onEnd: release });
}

/** One kind of workbook import, as its module starts it. */
export interface ImportSpec<T> {
  kind: JobKind;
  /** the module's own refusal of who may import where (whose plan or class); its answer goes to `run` */
  own: () => Promise<T>;
  /** the import itself: the check in a worker, then the write in one transaction */
  run: (owned: T, progress: JobProgress) => Promise<JobOutput>;
  /** what the job and the trail record besides the file's name and size (the plan or class …) */
  params: Record<string, unknown>;
  /** the start's entry in the audit trail (the import itself is recorded when it commits) */
  audit: { action: string; objectType: string; objectId?: number };
}

/**
 * Starts a workbook import as a tracked job of the actor (202): the module's own check first, then
 * the zip directory — a hostile file is refused at once, before any job is made for it — then the
 * job, and its start in the audit trail with the request. `release` (the server's import slot) is
 * given back when the job ends, or at once if the start is refused.
 */
export async function startImport<T>(
  deps: Deps,
  ctx: RequestContext,
  file: Buffer,
  spec: ImportSpec<T>,
  opts: { fileName?: string; release?: () => void } = {},
): Promise<Job> {
  const release = opts.release ?? (() => {});
  try {
    const owned = await spec.own();
    await checkWorkbookZip(file, deps.config.imports);
    const params = { ...spec.params, fileName: opts.fileName ?? null, size: file.length };
    const job = await startImportJob(deps, ctx, spec.kind, params, (progress) => spec.run(owned, progress), release);
    await recordAuditNow(deps, ctx, { ...spec.audit, detail: JSON.stringify({ ...params, jobId: job.id }) });
    return job;
  } catch (e) {
    release();
    throw e;
  }
}

/**
 * A route's import (202): one of the server's import slots (IMPORT_MAX_CONCURRENT, shared by every
 * workbook import; 503 IMPORTS_BUSY when none is free), held until the job ends; the uploaded .xlsx;
 * the job started.
 */
export function startUploadedImport<T>(
  deps: Deps,
  req: FastifyRequest,
  spec: (file: Buffer) => ImportSpec<T>,
): Promise<Job> {
  return withImportSlot(deps.config, async (release) => {
    const file = await readUpload(req, ' .xlsx 文件');
    return startImport(deps, req.ctx, file.data, spec(file.data), { fileName: file.fileName, release });
  });
}

/** The same import run to its end in the caller's own time, with no job (scripts, benches): its result. */
export async function importNow<T>(deps: Deps, file: Buffer, spec: Pick<ImportSpec<T>, 'own' | 'run'>) {
  const owned = await spec.own();
  await checkWorkbookZip(file, deps.config.imports);
  return (await spec.run(owned, untrackedProgress())).result;
}

/** A job's progress for work done in the caller's own time, with no job (scripts, benches). */
export function untrackedProgress(): JobProgress {
  return { signal: new AbortController().signal, report: async () => {} };
}

/**
 * Runs an import's check in a worker thread (`run` hands `port` to its task, which posts the rows
 * read), reporting them as the job's `check` progress; while every worker is busy the job waits
 * its turn (`whenWorkersFree`).
 */
export function checkInWorker<C>(progress: JobProgress, run: (port: MessagePort) => Promise<C>): Promise<C> {
  return whenWorkersFree(progress.signal, () => {
    // a fresh channel for each try (the port moves with the task)
    const { port1, port2 } = new MessageChannel();
    port1.on(
      'message',
      (m: { done: number; total: number }) => void progress.report(m.done, m.total, 'check').catch(() => {}),
    );
    port1.unref();
    return run(port2).finally(() => port1.close());
  });
}

/**
 * Phase `write`: `accept` refuses a check that found problems (or returns how many rows there are
 * to write), then the spool is written a chunk at a time in ONE transaction by the module's writer
 * (`writer`, made from `args`), progress reported after each chunk; on the write thread
 * (jobs/spool-write.ts) when the server has one. The spool is deleted however this ends.
 */
export async function writeSpooled<C extends { spool: SpoolRef | null }, T, S, R, A extends unknown[]>(
  deps: Deps,
  ctx: RequestContext,
  progress: JobProgress,
  checked: C,
  accept: (checked: C) => number,
  writer: WorkerTask<WriterFactory<T, S, R, A>>,
  ...args: A
): Promise<R> {
  const spool = checked.spool;
  try {
    const total = accept(checked);
    await progress.report(0, total, 'write');
    if (deps.workers && deps.config.imports.writeThread)
      return (await writeOnThread(deps, deps.workers, progress, total, {
        opened: deps.database.opened,
        config: deps.config,
        ctx,
        at: deps.clock === systemClock ? null : deps.clock.now().toISOString(),
        writer,
        args,
        spool,
      })) as R;
    // a pause between rows, which also ends the work at once when the server is stopping
    const yieldTurn = yielder();
    const pause = async () => {
      progress.signal.throwIfAborted();
      await yieldTurn();
    };
    const make = (await import(writer.module)) as Record<string, WriterFactory<T, S, R, A>>;
    // throws once the server is stopping: the transaction rolls back, the job ends JOB_INTERRUPTED
    const wrote = (seen: number) => progress.report(seen, total);
    return await writeSpool(deps, make[writer.name](deps, ctx, ...args), spool, pause, wrote);
  } finally {
    await removeSpool(spool);
  }
}

/**
 * The transaction on the write thread. SQLite has one writer: while the thread's connection
 * writes, the server's own connection lets its reads by (a signed-in user's pages, this job's
 * progress) and holds its writes until the thread's transaction ends, so none of them meets a
 * locked file (`database.whileWritingElsewhere`). A stopping server tells the thread to stop; the
 * job then ends JOB_INTERRUPTED.
 */
function writeOnThread(
  deps: Deps,
  workers: WorkerPool,
  progress: JobProgress,
  total: number,
  input: ThreadWrite,
): Promise<unknown> {
  const write = async () => {
    const { port1, port2 } = new MessageChannel();
    port1.on('message', (m: { done: number }) => void progress.report(m.done, total).catch(() => {}));
    const stop = () => port1.postMessage(STOP);
    progress.signal.addEventListener('abort', stop);
    try {
      progress.signal.throwIfAborted();
      return await workers.runWrite(WRITE_SPOOL, input, port2);
    } finally {
      progress.signal.removeEventListener('abort', stop);
      port1.close();
    }
  };
  return deps.database.whileWritingElsewhere(write);
}

/**
 * The refusal of a workbook with `count` errors: nothing is imported (the rows' messages in
 * `details`, at most what the caller lists). One wording for every import.
 */
export function importErrorsRefusal(count: number, details: FieldError[], rule?: string): AppError {
  return new AppError('IMPORT_INVALID', `导入文件有 ${count} 处错误，未导入任何数据`, {
    ...(rule ? { rule } : {}),
    details,
  });
}
