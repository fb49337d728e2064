/**
 * Browser-test harness: the real platform on a fresh SQLite file in demo mode, serving the built
 * web client (web/dist must exist: the test runner builds it first), and headless Debian Chromium.
 * Never downloads a browser; needs `apt-get install chromium fonts-noto-cjk`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { startPlatform, type Platform } from '../server/src/platform.js';
import type { Clock } from '../server/src/lib/clock.js';
import { afterAll, afterEach, beforeAll } from 'vitest';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const SCREENSHOT_DIR = path.join(ROOT, 'test-results', 'screenshots');
export const DOCS_SCREENSHOT_DIR = path.join(ROOT, 'docs', 'screenshots');
export const DEMO_PASSWORD = 'Skill@2026';
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export interface Harness {
  platform: Platform;
  browser: Browser;
  baseUrl: string;
  /** a fresh browser context (own cookies and localStorage) with one page, 1440×900, zh-CN */
  newPage(opts?: { width?: number; height?: number }): Promise<Page>;
  /** For a failing test: a screenshot of every open page, the messages shown on it and the API's refusals. */
  reportFailure(testName: string): Promise<void>;
  close(): Promise<void>;
}

/** `clock`: a TestClock the test moves (the server runs in this process), e.g. past a publicity period. */
export async function startHarness(opts: { clock?: Clock } = {}): Promise<Harness> {
  const distIndex = path.join(ROOT, 'web', 'dist', 'index.html');
  if (!fs.existsSync(distIndex)) throw new Error('web/dist 不存在：先运行 npx vite build --config web/vite.config.ts');
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`找不到 Chromium（${CHROMIUM}）：apt-get install -y chromium fonts-noto-cjk`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-e2e-'));
  const platform = await startPlatform({
    port: 0,
    host: '127.0.0.1',
    databaseUrl: 'sqlite:' + path.join(dir, 'e2e.sqlite'),
    demo: true,
    webDist: path.join(ROOT, 'web', 'dist'),
    dataDir: dir,
    clock: opts.clock,
  });
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
  } catch (e) {
    await platform.close();
    throw e;
  }
  const contexts: BrowserContext[] = [];
  const refusals: string[] = [];
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    platform,
    browser,
    baseUrl: platform.url,
    async newPage({ width = 1440, height = 900 } = {}) {
      const ctx = await browser.newContext({
        baseURL: platform.url,
        viewport: { width, height },
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        deviceScaleFactor: 1,
        acceptDownloads: true,
        // the app honours the reader's reduced-motion setting (web/src/theme.ts): no dialog, list or
        // popconfirm is mid-animation when a test clicks it (clicks landing beside a sliding
        // option or an appearing button were the browser tests' flakes)
        reducedMotion: 'reduce',
      });
      ctx.setDefaultTimeout(15_000);
      // every refused or failed API call, kept for the report of a failing test
      ctx.on('response', (res) => {
        if (res.status() < 400 || !res.url().includes('/api/')) return;
        const at = new Date().toISOString().slice(11, 23);
        void res
          .text()
          .catch(() => '')
          .then((body) =>
            refusals.push(`${at} ${res.status()} ${res.request().method()} ${res.url()} ${body.slice(0, 300)}`),
          );
      });
      contexts.push(ctx);
      return ctx.newPage();
    },
    async reportFailure(testName: string) {
      const safe = testName.replace(/[^\w\u4e00-\u9fff-]+/g, '_').slice(0, 60);
      let i = 0;
      for (const c of contexts) {
        for (const p of c.pages()) {
          if (p.isClosed()) continue;
          const file = path.join(SCREENSHOT_DIR, `FAILED-${safe}-${i++}.png`);
          const messages = await p
            .locator('.ant-message-notice, .ant-alert-error, .ant-form-item-explain-error, .ant-notification-notice')
            .allInnerTexts()
            .catch(() => [] as string[]);
          await p.screenshot({ path: file, fullPage: true }).catch(() => undefined);
          console.error(`[failed: ${testName}] page ${p.url()} → ${file}; messages on it: ${JSON.stringify(messages)}`);
        }
      }
      console.error(`[failed: ${testName}] API refusals so far:\n  ${refusals.slice(-15).join('\n  ') || '(none)'}`);
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await platform.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The harness of one test file: started before its first test, closed after its last. Returns a
 * stand-in that forwards to the running harness, so a file writes `const h = harnessForThisFile();`.
 */
export function harnessForThisFile(opts: { clock?: Clock } = {}): Harness {
  let running: Harness | undefined;
  beforeAll(async () => {
    running = await startHarness(opts);
  }, 120_000);
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await running?.reportFailure(ctx.task.name);
  });
  afterAll(async () => {
    await running?.close();
  });
  return new Proxy({} as Harness, {
    get(_, key) {
      if (!running) throw new Error('harness not started yet: use it inside a test or hook');
      const v = running[key as keyof Harness];
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(running) : v;
    },
  });
}

