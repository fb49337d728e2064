/**
 * Server messages in the reader's language (issue 14, item 5): the web sends Accept-Language from
 * its language switch; refusals come back in English when English is asked for, keeping the code,
 * the rule id and the request id, and in Chinese otherwise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../contract/errors.js';
import { ERROR_MESSAGES_EN } from '../../contract/errors-en.js';
import { businessDate } from '../src/lib/dates.js';
import { createTestPlatform, json, loginAs, TEST_DB, type TestPlatform } from './harness.js';
import { classApplication } from './training-fixtures.js';

const CJK = /[\u3400-\u9fff]/;
const EN = { 'accept-language': 'en-US,en;q=0.9' };

describe(`messages in the reader's language (${TEST_DB})`, () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform();
  });
  afterAll(async () => p?.close());

  it('every error code has an English message without Chinese in it', () => {
    for (const code of Object.keys(ERROR_CODES) as (keyof typeof ERROR_CODES)[]) {
      expect(ERROR_MESSAGES_EN[code], code).toBeTruthy();
      expect(CJK.test(ERROR_MESSAGES_EN[code]), code).toBe(false);
    }
  });

  it('a wrong password is refused in English when English is asked for, in Chinese by default', async () => {
    const body = { username: 'school-admin', password: 'Wrong@Pass123' };
    const en = await p.app.inject({ method: 'POST', url: '/api/auth/login', headers: EN, payload: body });
    expect(en.statusCode).toBe(401);
    expect(json(en).error).toMatchObject({ code: 'AUTH_INVALID_CREDENTIALS', message: 'Wrong username or password' });
    const zh = await p.app.inject({ method: 'POST', url: '/api/auth/login', payload: body });
    expect(json(zh).error).toMatchObject({ code: 'AUTH_INVALID_CREDENTIALS', message: '用户名或密码错误' });
    const zhAsked = await p.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' },
      payload: body,
    });
    expect(json(zhAsked).error.message).toBe('用户名或密码错误');
  });

  it('validation details, unknown routes and role refusals are English too', async () => {
    const missing = await p.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: EN,
      payload: { username: 'x' },
    });
    expect(json(missing).error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: '/password', message: 'missing required field password' }],
    });
    expect(CJK.test(json(missing).error.message)).toBe(false);
    const nf = await p.app.inject({ method: 'GET', url: '/api/nope', headers: EN });
    expect(json(nf).error.message).toBe('No such API: GET /api/nope');
    const cookie = await loginAs(p.app, 'learner');
    const denied = await p.app.inject({ method: 'GET', url: '/api/accounts', headers: { ...EN, cookie } });
    expect(denied.statusCode).toBe(403);
    expect(json(denied).error).toMatchObject({ code: 'FORBIDDEN_ROLE', message: ERROR_MESSAGES_EN.FORBIDDEN_ROLE });
    expect(json(denied).error.requestId).toBeTruthy();
  });

  it('INST-2: a refusal keeps its rule id in English', async () => {
    // the province's education department recommends an application no expert has given an opinion on
    const cookie = await loginAs(p.app, 'province-edu');
    const list = json(await p.app.inject({ method: 'GET', url: '/api/filings?status=submitted', headers: { cookie } }));
    const waiting = list.items.find((f: { stage: string }) => f.stage === 'education');
    expect(waiting, 'the demo has an application waiting for the education department').toBeTruthy();
    const r = await p.app.inject({
      method: 'POST',
      url: `/api/filings/${waiting.id}/recommend`,
      headers: { ...EN, cookie },
      payload: {},
    });
    expect(r.statusCode).toBe(422);
    expect(json(r).error).toMatchObject({
      code: 'EXPERT_OPINIONS_INSUFFICIENT',
      rule: 'INST-2',
      message: ERROR_MESSAGES_EN.EXPERT_OPINIONS_INSUFFICIENT,
    });
  });

  /** Chinese left once the names set apart (U+2068 … U+2069) are taken out */
  const outsideNames = (s: string) => s.replace(/\u2068[^\u2069]*\u2069/g, '');

  it("the login page's demo accounts, the home page's figures and a class's opening checks are in English", async () => {
    const meta = json(await p.app.inject({ method: 'GET', url: '/api/meta', headers: EN }));
    for (const a of meta.demoAccounts) expect(CJK.test(outsideNames(a.descriptionEn)), a.descriptionEn).toBe(false);
    const school = meta.demoAccounts.find((a: { username: string }) => a.username === 'school-admin');
    expect(school.descriptionEn).toBe('Administrator of \u2068郑州智能制造职业学院\u2069 (filed)');

    for (const who of ['province-admin', 'school-admin']) {
      const cookie = await loginAs(p.app, who);
      const home = json(await p.app.inject({ method: 'GET', url: '/api/home', headers: { ...EN, cookie } }));
      const words = JSON.stringify([home.cards, home.todos, home.notices].flat().filter(Boolean));
      expect(CJK.test(outsideNames(words)), words).toBe(false);
    }

    const cookie = await loginAs(p.app, 'city-admin');
    const classes = json(await p.app.inject({ method: 'GET', url: '/api/training/classes', headers: { cookie } }));
    expect(classes.items.length).toBeGreaterThan(0);
    const c = json(
      await p.app.inject({
        method: 'GET',
        url: `/api/training/classes/${classes.items[0].id}`,
        headers: { ...EN, cookie },
      }),
    );
    expect(c.checks.length).toBeGreaterThan(0);
    for (const check of c.checks) expect(CJK.test(outsideNames(check.message)), check.message).toBe(false);
  });

  it('TRAIN-2: a class refused on submission lists its failed opening checks in English', async () => {
    const cookie = await loginAs(p.app, 'school-admin');
    const occ = await p.deps.db
      .selectFrom('occupations')
      .select('id')
      .where('name', '=', '电工')
      .executeTakeFirstOrThrow();
    const today = businessDate(p.deps.clock.now(), 'Asia/Shanghai');
    const created = await p.app.inject({
      method: 'POST',
      url: '/api/training/classes',
      headers: { cookie },
      payload: classApplication(occ.id, today, '英文拒绝测试班', { capacity: 81 }),
    });
    expect(created.statusCode, created.body).toBe(201);
    const step = (headers: Record<string, string>) =>
      p.app.inject({
        method: 'POST',
        url: `/api/training/classes/${json(created).id}/steps`,
        headers: { ...headers, cookie },
        payload: { step: 'submit' },
      });
    const en = json(await step(EN)).error;
    expect(en.rule).toBe('TRAIN-2');
    expect(en.details.length).toBeGreaterThan(0);
    for (const d of en.details) expect(CJK.test(d.message), d.message).toBe(false);
    const zh = json(await step({})).error;
    expect(zh.details.map((d: { message: string }) => d.message).join('')).toMatch(CJK);
  });
});
