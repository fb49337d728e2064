/**
 * bench/dashboard.ts — the province dashboard (TGT-3, `dashboard.service.ts` as the province
 * administrator) and one monthly report (`reports.service.ts`, the province's figures for June) on
 * generated data (scripts/lib/generate-data.ts), at each scale asked for; the first scale is the
 * baseline of the same run and every later one is printed as a ratio of data and of time.
 * Goal (issue 13): the dashboard ≤ 300 ms at 10,000,000 certificates on SQLite, and 10× the data at
 * most 1.5× the time. At each scale the maintained aggregates are checked against an independent
 * SQL count of the valid certificates of the year by city and level.
 * Usage: npx tsx bench/dashboard.ts [--scales small,city,province] [--dir /tmp/x] [--pg postgres://…]
 *   --dir keeps the generated databases there (a later run reuses them: the generator resumes, a
 *   complete database is only checked)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { loadConfig } from '../server/src/config.js';
import { TestClock } from '../server/src/lib/clock.js';
import type { Deps, RequestContext } from '../server/src/lib/context.js';
import { prepareDatabase } from '../server/src/platform.js';
import { dashboard } from '../server/src/modules/targets/dashboard.service.js';
import { monthlyReport } from '../server/src/modules/targets/reports.service.js';
import { sumsByInstitution, sumsByMonth } from '../server/src/modules/targets/aggregates.queries.js';
import { FLOW_METRICS } from '../server/src/modules/targets/metric-sources.js';
import { rosterCoverageBySchool } from '../server/src/modules/people/graduating-class.queries.js';
import { generate, SCALES, type Scale } from '../scripts/lib/generate-data.js';
import { progressBar } from '../scripts/lib/progress.js';
import { withTemporarySchema } from './lib/pg-schema.js';
import { benchResult } from './lib/result.js';

const { values } = parseArgs({
  options: {
    scales: { type: 'string', default: 'small,city' },
    dir: { type: 'string' },
    pg: { type: 'string' },
    runs: { type: 'string', default: '7' },
  },
});
const scales = values.scales!.split(',') as Scale[];
for (const s of scales) if (!(s in SCALES)) throw new Error(`unknown scale ${s}`);
const dir = values.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-dashboard-'));
fs.mkdirSync(dir, { recursive: true });
const RUNS = Number(values.runs);
const YEAR = 2025;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/**
 * The median wall time of RUNS calls after a warm one; `cpu` keeps the median of this process's CPU
 * time per call beside it (on SQLite the whole read runs in this process: on a loaded machine that
 * is what an idle core would take).
 */
const cpuMs: number[] = [];
async function timed(f: () => Promise<unknown>) {
  await f(); // warm: the first run reads the pages from disk
  const ms: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    await f();
    ms.push(performance.now() - t);
    const u = process.cpuUsage(c);
    cpu.push((u.user + u.system) / 1000);
  }
  cpuMs.push(median(cpu));
  return median(ms);
}

interface Row {
  scale: Scale;
  certificates: number;
  dashboardMs: number;
  reportMs: number;
  cpu: string;
  genRate: number | null;
  check: string;
  breakdown: string;
}

