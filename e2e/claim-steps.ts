/**
 * The steps of a subsidy claim's page that the evaluation-claim and training-claim browser tests
 * share: its dialogs, its status, and finance's approval and payment once publicity has run.
 */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { TestClock } from '../server/src/lib/clock.js';
import { login, still, type Harness } from './harness.js';

export const dialog = (page: Page) =>
  page
    .locator('.ant-modal-wrap')
    .filter({ has: page.locator('.ant-modal-title') })
    .last();

export async function confirmPop(page: Page) {
  await still(page);
  await page.locator('.ant-popconfirm:visible .ant-btn-primary').click();
}

export const status = (page: Page) => page.getByTestId('claim-detail').getByTestId('claim-status').first();

/**
 * City finance opens the claim, the clock moves to the first day finance may approve (publicity
 * over, SUB-3; the earlier session has lapsed), and finance approves and pays with `voucher`.
 * Returns the page showing the paid claim.
 */
export async function financeApprovesAndPays(h: Harness, clock: TestClock, claimUrl: string, voucher: string) {
  let page = await h.newPage();
  await login(page, 'city-finance');
  await page.goto(claimUrl);
  const opens = await page.getByTestId('claim-publicity').innerText();
  const day = /(\d{4})\/(\d{2})\/(\d{2}) 起财政部门/.exec(opens)!.slice(1).join('-');
  clock.set(`${day}T09:00:00+08:00`);
  page = await h.newPage();
  await login(page, 'city-finance');
  await page.goto(claimUrl);
  await page.getByTestId('step-finance_approve').click();
  await dialog(page).getByTestId('finance-approve-ok').click();
  await expect.poll(() => status(page).innerText()).toBe('财政已审核，待拨付');
  await page.getByTestId('step-pay').click();
  await dialog(page).getByTestId('pay-voucher').fill(voucher);
  await dialog(page).getByTestId('pay-ok').click();
  await expect.poll(() => status(page).innerText()).toBe('已拨付');
  return page;
}
