/**
 * The public verification page (web/verify.html, its own light bundle) on a phone in real
 * Chromium: a QR link of a valid certificate checks at once; a revoked and a suspended one show
 * their verdicts and the failed check; certificate number + name and ID number + name typed in;
 * a wrong name answers neutrally; repeated look-ups by ID number + name pass the proof-of-work
 * challenge by themselves; local validation; 429 and network failures; the English toggle
 * (remembered); and the page's transferred size, with no request leaving the origin.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD, DOCS_SCREENSHOT_DIR, shot, startHarness, UPDATE_DOCS, type Harness } from './harness.js';
import { personalData } from '../server/src/lib/personal-data.js';

const DEMO_NUMBER = 'Y000041000001254000001';
const DEMO_NAME = '刘洋';
const NOT_FOUND = '未找到与所填信息相符的证书';
const KB = 1024;

interface Row {
  id: number;
  number: string;
  holder_name: string;
  holder_id_number: string;
  verify_code: string;
}

let h: Harness;
let dbFile: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  h = await startHarness();
  dbFile = h.platform.deps.config.databaseUrl.replace(/^sqlite:/, '');
}, 120_000);
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await h?.reportFailure(ctx.task.name);
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await h?.close();
});

/** A fresh phone: 390×844 at 2×, touch, zh-CN, empty cache and storage. */
async function phone(): Promise<Page> {
  const ctx = await h.browser.newContext({
    baseURL: h.baseUrl,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  ctx.setDefaultTimeout(15_000);
  contexts.push(ctx);
  return ctx.newPage();
}

/** A holder's number as the holder knows it: the database keeps it sealed (lib/personal-data.ts). */
const openHolderId = (enc: string) =>
  personalData(h.platform.deps.config).openIdNumber('certificates.holder_id_number', enc);

/** Valid certificates of the demo school (郑州智能制造职业学院, filing Y000041000001), read from the SQLite file. */
function validCertificates(n: number): Row[] {
  const db = new Database(dbFile, { fileMustExist: true });
  try {
    const rows = db
      .prepare(
        `select id, number, holder_name, holder_id_number_enc, verify_code from certificates where status = 'valid' and number like 'Y000041000001%' and number != ? order by id limit ?`,
      )
      .all(DEMO_NUMBER, n) as (Omit<Row, 'holder_id_number'> & { holder_id_number_enc: string })[];
    return rows.map(({ holder_id_number_enc, ...r }) => ({
      ...r,
      holder_id_number: openHolderId(holder_id_number_enc),
    }));
  } finally {
    db.close();
  }
}
function holderIdOf(number: string): string {
  const db = new Database(dbFile, { fileMustExist: true });
  try {
    return openHolderId(
      (
        db.prepare('select holder_id_number_enc from certificates where number = ?').get(number) as {
          holder_id_number_enc: string;
        }
      ).holder_id_number_enc,
    );
  } finally {
    db.close();
  }
}

/** CERT-12 through the platform API, signed in as the school's administrator. */
async function changeStatus(number: string, action: 'revoke' | 'suspend') {
  const ctx = await h.browser.newContext({ baseURL: h.baseUrl });
  contexts.push(ctx);
  const login = await ctx.request.post('/api/auth/login', {
    data: { username: 'school-admin', password: DEMO_PASSWORD },
  });
  expect(login.ok(), `login → ${login.status()} ${await login.text()}`).toBe(true);
  const list = await ctx.request.get(`/api/certificates?q=${number}`);
  expect(list.ok(), `list → ${list.status()}`).toBe(true);
  const cert = ((await list.json()) as { items: { id: number; number: string }[] }).items.find(
    (c) => c.number === number,
  );
  expect(cert, `证书 ${number} 不在 school-admin 的证书列表中`).toBeTruthy();
  const res = await ctx.request.post(`/api/certificates/${cert!.id}/status`, {
    data: { action, reason: action === 'revoke' ? '考试作弊，撤销证书（e2e）' : '信息核查期间暂停（e2e）' },
  });
  expect(res.ok(), `${action} → ${res.status()} ${await res.text()}`).toBe(true);
  expect((await res.json()).status).toBe(action === 'revoke' ? 'revoked' : 'suspended');
}

const band = (page: Page) => page.locator('#live .band');
async function verdict(page: Page, result: string): Promise<string> {
  await page.locator(`#live .band[data-result="${result}"]`).waitFor();
  return band(page).innerText();
}
async function checks(page: Page): Promise<Record<string, boolean>> {
  const items = await page
    .locator('.checks li')
    .evaluateAll((els) =>
      els.map((el) => [(el as HTMLElement).dataset.check!, (el as HTMLElement).dataset.passed === 'true'] as const),
    );
  return Object.fromEntries(items);
}
/** Details as label → value. */
async function details(page: Page, nth = 0): Promise<Record<string, string>> {
  return page
    .locator('.cert dl')
    .nth(nth)
    .evaluate((dl) => {
      const out: Record<string, string> = {};
      const dts = dl.querySelectorAll('dt');
      dts.forEach((dt) => (out[dt.textContent!.trim()] = (dt.nextElementSibling as HTMLElement).innerText.trim()));
      return out;
    });
}
/** An 18-character run standing alone (a resident ID number), not the tail of a certificate number. */
const BARE_ID = /(?<![A-Z0-9])\d{17}[\dX](?![\dX])/;

const docs = (name: string) => (UPDATE_DOCS ? { alsoTo: path.join(DOCS_SCREENSHOT_DIR, name) } : {});

describe('证书核验页（手机）', () => {
  let rows: Row[];
  beforeAll(() => {
    rows = validCertificates(3);
    expect(rows.length).toBe(3);
  });

  it('扫码打开有效证书的链接：无需输入即显示「有效」，各项核验均通过', async () => {
    const page = await phone();
    const [c] = rows;
    await page.goto(`/v/${c.number}?c=${c.verify_code}`);
    const text = await verdict(page, 'valid');
    expect(text).toContain('有效');
    const log = await checks(page);
    expect(Object.keys(log)).toEqual([
      'exists',
      'code_matches',
      'institution_filed',
      'not_revoked',
      'not_suspended',
      'seal_intact',
    ]);
    expect(Object.values(log).every(Boolean)).toBe(true);
    const d = await details(page);
    expect(d['证书编号']).toBe(c.number);
    expect(d['姓名']).toBe([...c.holder_name][0] + '*'.repeat([...c.holder_name].length - 1));
    expect(d['证件号码']).toMatch(/^\d{3}\*{11}\d{3}[\dX]$/);
    expect(d['发证机构']).toBe('郑州智能制造职业学院');
    expect(d['备案号']).toBe('Y000041000001');
    expect(d['状态']).toBe('有效');
    for (const k of ['职业（工种）', '等级', '发证日期']) expect(d[k], k).toBeTruthy();
    expect(await page.locator('#live .meta').innerText()).toMatch(
      /核验时间 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} · 扫码核验/,
    );
    // the result comes before the form, which offers another check
    expect(await page.locator('#another').isVisible()).toBe(true);
    const body = await page.locator('body').innerText();
    expect(body).not.toMatch(BARE_ID);
    expect(await page.content()).not.toContain(c.holder_id_number);
    await shot(page, 'verify-valid', docs('verify-valid.png'));
  });

  it('CERT-12 撤销后扫码：显示「已撤销」，「未被撤销」一项未通过', async () => {
    const c = rows[1];
    await changeStatus(c.number, 'revoke');
    const page = await phone();
    await page.goto(`/v/${c.number}?c=${c.verify_code}`);
    expect(await verdict(page, 'revoked')).toContain('已撤销');
    const log = await checks(page);
    expect(log.not_revoked).toBe(false);
    expect(log.exists && log.code_matches && log.seal_intact).toBe(true);
    const failed = page.locator('.checks li[data-check="not_revoked"]');
    expect(await failed.innerText()).toContain('未被撤销');
    expect(await failed.innerText()).toContain('证书已被撤销');
    expect((await details(page))['状态']).toBe('已撤销');
    await shot(page, 'verify-revoked', docs('verify-revoked.png'));
  });

  it('暂停后扫码：显示「已暂停」，「未被暂停」一项未通过', async () => {
    const c = rows[2];
    await changeStatus(c.number, 'suspend');
    const page = await phone();
    await page.goto(`/v/${c.number}?c=${c.verify_code}`);
    expect(await verdict(page, 'suspended')).toContain('已暂停');
    const log = await checks(page);
    expect(log.not_suspended).toBe(false);
    expect(log.not_revoked).toBe(true);
    await shot(page, 'verify-suspended');
  });

  it('输入证书编号与姓名：显示「有效」，页面上不出现完整证件号码', async () => {
    const page = await phone();
    await page.goto('/verify');
    await page.getByRole('tab', { name: '证书编号 + 姓名' }).waitFor();
    expect(await page.getByRole('tab', { name: '证书编号 + 姓名' }).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('textbox', { name: '证书编号', exact: true }).fill(DEMO_NUMBER.toLowerCase());
    await page.getByRole('textbox', { name: '姓名', exact: true }).fill(DEMO_NAME);
    await page.getByRole('button', { name: '核验', exact: true }).click();
    expect(await verdict(page, 'valid')).toContain('有效');
    const log = await checks(page);
    expect(log.name_matches).toBe(true);
    expect(Object.values(log).every(Boolean)).toBe(true);
    const d = await details(page);
    expect(d['证书编号']).toBe(DEMO_NUMBER);
    expect(d['姓名']).toBe('刘*');
    expect(d['等级']).toBe('四级/中级工');
    const text = await page.locator('body').innerText();
    expect(text).not.toMatch(BARE_ID);
    const fullId = holderIdOf(DEMO_NUMBER);
    expect(text).not.toContain(fullId);
    expect(await page.content()).not.toContain(fullId);
    expect(text).not.toMatch(/扫码核验/);
    await shot(page, 'verify-typed-valid');
  });

  it('姓名不符：只显示中性的「未找到」提示，不暗示哪一项不对', async () => {
    const page = await phone();
    await page.goto('/verify');
    await page.getByRole('textbox', { name: '证书编号', exact: true }).fill(DEMO_NUMBER);
    await page.getByRole('textbox', { name: '姓名', exact: true }).fill('张三');
    await page.getByRole('button', { name: '核验', exact: true }).click();
    const text = await verdict(page, 'not_found');
    expect(text).toContain('未找到');
    expect(text).toContain(NOT_FOUND);
    const all = await page.locator('#result').innerText();
    expect(all).not.toMatch(/姓名不[符一]|编号不存在|姓名错误/);
    expect(await page.locator('.cert').count()).toBe(0);
    // an unknown number answers with the very same words
    await page.getByRole('textbox', { name: '证书编号', exact: true }).fill('Y000041000001254999999');
    await page.getByRole('textbox', { name: '姓名', exact: true }).fill(DEMO_NAME);
    await page.getByRole('button', { name: '核验', exact: true }).click();
    await page.waitForFunction(
      () => document.querySelector('#go:not([disabled])') && document.querySelector('#live .band'),
    );
    expect(await band(page).innerText()).toBe(text);
    await shot(page, 'verify-not-found');
  });

  it('证件号码 + 姓名：列出此人的每一张证书', async () => {
    const page = await phone();
    await page.goto('/verify');
    await page.getByRole('tab', { name: '证件号码 + 姓名' }).click();
    expect(await page.getByRole('textbox', { name: '证书编号', exact: true }).isVisible()).toBe(false);
    await page.getByRole('textbox', { name: '证件号码', exact: true }).fill(holderIdOf(DEMO_NUMBER));
    await page.getByRole('textbox', { name: '姓名', exact: true }).fill(DEMO_NAME);
    await page.getByRole('button', { name: '核验', exact: true }).click();
    await page.locator('#live .band').waitFor();
    const n = await page.locator('.cert').count();
    expect(n).toBeGreaterThanOrEqual(2);
    expect(await band(page).innerText()).toContain(`找到 ${n} 张证书`);
    const numbers = await page.locator('.cert').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.number));
    expect(numbers).toContain(DEMO_NUMBER);
    const text = await page.locator('body').innerText();
    expect(text).not.toMatch(BARE_ID);
    await shot(page, 'verify-by-id');
  });

  it('证件号码 + 姓名连续查询：超出免验证次数后页面自动完成安全验证（工作量证明），再显示脱敏结果', async () => {
    const page = await phone();
    const seen: { status: number; challenged: boolean; solved: boolean; at: number }[] = [];
    page.on('response', (r) => {
      const u = new URL(r.url());
      if (u.pathname === '/api/public/verify')
        seen.push({
          status: r.status(),
          challenged: r.status() === 428,
          solved: u.searchParams.has('altcha'),
          at: Date.now(),
        });
    });
    const outside: string[] = [];
    page.on('request', (r) => !r.url().startsWith(h.baseUrl) && outside.push(r.url()));
    // the solver starts a moment late, so the progress message can be seen and photographed
    await page.route('**/assets/pow.worker-*.js', async (r) => {
      await new Promise((f) => setTimeout(f, 1500));
      await r.continue();
    });
    await page.goto('/verify');
    await page.getByRole('tab', { name: '证件号码 + 姓名' }).click();
    await page.getByRole('textbox', { name: '证件号码', exact: true }).fill(holderIdOf(DEMO_NUMBER));
    await page.getByRole('textbox', { name: '姓名', exact: true }).fill(DEMO_NAME);
    const go = page.getByRole('button', { name: '核验', exact: true });
    const answered = async () => {
      await page.waitForFunction(
        () => document.querySelector('#go:not([disabled])') && document.querySelector('#live .band'),
      );
      return band(page).innerText();
    };
    // a few look-ups answer at once; then the server asks for a challenge, which the page solves by itself
    let tries = 0;
    while (!seen.some((x) => x.challenged) && tries++ < 6) {
      await go.click();
      const pow = page.locator('#live [data-waiting="pow"]');
      const first = await Promise.race([
        pow.waitFor().then(() => 'pow' as const),
        page
          .locator('#live .band')
          .waitFor()
          .then(() => 'band' as const),
      ]);
      if (first === 'pow') {
        expect(await pow.innerText()).toContain('正在进行安全验证…');
        expect(await page.locator('#live .pow-why').innerText()).toContain('自动完成');
        expect(await page.locator('#result').getAttribute('aria-busy')).toBe('true');
        await shot(page, 'verify-challenge-progress');
      }
      expect(await answered()).toContain('找到');
    }
    const at428 = seen.findIndex((x) => x.challenged);
    expect(at428, `responses: ${JSON.stringify(seen)}`).toBeGreaterThan(0);
    expect(seen.slice(0, at428).every((x) => x.status === 200 && !x.solved)).toBe(true);
    // the next request carried the solution and was answered
    const solvedReply = seen[at428 + 1];
    expect(solvedReply).toMatchObject({ status: 200, solved: true });
    console.log(
      `[verify page] challenged after ${at428} free look-ups by ID number + name; solved and answered ${solvedReply.at - seen[at428].at} ms after the 428 (incl. a 1,500 ms delay on the worker script)`,
    );
    // the masked answer, as without the challenge
    const n = await page.locator('.cert').count();
    expect(n).toBeGreaterThanOrEqual(2);
    expect(await band(page).innerText()).toContain(`找到 ${n} 张证书`);
    expect((await details(page))['姓名']).toBe('刘*');
    const text = await page.locator('body').innerText();
    expect(text).not.toMatch(BARE_ID);
    expect(await page.content()).not.toContain(holderIdOf(DEMO_NUMBER).slice(3, 14));
    expect(outside, '外部请求').toEqual([]);
    await shot(page, 'verify-challenge-solved');
    // the next look-up needs a fresh challenge again; in English the progress message is English
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    const pow = page.locator('#live [data-waiting="pow"]');
    await pow.waitFor();
    expect(await pow.innerText()).toContain('Running a security check…');
    await shot(page, 'verify-challenge-progress-en');
    expect(await answered()).toContain('certificates found');
    expect(seen.at(-1)).toMatchObject({ status: 200, solved: true });
  });

  it('本地校验：编号位数、身份证校验位、姓名必填，错误就地显示且不发请求', async () => {
    const page = await phone();
    let calls = 0;
    page.on('request', (r) => r.url().includes('/api/public/verify') && calls++);
    await page.goto('/verify');
    await page.getByRole('textbox', { name: '证书编号', exact: true }).fill('Y00004100000125400000');
    await page.getByRole('button', { name: '核验', exact: true }).click();
    expect(await page.locator('#number-err').innerText()).toContain('证书编号应为 22 位，当前为 21 位');
    expect(await page.locator('#name-err').innerText()).toContain('请输入姓名');
    expect(await page.getByRole('textbox', { name: '证书编号', exact: true }).getAttribute('aria-invalid')).toBe(
      'true',
    );
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('number');
    // the message follows the typing and goes once the value is right
    await page.getByRole('textbox', { name: '证书编号', exact: true }).fill(DEMO_NUMBER);
    await expect.poll(() => page.locator('#number-err').innerText()).toBe('');
    await page.getByRole('tab', { name: '证件号码 + 姓名' }).click();
    const id = holderIdOf(DEMO_NUMBER);
    const wrongCheck = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    await page.getByRole('textbox', { name: '证件号码', exact: true }).fill(wrongCheck);
    await page.getByRole('textbox', { name: '姓名', exact: true }).fill(DEMO_NAME);
    await page.getByRole('button', { name: '核验', exact: true }).click();
    expect(await page.locator('#idNumber-err').innerText()).toContain('校验位不符');
    await shot(page, 'verify-validation');
    expect(calls).toBe(0);
  });

  it('请求过于频繁（429）与网络中断：友好提示，可重试', async () => {
    const page = await phone();
    await page.route('**/api/public/verify*', (r) =>
      r.fulfill({
        status: 429,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'RATE_LIMITED', message: '查询过于频繁，请一分钟后再试' } }),
      }),
    );
    await page.goto('/verify');
    await page.getByRole('textbox', { name: '证书编号', exact: true }).fill(DEMO_NUMBER);
    await page.getByRole('textbox', { name: '姓名', exact: true }).fill(DEMO_NAME);
    await page.getByRole('button', { name: '核验', exact: true }).click();
    expect(await verdict(page, 'error')).toContain('查询过于频繁，请一分钟后再试');
    await page.unroute('**/api/public/verify*');
    await page.route('**/api/public/verify*', (r) => r.abort('internetdisconnected'));
    await page.getByRole('button', { name: '重试' }).click();
    await expect.poll(() => band(page).innerText()).toContain('网络连接失败');
    await shot(page, 'verify-network-error');
    await page.unroute('**/api/public/verify*');
    await page.getByRole('button', { name: '重试' }).click();
    expect(await verdict(page, 'valid')).toContain('有效');
  });

  it('切换到 English：判定、核验项目与证书信息为英文；刷新后仍记住', async () => {
    const page = await phone();
    const [c] = rows;
    await page.goto(`/v/${c.number}?c=${c.verify_code}`);
    await verdict(page, 'valid');
    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.locator('h1').innerText()).toBe('Vocational skill certificate verification');
    expect(await band(page).innerText()).toContain('Valid');
    const labels = await page.locator('.checks .c-label').allInnerTexts();
    expect(labels).toContain('Certificate exists');
    expect(labels).toContain('Not revoked');
    const d = await details(page);
    expect(d['Certificate No.']).toBe(c.number);
    expect(d['Status']).toBe('Valid');
    expect(d['Issued by']).toBe('郑州智能制造职业学院');
    expect(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('#live .meta').innerText()).toMatch(/^Checked at .* · QR code$/);
    await shot(page, 'verify-valid-en');
    await page.reload();
    await verdict(page, 'valid');
    expect(await page.locator('h1').innerText()).toBe('Vocational skill certificate verification');
    expect(await page.getByRole('tab', { name: 'Cert. No. + name' }).count()).toBe(1);
    // a revoked certificate's reason comes in English too
    await page.goto(`/v/${rows[1].number}?c=${rows[1].verify_code}`);
    await verdict(page, 'revoked');
    expect(await page.locator('.checks li[data-check="not_revoked"]').innerText()).toContain(
      'The certificate has been revoked',
    );
    await page.getByRole('button', { name: '中文' }).click();
    expect(await page.locator('h1').innerText()).toBe('职业技能等级证书核验');
    expect(await band(page).innerText()).toContain('已撤销');
  });

  it('页面体积：HTML + JS + CSS 传输量小于 60 KB，且没有任何外部请求', async () => {
    const measure = async (url: string, done: (p: Page) => Promise<unknown>) => {
      const page = await phone();
      const seen: { url: string; bytes: number; type: string }[] = [];
      const pending: Promise<void>[] = [];
      page.on('requestfinished', (req) =>
        pending.push(
          req.sizes().then((s) => {
            seen.push({ url: req.url(), bytes: s.responseBodySize + s.responseHeadersSize, type: req.resourceType() });
          }),
        ),
      );
      const outside: string[] = [];
      page.on(
        'request',
        (req) => !req.url().startsWith(h.baseUrl) && !req.url().startsWith('data:') && outside.push(req.url()),
      );
      await page.goto(url);
      await done(page);
      await page.waitForLoadState('networkidle');
      await Promise.all(pending);
      expect(outside, '外部请求').toEqual([]);
      return seen;
    };
    const plain = await measure('/verify', (p) => p.locator('#form').waitFor());
    const own = plain.reduce((s, r) => s + r.bytes, 0);
    const [c] = rows;
    const qr = await measure(`/v/${c.number}?c=${c.verify_code}`, (p) => p.locator('#live .band').waitFor());
    const withApi = qr.reduce((s, r) => s + r.bytes, 0);
    console.log(
      `[verify page] transferred ${(own / KB).toFixed(1)} KB in ${plain.length} requests (${plain.map((r) => `${new URL(r.url).pathname} ${(r.bytes / KB).toFixed(1)} KB`).join(', ')}); ` +
        `QR check incl. API ${(withApi / KB).toFixed(1)} KB in ${qr.length} requests`,
    );
    expect(plain.map((r) => r.type).sort()).toEqual(expect.arrayContaining(['document', 'script', 'stylesheet']));
    expect(plain.some((r) => /antd|react|echarts/i.test(r.url))).toBe(false);
    expect(own).toBeLessThan(60 * KB);
    expect(withApi).toBeLessThan(60 * KB);
  });
});
