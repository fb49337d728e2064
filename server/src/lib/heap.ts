/**
 * How far V8 lets the JavaScript heap grow before it collects again (issue 11 item 2: a
 * 100,000-row roster import may raise the server's RSS by at most 100 MB).
 *
 * After each major GC V8 sets the next limit to the live heap × a growing factor that it picks
 * itself, up to 4× on a server that has had no pressure yet: an import that allocates quickly
 * (parsing, then chunks written) ran the process up by +75–172 MB of garbage not yet collected.
 * `--heap-growing-percent=P` fixes the factor at 1 + P/100, so the heap is collected sooner and the
 * process stays smaller, for a little more GC time. V8 flags are per process: the setting reaches
 * the worker threads too. Set early (before the heavy work), since V8 reads it at each GC.
 */
import v8 from 'node:v8';

/**
 * The V8 flag; `node --v8-options` lists it with a default of 0, V8's own heuristic, which
 * HEAP_GROWING_PERCENT=0 keeps (`lib/heap.unit.test.ts` checks this Node has it).
 */
export const HEAP_GROWING_FLAG = '--heap-growing-percent';

/** HEAP_GROWING_PERCENT's default: the heap may grow by half the live heap before the next major GC. */
export const DEFAULT_HEAP_GROWING_PERCENT = 50;

/** Above this the setting would let the heap grow more than V8's own largest factor (4×). */
export const MAX_HEAP_GROWING_PERCENT = 300;

/**
 * HEAP_GROWING_PERCENT: an integer 1–300, or 0 to leave V8 its own heuristic; anything else is
 * refused at start-up with a message that names the setting.
 */
export function heapGrowingPercent(v: string | undefined, name = 'HEAP_GROWING_PERCENT'): number {
  if (v === undefined || v.trim() === '') return DEFAULT_HEAP_GROWING_PERCENT;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > MAX_HEAP_GROWING_PERCENT)
    throw new Error(`配置项 ${name} 必须是 0–${MAX_HEAP_GROWING_PERCENT} 的整数（0：由 V8 自行决定），当前为 "${v}"`);
  return n;
}

/**
 * Applies the growing factor to this process (0: nothing set). Returns the flag set, or null.
 * `setFlags` is V8's own unless a test gives another.
 */
export function applyHeapGrowing(
  percent: number,
  setFlags: (flags: string) => void = v8.setFlagsFromString,
): string | null {
  if (percent === 0) return null;
  const flag = `${HEAP_GROWING_FLAG}=${percent}`;
  setFlags(flag);
  return flag;
}

/**
 * Garbage collection on each thread's own time (issue 17: heavy work never stalls the public).
 * By default V8 hands much of a heap's collection (concurrent marking, parallel scavenges) to the
 * process's shared helper threads, which run at normal priority: the worker threads' collections —
 * credential signing (RDF canonicalisation) churns through its heap every few tens of milliseconds
 * — then ran beside the request thread on the other core, however low the worker threads' own
 * priority (WORKER_NICE). With `--single-threaded-gc` each isolate collects on its own thread, so
 * a worker's collection runs at the worker's priority, and the request thread's at its own.
 *
 * It must be on node's command line: set at run time (`v8.setFlagsFromString`) it switched
 * concurrent marking off under a collection already marking and V8 aborted the process
 * (`Check failed: concurrent_marking_handle_`). `npm start`, `npm run cluster` and the benches
 * start the server with these flags; a supervisor starts `node --single-threaded-gc --import tsx
 * server/src/main.ts` (docs/DEPLOYMENT.md).
 */
export const SINGLE_THREADED_GC_FLAG = '--single-threaded-gc';

/** The node flags an app server process is started with (before `--import tsx`). */
export const SERVER_NODE_FLAGS: readonly string[] = [SINGLE_THREADED_GC_FLAG];

/** Whether this process was started with each thread collecting its own garbage. */
export const singleThreadedGc = (execArgv: readonly string[] = process.execArgv) =>
  execArgv.includes(SINGLE_THREADED_GC_FLAG);
