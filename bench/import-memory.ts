/**
 * bench/import-memory.ts — the server's memory while it takes roster workbooks (issue 11 item 2):
 * the growth of the server process's peak RSS while a 100,000-row roster is imported (goal
 * ≤ 100 MB) and while a zip bomb is refused (goal < 50 MB), with the other hostile files for
 * information, printed against baselines measured in the same run: the server at rest after a
 * warm-up import, and the whole-workbook load the importer did before (exceljs `xlsx.load`) of the
 * same 100,000-row file, in a process of its own.
 *
 * Then the check alone (the worker side of the one import pipeline: parse, check, spool) of a
 * 100,000-row roster and of a 100,000-row trainee list, each in a process of its own, side by side
 * (a class holds at most 80 trainees, TRAIN-2, so the server refuses such a list after its 81st
 * row: the trainee check is measured here with the class limit lifted).
 *
 * Peak RSS is the kernel's high-water mark of the server process (VmHWM in /proc/<pid>/status),
 * reset before each upload (`echo 5 > /proc/<pid>/clear_refs`), so nothing is missed between
 * samples. Linux only.
 *
 * The server's settings: `--server-env K=V` (repeatable) and `--server-flags "…"` (node flags) for
 * every run; `--variant "K=V K=V"` (repeatable) runs the server part once per variant, in the same
 * run, each on a database of its own (e.g. `--variant "HEAP_GROWING_PERCENT=0 WORKER_NICE=0"
 * --variant ""` compares V8's own heap growth with the default setting). `--roster-only` leaves out
 * the checks alone, the hostile files and the whole-load baseline: only the roster import.
 * Usage: npx tsx bench/import-memory.ts [--rows 100000] [--pg postgres://…] [--checks-only]
 *        [--roster-only] [--server-env K=V …] [--server-flags "…"] [--variant "K=V …" …]
 */
import { SERVER_NODE_FLAGS } from '../server/src/lib/heap.js';
import { fork } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import { withTemporarySchema } from './lib/pg-schema.js';
import { loadConfig } from '../server/src/config.js';
import { prepareDatabase } from '../server/src/platform.js';
import { systemClock } from '../server/src/lib/clock.js';
import { makeFiledInstitution, makeUser, multipart, PASSWORD, XLSX_TYPE } from '../server/test/harness.js';
import {
  manyRowsWorkbook,
  rosterWorkbook,
  traineeWorkbook,
  wideWorkbook,
  zipBombWorkbook,
} from '../server/test/workbooks.js';
import { benchResult } from './lib/result.js';
import { serverEnv } from './lib/server-options.js';
import { checkRosterToSpool } from '../server/src/modules/assessment/roster-workbook.js';
import { checkTraineesToSpool } from '../server/src/modules/training/trainee-workbook.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    pg: { type: 'string' },
    'whole-load': { type: 'string' },
    check: { type: 'string' },
    'checks-only': { type: 'boolean', default: false },
    'roster-only': { type: 'boolean', default: false },
    'server-env': { type: 'string', multiple: true, default: [] },
    'server-flags': { type: 'string', default: '' },
    variant: { type: 'string', multiple: true, default: [] },
    file: { type: 'string' },
  },
});
const SERVER_ENV = serverEnv(values['server-env']);
const SERVER_FLAGS = values['server-flags'].split(/\s+/).filter(Boolean);
const VARIANTS = (values.variant.length ? values.variant : ['']).map((v) => serverEnv(v.split(/\s+/).filter(Boolean)));
const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

const MB = 1024 * 1024;
const status = (pid: number, key: 'VmRSS' | 'VmHWM') =>
  Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
const resetPeak = (pid: number) => fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');

