/**
 * bench/claims.ts — an evaluation subsidy claim of 50,000 certificate lines (SUB-1), against a bare
 * insert of as many line rows in the same run on the same machine:
 *   - claim: `createClaim` (the institution's certificates read, every line judged against the
 *     rates and against every line anywhere holding the same person, occupation and level, the
 *     eligible ones inserted as a draft, audited) + `submitClaim` (certificates re-checked, the
 *     once-only look again, then every line takes its slot under the partial unique index);
 *   - baseline: the same number of line rows inserted with the same chunked multi-row insert, no
 *     reads, no checks, no index on a holding state.
 * 1% of the people were already paid for the same occupation and level by another institution and
 * 1% of the certificates are revoked, so the check has something to find.
 * Usage: npx tsx bench/claims.ts [--lines 50000] [--pg postgres://…]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/src/config.js';
import { TestClock } from '../server/src/lib/clock.js';
import type { Actor, Deps } from '../server/src/lib/context.js';
import { residentIdCheckChar } from '../server/src/lib/identity.js';
import { prepareDatabase } from '../server/src/platform.js';
import { personalData } from '../server/src/lib/personal-data.js';
import { newPersonRow } from '../server/src/modules/people/id-numbers.service.js';
import { submitClaim } from '../server/src/modules/subsidies/claim-steps.service.js';
import { createClaim } from '../server/src/modules/subsidies/claims.service.js';
import { insertDraftClaim } from '../server/src/modules/subsidies/claims.queries.js';
import { insertLines } from '../server/src/modules/subsidies/lines.queries.js';
import { withTemporarySchema } from './lib/pg-schema.js';
import { benchResult } from './lib/result.js';

const { values } = parseArgs({ options: { lines: { type: 'string', default: '50000' }, pg: { type: 'string' } } });
const N = Number(values.lines);
const CHUNK = 500;

async function run(label: 'sqlite' | 'postgres', databaseUrl: string, searchPath?: string) {
  const config = loadConfig({}, { databaseUrl, demo: false, webDist: null, keyDir: path.join(dir, 'keys') });
  const { database } = await prepareDatabase(config, { searchPath });
  const db = database.db;
  const clock = new TestClock(Date.parse('2026-03-02T02:00:00Z'));
  const deps: Deps = { database, db, config, clock };
  const pd = personalData(config);
  const nowIso = clock.now().toISOString();
  const occ = (
    await db.selectFrom('occupations').select('id').where('code', '=', '6-31-01-03').executeTakeFirstOrThrow()
  ).id;
  const institution = async (name: string, serial: number) =>
    (
      await db
        .insertInto('institutions')
        .values({
          name,
          kind: 'social',
          school_type: null,
          owner: 'local',
          region_code: '410105',
          status: 'filed',
          filing_no: `S000041${String(serial).padStart(6, '0')}`,
          filed_at: nowIso,
          valid_until: '2099-12-31',
          created_at: nowIso,
          updated_at: nowIso,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const main = await institution('基准评价中心', 900001);
  const other = await institution('基准另一评价中心', 900002);
  const actor: Actor = {
    id: 1,
    username: 'bench-admin',
    displayName: '基准',
    role: 'institution_admin',
    regionCode: null,
    regionPath: null,
    institutionId: main,
    scopeLabel: '基准评价中心',
    scopePath: [],
  };
  const ctx = { actor, ip: null, requestId: 'bench' };

  // N people, each with a certificate of the institution; 1% of them already paid elsewhere, 1% revoked
  const learners: number[] = [];
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < N; i += CHUNK) {
      const rows = [];
      for (let j = i; j < Math.min(N, i + CHUNK); j++) {
        const first17 = `41${String(1000 + Math.floor(j / 1000)).slice(-4)}19900101${String(j % 1000).padStart(3, '0')}`;
        rows.push(
          newPersonRow(
            pd,
            { name: `基准${j}`, id_type: 'resident_id', id_number: first17 + residentIdCheckChar(first17) },
            nowIso,
          ),
        );
      }
      learners.push(...(await trx.insertInto('learners').values(rows).returning('id').execute()).map((r) => r.id));
    }
    const cert = (inst: number, learner: number, k: number, serial: number) => ({
      number: `S000041${inst === main ? '900001' : '900002'}25${(k % 5) + 1}${String(serial).padStart(6, '0')}`,
      kind: 'skill' as const,
      institution_id: inst,
      learner_id: learner,
      occupation_id: occ,
      work_type: null,
      level: (k % 5) + 1,
      pathway: (k % 10 === 3 ? 'recognition' : 'exam') as 'exam',
      issued_on: `2025-${String((k % 12) + 1).padStart(2, '0')}-15`,
      status: (k % 100 === 7 ? 'revoked' : 'valid') as 'valid',
      verify_code: 'B',
      fee: 0,
      source_type: 'bench',
      source_id: null,
      holder_name: `基准${k}`,
      holder_id_type: 'resident_id',
      holder_id_number_enc: 'x',
      holder_id_number_hash: `h${k}`,
      institution_name: 'x',
      filing_no: 'x',
      occupation_code: '6-31-01-03',
      occupation_name: '电工',
      issued_by: 0,
      created_at: nowIso,
      seal: null,
      seal_kid: null,
    });
    for (let i = 0; i < N; i += CHUNK)
      await trx
        .insertInto('certificates')
        .values(learners.slice(i, i + CHUNK).map((l, j) => cert(main, l, i + j, i + j)))
        .execute();
    // the other institution's paid claim for every hundredth person, same occupation and level
    const paid = learners.map((l, k) => ({ l, k })).filter(({ k }) => k % 100 === 0);
    const otherCerts = [];
    for (let i = 0; i < paid.length; i += CHUNK)
      otherCerts.push(
        ...(await trx
          .insertInto('certificates')
          .values(paid.slice(i, i + CHUNK).map(({ l, k }) => cert(other, l, k, k)))
          .returning(['id', 'learner_id', 'level'])
          .execute()),
      );
    const claimId = await insertDraftClaim(
      trx,
      {
        institution_id: other,
        kind: 'evaluation',
        title: '已拨付',
        fund_region_code: '410100',
        status: 'paid',
        line_count: otherCerts.length,
        amount_fen: 0,
        submitted_on: '2025-12-01',
        submitted_at: nowIso,
        fund_source: 'special_account',
        fund_year: 2025,
        created_by: 0,
      },
      nowIso,
    );
    const rate = (
      await trx.selectFrom('subsidy_rates').select('id').where('kind', '=', 'evaluation').executeTakeFirstOrThrow()
    ).id;
    await insertLines(
      trx,
      otherCerts.map((c) => ({
        claim_id: claimId,
        line_kind: 'evaluation' as const,
        learner_id: c.learner_id,
        occupation_id: occ,
        level: c.level,
        source_type: 'certificate' as const,
        certificate_id: c.id,
        training_class_id: null,
        trainee_id: null,
        pathway: 'exam',
        basis_date: '2025-06-15',
        rate_id: rate,
        amount_fen: 20000,
        status: 'paid' as const,
        excluded_reason: null,
        reversal_id: null,
      })),
    );
  });

  // how fast this machine is right now: a raw prepared insert (docs/stack-notes: ≈ 485,000 rows/s idle)
  let calibration = '';
  if (database.sqlite) {
    const raw = database.sqlite;
    raw.exec('create temp table bench_calibration (a integer, b integer, c text)');
    const ins = raw.prepare('insert into bench_calibration values (?, ?, ?)');
    const c0 = performance.now();
    raw.transaction(() => {
      for (let i = 0; i < 100_000; i++) ins.run(i, i, '2025-01-01');
    })();
    calibration = `${Math.round(100_000 / ((performance.now() - c0) / 1000)).toLocaleString()} rows/s`;
    raw.exec('drop table bench_calibration');
  }

  let t = performance.now();
  const created = await createClaim(deps, ctx, {
    kind: 'evaluation',
    issuedFrom: '2025-01-01',
    issuedTo: '2025-12-31',
  });
  const createMs = performance.now() - t;
  t = performance.now();
  const submitted = await submitClaim(deps, ctx, created.id, {
    payeeName: '基准评价中心',
    payeeBank: '中国工商银行',
    payeeAccount: '6222020200112345678',
  });
  const submitMs = performance.now() - t;
  const held = submitted.byStatus.find((s) => s.status === 'held')?.count ?? 0;

  // baseline: the same number of line rows, inserted bare into a claim of their own
  const lines = await db
    .selectFrom('subsidy_claim_lines')
    .selectAll()
    .where('claim_id', '=', created.id)
    .orderBy('id')
    .execute();
  const bare = lines.map((l) => ({
    claim_id: 0,
    line_kind: l.line_kind,
    learner_id: l.learner_id,
    occupation_id: l.occupation_id,
    level: l.level,
    source_type: l.source_type,
    certificate_id: l.certificate_id,
    training_class_id: null,
    trainee_id: null,
    pathway: l.pathway,
    basis_date: l.basis_date,
    rate_id: l.rate_id,
    amount_fen: l.amount_fen,
    status: 'draft' as const,
    excluded_reason: null,
    reversal_id: null,
  }));
  t = performance.now();
  await db.transaction().execute(async (trx) => {
    const claimId = await insertDraftClaim(
      trx,
      {
        institution_id: main,
        kind: 'evaluation',
        title: 'bare',
        fund_region_code: '410100',
        line_count: lines.length,
        amount_fen: 0,
        created_by: 0,
      },
      nowIso,
    );
    for (const l of bare) l.claim_id = claimId;
    // the same insert the claim uses (on SQLite one prepared statement per row), nothing else
    await insertLines(trx, bare, database.sqlite);
  });
  const bareMs = performance.now() - t;
  await database.close();

  const claimMs = createMs + submitMs;
  const perS = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString();
  console.log(
    `\n[${label}] ${N.toLocaleString()} certificates → ${lines.length.toLocaleString()} lines claimed, ${held.toLocaleString()} holding their slot`,
  );
  console.log(`  excluded before the draft: ${N - lines.length} (already paid elsewhere, revoked)`);
  console.log(
    `  claim (read + judge + once-only look + insert + audit): ${Math.round(createMs)} ms; submit (re-check + hold under the unique index): ${Math.round(submitMs)} ms`,
  );
  console.log(
    `  claim with the once-only check, in all:              ${Math.round(claimMs)} ms (${perS(lines.length, claimMs)} lines/s)  goal ≤ 2000 ms`,
  );
  console.log(
    `  baseline bare insert of as many line rows:           ${Math.round(bareMs)} ms (${perS(lines.length, bareMs)} lines/s)`,
  );
  console.log(`  ratio claim / bare insert: ${(claimMs / bareMs).toFixed(2)}`);
  benchResult({
    script: 'claims',
    db: label,
    figures: [
      {
        name: `claim with the once-only check (${lines.length.toLocaleString('en-US')} lines)`,
        value: claimMs,
        unit: 'ms',
        baseline: { name: 'bare insert of as many lines', value: bareMs, unit: 'ms' },
        ratio: bareMs / claimMs,
      },
    ],
  });
  if (calibration)
    console.log(
      `  this machine now: raw prepared insert ${calibration} (≈ 485,000 rows/s on an idle machine of the project's kind)`,
    );
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-claims-'));
await run('sqlite', `sqlite:${path.join(dir, 'bench.db')}`);
if (values.pg) {
  await withTemporarySchema(values.pg, 'bench_claims', (schema) => run('postgres', values.pg!, schema));
}
fs.rmSync(dir, { recursive: true, force: true });
