/**
 * The province-scale data generator (`npm run generate`): Henan's real regions, ~400 institutions,
 * people with valid resident ID numbers stored as the platform stores them (sealed + keyed hash),
 * and certificates over every level and pathway with valid numbers, issued over the year (business
 * dates in China time) in the cohorts of the institutions' sessions (each evaluates a handful of
 * occupations, in a session about every 30 days: `institutionScopes` in generate-rows.ts), a share
 * revoked. Deterministic: a seeded PRNG, person i's ID number is unique by construction.
 * Resumable: people are written in batches, one transaction each; a run replays the plan from the
 * seed and looks up each batch's first certificate by its number (the unique index a load keeps):
 * the batches found are counted and skipped (no sealing, no writing), so the certificate serials
 * continue exactly where the interrupted run stopped. The secondary
 * indexes of people and certificates are dropped for the load and built once at its end
 * (database/bulk.ts; a run killed before the end leaves them to the next run). A worker thread
 * (generate-worker-run.ts) draws the plan, seals and hashes the ID numbers and builds each batch's
 * rows while this thread writes the batch before, so the two cores work at once.
 */
import { threadCpuSeconds } from '../../server/src/lib/thread-cpu.js';
import type { Database } from '../../server/src/database/connection.js';
import type { BulkTarget } from '../../server/src/database/bulk.js';
import {
  buildDeferredIndexes,
  bulkLoadSettings,
  bulkTransaction,
  deferIndexes,
} from '../../server/src/database/bulk.js';
import { Worker } from 'node:worker_threads';
import type { Config } from '../../server/src/config.js';
import {
  CERTIFICATE_DEFERRABLE_INDEXES,
  certificateNumberExists,
  certificatesMissingParents,
  insertCertificatesBulk,
  raiseCertificateSerials,
} from '../../server/src/modules/certificates/certificates.queries.js';
import {
  insertInstitution,
  institutionsByFilingNo,
} from '../../server/src/modules/institutions/institutions.queries.js';
import { listOccupations } from '../../server/src/modules/occupations/occupations.queries.js';
import {
  insertLearnersBulk,
  LEARNER_DEFERRABLE_INDEXES,
  learnersMissingParents,
  maxLearnerId,
  syncLearnerIds,
} from '../../server/src/modules/people/learners.queries.js';
import { getRegion, regionsUnder } from '../../server/src/modules/regions/regions.queries.js';
import {
  addProgressCounts,
  analyzeCounts,
  PROGRESS_DEFERRABLE_INDEXES,
} from '../../server/src/modules/targets/aggregates.queries.js';
import { rebuildAggregates } from '../../server/src/modules/targets/aggregates.service.js';
import {
  CERTIFICATE_FIXED,
  countValues,
  LEARNER_FIXED,
  prng,
  type BatchRows,
  type CountRows,
  type PlanSetup,
} from './generate-rows.js';

export { idNumberOf, prng } from './generate-rows.js';

export const SCALES = {
  tiny: { certificates: 2_000, institutions: 20 },
  small: { certificates: 50_000, institutions: 400 },
  city: { certificates: 1_000_000, institutions: 400 },
  province: { certificates: 10_000_000, institutions: 400 },
} as const;
export type Scale = keyof typeof SCALES;

export interface GenerateOptions {
  scale: Scale;
  /** the year of issue (business dates from 1 January to `until`) */
  year: number;
  /** the last business date of issue (`YYYY-MM-DD`), default 31 December */
  until?: string;
  seed?: number;
  /** people per transaction */
  batch?: number;
  /** people per message from the worker thread (a batch's transaction is written from several) */
  chunk?: number;
  /** stop after this many batches written in this run (tests interrupt a run with it) */
  stopAfterBatches?: number;
  /** recount the aggregates even when this run wrote nothing (an earlier run stopped during its recount) */
  rebuild?: boolean;
  onProgress?: (p: { rows: number; done: number; total: number }) => void;
}

