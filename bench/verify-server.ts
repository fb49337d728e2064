/**
 * The server the verification bench loads: the real application plus two baseline routes,
 * `/bench/trivial` (a JSON constant) and `/bench/lookup?id=` (one raw prepared primary-key lookup
 * in the certificates table); `POST /bench/sign?n=` (a credential-signing backlog, for bench/soak.ts);
 * and `POST /bench/loop` (the main thread's event-loop delay and the process's GC pauses since the
 * last call, for bench/soak.ts).
 * Started by bench/verify.ts, bench/import-memory.ts and bench/soak.ts in its own process.
 */
import { threadCpuSeconds } from '../server/src/lib/thread-cpu.js';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { buildApp } from '../server/src/app.js';
import { loadConfig } from '../server/src/config.js';
import { openDatabase } from '../server/src/database/connection.js';
import { readOptions } from '../server/src/platform.js';
import { systemClock } from '../server/src/lib/clock.js';
import { applyHeapGrowing } from '../server/src/lib/heap.js';
import { WorkerPool } from '../server/src/lib/workers.js';
import { signPendingCredentials } from '../server/src/modules/credentials/credentials.service.js';

const config = loadConfig(process.env, { webDist: null, logLevel: 'warn' });
applyHeapGrowing(config.heapGrowingPercent); // as server/src/main.ts does (HEAP_GROWING_PERCENT)
const database = openDatabase(config.databaseUrl, config.dataDir, {
  pgPoolSize: config.pgPoolSize,
  searchPath: process.env.BENCH_SEARCH_PATH || undefined,
  ...readOptions(config),
  // as the server runs (platform.ts); BENCH_CHECKPOINT_THREAD=0: commits checkpoint, SQLite's default
  checkpointThread: process.env.BENCH_CHECKPOINT_THREAD !== '0',
});
// BENCH_WORKERS=1: heavy work in worker threads, as `npm start` runs it (bench/import-memory.ts)
const workers = process.env.BENCH_WORKERS === '1' ? new WorkerPool(config.workers) : undefined;
const deps = { database, db: database.db, config, clock: systemClock, workers };
const app = await buildApp(deps, { logger: false });

app.get('/bench/trivial', async () => ({ ok: true }));
if (database.sqlite) {
  const stmt = database.sqlite.prepare('select * from certificates where id = ?');
  app.get('/bench/lookup', async (req) => stmt.get(Number((req.query as { id: string }).id)) ?? null);
} else {
  const pool = database.pool!;
  app.get(
    '/bench/lookup',
    async (req) =>
      (
        await pool.query({
          name: 'bench-lookup',
          text: 'select * from certificates where id = $1',
          values: [Number((req.query as { id: string }).id)],
        })
      ).rows[0] ?? null,
  );
}
// a credential-signing backlog drained as the background loop does (batches of 25), until `n` are signed (bench/soak.ts)
app.post('/bench/sign', async (req) => {
  const n = Number((req.query as { n: string }).n);
  let signed = 0;
  while (signed < n) {
    const k = await signPendingCredentials(deps, Math.min(25, n - signed));
    if (!k) break;
    signed += k;
  }
  return { signed };
});
// how long the main thread was kept from its event loop, and the garbage collector's pauses (of
// this thread's heap), since the last call: what a stalled request waited behind
const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();
let gcPauses: number[] = [];
// how long the server took over each public verification, from the request's arrival to the reply
// sent (fastify's elapsedTime): the client's latency less the network, the client and the queue
let served: number[] = [];
// the request thread's own CPU time (its task id is the process id; Linux, else NaN), which the
// machine's other load does not inflate as it does wall times
const mainThreadCpuMs = () => (threadCpuSeconds().get(String(process.pid)) ?? NaN) * 1000;
let cpuMark = mainThreadCpuMs();
// the checkpoint thread's figures (SQLite), as deltas per phase
const checkpoints = () => database.checkpoints?.() ?? null;
let checkpointMark = checkpoints();
app.addHook('onResponse', async (req, reply) => {
  if (req.url.startsWith('/api/public/verify')) served.push(reply.elapsedTime);
});
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcPauses.push(e.duration);
}).observe({ entryTypes: ['gc'] });
app.post('/bench/loop', async () => {
  const ms = (ns: number) => ns / 1e6;
  const pauses = gcPauses.sort((a, b) => a - b);
  const took = served.sort((a, b) => a - b);
  const at = (q: number) => took[Math.min(took.length - 1, Math.floor(q * took.length))] ?? 0;
  const r = {
    loopDelay: { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) },
    mainThreadCpuMs: mainThreadCpuMs() - cpuMark,
    served: { count: took.length, p50: at(0.5), p99: at(0.99), max: took[took.length - 1] ?? 0 },
    checkpoints: (() => {
      const now = checkpoints();
      if (!now || !checkpointMark) return null;
      return {
        runs: now.runs - checkpointMark.runs,
        frames: now.frames - checkpointMark.frames,
        ms: now.ms - checkpointMark.ms,
        longestMs: now.longestMs,
        partial: now.partial - checkpointMark.partial,
      };
    })(),
    gc: {
      count: pauses.length,
      totalMs: pauses.reduce((a, b) => a + b, 0),
      p99Ms: pauses[Math.min(pauses.length - 1, Math.floor(0.99 * pauses.length))] ?? 0,
      maxMs: pauses[pauses.length - 1] ?? 0,
    },
  };
  loop.reset();
  gcPauses = [];
  served = [];
  cpuMark = mainThreadCpuMs();
  checkpointMark = checkpoints();
  return r;
});
await app.listen({ port: config.port, host: '127.0.0.1' });
for (const s of ['SIGINT', 'SIGTERM'] as const) process.on(s, () => process.exit(0)); // lets --cpu-prof write its profile
process.send?.('ready');
