/**
 * The institution filing workflow in real Chromium (INST-2, INST-3, INST-5): a local secondary
 * school applies, the city education bureau records the expert review and recommends, the city
 * HRSS bureau files it and the 13-character filing number appears; the public catalog then lists
 * it without signing in. Also: a submission missing prerequisites shows the INST-3 refusal list,
 * and acting on an application routed to another department shows the INST-2 refusal.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { DOCS_SCREENSHOT_DIR, login, shot, harnessForThisFile, UPDATE_DOCS, still, pickOption } from './harness.js';
import { ruleText } from '../contract/rules.js';

const h = harnessForThisFile();

const SCHOOL = '郑州市电子信息工程学校';
const FILING_NO = /^Y000041\d{6}$/;
/** README screenshots, refreshed only with UPDATE_SCREENSHOTS=1 (as in roles.e2e.test.ts). */
const docs = (name: string) => (UPDATE_DOCS ? { alsoTo: path.join(DOCS_SCREENSHOT_DIR, name) } : {});

async function logout(page: Page) {
  await page.getByTestId('logout').click();
  await page
    .locator('.ant-popconfirm')
    .getByRole('button', { name: /确\s*定/ })
    .click();
  await page.locator('#login_username').waitFor();
}
/** Waits until antd's toasts are gone, for clean screenshots. */
async function quiet(page: Page) {
  await page
    .waitForFunction(() => document.querySelectorAll('.ant-message-notice').length === 0, undefined, { timeout: 8_000 })
    .catch(() => undefined);
}
const menu = (page: Page, text: string) => page.getByTestId('side-menu').getByText(text, { exact: true });

/** Opens an antd Select and picks the option whose text contains `text`. */
async function pick(page: Page, select: Locator, text: string, type = true) {
  await pickOption(page, select, text, type);
  await expect.poll(() => select.innerText()).toContain(type ? text : '');
}
async function checkRow(page: Page, item: string): Promise<Locator> {
  const row = page.locator(`[data-testid="checklist"] tr[data-testid="check-${item}"]`);
  await row.waitFor();
  return row;
}
/** 新建申请: one row per occupation with the given level labels ticked; returns on the detail page. */
async function createApplication(page: Page, rows: { occupation: string; levels: string[] }[]) {
  await menu(page, '本机构').click();
  await menu(page, '备案申请').click();
  await page.getByTestId('filing-new').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('scope-picker').waitFor();
  for (const [i, r] of rows.entries()) {
    if (i > 0) await dialog.getByTestId('scope-add').click();
    const row = dialog.getByTestId(`scope-row-${i}`);
    await pick(page, row.locator('.ant-select').first(), r.occupation);
    for (const l of r.levels) await row.getByText(l, { exact: true }).click();
  }
  const pairs = rows.reduce((n, r) => n + r.levels.length, 0);
  await expect.poll(() => dialog.getByTestId('scope-summary').innerText()).toContain(`共申报 ${pairs} 项`);
  await shot(page, 'filing-new-dialog', { fullPage: false });
  await dialog.getByTestId('filing-save').click();
  await page.waitForURL(/\/filings\/\d+$/);
  await page.getByTestId('filing-detail').waitFor();
  await page.locator('[data-testid="checklist"] tr[data-testid^="check-"]').first().waitFor();
}

