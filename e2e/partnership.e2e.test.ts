/**
 * The corrected CERT-3 and CERT-6 pathways in real Chromium, on the demo data: the school records a
 * student's 1+X certificate with its scan and recognises a recorded one (三级 from 1+X 中级); the
 * school accepts 一拖's proposed agreement, which is then recorded with 一拖's filing authority;
 * 宇通 evaluates a student on the school's roster under its accepted agreement, and is refused for a
 * person it names who is not on the roster (CERT-6, the rule shown under the refusal).
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { harnessForThisFile, login, shot, still, pickOption } from './harness.js';
import { demoPdf, DEMO_STUDENTS } from '../server/src/seed/demo.js';
import { residentIdCheckChar } from '../server/src/lib/identity.js';

const h = harnessForThisFile();
const id18 = (first17: string) => first17 + residentIdCheckChar(first17);

const confirmPop = (page: Page) =>
  page
    .locator('.ant-popconfirm')
    .last()
    .getByRole('button', { name: /确\s*定/ })
    .click();
const tab = (page: Page, name: RegExp) => page.getByRole('tab', { name });

describe('CERT-3 / CERT-6 取证途径', () => {
  it('CERT-3: 学校登记学生的 1+X 证书（含扫描件），并对登记的证书直接认定', async () => {
    const page = await h.newPage();
    await login(page, 'school-admin');
    await page.goto('/pathways');
    const table = page.getByTestId('holding-table');
    await expect.poll(() => table.innerText()).toContain(DEMO_STUDENTS[1].name);
    // record a new one: the school's own student, the certificate, its number and the scan
    const form = page.locator('form#holding');
    await form.locator('#holding_name').fill('郑雨桐');
    await form.locator('#holding_idNumber').fill(id18('41010520050401006'));
    await pickOption(
      page,
      form.locator('.ant-select').filter({ has: page.locator('#holding_certificateId') }),
      '特殊焊接技术',
    );
    await form.locator('#holding_number').fill('HX2026410000777');
    const date = form.locator('#holding_issuedOn');
    await date.click();
    await date.fill('2026-06-20');
    await date.press('Enter');
    await form.locator('input[type="file"]').setInputFiles({
      name: '1+X证书.pdf',
      mimeType: 'application/pdf',
      buffer: demoPdf('1+X certificate'),
    });
    await page.getByTestId('holding-submit').click();
    await expect.poll(() => table.innerText()).toContain('HX2026410000777');
    // recognise 孙悦's 1+X 中级 (特殊焊接技术 → 焊工): 三级
    const row = table.locator('tr.ant-table-row').filter({ hasText: DEMO_STUDENTS[1].name });
    expect(await row.innerText()).toContain('三级');
    await row.getByTestId('holding-recognise').click();
    await confirmPop(page);
    const issued = page.getByTestId('pathway-issued');
    await issued.waitFor();
    expect(await issued.innerText()).toContain('三级/高级工');
    await expect.poll(() => row.innerText()).toContain('已认定');
    await expect.poll(() => page.getByTestId('records-recognition').innerText()).toContain(DEMO_STUDENTS[1].name);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'pathways-recognition');
  }, 90_000);

  it('CERT-6: 学校接受企业提出的合作协议，协议在企业的备案部门登记', async () => {
    const page = await h.newPage();
    await login(page, 'school-admin');
    await page.goto('/pathways');
    await tab(page, /企校合作/).click();
    const table = page.getByTestId('partnership-table');
    const row = table.locator('tr.ant-table-row').filter({ hasText: '洛阳一拖装备制造有限公司' });
    await expect.poll(() => row.innerText()).toContain('待院校确认');
    await row.getByTestId('partnership-accept').click();
    await confirmPop(page);
    await expect.poll(() => row.innerText()).toContain('已接受');
    expect(await row.innerText()).toContain('洛阳市人社局');
    await shot(page, 'pathways-partnership-school');
  }, 90_000);

  it('CERT-6: 企业按已生效的协议为合作院校名册上的学生评价发证；名册外人员被拒绝', async () => {
    const page = await h.newPage();
    await login(page, 'enterprise-admin');
    await page.goto('/pathways');
    // an enterprise opens on its cooperation tab
    const form = page.locator('form#enterprise');
    await form.waitFor();
    await pickOption(
      page,
      form.locator('.ant-select').filter({ has: page.locator('#enterprise_partnershipId') }),
      '郑州智能制造职业学院',
      false,
    );
    await form.locator('#enterprise_name').fill('现场登记');
    await form.locator('#enterprise_idNumber').fill(id18('41010520080101007'));
    await pickOption(
      page,
      form.locator('.ant-select').filter({ has: page.locator('#enterprise_occupationId') }),
      '电工',
    );
    await form.locator('#enterprise_theory').fill('80');
    await form.locator('#enterprise_practical').fill('85');
    await page.getByTestId('enterprise-submit').click();
    const error = page.getByTestId('enterprise-error');
    await error.waitFor();
    expect(await error.innerText()).toContain('不在郑州智能制造职业学院的学生名册上');
    expect(await error.innerText()).toContain('CERT-6');
    await shot(page, 'pathways-enterprise-refused');
    await form.locator('#enterprise_name').fill(DEMO_STUDENTS[0].name);
    await form.locator('#enterprise_idNumber').fill(id18(DEMO_STUDENTS[0].idFirst17));
    await page.getByTestId('enterprise-submit').click();
    const issued = page.getByTestId('pathway-issued');
    await issued.waitFor();
    expect(await issued.innerText()).toContain('四级/中级工');
    await expect.poll(() => page.getByTestId('records-enterprise').innerText()).toContain(DEMO_STUDENTS[0].name);
    expect(await page.getByTestId('records-enterprise').innerText()).toContain('合格线 60');
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'pathways-enterprise');
  }, 90_000);
});
