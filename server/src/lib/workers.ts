/**
 * Heavy work off the request thread (issue 17): workbook parsing and row validation, PDF
 * rendering and credential signing run in a pool of worker threads (tinypool), so a roster
 * upload or a ZIP of certificates never stops the server answering anyone else. The database
 * step stays on the main thread, short, in the transaction it needs.
 *
 * A task is a named export of a module (`workerTask(import.meta.resolve('./x.js'), 'fn')`), run
 * with plain data (structured clone) and returning plain data. The pool has a bounded queue: when
 * it is full the caller is answered 503 `WORKERS_BUSY` with Retry-After rather than queued for
 * minutes. Without a pool (scripts, benches that want one process) a task runs inline, in-process.
 *
 * tinypool rather than piscina: the same design (tinypool is a piscina fork kept by the vitest
 * team) with no dependencies; piscina pulls an optional native module (@napi-rs/nice) that npm
 * downloads as a prebuilt binary at install.
 */
import os from 'node:os';
import { MessagePort } from 'node:worker_threads';
import Tinypool from 'tinypool';
import { AppError } from './errors.js';
import { DEFAULT_WORKER_NICE } from './thread-priority.js';
import { asBuffers, type TaskMessage, type TaskOutcome } from './worker-run.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFn = (...args: any[]) => unknown;

/** A function of a module to run in a worker; `F` is its type, for the caller's arguments and result. */
export interface WorkerTask<F extends AnyFn> {
  module: string;
  name: string;
  /** never set: carries F */
  readonly fn?: F;
}

/** `workerTask<typeof readRoster>(import.meta.resolve('./roster-workbook.js'), 'readRoster')` */
export function workerTask<F extends AnyFn>(module: string, name: string): WorkerTask<F> {
  return { module, name };
}

export interface WorkerPoolOptions {
  /** worker threads (WORKER_THREADS; default: the cores less one for the main thread, at least 1) */
  threads: number;
  /** tasks that may wait for a thread (WORKER_MAX_QUEUE); more are refused 503 WORKERS_BUSY */
  maxQueue: number;
  /**
   * the nice value each thread gives itself as it starts, on Linux (WORKER_NICE, default 5; 0:
   * none), so heavy work yields the CPU to the request thread (lib/thread-priority.ts)
   */
  nice?: number;
}

/** What each pooled thread is started with (read in lib/worker-entry.mjs as `Tinypool.workerData`). */
export interface WorkerStartData {
  nice: number;
}

/** The default size: every core but the one the main thread (HTTP, database) runs on. */
export const defaultWorkerThreads = () => Math.max(1, os.availableParallelism() - 1);

/** Seconds a client is asked to wait when every worker is busy and the queue is full. */
export const WORKERS_RETRY_AFTER_SECONDS = 5;

/** A worker that grows past this (a runaway task) dies alone; the task fails, the server carries on. */
const WORKER_HEAP_MB = 512;

/**
 * The worker threads' young generation. Signing a credential (RDF canonicalisation) copies the
 * JSON-LD context hundreds of times: with V8's default (16 MB here) a signing thread scavenged
 * every ~20 ms and ran a full collection every ~200 ms, a quarter of its time; with room for a few
 * credentials' garbage most of it dies young. The worker threads collect on their own thread
 * (`node --single-threaded-gc`, lib/heap.ts), so this is also CPU the request thread no longer competes with.
 * 32 MB, not 64: a roster's check (parsing 100,000 rows) filled the larger one and raised the
 * server's peak RSS past the import's bound of +100 MB (+101 to +118 MB; with 32 MB +76 MB), for
 * about a tenth more signing throughput (docs/PERFORMANCE.md, session 12).
 */
export const WORKER_YOUNG_MB = 32;

/**
 * The write thread's young generation: an import's chunk (250 rows and what is decided about
 * them) lives through a few scavenges; the pool's 32 MB would only hold more garbage.
 */
const WRITE_THREAD_YOUNG_MB = 16;

