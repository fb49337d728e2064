/**
 * `npm run generate -- --scale <tiny|small|city|province>`: fills the database with realistic,
 * deterministic data (scripts/lib/generate-data.ts) — province: 10,000,000 certificates for about
 * 3,300,000 people, city 1,000,000, small 50,000. The database is DATABASE_URL's (or `--database`),
 * else the SQLite file under data/ that `npm start` uses. Interrupted, it continues where it
 * stopped when run again with the same options. One scale (and seed) per database: the scales share
 * their first people's ID numbers. The progress aggregates grow by what the generated people count
 * (in the last batch's transaction, from the same contributions the platform's listeners add).
 *   --year 2026   the year of issue (default: this year in China time, issued up to today)
 *   --seed N      another deterministic data set
 *   --rebuild     recount the aggregates from every record afterwards, even if nothing is left to write
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/src/config.js';
import { businessDate, businessYear } from '../server/src/lib/dates.js';
import { prepareDatabase } from '../server/src/platform.js';
import { generate, SCALES, type Scale } from './lib/generate-data.js';
import { progressBar } from './lib/progress.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'small' },
    database: { type: 'string' },
    year: { type: 'string' },
    seed: { type: 'string' },
    rebuild: { type: 'boolean', default: false },
  },
});
if (!(values.scale! in SCALES)) {
  console.error(`--scale 须为 ${Object.keys(SCALES).join(' | ')}`);
  process.exit(2);
}
const config = loadConfig(process.env, {
  demo: process.env.SKILLCERT_DEMO === '1',
  ...(values.database ? { databaseUrl: values.database } : {}),
});
const now = new Date();
const thisYear = businessYear(now, config.businessTimeZone);
const year = values.year ? Number(values.year) : thisYear;
// a bulk load: the writing connection checkpoints the log itself, without syncing it (bulkLoadSettings)
const { database } = await prepareDatabase(config, { checkpointThread: false });
const bar = progressBar(`generate ${values.scale}`);
// the machine's load average (1, 5, 15 minutes) beside the figures: on a shared machine the wall times depend on it
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ');
const loadAtStart = load();
try {
  console.log(`数据库：${database.dialect}（${database.description}）`);
  const r = await generate(database, config, {
    scale: values.scale as Scale,
    year,
    until: year === thisYear ? businessDate(now, config.businessTimeZone) : undefined,
    seed: values.seed ? Number(values.seed) : undefined,
    rebuild: values.rebuild,
    onProgress: (p) => bar.update(p),
  });
  bar.done();
  console.log(
    `people ${r.people.toLocaleString('en')}, certificates ${r.certificates.toLocaleString('en')} (revoked ${r.revoked.toLocaleString('en')}), institutions ${r.institutions}; ` +
      `${r.resumedBatches ? `${r.resumedBatches} batches found from an earlier run; ` : ''}` +
      `${r.rowsWritten.toLocaleString('en')} rows written in ${r.seconds.toFixed(1)} s (${Math.round(r.rowsWritten / r.seconds).toLocaleString('en')} rows/s; the load itself ${Math.round(r.rowsWritten / (r.sealSeconds + r.writeSeconds)).toLocaleString('en')} rows/s; ${Math.round(r.rowsWritten / r.cpuSeconds).toLocaleString('en')} rows per CPU second, ${Math.round(r.rowsWritten / r.loadCpuSeconds).toLocaleString('en')} per CPU second of the load itself${r.loadThreadSeconds ? ` — writing thread ${r.loadThreadSeconds.writer.toFixed(1)} s, worker ${r.loadThreadSeconds.worker.toFixed(1)} s of CPU, so ${Math.round(r.rowsWritten / Math.max(r.loadThreadSeconds.writer, r.loadThreadSeconds.worker)).toLocaleString('en')} rows/s at most on two idle cores` : ''}; waited ${r.sealSeconds.toFixed(1)} s for sealed rows, written in ${r.writeSeconds.toFixed(1)} s, indexes built in ${r.indexSeconds.toFixed(1)} s, foreign keys checked in ${r.checkSeconds.toFixed(1)} s, the load's counts added to the aggregates in ${r.countSeconds.toFixed(1)} s, ${values.rebuild ? 'aggregates recounted' : 'their statistics refreshed'} in ${r.rebuildSeconds.toFixed(1)} s; load average ${loadAtStart} at the start, ${load()} at the end)`,
  );
} finally {
  await database.close();
}
