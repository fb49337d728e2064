/**
 * A subsidy claim in the browser (SUB-1 … SUB-4): the demo school builds an evaluation claim of its
 * certificates issued this year — the preview lists the lines it may not claim with their reasons
 * (already paid or claimed, revoked) — keeps the eligible ones and submits with its bank account;
 * 郑州市人社局 accepts and approves it, which publishes it; the public 公示 page shows it without
 * sign-in, names masked; 郑州市财政局 is refused before the publicity has lasted 3 working days
 * (SUB-3), approves it once the clock has moved past, and pays it to the masked account.
 */
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { TestClock } from '../server/src/lib/clock.js';
import { confirmPop, dialog, financeApprovesAndPays, status } from './claim-steps.js';
import { harnessForThisFile, login, settle, shot } from './harness.js';

const clock = new TestClock();
const h = harnessForThisFile({ clock });
let claimUrl = '';

it('机构预览评价补贴申领（列出不能申领的明细及原因），建立草稿并提交收款账户', async () => {
  const page = await h.newPage();
  await login(page, 'school-admin');
  await page.goto('/subsidies');
  await page.getByTestId('sub-claims').waitFor();
  await shot(page, 'subsidy-claims-institution');
  await page.getByTestId('sub-new').click();
  await page.getByTestId('claim-preview').click();
  const result = page.getByTestId('claim-preview-result');
  await result.waitFor();
  // this year's certificates include lines already paid or in publicity, and revoked ones
  await expect.poll(() => page.getByTestId('claim-reasons').innerText()).toMatch(/SUB-1/);
  expect(await page.getByTestId('claim-preview-lines').getByTestId('line-reason').count()).toBeGreaterThan(0);
  await shot(page, 'subsidy-claim-preview');
  await page.getByTestId('claim-create').click();
  await page.waitForURL(/\/subsidies\/\d+$/);
  claimUrl = new URL(page.url()).pathname;
  await expect.poll(() => status(page).innerText()).toBe('草稿');
  await page.getByTestId('step-submit').click();
  const d = dialog(page);
  await d.getByTestId('payee-bank').fill('中国工商银行郑州金水支行');
  await d.getByTestId('payee-account').fill('6222 0202 0011 2345 678');
  await d.getByTestId('submit-ok').click();
  await expect.poll(() => status(page).innerText()).toBe('待受理');
  await expect.poll(() => page.getByTestId('claim-payee').innerText()).toContain('6222 **** **** 5678');
  await shot(page, 'subsidy-claim-submitted');
}, 180_000);

it('市人社局在待办中看到申领，受理并审核通过，申领进入公示', async () => {
  const page = await h.newPage();
  await login(page, 'city-admin');
  await page.goto('/subsidies');
  await page.getByTestId('sub-queue').waitFor();
  // 郑州市第一技师学院's claim has waited past its 10 working days
  expect(
    Number(await page.getByTestId('sub-queue-submitted').locator('.ant-statistic-content-value').innerText()),
  ).toBeGreaterThan(1);
  await expect.poll(() => page.getByTestId('sub-queue-overdue-submitted').innerText()).toMatch(/逾期 \d+ 件/);
  await shot(page, 'subsidy-queue-city');
  await page.goto(claimUrl);
  await page.getByTestId('step-accept').click();
  await confirmPop(page);
  await expect.poll(() => status(page).innerText()).toBe('已受理，待审核');
  await page.getByTestId('step-approve').click();
  await confirmPop(page);
  await expect.poll(() => status(page).innerText()).toBe('公示中');
  await page.getByTestId('claim-publicity').waitFor();
  await shot(page, 'subsidy-claim-publicity');
}, 180_000);

it('补贴公示页无需登录，姓名脱敏，不显示证件号码和证书编号（手机宽度）', async () => {
  const page = await h.newPage({ width: 390, height: 844 });
  const id = Number(claimUrl.split('/').pop());
  await page.goto('/subsidy-publicity');
  const list = page.getByTestId('public-subsidies');
  await list.waitFor();
  await list.locator(`a[href="/subsidy-publicity/${id}"]`).click();
  const lines = page.getByTestId('public-subsidy-lines');
  await lines.waitFor();
  await settle(page);
  const text = await lines.innerText();
  expect(text).toMatch(/[\u4e00-\u9fa5]\*/);
  expect(text).not.toMatch(/\d{17}[\dX]/);
  expect(text).not.toMatch(/[YS]\d{21}/);
  await shot(page, 'subsidy-public-mobile');
}, 120_000);

it('市财政局在公示满 3 个工作日前审核被拒（SUB-3），期满后审核并拨付至脱敏账户', async () => {
  let page = await h.newPage();
  await login(page, 'city-finance');
  await page.goto(claimUrl);
  await page.getByTestId('step-finance_approve').click();
  await dialog(page).getByTestId('finance-approve-ok').click();
  await expect.poll(() => dialog(page).getByTestId('error-alert').innerText()).toContain('SUB-3');
  await shot(page, 'subsidy-finance-refused');
  page = await financeApprovesAndPays(h, clock, claimUrl, 'ZZCZ-E2E-0001');
  await expect.poll(() => page.getByTestId('payment-account').innerText()).toContain('6222 **** **** 5678');
  await shot(page, 'subsidy-claim-paid');
  await expect.poll(() => page.getByTestId('claim-lines').innerText()).toContain('已拨付');
}, 240_000);

it('专账资金：郑州市的预算、已拨付与结余由记录计算', async () => {
  const page = await h.newPage();
  await login(page, 'city-finance');
  await page.goto('/subsidies/funds');
  await page.getByTestId('funds-table').waitFor();
  await expect.poll(() => page.getByTestId('funds-table').innerText()).toContain('郑州市');
  await shot(page, 'subsidy-funds');
}, 120_000);
