/**
 * bench/exam-path.ts — roster import rows/s and certificate issuance/s, each with a baseline
 * measured in the same run on the same machine:
 *   - import: the whole service (parse, validate every row incl. GB 11643, eligibility, insert,
 *     audit) vs. exceljs alone reading the same workbook;
 *   - issuance: `issueForPlan` (every rule checked, numbers reserved, sealed, certificate rows,
 *     history, progress aggregates, audit; batches of 10,000 — the largest the issuance job runs —
 *     or `--batch N`, one transaction each) vs. a bare
 *     multi-row insert of the same number of certificate rows; with the server's listeners and a
 *     worker pool (one thread up), and the CPU time of the issuance (this process, its threads included).
 * Usage: npx tsx bench/exam-path.ts [--rows 10000] [--batch 10000] [--pg postgres://…]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import { loadConfig } from '../server/src/config.js';
import { TestClock } from '../server/src/lib/clock.js';
import type { Actor, Deps } from '../server/src/lib/context.js';
import { residentIdCheckChar } from '../server/src/lib/identity.js';
import { prepareDatabase } from '../server/src/platform.js';
import * as plans from '../server/src/modules/assessment/plans.service.js';
import { ROSTER_COLUMNS } from '../server/src/modules/assessment/roster.js';
import { importRoster } from '../server/src/modules/assessment/roster.service.js';
import * as publicity from '../server/src/modules/assessment/publicity.service.js';
import { ISSUE_BATCH, issueForPlan } from '../server/src/modules/assessment/issuance.service.js';
import { followSources } from '../server/src/modules/targets/aggregates.service.js';
import { followCertificates } from '../server/src/modules/training/evaluation-listener.js';
import { WorkerPool } from '../server/src/lib/workers.js';
import { WARM } from './lib/warm-task.js';
import { withTemporarySchema } from './lib/pg-schema.js';
import { benchResult } from './lib/result.js';

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '10000' }, batch: { type: 'string' }, pg: { type: 'string' } },
});
const N = Number(values.rows);
/** certificates per transaction: by default the largest batch (the throughput goal's), `--batch` for the job's smaller ones */
const BATCH = Number(values.batch ?? ISSUE_BATCH);

