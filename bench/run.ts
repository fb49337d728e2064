/**
 * `npm run bench`: runs every script in bench/ (on SQLite, and on PostgreSQL where the work
 * touches a database), writes each one's figures to bench/results/<script>-<db>.json with the
 * machine, the mode and the date, and regenerates the results table in docs/PERFORMANCE.md.
 *
 * Usage: npm run bench -- [--quick] [--only exam-path,signing] [--pg postgres://…] [--no-pg]
 *   --quick  each script's small mode (minutes, not hours; figures say so)
 *   --table  only regenerate the table in docs/PERFORMANCE.md from bench/results/
 *   --pg     the PostgreSQL server the scripts make a throwaway schema in (default: local)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { BenchResult } from './lib/result.js';

interface Script {
  /** what it measures, for the table */
  about: string;
  quick: string[];
  full: string[];
  /** takes --pg (runs SQLite, then PostgreSQL) */
  pg: boolean;
}

/** Every script in bench/ (bench/verify-server.ts is the server verify.ts starts, not a script). */
export const SCRIPTS: Record<string, Script> = {
  'exam-path': {
    about: 'roster import rows/s, issuance certificates/s',
    quick: ['--rows', '10000'],
    full: ['--rows', '10000'],
    pg: true,
  },
  signing: {
    about: 'credential signing/s, 1 vs N worker threads',
    quick: ['--count', '120'],
    full: ['--count', '600'],
    pg: false,
  },
  claims: { about: 'claims import lines/s', quick: ['--lines', '5000'], full: [], pg: true },
  'import-memory': { about: 'roster import peak memory', quick: ['--rows', '10000'], full: [], pg: true },
  challenge: { about: 'proof-of-work challenge solve time', quick: ['--runs', '5'], full: [], pg: false },
  dashboard: {
    about: 'dashboard and monthly report ms by scale',
    quick: ['--scales', 'tiny,small'],
    full: ['--scales', 'small,city'],
    pg: true,
  },
  verify: {
    about: 'public verification req/s and p99',
    quick: ['--rows', '100000', '--duration', '5'],
    full: [],
    pg: true,
  },
  commits: {
    about: 'SQLite commit p99 with the checkpoint thread vs commits checkpointing',
    quick: ['--commits', '1000', '--pairs', '1'],
    full: [],
    pg: false,
  },
  soak: {
    about: 'verification p99 under imports, ZIPs and signing',
    quick: ['--rows', '5000', '--zip', '200', '--sign', '200', '--baseline', '5'],
    full: [],
    pg: true,
  },
};

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    pg: { type: 'string', default: process.env.BENCH_PG ?? 'postgres://postgres@localhost:5432/postgres' },
    'no-pg': { type: 'boolean', default: false },
    /** only regenerate the table from the results kept */
    table: { type: 'boolean', default: false },
  },
});

const root = path.resolve(import.meta.dirname, '..');
const resultsDir = path.join(root, 'bench', 'results');
const names = values.table ? [] : values.only ? values.only.split(',').map((s) => s.trim()) : Object.keys(SCRIPTS);
for (const n of names) if (!SCRIPTS[n]) throw new Error(`no bench script "${n}" (${Object.keys(SCRIPTS).join(', ')})`);

export function machine() {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    ramGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    loadAverage: os.loadavg().map((x) => Math.round(x * 10) / 10),
  };
}

fs.mkdirSync(resultsDir, { recursive: true });
for (const name of names) {
  const s = SCRIPTS[name];
  const args = [...(values.quick ? s.quick : s.full), ...(s.pg && !values['no-pg'] ? ['--pg', values.pg!] : [])];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${name}-`));
  const at = new Date().toISOString();
  const started = machine();
  console.log(`\n▶ bench/${name}.ts ${args.join(' ')}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'bench', `${name}.ts`), ...args], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, BENCH_RESULTS_DIR: tmp },
  });
  if (r.status !== 0) console.error(`✗ bench/${name}.ts exited ${r.status ?? r.signal}: no results kept from it`);
  for (const f of fs.readdirSync(tmp)) {
    const result = JSON.parse(fs.readFileSync(path.join(tmp, f), 'utf8')) as BenchResult;
    const kept = { ...result, mode: values.quick ? 'quick' : 'full', args, at, machine: started };
    fs.writeFileSync(path.join(resultsDir, f), JSON.stringify(kept, null, 2) + '\n');
    console.log(`  → bench/results/${f}`);
  }
  fs.rmSync(tmp, { recursive: true, force: true });
}
writeTable();

/** The marked section of docs/PERFORMANCE.md, from every result kept in bench/results/. */
function writeTable() {
  const doc = path.join(root, 'docs', 'PERFORMANCE.md');
  const start = '<!-- bench:results:start -->';
  const end = '<!-- bench:results:end -->';
  type Kept = BenchResult & { mode: string; at: string; machine: ReturnType<typeof machine> };
  const kept = fs
    .readdirSync(resultsDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(resultsDir, f), 'utf8')) as Kept);
  const num = (x: number) => x.toLocaleString('en-US');
  const rows = kept.flatMap((k) =>
    k.figures.map(
      (f) =>
        `| ${k.script} | ${k.db} | ${f.name} | ${num(f.value)} ${f.unit} | ${f.baseline ? `${f.baseline.name}: ${num(f.baseline.value)} ${f.baseline.unit}` : '—'} | ${f.ratio ?? '—'} | ${k.mode} | ${k.at.slice(0, 16).replace('T', ' ')} |`,
    ),
  );
  const machines = [...new Set(kept.map((k) => JSON.stringify({ ...k.machine, loadAverage: undefined })))].map((m) => {
    const x = JSON.parse(m) as ReturnType<typeof machine>;
    return `${x.cpu}, ${x.cores} cores, ${x.ramGiB} GiB RAM, Node ${x.node}`;
  });
  const loads = kept.map((k) => `${k.script}/${k.db} ${k.machine.loadAverage[0]}`).join(', ');
  const section = [
    start,
    '',
    '_Generated by `npm run bench` from `bench/results/*.json`; do not edit by hand._',
    '',
    `Machine: ${machines.join('; ') || '—'}. Load average (1 min) when each script started: ${loads || '—'}.`,
    '',
    '| script | db | figure | value | baseline (same run) | ratio | mode | date (UTC) |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    end,
  ].join('\n');
  const text = fs.readFileSync(doc, 'utf8');
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  const next =
    i >= 0 && j > i
      ? text.slice(0, i) + section + text.slice(j + end.length)
      : text.replace(/\n## /, `\n## Latest figures (\`npm run bench\`)\n\n${section}\n\n## `);
  fs.writeFileSync(doc, next);
  // in the project's format (prettier aligns the table), so format:check stays clean
  spawnSync(
    process.execPath,
    [path.join(root, 'node_modules', 'prettier', 'bin', 'prettier.cjs'), '--write', doc, resultsDir],
    {
      cwd: root,
      stdio: 'ignore',
    },
  );
  console.log(`\ndocs/PERFORMANCE.md: ${rows.length} figures from ${kept.length} result files`);
}