// the baseline's own process: load a workbook whole, as the importer did before, and report the growth
if (values['whole-load']) {
  const file = fs.readFileSync(values['whole-load']);
  const before = status(process.pid, 'VmRSS');
  resetPeak(process.pid);
  const t0 = performance.now();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file as unknown as ArrayBuffer);
  process.send!({
    growth: status(process.pid, 'VmHWM') - before,
    ms: performance.now() - t0,
    rows: wb.worksheets[0].rowCount,
  });
  process.exit(0);
}

// a check's own process: the worker side of an import (parse, check, spool) run inline on one file
if (values.check) {
  const file = fs.readFileSync(values.file!);
  const limits = loadConfig({}, { databaseUrl: 'sqlite::memory:', demo: false, webDist: null }).imports;
  const spool = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-spool-'));
  const before = status(process.pid, 'VmRSS');
  resetPeak(process.pid);
  const t0 = performance.now();
  const r =
    values.check === 'roster'
      ? await checkRosterToSpool(file, limits, new Date(), spool)
      : await checkTraineesToSpool(file, limits, Number.MAX_SAFE_INTEGER, new Date(), [], spool);
  const ms = performance.now() - t0;
  const growth = status(process.pid, 'VmHWM') - before;
  fs.rmSync(spool, { recursive: true, force: true });
  const rows = 'candidateCount' in r ? r.candidateCount : r.traineeCount;
  process.send!({ growth, ms, rows, spooled: !!r.spool, errors: r.errors.length });
  process.exit(0);
}

const ROWS = Number(values.rows);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-import-'));
const keyDir = path.join(dir, 'keys');

