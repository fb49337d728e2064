/**
 * Issue 11 finding 5 / deliver 5: a second factor (等保 level 3 身份鉴别 d) for the three
 * administrators and the officials who approve filings: TOTP enrolment, two-step sign-in, lockout
 * on wrong codes, single-use recovery codes, administrator reset, every step audited; demo
 * accounts exempt in demo mode only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from 'otplib';
import { SECOND_FACTOR_DEFAULT_ROLES } from '../../../../contract/access.js';
import { buildApp } from '../../app.js';
import {
  cookieOf,
  createTestPlatform,
  json,
  loginAs,
  makeUser,
  PASSWORD,
  TEST_DB,
  type TestPlatform,
} from '../../../test/harness.js';

describe(`finding 5: second factor (${TEST_DB})`, () => {
  let p: TestPlatform;
  let sys: string;
  let sec: string;
  beforeAll(async () => {
    p = await createTestPlatform();
    sys = await loginAs(p.app, 'system-admin');
    sec = await loginAs(p.app, 'security-admin');
  });
  afterAll(async () => p?.close());

  const call = (cookie: string | null, method: 'GET' | 'POST', url: string, payload?: object) =>
    p.app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(payload ? { payload } : {}) });
  const login = (username: string, password: string) =>
    p.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  /** the code an authenticator app shows now, on the platform's clock */
  const codeNow = (secret: string) => generate({ secret, epoch: Math.floor(p.clock.now().getTime() / 1000) });
  /** the next 30-second step, so a fresh code is not the one just used */
  const nextStep = () => p.clock.set(new Date(p.clock.now().getTime() + 30_000));
  const secrets = new Map<string, string>();
  const recovery = new Map<string, string[]>();

  /** An official made by the system administrator, password changed, second factor enrolled. */
  async function enrolledOfficial(username: string, role = 'city_hrss', region = '410200') {
    expect(
      (
        await call(sys, 'POST', '/api/accounts', {
          username,
          displayName: '测试官员',
          role,
          regionCode: region,
          password: 'Initial#7rq2',
        })
      ).statusCode,
    ).toBe(201);
    const cookie = await loginAs(p.app, username, 'Initial#7rq2');
    await call(cookie, 'POST', '/api/auth/password', { currentPassword: 'Initial#7rq2', newPassword: 'Official#4kd9' });
    const start = json(await call(cookie, 'POST', '/api/auth/second-factor/enrolment'));
    const done = json(
      await call(cookie, 'POST', '/api/auth/second-factor/enrolment/confirm', { code: await codeNow(start.secret) }),
    );
    secrets.set(username, start.secret);
    recovery.set(username, done.recoveryCodes);
    nextStep();
    return cookie;
  }
  /** Password, then code: the full session's cookie (or the failed answer). */
  async function signIn(username: string, code: (secret: string) => Promise<string> | string) {
    const first = await login(username, 'Official#4kd9');
    expect(json(first)).toMatchObject({ secondFactorRequired: true });
    const pending = cookieOf(first);
    const second = await call(pending, 'POST', '/api/auth/second-factor', { code: await code(secrets.get(username)!) });
    return { pending, second };
  }

  it('finding 5: by default the three administrators and the officials who approve filings need a second factor', () => {
    expect([...SECOND_FACTOR_DEFAULT_ROLES].sort()).toEqual(
      [
        'audit_admin',
        'city_edu',
        'city_hrss',
        'province_edu',
        'province_hrss',
        'security_admin',
        'system_admin',
      ].sort(),
    );
    expect(p.deps.config.secondFactorRoles).toEqual(SECOND_FACTOR_DEFAULT_ROLES);
  });

  it('finding 5: an approving official must enrol before anything else, with a QR code and a first code', async () => {
    await call(sys, 'POST', '/api/accounts', {
      username: 'kf-hrss',
      displayName: '开封人社',
      role: 'city_hrss',
      regionCode: '410200',
      password: 'Initial#7rq2',
    });
    const cookie = await loginAs(p.app, 'kf-hrss', 'Initial#7rq2');
    await call(cookie, 'POST', '/api/auth/password', { currentPassword: 'Initial#7rq2', newPassword: 'Official#4kd9' });
    const me = json(await call(cookie, 'GET', '/api/auth/me')).user;
    expect(me).toMatchObject({
      restriction: 'second_factor_enrolment',
      secondFactor: { required: true, enrolled: false, recoveryCodesLeft: 0 },
    });
    const home = await call(cookie, 'GET', '/api/home');
    expect(home.statusCode).toBe(403);
    expect(json(home).error.code).toBe('SECOND_FACTOR_ENROLMENT_REQUIRED');

    const start = json(await call(cookie, 'POST', '/api/auth/second-factor/enrolment'));
    expect(start.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(start.otpauthUri).toMatch(/^otpauth:\/\/totp\/skillcert:kf-hrss\?/);
    expect(start.otpauthUri).toContain(`secret=${start.secret}`);
    expect(start.qrDataUrl).toMatch(/^data:image\/png;base64,/);

    const wrong = await call(cookie, 'POST', '/api/auth/second-factor/enrolment/confirm', { code: '000000' });
    expect(wrong.statusCode).toBe(401);
    expect(json(wrong).error.code).toBe('SECOND_FACTOR_INVALID');
    const ok = await call(cookie, 'POST', '/api/auth/second-factor/enrolment/confirm', {
      code: await codeNow(start.secret),
    });
    expect(ok.statusCode).toBe(200);
    const codes: string[] = json(ok).recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    expect(codes.every((c) => /^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$/.test(c))).toBe(true);
    secrets.set('kf-hrss', start.secret);
    recovery.set('kf-hrss', codes);

    expect((await call(cookie, 'GET', '/api/home')).statusCode).toBe(200);
    expect(json(await call(cookie, 'GET', '/api/auth/me')).user.secondFactor).toEqual({
      required: true,
      enrolled: true,
      recoveryCodesLeft: 10,
    });
    // stored: the codes as Argon2id hashes only; a second enrolment is refused
    const rows = await p.deps.db.selectFrom('recovery_codes').select('code_hash').execute();
    expect(rows.every((r) => r.code_hash.startsWith('$argon2id$'))).toBe(true);
    expect(rows.some((r) => codes.includes(r.code_hash))).toBe(false);
    expect(json(await call(cookie, 'POST', '/api/auth/second-factor/enrolment')).error.code).toBe(
      'SECOND_FACTOR_ALREADY_ENROLLED',
    );
    nextStep();
  });

  it('finding 5: signing in takes the password, then a code; the pending session reaches nothing else', async () => {
    const first = await login('kf-hrss', 'Official#4kd9');
    expect(first.statusCode).toBe(200);
    expect(json(first)).toEqual({ secondFactorRequired: true, expiresAt: expect.any(String) });
    const pending = cookieOf(first);
    for (const url of ['/api/auth/me', '/api/home', '/api/institutions']) {
      const r = await call(pending, 'GET', url);
      expect(r.statusCode, url).toBe(401);
    }
    const code = await codeNow(secrets.get('kf-hrss')!);
    const second = await call(pending, 'POST', '/api/auth/second-factor', { code });
    expect(second.statusCode).toBe(200);
    expect(json(second).user).toMatchObject({ username: 'kf-hrss', restriction: null });
    const full = cookieOf(second);
    expect(full).not.toBe(pending);
    expect((await call(full, 'GET', '/api/home')).statusCode).toBe(200);
    // the pending session is spent, and the same code is not accepted twice
    expect((await call(pending, 'POST', '/api/auth/second-factor', { code })).statusCode).toBe(401);
    const again = cookieOf(await login('kf-hrss', 'Official#4kd9'));
    const replay = await call(again, 'POST', '/api/auth/second-factor', { code });
    expect(json(replay).error.code).toBe('SECOND_FACTOR_INVALID');
    // a code without a pending session is refused
    expect(json(await call(null, 'POST', '/api/auth/second-factor', { code: '123456' })).error.code).toBe(
      'AUTH_REQUIRED',
    );
    nextStep();
  });

  it('finding 5: a pending session runs out after 5 minutes', async () => {
    const pending = cookieOf(await login('kf-hrss', 'Official#4kd9'));
    p.clock.advanceMinutes(6);
    const r = await call(pending, 'POST', '/api/auth/second-factor', { code: await codeNow(secrets.get('kf-hrss')!) });
    expect(r.statusCode).toBe(401);
    expect(json(r).error.code).toBe('AUTH_REQUIRED');
  });

  it('finding 5: five wrong codes in 15 minutes lock the account; signing in again with the password does not reset the count', async () => {
    await enrolledOfficial('guess-target');
    const answers: number[] = [];
    for (let i = 0; i < 4; i++) answers.push((await signIn('guess-target', () => '111111')).second.statusCode);
    expect(answers).toEqual([401, 401, 401, 401]);
    const fifth = await signIn('guess-target', () => '222222');
    expect(fifth.second.statusCode).toBe(423);
    expect(json(fifth.second).error.code).toBe('AUTH_LOCKED');
    // locked: the right password and the right code are both refused now
    expect((await login('guess-target', 'Official#4kd9')).statusCode).toBe(423);
    const lock = await p.deps.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'auth.lock')
      .where('actor_name', '=', 'guess-target')
      .executeTakeFirst();
    expect(lock?.detail).toContain('wrong second-factor codes');
    // the security administrator unlocks; then a right code signs in
    const id = (
      await p.deps.db.selectFrom('users').select('id').where('username', '=', 'guess-target').executeTakeFirstOrThrow()
    ).id;
    expect((await call(sec, 'POST', `/api/accounts/${id}/unlock`)).statusCode).toBe(200);
    expect((await signIn('guess-target', codeNow)).second.statusCode).toBe(200);
    nextStep();
    // a lock by wrong passwords stops a pending session too
    const pending = cookieOf(await login('guess-target', 'Official#4kd9'));
    for (let i = 0; i < 5; i++) await login('guess-target', 'Wrong#pass77');
    const denied = await call(pending, 'POST', '/api/auth/second-factor', {
      code: await codeNow(secrets.get('guess-target')!),
    });
    expect(json(denied).error.code).toBe('AUTH_LOCKED');
  });

  it('finding 5: a recovery code signs in once, typed in any case with or without its dash', async () => {
    await enrolledOfficial('lost-phone', 'province_edu', '410000');
    const code = recovery.get('lost-phone')![3];
    const typed = code.toUpperCase().replace('-', ' ');
    const ok = await signIn('lost-phone', () => typed);
    expect(ok.second.statusCode).toBe(200);
    expect(json(ok.second).user.secondFactor.recoveryCodesLeft).toBe(9);
    const reuse = await signIn('lost-phone', () => code);
    expect(reuse.second.statusCode).toBe(401);
    expect(json(reuse.second).error.code).toBe('SECOND_FACTOR_INVALID');
    // new recovery codes need a current code, and the old ones stop working
    const cookie = cookieOf((await signIn('lost-phone', () => recovery.get('lost-phone')![4])).second);
    nextStep();
    const fresh = json(
      await call(cookie, 'POST', '/api/auth/second-factor/recovery-codes', {
        code: await codeNow(secrets.get('lost-phone')!),
      }),
    ).recoveryCodes;
    expect(fresh).toHaveLength(10);
    expect((await signIn('lost-phone', () => recovery.get('lost-phone')![5])).second.statusCode).toBe(401);
    expect((await signIn('lost-phone', () => fresh[0])).second.statusCode).toBe(200);
  });

  it('finding 5: the security administrator resets a lost second factor; the account enrols again at its next sign-in', async () => {
    const cookie = await enrolledOfficial('reset-2fa', 'city_edu', '410200');
    const id = (
      await p.deps.db.selectFrom('users').select('id').where('username', '=', 'reset-2fa').executeTakeFirstOrThrow()
    ).id;
    expect((await call(sys, 'POST', `/api/accounts/${id}/reset-second-factor`)).statusCode).toBe(403);
    const r = await call(sec, 'POST', `/api/accounts/${id}/reset-second-factor`);
    expect(r.statusCode).toBe(200);
    expect(json(r)).toMatchObject({ username: 'reset-2fa', secondFactor: false });
    expect((await call(cookie, 'GET', '/api/auth/me')).statusCode).toBe(401); // sessions ended
    const again = await login('reset-2fa', 'Official#4kd9');
    expect(json(again).user).toMatchObject({ restriction: 'second_factor_enrolment' });
    expect(json(await call(sec, 'POST', `/api/accounts/${id}/reset-second-factor`)).error.code).toBe(
      'SECOND_FACTOR_NOT_ENROLLED',
    );
    // the three administrators' second factors are reset from the command line only
    const auditor = (
      await p.deps.db.selectFrom('users').select('id').where('username', '=', 'audit-admin').executeTakeFirstOrThrow()
    ).id;
    const admin = await call(sec, 'POST', `/api/accounts/${auditor}/reset-second-factor`);
    expect(admin.statusCode).toBe(403);
    expect(json(admin).error.message).toContain('命令行');
  });

  it('finding 5: demo accounts are exempt in demo mode only; an account of the installation is not', async () => {
    const demo = json(await call(await loginAs(p.app, 'city-admin'), 'GET', '/api/auth/me')).user;
    expect(demo).toMatchObject({ restriction: null, secondFactor: { required: false, enrolled: false } });
    await makeUser(p.deps, { username: 'real-official', role: 'province_hrss', region: '410000', demo: false });
    const real = json(await login('real-official', PASSWORD)).user;
    expect(real).toMatchObject({ restriction: 'second_factor_enrolment', secondFactor: { required: true } });
    // a learner's role does not need one
    await makeUser(p.deps, { username: 'real-learner', role: 'learner', demo: false });
    expect(json(await login('real-learner', PASSWORD)).user.secondFactor.required).toBe(false);
  });

  it('finding 5: which roles need a second factor is configuration', async () => {
    // the same database served with SECOND_FACTOR_ROLES=learner
    const app = await buildApp(
      { ...p.deps, config: { ...p.deps.config, secondFactorRoles: ['learner'] } },
      { logger: false },
    );
    await app.ready();
    try {
      await makeUser(p.deps, { username: 'cfg-learner', role: 'learner', demo: false });
      await makeUser(p.deps, { username: 'cfg-official', role: 'city_hrss', region: '410100', demo: false });
      const as = (username: string) =>
        app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
      expect(json(await as('cfg-learner')).user.restriction).toBe('second_factor_enrolment');
      expect(json(await as('cfg-official')).user.restriction).toBeNull();
    } finally {
      await app.close();
    }
  });

  it('finding 5: every step of the second factor is audited', async () => {
    const rows = await p.deps.db
      .selectFrom('audit_log')
      .select(['action', 'outcome', 'actor_name', 'detail'])
      .where('action', 'like', '%second_factor%')
      .execute();
    const seen = new Set(rows.map((r) => `${r.action}:${r.outcome}`));
    for (const a of [
      'auth.second_factor.enrol_start:success',
      'auth.second_factor.enrol:failure',
      'auth.second_factor.enrol:success',
      'auth.second_factor.challenge:success',
      'auth.second_factor.verify:success',
      'auth.second_factor.verify:failure',
      'auth.second_factor.verify:denied',
      'auth.second_factor.recovery_codes:success',
      'account.reset_second_factor:success',
    ])
      expect(seen, a).toContain(a);
    expect(
      rows.find((r) => r.action === 'auth.second_factor.verify' && r.detail?.startsWith('recovery code')),
    ).toBeDefined();
    const login = await p.deps.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'auth.login')
      .where('actor_name', '=', 'kf-hrss')
      .where('outcome', '=', 'success')
      .execute();
    expect(login.map((r) => r.detail)).toContain('with second factor (totp)');
  });
});
