/**
 * bench/verify.ts — public verification by number + name under load, against two baselines on the
 * same server in the same run: a trivial JSON route and one raw prepared primary-key lookup in the
 * certificates table. Loads 1,000,000 certificates (10,000,000 with --big), then runs autocannon
 * with 50 connections for 20 s on each route and prints requests/s, p50/p99 latency and the ratios.
 *
 * What is queried: 20,000 sealed certificates spread over the whole table, after one warm-up pass
 * over each of them — the steady state of a server that has checked those seals before (it keeps
 * up to 200,000 checked seals in memory). The first check of a certificate on a server also runs
 * the Ed25519 verification (~0.1 ms); that cold path is measured separately, one request for each
 * of another 50,000 certificates, and printed on its own line.
 * Usage: npx tsx bench/verify.ts [--rows N] [--big] [--pg postgres://…] [--duration 20] [--connections 50]
 */
import { SERVER_NODE_FLAGS } from '../server/src/lib/heap.js';
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { withTemporarySchema } from './lib/pg-schema.js';
import { benchResult } from './lib/result.js';
import type { Kysely } from 'kysely';
import { loadConfig } from '../server/src/config.js';
import type { DB } from '../server/src/database/schema.js';
import { residentIdCheckChar } from '../server/src/lib/identity.js';
import { formatCertificateNumber } from '../server/src/modules/certificates/certificate-number.js';
import { sealCertificate } from '../server/src/modules/signing/seal.js';
import { prepareDatabase } from '../server/src/platform.js';
import { signPendingCredentials } from '../server/src/modules/credentials/credentials.service.js';
import { systemClock } from '../server/src/lib/clock.js';
import { newPersonRow } from '../server/src/modules/people/id-numbers.service.js';
import { personalData } from '../server/src/lib/personal-data.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string' },
    big: { type: 'boolean' },
    pg: { type: 'string' },
    duration: { type: 'string', default: '20' },
    connections: { type: 'string', default: '50' },
  },
});
const ROWS = Number(values.rows ?? (values.big ? 10_000_000 : 1_000_000));
const SAMPLE = 20_000; // sealed certificates the load queries again and again
const COLD = 50_000; // further sealed certificates, each queried once (the cold path)
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-verify-'));
const keyDir = path.join(dir, 'keys');

async function load(db: Kysely<DB>) {
  const t0 = performance.now();
  // numbers are stored sealed with the keys of the key directory the servers below share
  const pd = personalData({ keyDir, dataKeys: '', lookupKey: '' });
  const now = new Date().toISOString();
  const inst = await db
    .insertInto('institutions')
    .values({
      name: '基准测试评价机构',
      kind: 'college',
      school_type: 'higher_vocational',
      owner: 'province',
      region_code: '410105',
      filing_no: 'Y000041999999',
      status: 'filed',
      filed_at: '2020-01-01T00:00:00.000Z',
      valid_until: '2099-12-31',
      rectification_deadline: null,
      credit_code: null,
      contact_name: null,
      contact_phone: null,
      address: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const occ = await db
    .selectFrom('occupations')
    .select(['id', 'code', 'name'])
    .where('code', '=', '6-31-01-03')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('institution_scopes')
    .values({
      institution_id: inst.id,
      occupation_id: occ.id,
      level: 4,
      spec_id: null,
      application_id: 0,
      granted_at: '2020-01-01T00:00:00.000Z',
    })
    .execute();
  const sample: { number: string; name: string }[] = [];
  const cold: { number: string; name: string }[] = [];
  const every = Math.max(1, Math.floor(ROWS / (SAMPLE + COLD)));
  const BATCH = 500; // stays under SQLite's limit of bound parameters per statement
  for (let start = 0; start < ROWS; start += BATCH * 10) {
    await db.transaction().execute(async (trx) => {
      for (let b = start; b < Math.min(ROWS, start + BATCH * 10); b += BATCH) {
        const n = Math.min(BATCH, ROWS - b);
        const people = Array.from({ length: n }, (_, k) => {
          const i = b + k;
          // unique for up to 10,000,000 rows: four digits change every thousand, three count within
          const first17 = `41${String(Math.floor(i / 1000)).padStart(4, '0')}19900101${String(i % 1000).padStart(3, '0')}`;
          return { name: `考生${i}`, id_number: first17 + residentIdCheckChar(first17) };
        });
        const first = await trx
          .insertInto('learners')
          .values(
            people.map((p) => newPersonRow(pd, { name: p.name, id_type: 'resident_id', id_number: p.id_number }, now)),
          )
          .returning('id')
          .execute();
        const rows = [];
        for (let k = 0; k < n; k++) {
          const i = b + k;
          const number = formatCertificateNumber(
            'Y000041999999',
            2000 + (Math.floor(i / 999_999) % 100),
            4,
            (i % 999_999) + 1,
          );
          const fields = {
            number,
            holder_name: people[k].name,
            holder_id_type: 'resident_id',
            holder_id_number: people[k].id_number,
            occupation_code: occ.code,
            level: 4,
            filing_no: 'Y000041999999',
            institution_name: '基准测试评价机构',
            issued_on: '2024-06-01',
          };
          const sealed = i % every === 0 ? await sealCertificate(trx, keyDir, fields) : { seal: null, kid: null };
          // two in seven sealed certificates to the hot sample, the rest to the cold one: both spread over the whole table
          if (sealed.seal) ((i / every) % 7 < 2 ? sample : cold).push({ number, name: people[k].name });
          const { holder_id_number: holderIdNumber, ...shown } = fields;
          const holderId = pd.storeIdNumber('certificates.holder_id_number', holderIdNumber);
          rows.push({
            ...shown,
            holder_id_number_enc: holderId.enc,
            holder_id_number_hash: holderId.hash,
            kind: 'skill' as const,
            institution_id: inst.id,
            learner_id: first[k].id,
            occupation_id: occ.id,
            work_type: null,
            pathway: 'exam' as const,
            status: 'valid' as const,
            verify_code: 'BENCHCODE0',
            fee: 0,
            source_type: 'bench',
            source_id: null,
            occupation_name: occ.name,
            issued_by: 0,
            created_at: now,
            seal: sealed.seal,
            seal_kid: sealed.kid,
          });
        }
        await trx.insertInto('certificates').values(rows).execute();
      }
    });
    if (start % 200_000 === 0) process.stdout.write(`\r  loaded ${start.toLocaleString()} / ${ROWS.toLocaleString()}`);
  }
  console.log(
    `\r  loaded ${ROWS.toLocaleString()} certificates in ${Math.round((performance.now() - t0) / 1000)} s (${sample.length.toLocaleString()} sealed ones queried again and again, ${cold.length.toLocaleString()} once each)`,
  );
  return { sample, cold };
}

function cannon(
  url: string,
  paths: () => string,
  seconds: number,
  connections: number,
  amount?: number,
): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections,
        ...(amount ? { amount } : { duration: seconds }),
        requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths() }) }],
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
  });
}

