/**
 * What a bench script reports, as JSON for `npm run bench` (bench/run.ts): each figure with the
 * baseline measured in the same run and their ratio. Run through the runner (BENCH_RESULTS_DIR
 * set), a script writes `<dir>/<script>-<db>.json`; run by hand it only prints, as before.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface BenchFigure {
  /** what was measured, e.g. "issuance (10,000 per batch)" */
  name: string;
  value: number;
  /** e.g. "certificates/s", "ms", "MiB" */
  unit: string;
  /** the same-run baseline it is compared with */
  baseline?: { name: string; value: number; unit: string };
  /** value ÷ baseline (for a time or a memory figure, baseline ÷ value: above 1 is better either way) */
  ratio?: number;
}

export interface BenchResult {
  script: string;
  db: 'sqlite' | 'postgres' | 'none';
  figures: BenchFigure[];
  /** anything else worth keeping (sizes, settings) */
  notes?: Record<string, unknown>;
}

/** Rounds a figure for the record (3 significant digits below 100, whole numbers above). */
export const round = (x: number) => (Math.abs(x) >= 100 ? Math.round(x) : Number(x.toPrecision(3)));

/** Reports a script's figures for one database: written as JSON when the runner asked for it. */
export function benchResult(r: BenchResult): void {
  const dir = process.env.BENCH_RESULTS_DIR;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  const figures = r.figures.map((f) => ({
    ...f,
    value: round(f.value),
    baseline: f.baseline && { ...f.baseline, value: round(f.baseline.value) },
    ratio: f.ratio === undefined ? undefined : round(f.ratio),
  }));
  fs.writeFileSync(path.join(dir, `${r.script}-${r.db}.json`), JSON.stringify({ ...r, figures }, null, 2) + '\n');
}
