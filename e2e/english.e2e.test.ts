/**
 * English complete: every page of the web router, for every kind of account of the demo data and
 * without sign-in, is opened in English (with its tabs and its create/add dialogs), and no Chinese
 * may show outside data. Data is what the database holds (names of people, institutions, places,
 * occupations, titles and reasons people typed) and what a page marks `translate="no"` or
 * `data-data`; a Chinese label, button, tag, empty state, chart label, tooltip or rule text fails.
 * The route list is read from the router (web/src/App.tsx) and the roles' pages from the access
 * table, so a new page is walked without touching this file. Then the public and learner pages at
 * a phone size (390×844): nothing may be wider than the screen.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { harnessForThisFile, login, shot, still, ROOT } from './harness.js';
import { makeUser } from '../server/test/harness.js';
import { canOpen, type PageKey } from '../web/src/access.js';
import type { Role } from '../contract/roles.js';

const h = harnessForThisFile();

// ---------------------------------------------------------------- the routes, from the router

interface RouteDef {
  /** '/plans/:id', '/catalog/:id?' */
  path: string;
  /** the page key its Guard checks; null: any signed-in account */
  page: PageKey | null;
  /** outside the signed-in layout */
  public: boolean;
}

/** Reads web/src/App.tsx: the top-level routes (public or confined) and the layout's nested ones. */
export function routesFromRouter(): RouteDef[] {
  const src = fs.readFileSync(path.join(ROOT, 'web', 'src', 'App.tsx'), 'utf8');
  const out: RouteDef[] = [];
  const prefix: string[] = [];
  const lines = src.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '</Route>') {
      prefix.pop();
      continue;
    }
    const open = /^<Route path="([^"/][^"]*)">$/.exec(line);
    if (open) {
      prefix.push(open[1]!);
      continue;
    }
    const index = /^<Route index element=\{<(\w+)/.exec(line);
    if (index) {
      if (index[1] !== 'Navigate') out.push({ path: '/' + prefix.join('/'), page: null, public: false });
      continue;
    }
    const m = /^<Route\s+path="([^"]+)"/.exec(line);
    if (!m) continue;
    const p = m[1]!;
    if (p === '*') continue;
    // the element may follow on the next lines (RequireAuth …)
    const tail = lines.slice(i, i + 4).join(' ');
    const guard = /guarded\('(\w+)'/.exec(tail);
    if (p.startsWith('/')) out.push({ path: p, page: null, public: !/RequireAuth/.test(tail) });
    else out.push({ path: '/' + [...prefix, p].join('/'), page: (guard?.[1] as PageKey) ?? null, public: false });
  }
  return out;
}

const ROUTES = routesFromRouter();
/** the second entry of the web build (web/verify.html): the public certificate check */
const VERIFY_PAGE = '/verify';
/** the pages a confined session is kept on (a password to change, a second factor to bind): not walked here */
const CONFINED = new Set(['/change-password', '/enrol-second-factor']);

// ---------------------------------------------------------------- Chinese outside data

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;

