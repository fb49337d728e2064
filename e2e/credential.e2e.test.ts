/**
 * The learner's digital credential in real Chromium: the holder downloads the signed Open Badges
 * 3.0 credential of a certificate, an employer pastes it on the public verification page (phone
 * size) and sees 凭证有效; an altered copy is refused.
 */
import { expect, it } from 'vitest';
import { signPendingCredentials } from '../server/src/modules/credentials/credentials.service.js';
import { DEMO_PASSWORD, shot, harnessForThisFile } from './harness.js';

const h = harnessForThisFile();

it('数字凭证：持证人下载，雇主在核验页粘贴核验；篡改后不通过', async () => {
  const api = await h.browser.newContext({ baseURL: h.baseUrl });
  expect(
    (await api.request.post('/api/auth/login', { data: { username: 'learner', password: DEMO_PASSWORD } })).ok(),
  ).toBe(true);
  const list = await (await api.request.get('/api/certificates')).json();
  const cert = list.items.find((c: { number: string }) => c.number === 'Y000041000001254000001');
  // the background loop's work, done now, in batches until this certificate's credential is signed
  let res = await api.request.get(`/api/certificates/${cert.id}/credential`);
  for (let i = 0; i < 200 && !res.ok(); i++) {
    expect((await res.json()).error.code).toBe('CREDENTIAL_PENDING');
    expect(await signPendingCredentials(h.platform.deps, 25)).toBeGreaterThan(0);
    res = await api.request.get(`/api/certificates/${cert.id}/credential`);
  }
  const credential = await res.json();
  // OB 3.0's schema wants `proof` as an array (issue 16)
  expect(credential.proof.map((p: { cryptosuite: string }) => p.cryptosuite)).toEqual(['eddsa-rdfc-2022']);
  await api.close();

  const ctx = await h.browser.newContext({
    baseURL: h.baseUrl,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  });
  const page = await ctx.newPage();
  await page.goto('/verify');
  await page.locator('#vc summary').click();
  await page.locator('#vc-json').fill(JSON.stringify(credential));
  await page.locator('#vc-go').click();
  await page.locator('.vc-verdict.ok').waitFor();
  expect(await page.locator('#vc-out').innerText()).toContain('凭证有效');
  expect(await page.locator('#vc-out').innerText()).toContain('电工 四级/中级工');
  await page.locator('#vc').scrollIntoViewIfNeeded();
  await shot(page, 'verify-credential-valid');

  const tampered = structuredClone(credential);
  tampered.credentialSubject.achievement.name = '电工 一级/高级技师';
  await page.locator('#vc-json').fill(JSON.stringify(tampered));
  await page.locator('#vc-go').click();
  await page.locator('.vc-verdict.bad').waitFor();
  expect(await page.locator('#vc-out').innerText()).toMatch(/签名完整.*签名校验未通过/s);
  await shot(page, 'verify-credential-tampered');
  await ctx.close();
});
