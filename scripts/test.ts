/**
 * `npm test`: every test, on both databases.
 *   unit      pure logic, no database
 *   sqlite    the server suite on SQLite (a temp file per test file)
 *   postgres  the same server suite on PostgreSQL (a fresh schema per test file in TEST_DATABASE_URL,
 *             default postgres://postgres@localhost:5432/skillcert_test, created if missing)
 *   e2e       real Chromium (/usr/bin/chromium) against the running platform, two files at a time
 *             (E2E_WORKERS=1 for one at a time)
 * Prints the counts per project and a closing `N passed, N failed, N skipped` line.
 * `npm test -- --only sqlite,e2e` runs a subset. Without PostgreSQL or Chromium, a local run skips
 * that project with a warning; in CI (CI=true) their absence fails the run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { ROOT_DIR } from '../server/src/config.js';
import { buildWebIfStale } from './lib/build-web.js';

const ALL = ['unit', 'sqlite', 'postgres', 'e2e'] as const;
const onlyIdx = process.argv.indexOf('--only');
const selected = onlyIdx > 0 ? process.argv[onlyIdx + 1].split(',') : [...ALL];
const CI = process.env.CI === 'true' || process.env.CI === '1';
const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@localhost:5432/skillcert_test';

async function ensurePg(): Promise<string | null> {
  const url = new URL(PG_URL);
  const dbName = url.pathname.slice(1);
  const adminUrl = new URL(PG_URL);
  adminUrl.pathname = '/postgres';
  const c = new pg.Client({ connectionString: adminUrl.toString(), connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    const r = await c.query('select 1 from pg_database where datname = $1', [dbName]);
    const quoted = `"${dbName.replace(/"/g, '')}"`;
    if (!r.rowCount) await c.query(`create database ${quoted}`);
    // a throwaway test database need not wait for each commit's WAL flush (the suite tests the
    // platform's behaviour, not the disk's; durability is proven by the cluster fault test)
    await c.query(`alter database ${quoted} set synchronous_commit = off`);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  } finally {
    await c.end().catch(() => {});
  }
}

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
  files: number;
  ok: boolean;
  note?: string;
}
const results = new Map<string, Counts>();
fs.mkdirSync(path.join(ROOT_DIR, 'test-results'), { recursive: true });

for (const project of ALL) {
  if (!selected.includes(project)) continue;
  if (project === 'postgres') {
    const err = await ensurePg();
    if (err) {
      const note = `PostgreSQL unreachable at ${PG_URL.replace(/:[^:@/]*@/, ':***@')}: ${err}`;
      if (CI) {
        results.set(project, { passed: 0, failed: 1, skipped: 0, files: 0, ok: false, note });
        continue;
      }
      console.warn(`\n!! skipping postgres: ${note}\n   (set TEST_DATABASE_URL or start PostgreSQL; CI requires it)\n`);
      results.set(project, { passed: 0, failed: 0, skipped: 0, files: 0, ok: true, note: 'skipped: ' + note });
      continue;
    }
  }
  if (project === 'e2e') {
    if (!fs.existsSync('/usr/bin/chromium')) {
      const note = 'Debian chromium not installed (apt-get install chromium fonts-noto-cjk)';
      if (CI) {
        results.set(project, { passed: 0, failed: 1, skipped: 0, files: 0, ok: false, note });
        continue;
      }
      console.warn(`\n!! skipping e2e: ${note}\n`);
      results.set(project, { passed: 0, failed: 0, skipped: 0, files: 0, ok: true, note: 'skipped: ' + note });
      continue;
    }
    buildWebIfStale();
  }
  const out = path.join(ROOT_DIR, 'test-results', `${project}.json`);
  fs.rmSync(out, { force: true });
  console.log(`\n=== ${project} ===`);
  const args = [
    'vitest',
    'run',
    '--project',
    project,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${out}`,
  ];
  // browser test files each start their own platform and Chromium on their own port and temp
  // directory, so two run side by side (E2E_WORKERS to change; 1 runs them one after another)
  if (project === 'e2e') args.push(`--maxWorkers=${process.env.E2E_WORKERS ?? '2'}`);
  const r = spawnSync('npx', args, {
    cwd: ROOT_DIR,
    stdio: 'inherit',
    env: { ...process.env, TEST_DATABASE_URL: PG_URL },
  });
  let counts: Counts = { passed: 0, failed: 0, skipped: 0, files: 0, ok: r.status === 0 };
  if (fs.existsSync(out)) {
    const j = JSON.parse(fs.readFileSync(out, 'utf8'));
    counts = {
      passed: j.numPassedTests,
      failed: j.numFailedTests,
      skipped: j.numPendingTests + j.numTodoTests,
      files: j.numTotalTestSuites,
      ok: r.status === 0,
    };
    if (r.status !== 0 && counts.failed === 0) counts.failed = 1; // a suite that failed to load
  } else if (r.status !== 0) counts.failed = 1;
  results.set(project, counts);
}

console.log('\n=== summary ===');
let passed = 0,
  failed = 0,
  skipped = 0;
for (const [project, c] of results) {
  passed += c.passed;
  failed += c.failed;
  skipped += c.skipped;
  console.log(
    `${project.padEnd(9)} ${String(c.passed).padStart(4)} passed  ${String(c.failed).padStart(3)} failed  ${String(c.skipped).padStart(3)} skipped${c.note ? `  (${c.note})` : ''}`,
  );
}
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit([...results.values()].every((c) => c.ok && c.failed === 0) ? 0 : 1);
