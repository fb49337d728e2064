import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, json, loginAs, TEST_DB, type TestPlatform } from '../../../test/harness.js';
import { HENAN_DIRECT_COUNTIES } from '../../seed/reference.js';

describe(`reference data: regions (${TEST_DB})`, () => {
  let p: TestPlatform;
  let prov: string;
  let city: string;
  beforeAll(async () => {
    p = await createTestPlatform();
    prov = await loginAs(p.app, 'province-admin');
    city = await loginAs(p.app, 'city-admin');
  });
  afterAll(async () => p?.close());
  const get = (url: string, cookie = city) => p.app.inject({ method: 'GET', url, headers: { cookie } });

  it('lists all 34 provincial-level divisions of GB/T 2260', async () => {
    const list = json(await get('/api/regions'));
    expect(list).toHaveLength(34);
    expect(list.find((r: any) => r.code === '410000')).toMatchObject({
      name: '河南省',
      level: 'province',
      childCount: 28,
    });
    expect(list.map((r: any) => r.code)).toEqual(
      expect.arrayContaining(['110000', '420000', '650000', '710000', '810000', '820000']),
    );
  });

  it("holds Henan's 17 cities plus 济源示范区 and the 10 省直管县 directly under the province", async () => {
    const children = json(await get('/api/regions?parent=410000')) as any[];
    const cities = children.filter((r) => r.level === 'city');
    expect(cities).toHaveLength(18);
    expect(cities.find((c) => c.code === '419001')).toMatchObject({ name: '济源示范区', level: 'city' });
    const direct = children.filter((r) => r.isDirectCounty);
    expect(direct.map((r) => r.name).sort()).toEqual([...HENAN_DIRECT_COUNTIES].sort());
    expect(direct.find((r) => r.name === '巩义市')).toMatchObject({
      code: '410181',
      gbParentCode: '410100',
      parentCode: '410000',
    });
  });

  it('every Henan county is loaded under its city (郑州: 12 counties, 巩义 reports to the province)', async () => {
    const zz = json(await get('/api/regions?parent=410100')) as any[];
    expect(zz.map((r) => r.name)).toEqual(expect.arrayContaining(['中原区', '金水区', '新郑市', '登封市']));
    expect(zz.map((r) => r.name)).not.toContain('巩义市');
    const total = await p.deps.db
      .selectFrom('regions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('level', '=', 'county')
      .executeTakeFirstOrThrow();
    expect(Number(total.n)).toBeGreaterThan(150);
  });

  it('searches by name', async () => {
    const r = json(await get(`/api/regions?q=${encodeURIComponent('兰考')}`));
    expect(r).toEqual([expect.objectContaining({ code: '410225', isDirectCounty: true })]);
  });

  it('a province official corrects a name and the 省直管县 flag, which moves the county in the reporting tree (audited)', async () => {
    const r = await p.app.inject({
      method: 'PATCH',
      url: '/api/regions/410181',
      headers: { cookie: prov },
      payload: { isDirectCounty: false },
    });
    expect(r.statusCode).toBe(200);
    expect(json(r)).toMatchObject({ parentCode: '410100', isDirectCounty: false });
    expect((json(await get('/api/regions?parent=410100')) as any[]).map((x) => x.code)).toContain('410181');
    // and the 郑州 official now sees 巩义's institution
    const list = json(await get('/api/institutions?pageSize=100'));
    expect(list.items.map((i: any) => i.name)).toContain('巩义市职业教育中心');
    const back = await p.app.inject({
      method: 'PATCH',
      url: '/api/regions/410181',
      headers: { cookie: prov },
      payload: { isDirectCounty: true },
    });
    expect(json(back)).toMatchObject({ parentCode: '410000', isDirectCounty: true });
    expect(json(await get('/api/institutions?pageSize=100')).items.map((i: any) => i.name)).not.toContain(
      '巩义市职业教育中心',
    );
    const audit = await p.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'region.update')
      .orderBy('id')
      .execute();
    expect(audit).toHaveLength(2);
    expect(JSON.parse(audit[0].before_json!).isDirectCounty).toBe(true);
    expect(JSON.parse(audit[0].after_json!).isDirectCounty).toBe(false);
  });

  it('refuses bad corrections with specific errors', async () => {
    const city = await p.app.inject({
      method: 'PATCH',
      url: '/api/regions/410100',
      headers: { cookie: prov },
      payload: { isDirectCounty: true },
    });
    expect(city.statusCode).toBe(400);
    expect(json(city).error.message).toContain('只有县级');
    const empty = await p.app.inject({
      method: 'PATCH',
      url: '/api/regions/410100',
      headers: { cookie: prov },
      payload: {},
    });
    expect(json(empty).error.code).toBe('VALIDATION_FAILED');
    const badCode = await p.app.inject({
      method: 'PATCH',
      url: '/api/regions/41',
      headers: { cookie: prov },
      payload: { name: 'x' },
    });
    expect(json(badCode).error.details[0].field).toBe('params:/code');
    const missing = await p.app.inject({
      method: 'PATCH',
      url: '/api/regions/419999',
      headers: { cookie: prov },
      payload: { name: 'x' },
    });
    expect(missing.statusCode).toBe(404);
  });

  it('is loaded once: a restart keeps administrators’ corrections', async () => {
    const { ensureReferenceData } = await import('../../seed/reference.js');
    await p.app.inject({
      method: 'PATCH',
      url: '/api/regions/410102',
      headers: { cookie: prov },
      payload: { name: '中原区（更正）' },
    });
    expect(await ensureReferenceData(p.deps.db)).toEqual({});
    expect(json(await get('/api/regions/410102')).name).toBe('中原区（更正）');
  });
});

