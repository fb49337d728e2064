/**
 * Issue 11, finding 6: deleting the newest audit records went unnoticed (no successor's link
 * breaks). The chain head is now checkpointed, signed with the platform key, in a file outside
 * the database; `audit:verify` holds the chain to it and names the missing records.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../config.js';
import { createTestPlatform, json, loginAs, TEST_DB, type TestPlatform } from '../../../test/harness.js';
import { auditHash } from './audit.queries.js';
import { checkpointStoreOf, verifyAuditChain } from './audit.service.js';
import { checkpointAuditHead, readCheckpoints, startCheckpointLoop } from './audit-checkpoints.js';

/** Deletes audit rows the way someone with database access might: past the append-only trigger. */
async function forceDelete(p: TestPlatform, ids: number[]) {
  if (p.dialect === 'postgres') await sql`alter table audit_log disable trigger audit_log_no_change`.execute(p.deps.db);
  else await sql`drop trigger if exists audit_log_no_delete`.execute(p.deps.db);
  for (const id of ids) await sql`delete from audit_log where id = ${id}`.execute(p.deps.db);
  if (p.dialect === 'postgres') await sql`alter table audit_log enable trigger audit_log_no_change`.execute(p.deps.db);
}

/** `npm run audit:verify` against the test platform's database, data and key directories. */
async function auditVerifyCli(p: TestPlatform, ...args: string[]) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SKILLCERT_DATA_DIR: p.deps.config.dataDir,
    SKILLCERT_KEY_DIR: p.deps.config.keyDir,
  };
  if (p.dialect === 'postgres') {
    const { rows } = await sql<{ s: string }>`select current_schema() as s`.execute(p.deps.db);
    env.DATABASE_URL = p.deps.config.databaseUrl;
    env.PGOPTIONS = `-c search_path=${rows[0].s}`;
  } else env.DATABASE_URL = `sqlite:${p.deps.database.description}`;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT_DIR, 'scripts/audit-verify.ts'), ...args], {
    cwd: ROOT_DIR,
    env,
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  return { code, out };
}

const ids = (p: TestPlatform) => p.deps.db.selectFrom('audit_log').select(['id', 'hash']).orderBy('id').execute();

