/**
 * bench/soak.ts — public verification at a fixed rate while heavy work runs (issue 17: heavy work
 * never stalls the public). The server runs in its own process with its worker-thread pool, as
 * `npm start` runs it. Verification by number + name is sent at a fixed rate (open loop: each
 * request's latency is measured from the moment it was due, so a stalled server cannot hide its
 * stall by slowing the client down) first with nothing else running, then while the server does,
 * all at once: two roster imports of 50,000 rows each, a ZIP of 2,000 certificate PDFs and a
 * backlog of 2,000 credentials to sign. Prints verification p50/p99/max for both phases and how
 * long each piece of background work took. Goal (issue 17): p99 ≤ 10 ms at 200 requests/s on
 * SQLite while the work runs (before the worker pool: 273 ms).
 *
 * Beside each phase's verification figures it prints the server's own: the main thread's
 * event-loop delay (perf_hooks.monitorEventLoopDelay: how long it was kept from answering) and
 * the pauses of its garbage collector. `--server-env K=V` (repeatable) and `--server-flags "…"`
 * (node flags) start the server with other settings, so runs can be compared setting by setting
 * (e.g. `--server-env WORKER_NICE=0 --server-env HEAP_GROWING_PERCENT=0` for the defaults before).
 *
 * Usage: npx tsx bench/soak.ts [--rate 200] [--rows 50000] [--zip 2000] [--sign 2000]
 *        [--baseline 20] [--pg postgres://…] [--no-sqlite] [--server-env K=V …] [--server-flags "…"]
 *        [--work imports,zip,sign]   (which background work runs; all three by default)
 *        [--shared-gc]   (the server without --single-threaded-gc: V8's helper threads collect)
 */
import { SERVER_NODE_FLAGS } from '../server/src/lib/heap.js';
import { fork } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { withTemporarySchema } from './lib/pg-schema.js';
import { benchResult } from './lib/result.js';
import { serverEnv } from './lib/server-options.js';
import { loadConfig } from '../server/src/config.js';
import { prepareDatabase } from '../server/src/platform.js';
import { systemClock } from '../server/src/lib/clock.js';
import { personalData } from '../server/src/lib/personal-data.js';
import { formatCertificateNumber } from '../server/src/modules/certificates/certificate-number.js';
import { sealCertificate } from '../server/src/modules/signing/seal.js';
import { newPersonRow } from '../server/src/modules/people/id-numbers.service.js';
import { makeFiledInstitution, makeUser, multipart, PASSWORD, XLSX_TYPE } from '../server/test/harness.js';
import { residentIdNo, rosterWorkbook } from '../server/test/workbooks.js';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '200' },
    rows: { type: 'string', default: '50000' },
    zip: { type: 'string', default: '2000' },
    sign: { type: 'string', default: '2000' },
    sample: { type: 'string', default: '5000' },
    baseline: { type: 'string', default: '20' },
    pg: { type: 'string' },
    'no-sqlite': { type: 'boolean' },
    'server-env': { type: 'string', multiple: true, default: [] },
    'server-flags': { type: 'string', default: '' },
    /** the server without `--single-threaded-gc` (V8's helper threads collect, as before session 10) */
    'shared-gc': { type: 'boolean', default: false },
    work: { type: 'string', default: 'imports,zip,sign' },
  },
});
/** which background work runs (`--work sign` alone: does signing hold verification back?) */
const workWords = () =>
  [WORK.has('imports') && 'imports', WORK.has('zip') && 'a ZIP', WORK.has('sign') && `${SIGN} signings`]
    .filter(Boolean)
    .join(', ');
const WORK = new Set(values.work.split(',').map((w) => w.trim()));
for (const w of WORK)
  if (!['imports', 'zip', 'sign'].includes(w)) throw new Error(`--work: unknown ${w} (imports, zip, sign)`);