export interface GenerateResult {
  people: number;
  certificates: number;
  revoked: number;
  institutions: number;
  /** batches found written before this run */
  resumedBatches: number;
  batches: number;
  complete: boolean;
  /** rows written in this run (people + certificates) and the seconds it took */
  rowsWritten: number;
  seconds: number;
  /** this process's CPU time (user + system) for the run: on a shared machine, rows per CPU second is the rate an idle core would give */
  cpuSeconds: number;
  /** time the writing thread waited for the worker's rows (drawing, sealing and hashing the ID numbers); writing them */
  sealSeconds: number;
  writeSeconds: number;
  /** building the secondary indexes deferred during the load */
  indexSeconds: number;
  /** checking the foreign keys of the loaded tables (SQLite loads without checking them row by row): the time beyond the index builds it ran beside */
  checkSeconds: number;
  /** CPU time of preparing, sealing and writing the rows (the load, before the indexes), both threads */
  loadCpuSeconds: number;
  /** the load's CPU seconds in the writing thread and in the worker thread (Linux; else null) */
  loadThreadSeconds: { writer: number; worker: number } | null;
  /** adding the load's counts to the progress aggregates (in the last batch's transaction) */
  countSeconds: number;
  /** the aggregates' statistics refreshed, or (`rebuild`) the aggregates recounted from every record */
  rebuildSeconds: number;
}

const KINDS = ['social', 'appraisal', 'enterprise', 'training_org', 'special_ability', 'college'] as const;
/** the generator's institutions: 备案号 S0000 41 8xxxxx (site serials no filing assigns) */
const filingNoOf = (j: number) => `S000041${String(800_001 + j)}`;
/** batches the worker may build beyond the one being written */
const AHEAD = 2;
/**
 * people per message from the worker (about 8,000 rows): a chunk's rows die young in both threads,
 * where a whole batch's outlived the young generation (city load: writing thread −5% CPU); 500 made
 * the threads wait on each other
 */
const CHUNK = 2_000;

/** The personal-data keys (the worker thread seals with them, as the platform does). */
export type DataKeys = Pick<Config, 'keyDir' | 'dataKeys' | 'lookupKey'>;

