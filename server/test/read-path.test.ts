/**
 * The read path (database/connection.ts `ReadSide`): public verification, the public catalog and
 * the dashboards read through a connection of their own, so they never wait behind the writers —
 * a writer's open transaction on SQLite, a pool whose connections imports hold on PostgreSQL —
 * and they read committed data only. On PostgreSQL a standby (DATABASE_READ_URL) serves them
 * while its lag is within READ_MAX_STALENESS_SECONDS; lagging or unreachable, the primary does.
 */
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { openDatabase, type Database } from '../src/database/connection.js';
import type { Deps } from '../src/lib/context.js';
import { DEMO_CERTIFICATE } from '../src/seed/demo.js';
import { createTestPlatform, json, PG_URL, TEST_DB, type TestPlatform } from './harness.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Fails instead of hanging when an answer waits behind the held writer. */
const within = <T>(ms: number, p: Promise<T>, what: string) =>
  Promise.race([p, sleep(ms).then(() => Promise.reject(new Error(`${what}: no answer within ${ms} ms`)))]);
const VERIFY_URL = `/api/public/verify?number=${DEMO_CERTIFICATE}&name=${encodeURIComponent('刘洋')}`;

describe(`reads that tolerate staleness never wait behind the writers (${TEST_DB})`, () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform({ verifyPerClient: 1000, verifyPerIdentity: 1000 });
  });
  afterAll(async () => p?.close());

  it('while a writer holds its transaction open (and every other pooled connection): verification and the catalog answer, from committed data', async () => {
    // the seal and issuer of the demo certificate are not yet known to this server: every look-up is made
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let inside!: () => void;
    const entered = new Promise<void>((r) => (inside = r));
    const held: pg.PoolClient[] = [];
    const writer = p.deps.db
      .transaction()
      .execute(async (trx) => {
        // revoked, not committed: nobody outside this transaction may see it
        await trx
          .updateTable('certificates')
          .set({ status: 'revoked' })
          .where('number', '=', DEMO_CERTIFICATE)
          .execute();
        inside();
        await gate;
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    await entered;
    // PostgreSQL: the rest of the pool held too, as a long import holds it
    if (p.deps.database.pool)
      for (let i = 1; i < p.deps.config.pgPoolSize; i++) held.push(await p.deps.database.pool.connect());
    try {
      const v = await within(5000, p.app.inject({ method: 'GET', url: VERIFY_URL }), 'verification');
      expect(v.statusCode, v.body).toBe(200);
      expect(json(v).result).toBe('valid');
      const c = await within(5000, p.app.inject({ method: 'GET', url: '/api/public/institutions' }), 'catalog');
      expect(c.statusCode, c.body).toBe(200);
      expect(json(c).total).toBeGreaterThan(0);
    } finally {
      for (const c of held) c.release();
      release();
      await writer;
    }
    expect(json(await p.app.inject({ method: 'GET', url: VERIFY_URL })).result).toBe('valid');
  });

  it('the read connection is read-only: a write through it is refused', async () => {
    const err = await sql`update certificates set status = 'revoked' where number = ${DEMO_CERTIFICATE}`
      .execute(p.deps.database.read.db)
      .then(
        () => null,
        (e: unknown) => e,
      );
    // SQLite: a read-only connection; PostgreSQL without a standby: the reserved pool on the primary
    if (TEST_DB === 'sqlite') expect(String(err)).toMatch(/readonly/i);
    else {
      expect(err).toBeNull();
      await sql`update certificates set status = 'valid' where number = ${DEMO_CERTIFICATE}`.execute(p.deps.db);
    }
  });
});

