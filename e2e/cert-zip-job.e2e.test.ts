/**
 * Issue 17: the certificates page's ZIP runs as a background job — the button starts it, a
 * progress bar follows it, and the file downloads from the job once it has succeeded.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { harnessForThisFile, login, shot } from './harness.js';

const h = harnessForThisFile();

it('issue 17: 证书管理 — 批量下载 ZIP 作为后台任务运行，显示进度，完成后下载', async () => {
  const page = await h.newPage();
  await login(page, 'school-admin');
  await page.goto('/certificates');
  await page.getByTestId('cert-table').waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 120_000 }),
    (async () => {
      await page.getByTestId('cert-zip').click();
      // the job's progress is shown while it runs
      await page.getByTestId('cert-zip-progress').waitFor({ timeout: 30_000 });
      await shot(page, 'cert-zip-job-progress', { fullPage: false });
    })(),
  ]);
  expect(download.suggestedFilename()).toBe('certificates.zip');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cert-zip-')), 'certificates.zip');
  await download.saveAs(file);
  expect(fs.readFileSync(file).subarray(0, 2).toString()).toBe('PK');
  // the bar goes once the file is saved
  await page.getByTestId('cert-zip-progress').waitFor({ state: 'hidden' });
}, 180_000);