async function measure(scale: Scale, databaseUrl: string, searchPath?: string): Promise<Row> {
  const config = loadConfig(
    {},
    { databaseUrl, demo: false, webDist: null, dataDir: dir, keyDir: path.join(dir, 'keys') },
  );
  const { database } = await prepareDatabase(config, { searchPath });
  try {
    const db = database.db;
    const bar = progressBar(`generate ${scale}`);
    const g = await generate(database, config, {
      scale,
      year: YEAR,
      onProgress: (p) => bar.update(p),
    });
    bar.done();
    const genRate = g.rowsWritten ? Math.round(g.rowsWritten / (g.sealSeconds + g.writeSeconds)) : null;
    if (g.rowsWritten)
      console.log(
        `  ${scale}: ${g.rowsWritten.toLocaleString('en')} rows in ${g.seconds.toFixed(0)} s — rows prepared and sealed ${g.sealSeconds.toFixed(0)} s, written ${g.writeSeconds.toFixed(0)} s (${Math.round(g.rowsWritten / g.writeSeconds).toLocaleString('en')} rows/s writing, ${genRate!.toLocaleString('en')} rows/s with sealing), ${Math.round(g.rowsWritten / g.cpuSeconds).toLocaleString('en')} rows per CPU second over the whole run, ${Math.round(g.rowsWritten / g.loadCpuSeconds).toLocaleString('en')} per CPU second of the load${g.loadThreadSeconds ? ` (writing thread ${g.loadThreadSeconds.writer.toFixed(1)} s, worker ${g.loadThreadSeconds.worker.toFixed(1)} s: ${Math.round(g.rowsWritten / Math.max(g.loadThreadSeconds.writer, g.loadThreadSeconds.worker)).toLocaleString('en')} rows/s at most on two idle cores)` : ''}, indexes built ${g.indexSeconds.toFixed(0)} s, foreign keys checked beyond them ${g.checkSeconds.toFixed(1)} s, counts added to the aggregates ${g.countSeconds.toFixed(1)} s, their statistics ${g.rebuildSeconds.toFixed(1)} s`,
      );
    const province = await db
      .selectFrom('regions')
      .select('path')
      .where('code', '=', '410000')
      .executeTakeFirstOrThrow();
    const ctx: RequestContext = {
      actor: {
        id: 1,
        username: 'bench-province',
        displayName: '基准',
        role: 'province_hrss',
        regionCode: '410000',
        regionPath: province.path,
        institutionId: null,
        scopeLabel: '河南省',
        scopePath: [],
      },
      ip: null,
      requestId: 'bench',
    };
    const deps: Deps = { database, db, config, clock: new TestClock(Date.parse('2026-01-15T02:00:00Z')) };
    const dashboardMs = await timed(() => dashboard(deps, ctx, { year: YEAR }));
    const dashboardCpu = cpuMs.at(-1)!;
    const reportMs = await timed(() => monthlyReport(deps, ctx, { month: `${YEAR}-06` }));
    const reportCpu = cpuMs.at(-1)!;
    // where the dashboard's time goes: its aggregate reads, the roster coverage, the size of the aggregates
    const scope = { regionPath: province.path };
    const parts = {
      sumsByInstitution: await timed(() =>
        sumsByInstitution(db, scope, FLOW_METRICS, `${YEAR}-01-01`, `${YEAR}-12-31`),
      ),
      sumsByMonth: await timed(() => sumsByMonth(db, scope, FLOW_METRICS, `${YEAR}-01-01`, `${YEAR}-12-31`)),
      rosterCoverage: await timed(() => rosterCoverageBySchool(db, scope, YEAR, `${YEAR}-12-31`)),
    };
    const count = async (table: string) =>
      Number((await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0].n);
    const breakdown = `${Object.entries(parts)
      .map(([k, v]) => `${k} ${v.toFixed(1)} ms`)
      .join(
        ', ',
      )}; rows: progress_daily ${(await count('progress_daily')).toLocaleString('en')}, progress_by_month ${(await count('progress_by_month')).toLocaleString('en')}, progress_by_day ${(await count('progress_by_day')).toLocaleString('en')}`;

    // the aggregates against an independent count: valid certificates of the year by city and level
    const d = await dashboard(deps, ctx, { year: YEAR });
    const counted = await sql<{ city: string; n: number | string }>`
      select r.path as city, count(*) as n from certificates c
      join institutions i on i.id = c.institution_id join regions r on r.code = i.region_code
      where c.status = 'valid' and c.issued_on between ${`${YEAR}-01-01`} and ${`${YEAR}-12-31`}
      group by r.path`.execute(db);
    const byCity = new Map<string, number>();
    for (const r of counted.rows) {
      const city = r.city.split('/').filter(Boolean)[1] ?? ''; // the path's second code: the city (or 省直管县)
      byCity.set(city, (byCity.get(city) ?? 0) + Number(r.n));
    }
    const total = [...byCity.values()].reduce((a, b) => a + b, 0);
    const byLevel = await sql<{ level: number; n: number | string }>`
      select c.level, count(*) as n from certificates c
      where c.status = 'valid' and c.issued_on between ${`${YEAR}-01-01`} and ${`${YEAR}-12-31`} group by c.level`.execute(
      db,
    );
    const mismatches: string[] = [];
    if (d.unit.figures.certificates.actual !== total)
      mismatches.push(`province ${d.unit.figures.certificates.actual} ≠ ${total}`);
    for (const c of d.children) {
      const n = byCity.get(c.regionCode) ?? 0;
      if ((c.figures.certificates.actual ?? 0) !== n)
        mismatches.push(`${c.name} ${c.figures.certificates.actual} ≠ ${n}`);
    }
    const check = mismatches.length
      ? `MISMATCH ${mismatches.slice(0, 3).join('; ')}`
      : `equal (province ${total.toLocaleString('en')} valid, ${d.children.length} cities; by level ${byLevel.rows
          .sort((a, b) => a.level - b.level)
          .map((r) => `${r.level}:${Number(r.n).toLocaleString('en')}`)
          .join(' ')})`;
    return {
      scale,
      certificates: g.certificates,
      dashboardMs,
      reportMs,
      cpu: `CPU of this process per call: dashboard ${dashboardCpu.toFixed(1)} ms, report ${reportCpu.toFixed(1)} ms`,
      genRate,
      check,
      breakdown,
    };
  } finally {
    await database.close();
  }
}

