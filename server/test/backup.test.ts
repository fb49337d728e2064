/**
 * Issue 11, finding 7: backup and restore. `npm run backup` runs in its own process while the
 * platform keeps writing; `npm run restore` puts it onto a fresh database (a new SQLite file, or a
 * new PostgreSQL database); the restored data is checked on its own terms, and a platform started
 * on it, in another process with the restored keys, still verifies the sample certificates.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../src/config.js';
import { openDatabase, openSqliteFile } from '../src/database/connection.js';
import { sqliteProblems, tableCounts } from '../src/database/inventory.js';
import { verifyAuditChain } from '../src/modules/audit/audit.service.js';
import { readManifest, type Manifest } from '../src/backup/manifest.js';
import { restore, RestoreRefused } from '../src/backup/restore.js';
import { loadConfig } from '../src/config.js';
import { createTestPlatform, loginAs, PG_URL, TEST_DB, type TestPlatform } from './harness.js';
import { personalData } from '../src/lib/personal-data.js';

function run(script: string, args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT_DIR, script), ...args], {
    cwd: ROOT_DIR,
    env: { ...process.env, ...env },
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const done = new Promise<{ code: number | null; out: string }>((r) => child.on('close', (code) => r({ code, out })));
  return { child, done };
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });

describe(`backup and restore (${TEST_DB})`, () => {
  let p: TestPlatform;
  let work: string;
  let schema: string | null = null;
  let restoreDb: string | null = null; // PostgreSQL: the fresh database the backup is restored into
  let server: ChildProcess | null = null;
  beforeAll(async () => {
    p = await createTestPlatform();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-backup-test-'));
    if (p.dialect === 'postgres') {
      schema = (await sql<{ s: string }>`select current_schema() as s`.execute(p.deps.db)).rows[0].s;
      restoreDb = `skillcert_restore_${randomBytes(5).toString('hex')}`;
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      await admin.query(`create database ${restoreDb}`);
      await admin.end();
    }
  });
  afterAll(async () => {
    server?.kill('SIGKILL');
    await p?.close();
    if (restoreDb) {
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      await admin.query(`drop database if exists ${restoreDb} with (force)`);
      await admin.end();
    }
    fs.rmSync(work, { recursive: true, force: true });
  });

  /** The platform's database for a separate process: its URL (and search_path on PostgreSQL). */
  const sourceEnv = (): NodeJS.ProcessEnv => ({
    DATABASE_URL: p.dialect === 'postgres' ? p.deps.config.databaseUrl : `sqlite:${p.deps.database.description}`,
    PGOPTIONS: schema ? `-c search_path=${schema}` : '',
    SKILLCERT_DATA_DIR: p.deps.config.dataDir,
    SKILLCERT_KEY_DIR: p.deps.config.keyDir,
  });
  const target = () => {
    const dir = path.join(work, 'restored');
    const url = restoreDb
      ? Object.assign(new URL(PG_URL), { pathname: `/${restoreDb}` }).toString()
      : `sqlite:${path.join(dir, 'skillcert.db')}`;
    return { dir, url, keyDir: path.join(dir, 'keys') };
  };

  it('issue 11 #7: a backup taken under write load restores onto a fresh database whole (integrity, counts, audit chain, keys)', async () => {
    const cookie = await loginAs(p.app, 'province-admin');
    let writes = 0;
    let stop = false;
    const failures: string[] = [];
    const load = (async () => {
      for (let i = 0; !stop; i++) {
        const r = await p.app.inject({
          method: 'PATCH',
          url: `/api/occupations/${(i % 10) + 1}`,
          headers: { cookie },
          payload: { note: `备份期间的修改 ${i}` },
        });
        if (r.statusCode === 200) writes++;
        else failures.push(`${r.statusCode} ${r.body}`);
        await new Promise((res) => setImmediate(res));
      }
    })();
    while (writes < 5) await new Promise((r) => setTimeout(r, 10));
    const before = writes;
    const auditCount = async () =>
      Number(
        (
          await p.deps.db
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const auditAtStart = await auditCount();
    const b = run('scripts/backup.ts', ['--out', path.join(work, 'out')], sourceEnv());
    const result = await b.done;
    const during = writes - before;
    stop = true;
    await load;
    expect(result.code, result.out).toBe(0);
    expect(failures).toEqual([]);
    expect(during).toBeGreaterThan(0); // the platform kept writing while the backup ran
    const [name] = fs.readdirSync(path.join(work, 'out'));
    expect(name).toMatch(/^skillcert-backup-\d{8}T\d{6}Z$/);
    const dir = path.join(work, 'out', name);
    const m = readManifest(dir);
    expect(m.database.dialect).toBe(p.dialect);
    expect(m.audit).toMatchObject({ verified: true, problem: null });
    expect(m.keys.length).toBeGreaterThan(0);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    for (const k of m.keys) expect(fs.statSync(path.join(dir, 'keys', k)).mode & 0o777).toBe(0o600);

    // the snapshot is a moment in the middle of the writes: later than the start, earlier than the end
    expect(m.tables.audit_log).toBeGreaterThan(auditAtStart);
    expect(m.tables.audit_log).toBeLessThan(await auditCount());

    const t = target();
    const r = run(
      'scripts/restore.ts',
      ['--from', dir, '--database-url', t.url, '--data-dir', t.dir, '--key-dir', t.keyDir],
      { PGOPTIONS: '' },
    );
    const restored = await r.done;
    expect(restored.code, restored.out).toBe(0);
    for (const check of ['counts', 'migrations', 'audit', 'keys', 'personal-data'])
      expect(restored.out).toContain(`✓ ${check}`);
    expect(m.keys).toContain('data-keys.json'); // without it the sealed ID numbers never open again

    // checked again here, on the restored database's own terms
    const db = restoreDb
      ? openDatabase(t.url, t.dir, { searchPath: schema! })
      : openSqliteFile(path.join(t.dir, 'skillcert.db'));
    try {
      if (db.sqlite) expect(sqliteProblems(db.sqlite)).toEqual([]);
      expect(await tableCounts(db.db)).toEqual(m.tables);
      const v = await verifyAuditChain(db.db, { file: path.join(t.dir, 'audit-checkpoints.jsonl'), keyDir: t.keyDir });
      expect(v).toMatchObject({ ok: true, checked: m.tables.audit_log, checkpoint: { auditId: m.audit.head!.id } });
    } finally {
      await db.close();
    }
    await checkRestoredPlatform(m, t);
  }, 240_000);

  /** A platform started on the restored database with the restored keys, in its own process (no warm caches). */
  async function checkRestoredPlatform(m: Manifest, t: ReturnType<typeof target>) {
    const samples = await p.deps.db
      .selectFrom('certificates')
      .select(['number', 'holder_name', 'holder_id_number_enc'])
      .where('status', '=', 'valid')
      .orderBy('id')
      .limit(3)
      .execute();
    expect(samples.length).toBe(3);
    const holderNumber = personalData(p.deps.config).openIdNumber(
      'certificates.holder_id_number',
      samples[0].holder_id_number_enc,
    );
    const port = await freePort();
    const s = run('server/src/main.ts', [], {
      DATABASE_URL: t.url,
      PGOPTIONS: schema ? `-c search_path=${schema}` : '',
      SKILLCERT_DATA_DIR: t.dir,
      SKILLCERT_KEY_DIR: t.keyDir,
      SKILLCERT_DEMO: '0',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    });
    server = s.child;
    let out = '';
    s.child.stdout!.on('data', (d) => (out += d));
    const started = Date.now();
    while (!out.includes('skillcert 已启动')) {
      if (s.child.exitCode !== null || Date.now() - started > 60_000) throw new Error(`server did not start: ${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const c of samples) {
      const res = await fetch(
        `http://127.0.0.1:${port}/api/public/verify?${new URLSearchParams({ number: c.number, name: c.holder_name })}`,
      );
      const body = await res.json();
      expect(body.result, JSON.stringify(body)).toBe('valid');
      expect(body.checks.find((x: { key: string }) => x.key === 'seal_intact')).toMatchObject({ passed: true });
    }
    // ID number + name: the restored keys find the holder by the keyed hash
    const byId = await fetch(
      `http://127.0.0.1:${port}/api/public/verify?${new URLSearchParams({ idNumber: holderNumber, name: samples[0].holder_name })}`,
    );
    expect((await byId.json()).certificates.map((c: { number: string }) => c.number)).toContain(samples[0].number);
    s.child.kill('SIGTERM');
    await s.done;
    server = null;
    // it signed with the restored key (no new key was made) and its checkpoints continue the backup's
    const db = restoreDb
      ? openDatabase(t.url, t.dir, { searchPath: schema! })
      : openSqliteFile(path.join(t.dir, 'skillcert.db'));
    try {
      const keys = await db.db.selectFrom('signing_keys').select('kid').execute();
      expect(keys.map((k) => `${k.kid}.pem`).sort()).toEqual(m.keys.filter((k) => k.endsWith('.pem')).sort());
      const v = await verifyAuditChain(db.db, { file: path.join(t.dir, 'audit-checkpoints.jsonl'), keyDir: t.keyDir });
      expect(v.ok).toBe(true);
    } finally {
      await db.close();
    }
  }

  it('restore refuses a target that holds data (unless --force) and a backup whose files were altered', async () => {
    const t = target();
    const [name] = fs.readdirSync(path.join(work, 'out'));
    const dir = path.join(work, 'out', name);
    const config = loadConfig({}, { databaseUrl: t.url, dataDir: t.dir, keyDir: t.keyDir });
    await expect(restore({ config, from: dir })).rejects.toThrow(/目标不是空的.*--force/);

    const altered = path.join(work, 'altered');
    fs.cpSync(dir, altered, { recursive: true });
    const m = readManifest(altered);
    const f = path.join(altered, m.database.file);
    const bytes = fs.readFileSync(f);
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    fs.writeFileSync(f, bytes);
    const fresh = loadConfig(
      {},
      { databaseUrl: `sqlite:${path.join(work, 'never.db')}`, dataDir: work, keyDir: path.join(work, 'k') },
    );
    const err = await restore({ config: fresh, from: altered }).catch((e) => e);
    expect(err).toBeInstanceOf(RestoreRefused);
    expect(err.message).toContain(`文件摘要（SHA-256）不符：${m.database.file}`);
    expect(fs.existsSync(path.join(work, 'never.db'))).toBe(false);
  });
});
