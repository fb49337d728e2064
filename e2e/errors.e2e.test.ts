/**
 * What a person sees when something breaks (issue 14, item 4): a page whose code fails to load —
 * simulated by failing its chunk request in Chromium — reloads once by itself (a redeploy), and
 * when it keeps failing shows a message with a reload button inside the signed-in frame; any
 * other error shows a friendly page with the request id to quote.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { harnessForThisFile, login, shot } from './harness.js';

const h = harnessForThisFile();
const CHUNK = '**/assets/CertificatesPage-*.js';

/** Opens 证书管理 from the menu: a navigation inside the loaded app, as a person clicks. */
async function openCertificates(page: Page) {
  const menu = page.getByTestId('side-menu');
  await menu.getByText('评价发证').click();
  await menu.getByText('证书管理').click();
}

/** Counts the document loads of a page from now on (reloads; an in-app navigation is not one). */
function countLoads(page: Page): () => number {
  let n = 0;
  page.on('load', () => n++);
  return () => n;
}

describe('error boundary', () => {
  it('a chunk that fails once (a redeploy) is recovered by one automatic reload', async () => {
    const page = await h.newPage();
    await login(page, 'school-admin');
    // the old build's chunk is gone once; the reloaded page names chunks that load
    let failed = 0;
    await page.route(CHUNK, async (route) => {
      failed++;
      await route.abort('failed');
      await page.unroute(CHUNK);
    });
    const loads = countLoads(page);
    await openCertificates(page);
    await page.getByTestId('cert-table').waitFor();
    expect(failed).toBe(1);
    expect(loads(), 'one automatic reload').toBe(1);
    expect(await page.getByTestId('chunk-error').count()).toBe(0);
    expect(new URL(page.url()).pathname).toBe('/certificates');
  });

  it('a chunk that keeps failing shows a message with a reload button, and reloads only once by itself', async () => {
    const page = await h.newPage();
    await login(page, 'school-admin');
    await page.route(CHUNK, (route) => route.abort('internetdisconnected'));
    const loads = countLoads(page);
    await openCertificates(page);
    const msg = page.getByTestId('chunk-error');
    await msg.waitFor();
    await page.waitForTimeout(1500); // no second automatic reload follows
    expect(loads(), 'one automatic reload, not a loop').toBe(1);
    expect(await msg.innerText()).toContain('页面未能加载');
    // the header and menu stay: the message is in the page area
    await page.getByTestId('header-user').waitFor();
    await shot(page, 'chunk-error');
    // the network is back: the button loads the page
    await page.unroute(CHUNK);
    await page.getByTestId('error-reload').click();
    await page.getByTestId('cert-table').waitFor();
    expect(await page.getByTestId('chunk-error').count()).toBe(0);
  });

  it('the chunk message is on a phone too, and in English', async () => {
    const page = await h.newPage({ width: 390, height: 844 });
    await page.addInitScript(() => localStorage.setItem('skillcert.lang', 'en'));
    await page.route('**/assets/LoginPage-*.js', (route) => route.abort('failed'));
    await page.goto('/login');
    const msg = page.getByTestId('chunk-error');
    await msg.waitFor();
    expect(await msg.innerText()).toContain('The page did not load');
    const overflow = await page.evaluate(() => document.scrollingElement!.scrollWidth - innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, 'chunk-error-phone');
  });

  it('an unexpected error shows a friendly page with the request id to quote', async () => {
    const page = await h.newPage();
    await login(page, 'school-admin');
    const ids = new Set<string>();
    page.on('response', (r) => {
      const id = r.headers()['x-request-id'];
      if (id) ids.add(id);
    });
    // the home answer arrives malformed: the page cannot draw it
    await page.route('**/api/home', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        headers: { 'x-request-id': 'e2e-broken-home' },
        body: '{}',
      }),
    );
    await page.goto('/');
    const err = page.getByTestId('app-error');
    await err.waitFor();
    expect(await err.innerText()).toContain('页面出错了');
    const shown = (await page.getByTestId('error-request-id').innerText()).trim();
    expect(shown).toBeTruthy();
    expect([...ids, 'e2e-broken-home']).toContain(shown);
    await shot(page, 'app-error');
    // another page works: the error is cleared when the route changes
    await openCertificates(page);
    await page.getByTestId('cert-table').waitFor();
    expect(await page.getByTestId('app-error').count()).toBe(0);
  });
});