async function run(label: 'sqlite' | 'postgres', databaseUrl: string, searchPath?: string) {
  const config = loadConfig({}, { databaseUrl, demo: true, webDist: null, keyDir: path.join(dir, 'keys') });
  const { database } = await prepareDatabase(config, { searchPath });
  const clock = new TestClock();
  // worker threads as the server has them (seals are signed there), one already up
  const workers = new WorkerPool(config.workers);
  const deps: Deps = { database, db: database.db, config, clock, workers };
  await workers.run(WARM);
  const school = await database.db
    .selectFrom('institutions')
    .select('id')
    .where('name', '=', '郑州智能制造职业学院')
    .executeTakeFirstOrThrow();
  const admin = await database.db
    .selectFrom('users')
    .select(['id'])
    .where('username', '=', 'school-admin')
    .executeTakeFirstOrThrow();
  const actor: Actor = {
    id: admin.id,
    username: 'school-admin',
    displayName: '陈静',
    role: 'institution_admin',
    regionCode: null,
    regionPath: null,
    institutionId: school.id,
    scopeLabel: '',
    scopePath: [],
  };
  const ctx = { actor, ip: null, requestId: 'bench' };
  const occ = await database.db
    .selectFrom('occupations')
    .select('id')
    .where('code', '=', '6-31-01-03')
    .executeTakeFirstOrThrow();
  const plan = await plans.createPlan(deps, ctx, { occupationId: occ.id, level: 4, year: 2026, title: 'bench' });
  await plans.publishPlan(deps, ctx, plan.id);

  // a roster of N graduation-year students
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('考生名单');
  ws.addRow(ROSTER_COLUMNS.map((c) => c.header));
  for (let i = 0; i < N; i++) {
    // unique per row: the region digits change every thousand rows, the sequence within
    const first17 = `41${String(1000 + Math.floor(i / 1000)).slice(-4)}20040101${String(i % 1000).padStart(3, '0')}`;
    ws.addRow([
      '考生' + i,
      '居民身份证',
      first17 + residentIdCheckChar(first17),
      '',
      '专科',
      String(clock.now().getUTCFullYear()),
      '是',
      '0',
      '',
      '',
      '否',
    ]);
  }
  const file = Buffer.from(await wb.xlsx.writeBuffer());

  let t = performance.now();
  const parsed = new ExcelJS.Workbook();
  await parsed.xlsx.load(file as unknown as ArrayBuffer);
  let rows = 0;
  parsed.worksheets[0].eachRow(() => rows++);
  const parseMs = performance.now() - t;

  t = performance.now();
  const imp = await importRoster(deps, ctx, plan.id, file);
  const importMs = performance.now() - t;
  if (imp.imported !== N) throw new Error(`imported ${imp.imported} of ${N}`);
  // rows the rules leave for an official's review (pending) are approved here: a fixture, not measured
  await database.db
    .updateTable('registrations')
    .set({ status: 'eligible' })
    .where('plan_id', '=', plan.id)
    .where('status', '=', 'pending')
    .execute();

  // scores entered and confirmed (two people), published, publicity over, finalized
  const regs = await database.db
    .selectFrom('registrations')
    .select('id')
    .where('plan_id', '=', plan.id)
    .where('status', '=', 'eligible')
    .execute();
  const now = clock.now().toISOString();
  for (let i = 0; i < regs.length; i += 500) {
    await database.db.transaction().execute(async (trx) => {
      for (const r of regs.slice(i, i + 500)) {
        for (const part of ['theory', 'practical'] as const) {
          const e = await trx
            .insertInto('score_entries')
            .values({
              registration_id: r.id,
              part,
              version: 1,
              score_x10: 800,
              reason: null,
              entered_by: 0,
              entered_at: now,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          await trx
            .insertInto('score_confirmations')
            .values({ entry_id: e.id, confirmed_by: actor.id, confirmed_at: now })
            .execute();
        }
      }
    });
  }
  await publicity.publishResults(deps, ctx, plan.id);
  clock.advanceMinutes(60 * 24 * 12);
  await publicity.finalizePlan(deps, ctx, plan.id);

  t = performance.now();
  const cpu = process.cpuUsage();
  const issued = await issueForPlan(deps, ctx, plan.id, undefined, { batchSize: BATCH });
  const issueMs = performance.now() - t;
  const { user, system } = process.cpuUsage(cpu); // this process, worker threads included

  // baseline: a bare multi-row insert of as many certificate rows (no checks, no numbering, no audit)
  const learners = await database.db
    .selectFrom('learners')
    .select('id')
    .orderBy('id', 'desc')
    .limit(issued.issued)
    .execute();
  t = performance.now();
  await database.db.transaction().execute(async (trx) => {
    for (let i = 0; i < learners.length; i += 500) {
      await trx
        .insertInto('certificates')
        .values(
          learners.slice(i, i + 500).map((l, j) => ({
            number: `S999999${String(i + j).padStart(15, '0')}`.slice(0, 22),
            kind: 'skill' as const,
            institution_id: school.id,
            learner_id: l.id,
            occupation_id: occ.id,
            work_type: null,
            level: 5,
            pathway: 'exam' as const,
            issued_on: '2026-01-01',
            status: 'valid' as const,
            verify_code: 'X',
            fee: 0,
            source_type: 'bench',
            source_id: null,
            holder_name: 'x',
            holder_id_type: 'resident_id',
            holder_id_number_enc: 'x',
            holder_id_number_hash: 'x',
            institution_name: 'x',
            filing_no: 'x',
            occupation_code: 'x',
            occupation_name: 'x',
            issued_by: 0,
            created_at: now,
          })),
        )
        .execute();
    }
  });
  const bareMs = performance.now() - t;
  await database.close();
  await workers.close();

  const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);
  console.log(`\n[${label}] ${N} rows`);
  console.log(
    `  roster import (validate + eligibility + insert + audit): ${rate(N, importMs).toLocaleString()} rows/s (${Math.round(importMs)} ms)`,
  );
  console.log(
    `  baseline exceljs read of the same file:                   ${rate(rows - 1, parseMs).toLocaleString()} rows/s (${Math.round(parseMs)} ms)   ratio ${(parseMs / importMs).toFixed(2)}`,
  );
  console.log(
    `  issuance (rules, numbers, seals, rows, aggregates, audit): ${rate(issued.issued, issueMs).toLocaleString()} certificates/s (${Math.round(issueMs)} ms for ${issued.issued})`,
  );
  console.log(
    `  baseline bare multi-row insert of as many rows:           ${rate(learners.length, bareMs).toLocaleString()} rows/s (${Math.round(bareMs)} ms)   ratio ${(bareMs / issueMs).toFixed(3)}`,
  );
  console.log(
    `  issuance CPU of this process (worker threads included):  ${Math.round((user + system) / 1000)} ms, ${Math.round((user + system) / issued.issued)} µs per certificate`,
  );
  benchResult({
    script: 'exam-path',
    db: label,
    figures: [
      {
        name: `roster import (${N.toLocaleString('en-US')} rows)`,
        value: rate(N, importMs),
        unit: 'rows/s',
        baseline: { name: 'exceljs read', value: rate(rows - 1, parseMs), unit: 'rows/s' },
        ratio: parseMs / importMs,
      },
      {
        name: `issuance (${issued.issued.toLocaleString('en-US')} in batches of ${Math.min(BATCH, issued.issued).toLocaleString('en-US')})`,
        value: rate(issued.issued, issueMs),
        unit: 'certificates/s',
        baseline: { name: 'bare multi-row insert', value: rate(learners.length, bareMs), unit: 'rows/s' },
        ratio: bareMs / issueMs,
      },
    ],
  });
}

// the listeners the server registers at start hear the issuance: progress aggregates, TRAIN-9
followSources();
followCertificates();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-exam-'));
await run('sqlite', `sqlite:${path.join(dir, 'bench.db')}`);
if (values.pg) {
  await withTemporarySchema(values.pg, 'bench', (schema) => run('postgres', values.pg!, schema));
}
fs.rmSync(dir, { recursive: true, force: true });
