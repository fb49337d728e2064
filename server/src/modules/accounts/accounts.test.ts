import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestPlatform,
  json,
  loginAs,
  makeUser,
  PASSWORD,
  TEST_DB,
  type TestPlatform,
} from '../../../test/harness.js';

describe(`accounts (${TEST_DB})`, () => {
  let p: TestPlatform;
  let sys: string;
  let sec: string;
  beforeAll(async () => {
    p = await createTestPlatform();
    sys = await loginAs(p.app, 'system-admin');
    sec = await loginAs(p.app, 'security-admin');
  });
  afterAll(async () => p?.close());
  const req = (cookie: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    p.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
  const create = (body: object) =>
    req(sys, 'POST', '/api/accounts', { displayName: '新账号', password: 'Strong#2026', ...body });

  it('creates an official bound to a region of the right level, who must change the password first', async () => {
    const r = await create({ username: 'kaifeng-edu', role: 'city_edu', regionCode: '410200' });
    expect(r.statusCode).toBe(201);
    expect(json(r)).toMatchObject({ role: 'city_edu', roleLabel: '市教育局', scopeLabel: '开封市', status: 'active' });
    const me = json(
      await p.app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: { cookie: await loginAs(p.app, 'kaifeng-edu', 'Strong#2026') },
      }),
    );
    expect(me.user.mustChangePassword).toBe(true);
    expect(me.user.scope.path).toEqual(['河南省', '开封市']);
  });

  it('lets a 省直管县 or 济源示范区 hold city-level departments', async () => {
    expect((await create({ username: 'gongyi-edu', role: 'city_edu', regionCode: '410181' })).statusCode).toBe(201);
    expect((await create({ username: 'jiyuan-hrss', role: 'city_hrss', regionCode: '419001' })).statusCode).toBe(201);
  });

  it.each([
    [{ role: 'city_hrss', regionCode: '410000' }, 'INVALID_SCOPE_FOR_ROLE', '市级'],
    [{ role: 'province_edu', regionCode: '410100' }, 'INVALID_SCOPE_FOR_ROLE', '省级'],
    [{ role: 'county_hrss' }, 'INVALID_SCOPE_FOR_ROLE', '须指定所辖行政区划'],
    [{ role: 'institution_admin' }, 'INVALID_SCOPE_FOR_ROLE', '须指定所属机构'],
    [{ role: 'institution_admin', institutionId: 99999 }, 'INSTITUTION_NOT_FOUND', '不存在'],
    [{ role: 'learner', regionCode: '410100' }, 'INVALID_SCOPE_FOR_ROLE', '不绑定'],
    [{ role: 'county_edu', regionCode: '419999' }, 'REGION_NOT_FOUND', '不存在'],
  ])('refuses a scope that does not fit the role: %j', async (body, code, msg) => {
    const r = await create({ username: `bad-${Math.random().toString(36).slice(2, 8)}`, ...body });
    expect(r.statusCode).toBe(400);
    expect(json(r).error.code).toBe(code);
    expect(json(r).error.message).toContain(msg);
    expect(json(r).error.details.length).toBeGreaterThan(0);
  });

  it('refuses weak passwords, taken usernames, and minting an administrator (CLI only)', async () => {
    expect(json(await create({ username: 'weakling', role: 'learner', password: 'password' })).error.code).toBe(
      'PASSWORD_TOO_WEAK',
    );
    expect(json(await create({ username: 'city-admin', role: 'learner' })).error.code).toBe('USERNAME_TAKEN');
    const admin = await create({ username: 'another-auditor', role: 'audit_admin' });
    expect(admin.statusCode).toBe(403);
    expect(json(admin).error.message).toContain('命令行');
    const count = await p.deps.db
      .selectFrom('users')
      .select('id')
      .where('username', 'in', ['weakling', 'another-auditor'])
      .execute();
    expect(count).toHaveLength(0);
  });

  it('lists and searches accounts with scope labels', async () => {
    const r = json(await req(sec, 'GET', `/api/accounts?q=${encodeURIComponent('school-admin')}`));
    expect(r.items).toEqual([
      expect.objectContaining({ username: 'school-admin', scopeLabel: '郑州智能制造职业学院' }),
    ]);
    const byRole = json(await req(sys, 'GET', '/api/accounts?role=city_hrss&pageSize=50'));
    expect(byRole.items.every((a: any) => a.role === 'city_hrss')).toBe(true);
  });

  it('the security administrator unlocks a locked account and resets a password; both are audited', async () => {
    const id = await makeUser(p.deps, { username: 'forgetful', role: 'learner' });
    for (let i = 0; i < 5; i++)
      await p.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'forgetful', password: 'Nope#1234' },
      });
    const locked = json(await req(sec, 'GET', '/api/accounts?q=forgetful')).items[0];
    expect(locked.lockedUntil).not.toBeNull();
    const u = await req(sec, 'POST', `/api/accounts/${id}/unlock`);
    expect(json(u).lockedUntil).toBeNull();
    expect(
      (
        await p.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'forgetful', password: PASSWORD },
        })
      ).statusCode,
    ).toBe(200);
    const reset = await req(sec, 'POST', `/api/accounts/${id}/reset-password`, { newPassword: 'Fresh#2026' });
    expect(reset.statusCode).toBe(200);
    const me = json(
      await p.app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: { cookie: await loginAs(p.app, 'forgetful', 'Fresh#2026') },
      }),
    );
    expect(me.user.mustChangePassword).toBe(true);
    const actions = (
      await p.deps.db.selectFrom('audit_log').select('action').where('object_id', '=', String(id)).execute()
    ).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['auth.lock', 'account.unlock', 'account.reset_password']));
  });

  it('no administrator acts on their own account or on another administrator', async () => {
    const rows = await p.deps.db
      .selectFrom('users')
      .select(['id', 'username'])
      .where('username', 'in', ['security-admin', 'audit-admin'])
      .execute();
    const self = rows.find((r) => r.username === 'security-admin')!.id;
    const auditor = rows.find((r) => r.username === 'audit-admin')!.id;
    expect(
      json(await req(sec, 'POST', `/api/accounts/${self}/reset-password`, { newPassword: 'Fresh#2026' })).error.code,
    ).toBe('SELF_ACTION_FORBIDDEN');
    expect(
      json(await req(sec, 'POST', `/api/accounts/${auditor}/reset-password`, { newPassword: 'Fresh#2026' })).error.code,
    ).toBe('FORBIDDEN_ROLE');
    expect(json(await req(sys, 'PATCH', `/api/accounts/${auditor}`, { status: 'disabled' })).error.code).toBe(
      'FORBIDDEN_ROLE',
    );
  });
});