async function run(label: 'sqlite' | 'postgres', databaseUrl: string, searchPath?: string) {
  console.log(`\n[${label}]`);
  const config = loadConfig({}, { databaseUrl, demo: false, webDist: null, keyDir });
  const { database } = await prepareDatabase(config, { searchPath });
  const { sample, cold } = await load(database.db);
  const maxId = Number(
    (
      await database.db
        .selectFrom('certificates')
        .select((eb) => eb.fn.max('id').as('m'))
        .executeTakeFirstOrThrow()
    ).m,
  );
  // credential signing throughput (background work: RDF canonicalisation + Ed25519)
  const deps = { database, db: database.db, config, clock: systemClock };
  const t = performance.now();
  const signedCount = await signPendingCredentials(deps, 200);
  const signMs = performance.now() - t;
  console.log(
    `  credential signing (Open Badges 3.0, eddsa-rdfc-2022): ${Math.round((signedCount / signMs) * 1000)} credentials/s (${signedCount} in ${Math.round(signMs)} ms, one process)`,
  );
  await database.close();

  const port = 3900 + Math.floor(Math.random() * 90);
  const child = fork(path.join(import.meta.dirname, 'verify-server.ts'), [], {
    execArgv: [...SERVER_NODE_FLAGS, '--import', 'tsx'],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      SKILLCERT_KEY_DIR: keyDir,
      BENCH_SEARCH_PATH: searchPath ?? '',
      VERIFY_LIMIT_PER_CLIENT: '1000000000',
      VERIFY_LIMIT_PER_IDENTITY: '1000000000',
      PG_POOL_SIZE: '8',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  const secs = Number(values.duration);
  const conns = Number(values.connections);
  const pathsOf = (list: { number: string; name: string }[]) => {
    let i = 0;
    return () => {
      const s = list[i++ % list.length];
      return `/api/public/verify?number=${s.number}&name=${encodeURIComponent(s.name)}`;
    };
  };
  const verifyPath = pathsOf(sample);
  // warm-up: every sampled certificate once (its seal checked), and the baselines briefly
  await cannon(url, verifyPath, 0, conns, sample.length);
  await cannon(url, () => '/bench/trivial', 3, conns);
  await cannon(url, () => `/bench/lookup?id=${1 + Math.floor(Math.random() * maxId)}`, 3, conns);
  const trivial = await cannon(url, () => '/bench/trivial', secs, conns);
  const lookup = await cannon(url, () => `/bench/lookup?id=${1 + Math.floor(Math.random() * maxId)}`, secs, conns);
  const verify = await cannon(url, verifyPath, secs, conns);
  const first = await cannon(url, pathsOf(cold), 0, conns, cold.length);
  child.kill();
  const line = (name: string, r: autocannon.Result) =>
    console.log(
      `  ${name.padEnd(36)} ${Math.round(r.requests.average).toLocaleString().padStart(8)} req/s   p50 ${r.latency.p50} ms   p99 ${r.latency.p99} ms   errors ${r.errors + r.non2xx}`,
    );
  line('trivial JSON route', trivial);
  line('bare prepared primary-key lookup', lookup);
  line('verification (number + name)', verify);
  line(`  cold: first check of ${(cold.length / 1000).toFixed(0)}k certificates`, first);
  console.log(
    `  ratios: verification / trivial = ${(verify.requests.average / trivial.requests.average).toFixed(2)}   verification / bare lookup = ${(verify.requests.average / lookup.requests.average).toFixed(2)}   bare lookup / trivial = ${(lookup.requests.average / trivial.requests.average).toFixed(2)}`,
  );
  benchResult({
    script: 'verify',
    db: label,
    figures: [
      {
        name: 'public verification (number + name)',
        value: verify.requests.average,
        unit: 'req/s',
        baseline: { name: 'bare prepared primary-key lookup', value: lookup.requests.average, unit: 'req/s' },
        ratio: verify.requests.average / lookup.requests.average,
      },
      { name: 'public verification p99', value: verify.latency.p99, unit: 'ms' },
      {
        name: 'credential signing, one process',
        value: (signedCount / signMs) * 1000,
        unit: 'credentials/s',
      },
    ],
  });
}

try {
  await run('sqlite', `sqlite:${path.join(dir, 'bench.db')}`);
  if (values.pg) {
    await withTemporarySchema(values.pg, 'bench_verify', (schema) => run('postgres', values.pg!, schema));
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
