/**
 * Issue 11 finding 5: an administrator binds a second factor in 账号安全 and then signs in with
 * password and one-time code (generated here with the same library as an authenticator app),
 * and once with a recovery code.
 */
import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, harnessForThisFile, login, shot } from './harness.js';

const h = harnessForThisFile();

/** Waits for the next 30-second step: a code is accepted once, so the next sign-in needs a new one. */
async function nextStep(page: Page) {
  const step = () => Math.floor(Date.now() / 30_000);
  const now = step();
  while (step() === now) await page.waitForTimeout(500);
}

async function passwordStep(page: Page) {
  await page.goto('/login');
  await page.locator('#login_username').fill('system-admin');
  await page.locator('#login_password').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('login-code-form').waitFor();
}

describe('finding 5: second factor', () => {
  let secret = '';
  let recovery: string[] = [];

  it('系统管理员在“账号安全”中绑定动态口令，保存恢复码', async () => {
    const page = await h.newPage();
    await login(page, 'system-admin');
    await page.getByTestId('header-account').click();
    await page.getByTestId('my-account').waitFor();
    expect(await page.getByTestId('tfa-status').innerText()).toBe('未绑定');
    await page.getByTestId('tfa-begin').click();
    await page.getByTestId('tfa-qr').waitFor();
    secret = (await page.getByTestId('tfa-secret').innerText()).trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await shot(page, 'account-second-factor-qr');
    await page.locator('#tfa-enrol_code').fill('000000');
    await page.getByTestId('tfa-confirm').click();
    await page.getByTestId('tfa-error').waitFor();
    await page.locator('#tfa-enrol_code').fill(await generate({ secret }));
    await page.getByTestId('tfa-confirm').click();
    await page.getByTestId('tfa-recovery-codes').waitFor();
    recovery = (await page.getByTestId('tfa-recovery-codes').innerText()).split(/\s+/).filter(Boolean);
    expect(recovery).toHaveLength(10);
    await shot(page, 'account-second-factor-recovery-codes');
    await page.getByTestId('tfa-finish').click();
    await expect.poll(() => page.getByTestId('tfa-status').innerText()).toBe('已绑定');
    await shot(page, 'account-second-factor-on');
  });

  it('登录分两步：密码正确后输入动态口令', async () => {
    const page = await h.newPage();
    await nextStep(page);
    await passwordStep(page);
    await shot(page, 'login-second-step');
    await page.locator('#login-code_code').fill('123456');
    await page.getByTestId('login-verify').click();
    await expect.poll(() => page.getByTestId('login-error').innerText()).toContain('动态口令或恢复码不正确');
    await page.locator('#login-code_code').fill(await generate({ secret }));
    await page.getByTestId('login-verify').click();
    await page.getByTestId('header-user').waitFor();
    expect(await page.getByTestId('header-name').innerText()).toBe('孙伟');
  });

  it('手机不在身边时，一个恢复码可登录一次', async () => {
    const page = await h.newPage();
    await passwordStep(page);
    await page.getByTestId('login-use-recovery').click();
    await page.locator('#login-code_code').fill(recovery[0]);
    await page.getByTestId('login-verify').click();
    await page.getByTestId('header-user').waitFor();
    await page.getByText('剩余 9 个').waitFor();

    const again = await h.newPage();
    await passwordStep(again);
    await again.getByTestId('login-use-recovery').click();
    await again.locator('#login-code_code').fill(recovery[0]);
    await again.getByTestId('login-verify').click();
    await expect.poll(() => again.getByTestId('login-error').innerText()).toContain('不正确');
  });

  it('安全管理员在账号列表中看到谁已绑定动态口令', async () => {
    const page = await h.newPage();
    await login(page, 'security-admin');
    await page.getByTestId('side-menu').getByText('账号管理').click();
    const row = page.locator('[data-testid="acc-table"] tr.ant-table-row').filter({ hasText: 'system-admin' });
    await expect.poll(() => row.innerText()).toContain('已绑定');
    expect(await row.innerText()).toContain('演示');
    await shot(page, 'accounts-second-factor-column');
  });
});
