/**
 * Competition awards in the browser (CERT-5): a school (郑州市第一技师学院, filed by 郑州市人社局)
 * proposes a school contest whose rule 'top 100% → 三级' is refused at submission against the
 * province's cap (top 30% → 四级), revises it and submits; its results are refused while the rule
 * awaits approval; the city official sees the pending approval and approves it before the contest;
 * once the contest has taken place the school's result counts and a certificate is issued. The
 * province official sees the cap table with its edit buttons.
 */
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { TestClock } from '../server/src/lib/clock.js';
import { addDays, businessDate } from '../server/src/lib/dates.js';
import { makeUser } from '../server/test/harness.js';
import { harnessForThisFile, login, pickOption, settle, shot } from './harness.js';

const clock = new TestClock();
const h = harnessForThisFile({ clock });

const SCHOOL = '郑州市第一技师学院';
const NAME = '浏览器测试·第一技师学院电工技能竞赛';
const today = () => businessDate(clock.now(), 'Asia/Shanghai');
const contestDate = addDays(today(), 7);
/** GB 11643 check character of a resident ID's first 17 digits. */
function residentId(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * w[i], 0);
  return first17 + '10X98765432'[sum % 11];
}
const dialog = (page: Page) =>
  page
    .locator('.ant-modal-wrap')
    .filter({ has: page.locator('.ant-modal-title') })
    .last();
const row = (page: Page, testId: string) =>
  page.locator(`[data-testid="${testId}"] .ant-table-row`).filter({ hasText: NAME });
/** picks an option of the antd Select whose input has `id`, by typing `text` */
const pick = (page: Page, id: string, text: string, option = text) =>
  pickOption(page, page.locator(`#${id}`), text, true, option);
async function competitionTab(page: Page) {
  await page.goto('/pathways');
  await settle(page);
  await page.getByRole('tab', { name: /竞赛/ }).click();
  await page.getByTestId('competition-table').waitFor();
}

it('学校拟定竞赛取证规则：“前 100% → 三级”超出校级上限，提交被拒；改为前 30% → 四级后提交，审批前认定被拒', async () => {
  const institution = await h.platform.deps.db
    .selectFrom('institutions')
    .select('id')
    .where('name', '=', SCHOOL)
    .executeTakeFirstOrThrow();
  await makeUser(h.platform.deps, {
    username: 'jishi-admin',
    role: 'institution_admin',
    institutionId: institution.id,
  });
  const page = await h.newPage();
  await login(page, 'jishi-admin');
  await competitionTab(page);
  await page.getByTestId('competition-new').click();
  const d = dialog(page);
  await d.locator('#competition_name').fill(NAME);
  await d.locator('#competition_contestDate').click();
  await page.keyboard.type(contestDate);
  await page.keyboard.press('Enter');
  await d.locator('#competition_participants').fill('20');
  await pick(page, 'competition_occupationId', '6-31-01-03', '电工');
  // the school tier's cap is shown with the rules
  await expect.poll(() => d.getByTestId('competition-cap-hint').innerText()).toContain('前 30% → 四级/中级工');
  // the rule of the deviation: every entrant → 三级
  await d.locator('#competition_rules_0_value').fill('100');
  await pick(page, 'competition_rules_0_level', '三级', '三级/高级工');
  await d.getByTestId('competition-save').click();
  await row(page, 'competition-table').waitFor();
  expect(await row(page, 'competition-table').innerText()).toContain('拟定中');
  expect(await row(page, 'competition-table').innerText()).toContain('超出取证上限');

  await row(page, 'competition-table').getByTestId('competition-submit').click();
  const refusal = page.getByTestId('competition-error');
  await refusal.waitFor();
  expect(await refusal.innerText()).toContain('三级高于本级别竞赛最高可认定的四级');
  expect(await refusal.innerText()).toContain('超过上限允许的前 6 名');
  expect(await refusal.innerText()).toContain('CERT-5');
  await shot(page, 'competition-cap-refused');

  // revised to the cap, then submitted
  await row(page, 'competition-table').getByRole('button', { name: /修改/ }).click();
  await dialog(page).locator('#competition_rules_0_value').fill('30');
  await pick(page, 'competition_rules_0_level', '四级', '四级/中级工');
  await dialog(page).getByTestId('competition-save').click();
  await expect.poll(() => row(page, 'competition-table').innerText()).not.toContain('超出取证上限');
  await row(page, 'competition-table').getByTestId('competition-submit').click();
  await expect.poll(() => row(page, 'competition-table').innerText()).toContain('待审批');

  // results are refused until the rules are approved
  await row(page, 'competition-table').getByTestId('competition-award').click();
  const a = dialog(page);
  await a.locator('#award_name').fill('审批前甲');
  await a.locator('#award_idNumber').fill(residentId('41010520050101201'));
  await a.locator('#award_rank').fill('1');
  await a.getByTestId('award-ok').click();
  await expect.poll(() => a.innerText()).toContain('尚在审批中');
  await shot(page, 'competition-award-refused', { fullPage: false });
});

it('市人社局在待审批中看到该竞赛并在比赛日期前批准', async () => {
  const page = await h.newPage();
  await login(page, 'city-admin');
  await page.goto('/competitions');
  await settle(page);
  const r = row(page, 'competition-approvals');
  await r.waitFor();
  expect(await r.innerText()).toContain(SCHOOL);
  expect(await r.innerText()).toContain('郑州市人社局');
  await shot(page, 'competition-pending');
  await r.getByTestId('competition-approve').click();
  await page.getByTestId('reason-input').fill('规则在校级竞赛取证上限之内，同意');
  await page.getByTestId('reason-ok').click();
  await expect.poll(() => r.innerText()).toContain('已批准');
  await shot(page, 'competition-approved');
});

it('比赛举行后，学校按名次认定：第 1 名认定四级并发证', async () => {
  clock.set(`${contestDate}T10:00:00+08:00`);
  const page = await h.newPage();
  await login(page, 'jishi-admin');
  await competitionTab(page);
  expect(await row(page, 'competition-table').innerText()).toContain('已批准');
  await row(page, 'competition-table').getByTestId('competition-award').click();
  const a = dialog(page);
  await a.locator('#award_name').fill('冠军乙');
  await a.locator('#award_idNumber').fill(residentId('41010520050101202'));
  await a.locator('#award_rank').fill('1');
  await a.getByTestId('award-ok').click();
  const issued = page.getByTestId('pathway-issued');
  await issued.waitFor();
  expect(await issued.innerText()).toContain('四级');
  await expect.poll(() => row(page, 'competition-table').innerText()).toContain('1/6');
  await expect.poll(() => page.getByTestId('records-competition').innerText()).toContain('冠军乙');
  await shot(page, 'competition-awarded');
});

it('省人社厅可设定各级别竞赛取证上限', async () => {
  const page = await h.newPage();
  await login(page, 'province-admin');
  await page.goto('/competitions');
  await settle(page);
  const caps = page.getByTestId('caps-table');
  await caps.waitFor();
  expect(await caps.innerText()).toContain('前 10 名 → 三级/高级工');
  expect(await caps.innerText()).toContain('前 30% → 四级/中级工');
  await page.getByTestId('cap-edit-school').click();
  await dialog(page).locator('#cap_maxPercent').fill('25');
  await dialog(page).getByTestId('cap-save').click();
  await expect.poll(() => caps.innerText()).toContain('前 25% → 四级/中级工');
  await shot(page, 'competition-caps');
});
