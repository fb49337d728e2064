/**
 * Issue 11 finding 5, accounts: a password that must change confines the session; the password
 * policy refuses common passwords, the username and (outside demo mode) the demo password; demo
 * accounts sign in only in demo mode.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../lib/demo-accounts.js';
import { demoAccountsWarning } from '../../platform.js';
import { countActiveDemoAccounts } from '../accounts/accounts.queries.js';
import {
  createTestPlatform,
  json,
  loginAs,
  makeUser,
  PASSWORD,
  TEST_DB,
  type TestPlatform,
} from '../../../test/harness.js';

describe(`finding 5: accounts (${TEST_DB})`, () => {
  let p: TestPlatform;
  /** the same database started outside demo mode (SKILLCERT_DEMO=0) */
  let prod: FastifyInstance;
  let sys: string;
  let sec: string;
  beforeAll(async () => {
    p = await createTestPlatform();
    prod = await buildApp({ ...p.deps, config: { ...p.deps.config, demo: false } }, { logger: false });
    await prod.ready();
    sys = await loginAs(p.app, 'system-admin');
    sec = await loginAs(p.app, 'security-admin');
  });
  afterAll(async () => {
    await prod?.close();
    await p?.close();
  });
  const call = (app: FastifyInstance, cookie: string | null, method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload ? { payload } : {}) });
  const login = (app: FastifyInstance, username: string, password: string) =>
    app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

  it('finding 5: a session whose password must change reaches only /me, sign-out and the password change', async () => {
    const created = await call(p.app, sys, 'POST', '/api/accounts', {
      username: 'new-learner',
      displayName: '新学员',
      role: 'learner',
      password: 'Initial#7rq2',
    });
    expect(created.statusCode).toBe(201);
    const cookie = await loginAs(p.app, 'new-learner', 'Initial#7rq2');
    const me = json(await call(p.app, cookie, 'GET', '/api/auth/me'));
    expect(me.user).toMatchObject({ mustChangePassword: true, restriction: 'password_change' });
    for (const url of ['/api/home', '/api/me/registrations', '/api/regions', '/api/levels']) {
      const r = await call(p.app, cookie, 'GET', url);
      expect(r.statusCode, url).toBe(403);
      expect(json(r).error.code, url).toBe('PASSWORD_CHANGE_REQUIRED');
    }
    // enrolling a second factor is not open before the password changes
    expect(json(await call(p.app, cookie, 'POST', '/api/auth/second-factor/enrolment')).error.code).toBe(
      'PASSWORD_CHANGE_REQUIRED',
    );
    const changed = await call(p.app, cookie, 'POST', '/api/auth/password', {
      currentPassword: 'Initial#7rq2',
      newPassword: 'Changed#9kx4',
    });
    expect(changed.statusCode).toBe(204);
    expect(json(await call(p.app, cookie, 'GET', '/api/auth/me')).user.restriction).toBeNull();
    expect((await call(p.app, cookie, 'GET', '/api/home')).statusCode).toBe(200);
  });

  it('finding 5: an administrator reset confines the account again until it changes the password', async () => {
    const id = await makeUser(p.deps, { username: 'reset-me', role: 'learner', demo: false });
    const r = await call(p.app, sec, 'POST', `/api/accounts/${id}/reset-password`, { newPassword: 'Reset#8mq3v' });
    expect(r.statusCode).toBe(200);
    const cookie = await loginAs(p.app, 'reset-me', 'Reset#8mq3v');
    expect(json(await call(p.app, cookie, 'GET', '/api/home')).error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await call(p.app, cookie, 'POST', '/api/auth/logout')).statusCode).toBe(204);
  });

  const refused = async (res: Awaited<ReturnType<typeof login>>, field: string, reason: string) => {
    expect(res.statusCode, res.body).toBe(400);
    expect(json(res).error.code).toBe('PASSWORD_TOO_WEAK');
    expect(json(res).error.details).toContainEqual({ field, message: expect.stringContaining(reason) });
  };

  it('finding 5: the policy refuses Password1 and other common passwords wherever a password is set', async () => {
    const create = (password: string) =>
      call(p.app, sys, 'POST', '/api/accounts', {
        username: 'common-pw',
        displayName: '常见密码',
        role: 'learner',
        password,
      });
    for (const pw of ['Password1', 'Password1!', 'P@ssw0rd', 'Qwerty123!'])
      await refused(await create(pw), '/password', '常见密码');
    await refused(await create('Admin@123'), '/password', '容易被猜中');
    const id = await makeUser(p.deps, { username: 'policy-reset', role: 'learner' });
    await refused(
      await call(p.app, sec, 'POST', `/api/accounts/${id}/reset-password`, { newPassword: 'Password1' }),
      '/newPassword',
      '常见密码',
    );
    const cookie = await loginAs(p.app, 'policy-reset');
    await refused(
      await call(p.app, cookie, 'POST', '/api/auth/password', { currentPassword: PASSWORD, newPassword: 'Password1' }),
      '/newPassword',
      '常见密码',
    );
    expect(await p.deps.db.selectFrom('users').select('id').where('username', '=', 'common-pw').execute()).toEqual([]);
  });

  it('finding 5: the policy refuses a password that contains the username', async () => {
    await refused(
      await call(p.app, sys, 'POST', '/api/accounts', {
        username: 'wang-wei',
        displayName: '王伟',
        role: 'learner',
        password: 'Wang-Wei#2026x',
      }),
      '/password',
      '用户名',
    );
    const id = await makeUser(p.deps, { username: 'zhaolei', role: 'learner' });
    await refused(
      await call(p.app, sec, 'POST', `/api/accounts/${id}/reset-password`, { newPassword: 'ZhaoLei#7rq2' }),
      '/newPassword',
      '用户名',
    );
    const cookie = await loginAs(p.app, 'zhaolei');
    await refused(
      await call(p.app, cookie, 'POST', '/api/auth/password', {
        currentPassword: PASSWORD,
        newPassword: 'x7#zhaolei#Q',
      }),
      '/newPassword',
      '用户名',
    );
  });

  it('finding 5: outside demo mode the policy refuses the public demo password', async () => {
    await makeUser(p.deps, { username: 'prod-user', role: 'learner', demo: false });
    const cookie = await loginAs(prod, 'prod-user');
    expect(
      (
        await call(prod, cookie, 'POST', '/api/auth/password', {
          currentPassword: PASSWORD,
          newPassword: 'Interim#5wz8',
        })
      ).statusCode,
    ).toBe(204);
    await refused(
      await call(prod, cookie, 'POST', '/api/auth/password', {
        currentPassword: 'Interim#5wz8',
        newPassword: DEMO_PASSWORD,
      }),
      '/newPassword',
      '演示密码',
    );
    // in demo mode the same password is the demo's own, and allowed
    const demoCookie = await loginAs(p.app, 'prod-user', 'Interim#5wz8');
    expect(
      (
        await call(p.app, demoCookie, 'POST', '/api/auth/password', {
          currentPassword: 'Interim#5wz8',
          newPassword: DEMO_PASSWORD,
        })
      ).statusCode,
    ).toBe(204);
  });

  it('finding 5: a database seeded in demo mode and started outside it refuses every demo account', async () => {
    const demoNames = [...DEMO_ACCOUNTS.map((a) => a.username), 'school-reviewer'];
    const marked = await p.deps.db
      .selectFrom('users')
      .select(['username', 'is_demo'])
      .where('username', 'in', demoNames)
      .execute();
    expect(marked).toHaveLength(demoNames.length);
    expect(marked.every((u) => u.is_demo === 1)).toBe(true);
    for (const username of demoNames) {
      const r = await login(prod, username, DEMO_PASSWORD);
      expect(r.statusCode, username).toBe(403);
      expect(json(r).error.code).toBe('DEMO_ACCOUNT_DISABLED');
      expect(json(r).error.message).toContain('演示模式');
    }
    const denied = await p.deps.db
      .selectFrom('audit_log')
      .select(['actor_name', 'outcome', 'detail'])
      .where('action', '=', 'auth.login')
      .where('actor_name', '=', 'system-admin')
      .where('outcome', '=', 'denied')
      .execute();
    expect(denied).toContainEqual({
      actor_name: 'system-admin',
      outcome: 'denied',
      detail: 'demo account outside demo mode',
    });
    // the same accounts sign in in demo mode; an account of the installation's own signs in outside it
    expect((await login(p.app, 'city-admin', DEMO_PASSWORD)).statusCode).toBe(200);
    await makeUser(p.deps, { username: 'real-learner', role: 'learner', demo: false });
    expect((await login(prod, 'real-learner', PASSWORD)).statusCode).toBe(200);
    // start-up names how many demo accounts are refused
    const n = await countActiveDemoAccounts(p.deps.db);
    expect(n).toBeGreaterThanOrEqual(demoNames.length);
    expect(demoAccountsWarning(n)).toContain(`${n} 个演示账号`);
  });

  it('finding 5: the account list shows which accounts are demo accounts and which have a second factor', async () => {
    const r = json(await call(p.app, sec, 'GET', '/api/accounts?q=city-admin'));
    expect(r.items[0]).toMatchObject({ username: 'city-admin', isDemo: true, secondFactor: false });
    const real = json(await call(p.app, sec, 'GET', '/api/accounts?q=real-learner'));
    expect(real.items[0]).toMatchObject({ isDemo: false });
  });
});
