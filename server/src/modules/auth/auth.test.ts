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

const login = (p: TestPlatform, username: string, password: string) =>
  p.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
const me = (p: TestPlatform, cookie: string) =>
  p.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });

describe(`auth (${TEST_DB})`, () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform();
  });
  afterAll(async () => p?.close());

  it('logs in with an HttpOnly, SameSite=Strict session cookie and answers /me with role and scope', async () => {
    const res = await login(p, 'city-admin', PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/sc_session=[\w-]{40,}/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const body = json(await me(p, cookie.split(';')[0]));
    expect(body.user).toMatchObject({
      username: 'city-admin',
      role: 'city_hrss',
      roleLabel: '市人社局',
      scope: { kind: 'region', regionCode: '410100', label: '郑州市', path: ['河南省', '郑州市'] },
    });
    expect(body.user.session.idleTimeoutSeconds).toBe(15 * 60);
  });

  it('stores only a hash of the session token', async () => {
    const cookie = await loginAs(p.app, 'province-admin');
    const token = cookie.split('=')[1];
    const rows = await p.deps.db.selectFrom('sessions').select('id_hash').execute();
    expect(rows.some((r) => r.id_hash === token)).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.id_hash))).toBe(true);
  });

  it('gives the same answer for a wrong password and an unknown user, and audits both', async () => {
    const wrong = await login(p, 'city-admin', 'Wrong#2026');
    const unknown = await login(p, 'no-such-user', 'Wrong#2026');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(json(wrong).error.code).toBe('AUTH_INVALID_CREDENTIALS');
    expect(json(unknown).error).toEqual({ ...json(wrong).error, requestId: json(unknown).error.requestId });
    const failures = await p.deps.db
      .selectFrom('audit_log')
      .select(['actor_name', 'outcome'])
      .where('action', '=', 'auth.login')
      .where('outcome', '=', 'failure')
      .execute();
    expect(failures.map((f) => f.actor_name)).toEqual(expect.arrayContaining(['city-admin', 'no-such-user']));
  });

  it('locks an account for 30 minutes after 5 failures in 15 minutes, even for the right password', async () => {
    await makeUser(p.deps, { username: 'lock-me', role: 'learner' });
    for (let i = 0; i < 4; i++) expect((await login(p, 'lock-me', 'Bad#pass1')).statusCode).toBe(401);
    const fifth = await login(p, 'lock-me', 'Bad#pass1');
    expect(fifth.statusCode).toBe(423);
    expect(json(fifth).error.code).toBe('AUTH_LOCKED');
    expect((await login(p, 'lock-me', PASSWORD)).statusCode).toBe(423);
    p.clock.advanceMinutes(29);
    expect((await login(p, 'lock-me', PASSWORD)).statusCode).toBe(423);
    p.clock.advanceMinutes(2);
    expect((await login(p, 'lock-me', PASSWORD)).statusCode).toBe(200);
    const lock = await p.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'auth.lock')
      .executeTakeFirst();
    expect(lock?.object_type).toBe('user');
  });

  it('does not lock for 5 failures spread over more than 15 minutes', async () => {
    await makeUser(p.deps, { username: 'slow-typist', role: 'learner' });
    for (let i = 0; i < 5; i++) {
      expect((await login(p, 'slow-typist', 'Bad#pass1')).statusCode).toBe(401);
      p.clock.advanceMinutes(4);
    }
    expect((await login(p, 'slow-typist', PASSWORD)).statusCode).toBe(200);
  });

  it('locks an unknown username the same way, so a lock does not reveal that an account exists', async () => {
    const answers: number[] = [];
    for (let i = 0; i < 6; i++) answers.push((await login(p, 'ghost-user', 'Bad#pass1')).statusCode);
    expect(answers).toEqual([401, 401, 401, 401, 423, 423]);
    p.clock.advanceMinutes(31);
    expect((await login(p, 'ghost-user', 'Bad#pass1')).statusCode).toBe(401);
  });

  it('ends a session after 15 idle minutes, but activity keeps it alive', async () => {
    const cookie = await loginAs(p.app, 'learner');
    for (let i = 0; i < 3; i++) {
      p.clock.advanceMinutes(14);
      expect((await me(p, cookie)).statusCode).toBe(200);
    }
    p.clock.advanceMinutes(16);
    const res = await me(p, cookie);
    expect(res.statusCode).toBe(401);
    expect(json(res).error.code).toBe('SESSION_EXPIRED');
    expect((await me(p, cookie)).statusCode).toBe(401);
  });

  it('ends a session 12 hours after login however active it is', async () => {
    const cookie = await loginAs(p.app, 'school-admin');
    for (let m = 0; m < 12 * 60 - 10; m += 10) {
      p.clock.advanceMinutes(10);
      if (m % 60 === 0) expect((await me(p, cookie)).statusCode).toBe(200);
      else await me(p, cookie);
    }
    p.clock.advanceMinutes(11);
    expect(json(await me(p, cookie)).error.code).toBe('SESSION_EXPIRED');
  });

  it('honours configured timeouts', async () => {
    const q = await createTestPlatform({ sessionIdleMinutes: 2, sessionAbsoluteHours: 1 });
    try {
      const cookie = await loginAs(q.app, 'learner');
      q.clock.advanceMinutes(3);
      expect((await me(q, cookie)).statusCode).toBe(401);
    } finally {
      await q.close();
    }
  });

  it('logout ends the session and is audited', async () => {
    const cookie = await loginAs(p.app, 'province-edu');
    const out = await p.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    expect((await me(p, cookie)).statusCode).toBe(401);
    const rec = await p.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'auth.logout')
      .where('actor_name', '=', 'province-edu')
      .executeTakeFirst();
    expect(rec?.outcome).toBe('success');
  });

  it('a disabled account cannot log in and its sessions end', async () => {
    const id = await makeUser(p.deps, { username: 'to-disable', role: 'learner' });
    const cookie = await loginAs(p.app, 'to-disable');
    const admin = await loginAs(p.app, 'system-admin');
    const r = await p.app.inject({
      method: 'PATCH',
      url: `/api/accounts/${id}`,
      headers: { cookie: admin },
      payload: { status: 'disabled' },
    });
    expect(r.statusCode).toBe(200);
    expect((await me(p, cookie)).statusCode).toBe(401);
    const again = await login(p, 'to-disable', PASSWORD);
    expect(again.statusCode).toBe(401);
    expect(json(again).error.code).toBe('AUTH_INVALID_CREDENTIALS');
  });

  it('changing a password requires the current one and enforces strength (8+ chars, 3 classes)', async () => {
    await makeUser(p.deps, { username: 'changer', role: 'learner' });
    const cookie = await loginAs(p.app, 'changer');
    const post = (payload: object) =>
      p.app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie }, payload });
    expect(json(await post({ currentPassword: 'nope', newPassword: 'Good#Pass1' })).error.code).toBe(
      'AUTH_INVALID_CREDENTIALS',
    );
    const weak = await post({ currentPassword: PASSWORD, newPassword: 'alllowercase' });
    expect(weak.statusCode).toBe(400);
    expect(json(weak).error.code).toBe('PASSWORD_TOO_WEAK');
    expect(json(weak).error.details[0].field).toBe('/newPassword');
    expect(json(await post({ currentPassword: PASSWORD, newPassword: 'Ab1!' })).error.message).toContain(
      '至少 8 个字符',
    );
    expect((await post({ currentPassword: PASSWORD, newPassword: 'Good#Pass1' })).statusCode).toBe(204);
    expect((await login(p, 'changer', PASSWORD)).statusCode).toBe(401);
    expect((await login(p, 'changer', 'Good#Pass1')).statusCode).toBe(200);
  });

  it('stores passwords as salted Argon2id hashes', async () => {
    const rows = await p.deps.db
      .selectFrom('users')
      .select('password_hash')
      .where('username', 'in', ['city-admin', 'learner'])
      .execute();
    expect(rows.every((r) => r.password_hash.startsWith('$argon2id$'))).toBe(true);
    expect(rows[0].password_hash).not.toBe(rows[1].password_hash);
  });
});
