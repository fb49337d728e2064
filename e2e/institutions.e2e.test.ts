/**
 * The institution forms of a city official: registering one is refused field by field (type,
 * region, a malformed unified social credit code), and editing an institution's contacts checks
 * the phone number, then saves and shows it in the details. The staff registry: a person is
 * registered by ID number, and once the city disqualifies them the school cannot register them
 * again (INST-8).
 */
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { login, settle, shot, harnessForThisFile } from './harness.js';

const h = harnessForThisFile();

it('市人社局登记机构：缺类型、缺区划、信用代码格式不对时逐项提示；编辑联系电话后详情显示新号码', async () => {
  const page = await h.newPage();
  await login(page, 'city-admin');
  await page.goto('/institutions');
  await settle(page);

  await page.getByRole('button', { name: /登记机构/ }).click();
  await page.locator('#inst-create_name').fill('测试学院');
  await page.locator('#inst-create_creditCode').fill('12345');
  await page.getByTestId('inst-create-ok').click();
  await page.locator('.ant-modal .ant-form-item-explain-error').first().waitFor();
  const errors = await page.locator('.ant-modal .ant-form-item-explain-error').allInnerTexts();
  expect(errors).toEqual(['请选择机构类型', '请选择所属区划', '统一社会信用代码为 18 位']);
  await page.keyboard.press('Escape');

  await page.locator('.ant-table-row').first().click();
  await settle(page);
  await page
    .getByRole('button', { name: /编辑机构信息/ })
    .first()
    .click();
  await page.locator('#inst-edit_contactPhone').fill('abc');
  const save = page.locator('.ant-modal').getByRole('button', { name: /保\s*存/ });
  await save.click();
  await page.locator('.ant-modal .ant-form-item-explain-error').filter({ hasText: '电话号码' }).waitFor();
  await shot(page, 'institution-edit-refused', { fullPage: false });
  await page.locator('#inst-edit_contactPhone').fill('0371-66668888');
  await save.click();
  await page.locator('.ant-modal').waitFor({ state: 'hidden' });
  await expect.poll(() => page.locator('.ant-drawer').innerText()).toContain('0371-66668888');
});

/** GB 11643 check character of a resident ID's first 17 digits. */
function residentId(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((n, d, i) => n + Number(d) * w[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

it('INST-8 人员库：学校按身份证号登记督导员；市人社局取消其资格后，学校再登记同一人被拒绝', async () => {
  const id = residentId('11010119750312045');
  const register = async (page: Page) => {
    await page.goto('/staff');
    await settle(page);
    await page.getByTestId('staff-create').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('质量督导员', { exact: true }).click();
    await dialog.getByText('内部', { exact: true }).click();
    await page.locator('#staff_name').fill('贾督导');
    await page.getByTestId('staff-id-number').fill(id);
    await page.getByTestId('staff-save').click();
    return dialog;
  };
  const school = await h.newPage();
  await login(school, 'school-admin');
  // a malformed number is refused in the form
  await school.goto('/staff');
  await settle(school);
  await school.getByTestId('staff-create').click();
  await school.getByTestId('staff-id-number').fill('41010219800101');
  await school.getByTestId('staff-save').click();
  await school.locator('.ant-modal .ant-form-item-explain-error').filter({ hasText: '18 位' }).waitFor();
  await school.keyboard.press('Escape');
  await school.getByRole('dialog').waitFor({ state: 'hidden' });

  await (await register(school)).waitFor({ state: 'hidden' });
  await school.getByTestId('staff-search').locator('input').fill(id);
  await school.getByTestId('staff-search').locator('input').press('Enter');
  const row = school.locator('[data-testid="staff-table"] tr.ant-table-row').filter({ hasText: '贾督导' });
  await expect.poll(() => row.innerText()).toContain(`110***********${id.slice(-4)}`);

  const city = await h.newPage();
  await login(city, 'city-admin');
  await city.goto('/staff');
  await settle(city);
  await city.getByTestId('staff-search').locator('input').fill(id);
  await city.getByTestId('staff-search').locator('input').press('Enter');
  const cityRow = city.locator('[data-testid="staff-table"] tr.ant-table-row').filter({ hasText: '贾督导' });
  await cityRow.getByRole('button', { name: /取消资格/ }).click();
  await city.getByTestId('reason-input').fill('督导中隐瞒考生替考行为');
  await city.getByTestId('reason-ok').click();
  await expect.poll(() => cityRow.innerText()).toContain('已取消资格');

  const dialog = await register(school);
  const error = dialog.locator('.ant-alert-error');
  await error.waitFor();
  expect(await error.innerText()).toContain('不得在任何机构登记');
  expect(await error.innerText()).toContain('INST-8');
  await shot(school, 'staff-barred-person-refused', { fullPage: false });
});
