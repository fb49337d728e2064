/**
 * bench/challenge.ts — how long the proof-of-work of a look-up by ID number + name takes in
 * Chromium, to tune `VERIFY_CHALLENGE_MAX_NUMBER`. Challenges are made by the server's own code
 * (`newChallenge`: PBKDF2/SHA-256, `CHALLENGE_COST` iterations per attempt, the counter drawn from
 * 1…max) and solved by altcha-lib's own solver with Web Crypto, served from node_modules as is,
 * in one Web Worker and the way the page does it (the counters shared out over
 * min(4, cores) workers). Prints attempts/s per worker and the solve times (mean, p90, max),
 * then what a phone would take if one of its cores does a third of this machine's attempts/s.
 *
 * Why no DevTools CPU throttling: it does not reach workers, and on the page's thread it delays
 * each of the thousands of Web Crypto calls rather than the hashing (which Chromium runs on its
 * own threads), so a 4× "throttle" measured 14× slower — not a phone.
 * Usage: npx tsx bench/challenge.ts [--max 5000] [--runs 20]
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { loadConfig, ROOT_DIR } from '../server/src/config.js';
import { systemClock } from '../server/src/lib/clock.js';
import { CHALLENGE_COST, newChallenge } from '../server/src/modules/verification/challenge.js';
import type { VerifyChallenge } from '../contract/api-verification.js';
import { benchResult } from './lib/result.js';

const { values } = parseArgs({
  options: {
    max: { type: 'string' },
    runs: { type: 'string', default: '20' },
  },
});
const config = loadConfig(process.env, {
  verifyChallengeSecret: 'bench',
  ...(values.max ? { verifyChallengeMaxNumber: Number(values.max) } : {}),
});
const MAX = config.verifyChallengeMaxNumber;
const RUNS = Number(values.runs);
const LIB = path.join(ROOT_DIR, 'node_modules/altcha-lib/dist/esm/v2');

// a page and a module worker that import altcha-lib's files directly (they are plain ES modules)
const WORKER = `import { handler } from '/lib/workers/shared.js';
import { deriveKey } from '/lib/algorithms/web/pbkdf2.js';
handler({ deriveKey });`;
const server = http.createServer((req, res) => {
  const url = req.url ?? '/';
  if (url === '/w.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(WORKER);
  if (url.startsWith('/lib/')) {
    const file = path.join(LIB, path.normalize(url.slice(5)).replace(/^(\.\.[/\\])+/, ''));
    if (fs.existsSync(file))
      return res.writeHead(200, { 'content-type': 'text/javascript' }).end(fs.readFileSync(file));
    return res.writeHead(404).end();
  }
  res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>pow</title>');
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
});
try {
  const page = await browser.newPage();
  await page.goto(base); // http://127.0.0.1 is a secure context: Web Crypto is there
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const workers = Math.max(1, Math.min(4, cores));

  type Run = { counter: number; ms: number };
  /** the page's way: altcha-lib's solveChallengeWorkers over `n` module workers (as text: tsx would wrap functions in __name) */
  const solveWith = (n: number) => (c: VerifyChallenge) =>
    page.evaluate(`(async () => {
      const { solveChallengeWorkers } = await import('/lib/pow.js');
      const t0 = performance.now();
      const s = await solveChallengeWorkers({
        challenge: ${JSON.stringify(c)},
        concurrency: ${n},
        createWorker: () => new Worker('/w.js', { type: 'module' }),
      });
      return { counter: s.counter, ms: performance.now() - t0 };
    })()`) as Promise<Run>;

  const measure = async (label: string, n: number) => {
    const solve = solveWith(n);
    await solve(await newChallenge({ config, clock: systemClock })); // warm-up
    const runs: Run[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await solve(await newChallenge({ config, clock: systemClock })));
    // attempts per worker: each of the n workers tried about counter / n
    const perWorker = runs.reduce((s, r) => s + r.counter, 0) / n / (runs.reduce((s, r) => s + r.ms, 0) / 1000);
    const ms = runs.map((r) => r.ms).sort((a, b) => a - b);
    console.log(
      `  ${label.padEnd(40)} ${Math.round(perWorker).toLocaleString().padStart(6)} attempts/s per worker   ` +
        `solve mean ${Math.round(ms.reduce((s, x) => s + x, 0) / ms.length)} ms, p90 ${Math.round(ms[Math.floor(ms.length * 0.9)])} ms, max ${Math.round(ms[ms.length - 1])} ms`,
    );
    return perWorker;
  };

  console.log(
    `proof-of-work: PBKDF2/SHA-256, ${CHALLENGE_COST} iterations per attempt, counter drawn from 1…${MAX.toLocaleString()}, ${RUNS} challenges each; this machine has ${cores} cores`,
  );
  const one = await measure('one Web Worker', 1);
  const many = workers > 1 ? await measure(`the page's way: ${workers} workers`, workers) : one;
  const phone = one / 3;
  const mean = (n: number) => Math.round(((MAX + 1) / 2 / (phone * n)) * 1000);
  console.log(
    `  a phone core at a third of that (${Math.round(phone).toLocaleString()} attempts/s): mean ${mean(1)} ms on one worker, ${mean(2)} ms on two, ${mean(4)} ms on four (worst ${Math.round((MAX / phone) * 1000)} ms on one)`,
  );
  benchResult({
    script: 'challenge',
    db: 'none',
    figures: [
      {
        name: `proof-of-work attempts/s per worker, ${workers} workers`,
        value: many,
        unit: 'attempts/s',
        baseline: { name: 'one Web Worker', value: one, unit: 'attempts/s' },
        ratio: many / one,
      },
      { name: 'expected solve on a phone core, one worker', value: mean(1), unit: 'ms' },
    ],
  });
} finally {
  await browser.close();
  server.close();
}