function request(port: number, method: string, url: string, body?: Buffer, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: any }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: url, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode!, headers: res.headers, body: text ? JSON.parse(text) : null });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function run(
  label: 'sqlite' | 'postgres',
  databaseUrl: string,
  searchPath: string | undefined,
  variant: Record<string, string>,
) {
  const settings = Object.entries({ ...SERVER_ENV, ...variant })
    .map(([k, v]) => `${k}=${v}`)
    .concat(SERVER_FLAGS)
    .join(' ');
  console.log(`\n[${label}${settings ? `, server started with ${settings}` : ''}]   (load average ${loadAverage()})`);
  const config = loadConfig({}, { databaseUrl, demo: false, webDist: null, keyDir, dataDir: dir });
  const { database } = await prepareDatabase(config, { searchPath });
  const deps = { database, db: database.db, config, clock: systemClock };
  const occ = (
    await database.db.selectFrom('occupations').select('id').where('code', '=', '6-31-01-03').executeTakeFirstOrThrow()
  ).id;
  const inst = await makeFiledInstitution(deps, { scopes: [{ occupationId: occ, level: 4 }] });
  await makeUser(deps, { username: 'bench-admin', role: 'institution_admin', institutionId: inst });
  await database.close();

  const port = 3900 + Math.floor(Math.random() * 90);
  const child = fork(path.join(import.meta.dirname, 'verify-server.ts'), [], {
    execArgv: [...SERVER_NODE_FLAGS, '--import', 'tsx', ...SERVER_FLAGS],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      SKILLCERT_DEMO: '1', // the bench account is a fixture with the public demo password
      SKILLCERT_DATA_DIR: dir,
      SKILLCERT_KEY_DIR: keyDir,
      BENCH_SEARCH_PATH: searchPath ?? '',
      BENCH_WORKERS: '1', // parsing in the worker threads, as in production (their memory is the process's)
      ...SERVER_ENV,
      ...variant,
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  const pid = child.pid!;
  try {
    const login = await request(
      port,
      'POST',
      '/api/auth/login',
      Buffer.from(JSON.stringify({ username: 'bench-admin', password: PASSWORD })),
      { 'content-type': 'application/json' },
    );
    const cookie = String(login.headers['set-cookie']![0]).split(';')[0];
    const json = (method: string, url: string, body?: object) =>
      request(port, method, url, body ? Buffer.from(JSON.stringify(body)) : undefined, {
        cookie,
        ...(body ? { 'content-type': 'application/json' } : {}),
      });
    const newPlan = async (title: string) => {
      const id = (await json('POST', '/api/plans', { occupationId: occ, level: 4, year: 2026, title })).body.id;
      await json('POST', `/api/plans/${id}/publish`);
      return id as number;
    };
    const upload = async (planId: number, file: Buffer) => {
      const form = multipart({}, [{ name: 'roster.xlsx', content: file, type: XLSX_TYPE }]);
      const before = status(pid, 'VmRSS');
      resetPeak(pid);
      const t0 = performance.now();
      // RSS sampled through the import, to tell the check (worker thread, first) from the write (main thread)
      const samples: { at: number; rss: number }[] = [];
      const sampler = setInterval(() => samples.push({ at: performance.now() - t0, rss: status(pid, 'VmRSS') }), 250);
      const r = await request(port, 'POST', `/api/plans/${planId}/roster`, form.payload, {
        cookie,
        'content-type': form.contentType,
      });
      // a workbook that passes the zip checks is imported as a tracked job (202): followed to its end
      let outcome = `${r.status} ${r.body.error?.code}`;
      if (r.status === 202) {
        let job = r.body;
        // how long the job's own progress poll waits, by phase: on SQLite the import's one
        // transaction holds the single connection, and every other query waits for it
        const slowest: Record<string, number> = {};
        while (job.status === 'queued' || job.status === 'running') {
          await new Promise((res) => setTimeout(res, 250));
          const phase = String(job.phase);
          const p0 = performance.now();
          job = (await json('GET', `/api/jobs/${job.id}`)).body;
          slowest[phase] = Math.max(slowest[phase] ?? 0, performance.now() - p0);
        }
        if (Object.keys(slowest).length)
          console.log(
            `    slowest progress poll by phase: ${Object.entries(slowest)
              .map(([k, v]) => `${k} ${Math.round(v)} ms`)
              .join(', ')}`,
          );
        outcome = job.status === 'succeeded' ? `imported ${job.result.imported}` : `job: ${job.error.code}`;
      }
      clearInterval(sampler);
      const ms = performance.now() - t0;
      if (ms > 3_000) {
        const tenths = Array.from({ length: 10 }, (_, k) =>
          Math.max(0, ...samples.filter((x) => Math.floor((x.at / ms) * 10) === k).map((x) => x.rss - before)),
        );
        console.log(
          `    RSS growth over the import, the highest in each tenth of its ${(ms / 1000).toFixed(0)} s: ${tenths.map((g) => `+${(g / MB).toFixed(0)}`).join(' ')} MB`,
        );
      }
      return { ms, growth: status(pid, 'VmHWM') - before, outcome };
    };

    // warm-up: the import path loaded and run once, then the server at rest is the baseline
    await upload(await newPlan('预热'), await rosterWorkbook(1000, 900_000));
    await new Promise((r) => setTimeout(r, 1000));
    const rest = status(pid, 'VmRSS');
    console.log(`  server at rest after a 1,000-row warm-up import: RSS ${(rest / MB).toFixed(0)} MB`);

    const big = await rosterWorkbook(ROWS);
    const bigFile = path.join(dir, 'roster.xlsx');
    fs.writeFileSync(bigFile, big);
    const cases: [string, Buffer, number, number | null][] = [
      [`${ROWS.toLocaleString()}-row roster`, big, await newPlan('十万人'), 100],
    ];
    if (!values['roster-only'])
      cases.push(
        ['zip bomb (10,000,000 rows)', await zipBombWorkbook(10_000_000), await newPlan('炸弹'), 50],
        ['1,000,000 rows', await manyRowsWorkbook(1_000_000), await newPlan('百万行'), null],
        ['16,384 columns', await wideWorkbook(16_384), await newPlan('宽表'), null],
      );
    const line = (name: string, size: number, r: { ms: number; growth: number; outcome: string }, goal: string) =>
      console.log(
        `  ${name.padEnd(30)} ${(size / MB).toFixed(1).padStart(5)} MB file   ${r.outcome.padEnd(34)} ${(r.ms / 1000).toFixed(2).padStart(7)} s   peak RSS +${(r.growth / MB).toFixed(0).padStart(4)} MB   ${goal}`,
      );
    const measured: { name: string; growth: number }[] = [];
    for (const [name, file, plan, goal] of cases) {
      const r = await upload(plan, file);
      measured.push({ name, growth: r.growth });
      line(
        name,
        file.length,
        r,
        `${goal === null ? '' : `goal ${goal === 50 ? '<' : '≤'} ${goal} MB: ${r.growth / MB <= goal ? 'met' : 'NOT met'}`}   (load ${loadAverage()})`,
      );
    }
    if (values['roster-only']) return;
    // the baseline: what loading the same roster whole costs (the importer before issue 11)
    const whole = fork(import.meta.filename, ['--whole-load', bigFile], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const w = await new Promise<{ growth: number; ms: number }>((resolve) => whole.once('message', resolve as never));
    line(
      `baseline: whole-workbook load`,
      big.length,
      { ms: w.ms, growth: w.growth, outcome: 'parsed only, nothing imported' },
      '(the importer before this change)',
    );
    benchResult({
      script: 'import-memory',
      db: label,
      figures: measured.map((m, i) => ({
        name: `peak RSS growth: ${m.name}`,
        value: m.growth / MB,
        unit: 'MB',
        ...(i === 0
          ? { baseline: { name: 'whole-workbook load', value: w.growth / MB, unit: 'MB' }, ratio: w.growth / m.growth }
          : {}),
      })),
    });
  } finally {
    child.kill();
  }
}

/** The check alone of a 100,000-row roster and trainee list, each in a process of its own. */
async function checks() {
  console.log(`\n[the check alone: parse, check and spool ${ROWS.toLocaleString()} rows in one process]`);
  const out: Record<string, { growth: number; ms: number; rows: number; spooled: boolean; errors: number }> = {};
  for (const [kind, make] of [
    ['roster', rosterWorkbook],
    ['trainee', traineeWorkbook],
  ] as const) {
    const file = path.join(dir, `${kind}-check.xlsx`);
    fs.writeFileSync(file, await make(ROWS));
    const child = fork(import.meta.filename, ['--check', kind, '--file', file], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    out[kind] = await new Promise((resolve) => child.once('message', resolve as never));
    const r = out[kind];
    console.log(
      `  ${`${kind} list`.padEnd(14)} ${r.rows.toLocaleString().padStart(8)} rows${r.spooled ? ' spooled' : ''}${r.errors ? ` (${r.errors} errors!)` : ''}   ${(r.ms / 1000).toFixed(2).padStart(6)} s   peak RSS +${(r.growth / MB).toFixed(0).padStart(4)} MB`,
    );
  }
  console.log(`  trainee ÷ roster peak RSS growth: ${(out.trainee.growth / out.roster.growth).toFixed(2)}`);
  benchResult({
    script: 'import-memory',
    db: 'none',
    figures: [
      {
        name: `peak RSS growth: check of a ${ROWS.toLocaleString()}-row trainee list`,
        value: out.trainee.growth / MB,
        unit: 'MB',
        baseline: { name: `check of a ${ROWS.toLocaleString()}-row roster`, value: out.roster.growth / MB, unit: 'MB' },
        ratio: out.roster.growth / out.trainee.growth,
      },
    ],
  });
}

try {
  if (!values['roster-only']) await checks();
  if (!values['checks-only'])
    for (const [i, variant] of VARIANTS.entries())
      await run('sqlite', `sqlite:${path.join(dir, `bench-${i}.db`)}`, undefined, variant);
  if (values.pg && !values['checks-only'])
    for (const variant of VARIANTS)
      await withTemporarySchema(values.pg, 'bench_import', (schema) => run('postgres', values.pg!, schema, variant));
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