describe('评价机构备案（INST-2、INST-3）', () => {
  it('INST-3: 备案条件不全时提交被拒绝，并列出缺少的各项；补传材料后撤回', async () => {
    const page = await h.newPage();
    await login(page, 'zhongzhi-admin');
    // 养老护理员: the school has no examiners and no question bank for it
    await createApplication(page, [
      { occupation: '计算机程序设计员', levels: ['四级/中级工'] },
      { occupation: '养老护理员', levels: ['四级/中级工'] },
    ]);
    const examiners = await checkRow(page, 'examiners');
    expect(await examiners.getAttribute('data-ok')).toBe('false');
    expect(await examiners.innerText()).toContain('养老护理员');
    expect(await (await checkRow(page, 'question_bank')).getAttribute('data-ok')).toBe('false');

    // remove the funding evidence: that item turns missing too
    const funding = await checkRow(page, 'funding');
    expect(await funding.getAttribute('data-ok')).toBe('true');
    await funding.getByTestId('evidence-remove').first().click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /确\s*定/ })
      .click();
    await expect.poll(async () => (await checkRow(page, 'funding')).getAttribute('data-ok')).toBe('false');
    expect(await (await checkRow(page, 'funding')).innerText()).toContain('未上传');

    await page.getByTestId('filing-submit').click();
    const refusal = page.getByTestId('action-error');
    await refusal.waitFor();
    const text = await refusal.innerText();
    expect(text).toContain('INST-3');
    expect(text).toContain('备案条件不全');
    expect(text).toContain('每个申报职业至少 3 名考评员');
    expect(text).toContain('养老护理员');
    expect(text).toContain('每个申报职业的题库');
    expect(text).toContain('经费保障');
    expect(await refusal.locator('.error-details li').count()).toBe(3);
    // the rule written out under the refusal, with its source document: no hover needed on a phone
    const basis = await refusal.getByTestId('rule-basis').innerText();
    expect(basis).toContain(ruleText('INST-3').text.slice(0, 12));
    expect(basis).toContain(ruleText('INST-3').source);
    await shot(page, 'filing-inst3-refusal', { fullPage: false });
    expect(await page.getByTestId('filing-status').innerText()).toBe('草稿');
    await quiet(page);
    await shot(page, 'filing-inst3-refused');

    // upload a new funding PDF (the server sniffs the content): the item is met again
    await (await checkRow(page, 'funding')).getByTestId('upload-funding').click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[type="file"]').setInputFiles({
      name: '经费保障承诺书.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
    });
    await dialog.getByTestId('evidence-ok').click();
    await expect.poll(async () => (await checkRow(page, 'funding')).getAttribute('data-ok')).toBe('true');
    expect(await (await checkRow(page, 'funding')).innerText()).toContain('经费保障承诺书.pdf');

    // withdraw this draft so the main flow starts clean
    await page.getByTestId('filing-withdraw').click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /确\s*定/ })
      .click();
    await expect.poll(() => page.getByTestId('filing-status').innerText()).toBe('已撤回');
    expect(await page.getByTestId('filing-timeline').innerText()).toContain('撤回');
  });

  it('中职学校申请 → 市教育局专家初审并推荐 → 市人社局备案 → 公开目录可查', async () => {
    // 1. the school applies
    const school = await h.newPage();
    await login(school, 'zhongzhi-admin');
    await createApplication(school, [{ occupation: '计算机程序设计员', levels: ['四级/中级工', '三级/高级工'] }]);
    await expect.poll(() => school.getByTestId('checklist-summary').innerText()).toContain('9 项条件全部满足');
    const rows = school.locator('[data-testid="checklist"] tr[data-testid^="check-"]');
    expect(await rows.count()).toBe(9);
    for (const ok of await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-ok'))))
      expect(ok).toBe('true');
    expect(await school.getByTestId('filing-scopes').innerText()).toMatch(/计算机程序设计员[\s\S]*四级[\s\S]*三级/);
    await shot(school, 'filing-1-draft');
    await school.getByTestId('filing-submit').click();
    await expect.poll(() => school.getByTestId('filing-status').innerText()).toBe('已提交');
    expect(await school.getByTestId('awaiting').innerText()).toContain('等待 郑州市教育局 办理');
    const filingUrl = new URL(school.url()).pathname;
    await shot(school, 'filing-2-submitted');
    await logout(school);

    // 2. the city education bureau: 待办 → expert opinion → recommend
    const edu = school; // same browser window, next person
    await login(edu, 'city-edu');
    await expect.poll(() => edu.getByTestId('menu-queue-badge').innerText()).toBe('1');
    await menu(edu, '待办').click();
    const queue = edu.getByTestId('queue-table');
    await queue.getByText(SCHOOL).waitFor();
    await shot(edu, 'filing-3-queue-city-edu');
    await queue.getByText(SCHOOL).click();
    await edu.waitForURL((u) => u.pathname === filingUrl);
    expect(await edu.getByTestId('awaiting').innerText()).toContain('等待 郑州市教育局 办理');
    // read-only checklist for officials, with evidence download links
    await edu.locator('[data-testid="checklist"] [data-testid="evidence-file"]').first().waitFor();
    expect(await edu.getByTestId('upload-unit').count()).toBe(0);
    // INST-2: recommending needs at least 3 expert opinions, at least 3 of them agreeing — three
    // experts of other 郑州 institutions (searched by their institution's name) agree
    const reviewers = ['郑州智能制造职业学院', '郑州城市建设职业技术学院', '郑州市第一技师学院'];
    for (const [k, reviewer] of reviewers.entries()) {
      await edu.getByTestId('filing-opinion').click();
      const opinion = edu.getByRole('dialog');
      const expertSelect = opinion.getByTestId('expert-select');
      await still(edu);
      await expertSelect.click();
      await edu.keyboard.type(reviewer);
      const option = edu
        .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
        .filter({ hasText: reviewer })
        .first();
      await option.waitFor();
      await still(edu);
      await option.click();
      // 已选择专家
      await expect.poll(async () => (await expertSelect.innerText()).trim().length).toBeGreaterThan(0);
      await opinion.locator('textarea').fill('考核场地、设备与考评员配置满足要求，同意推荐。');
      await opinion.getByTestId('opinion-ok').click();
      await opinion.waitFor({ state: 'hidden' });
      await expect.poll(() => edu.getByTestId('step-expert_opinion').count()).toBe(k + 1);
    }
    for (const step of await edu.getByTestId('step-expert_opinion').all())
      expect(await step.innerText()).toContain('同意');
    expect(await edu.getByTestId('expert-review').innerText()).toContain('同意 3 份，不同意 0 份');
    await quiet(edu);
    await shot(edu, 'filing-4-expert-opinion', docs('filing-review.png'));
    await edu.getByTestId('filing-recommend').click();
    await edu.getByTestId('reason-input').fill('专家初审通过，推荐备案。');
    await edu.getByTestId('reason-ok').click();
    await expect.poll(() => edu.getByTestId('filing-status').innerText()).toBe('已推荐');
    expect(await edu.getByTestId('awaiting').innerText()).toContain('等待 郑州市人社局 办理');
    await shot(edu, 'filing-5-recommended');
    await logout(edu);

    // 3. the city HRSS bureau files it: the filing number appears
    const hrss = edu;
    await login(hrss, 'city-admin');
    await menu(hrss, '待办').click();
    await hrss.getByTestId('queue-table').getByText(SCHOOL).click();
    await hrss.waitForURL((u) => u.pathname === filingUrl);
    await hrss.getByTestId('filing-file').click();
    await hrss.getByTestId('reason-ok').click();
    const no = hrss.getByTestId('filing-no');
    await no.waitFor();
    const filingNo = (await no.innerText()).trim();
    expect(filingNo).toMatch(FILING_NO);
    expect(await hrss.getByTestId('filing-status').innerText()).toBe('已备案');
    expect(await hrss.getByTestId('awaiting').count()).toBe(0);
    const timeline = await hrss.getByTestId('filing-timeline').innerText();
    for (const step of ['创建申请', '提交申请', '专家意见', '初审推荐', '备案']) expect(timeline).toContain(step);
    expect(timeline).toContain(filingNo);
    await expect.poll(() => hrss.getByTestId('menu-queue-badge').count()).toBe(0);
    await quiet(hrss);
    await shot(hrss, 'filing-6-filed');
    // the institution list shows the new status and number
    await menu(hrss, '评价机构').click();
    await hrss.getByTestId('inst-search').locator('input').fill(SCHOOL);
    await hrss.getByTestId('inst-search').locator('input').press('Enter');
    await expect.poll(() => hrss.getByTestId('inst-table').locator('.ant-table-row').count()).toBe(1);
    const instRow = await hrss.getByTestId('inst-table').locator('.ant-table-row').innerText();
    expect(instRow).toContain(filingNo);
    expect(instRow).toContain('已备案');

    // 4. anyone, without signing in: the public catalog
    const pub = await h.newPage();
    await pub.goto('/login');
    await pub.getByTestId('login-catalog').click();
    await pub.getByTestId('catalog-list').waitFor();
    expect(await pub.getByTestId('public-login').innerText()).toContain('登录');
    await pub.getByTestId('catalog-search').locator('input').fill(SCHOOL);
    await pub.getByTestId('catalog-search').locator('input').press('Enter');
    await expect.poll(() => pub.getByTestId('catalog-card').count()).toBe(1);
    const card = pub.getByTestId('catalog-card');
    const cardText = await card.innerText();
    expect(cardText).toContain(SCHOOL);
    expect(cardText).toContain('已备案');
    expect((await card.getByTestId('catalog-filing-no').innerText()).trim()).toBe(filingNo);
    const scope = await card.getByTestId('catalog-scopes').innerText();
    expect(scope).toContain('计算机程序设计员');
    expect(await card.getByTestId('level-tag').allInnerTexts()).toEqual(['四级/中级工', '三级/高级工']);
    await shot(pub, 'catalog-search');
    await card.click();
    await pub.waitForURL(/\/catalog\/\d+(\?.*)?$/); // the list's filters stay in the address
    const detail = pub.getByTestId('catalog-detail');
    await detail.waitFor();
    expect(await detail.innerText()).toContain(filingNo);
    expect(await detail.getByTestId('events-timeline').innerText()).toContain('备案');
    await shot(pub, 'catalog-detail', { fullPage: false });
  });

  it('INST-2: 市教育局办理应由省教育厅初审的申请时，显示「应由…办理」的拒绝', async () => {
    const page = await h.newPage();
    await login(page, 'city-edu');
    const res = await page.request.get('/api/filings?status=submitted&pageSize=100');
    const list = (await res.json()) as { items: { id: number; institutionName: string; stage: string }[] };
    const target = list.items.find((f) => f.institutionName === '郑州经贸职业学院' && f.stage === 'education');
    expect(target, '演示数据中郑州经贸职业学院的申请由省教育厅初审').toBeTruthy();
    await page.goto(`/filings/${target!.id}`);
    const awaiting = await page.getByTestId('awaiting').innerText();
    expect(awaiting).toContain('等待 河南省教育厅 办理');
    expect(awaiting).toContain('不由您所在部门办理');
    await page.getByTestId('filing-return').click();
    await page.getByTestId('reason-input').fill('材料需要补充');
    await page.getByTestId('reason-ok').click();
    const err = page.getByTestId('reason-error');
    await err.waitFor();
    const text = await err.innerText();
    expect(text).toContain('INST-2');
    expect(text).toContain('应由河南省教育厅办理');
    expect(await err.getByTestId('rule-basis').innerText()).toContain(ruleText('INST-2').source);
    await shot(page, 'filing-inst2-wrong-department', { fullPage: false });
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /取\s*消/ })
      .click();
    expect(await page.getByTestId('filing-status').innerText()).toBe('已提交');
  });
});

