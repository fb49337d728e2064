/**
 * Lists officials work through every day (issue 14, item 6): 证书管理 sorted (newest issued first
 * unless sorted otherwise), 备案申请 searched by name, and each list exported to Excel following
 * its current filters and order — ID numbers masked and stored as text, phones masked, audited.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, loginAs, TEST_DB, type TestPlatform } from './harness.js';

const MASKED_ID = /^\d{3}\*{11}[\dX]{4}$/;

describe(`lists: sort, search, export (${TEST_DB})`, () => {
  let p: TestPlatform;
  const cookies = new Map<string, string>();
  const get = async (user: string, url: string) => {
    if (!cookies.has(user)) cookies.set(user, await loginAs(p.app, user));
    return p.app.inject({ method: 'GET', url, headers: { cookie: cookies.get(user)! } });
  };
  const sheet = async (raw: Buffer) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(raw as unknown as ArrayBuffer);
    return wb.worksheets[0];
  };
  const exportsAudited = (action: string) =>
    p.deps.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id', 'desc').execute();

  beforeAll(async () => {
    p = await createTestPlatform();
  });
  afterAll(async () => p?.close());

  it('证书管理: newest issued first by default; sortable by number and level, both ways', async () => {
    const dates = (await get('school-admin', '/api/certificates?pageSize=100'))
      .json()
      .items.map((c: { issuedOn: string }) => c.issuedOn);
    expect(dates.length).toBeGreaterThan(5);
    expect(dates).toEqual([...dates].sort().reverse());
    const oldest = (await get('school-admin', '/api/certificates?pageSize=100&sort=issuedOn&order=asc')).json().items;
    expect(oldest[0].issuedOn <= dates[dates.length - 1]).toBe(true);
    expect(oldest.map((c: { issuedOn: string }) => c.issuedOn)).toEqual(
      oldest.map((c: { issuedOn: string }) => c.issuedOn).sort(),
    );
    const numbers = (await get('school-admin', '/api/certificates?pageSize=100&sort=number&order=asc'))
      .json()
      .items.map((c: { number: string }) => c.number);
    expect(numbers).toEqual([...numbers].sort());
    const levels = (await get('school-admin', '/api/certificates?pageSize=100&sort=level&order=desc'))
      .json()
      .items.map((c: { level: number }) => c.level);
    expect(levels).toEqual([...levels].sort((a, b) => b - a));
    expect((await get('school-admin', '/api/certificates?sort=holder')).statusCode).toBe(400);
  });

  it('证书管理 export: the rows of the filtered, sorted list — ID numbers masked as text — audited with the filter', async () => {
    const filter = 'status=valid&level=4&sort=number&order=desc';
    // every page of the list, in its order
    const first = (await get('city-admin', `/api/certificates?pageSize=100&${filter}`)).json();
    const list = { total: first.total as number, items: [...first.items] };
    for (let page = 2; (page - 1) * 100 < list.total; page++)
      list.items.push(
        ...(await get('city-admin', `/api/certificates?pageSize=100&page=${page}&${filter}`)).json().items,
      );
    expect(list.total).toBeGreaterThan(0);
    const r = await get('city-admin', `/api/certificates/export?${filter}`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
    const ws = await sheet(r.rawPayload);
    expect(ws.getRow(1).getCell(1).value).toBe('证书编号');
    const rows: ExcelJS.Row[] = [];
    ws.eachRow((row, i) => i > 1 && rows.push(row));
    expect(rows.map((row) => row.getCell(1).value)).toEqual(list.items.map((c: { number: string }) => c.number));
    for (const row of rows) {
      const id = row.getCell(3);
      expect(String(id.value)).toMatch(MASKED_ID);
      expect(typeof id.value).toBe('string');
      expect(id.numFmt).toBe('@');
      expect(row.getCell(11).value).toBe('有效');
    }
    const [audit] = await exportsAudited('certificate.export');
    expect(audit).toMatchObject({ outcome: 'success', object_type: 'certificate' });
    expect(JSON.parse(audit.detail!)).toEqual({
      rows: list.total,
      filter: { status: 'valid', level: 4, sort: 'number', order: 'desc' },
    });
    // the institution sees full ID numbers on screen; its export masks them all the same
    const own = await get('school-admin', '/api/certificates/export');
    const ownSheet = await sheet(own.rawPayload);
    ownSheet.eachRow((row, i) => i > 1 && expect(String(row.getCell(3).value)).toMatch(MASKED_ID));
    // in English when English is asked for
    const en = await p.app.inject({
      method: 'GET',
      url: '/api/certificates/export?level=4',
      headers: { cookie: cookies.get('city-admin')!, 'accept-language': 'en' },
    });
    const enSheet = await sheet(en.rawPayload);
    expect(enSheet.getRow(1).getCell(1).value).toBe('Certificate number');
    expect(enSheet.getRow(2).getCell(6).value).toBe('Level 4 (Intermediate)');
  });

  it('备案申请 export follows the name search, with the handling time (INST-2); audited', async () => {
    const q = encodeURIComponent('学院');
    const list = (await get('province-admin', `/api/filings?pageSize=100&q=${q}`)).json();
    expect(list.total).toBeGreaterThan(0);
    const all = (await get('province-admin', '/api/filings?pageSize=100')).json();
    expect(list.total).toBeLessThan(all.total);
    const r = await get('province-admin', `/api/filings/export?q=${q}`);
    expect(r.statusCode).toBe(200);
    const ws = await sheet(r.rawPayload);
    const names: string[] = [];
    ws.eachRow((row, i) => i > 1 && names.push(String(row.getCell(2).value)));
    expect(names).toEqual(list.items.map((f: { institutionName: string }) => f.institutionName));
    expect(names.every((n) => n.includes('学院'))).toBe(true);
    const [audit] = await exportsAudited('filing.export');
    expect(JSON.parse(audit.detail!)).toEqual({ rows: list.total, filter: { q: '学院' } });
  });

  it('人员库 export follows the kind filter; ID numbers and phones masked; audited', async () => {
    const list = (await get('school-admin', '/api/staff?pageSize=100&kind=examiner')).json();
    expect(list.total).toBeGreaterThan(0);
    const r = await get('school-admin', '/api/staff/export?kind=examiner');
    expect(r.statusCode).toBe(200);
    const ws = await sheet(r.rawPayload);
    const rows: ExcelJS.Row[] = [];
    ws.eachRow((row, i) => i > 1 && rows.push(row));
    expect(rows.map((row) => row.getCell(1).value)).toEqual(list.items.map((s: { name: string }) => s.name));
    for (const row of rows) {
      expect(row.getCell(2).value).toBe('考评员');
      const id = String(row.getCell(4).value ?? '');
      if (id) expect(id).toMatch(MASKED_ID);
      const phone = String(row.getCell(9).value ?? '');
      if (phone) expect(phone).toMatch(/^\d{3}\*+\d{4}$/);
    }
    const [audit] = await exportsAudited('staff.export');
    expect(JSON.parse(audit.detail!)).toEqual({ rows: list.total, filter: { kind: 'examiner' } });
  });
});