describe(`working-day calendar (${TEST_DB})`, () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await createTestPlatform();
  });
  afterAll(async () => p?.close());

  it('shows a known year from the package and says when a year is unknown; the province adds it and deadlines follow', async () => {
    const prov = await loginAs(p.app, 'province-admin');
    const y26 = json(await p.app.inject({ method: 'GET', url: '/api/calendar?year=2026', headers: { cookie: prov } }));
    expect(y26.packageKnowsYear).toBe(true);
    expect(y26.days.find((d: any) => d.date === '2026-10-01')).toMatchObject({ work: false, weekend: false });
    expect(y26.days.find((d: any) => d.date === '2026-10-10')).toMatchObject({ work: true, weekend: true });
    const y27 = json(await p.app.inject({ method: 'GET', url: '/api/calendar?year=2027', headers: { cookie: prov } }));
    expect(y27).toMatchObject({ packageKnowsYear: false, overrides: 0 });
    for (const d of ['2027-10-01', '2027-10-04', '2027-10-05']) {
      expect(
        (
          await p.app.inject({
            method: 'PUT',
            url: `/api/calendar/${d}`,
            headers: { cookie: prov },
            payload: { work: false, name: '国庆节' },
          })
        ).statusCode,
      ).toBe(200);
    }
    const after = json(
      await p.app.inject({ method: 'GET', url: '/api/calendar?year=2027', headers: { cookie: prov } }),
    );
    expect(after.overrides).toBe(3);
    expect(after.days.find((d: any) => d.date === '2027-10-04')).toMatchObject({
      work: false,
      overridden: true,
      name: '国庆节',
    });
    const { addWorkingDays } = await import('../../lib/workdays.js');
    const rows = await p.deps.db.selectFrom('calendar_days').select(['date', 'work']).execute();
    expect(addWorkingDays('2027-09-29', 5, new Map(rows.map((r) => [r.date, r.work === 1])))).toEqual({
      date: '2027-10-11',
      unknownYears: [],
    });
    expect(
      (
        await p.app.inject({
          method: 'PUT',
          url: '/api/calendar/2027-02-30',
          headers: { cookie: prov },
          payload: { work: true },
        })
      ).statusCode,
    ).toBe(400);
    const audit = await p.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'calendar.set')
      .execute();
    expect(audit).toHaveLength(3);
  });
});