export async function generate(database: Database, keys: DataKeys, o: GenerateOptions): Promise<GenerateResult> {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const db = database.db;
  const scale = SCALES[o.scale];
  const seed = o.seed ?? 20_260_101;
  const batchSize = o.batch ?? 20_000;
  const rand = prng(seed);
  const yy = o.year;
  const until = o.until ?? `${yy}-12-31`;
  const firstDay = Date.UTC(yy, 0, 1);
  const days = Math.floor((Date.parse(`${until}T00:00:00Z`) - firstDay) / 86_400_000) + 1;
  const dates = Array.from({ length: days }, (_, k) => new Date(firstDay + k * 86_400_000).toISOString().slice(0, 10));

  // the reference data already in the database: Henan's counties, the occupations
  const province = await getRegion(db, '410000');
  if (!province) throw new Error('数据库中没有河南省的行政区划（410000）');
  const regions = await regionsUnder(db, province.path);
  const counties = regions.filter((r) => r.level === 'county').map((r) => r.code);
  const occupations = (await listOccupations(db, {}, 1, 200)).items.filter((x) => x.active);
  if (!counties.length || !occupations.length) throw new Error('缺少区县或职业基础数据');

  // institutions: made once, found again on a resumed run; sizes follow a long tail
  const nowIso = new Date(Date.UTC(yy, 0, 1, 2)).toISOString();
  const wanted = Array.from({ length: scale.institutions }, (_, j) => filingNoOf(j));
  const existing = new Map((await institutionsByFilingNo(db, wanted)).map((r) => [r.filing_no!, r]));
  const institutions: { id: number; name: string; filing_no: string; weight: number }[] = [];
  for (let j = 0; j < scale.institutions; j++) {
    const county = counties[Math.floor(rand() * counties.length)];
    const kind = KINDS[Math.floor(rand() * KINDS.length)];
    const weight = 1 / (1 + (j % 50)) + rand() * 0.05;
    const filing_no = filingNoOf(j);
    const name = `${regions.find((r) => r.code === county)!.name}第${j + 1}职业技能评价中心`;
    let id = existing.get(filing_no)?.id;
    if (id === undefined)
      id = await insertInstitution(db, {
        name,
        kind,
        school_type: kind === 'college' ? 'higher_vocational' : null,
        owner: 'local',
        region_code: county,
        status: 'filed',
        filing_no,
        filed_at: nowIso,
        valid_until: `${yy + 3}-01-01`,
        created_at: nowIso,
        updated_at: nowIso,
      } as never);
    institutions.push({ id, name, filing_no, weight });
  }
  const totalWeight = institutions.reduce((a, x) => a + x.weight, 0);
  const instCumulative: [number, number][] = [];
  let acc = 0;
  institutions.forEach((x, k) => instCumulative.push([k, (acc += x.weight / totalWeight)]));
  instCumulative[instCumulative.length - 1][1] = 1;
  const setup: PlanSetup = {
    rngState: rand.state(),
    batchSize,
    certificates: scale.certificates,
    year: yy,
    dates,
    counties,
    institutions: institutions.map(({ id, name, filing_no }) => ({ id, name, filing_no })),
    instCumulative,
    occupations: occupations.map(({ id, code, name }) => ({ id, code, name })),
    nowIso,
  };
  const worker = new Worker(new URL('./generate-worker.mjs', import.meta.url), {
    workerData: { setup, keys: { keyDir: keys.keyDir, dataKeys: keys.dataKeys, lookupKey: keys.lookupKey } },
  });
  // the worker's messages, taken in order
  const inbox: unknown[] = [];
  const waiting: ((m: unknown) => void)[] = [];
  let failed: Error | null = null;
  worker.on('message', (m) => (waiting.length ? waiting.shift()!(m) : inbox.push(m)));
  const fail = (e: Error) => {
    failed = e;
    for (const w of waiting.splice(0)) w({ type: 'error' });
  };
  worker.on('error', fail);
  worker.on('exit', (code) => code !== 0 && fail(new Error(`generator worker stopped (${code})`)));
  const receive = async <M>(): Promise<M> => {
    const m = inbox.length ? inbox.shift() : await new Promise((resolve) => waiting.push(resolve));
    if (failed) throw failed;
    return m as M;
  };
  type Rows = BatchRows & { type: 'rows' | 'skipped' };

  // serials used per institution and level (`${inst}|${level}`), from the batches written
  const serials = new Map<string, number>();
  let resumed = 0;
  const target: BulkTarget = database.sqlite ? { sqlite: database.sqlite } : { pg: await database.pool!.connect() };
  let people = 0;
  let certificates = 0;
  let revoked = 0;
  let rowsWritten = 0;
  let sealSeconds = 0;
  let writeSeconds = 0;
  let batches = 0;
  let written = 0;
  let complete = true;
  const totalRows = scale.certificates + estimatePeople(scale.certificates);
  const restoreSettings = bulkLoadSettings(target);
  let indexSeconds = 0;
  let checkSeconds = 0;
  let countSeconds = 0;
  let loadCpuSeconds = 0;
  let loadThreadSeconds: GenerateResult['loadThreadSeconds'] = null;
  // a skipped batch, or a chunk of a batch written (`batches` counts the batches)
  const count = (r: Rows) => {
    people += r.people;
    certificates += r.certificateCount;
    revoked += r.revoked;
    for (const [k, v] of r.serials) serials.set(k, v);
  };
  try {
    // the batches already written are replayed without sealing or writing, then writing continues
    let rest = true;
    for (;;) {
      worker.postMessage({ type: 'peek' });
      const peeked = await receive<{ empty: boolean; firstNumber: string | null }>();
      if (peeked.empty) {
        rest = false;
        break;
      }
      if (!(await certificateNumberExists(db, peeked.firstNumber!))) break;
      worker.postMessage({ type: 'skip' });
      count(await receive<Rows>());
      batches++;
      resumed++;
      o.onProgress?.({ rows: 0, done: people + certificates, total: totalRows });
    }
    if (rest && o.stopAfterBatches === 0) complete = false;
    else if (rest) {
      // something to write: the secondary indexes are built once at the end (an interrupted run's still are deferred)
      await deferIndexes(target, [
        ...CERTIFICATE_DEFERRABLE_INDEXES,
        ...LEARNER_DEFERRABLE_INDEXES,
        ...PROGRESS_DEFERRABLE_INDEXES,
      ]);
      const loadCpu = process.cpuUsage();
      // CPU per thread: the load's two threads work at once, so the busier one bounds the rate an idle two-core machine gives
      const threadsBefore = threadCpuSeconds();
      worker.postMessage({
        type: 'produce',
        base: (await maxLearnerId(db)) + 1,
        ahead: AHEAD,
        chunk: o.chunk ?? CHUNK,
      });
      for (;;) {
        const t0 = performance.now();
        const r = await receive<Rows | { type: 'end' }>();
        // time this thread waited for the worker's rows
        sealSeconds += (performance.now() - t0) / 1000;
        if (r.type === 'end') break;
        if (o.stopAfterBatches !== undefined && written >= o.stopAfterBatches) {
          complete = false;
          break;
        }
        worker.postMessage({ type: 'credit' });
        // one transaction per batch, its rows written chunk by chunk as they come
        const t1 = performance.now();
        let waited = 0;
        await bulkTransaction(target, async () => {
          let chunk = r as Rows;
          for (;;) {
            await insertLearnersBulk(target, chunk.learners, LEARNER_FIXED(nowIso));
            await insertCertificatesBulk(target, chunk.certificates, CERTIFICATE_FIXED);
            count(chunk);
            const rows = chunk.people + chunk.certificateCount;
            rowsWritten += rows;
            o.onProgress?.({ rows, done: people + certificates, total: totalRows });
            if (chunk.last) break;
            const t = performance.now();
            chunk = await receive<Rows>();
            waited += performance.now() - t;
          }
          // the plan's last batch: every planned person's counts join the aggregates in its transaction
          if (chunk.final)
            for (;;) {
              const t = performance.now();
              const counts = await receive<CountRows>();
              waited += performance.now() - t;
              const t5 = performance.now();
              await addProgressCounts(target, counts.grain, countValues(counts, setup));
              countSeconds += (performance.now() - t5) / 1000;
              if (counts.last) break;
            }
        });
        sealSeconds += waited / 1000;
        writeSeconds += (performance.now() - t1 - waited) / 1000;
        written++;
        batches++;
      }
      const u = process.cpuUsage(loadCpu);
      loadCpuSeconds = (u.user + u.system) / 1e6;
      const spent = [...threadCpuSeconds()].map(([tid, s]) => [tid, s - (threadsBefore.get(tid) ?? 0)] as const);
      const writer = spent.find(([tid]) => tid === String(process.pid))?.[1];
      if (writer !== undefined)
        loadThreadSeconds = {
          writer,
          worker: Math.max(0, ...spent.filter(([tid]) => tid !== String(process.pid)).map(([, s]) => s)),
        };
    }
    await worker.terminate();
    // SQLite loaded without checking foreign keys row by row: one pass over both tables instead, on
    // connections of their own while the indexes are built
    const checked = Promise.all([learnersMissingParents(target), certificatesMissingParents(target)]);
    checked.catch(() => {}); // awaited after the indexes
    const t3 = performance.now();
    await buildDeferredIndexes(target);
    indexSeconds = (performance.now() - t3) / 1000;
    // the time the check took beyond the index builds
    const t4 = performance.now();
    const orphans = (await checked).flat();
    if (orphans.length)
      throw new Error(
        `生成的数据外键不完整：${orphans.length} 行（${orphans
          .slice(0, 3)
          .map((x) => `${x.table} ${x.rowid} → ${x.parent}`)
          .join('；')}）`,
      );
    checkSeconds = (performance.now() - t4) / 1000;
  } finally {
    await worker.terminate();
    restoreSettings();
    if (target.pg) target.pg.release();
  }
  await syncLearnerIds(db, database.dialect);
  await raiseCertificateSerials(
    db,
    [...serials].map(([key, last_serial]) => {
      const [inst, level] = key.split('|').map(Number);
      return { filing_no: institutions[inst].filing_no, year: yy, level, last_serial };
    }),
  );
  // the dashboard reads the maintained aggregates: the last batch added the load's counts to them;
  // `rebuild` recounts them from every record instead
  const t2 = performance.now();
  if (complete && o.rebuild) await rebuildAggregates(db);
  else if (complete && rowsWritten > 0) await analyzeCounts(db);
  const rebuildSeconds = (performance.now() - t2) / 1000;
  return {
    people,
    certificates,
    revoked,
    institutions: institutions.length,
    resumedBatches: resumed,
    batches,
    complete,
    rowsWritten,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (() => {
      const u = process.cpuUsage(cpuStarted);
      return (u.user + u.system) / 1e6;
    })(),
    sealSeconds,
    writeSeconds,
    indexSeconds,
    checkSeconds,
    loadCpuSeconds,
    loadThreadSeconds,
    countSeconds,
    rebuildSeconds,
  };
}

/** About how many people hold `certificates` (1–5 each, 3 on average). */
export function estimatePeople(certificates: number) {
  return Math.round(certificates / 3);
}
