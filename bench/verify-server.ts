/**
 * The server the verification bench loads: the real application plus two baseline routes,
 * `/bench/trivial` (a JSON constant) and `/bench/lookup?id=` (one raw prepared primary-key lookup
 * in the certificates table); and `POST /bench/sign?n=` (a credential-signing backlog, for bench/soak.ts).
 * Started by bench/verify.ts, bench/import-memory.ts and bench/soak.ts in its own process.
 */
import { buildApp } from '../server/src/app.js';
import { loadConfig } from '../server/src/config.js';
import { openDatabase } from '../server/src/database/connection.js';
import { readOptions } from '../server/src/platform.js';
import { systemClock } from '../server/src/lib/clock.js';
import { WorkerPool } from '../server/src/lib/workers.js';
import { signPendingCredentials } from '../server/src/modules/credentials/credentials.service.js';

const config = loadConfig(process.env, { webDist: null, logLevel: 'warn' });
const database = openDatabase(config.databaseUrl, config.dataDir, {
  pgPoolSize: config.pgPoolSize,
  searchPath: process.env.BENCH_SEARCH_PATH || undefined,
  ...readOptions(config),
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
await app.listen({ port: config.port, host: '127.0.0.1' });
process.on('SIGINT', () => process.exit(0)); // lets --cpu-prof write its profile
process.send?.('ready');
