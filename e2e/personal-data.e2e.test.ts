/**
 * Issue 11 #3 in the browser: ID numbers are masked on every page; 「查看完整证件号」 asks for the
 * reason, shows the full number for a while and masks it again, and the reveal is in the audit
 * trail; a role that does not need full numbers has no such action; the coverage export with full
 * numbers asks for its purpose.
 */
import { expect, it } from 'vitest';
import { harnessForThisFile, login, settle, shot, still } from './harness.js';

const h = harnessForThisFile();
const MASKED = /^\d{3}\*{11}[\dX]{4}$/;

it('学校管理员：证书列表证件号脱敏；「查看完整证件号」须填写理由，显示完整号码后自动隐藏，并记入审计日志', async () => {
  const page = await h.newPage();
  await login(page, 'school-admin');
  await page.goto('/certificates');
  await settle(page);
  const first = page.locator('.ant-table-row').first().getByTestId('id-number');
  const masked = await first.getByTestId('id-number-masked').innerText();
  expect(masked).toMatch(MASKED);
  const shown = await page.locator('[data-testid="id-number-masked"]').allInnerTexts();
  expect(shown.length).toBeGreaterThan(5);
  expect(shown.every((s) => MASKED.test(s))).toBe(true);

  await first.getByTestId('reveal-id').click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await still(page);
  await dialog.getByTestId('purpose-input').fill('看');
  await dialog.getByTestId('purpose-ok').click();
  await dialog.locator('.ant-form-item-explain-error').filter({ hasText: '至少 4 个字' }).waitFor();
  await dialog.getByTestId('purpose-input').fill('核对补贴申报身份');
  await shot(page, 'reveal-id-dialog', { fullPage: false });
  await dialog.getByTestId('purpose-ok').click();
  await dialog.waitFor({ state: 'hidden' });
  const full = first.getByTestId('id-number-full');
  await full.waitFor();
  const number = await full.innerText();
  expect(number).toMatch(/^\d{17}[\dX]$/);
  expect(number.slice(0, 3) + '*'.repeat(11) + number.slice(-4)).toBe(masked);
  expect(await first.innerText()).toContain('秒后隐藏');
  await shot(page, 'reveal-id-shown', { fullPage: false });
  // the row's drawer did not open behind the dialog
  expect(await page.locator('.ant-drawer-open').count()).toBe(0);
  // hidden again by hand (or after 30 seconds)
  await first.getByRole('button', { name: '隐藏' }).click();
  await first.getByTestId('id-number-masked').waitFor();

  // recorded: who, whose, why
  const audit = await h.platform.deps.db
    .selectFrom('audit_log')
    .select(['actor_name', 'after_json'])
    .where('action', '=', 'person.reveal_id')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  expect(audit.actor_name).toBe('school-admin');
  expect(JSON.parse(audit.after_json!)).toMatchObject({ via: 'certificate', reason: '核对补贴申报身份' });
});

it('省教育厅：证件号脱敏且没有「查看完整证件号」；毕业生持证情况只能导出脱敏名单', async () => {
  const page = await h.newPage();
  await login(page, 'province-edu');
  await page.goto('/certificates');
  await settle(page);
  const masked = await page.locator('[data-testid="id-number-masked"]').allInnerTexts();
  expect(masked.length).toBeGreaterThan(5);
  expect(masked.every((s) => MASKED.test(s))).toBe(true);
  expect(await page.getByTestId('reveal-id').count()).toBe(0);
  await page.goto('/coverage');
  await settle(page);
  expect(await page.getByTestId('coverage-export-more').count()).toBe(0);
});

it('学校导出含完整证件号的毕业生名单须写明用途', async () => {
  const page = await h.newPage();
  await login(page, 'school-admin');
  await page.goto('/coverage');
  await settle(page);
  await page.getByTestId('coverage-export-more').click();
  await page.getByRole('menuitem', { name: /导出含完整证件号/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await still(page);
  expect(await dialog.innerText()).toContain('用途将记入审计日志');
  await shot(page, 'export-purpose-dialog', { fullPage: false });
  await dialog.getByTestId('purpose-input').fill('报送教育厅毕业生持证统计');
  const download = page.waitForEvent('download', { timeout: 45_000 });
  await dialog.getByTestId('purpose-ok').click();
  expect((await download).suggestedFilename()).toMatch(/\.xlsx$/);
  await dialog.waitFor({ state: 'hidden' });
  const audit = await h.platform.deps.db
    .selectFrom('audit_log')
    .select(['after_json'])
    .where('action', '=', 'person.export_ids')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  expect(JSON.parse(audit.after_json!)).toMatchObject({ purpose: '报送教育厅毕业生持证统计' });
});
