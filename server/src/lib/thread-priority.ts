/**
 * Worker threads at a lower priority than the request thread (issue 17): parsing a workbook,
 * rendering PDFs and signing credentials yield the CPU to the thread that answers requests when
 * both want it, so on a busy machine the public waits less behind background work.
 *
 * On Linux the nice value belongs to each thread: `setpriority(PRIO_PROCESS, tid)` with the
 * thread's kernel task id (the last part of the /proc/thread-self link, `<pid>/task/<tid>`) lowers
 * that one thread. A thread may always lower its own priority (raising it again needs privilege).
 * Elsewhere (no /proc/thread-self) Node can only renice the whole process, which would slow the
 * request thread too: nothing is done.
 */
import fs from 'node:fs';
import os from 'node:os';

/** WORKER_NICE's default: a little below the request thread (nice 0), well above idle (19). */
export const DEFAULT_WORKER_NICE = 5;

/** What the thread was set to, or why nothing was done. */
export type PriorityOutcome =
  { set: number; tid: number } | { skipped: 'zero' | 'no-thread-id' | 'already-lower' | 'refused' };

export interface PriorityDeps {
  readlink: (path: string) => string;
  getPriority: (pid: number) => number;
  setPriority: (pid: number, priority: number) => void;
}

const system: PriorityDeps = {
  readlink: (p) => fs.readlinkSync(p),
  getPriority: (pid) => os.getPriority(pid),
  setPriority: (pid, priority) => os.setPriority(pid, priority),
};

/** This thread's kernel task id on Linux, or null where /proc/thread-self does not exist. */
export function kernelThreadId(readlink: PriorityDeps['readlink'] = system.readlink): number | null {
  try {
    const m = /\/task\/(\d+)$/.exec(readlink('/proc/thread-self'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/**
 * Sets the calling thread's nice value to `nice` (1–19; 0 leaves it), never raising its priority
 * (a server started under `nice 10` keeps its workers at 10). Called by each pooled worker thread
 * as it starts (lib/worker-entry.mjs); never throws: a worker at normal priority still works.
 */
export function lowerThisThreadPriority(nice: number, deps: PriorityDeps = system): PriorityOutcome {
  if (nice === 0) return { skipped: 'zero' };
  const tid = kernelThreadId(deps.readlink);
  if (tid === null) return { skipped: 'no-thread-id' };
  try {
    if (deps.getPriority(tid) >= nice) return { skipped: 'already-lower' };
    deps.setPriority(tid, nice);
    return { set: nice, tid };
  } catch {
    return { skipped: 'refused' };
  }
}