/** Signs in through the login form and waits for the signed-in header. */
export async function login(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.locator('#login_username').fill(username);
  await page.locator('#login_password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('header-user').waitFor();
}

/** Waits for fonts, spinners and skeletons to settle, then saves test-results/screenshots/<name>.png. */
export async function shot(
  page: Page,
  name: string,
  opts: { fullPage?: boolean; alsoTo?: string } = {},
): Promise<string> {
  await settle(page);
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: opts.fullPage ?? true });
  if (opts.alsoTo) {
    fs.mkdirSync(path.dirname(opts.alsoTo), { recursive: true });
    fs.copyFileSync(file, opts.alsoTo);
  }
  return file;
}

export async function settle(page: Page): Promise<void> {
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page
    .waitForFunction(
      () => !document.querySelector('.ant-spin-spinning, .ant-skeleton-active, .ant-table-placeholder .ant-spin'),
      undefined,
      { timeout: 10_000 },
    )
    .catch(() => undefined);
  // let antd's motion (menus, messages, drawers) finish
  await page.waitForTimeout(400);
}

/** Screenshots for the README are refreshed only when UPDATE_SCREENSHOTS=1. */
export const UPDATE_DOCS = process.env.UPDATE_SCREENSHOTS === '1';

/** Waits for antd's open animations (dialogs zooming in, dropdowns) to end, so a click lands on a still target. */
export async function still(page: Page): Promise<void> {
  await page
    .waitForFunction(
      () =>
        !document.querySelector(
          '[class*="-appear-active"], [class*="-enter-active"], [class*="-appear-start"], [class*="-enter-start"]',
        ),
      undefined,
      { timeout: 5_000 },
    )
    .catch(() => undefined);
}

/**
 * Opens an antd Select, types (unless `type` is false), and picks the option containing `option`
 * (default: `text`), then checks that the select shows it. A click while the list is still sliding
 * in can land beside the option (seen in CI: the select kept its old value and the form saved it),
 * so a pick that did not take is tried again, up to three times.
 */
export async function pickOption(
  page: Page,
  select: Locator,
  text: string,
  type = true,
  option: string = text,
): Promise<void> {
  const box = select.locator(
    'xpath=ancestor-or-self::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]',
  );
  const open = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  const choice = open.locator('.ant-select-item-option').filter({ hasText: option }).first();
  for (let attempt = 1; ; attempt++) {
    await still(page);
    if (!(await choice.isVisible())) {
      await select.click();
      if (type) await page.keyboard.type(text);
    }
    await choice.waitFor();
    await still(page);
    await choice.click();
    for (let i = 0; i < 20; i++) {
      const shown = await box.innerText().catch(() => '');
      if (shown.includes(option) && !(await choice.isVisible().catch(() => false))) return;
      if (shown.includes(option) && (await box.getAttribute('class'))?.includes('ant-select-multiple')) return;
      await page.waitForTimeout(100);
    }
    if (attempt === 3)
      throw new Error(
        `pickOption: '${option}' was clicked three times but the select shows '${await box.innerText()}'`,
      );
  }
}
