import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, json, loginAs, TEST_DB, type TestPlatform } from '../../../test/harness.js';
import { verifyAuditChain } from './audit.service.js';

describe(`audit trail (${TEST_DB})`, () => {
  let p: TestPlatform;
  let auditor: string;
  beforeAll(async () => {
    p = await createTestPlatform();
    auditor = await loginAs(p.app, 'audit-admin');
  });
  afterAll(async () => p?.close());

  const get = (url: string) => p.app.inject({ method: 'GET', url, headers: { cookie: auditor } });

  it('records logins, failed logins, changes with before/after, denials and exports', async () => {
    const prov = await loginAs(p.app, 'province-admin');
    await p.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'province-admin', password: 'Wrong#1234' },
    });
    const patch = await p.app.inject({
      method: 'PATCH',
      url: '/api/occupations/1',
      headers: { cookie: prov },
      payload: { note: '编码已核实' },
    });
    expect(patch.statusCode).toBe(200);
    await p.app.inject({ method: 'GET', url: '/api/accounts', headers: { cookie: prov } });
    await p.app.inject({ method: 'GET', url: '/api/institutions/export', headers: { cookie: prov } });

    const rows = json(await get('/api/audit?pageSize=200')).items as any[];
    const find = (action: string, outcome = 'success') =>
      rows.find((r) => r.action === action && r.outcome === outcome && r.actorName === 'province-admin');
    expect(find('auth.login')).toBeTruthy();
    expect(find('auth.login', 'failure')).toMatchObject({ detail: 'wrong password' });
    const change = find('occupation.update');
    expect(change).toMatchObject({
      actorRole: 'province_hrss',
      actorScope: '河南省',
      objectType: 'occupation',
      objectId: '1',
    });
    expect(change.before.note).not.toBe('编码已核实');
    expect(change.after.note).toBe('编码已核实');
    expect(change.ip).toBeTruthy();
    expect(change.requestId).toBe(patch.headers['x-request-id']);
    expect(change.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(find('access.denied', 'denied')).toMatchObject({ objectType: 'route', objectId: 'GET /api/accounts' });
    // the demo's 42 institutions and the two training providers registered with them (seed/demo-training.ts)
    expect(JSON.parse(find('institution.export').detail).rows).toBe(44);
  });

  it('names actors and the accounts, institutions and certificates acted on — never “user #7”; the audit home chart reads actions in words', async () => {
    const security = await loginAs(p.app, 'security-admin');
    const target = await p.deps.db
      .selectFrom('users')
      .select(['id', 'username', 'display_name'])
      .where('username', '=', 'learner')
      .executeTakeFirstOrThrow();
    const unlock = await p.app.inject({
      method: 'POST',
      url: `/api/accounts/${target.id}/unlock`,
      headers: { cookie: security },
    });
    expect(unlock.statusCode, unlock.body).toBeLessThan(300);
    const rows = json(await get('/api/audit?pageSize=50&action=account.unlock')).items as any[];
    expect(rows[0]).toMatchObject({
      actorName: 'security-admin',
      actorDisplayName: expect.stringMatching(/[\u4e00-\u9fff]/),
      objectType: 'user',
      objectId: String(target.id),
      objectLabel: `${target.display_name} (learner)`,
    });
    const home = json(await get('/api/home'));
    const names = (home.chart.items as { name: string }[]).map((i) => i.name);
    expect(names).toContain('登录');
    expect(names.some((n) => /^[a-z_]+\.[a-z_.]+$/.test(n))).toBe(false);
    const en = json(
      await p.app.inject({ method: 'GET', url: '/api/home', headers: { cookie: auditor, 'accept-language': 'en' } }),
    );
    expect(en.title).toBe('Audit administrator');
    expect((en.chart.items as { name: string }[]).map((i) => i.name)).toContain('Sign-in');
    expect(JSON.stringify(en)).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('filters by actor, action, outcome and time, newest first', async () => {
    const byActor = json(await get('/api/audit?actor=province-admin&outcome=failure'));
    expect(byActor.total).toBeGreaterThan(0);
    expect(byActor.items.every((r: any) => r.actorName === 'province-admin' && r.outcome === 'failure')).toBe(true);
    const future = json(
      await get(`/api/audit?from=${encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString())}`),
    );
    expect(future.total).toBe(0);
    const all = json(await get('/api/audit?pageSize=5'));
    expect(all.items.map((r: any) => r.id)).toEqual(
      [...all.items.map((r: any) => r.id)].sort((a: number, b: number) => b - a),
    );
    expect(json(await get('/api/audit?outcome=maybe')).error.code).toBe('VALIDATION_FAILED');
  });

  it('the database refuses to update or delete an audit record', async () => {
    await expect(p.deps.db.updateTable('audit_log').set({ action: 'x' }).where('id', '=', 1).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(p.deps.db.deleteFrom('audit_log').where('id', '=', 1).execute()).rejects.toThrow(/append-only/);
  });

  it('the chain verifies; the API reports ok with the count checked', async () => {
    const r = json(await get('/api/audit/verify'));
    expect(r.ok).toBe(true);
    expect(r.firstBroken).toBeNull();
    expect(r.checked).toBeGreaterThan(5);
  });

  it('an edited audit row is detected and named by the verifier (API and function)', async () => {
    const target = await p.deps.db
      .selectFrom('audit_log')
      .select(['id'])
      .where('action', '=', 'occupation.update')
      .executeTakeFirstOrThrow();
    // bypass the append-only guard the way someone with database access might
    if (p.dialect === 'postgres') {
      await sql`alter table audit_log disable trigger audit_log_no_change`.execute(p.deps.db);
      await sql`update audit_log set after_json = ${'{"note":"伪造"}'} where id = ${target.id}`.execute(p.deps.db);
      await sql`alter table audit_log enable trigger audit_log_no_change`.execute(p.deps.db);
    } else {
      await sql`drop trigger audit_log_no_update`.execute(p.deps.db);
      await sql`update audit_log set after_json = ${'{"note":"伪造"}'} where id = ${target.id}`.execute(p.deps.db);
    }
    const r = json(await get('/api/audit/verify'));
    expect(r.ok).toBe(false);
    expect(r.firstBroken.id).toBe(target.id);
    expect(r.firstBroken.reason).toContain('被改动');
    expect((await verifyAuditChain(p.deps.db)).firstBroken?.id).toBe(target.id);
  });

  it('a deleted audit row breaks the link of the record after it', async () => {
    const q = await createTestPlatform();
    try {
      await loginAs(q.app, 'learner');
      await loginAs(q.app, 'learner');
      const rows = await q.deps.db.selectFrom('audit_log').select('id').orderBy('id').execute();
      const victim = rows[1].id;
      if (q.dialect === 'postgres')
        await sql`alter table audit_log disable trigger audit_log_no_change`.execute(q.deps.db);
      else await sql`drop trigger audit_log_no_delete`.execute(q.deps.db);
      await sql`delete from audit_log where id = ${victim}`.execute(q.deps.db);
      const v = await verifyAuditChain(q.deps.db);
      expect(v.ok).toBe(false);
      expect(v.firstBroken?.id).toBe(rows[2].id);
      expect(v.firstBroken?.reason).toContain('prev_hash');
    } finally {
      await q.close();
    }
  });

  it('concurrent writers keep one unbroken chain', async () => {
    const q = await createTestPlatform();
    try {
      const cookie = await loginAs(q.app, 'province-admin');
      await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          q.app.inject({
            method: 'PATCH',
            url: `/api/occupations/${(i % 10) + 1}`,
            headers: { cookie },
            payload: { note: `并发 ${i}` },
          }),
        ),
      );
      const v = await verifyAuditChain(q.deps.db);
      expect(v.ok).toBe(true);
      const n = await q.deps.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('action', '=', 'occupation.update')
        .executeTakeFirstOrThrow();
      expect(Number(n.n)).toBe(30);
    } finally {
      await q.close();
    }
  });
});