/** Every Chinese text the database holds, as data: names, titles, reasons people typed. */
async function dataWords(): Promise<Map<string, string[]>> {
  const db = h.platform.deps.db;
  const words = new Set<string>();
  const add = (v: unknown) => {
    if (typeof v === 'string') {
      if (!CJK.test(v)) return;
      if (/^[[{]/.test(v.trim())) {
        try {
          add(JSON.parse(v));
          return;
        } catch {
          /* not JSON: a text */
        }
      }
      words.add(v.trim());
      // a region's or institution's name is also shown without its suffix or in parts
      for (const part of v.split(/[\s/、，,（）()]+/)) if (CJK.test(part)) words.add(part.trim());
    } else if (Array.isArray(v)) v.forEach(add);
    else if (v && typeof v === 'object') Object.values(v).forEach(add);
  };
  // the level names (一级 … 五级, 高级技师 …) are a fixed list the interface translates: not data
  const notData = new Set(['skill_levels', 'kysely_migration', 'kysely_migration_lock']);
  for (const t of await db.introspection.getTables()) {
    if (notData.has(t.name)) continue;
    for (const c of t.columns) {
      if (!/text|char|json/i.test(c.dataType)) continue;
      const r = await sql<{ v: string }>`select distinct ${sql.ref(c.name)} as v from ${sql.table(t.name)}
        where ${sql.ref(c.name)} glob ${'*[一-龥]*'}`.execute(db);
      for (const row of r.rows) add(row.v);
    }
  }
  // by first character, longest first
  const byFirst = new Map<string, string[]>();
  for (const w of words) {
    if (!w) continue;
    const list = byFirst.get(w[0]!) ?? [];
    list.push(w);
    byFirst.set(w[0]!, list);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.length - a.length);
  return byFirst;
}

/** The Chinese left in a text once the data in it is taken out ('' when none). */
function nonDataChinese(text: string, data: Map<string, string[]>): string {
  // a masked name (张*, 欧阳**) is a person's name
  text = text.replace(/[\u3400-\u4dbf\u4e00-\u9fff]{1,2}\*+/g, '');
  let left = '';
  for (let i = 0; i < text.length;) {
    const w = data.get(text[i]!)?.find((d) => text.startsWith(d, i));
    if (w) {
      i += w.length;
      continue;
    }
    if (CJK.test(text[i]!)) left += text[i];
    i++;
  }
  return left;
}

/** Visible texts (and placeholders, titles, aria labels) with Chinese, outside `translate="no"`/`data-data`. */
async function chineseTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const cjk = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
    const DATA = '[translate="no"], [data-data], script, style, noscript, template';
    const out = new Set<string>();
    const visible = (el: Element) =>
      el.checkVisibility({ visibilityProperty: true }) && (el as HTMLElement).getClientRects().length > 0;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.nodeValue ?? '';
      if (!cjk.test(text)) continue;
      const el = n.parentElement;
      if (!el || el.closest(DATA) || !visible(el)) continue;
      out.add(text.trim());
    }
    for (const el of document.body.querySelectorAll('[placeholder], [title], [aria-label]')) {
      if (el.closest(DATA) || !visible(el)) continue;
      for (const a of ['placeholder', 'title', 'aria-label']) {
        const v = el.getAttribute(a);
        if (v && cjk.test(v)) out.add(v.trim());
      }
    }
    if (cjk.test(document.title)) out.add(document.title);
    return [...out];
  });
}

interface Finding {
  who: string;
  where: string;
  text: string;
}
const findings: Finding[] = [];
let data: Map<string, string[]> | undefined;

/** Requests of each page still under way: a page is read once its data has come. */
const pending = new WeakMap<Page, Set<unknown>>();
function trackRequests(page: Page): void {
  const open = new Set<unknown>();
  pending.set(page, open);
  page.on('request', (r) => open.add(r));
  page.on('requestfinished', (r) => open.delete(r));
  page.on('requestfailed', (r) => open.delete(r));
}

/** No request under way, spinners and skeletons gone, and a moment for antd's motion. */
async function quiet(page: Page): Promise<void> {
  const open = pending.get(page);
  for (let waited = 0; open && open.size > 0 && waited < 8_000; waited += 50) await page.waitForTimeout(50);
  await page
    .waitForFunction(
      () => !document.querySelector('.ant-spin-spinning, .ant-skeleton-active, .ant-table-placeholder .ant-spin'),
      undefined,
      { timeout: 8_000 },
    )
    .catch(() => undefined);
  await page.waitForTimeout(120);
}

/** Opens an address inside the running app (no reload), as a click on a link would. */
async function open(page: Page, address: string): Promise<void> {
  const inApp = await page.evaluate(() => !!document.querySelector('#root > *')).catch(() => false);
  if (!inApp || address === VERIFY_PAGE) {
    await page.goto(address);
    return;
  }
  await page.evaluate((a) => {
    window.history.pushState({}, '', a);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, address);
  await page.waitForURL((u) => u.pathname + u.search === address);
}

async function collect(page: Page, who: string, where: string): Promise<void> {
  await quiet(page);
  data ??= await dataWords();
  for (const text of await chineseTexts(page)) {
    const left = nonDataChinese(text, data);
    if (left) findings.push({ who, where, text: text.slice(0, 160) });
  }
}

/** Tabs and dialogs already opened (route › tab): each once, whoever opens it first. */
const opened = new Set<string>();

/** Opens each tab of the page in turn, then each create/add dialog (closed again without saving). */
async function walkPage(page: Page, who: string, where: string, route: string): Promise<void> {
  await collect(page, who, where);
  const tabs = page.locator('.ant-tabs-tab:visible:not(.ant-tabs-tab-active):not(.ant-tabs-tab-disabled)');
  const n = Math.min(await tabs.count(), 8);
  for (let i = 0; i < n; i++) {
    const tab = page.locator('.ant-tabs-tab:visible').nth(i + 1);
    if ((await tab.count()) === 0 || (await tab.getAttribute('class'))?.includes('active')) continue;
    const label = (await tab.innerText()).trim();
    if (opened.has(`${route} › ${label}`)) continue;
    opened.add(`${route} › ${label}`);
    await tab.click().catch(() => undefined);
    await collect(page, who, `${where} › ${label}`);
  }
  // dialogs and drawers the page's own buttons open (never the one that creates a claim at once)
  const openers = page.locator(
    'button[data-testid$="-new"]:visible:not([disabled]), button[data-testid$="-create"]:visible:not([disabled]), button[data-testid$="-add"]:visible:not([disabled]), button[data-testid$="-apply"]:visible:not([disabled])',
  );
  const ids = (await openers.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))).filter(
    (id): id is string => !!id && id !== 'claim-create' && !opened.has(`${route} › ${id}`),
  );
  for (const id of ids.slice(0, 4)) {
    opened.add(`${route} › ${id}`);
    const before = page.url();
    await still(page);
    await page
      .getByTestId(id)
      .first()
      .click({ timeout: 3_000 })
      .catch(() => undefined);
    const layer = page.locator('.ant-modal-wrap:visible, .ant-drawer-open').last();
    if (
      await layer.waitFor({ timeout: 1_500 }).then(
        () => true,
        () => false,
      )
    ) {
      await still(page);
      await collect(page, who, `${where} › ${id}`);
      await page.keyboard.press('Escape');
      await layer.waitFor({ state: 'hidden', timeout: 3_000 }).catch(() => undefined);
    }
    if (page.url() !== before) await page.goto(before);
    await page.keyboard.press('Escape');
  }
}

