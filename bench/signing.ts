/**
 * bench/signing.ts — credential signing/s (Open Badges 3.0, RDF canonicalisation + Ed25519) on 1
 * worker thread and on N (`signCertificateCredentials` splits a batch over the pool), with the
 * one-thread run as the same-run baseline: the ratio shows how signing scales with the cores
 * (at most the cores the machine leaves free; on a busy machine, less).
 * Usage: npx tsx bench/signing.ts [--count 600] [--threads N (default: the cores, at least 2)]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/src/config.js';
import { systemClock } from '../server/src/lib/clock.js';
import type { Deps } from '../server/src/lib/context.js';
import { WorkerPool } from '../server/src/lib/workers.js';
import { prepareDatabase } from '../server/src/platform.js';
import { signCertificateCredentials } from '../server/src/modules/credentials/credentials.service.js';
import { signingMaterial } from '../server/src/modules/credentials/issuer.js';
import { benchResult } from './lib/result.js';

const { values } = parseArgs({
  options: { count: { type: 'string', default: '600' }, threads: { type: 'string' } },
});
const COUNT = Number(values.count);
const N = Number(values.threads ?? Math.max(2, os.availableParallelism()));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-signing-'));
const config = loadConfig(
  {},
  { databaseUrl: `sqlite:${path.join(dir, 'b.db')}`, demo: true, webDist: null, keyDir: path.join(dir, 'keys') },
);
const { database } = await prepareDatabase(config);
const base: Deps = { database, db: database.db, config, clock: systemClock };
const demo = await database.db.selectFrom('certificates').selectAll().orderBy('id').limit(50).execute();
if (!demo.length) throw new Error('the demo database has no certificates');
// COUNT distinct certificates (numbers and ids differ, so no two credentials are the same)
const certs = Array.from({ length: COUNT }, (_, i) => {
  const c = demo[i % demo.length];
  return { ...c, id: 1_000_000 + i, number: c.number.slice(0, 16) + String(100_000 + i).slice(-6) };
});
const key = await signingMaterial(base);

async function signOn(threads: number) {
  const workers = new WorkerPool({ threads, maxQueue: 1000 });
  const deps = { ...base, workers };
  try {
    await signCertificateCredentials(deps, certs.slice(0, threads * 4), key); // start the threads, load the contexts
    const t = performance.now();
    const signed = await signCertificateCredentials(deps, certs, key);
    const ms = performance.now() - t;
    if (signed.length !== COUNT) throw new Error(`signed ${signed.length} of ${COUNT}`);
    return (COUNT / ms) * 1000;
  } finally {
    await workers.close();
  }
}

const one = await signOn(1);
const many = await signOn(N);
console.log(
  `\n[signing] ${COUNT} credentials, machine: ${os.availableParallelism()} cores, load ${os.loadavg()[0].toFixed(1)}`,
);
console.log(`  1 worker thread:   ${one.toFixed(1)} credentials/s`);
console.log(`  ${N} worker threads: ${many.toFixed(1)} credentials/s   ratio ${(many / one).toFixed(2)} (ideal ${N})`);
benchResult({
  script: 'signing',
  db: 'none',
  figures: [
    {
      name: `credential signing on ${N} worker threads (${COUNT})`,
      value: many,
      unit: 'credentials/s',
      baseline: { name: '1 worker thread', value: one, unit: 'credentials/s' },
      ratio: many / one,
    },
  ],
  notes: { threads: N, count: COUNT },
});
await database.close();
fs.rmSync(dir, { recursive: true, force: true });
