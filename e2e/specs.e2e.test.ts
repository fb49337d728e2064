/**
 * Evaluation specifications in the browser: the school's administrator is refused an empty draft
 * field by field, creates one and submits it; the province official records an expert's review
 * (the expert and opinion fields shared with filing reviews) and the agreeing count moves.
 */
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { login, settle, shot, harnessForThisFile } from './harness.js';

const h = harnessForThisFile();

const TITLE = '浏览器测试·老年人能力评估师评价规范';
const dialog = (page: Page) =>
  page
    .locator('.ant-modal-wrap')
    .filter({ has: page.locator('.ant-modal-title') })
    .last();
const row = (page: Page) => page.locator('[data-testid="spec-table"] .ant-table-row').filter({ hasText: TITLE });

it('学校新建评价规范：空表单逐项提示；填好后保存并提交评审', async () => {
  const page = await h.newPage();
  await login(page, 'school-admin');
  await page.goto('/specs');
  await settle(page);
  await page.getByRole('button', { name: '新建评价规范' }).click();
  await dialog(page)
    .getByRole('button', { name: /保\s*存/ })
    .click();
  await dialog(page).locator('.ant-form-item-explain-error').first().waitFor();
  expect(await dialog(page).locator('.ant-form-item-explain-error').count()).toBe(3);

  await dialog(page).locator('#spec_occupationId').click();
  // the demo's occupation without a national standard (INST-7)
  await page.keyboard.type('老年人能力评估师');
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
  await dialog(page).locator('#spec_title').fill(TITLE);
  await dialog(page).getByText('四级/中级工').click();
  await dialog(page)
    .getByRole('button', { name: /保\s*存/ })
    .click();
  await row(page).waitFor();
  await row(page).getByRole('button', { name: /提交/ }).click();
  await expect.poll(() => row(page).innerText()).toContain('评审中');
});

it('省人社厅记录专家评审：提示已取消资格者不能评审，同意后同意数为 1', async () => {
  const page = await h.newPage();
  await login(page, 'province-admin');
  await page.goto('/specs');
  await settle(page);
  await row(page)
    .getByRole('button', { name: /记录评审/ })
    .click();
  await dialog(page).getByText('已取消资格的人员不能参与评审').waitFor();
  await dialog(page).locator('#spec-review_expertId').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
  await shot(page, 'spec-review', { fullPage: false });
  await dialog(page)
    .getByRole('button', { name: /保\s*存/ })
    .click();
  await expect.poll(() => row(page).innerText()).toMatch(/1\/\d/);
});