async function runAll(
  label: 'SQLite' | 'PostgreSQL',
  url: (s: Scale) => string,
  searchPath?: (s: Scale) => string | undefined,
) {
  console.log(`\n${label}`);
  const rows: Row[] = [];
  for (const s of scales) {
    const r = await measure(s, url(s), searchPath?.(s));
    rows.push(r);
    const base = rows[0];
    const ratio =
      rows.length > 1
        ? `  ×${(r.certificates / base.certificates).toFixed(0)} data → dashboard ×${(r.dashboardMs / base.dashboardMs).toFixed(2)}, report ×${(r.reportMs / base.reportMs).toFixed(2)}` +
          (rows.length > 1
            ? ` (against ${rows.at(-2)!.scale}: ×${(r.certificates / rows.at(-2)!.certificates).toFixed(0)} data → ×${(r.dashboardMs / rows.at(-2)!.dashboardMs).toFixed(2)})`
            : '')
        : '  (baseline)';
    console.log(
      `  ${s.padEnd(8)} ${r.certificates.toLocaleString('en').padStart(11)} certificates: dashboard ${r.dashboardMs.toFixed(1)} ms, monthly report ${r.reportMs.toFixed(1)} ms (median of ${RUNS})${ratio}`,
    );
    console.log(`           ${r.cpu}`);
    console.log(`           ${r.breakdown}`);
    console.log(`           aggregates vs independent count: ${r.check}`);
  }
  benchResult({
    script: 'dashboard',
    db: label === 'SQLite' ? 'sqlite' : 'postgres',
    figures: rows.flatMap((r) => [
      {
        name: `dashboard at ${r.scale} (${r.certificates.toLocaleString('en-US')} certificates)`,
        value: r.dashboardMs,
        unit: 'ms',
        ...(r !== rows[0]
          ? {
              baseline: { name: `dashboard at ${rows[0].scale}`, value: rows[0].dashboardMs, unit: 'ms' },
              ratio: rows[0].dashboardMs / r.dashboardMs,
            }
          : {}),
      },
      { name: `monthly report at ${r.scale}`, value: r.reportMs, unit: 'ms' },
    ]),
  });
}

await runAll('SQLite', (s) => `sqlite:${path.join(dir, `${s}.db`)}`);
if (values.pg) {
  const pgUrl = values.pg;
  // one throwaway schema per scale (a database holds one scale), all dropped at the end
  const nest = async (i: number, schemas: Record<string, string>): Promise<void> =>
    i === scales.length
      ? runAll(
          'PostgreSQL',
          () => pgUrl,
          (s) => schemas[s],
        )
      : withTemporarySchema(pgUrl, `bench_dashboard_${scales[i]}`, (schema) =>
          nest(i + 1, { ...schemas, [scales[i]]: schema }),
        );
  await nest(0, {});
}
if (!values.dir) fs.rmSync(dir, { recursive: true, force: true });
