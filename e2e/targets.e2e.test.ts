/**
 * The dashboard (TGT-2, TGT-3) in Chromium as the province, a city and a school: the map of Henan
 * drawn from the maintained GeoJSON and coloured by completion, drilling down from the province to
 * a city's counties, the trend against the straight line, and the monthly report page.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { login, settle, shot, harnessForThisFile } from './harness.js';

const h = harnessForThisFile();

async function openDashboard(page: Page) {
  await page.goto('/dashboard');
  await page.getByTestId('dashboard-page').waitFor();
}
const drawn = (page: Page, testId: string) =>
  page.locator(`[data-testid="${testId}"][data-rendered="true"] canvas`).first().waitFor({ timeout: 30_000 });

describe('dashboard', () => {
  it('TGT-3: the province sees Henan by city (and 省直管县) coloured by completion, drills into a city’s counties', async () => {
    const page = await h.newPage();
    await login(page, 'province-admin');
    await openDashboard(page);
    await drawn(page, 'henan-map');
    await drawn(page, 'trend-chart');
    expect(await page.getByTestId('figure-certified').innerText()).toContain('800,000'); // Henan's published target
    // training person-times come from the training module's passed completion tests (no longer 未接入)
    const training = await page.getByTestId('figure-training').innerText();
    expect(training).not.toContain('未接入');
    expect(training).toContain('人次');
    const rows = await page.locator('[data-testid="dashboard-children"] .ant-table-row').allInnerTexts();
    expect(rows.join('\n')).toContain('济源示范区');
    expect(rows.join('\n')).toContain('巩义市');
    await shot(page, 'dashboard-province');
    await page.getByTestId('open-R410100').click();
    await expect.poll(() => page.getByTestId('unit-crumbs').innerText(), { timeout: 30_000 }).toContain('郑州市');
    await drawn(page, 'henan-map');
    await settle(page);
    await shot(page, 'dashboard-province-zhengzhou');
    await page.close();
  }, 240_000);

  it('TGT-3: a city official sees only their city', async () => {
    const page = await h.newPage();
    await login(page, 'city-admin');
    await openDashboard(page);
    await drawn(page, 'henan-map');
    const rows = (await page.locator('[data-testid="dashboard-children"] .ant-table-row').allInnerTexts()).join('\n');
    expect(rows).toContain('金水区');
    expect(rows).not.toContain('洛阳');
    expect(rows).not.toContain('巩义市'); // 省直管县 report to the province
    await shot(page, 'dashboard-city');
    // another city's unit in the address: refused
    await page.goto('/dashboard?unit=R410300');
    await page
      .getByText(/不存在或不在您的管辖范围内/)
      .first()
      .waitFor();
    await page.close();
  }, 240_000);

  it('TGT-3: a school sees its own figures, its report and its to-dos', async () => {
    const school = await h.newPage();
    await login(school, 'school-admin');
    await openDashboard(school);
    await drawn(school, 'trend-chart');
    expect(await school.getByTestId('figure-certified').innerText()).toContain('任务 60');
    await shot(school, 'dashboard-school');
    await school.goto('/reports');
    await school.getByTestId('reports-page').waitFor();
    await school.getByTestId('report-figures').waitFor();
    await shot(school, 'reports-school');
    await school.goto('/');
    await school.getByTestId('home-todos').waitFor();
    await shot(school, 'home-school-todos');
    await school.close();
  }, 240_000);
});
