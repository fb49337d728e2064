/**
 * TGT-3: the monthly workbook opens in LibreOffice (headless Calc), converts to CSV sheet by sheet,
 * and each metric sheet's total equals the sum of its rows. CI installs `libreoffice-calc`; a
 * machine without it skips this file with a warning (CI fails instead).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, loginAs, TEST_DB, type TestPlatform } from '../../../test/harness.js';

const soffice = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => fs.existsSync(p));
if (!soffice && process.env.CI) throw new Error('LibreOffice (libreoffice-calc) is required in CI');
if (!soffice)
  console.warn('LibreOffice is not installed: skipping the workbook round trip (apt-get install libreoffice-calc)');

/** A CSV line into cells (quoted cells with commas and doubled quotes). */
function cells(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') ((cur += '"'), i++);
    else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) (out.push(cur), (cur = ''));
    else cur += c;
  }
  out.push(cur);
  return out;
}

describe.skipIf(!soffice)(`monthly workbook in LibreOffice (${TEST_DB})`, () => {
  let p: TestPlatform;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-lo-'));
  beforeAll(async () => {
    p = await createTestPlatform();
  });
  afterAll(async () => {
    await p?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('TGT-3: the province’s monthly workbook, converted to CSV by LibreOffice, has totals equal to the sum of its rows', async () => {
    const cookie = await loginAs(p.app, 'province-admin');
    const month = `${new Date().getUTCFullYear()}-01`;
    const r = await p.app.inject({ method: 'GET', url: `/api/reports/workbook?month=${month}`, headers: { cookie } });
    expect(r.statusCode).toBe(200);
    const xlsx = path.join(dir, 'report.xlsx');
    fs.writeFileSync(xlsx, r.rawPayload);
    // every sheet to its own CSV (UTF-8, comma, formatted as shown): report-<sheet>.csv
    execFileSync(
      soffice!,
      [
        `-env:UserInstallation=file://${path.join(dir, 'profile')}`,
        '--headless',
        '--convert-to',
        'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1',
        '--outdir',
        dir,
        xlsx,
      ],
      { timeout: 120_000, stdio: 'pipe' },
    );
    const csvs = fs.readdirSync(dir).filter((f) => f.endsWith('.csv'));
    expect(csvs.length).toBe(8); // 汇总 and one sheet per metric
    const sheet = (name: string) => {
      const f = csvs.find((c) => c.includes(name));
      expect(f, `${name} in ${csvs.join(', ')}`).toBeDefined();
      return fs.readFileSync(path.join(dir, f!), 'utf8').trim().split(/\r?\n/).map(cells);
    };
    const num = (s: string | undefined) => (s ? Number(s.replace(/,/g, '')) : 0);
    for (const name of ['取证人数', '其中高技能人才', '颁发证书', '备案评价机构', '1+X 证书']) {
      const rows = sheet(name);
      expect(rows[0][0]).toContain(`${month.slice(0, 4)} 年 1 月职业技能培训取证工作月报`);
      const body = rows.slice(4);
      const total = body.find((x) => x[1].startsWith('合计'))!;
      const parts = body.filter((x) => x !== total);
      expect(parts.length, name).toBeGreaterThan(20);
      // column 6 累计完成, column 5 本月完成
      expect(
        parts.reduce((a, x) => a + num(x[5]), 0),
        `${name} 累计`,
      ).toBe(num(total[5]));
      if (name !== '备案评价机构')
        expect(
          parts.reduce((a, x) => a + num(x[4]), 0),
          `${name} 本月`,
        ).toBe(num(total[4]));
    }
    const summary = sheet('汇总');
    expect(summary.map((x) => x[0])).toContain('取证人数');
  }, 240_000);
});