// ---------------------------------------------------------------- accounts and route parameters

interface Who {
  username: string;
  role: Role;
}

/** An id for each route parameter, as the signed-in account may see it (null: nothing to open). */
async function paramValue(page: Page, route: string): Promise<string | null> {
  const first = async (url: string, pick: (b: any) => any[]) => {
    const res = await page.request.get(url);
    if (!res.ok()) return null;
    const list = pick(await res.json());
    return list.length ? String(list[0].id) : null;
  };
  if (route.startsWith('/filings/')) return first('/api/filings?pageSize=1', (b) => b.items);
  if (route.startsWith('/plans/')) return first('/api/plans', (b) => b);
  if (route.startsWith('/subsidies/')) return first('/api/subsidies/claims?pageSize=1', (b) => b.items);
  if (route.startsWith('/training/classes/')) return first('/api/training/classes?pageSize=1', (b) => b.items);
  if (route.startsWith('/catalog/')) return first('/api/public/institutions?pageSize=1', (b) => b.items);
  if (route.startsWith('/subsidy-publicity/')) return first('/api/public/subsidy-publicity', (b) => b);
  if (route.startsWith('/training/survey/')) {
    // a trainee's survey code, as the provider prints it (the page before or after the class ends)
    const db = h.platform.deps.db;
    const t = await db.selectFrom('training_trainees').select(['id', 'class_id']).orderBy('id').executeTakeFirst();
    if (!t) return 'no-such-code-0000000000000000000';
    const have = await db
      .selectFrom('training_survey_invites')
      .select('token')
      .where('trainee_id', '=', t.id)
      .executeTakeFirst();
    if (have) return have.token;
    const token = `walk${String(t.id).padStart(28, '0')}`;
    await db
      .insertInto('training_survey_invites')
      .values({ class_id: t.class_id, trainee_id: t.id, token, used: 0, created_at: new Date().toISOString() })
      .execute();
    return token;
  }
  if (route.startsWith('/results/')) {
    // a plan whose results are published
    const plans = await h.platform.deps.db.selectFrom('evaluation_plans').select('id').execute();
    for (const p of plans) if ((await page.request.get(`/api/public/plans/${p.id}/results`)).ok()) return String(p.id);
    return null;
  }
  throw new Error(`路由 ${route} 的参数不知如何取值：在 english.e2e.test.ts 的 paramValue 中补上`);
}

/** The addresses to open for a route: optional parameters both without and with a value. */
async function addresses(page: Page, route: string): Promise<string[]> {
  if (!route.includes(':')) return [route];
  const out: string[] = [];
  const optional = /\/:\w+\?$/.test(route);
  if (optional) out.push(route.replace(/\/:\w+\?$/, ''));
  const v = await paramValue(page, route);
  if (v) out.push(route.replace(/:\w+\??/, v));
  return out;
}

async function englishPage(opts?: { width: number; height: number }): Promise<Page> {
  const page = await h.newPage(opts);
  trackRequests(page);
  await page.addInitScript(() => localStorage.setItem('skillcert.lang', 'en'));
  return page;
}

function report(list: Finding[]): string {
  return list.map((f) => `${f.who} ${f.where}: ${f.text}`).join('\n');
}