const SERVER_ENV = serverEnv(values['server-env']);
const SERVER_FLAGS = values['server-flags'].split(/\s+/).filter(Boolean);
const RATE = Number(values.rate);
const ROWS = Number(values.rows);
const ZIP = Number(values.zip);
const SIGN = Number(values.sign);
const SAMPLE = Number(values.sample);
const BASELINE_S = Number(values.baseline);
const ZIP_DAY = '2025-03-01'; // the ZIP's certificates, issued on a day of their own
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-soak-'));
const keyDir = path.join(dir, 'keys');

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
function request(port: number, method: string, url: string, body?: Buffer, headers: Record<string, string> = {}) {
  return new Promise<Reply>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: url, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
const json = (r: Reply) => JSON.parse(r.body.toString() || 'null');

/** The institution, its administrator, and certificates: sealed ones to verify, the ZIP's, and none with a credential yet. */
async function load(databaseUrl: string, searchPath?: string) {
  const config = loadConfig({}, { databaseUrl, demo: false, webDist: null, keyDir, dataDir: dir });
  const { database } = await prepareDatabase(config, { searchPath });
  const deps = { database, db: database.db, config, clock: systemClock };
  const occ = await database.db
    .selectFrom('occupations')
    .select(['id', 'code', 'name'])
    .where('code', '=', '6-31-01-03')
    .executeTakeFirstOrThrow();
  const instId = await makeFiledInstitution(deps, { scopes: [{ occupationId: occ.id, level: 4 }] });
  await makeUser(deps, { username: 'bench-admin', role: 'institution_admin', institutionId: instId });
  // filed, with its scope, before the certificates' dates of issue (verification checks both)
  const filed = '2020-01-01T00:00:00.000Z';
  await database.db.updateTable('institutions').set({ filed_at: filed }).where('id', '=', instId).execute();
  await database.db
    .updateTable('institution_scopes')
    .set({ granted_at: filed })
    .where('institution_id', '=', instId)
    .execute();
  const inst = await database.db
    .selectFrom('institutions')
    .select(['name', 'filing_no'])
    .where('id', '=', instId)
    .executeTakeFirstOrThrow();
  const pd = personalData({ keyDir, dataKeys: '', lookupKey: '' });
  const now = new Date().toISOString();
  const total = SAMPLE + ZIP;
  const sample: { number: string; name: string }[] = [];
  const BATCH = 500;
  for (let b = 0; b < total; b += BATCH) {
    await database.db.transaction().execute(async (trx) => {
      const n = Math.min(BATCH, total - b);
      const people = Array.from({ length: n }, (_, k) => ({
        name: `持证人${b + k}`,
        id_number: residentIdNo(b + k, '410105'),
      }));
      const learners = await trx
        .insertInto('learners')
        .values(
          people.map((p) => newPersonRow(pd, { name: p.name, id_type: 'resident_id', id_number: p.id_number }, now)),
        )
        .returning('id')
        .execute();
      const rows = [];
      for (let k = 0; k < n; k++) {
        const i = b + k;
        const issuedOn = i < SAMPLE ? '2024-06-01' : ZIP_DAY;
        const fields = {
          number: formatCertificateNumber(inst.filing_no!, 2024, 4, i + 1),
          holder_name: people[k].name,
          holder_id_type: 'resident_id',
          holder_id_number: people[k].id_number,
          occupation_code: occ.code,
          level: 4,
          filing_no: inst.filing_no!,
          institution_name: inst.name,
          issued_on: issuedOn,
        };
        const sealed = await sealCertificate(trx, keyDir, fields);
        if (i < SAMPLE) sample.push({ number: fields.number, name: fields.holder_name });
        const { holder_id_number: holderIdNumber, ...shown } = fields;
        const holderId = pd.storeIdNumber('certificates.holder_id_number', holderIdNumber);
        rows.push({
          ...shown,
          holder_id_number_enc: holderId.enc,
          holder_id_number_hash: holderId.hash,
          kind: 'skill' as const,
          institution_id: instId,
          learner_id: learners[k].id,
          occupation_id: occ.id,
          work_type: null,
          pathway: 'exam' as const,
          status: 'valid' as const,
          verify_code: 'BENCHCODE0',
          fee: 0,
          source_type: 'bench',
          source_id: null,
          occupation_name: occ.name,
          issued_by: 0,
          created_at: now,
          seal: sealed.seal,
          seal_kid: sealed.kid,
        });
      }
      await trx.insertInto('certificates').values(rows).execute();
    });
  }
  await database.close();
  return { sample, occupationId: occ.id };
}

/** The server's own figures for a phase (bench/verify-server.ts, `POST /bench/loop`). */
interface ServerSide {
  loopDelay: { p50: number; p99: number; max: number };
  served: { count: number; p50: number; p99: number; max: number };
  mainThreadCpuMs: number;
  gc: { count: number; totalMs: number; p99Ms: number; maxMs: number };
  /** SQLite's checkpoint thread in the phase (null: commits checkpoint, BENCH_CHECKPOINT_THREAD=0) */
  checkpoints: { runs: number; frames: number; ms: number; longestMs: number; partial: number } | null;
}

const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

interface Stats {
  sent: number;
  failed: number;
  p50: number;
  p99: number;
  max: number;
  seconds: number;
}

/**
 * Verification at `RATE` requests/s until `until()` says stop (checked each tick), open loop:
 * latency counted from each request's due time. Resolves when the last answer is in.
 */
async function fixedRate(port: number, sample: { number: string; name: string }[], until: () => boolean) {
  const latencies: number[] = [];
  let failed = 0;
  let sent = 0;
  const pending: Promise<void>[] = [];
  const t0 = performance.now();
  while (!until()) {
    // request k is due at k / RATE seconds: all those whose time has come (k ≤ elapsed × RATE)
    const due = Math.floor(((performance.now() - t0) / 1000) * RATE) + 1;
    while (sent < due) {
      const at = t0 + (sent * 1000) / RATE;
      const s = sample[sent++ % sample.length];
      pending.push(
        request(port, 'GET', `/api/public/verify?number=${s.number}&name=${encodeURIComponent(s.name)}`).then(
          (r) => {
            latencies.push(performance.now() - at);
            if (r.status !== 200 || json(r).result !== 'valid') {
              if (!failed++) console.log(`  first failed verification: ${r.status} ${r.body.toString().slice(0, 300)}`);
            }
          },
          () => {
            latencies.push(performance.now() - at);
            failed++;
          },
        ),
      );
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(pending);
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return {
    sent,
    failed,
    p50: q(0.5),
    p99: q(0.99),
    max: latencies[latencies.length - 1],
    seconds: (performance.now() - t0) / 1000,
  } satisfies Stats;
}

async function run(label: 'sqlite' | 'postgres', databaseUrl: string, searchPath?: string) {
  console.log(`\n[${label}]`);
  const t = performance.now();
  const { sample, occupationId } = await load(databaseUrl, searchPath);
  console.log(
    `  loaded ${(SAMPLE + ZIP).toLocaleString()} sealed certificates in ${Math.round((performance.now() - t) / 1000)} s`,
  );
  const port = 3900 + Math.floor(Math.random() * 90);
  const child = fork(path.join(import.meta.dirname, 'verify-server.ts'), [], {
    execArgv: [...(values['shared-gc'] ? [] : SERVER_NODE_FLAGS), '--import', 'tsx', ...SERVER_FLAGS],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      SKILLCERT_DEMO: '1', // the bench account is a fixture with the public demo password
      SKILLCERT_DATA_DIR: dir,
      SKILLCERT_KEY_DIR: keyDir,
      BENCH_SEARCH_PATH: searchPath ?? '',
      BENCH_WORKERS: '1', // heavy work in the worker threads, as `npm start` runs it
      VERIFY_LIMIT_PER_CLIENT: '1000000000',
      VERIFY_LIMIT_PER_IDENTITY: '1000000000',
      ...SERVER_ENV,
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  try {
    const login = await request(
      port,
      'POST',
      '/api/auth/login',
      Buffer.from(JSON.stringify({ username: 'bench-admin', password: PASSWORD })),
      { 'content-type': 'application/json' },
    );
    const cookie = String(login.headers['set-cookie']![0]).split(';')[0];
    const call = (method: string, url: string, body?: object) =>
      request(port, method, url, body ? Buffer.from(JSON.stringify(body)) : undefined, {
        cookie,
        ...(body ? { 'content-type': 'application/json' } : {}),
      });
    const newPlan = async (title: string) => {
      const id = json(await call('POST', '/api/plans', { occupationId, level: 4, year: 2026, title })).id as number;
      await call('POST', `/api/plans/${id}/publish`);
      return id;
    };
    const plans = [await newPlan('浸泡一'), await newPlan('浸泡二')];
    const rosters = [await rosterWorkbook(ROWS, 0), await rosterWorkbook(ROWS, 1_000_000)];

    // warm-up: every sampled certificate once (its seal checked and kept), the worker threads start on first use, as in production
    await fixedRate(
      port,
      sample,
      (() => {
        const end = performance.now() + (sample.length / RATE) * 1000;
        return () => performance.now() >= end;
      })(),
    );

    // the server's event-loop delay and GC pauses, phase by phase
    const serverSide = async () => json(await request(port, 'POST', '/bench/loop')) as ServerSide;
    await serverSide();
    const baselineEnd = performance.now() + BASELINE_S * 1000;
    const quiet = await fixedRate(port, sample, () => performance.now() >= baselineEnd);
    const quietServer = await serverSide();
    const quietLoad = loadAverage();

    // the heavy work, all at once; verification runs until the last piece has ended
    const t0 = performance.now();
    const timed = async (name: string, work: () => Promise<string>) => {
      const outcome = await work();
      return { name, outcome, seconds: (performance.now() - t0) / 1000 };
    };
    const importRoster = async (plan: number, file: Buffer) => {
      for (;;) {
        const form = multipart({}, [{ name: 'roster.xlsx', content: file, type: XLSX_TYPE }]);
        const r = await request(port, 'POST', `/api/plans/${plan}/roster`, form.payload, {
          cookie,
          'content-type': form.contentType,
        });
        if (r.status === 503 || r.status === 429) {
          await new Promise((res) => setTimeout(res, Number(r.headers['retry-after'] ?? 5) * 1000));
          continue;
        }
        if (r.status !== 202) return `${r.status} ${json(r).error.code}`;
        // the import runs as a tracked job: followed until it has ended
        let job = json(r);
        while (job.status === 'queued' || job.status === 'running') {
          await new Promise((res) => setTimeout(res, 1000));
          job = json(await call('GET', `/api/jobs/${job.id}`));
        }
        return job.status === 'succeeded' ? `imported ${job.result.imported}` : `failed ${job.error.code}`;
      }
    };
    let done = false;
    const pieces_: Promise<{ name: string; outcome: string; seconds: number }>[] = [];
    if (WORK.has('imports'))
      pieces_.push(
        timed(`roster import 1 (${ROWS.toLocaleString()} rows)`, () => importRoster(plans[0], rosters[0])),
        timed(`roster import 2 (${ROWS.toLocaleString()} rows)`, () => importRoster(plans[1], rosters[1])),
      );
    if (WORK.has('zip'))
      pieces_.push(
        timed(`ZIP of ${ZIP.toLocaleString()} certificate PDFs`, async () => {
          const r = await call('GET', `/api/certificates/batch.zip?issuedFrom=${ZIP_DAY}&issuedTo=${ZIP_DAY}`);
          return r.status === 200
            ? `${r.headers['x-certificate-count']} PDFs, ${(r.body.length / 1024 / 1024).toFixed(1)} MB`
            : `${r.status} ${json(r).error.code}`;
        }),
      );
    if (WORK.has('sign'))
      pieces_.push(
        timed(`credential-signing backlog (${SIGN.toLocaleString()})`, async () => {
          const r = await call('POST', `/bench/${process.env.SIGN_ROUTE ?? 'sign'}?n=${SIGN}`);
          return r.status === 200 ? `signed ${json(r).signed}` : `${r.status}`;
        }),
      );
    const work = Promise.all(pieces_).finally(() => (done = true));
    const busy = await fixedRate(port, sample, () => done);
    const pieces = await work;
    const busyServer = await serverSide();
    const busyLoad = loadAverage();

    const line = (name: string, s: Stats) =>
      console.log(
        `  ${name.padEnd(34)} ${String(s.sent).padStart(6)} requests in ${s.seconds.toFixed(0).padStart(4)} s   p50 ${s.p50.toFixed(1).padStart(6)} ms   p99 ${s.p99.toFixed(1).padStart(7)} ms   max ${s.max.toFixed(0).padStart(6)} ms   failed ${s.failed}`,
      );
    const server = (x: ServerSide, load: string) =>
      console.log(
        `  ${''.padEnd(34)} server: request thread's CPU ${(x.mainThreadCpuMs / 1000).toFixed(1)} s; took p50 ${x.served.p50.toFixed(1)} / p99 ${x.served.p99.toFixed(1)} / max ${x.served.max.toFixed(0)} ms;` +
          ` event-loop delay p50 ${x.loopDelay.p50.toFixed(1)} / p99 ${x.loopDelay.p99.toFixed(1)} / max ${x.loopDelay.max.toFixed(0)} ms;` +
          ` GC ${x.gc.count} pauses, ${x.gc.totalMs.toFixed(0)} ms in all, p99 ${x.gc.p99Ms.toFixed(1)} / max ${x.gc.maxMs.toFixed(1)} ms   (load ${load})` +
          (x.checkpoints
            ? `\n  ${''.padEnd(34)} checkpoint thread: ${x.checkpoints.runs} checkpoints, ${x.checkpoints.frames} pages, ${x.checkpoints.ms.toFixed(0)} ms (longest so far ${x.checkpoints.longestMs.toFixed(1)} ms), ${x.checkpoints.partial} partial`
            : ''),
      );
    console.log(`  verification at ${RATE} requests/s (open loop, latency from each request's due time):`);
    if (Object.keys(SERVER_ENV).length || SERVER_FLAGS.length)
      console.log(
        `  server started with ${Object.entries(SERVER_ENV)
          .map(([k, v]) => `${k}=${v}`)
          .concat(SERVER_FLAGS)
          .join(' ')}`,
      );
    line('without background work', quiet);
    server(quietServer, quietLoad);
    line('with the background work below', busy);
    server(busyServer, busyLoad);
    if (WORK.size === 1 && WORK.has('imports')) {
      // the request thread's CPU beyond what verification cost it per second in the quiet phase, per roster row
      const extraMs = busyServer.mainThreadCpuMs - (quietServer.mainThreadCpuMs / quiet.seconds) * busy.seconds;
      console.log(
        `  ${''.padEnd(34)} request thread's CPU per imported row (beyond verification at the quiet rate): ${(extraMs / (2 * ROWS)).toFixed(3)} ms`,
      );
    }
    for (const p of pieces)
      console.log(`    ${p.name.padEnd(40)} ${p.outcome.padEnd(28)} ended after ${p.seconds.toFixed(1)} s`);
    benchResult({
      script: 'soak',
      db: label,
      figures: [
        {
          name: `verification p99 at ${RATE}/s while ${workWords()} run`,
          value: busy.p99,
          unit: 'ms',
          baseline: { name: 'p99 without background work', value: quiet.p99, unit: 'ms' },
          ratio: quiet.p99 / busy.p99,
        },
        {
          name: 'server event-loop delay p99 while the work runs',
          value: busyServer.loopDelay.p99,
          unit: 'ms',
          baseline: { name: 'without background work', value: quietServer.loopDelay.p99, unit: 'ms' },
        },
        { name: 'server GC pause, longest, while the work runs', value: busyServer.gc.maxMs, unit: 'ms' },
        ...pieces.map((p) => ({ name: `${p.name}: ${p.outcome}`, value: p.seconds, unit: 's' })),
      ],
    });
    console.log(
      `  goal: p99 ≤ 10 ms while the work runs — ${busy.p99 <= 10 ? 'met' : 'NOT met'}   (load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}, ${os.availableParallelism()} cores)`,
    );
  } finally {
    child.kill();
  }
}

try {
  console.log(
    `load average at start: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (${os.availableParallelism()} cores)`,
  );
  if (!values['no-sqlite']) await run('sqlite', `sqlite:${path.join(dir, 'bench.db')}`);
  if (values.pg) {
    await withTemporarySchema(values.pg, 'bench_soak', (schema) => run('postgres', values.pg!, schema));
  }
} finally {
  agent.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
}
