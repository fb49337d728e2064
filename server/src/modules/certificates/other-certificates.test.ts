/**
 * 国家职业资格证书, 专项职业能力证书 and 特种作业操作证 entered by Excel (TRAIN-9, CERT-9: what
 * training claims and coverage count), through the pipeline of every workbook import: the template
 * downloads; a file is checked whole, every problem named by row and column, and nothing is written
 * unless every row is clean — also when a row is refused against the records while writing.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestPlatform,
  jobAnswer,
  loginAs,
  multipart,
  newResidentId,
  TEST_DB,
  XLSX_TYPE,
  type TestPlatform,
} from '../../../test/harness.js';
import { findPersonByIdNumber } from '../people/persons.service.js';
import { OTHER_CERTIFICATE_EXAMPLE } from './other-certificate-workbook.js';

describe(`other certificates by Excel (${TEST_DB})`, () => {
  let p: TestPlatform;
  const cookies = new Map<string, string>();
  const cookie = async (user: string) => {
    if (!cookies.has(user)) cookies.set(user, await loginAs(p.app, user));
    return cookies.get(user)!;
  };
  let header: string[] = [];

  beforeAll(async () => {
    p = await createTestPlatform();
    p.clock.set('2026-03-02T09:00:00+08:00');
  });
  afterAll(async () => p?.close());

  const upload = async (user: string, rows: string[][], head = header) => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('证书登记');
    ws.addRow(head);
    for (const r of rows) ws.addRow(r);
    const mp = multipart({}, [
      { name: 'other.xlsx', content: Buffer.from(await wb.xlsx.writeBuffer()), type: XLSX_TYPE },
    ]);
    const r = await p.app.inject({
      method: 'POST',
      url: '/api/other-certificates/import',
      headers: { cookie: await cookie(user), 'content-type': mp.contentType },
      payload: mp.payload,
    });
    return { start: r, answer: await jobAnswer(p.app, await cookie(user), r) };
  };
  // 证书类别 姓名 证件类型 证件号码 职业（工种） 考核项目或作业类别 等级 证书编号 发证日期 发证机构
  const row = (
    kind: string,
    name: string,
    id: string,
    occupation: string,
    level: string,
    number: string,
    on = '2025-12-01',
  ) => [kind, name, '居民身份证', id, occupation, '', level, number, on, '测试发证机构'];
  const listed = async (user: string, q: string) =>
    (
      await p.app.inject({
        method: 'GET',
        url: `/api/other-certificates?q=${encodeURIComponent(q)}`,
        headers: { cookie: await cookie(user) },
      })
    ).json().items as {
      number: string;
      kind: string;
      level: number | null;
      holderIdNumber: string;
      regionCode: string;
    }[];

  it('TRAIN-9: the template downloads with its columns, an example row and the instructions', async () => {
    const tpl = await p.app.inject({
      method: 'GET',
      url: '/api/other-certificates/template',
      headers: { cookie: await cookie('city-admin') },
    });
    expect(tpl.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(tpl.rawPayload as unknown as ArrayBuffer);
    header = (wb.worksheets[0].getRow(1).values as string[]).slice(1);
    expect(header).toEqual([
      '证书类别',
      '姓名',
      '证件类型',
      '证件号码',
      '职业（工种）',
      '考核项目或作业类别',
      '等级',
      '证书编号',
      '发证日期',
      '发证机构',
    ]);
    expect(wb.worksheets[0].getRow(2).getCell(1).value).toBe('专项职业能力证书');
    expect(wb.worksheets[1].name).toBe('填写说明');
    // a school neither downloads the template nor imports
    const school = await p.app.inject({
      method: 'GET',
      url: '/api/other-certificates/template',
      headers: { cookie: await cookie('school-admin') },
    });
    expect(school.statusCode).toBe(403);
  });

  it('TRAIN-9: a file with problems is refused whole, each named by row and column; nothing is written', async () => {
    const ids = [newResidentId(), newResidentId(), newResidentId()];
    const { start, answer } = await upload('city-admin', [
      row('国家职业资格证书', '资格甲', ids[0], '电工', '四级', 'ZG-IMP-1'),
      // no level on a 国家职业资格证书; a level on a 专项职业能力证书
      row('国家职业资格证书', '资格乙', ids[1], '电工', '', 'ZG-IMP-2'),
      row('专项职业能力证书', '专项丙', ids[2], '电工', '三级', 'ZX-IMP-1'),
      // an unknown kind, an unknown occupation, a bad ID number, a date after today, a repeated number
      row('上岗证', '丁', newResidentId(), '不存在的工种', '', 'X-1'),
      row('特种作业操作证', '戊', '410105199001011234', '电工', '', 'TZ-IMP-1', '2026-03-03'),
      row('国家职业资格证书', '己', newResidentId(), '6-31-01-03', '5', 'ZG-IMP-1'),
    ]);
    expect(start.statusCode).toBe(202);
    expect(start.json()).toMatchObject({ kind: 'other_certificate_import', phase: 'check' });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('IMPORT_INVALID');
    expect(answer.body.error.message).toMatch(/有 7 处错误，未导入任何数据/);
    const details = answer.body.error.details.map(
      (d: { field: string; message: string }) => `${d.field}: ${d.message}`,
    );
    expect(details).toEqual([
      expect.stringMatching(/^第 3 行 G 列（等级）: 国家职业资格证书须填写等级/),
      expect.stringMatching(/^第 4 行 G 列（等级）: 专项职业能力证书不分等级/),
      expect.stringMatching(/^第 5 行 A 列（证书类别）: 证书类别“上岗证”无效/),
      expect.stringMatching(/^第 5 行 E 列（职业（工种））: 职业（工种）“不存在的工种”不在职业目录中/),
      expect.stringMatching(/^第 6 行 D 列（证件号码）: /),
      expect.stringMatching(/^第 6 行 I 列（发证日期）: 发证日期不能晚于今天/),
      expect.stringMatching(/^第 7 行 H 列（证书编号）: 与第 2 行的证书编号重复/),
    ]);
    expect(await listed('city-admin', 'IMP-')).toEqual([]);
    expect(await findPersonByIdNumber(p.deps.db, p.deps, 'resident_id', ids[0])).toBeUndefined();
  });

  it('TRAIN-9, CERT-9: a clean file imports whole in the importing department’s region (the example row skipped with a note); a number already registered refuses the next file, nothing of it written', async () => {
    const ids = [newResidentId(), newResidentId(), newResidentId()];
    // the template's example row, left in the file
    const e = OTHER_CERTIFICATE_EXAMPLE;
    const example = [
      e.kind,
      e.name,
      e.idType,
      e.idNumber,
      e.occupation,
      e.item,
      e.level,
      e.number,
      e.issuedOn,
      e.issuingBody,
    ];
    const { answer } = await upload('city-admin', [
      example,
      row('国家职业资格证书', '资格庚', ids[0], '电工', '四级', 'ZG-IMP-OK-1'),
      row('专项职业能力证书', '专项辛', ids[1], '6-31-01-03', '', 'ZX-IMP-OK-1', '2025/7/8'),
      row('特种作业操作证', '特种壬', ids[2], '电工', '', 'TZ-IMP-OK-1'),
    ]);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({
      imported: 3,
      notes: [{ field: '第 2 行', message: expect.stringContaining('示例行') }],
    });
    const rows = await listed('city-admin', 'IMP-OK');
    expect(rows.map((r) => [r.number, r.kind, r.level, r.regionCode]).sort()).toEqual([
      ['TZ-IMP-OK-1', 'special_operation', null, '410100'],
      ['ZG-IMP-OK-1', 'qualification', 4, '410100'],
      ['ZX-IMP-OK-1', 'special_ability', null, '410100'],
    ]);
    // masked in every answer
    for (const r of rows) expect(ids).not.toContain(r.holderIdNumber);
    expect((await listed('city-admin', 'ZX-IMP-OK-1'))[0]).toBeDefined();
    // another city does not see them
    expect(await listed('luoyang-admin', 'IMP-OK')).toEqual([]);
    const audit = await p.deps.db
      .selectFrom('audit_log')
      .select(['action', 'after_json'])
      .where('action', '=', 'other_certificate.import')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0])).not.toContain(ids[0]);

    // a row already registered is refused against the records while writing: the whole file rolls back
    const fresh = newResidentId();
    const again = await upload('city-admin', [
      row('特种作业操作证', '特种癸', fresh, '电工', '', 'TZ-IMP-OK-2'),
      row('国家职业资格证书', '资格庚', ids[0], '电工', '四级', 'ZG-IMP-OK-1'),
    ]);
    expect(again.answer.status).toBe(400);
    expect(again.answer.body.error).toMatchObject({ code: 'IMPORT_INVALID' });
    expect(again.answer.body.error.message).toMatch(
      /^第 3 行：国家职业资格证书编号 ZG-IMP-OK-1 已登记；未导入任何数据$/,
    );
    expect(await listed('city-admin', 'TZ-IMP-OK-2')).toEqual([]);
    expect(await findPersonByIdNumber(p.deps.db, p.deps, 'resident_id', fresh)).toBeUndefined();
  });

  it('a file without the required columns is refused naming them', async () => {
    const { answer } = await upload('city-admin', [['张三', newResidentId()]], ['姓名', '证件号码']);
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toMatch(/缺少必需的列：证书类别、职业（工种）、证书编号、发证日期、发证机构/);
  });
});
