/**
 * An import's phase `write` (jobs/import-job.ts): its checked rows, spooled on disk, written a chunk
 * at a time in ONE transaction, so a refused row, a stopping server or any failure leaves nothing
 * written.
 *
 * On SQLite that transaction holds the database's one write lock for seconds and its commit writes
 * tens of megabytes of log at once (a 50,000-row roster: ~11 s of statements, then a commit of
 * 50–150 ms that nothing can interrupt). Done on the request thread, every public verification
 * waiting behind a chunk, the commit or the import's garbage collection was late (issue 17). So the
 * transaction runs on the worker pool's write thread (lib/workers.ts `runWrite`), on a connection
 * of its own (`writeSpoolTask`). On SQLite the server's own connection meanwhile lets its reads by
 * and holds its writes until the transaction ends (`database.whileWritingElsewhere`), so none of
 * them meets a locked file. On PostgreSQL the driver never blocked the thread, but building 50,000
 * rows' statements, reading their answers and collecting their garbage did; there other writers
 * go on beside the transaction, as they did.
 *
 * The writer itself (what each chunk does) is the import module's own: a factory exported by it
 * (`WriterFactory`), made where the transaction runs, on either thread, from plain data.
 */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { Transaction } from 'kysely';
import type { Config } from '../../config.js';
import type { DB } from '../../database/schema.js';
import { openDatabase, type Database } from '../../database/connection.js';
import { systemClock } from '../../lib/clock.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { readSpool, type SpoolRef } from '../../lib/spool.js';
import { workerTask, type WorkerTask } from '../../lib/workers.js';

/** What an import does inside its one transaction: `begin`, then each chunk of the spool, then `end`. */
export interface SpoolWriter<T, S, R> {
  /** before the first chunk (lock the parent, read what every row is checked against) */
  begin(trx: Transaction<DB>): Promise<S>;
  /** a chunk of the spooled rows; `pause` lets other work in (and throws once the import is stopped) */
  chunk(trx: Transaction<DB>, state: S, rows: T[], pause: () => Promise<void>): Promise<void>;
  /** after the last chunk: refuse (everything rolls back) or record and answer (plain data) */
  end(trx: Transaction<DB>, state: S): Promise<R>;
}

/**
 * An import module's writer, made from the dependencies where the transaction runs, the actor and
 * plain data (`args` cross to the write thread by structured clone). Exported by the module and
 * named by `workerTask(import.meta.url, 'name')`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type WriterFactory<T = any, S = any, R = any, A extends unknown[] = any[]> = (
  deps: Deps,
  ctx: RequestContext,
  ...args: A
) => SpoolWriter<T, S, R>;

/** The transaction itself, the same on the request thread and on the write thread. */
export function writeSpool<T, S, R>(
  deps: Deps,
  writer: SpoolWriter<T, S, R>,
  spool: SpoolRef | null,
  pause: () => Promise<void>,
  wrote: (rows: number) => Promise<void> | void,
): Promise<R> {
  return deps.db.transaction().execute(async (trx) => {
    const state = await writer.begin(trx);
    let seen = 0;
    if (spool)
      for await (const rows of readSpool<T>(spool)) {
        await writer.chunk(trx, state, rows, pause);
        seen += rows.length;
        await wrote(seen);
        await pause();
      }
    return writer.end(trx, state);
  });
}

/** What the request thread hands the write thread: plain data only. */
export interface ThreadWrite {
  /** how the server opened its database (`database.opened`): the thread opens its own connection */
  opened: Database['opened'];
  config: Config;
  ctx: RequestContext;
  /** the server clock's instant when it is not the system clock (a test's clock), else null */
  at: string | null;
  writer: WorkerTask<WriterFactory>;
  args: unknown[];
  spool: SpoolRef | null;
}

/** Said on the port by the request thread: stop at the next pause (the transaction rolls back). */
export const STOP = 'stop';

/**
 * On the write thread: opens its own connection to the file, makes the module's writer and runs
 * the transaction, posting `{ done }` (rows written) on `port` after each chunk. The request
 * thread's `STOP` ends it at the next pause; what it wrote rolls back.
 */
export async function writeSpoolTask(input: ThreadWrite, port: MessagePort): Promise<unknown> {
  // one connection; on SQLite no rate-limit file attached: the transaction's write lock is the
  // database's alone, and no checkpoint thread (the server's own checkpoints the file)
  const database = openDatabase(input.opened.url, input.config.dataDir, {
    ...input.opened.options,
    pgPoolSize: 1,
    rateLimits: false,
    checkpointThread: false,
  });
  const at = input.at;
  const deps: Deps = {
    database,
    db: database.db,
    config: input.config,
    clock: at ? { now: () => new Date(at) } : systemClock,
  };
  let stopped = false;
  const pause = async () => {
    for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) if (m.message === STOP) stopped = true;
    if (stopped) throw new Error('import stopped');
  };
  try {
    const m = (await import(input.writer.module)) as Record<string, WriterFactory>;
    const writer = m[input.writer.name](deps, input.ctx, ...input.args);
    return await writeSpool(deps, writer, input.spool, pause, (done) => port.postMessage({ done }));
  } finally {
    port.close();
    await database.close();
  }
}

export const WRITE_SPOOL = workerTask<typeof writeSpoolTask>(import.meta.url, 'writeSpoolTask');

/** Types a module's writer as written (the state `S` taken from what `begin` returns). */
export function spoolWriter<T, S, R>(writer: SpoolWriter<T, S, R>): SpoolWriter<T, S, R> {
  return writer;
}