/** A TCP relay to PostgreSQL that the test can cut (connections dropped, new ones refused). */
class TcpProxy {
  port = 0;
  #server: net.Server | null = null;
  readonly #sockets = new Set<net.Socket>();
  constructor(
    private readonly host: string,
    private readonly targetPort: number,
  ) {}
  async open(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect({ host: this.host, port: this.targetPort });
      for (const s of [client, upstream]) {
        this.#sockets.add(s);
        s.on('close', () => this.#sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.#server = server;
  }
  async cut(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    const closed = server ? new Promise<void>((r) => server.close(() => r())) : Promise.resolve();
    for (const s of this.#sockets) s.destroy();
    await closed;
  }
}

describe.runIf(TEST_DB === 'postgres')(
  'PostgreSQL: reads from the standby, and back to the primary (PostgreSQL only)',
  () => {
    let p: TestPlatform;
    let admin: pg.Client;
    const opened: { database: Database; close: () => Promise<void> }[] = [];
    /** The platform's app on a database opened with this standby URL (the test platform's own database). */
    async function withStandby(readUrl: string, readMaxStalenessSeconds = 5) {
      const database = openDatabase(p.deps.config.databaseUrl, p.deps.config.dataDir, {
        pgPoolSize: 2,
        readUrl,
        readMaxStalenessSeconds,
      });
      const deps: Deps = { ...p.deps, database, db: database.db };
      const app = await buildApp(deps, { logger: false });
      await app.ready();
      const close = async () => {
        await app.close();
        await database.close();
      };
      opened.push({ database, close });
      return { app, database, verify: () => app.inject({ method: 'GET', url: VERIFY_URL }) };
    }
    /** Reads are routed to the standby once a lag reading (taken in the background, at most once a second) said fresh. */
    async function untilSource(database: Database, want: 'standby' | 'primary', poke: () => Promise<unknown>) {
      for (let i = 0; i < 40 && database.read.source !== want; i++) {
        await poke();
        await sleep(100);
      }
      expect(database.read.source).toBe(want);
    }
    /** The platform's database reached another way: through a relay, under an application name of its own. */
    const standbyUrl = (port: number, appName: string) => {
      const u = new URL(p.deps.config.databaseUrl);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      u.searchParams.set('application_name', appName);
      return u.toString();
    };
    const backendsOf = async (appName: string) =>
      (
        await admin.query<{ n: number }>(
          'select count(*)::int as n from pg_stat_activity where application_name = $1',
          [appName],
        )
      ).rows[0].n;

    beforeAll(async () => {
      p = await createTestPlatform({ verifyPerClient: 1000, verifyPerIdentity: 1000 });
      admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
    });
    afterAll(async () => {
      for (const o of opened) await o.close();
      await admin?.end();
      await p?.close();
    });

    it('DATABASE_READ_URL unreachable: verification answers from the primary', async () => {
      const closed = net.createServer();
      await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
      const port = (closed.address() as net.AddressInfo).port;
      await new Promise<void>((r) => closed.close(() => r())); // nobody listens there now
      const s = await withStandby(standbyUrl(port, 'skillcert_nowhere'));
      for (let i = 0; i < 3; i++) {
        const r = await s.verify();
        expect(r.statusCode, r.body).toBe(200);
        expect(json(r).result).toBe('valid');
      }
      expect(s.database.read.source).toBe('primary');
    });

    it('a fresh standby serves verification; lagging beyond the bound, or killed, the primary does', async () => {
      const target = new URL(PG_URL);
      const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
      await proxy.open();
      const appName = `skillcert_standby_${randomBytes(4).toString('hex')}`;
      const s = await withStandby(standbyUrl(proxy.port, appName), 5);
      try {
        // the test's "standby" is the same database behind a relay: a primary reads as 0 s behind
        await untilSource(s.database, 'standby', s.verify);
        const r = await s.verify();
        expect(r.statusCode, r.body).toBe(200);
        expect(json(r).result).toBe('valid');
        expect(await backendsOf(appName)).toBeGreaterThan(0);

        // 30 s behind (the lag reading injected): the next reading sends reads to the primary
        s.database.read.setLagProbe(async () => 30);
        await untilSource(s.database, 'primary', s.verify);
        expect(json(await s.verify()).result).toBe('valid');
        // caught up again: back to the standby
        s.database.read.setLagProbe(async () => 0.2);
        await untilSource(s.database, 'standby', s.verify);
        s.database.read.setLagProbe(null);

        // the standby killed under the reads: every answer is still served, from the primary
        await proxy.cut();
        for (let i = 0; i < 5; i++) {
          const k = await s.verify();
          expect(k.statusCode, k.body).toBe(200);
          expect(json(k).result).toBe('valid');
        }
        expect(s.database.read.source).toBe('primary');
        const c = await s.app.inject({ method: 'GET', url: '/api/public/institutions' });
        expect(c.statusCode, c.body).toBe(200);
      } finally {
        await proxy.cut();
      }
    });
  },
);