describe(`audit checkpoints (${TEST_DB})`, () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform();
  });
  afterAll(async () => p?.close());

  it('issue 11 #6: deleting the newest 5 audit records is named by audit:verify (exit 1), the API and the verifier', async () => {
    for (let i = 0; i < 8; i++) await loginAs(p.app, 'learner');
    const store = checkpointStoreOf(p.deps.config);
    const cp = await checkpointAuditHead(p.deps.db, store, new Date());
    const before = await ids(p);
    expect(cp).toMatchObject({ auditId: before.at(-1)!.id, hash: before.at(-1)!.hash, count: before.length });
    expect(cp!.kid).toMatch(/^ed25519-/);
    expect(await verifyAuditChain(p.deps.db, store)).toMatchObject({ ok: true, missing: null });
    const ok = await auditVerifyCli(p);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('审计链完整');

    const victims = before.slice(-5).map((r) => r.id);
    await forceDelete(p, victims);
    // the chain alone still looks whole: that was the finding
    expect((await verifyAuditChain(p.deps.db)).ok).toBe(true);
    const v = await verifyAuditChain(p.deps.db, store);
    expect(v.ok).toBe(false);
    expect(v.missing).toEqual({ fromId: victims[0], toId: victims[4], count: 5, ids: victims });
    expect(v.firstBroken?.id).toBe(victims[0]);
    expect(v.firstBroken?.reason).toContain('被删除');

    // the API answers the same (and appends its own record after the gap, which hides nothing)
    const auditor = await loginAs(p.app, 'audit-admin');
    const api = json(await p.app.inject({ method: 'GET', url: '/api/audit/verify', headers: { cookie: auditor } }));
    expect(api).toMatchObject({ ok: false, missing: { ids: victims }, checkpoint: { auditId: victims[4] } });

    // the server's next checkpoint (its count carried on from its previous one) hides nothing either
    const next = await checkpointAuditHead(p.deps.db, store, new Date(), cp!);
    expect(next!.auditId).toBeGreaterThan(victims[4]);
    const cli = await auditVerifyCli(p);
    expect(cli.code).toBe(1);
    expect(cli.out).toContain(`缺失的记录：${victims.map((id) => `#${id}`).join(', ')}`);
  }, 60_000);

  it('a checkpoint line without a valid platform signature is reported, and an unreadable line is only a warning', async () => {
    await loginAs(p.app, 'learner');
    const store = { ...checkpointStoreOf(p.deps.config), file: path.join(p.deps.config.dataDir, 'forged.jsonl') };
    const cp = (await checkpointAuditHead(p.deps.db, store, new Date()))!;
    fs.appendFileSync(store.file, '{"v":1,"at":"2026-\n');
    expect(await verifyAuditChain(p.deps.db, store)).toMatchObject({
      ok: true,
      warnings: ['检查点文件第 2 行无法读取，已跳过（可能是写入中断）'],
    });
    // a forged checkpoint claiming records that never existed
    fs.appendFileSync(store.file, JSON.stringify({ ...cp, auditId: cp.auditId + 50, count: cp.count + 50 }) + '\n');
    const v = await verifyAuditChain(p.deps.db, store);
    expect(v.ok).toBe(false);
    expect(v.firstBroken?.reason).toContain('第 3 行的签名无效');
    expect(v.missing).toBeNull();
  });

  it('a chain rewritten after a deletion (every later hash recomputed) no longer matches its checkpoint', async () => {
    for (let i = 0; i < 4; i++) await loginAs(p.app, 'learner');
    const store = { ...checkpointStoreOf(p.deps.config), file: path.join(p.deps.config.dataDir, 'rewrite.jsonl') };
    await checkpointAuditHead(p.deps.db, store, new Date());
    const rows = (await p.deps.db.selectFrom('audit_log').selectAll().orderBy('id').execute()).slice(-4);
    await forceDelete(p, [rows[1].id]);
    if (p.dialect === 'postgres')
      await sql`alter table audit_log disable trigger audit_log_no_change`.execute(p.deps.db);
    else await sql`drop trigger if exists audit_log_no_update`.execute(p.deps.db);
    let prev = rows[0].hash;
    for (const r of rows.slice(2)) {
      const { id, prev_hash: _p, hash: _h, ...rest } = r;
      const hash = auditHash(prev, rest);
      await sql`update audit_log set prev_hash = ${prev}, hash = ${hash} where id = ${id}`.execute(p.deps.db);
      prev = hash;
    }
    if (p.dialect === 'postgres')
      await sql`alter table audit_log enable trigger audit_log_no_change`.execute(p.deps.db);
    expect((await verifyAuditChain(p.deps.db)).ok).toBe(true); // a consistent forgery
    const v = await verifyAuditChain(p.deps.db, store);
    expect(v.ok).toBe(false);
    expect(v.firstBroken?.id).toBe(rows.at(-1)!.id);
    expect(v.firstBroken?.reason).toContain('签名检查点不符');
  });

  it('a running server checkpoints the head when the chain has grown, and once more when it stops', async () => {
    const store = { ...checkpointStoreOf(p.deps.config), file: path.join(p.deps.config.dataDir, 'loop.jsonl') };
    const errors: unknown[] = [];
    const loop = startCheckpointLoop(
      p.deps.db,
      store,
      () => new Date(),
      40,
      (e) => errors.push(e),
    );
    await new Promise((r) => setTimeout(r, 150));
    const first = readCheckpoints(store.file).checkpoints;
    expect(first.length).toBe(1); // the head did not move: one checkpoint, not one per tick
    await loginAs(p.app, 'learner');
    await new Promise((r) => setTimeout(r, 150));
    await loginAs(p.app, 'learner');
    await loop.stop();
    const all = readCheckpoints(store.file).checkpoints.map((c) => c.cp);
    const head = (await ids(p)).at(-1)!;
    expect(all.length).toBe(3);
    expect(all.at(-1)).toMatchObject({ auditId: head.id, hash: head.hash });
    expect(errors).toEqual([]);
    expect(fs.statSync(store.file).mode & 0o777).toBe(0o600);
  });
});
