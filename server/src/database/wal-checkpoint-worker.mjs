/**
 * The SQLite checkpoint thread (wal-checkpointer.ts): its own connection to the server's database
 * file (and the attached rate-limit file), copying the write-ahead log back into the database every
 * `intervalMs` with a PASSIVE checkpoint — which waits for no reader and no writer, and is never
 * waited for by them. Plain JavaScript so Node loads it in any setting (tsx, vitest, plain node).
 *
 * Figures go into a shared buffer the server reads when it wants them (no message per tick):
 * [0] checkpoint runs that found frames to copy, [1] frames copied, [2] milliseconds spent in
 * them, [3] the longest run in ms, [4] runs that could not copy every frame (a reader still on
 * an older snapshot, or a writer mid-commit), [5] errors, [6] frames in the log at the last run.
 */
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/** @type {{ file: string; attach: { name: string; file: string }[]; intervalMs: number; stats: SharedArrayBuffer }} */
const { file, attach, intervalMs, stats: buffer } = workerData;
const stats = new Float64Array(buffer);

const db = new Database(file, { fileMustExist: true });
// the checkpoint waits for nothing: a PASSIVE checkpoint never invokes the busy handler anyway
db.pragma('busy_timeout = 0');
// this connection writes nothing itself; it must never checkpoint from a commit of its own
db.pragma('wal_autocheckpoint = 0');
for (const a of attach) db.prepare('attach database ? as ' + a.name).run(a.file);
// one statement per database: without a schema name SQLite checkpoints them all but reports one row
const checkpoints = ['main', ...attach.map((a) => a.name)].map((name) =>
  db.prepare(`pragma ${name}.wal_checkpoint(PASSIVE)`),
);

// The logs' own file handles. A long write transaction (a 50,000-row roster is one transaction)
// spills tens of MB into the log that nothing syncs until its commit, whose fsync runs on the
// request thread (synchronous FULL). Syncing the log files here each tick leaves the commit only
// the last tick's pages to wait for (28 MB took 19 ms to sync on this disk; the commit of such a
// transaction took 60-70 ms in all). The commit still syncs: durability is unchanged.
const logs = [file, ...attach.map((a) => a.file)].flatMap((f) => {
  try {
    return [fs.openSync(`${f}-wal`, 'r')];
  } catch {
    return [];
  }
});
/** each database's log at the last run: frames in it, and frames of it copied */
const last = [];
let stopped = false;
function tick() {
  if (stopped) return;
  const started = performance.now();
  let copied = 0;
  let log = 0;
  let partial = false;
  try {
    // for each database: busy, log (frames in the log) and checkpointed (frames of it copied so
    // far, by any connection)
    checkpoints.forEach((statement, i) => {
      const r = /** @type {{ busy: number; log: number; checkpointed: number }} */ (statement.get());
      const done = Math.max(0, r.checkpointed);
      const size = Math.max(0, r.log);
      const prev = last[i] ?? { size: 0, done: 0 };
      // a log copied in full is started again from its first frame by the next writer: what is
      // in it now is new (unless nothing was written since)
      const restarted = prev.size > 0 && prev.done === prev.size && (size !== prev.size || done !== prev.done);
      copied += restarted || done < prev.done ? done : done - prev.done;
      last[i] = { size, done };
      log += Math.max(0, r.log);
      if (r.busy || done < size) partial = true;
    });
  } catch (e) {
    stats[5]++;
    parentPort?.postMessage({ error: e instanceof Error ? e.message : String(e) });
  }
  for (const fd of logs) {
    try {
      fs.fdatasyncSync(fd);
    } catch {
      // a log that went away with its database: nothing to sync
    }
  }
  const ms = performance.now() - started;
  stats[6] = log;
  if (copied > 0) {
    stats[0]++;
    stats[1] += copied;
    stats[2] += ms;
    if (ms > stats[3]) stats[3] = ms;
    if (partial) stats[4]++;
  }
  timer = setTimeout(tick, intervalMs);
}
let timer = setTimeout(tick, intervalMs);

parentPort?.on('message', (m) => {
  if (m !== 'stop') return;
  stopped = true;
  clearTimeout(timer);
  for (const fd of logs) fs.closeSync(fd);
  db.close();
  parentPort?.close();
});
