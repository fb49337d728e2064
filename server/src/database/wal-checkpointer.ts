/**
 * SQLite's checkpoints off the request thread (issues 15 and 17). In WAL mode a commit appends
 * pages to the log; by default the commit that takes the log past 1,000 pages then copies the
 * whole log back into the database file and syncs it — in that commit, on the thread that made
 * it. better-sqlite3 is synchronous, so on the server that thread is the one answering requests:
 * a commit of 25 credentials took 0.75 ms at the median and 14–17 ms when it checkpointed
 * (docs/PERFORMANCE.md, "The request thread while signing runs").
 *
 * Here a thread of its own, with its own connection, runs a PASSIVE checkpoint every
 * `intervalMs` (wal-checkpoint-worker.mjs). A PASSIVE checkpoint copies what no reader still
 * needs and never blocks readers or writers; the server's connection keeps an automatic
 * checkpoint only as a backstop (`BACKSTOP_PAGES`), for a log that the thread cannot keep short
 * (a long read holding an old snapshot). If the thread dies, the connection's automatic
 * checkpoint goes back to SQLite's default, so the log never grows without bound. Durability is
 * SQLite's own either way: a checkpoint syncs the log before copying and the database after,
 * whichever connection runs it.
 */
import { Worker } from 'node:worker_threads';
import type BetterSqlite from 'better-sqlite3';

/** The server connection's automatic checkpoint while the thread runs: 10,000 pages (40 MB of log). */
export const BACKSTOP_PAGES = 10_000;
/** SQLite's default automatic checkpoint, restored when the thread stops or dies. */
export const SQLITE_DEFAULT_AUTOCHECKPOINT = 1_000;
/** How often the thread checkpoints (ms): at 200 verifications/s and a busy import, ~1–4 MB of log. */
export const CHECKPOINT_INTERVAL_MS = 200;

export interface CheckpointStats {
  /** checkpoint runs that copied frames */
  runs: number;
  /** frames (pages) copied into the database files */
  frames: number;
  /** time spent in those runs, ms, and the longest one */
  ms: number;
  longestMs: number;
  /** runs that left frames a reader or writer still needed (copied by a later run) */
  partial: number;
  errors: number;
  /** frames in the logs at the last run */
  logFrames: number;
  /** the thread is running */
  running: boolean;
}

export interface WalCheckpointer {
  stats(): CheckpointStats;
  /** stops the thread (its connection closes) and gives the connection its default checkpoint back */
  close(): Promise<void>;
}

/**
 * Starts the checkpoint thread for the server's connection `raw` on `file`, with the databases
 * attached to `raw` (the rate-limit file) attached to its connection too.
 */
export function startWalCheckpointer(
  raw: BetterSqlite.Database,
  file: string,
  opts: { intervalMs?: number; onProblem?: (p: { message: string; stopped: boolean; error?: unknown }) => void } = {},
): WalCheckpointer {
  const attach = (raw.pragma('database_list') as { name: string; file: string }[])
    .filter((d) => d.name !== 'main' && d.name !== 'temp' && d.file)
    .map((d) => ({ name: d.name, file: d.file }));
  const buffer = new SharedArrayBuffer(7 * Float64Array.BYTES_PER_ELEMENT);
  const stats = new Float64Array(buffer);
  const worker = new Worker(new URL('./wal-checkpoint-worker.mjs', import.meta.url), {
    workerData: { file, attach, intervalMs: opts.intervalMs ?? CHECKPOINT_INTERVAL_MS, stats: buffer },
    // a few MB: the thread holds one connection and a statement
    resourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 4 },
  });
  // the thread never keeps a script alive; the server stops it on close
  worker.unref();
  let running = true;
  const fallBack = () => {
    running = false;
    try {
      if (raw.open) raw.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
    } catch {
      // the connection is closing: nothing to restore
    }
  };
  raw.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  worker.on('message', (m: { error?: string }) => {
    if (m.error) opts.onProblem?.({ message: m.error, stopped: false });
  });
  worker.on('error', (error) => {
    fallBack();
    opts.onProblem?.({ message: error.message, stopped: true, error });
  });
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      fallBack();
      resolve();
    }),
  );
  return {
    stats: () => ({
      runs: stats[0],
      frames: stats[1],
      ms: Math.round(stats[2] * 10) / 10,
      longestMs: Math.round(stats[3] * 10) / 10,
      partial: stats[4],
      errors: stats[5],
      logFrames: stats[6],
      running,
    }),
    close: async () => {
      if (!running) return exited;
      worker.postMessage('stop');
      const timeout = setTimeout(() => void worker.terminate(), 5_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