// ---------------------------------------------------------------- the walk

describe('English complete', () => {
  const signedIn: Who[] = [
    { username: 'province-admin', role: 'province_hrss' },
    { username: 'city-admin', role: 'city_hrss' },
    { username: 'en-county-hrss', role: 'county_hrss' },
    { username: 'city-finance', role: 'city_finance' },
    { username: 'school-admin', role: 'institution_admin' },
    { username: 'en-examiner', role: 'examiner' },
    { username: 'learner', role: 'learner' },
    { username: 'system-admin', role: 'system_admin' },
    { username: 'audit-admin', role: 'audit_admin' },
  ];

  it('the router lists the pages (read from web/src/App.tsx)', () => {
    const paths = ROUTES.map((r) => r.path);
    expect(paths).toEqual(expect.arrayContaining(['/login', '/', '/plans/:id', '/reference/regions', '/account']));
    expect(ROUTES.find((r) => r.path === '/plans/:id')?.page).toBe('plans');
    expect(ROUTES.find((r) => r.path === '/catalog/:id?')?.public).toBe(true);
  });

  it('without sign-in: every public page is in English', async () => {
    const page = await englishPage();
    for (const r of ROUTES.filter((x) => x.public)) {
      for (const a of await addresses(page, r.path)) {
        await open(page, a);
        await walkPage(page, 'public', a, r.path);
      }
    }
    await page.goto(VERIFY_PAGE);
    await collect(page, 'public', VERIFY_PAGE);
    const mine = findings.filter((f) => f.who === 'public');
    expect(mine, report(mine)).toEqual([]);
  }, 120_000);

  it('补贴公示 names where each institution is by city and district (郑州市 中原区), in the list and the claim', async () => {
    const page = await englishPage();
    await page.goto('/subsidy-publicity');
    const list = page.getByTestId('public-subsidies');
    await list.waitFor();
    await expect.poll(() => list.innerText()).toMatch(/郑州市 \S+区/);
    await list.locator('a[href^="/subsidy-publicity/"]').first().click();
    await page.getByTestId('public-subsidy').waitFor();
    expect(await page.getByTestId('public-subsidy').innerText()).toMatch(/郑州市 \S+区/);
  }, 120_000);

  for (const who of signedIn) {
    it(`${who.username} (${who.role}): every page it may open is in English`, async () => {
      const deps = h.platform.deps;
      if (who.username === 'en-county-hrss')
        await makeUser(deps, { username: who.username, role: 'county_hrss', region: '410184' });
      data = undefined;
      if (who.username === 'en-examiner') {
        const school = await deps.db
          .selectFrom('institutions')
          .select('id')
          .where('name', '=', '郑州智能制造职业学院')
          .executeTakeFirstOrThrow();
        await makeUser(deps, { username: who.username, role: 'examiner', institutionId: school.id });
      }
      // the new accounts' names are data too
      data = undefined;
      const page = await englishPage();
      await login(page, who.username);
      const routes = ROUTES.filter((r) => !r.public && !CONFINED.has(r.path)).filter(
        (r) => r.page === null || canOpen(who.role, r.page),
      );
      for (const r of routes) {
        for (const a of await addresses(page, r.path)) {
          await open(page, a);
          await page.getByTestId('header-user').waitFor();
          await walkPage(page, who.username, a, r.path);
        }
      }
      // the account menu's change-password dialog
      const mine = findings.filter((f) => f.who === who.username);
      expect(mine, report(mine)).toEqual([]);
    }, 150_000);
  }

  it('课时与考勤 of a class with class hours: the reasons an hour does not count, the grid’s tooltips and the notes are in English', async () => {
    const db = h.platform.deps.db;
    // a class of the demo data with class hours and attendance taken, one whose marks include an hour that does not count
    const row = await db
      .selectFrom('training_attendance as a')
      .innerJoin('training_sessions as s', 's.id', 'a.session_id')
      .select(['s.class_id'])
      .where('a.status', 'in', ['absent', 'leave'])
      .orderBy('s.class_id')
      .executeTakeFirst();
    expect(row, 'the demo data has a class with an absence').toBeTruthy();
    data = undefined;
    const page = await englishPage();
    await login(page, 'province-admin');
    const where = `/training/classes/${row!.class_id} › hours`;
    await open(page, `/training/classes/${row!.class_id}`);
    await page.getByTestId('tab-hours').click();
    const grid = page.getByTestId('attendance-grid');
    await grid.waitFor();
    await collect(page, 'class-hours', where);
    // each kind of mark's tooltip (present, absent, leave …): the reason in words
    const marks = grid.locator('td span[style*="color"]');
    const seen = new Set<string>();
    const keys = await marks.evaluateAll((els) => els.map((e) => `${e.textContent}|${e.getAttribute('style')}`));
    for (let i = 0; i < keys.length && seen.size < 6; i++) {
      const mark = marks.nth(i);
      const key = keys[i]!;
      if (seen.has(key)) continue;
      seen.add(key);
      await mark.hover();
      const tip = page
        .locator('.ant-tooltip:visible .ant-tooltip-container, .ant-tooltip:visible .ant-tooltip-inner')
        .last();
      if (
        await tip.waitFor({ timeout: 1_500 }).then(
          () => true,
          () => false,
        )
      ) {
        const text = await tip.innerText();
        expect(text).toMatch(/[A-Za-z]/);
        await collect(page, 'class-hours', `${where} › tooltip ${key}`);
      }
      await page.mouse.move(0, 0);
    }
    expect(seen.size).toBeGreaterThan(1);
    const mine = findings.filter((f) => f.who === 'class-hours');
    expect(mine, report(mine)).toEqual([]);
  }, 120_000);

  it('a refusal from the server is in English (Accept-Language)', async () => {
    const page = await englishPage();
    await page.goto('/login');
    await page.locator('#login_username').fill('province-admin');
    await page.locator('#login_password').fill('wrong-password-1');
    await page.getByTestId('login-submit').click();
    const alert = page.locator('.ant-alert, .ant-message-notice, .ant-form-item-explain-error').first();
    await alert.waitFor();
    await collect(page, 'public', '/login (wrong password)');
    const mine = findings.filter((f) => f.where.startsWith('/login (wrong'));
    expect(mine, report(mine)).toEqual([]);
    expect(await alert.innerText()).toMatch(/[A-Za-z]/);
  });
});

