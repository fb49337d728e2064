/**
 * Reference data in the browser: the province official searches the occupation catalogue, edits
 * an occupation, is stopped by a malformed code, adds one, and adds and disables a 1+X
 * certificate; a city official sees the same lists without any way to change them.
 */
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { login, settle, shot, harnessForThisFile } from './harness.js';

const h = harnessForThisFile();

const rows = (page: Page, table: string) => page.locator(`[data-testid="${table}"] .ant-table-row`);
const dialog = (page: Page) =>
  page
    .locator('.ant-modal')
    .filter({ has: page.locator('.ant-modal-title') })
    .last();

async function search(page: Page, text: string) {
  await page.locator('.page-toolbar input').fill(text);
  await page.locator('.page-toolbar input').press('Enter');
  await settle(page);
}

it('职业目录：省人社厅检索、编辑备注；编码格式不对时就地提示；新增职业后可检索到', async () => {
  const page = await h.newPage();
  await login(page, 'province-admin');
  await page.goto('/reference/occupations');
  await settle(page);
  expect(await rows(page, 'occ-table').count()).toBeGreaterThan(5);

  await search(page, '电工');
  const first = rows(page, 'occ-table').first();
  await expect.poll(() => first.innerText()).toContain('电工');
  await first.getByRole('button', { name: /编辑/ }).click();
  await expect.poll(() => dialog(page).locator('.ant-modal-title').innerText()).toBe('编辑职业');
  expect(await dialog(page).locator('#occupation_code').isDisabled()).toBe(true); // a code never changes
  await dialog(page).locator('#occupation_note').fill('浏览器测试备注');
  await shot(page, 'reference-occupation-edit', { fullPage: false });
  await dialog(page)
    .getByRole('button', { name: /保\s*存/ })
    .click();
  await page.getByText('已保存').waitFor();
  await expect.poll(() => rows(page, 'occ-table').first().innerText()).toContain('浏览器测试备注');

  await page.getByRole('button', { name: '新增职业' }).click();
  await expect.poll(() => dialog(page).locator('.ant-modal-title').innerText()).toBe('新增职业');
  expect(await dialog(page).locator('#occupation_edition').inputValue()).toBe('2022');
  await dialog(page).locator('#occupation_code').fill('4-04-05');
  await dialog(page).locator('#occupation_name').fill('测试新职业');
  await dialog(page)
    .getByRole('button', { name: /保\s*存/ })
    .click();
  await dialog(page).locator('.ant-form-item-explain-error').filter({ hasText: '如 4-04-05-01' }).waitFor();
  await dialog(page).locator('#occupation_code').fill('4-99-99-98');
  await dialog(page)
    .getByRole('button', { name: /保\s*存/ })
    .click();
  await page.getByText('已创建').waitFor();
  await search(page, '4-99-99-98');
  await expect.poll(() => rows(page, 'occ-table').first().innerText()).toContain('测试新职业');
  expect(await rows(page, 'occ-table').count()).toBe(1);
  await shot(page, 'reference-occupations');
});

it('1+X 证书目录：新增一项，再停用它', async () => {
  const page = await h.newPage();
  await login(page, 'province-admin');
  await page.goto('/reference/one-plus-x');
  await settle(page);
  await page.getByRole('button', { name: '新增证书' }).click();
  await dialog(page).locator('#one-plus-x_batch').fill('3');
  await dialog(page).locator('#one-plus-x_name').fill('浏览器测试职业技能等级证书');
  await dialog(page).locator('#one-plus-x_organisation').fill('测试评价组织');
  await dialog(page)
    .getByRole('button', { name: /保\s*存/ })
    .click();
  await page.getByText('已创建').waitFor();
  await search(page, '浏览器测试');
  const row = rows(page, 'opx-table').first();
  await expect.poll(() => row.innerText()).toContain('测试评价组织');
  expect(await row.innerText()).toContain('启用');
  await row.getByRole('button', { name: /编辑/ }).click();
  await dialog(page).locator('#one-plus-x_active').click();
  await dialog(page)
    .getByRole('button', { name: /保\s*存/ })
    .click();
  await page.getByText('已保存').waitFor();
  await expect.poll(() => rows(page, 'opx-table').first().innerText()).toContain('停用');
});

it('市人社局可查看目录，但没有新增与编辑', async () => {
  const page = await h.newPage();
  await login(page, 'city-admin');
  await page.goto('/reference/occupations');
  await settle(page);
  expect(await rows(page, 'occ-table').count()).toBeGreaterThan(5);
  expect(await page.getByRole('button', { name: '新增职业' }).count()).toBe(0);
  expect(await page.locator('[data-testid="occ-table"]').getByRole('button', { name: /编辑/ }).count()).toBe(0);
});