describe('公开目录', () => {
  it('无需登录：筛选、状态颜色、详情中的管理记录；手机宽度可用', async () => {
    const page = await h.newPage();
    await page.goto('/catalog');
    await page.getByTestId('catalog-list').waitFor();
    const total = await page.getByTestId('catalog-total').innerText();
    expect(total).toMatch(/共 \d+ 家评价机构/);
    await shot(page, 'catalog', { ...docs('catalog.png'), fullPage: false });

    // region cascader: city, loaded from the public regions endpoint
    await page.getByTestId('catalog-region').click();
    await page
      .locator('.ant-cascader-menu-item')
      .filter({ hasText: /^洛阳市$/ })
      .click();
    await page.keyboard.press('Escape');
    await expect
      .poll(async () => {
        const metas = await page.locator('.catalog-meta').allInnerTexts();
        return metas.length > 0 && metas.every((m) => m.includes('洛阳市'));
      })
      .toBe(true);
    await page.getByRole('button', { name: /重\s*置/ }).click();

    // status filter: 限期整改 entries carry their deadline
    await pick(page, page.getByTestId('catalog-status'), '限期整改', false);
    await expect
      .poll(async () => (await page.getByTestId('status-tag').allInnerTexts()).every((s) => s.startsWith('限期整改')))
      .toBe(true);
    expect(await page.getByTestId('status-tag').first().innerText()).toContain('整改期限');
    await page.getByTestId('catalog-card').first().click();
    await page.getByTestId('catalog-detail').waitFor();
    expect(await page.getByTestId('events-timeline').innerText()).toContain('整改');
    await shot(page, 'catalog-rectification-detail', { fullPage: false });

    const phone = await h.newPage({ width: 390, height: 844 });
    await phone.goto('/catalog');
    await phone.getByTestId('catalog-card').first().waitFor();
    // nothing wider than the screen
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(phone, 'catalog-mobile', { ...docs('catalog-mobile.png'), fullPage: false });
    await phone.getByTestId('catalog-card').first().click();
    await phone.getByTestId('catalog-detail').waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(phone, 'catalog-mobile-detail', { fullPage: false });
  });
});
