import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, json, loginAs, TEST_DB, type TestPlatform } from '../../../test/harness.js';

describe(`reference data: occupations, 1+X, levels (${TEST_DB})`, () => {
  let p: TestPlatform;
  let prov: string;
  beforeAll(async () => {
    p = await createTestPlatform();
    prov = await loginAs(p.app, 'province-admin');
  });
  afterAll(async () => p?.close());
  const req = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    p.app.inject({ method, url, headers: { cookie: prov }, ...(payload ? { payload } : {}) });

  it('loads the 39 prepared occupations with code and edition, flagging uncertain codes', async () => {
    const all = json(await req('GET', '/api/occupations?pageSize=100'));
    expect(all.total).toBe(39);
    expect(all.items.find((o: any) => o.code === '4-10-01-05')).toMatchObject({
      name: '养老护理员',
      edition: '2022',
      active: true,
    });
    expect(all.items.find((o: any) => o.code === '6-30-99-00')).toMatchObject({ edition: '2019' });
    expect(all.items.find((o: any) => o.code === '4-10-03-01').note).toContain('编码待核实');
  });

  it('searches and pages', async () => {
    const r = json(await req('GET', `/api/occupations?q=${encodeURIComponent('烹调')}`));
    expect(r.items.map((o: any) => o.name).sort()).toEqual(['中式烹调师', '西式烹调师']);
    const page2 = json(await req('GET', '/api/occupations?page=2&pageSize=10'));
    expect(page2.items).toHaveLength(10);
    expect(page2.page).toBe(2);
    expect(json(await req('GET', '/api/occupations?pageSize=1000')).error.details[0].field).toBe(
      'querystring:/pageSize',
    );
  });

  it('the same code may exist in two editions, but not twice in one', async () => {
    expect(
      (await req('POST', '/api/occupations', { code: '6-30-99-00', name: '工业机器人系统操作员', edition: '2022' }))
        .statusCode,
    ).toBe(201);
    const dup = await req('POST', '/api/occupations', { code: '6-30-99-00', name: '重复', edition: '2022' });
    expect(dup.statusCode).toBe(409);
    expect(json(dup).error.message).toContain('已存在');
  });

  it('refuses a malformed occupation code with a field-level error and unknown fields', async () => {
    const bad = await req('POST', '/api/occupations', { code: '4-1-2', name: 'x', edition: '2022' });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: '/code', message: '格式不正确' }],
    });
    const extra = await req('POST', '/api/occupations', { code: '4-01-02-09', name: 'x', edition: '2022', level: 3 });
    expect(json(extra).error).toMatchObject({ code: 'UNKNOWN_FIELD', details: [{ field: '/level' }] });
  });

  it('deactivates an occupation without deleting it', async () => {
    const r = await req('PATCH', '/api/occupations/2', { active: false });
    expect(json(r).active).toBe(false);
    expect(json(await req('GET', '/api/occupations?pageSize=100')).items.find((o: any) => o.id === 2).active).toBe(
      false,
    );
  });

  it('INST-7: the province records that an occupation has no national standard, so institutions may file a specification for it', async () => {
    const r = await req('PATCH', '/api/occupations/3', { hasNationalStandard: false });
    expect(r.statusCode).toBe(200);
    expect(json(r).hasNationalStandard).toBe(false);
    const audit = await p.deps.db
      .selectFrom('audit_log')
      .select(['action', 'after_json'])
      .where('action', '=', 'occupation.update')
      .where('object_id', '=', '3')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after_json!).hasNationalStandard).toBe(false);
    const back = await req('PATCH', '/api/occupations/3', { hasNationalStandard: true });
    expect(json(back).hasNationalStandard).toBe(true);
  });

  it('loads the 16 1+X certificates with their organisations and keeps names unique', async () => {
    const all = json(await req('GET', '/api/one-plus-x?pageSize=100'));
    expect(all.total).toBe(16);
    expect(all.items.find((c: any) => c.name === '老年照护')).toMatchObject({
      batch: 1,
      organisation: '北京中福长者文化科技有限公司',
    });
    const dup = await req('POST', '/api/one-plus-x', { batch: 1, name: '老年照护', organisation: 'x' });
    expect(dup.statusCode).toBe(409);
    const renamed = await req('PATCH', `/api/one-plus-x/${all.items[0].id}`, { organisation: '新组织名称' });
    expect(json(renamed).organisation).toBe('新组织名称');
  });

  it('the five levels, 三级 and above high-skill (CERT-1)', async () => {
    const levels = json(await req('GET', '/api/levels'));
    expect(levels.map((l: any) => `${l.name}/${l.title}`)).toEqual([
      '五级/初级工',
      '四级/中级工',
      '三级/高级工',
      '二级/技师',
      '一级/高级技师',
    ]);
    expect(levels.filter((l: any) => l.highSkill).map((l: any) => l.digit)).toEqual([3, 2, 1]);
  });
});
