/**
 * The institution forms of a city official: registering one is refused field by field (type,
 * region, a malformed unified social credit code), and editing an institution's contacts checks
 * the phone number, then saves and shows it in the details.
 */
import { expect, it } from 'vitest';
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