// ---------------------------------------------------------------- phone size

describe('phones: public and learner pages fit 390 px', () => {
  const PHONE = { width: 390, height: 844 };
  const overflow = (page: Page) =>
    page.evaluate(() => {
      const doc = document.scrollingElement ?? document.documentElement;
      // the parts of the page's top bar side by side must not overlap (a long English word pushed under another)
      // each part with what it holds: a word wider than its box shows over its neighbour
      const parts = [...document.querySelectorAll('.app-header > *, .public-header > *')]
        .map((e) => {
          const rects = [e, ...e.querySelectorAll('*')]
            .map((d) => d.getBoundingClientRect())
            .filter((r) => r.width > 0);
          const r = { left: Math.min(...rects.map((x) => x.left)), right: Math.max(...rects.map((x) => x.right)) };
          return { e, r };
        })
        .filter((x) => x.r.right > x.r.left);
      const box = (x: { e: Element; r: { left: number; right: number } }) =>
        `${x.e.className} [${Math.round(x.r.left)}–${Math.round(x.r.right)}]`;
      const overlap = parts
        .flatMap((x, i) =>
          parts
            .slice(i + 1)
            .filter((y) => x.r.left < y.r.right - 1 && y.r.left < x.r.right - 1)
            .map((y) => `${box(x)} × ${box(y)}`),
        )
        .join('; ');
      return { scroll: doc.scrollWidth, inner: window.innerWidth, overlap };
    });

  it('public pages and the learner’s pages in English (the longer words): no sideways scrolling', async () => {
    const wide: string[] = [];
    for (const lang of ['en'] as const) {
      const page = await h.newPage(PHONE);
      trackRequests(page);
      await page.addInitScript((l) => localStorage.setItem('skillcert.lang', l), lang);
      const visit = async (a: string) => {
        await open(page, a);
        await quiet(page);
        const o = await overflow(page);
        if (o.scroll > o.inner) wide.push(`${lang} ${a}: ${o.scroll}px > ${o.inner}px`);
        if (o.overlap) wide.push(`${lang} ${a}: the header's parts overlap: ${o.overlap}`);
        if (lang === 'en' && (a === '/' || a.startsWith('/subsidy-publicity') || a === '/training/public'))
          await shot(page, `phone-en${a.replace(/\//g, '-') || '-home'}`);
      };
      for (const r of ROUTES.filter((x) => x.public)) for (const a of await addresses(page, r.path)) await visit(a);
      await visit(VERIFY_PAGE);
      await login(page, 'learner');
      for (const r of ROUTES.filter(
        (x) => !x.public && !CONFINED.has(x.path) && (x.page === null || canOpen('learner', x.page)),
      ))
        for (const a of await addresses(page, r.path)) await visit(a);
    }
    expect(wide, wide.join('\n')).toEqual([]);
  }, 120_000);
});
