import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestPlatform,
  json,
  loginAs,
  makeInstitution,
  makeUser,
  TEST_DB,
  type TestPlatform,
} from '../../../test/harness.js';

describe(`institution scope: a 郑州 official never sees a 洛阳 record (${TEST_DB})`, () => {
  let p: TestPlatform;
  let zz: string;
  let ly: string;
  let prov: string;
  let lyId: number;
  let zzCountyId: number;
  beforeAll(async () => {
    p = await createTestPlatform();
    lyId = await makeInstitution(p.deps, { name: '洛阳测试学院', region: '410311' });
    zzCountyId = await makeInstitution(p.deps, { name: '新郑测试职业学校', region: '410184' });
    zz = await loginAs(p.app, 'city-admin');
    ly = await loginAs(p.app, 'luoyang-admin');
    prov = await loginAs(p.app, 'province-admin');
  });
  afterAll(async () => p?.close());
  const get = (cookie: string, url: string) => p.app.inject({ method: 'GET', url, headers: { cookie } });

  it('list and count', async () => {
    const list = json(await get(zz, '/api/institutions?pageSize=200'));
    const names: string[] = list.items.map((i: any) => i.name);
    expect(names).toContain('新郑测试职业学校');
    expect(names.some((n) => n.includes('洛阳'))).toBe(false);
    expect(list.total).toBe(names.length);
    const all = json(await get(prov, '/api/institutions?pageSize=200'));
    // the demo's 42 institutions, two more registered as training providers (seed/demo-training.ts), the test's own
    expect(all.total).toBe(46);
    const lyList = json(await get(ly, '/api/institutions?pageSize=200'));
    expect(list.total + lyList.total).toBeLessThan(all.total);
  });

  it('search and region filter stay inside the scope', async () => {
    const q = json(await get(zz, `/api/institutions?q=${encodeURIComponent('洛阳')}`));
    expect(q.total).toBe(0);
    const r = json(await get(zz, '/api/institutions?regionCode=410300'));
    expect(r.total).toBe(0);
    const county = json(await get(zz, '/api/institutions?regionCode=410184'));
    expect(county.items.map((i: any) => i.id)).toEqual([zzCountyId]);
    expect(json(await get(zz, '/api/institutions?regionCode=419999')).error.code).toBe('REGION_NOT_FOUND');
  });

  it('a list names where an institution is: a district with its city, a 省直管县 or a city alone', async () => {
    const list = json(await get(prov, '/api/institutions?pageSize=200'));
    const byName = new Map(list.items.map((i: any) => [i.name, i]));
    expect(byName.get('新郑测试职业学校')).toMatchObject({ regionName: '新郑市', place: '郑州市 新郑市' });
    expect(byName.get('洛阳测试学院')).toMatchObject({ place: expect.stringMatching(/^洛阳市 \S+$/) });
    for (const i of list.items as { place: string; regionName: string }[]) expect(i.place).toContain(i.regionName);
    const detail = json(await get(zz, `/api/institutions/${zzCountyId}`));
    expect(detail.place).toBe('郑州市 新郑市');
  });

  it('detail: another scope answers 404 and the attempt is audited as denied', async () => {
    const r = await get(zz, `/api/institutions/${lyId}`);
    expect(r.statusCode).toBe(404);
    expect(json(r).error.code).toBe('NOT_FOUND');
    const rec = await p.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('request_id', '=', String(r.headers['x-request-id']))
      .executeTakeFirst();
    expect(rec).toMatchObject({ action: 'institution.read', outcome: 'denied', object_id: String(lyId) });
    expect((await get(ly, `/api/institutions/${lyId}`)).statusCode).toBe(200);
  });

  it('export: an Excel file with exactly the scoped rows, audited', async () => {
    const r = await get(zz, '/api/institutions/export');
    expect(r.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(2).value).toBe('机构名称');
    const names: string[] = [];
    ws.eachRow((row, i) => i > 1 && names.push(String(row.getCell(2).value)));
    expect(names.sort()).toEqual(
      json(await get(zz, '/api/institutions?pageSize=200'))
        .items.map((i: any) => i.name)
        .sort(),
    );
    const rec = await p.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('request_id', '=', String(r.headers['x-request-id']))
      .executeTakeFirstOrThrow();
    expect(rec.action).toBe('institution.export');
  });

  it('export: dates are date cells, blanks are empty cells (read back with ExcelJS)', async () => {
    const r = await get(zz, '/api/institutions/export');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const header = (ws.getRow(1).values as unknown[]).map(String);
    const col = (name: string) => header.indexOf(name);
    const { Date: DATE, Null: NULL, String: STRING } = ExcelJS.ValueType;
    const dates: Date[] = [];
    let blanks = 0;
    ws.eachRow((row, i) => {
      if (i === 1) return;
      const until = row.getCell(col('有效期至'));
      expect([DATE, NULL], `row ${i} 有效期至: ${until.type}`).toContain(until.type);
      if (until.type === DATE) {
        dates.push(until.value as Date);
        expect(until.numFmt).toBe('yyyy-mm-dd');
      }
      for (const name of ['备案号', '办学类型', '评价范围', '信用等级', '联系人', '联系电话']) {
        const cell = row.getCell(col(name));
        expect([STRING, NULL], `row ${i} ${name}`).toContain(cell.type);
        if (cell.type === STRING) expect(cell.value, `row ${i} ${name}`).not.toBe('');
        else blanks++;
      }
    });
    expect(dates.length).toBeGreaterThan(0);
    expect(blanks).toBeGreaterThan(0);
    // the date is the calendar day of the record, whatever the server's time zone
    const detail = json(await get(zz, '/api/institutions?pageSize=200')).items.find((i: any) => i.validUntil);
    expect(dates.map((d) => d.toISOString().slice(0, 10))).toContain(detail.validUntil);
  });

  it('an institution account sees only its own institution; an examiner likewise', async () => {
    const own = json(await get(await loginAs(p.app, 'school-admin'), '/api/institutions'));
    expect(own.items.map((i: any) => i.name)).toEqual(['郑州智能制造职业学院']);
    await makeUser(p.deps, { username: 'ly-examiner', role: 'examiner', institutionId: lyId });
    const ex = json(await get(await loginAs(p.app, 'ly-examiner'), '/api/institutions'));
    expect(ex.items.map((i: any) => i.id)).toEqual([lyId]);
  });

  it('a county official sees only the county', async () => {
    await makeUser(p.deps, { username: 'xinzheng-hrss', role: 'county_hrss', region: '410184' });
    const r = json(await get(await loginAs(p.app, 'xinzheng-hrss'), '/api/institutions'));
    expect(r.items.map((i: any) => i.id)).toEqual([zzCountyId]);
  });
});