function tinypool(options: WorkerPoolOptions, youngMb: number): Tinypool {
  return new Tinypool({
    filename: new URL('./worker-entry.mjs', import.meta.url).href,
    minThreads: 0,
    maxThreads: options.threads,
    maxQueue: options.maxQueue,
    // a thread that idles this long is stopped; the next task starts one (about half a second)
    idleTimeout: 60_000,
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: youngMb },
    workerData: { nice: options.nice ?? DEFAULT_WORKER_NICE } satisfies WorkerStartData,
  });
}

export class WorkerPool {
  readonly #pool: Tinypool;
  /** the write thread (`runWrite`), started on first use */
  #writer: Tinypool | null = null;
  readonly options: WorkerPoolOptions;
  constructor(options: WorkerPoolOptions) {
    this.options = options;
    this.#pool = tinypool(options, WORKER_YOUNG_MB);
  }

  /** Tasks waiting for a thread. */
  get queued(): number {
    return this.#pool.queueSize;
  }

  async run<F extends AnyFn>(task: WorkerTask<F>, ...args: Parameters<F>): Promise<Awaited<ReturnType<F>>> {
    return runIn(this.#pool, task, args);
  }

  /**
   * Runs a task on the write thread: one thread beside the pool, for a transaction of seconds (an
   * import's, jobs/spool-write.ts; on SQLite it holds the database's write lock throughout), so its
   * statements, its commit and its garbage are not the request thread's, and it never waits
   * behind (or holds up) the pool's PDFs and signatures. Its tasks run one at a time, in turn.
   */
  async runWrite<F extends AnyFn>(task: WorkerTask<F>, ...args: Parameters<F>): Promise<Awaited<ReturnType<F>>> {
    this.#writer ??= tinypool({ ...this.options, threads: 1, maxQueue: Infinity }, WRITE_THREAD_YOUNG_MB);
    return runIn(this.#writer, task, args);
  }

  async close(): Promise<void> {
    await Promise.all([this.#pool.destroy(), this.#writer?.destroy()]);
  }
}

async function runIn<F extends AnyFn>(
  pool: Tinypool,
  task: WorkerTask<F>,
  args: Parameters<F>,
): Promise<Awaited<ReturnType<F>>> {
  const message: TaskMessage = { module: task.module, name: task.name, args };
  let outcome: TaskOutcome;
  try {
    // a MessagePort among the arguments (a task's progress channel) moves to the worker thread
    const transferList = args.filter((a): a is MessagePort => a instanceof MessagePort);
    outcome = (await pool.run(message, transferList.length ? { transferList } : {})) as TaskOutcome;
  } catch (e) {
    if (e instanceof Error && /queue is at limit|No task queue available/.test(e.message)) throw workersBusy();
    throw e;
  }
  if (!outcome.ok) throw refusalOf(outcome.refusal);
  return asBuffers(outcome.value) as Awaited<ReturnType<F>>;
}

export function workersBusy(): AppError {
  return new AppError(
    'WORKERS_BUSY',
    `服务器正忙于处理其他导入、打印或签发任务，请 ${WORKERS_RETRY_AFTER_SECONDS} 秒后重试`,
    { retryAfter: WORKERS_RETRY_AFTER_SECONDS },
  );
}

function refusalOf(r: Extract<TaskOutcome, { ok: false }>['refusal']): AppError {
  return new AppError(r.code, r.message, { rule: r.rule, details: r.details, retryAfter: r.retryAfter });
}

/**
 * Runs a task in the pool of `deps`, or inline when it has none (a script, a one-process bench):
 * the same function, the same result, the same refusals.
 */
export async function runTask<F extends AnyFn>(
  deps: { workers?: WorkerPool },
  task: WorkerTask<F>,
  ...args: Parameters<F>
): Promise<Awaited<ReturnType<F>>> {
  if (deps.workers) return deps.workers.run(task, ...args);
  const m = (await import(task.module)) as Record<string, F>;
  return (await m[task.name](...args)) as Awaited<ReturnType<F>>;
}
