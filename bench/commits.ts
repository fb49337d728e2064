/**
 * bench/commits.ts — how long a commit holds the request thread on SQLite, with the log copied back
 * by the commits themselves (SQLite's automatic checkpoint, every 1,000 pages) and by the
 * checkpoint thread (database/wal-checkpointer.ts, the server's setting). Each commit writes
 * `--rows` rows of 4 KB (a batch of signed credentials is 25), one every `--every` ms, on a file
 * opened with the server's settings (WAL, synchronous FULL); the two ways alternate `--pairs`
 * times, each on a fresh file. Prints each way's commit time p50/p99/max and the ratio of the p99s.
 *
 * Usage: npx tsx bench/commits.ts [--commits 2000] [--rows 25] [--every 5] [--pairs 2]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../server/src/database/connection.js';
import { benchResult } from './lib/result.js';

const { values } = parseArgs({
  options: {
    commits: { type: 'string', default: '2000' },
    rows: { type: 'string', default: '25' },
    every: { type: 'string', default: '5' },
    pairs: { type: 'string', default: '2' },
  },
});
const COMMITS = Number(values.commits);
const ROWS = Number(values.rows);
const EVERY = Number(values.every);
const PAIRS = Number(values.pairs);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-commits-'));

interface Run {
  p50: number;
  p99: number;
  max: number;
  over5: number;
  checkpointer: string;
}

async function run(thread: boolean, n: number): Promise<Run> {
  const file = path.join(dir, `${thread ? 'thread' : 'commit'}-${n}.db`);
  const database = openDatabase(`sqlite:${file}`, dir, { checkpointThread: thread });
  const raw = database.sqlite!;
  raw.exec('create table bench_commit (id integer primary key, body blob not null)');
  const insert = raw.prepare('insert into bench_commit (body) values (?)');
  const body = Buffer.alloc(4096, 7);
  const batch = raw.transaction(() => {
    for (let i = 0; i < ROWS; i++) insert.run(body);
  });
  const took: number[] = [];
  const t0 = performance.now();
  for (let k = 0; k < COMMITS; k++) {
    // commit k is due at k × EVERY ms; the thread waits between them as a server between requests
    const wait = t0 + k * EVERY - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const s = performance.now();
    batch();
    took.push(performance.now() - s);
  }
  const stats = database.checkpoints?.();
  await database.close();
  took.sort((a, b) => a - b);
  const q = (p: number) => took[Math.min(took.length - 1, Math.floor(p * took.length))];
  return {
    p50: q(0.5),
    p99: q(0.99),
    max: took[took.length - 1],
    over5: took.filter((t) => t > 5).length,
    checkpointer: stats
      ? `${stats.runs} checkpoints on the thread, ${stats.frames} pages, ${stats.ms.toFixed(0)} ms, longest ${stats.longestMs.toFixed(1)} ms`
      : 'checkpointed by the commits',
  };
}

console.log(
  `${COMMITS} commits of ${ROWS} rows × 4 KB, one every ${EVERY} ms (load ${os.loadavg()[0].toFixed(2)}), ${PAIRS} pairs`,
);
const results: Record<'commit' | 'thread', Run[]> = { commit: [], thread: [] };
for (let i = 0; i < PAIRS; i++)
  for (const thread of i % 2 ? [true, false] : [false, true]) {
    const r = await run(thread, i);
    results[thread ? 'thread' : 'commit'].push(r);
    console.log(
      `  ${(thread ? 'checkpoint thread' : 'commits checkpoint').padEnd(20)} commit p50 ${r.p50.toFixed(2)} / p99 ${r.p99.toFixed(2)} / max ${r.max.toFixed(1)} ms; ${r.over5} over 5 ms; ${r.checkpointer} (load ${os.loadavg()[0].toFixed(2)})`,
    );
  }
fs.rmSync(dir, { recursive: true, force: true });
const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const before = median(results.commit.map((r) => r.p99));
const after = median(results.thread.map((r) => r.p99));
console.log(
  `commit p99 (median of runs): ${before.toFixed(2)} ms → ${after.toFixed(2)} ms (${(before / after).toFixed(1)}×)`,
);
benchResult({
  script: 'commits',
  db: 'sqlite',
  figures: [
    {
      name: `commit p99 of ${ROWS} × 4 KB rows with the checkpoint thread`,
      value: after,
      unit: 'ms',
      baseline: { name: 'commit p99, commits checkpoint (SQLite default)', value: before, unit: 'ms' },
      ratio: before / after,
    },
  ],
});
