import { describe, expect, it } from 'vitest';
import { checkResidentId, residentIdCheckChar } from '../../lib/identity.js';
import { halfWidth, headerKey } from '../../lib/workbook.js';
import {
  assertRosterClean,
  findHeaderRow,
  parseRoster,
  ROSTER_COLUMNS,
  ROSTER_EXAMPLE,
  rosterParser,
  type RosterRow,
} from './roster.js';

const today = new Date('2026-03-01T00:00:00Z');
const id18 = (first17: string) => first17 + residentIdCheckChar(first17);
const header = ROSTER_COLUMNS.map((c) => c.header);
/** A sheet row (row 1 is the header) in template column order. */
const row = (rowNo: number, values: Partial<Record<(typeof ROSTER_COLUMNS)[number]['key'], string>>): RosterRow => ({
  rowNo,
  cells: ROSTER_COLUMNS.map((c) => values[c.key] ?? ''),
});
const fields = (r: ReturnType<typeof parseRoster>) => r.errors.map((e) => `${e.field} ${e.message}`);

describe('roster row parser', () => {
  it('reads a clean row into a candidate, with the template’s words turned into codes', () => {
    const r = parseRoster(
      header,
      [
        row(2, {
          name: ' 王一 ',
          idNumber: id18('41010520040301001').toLowerCase(),
          phone: '13800000000',
          studentType: '专科',
          graduationYear: '2026',
          inSchool: '是',
          yearsInOccupation: '3',
          title: '中级',
          titleSince: '2020-07-01',
          outstandingGraduate: '否',
        }),
      ],
      today,
    );
    expect(r.errors).toEqual([]);
    expect(r.candidates).toEqual([
      {
        rowNo: 2,
        input: {
          name: '王一',
          idType: 'resident_id',
          idNumber: id18('41010520040301001').toUpperCase(),
          phone: '13800000000',
          studentType: 'junior_college',
          graduationYear: 2026,
          inSchool: true,
          yearsInOccupation: 3,
          title: 'intermediate',
          titleSince: '2020-07-01',
          outstandingGraduate: false,
        },
      },
    ]);
    expect(() => assertRosterClean(r)).not.toThrow();
  });

  it('names the row and column of a wrong check digit', () => {
    const r = parseRoster(header, [row(3, { name: '李二', idNumber: '410105200403010010' })], today);
    expect(fields(r)).toEqual([expect.stringMatching(/^第 3 行 C 列（证件号码） 身份证号校验位不正确/)]);
    expect(r.candidates).toHaveLength(1);
    expect(() => assertRosterClean(r)).toThrow(
      expect.objectContaining({ code: 'IMPORT_INVALID', message: '导入文件有 1 处错误，未导入任何数据' }),
    );
  });

  it('refuses a file without a required column before reading any row', () => {
    const without = header.filter((h) => h !== '证件号码');
    expect(() => rosterParser(without, today)).toThrow(
      expect.objectContaining({ code: 'IMPORT_INVALID', message: '缺少必需的列：证件号码（请使用下载的模板）' }),
    );
    expect(() => rosterParser(['手机号'], today)).toThrow(/缺少必需的列：姓名、证件号码/);
  });

  it('skips blank rows; a roster of blank rows has no candidates', () => {
    const r = parseRoster(
      header,
      [row(2, {}), row(3, { name: '王一', idNumber: id18('41010520040301001') }), { rowNo: 4, cells: ['  ', null] }],
      today,
    );
    expect(r.errors).toEqual([]);
    expect(r.candidates.map((c) => c.rowNo)).toEqual([3]);
    const blank = parseRoster(header, [row(2, {})], today);
    expect(blank.candidates).toEqual([]);
    expect(() => assertRosterClean(blank)).toThrow(expect.objectContaining({ message: '名单中没有考生' }));
  });

  it('finds an ID number repeated inside the file, also when the rows arrive one at a time', () => {
    const same = id18('41010520040301001');
    const r = parseRoster(
      header,
      [row(2, { name: '王一', idNumber: same }), row(5, { name: '赵四', idNumber: same.toLowerCase() })],
      today,
    );
    expect(fields(r)).toEqual(['第 5 行 C 列（证件号码） 与第 2 行重复']);
    const parser = rosterParser(header, today);
    expect(parser.row(2, row(2, { name: '王一', idNumber: same }).cells)!.errors).toEqual([]);
    expect(parser.row(3, row(3, { name: '赵四', idNumber: same }).cells)!.errors).toEqual([
      { field: '第 3 行 C 列（证件号码）', message: '与第 2 行重复' },
    ]);
  });

  it('finds columns by their header wherever they stand, and names a missing optional column without a letter', () => {
    const r = parseRoster(
      ['证件号码', '姓名', '学生类型'],
      [{ rowNo: 2, cells: [id18('41010520040301001'), '', '博士'] }],
      today,
    );
    expect(fields(r)).toEqual([
      '第 2 行 B 列（姓名） 姓名不能为空',
      '第 2 行 C 列（学生类型） 学生类型“博士”无效，应为 本科/专科/中职/技工',
    ]);
  });

  it('CERT-2 roster: the template’s example row is a valid number; left in a file it is skipped with a note, alone it is not refused', () => {
    expect(checkResidentId(ROSTER_EXAMPLE.idNumber, today)).toMatchObject({ ok: true });
    expect(checkResidentId(ROSTER_EXAMPLE.idNumber, today).warnings).toBeUndefined();
    const example = row(2, ROSTER_EXAMPLE);
    const r = parseRoster(header, [example, row(3, { name: '王一', idNumber: id18('41010520040301001') })], today);
    expect(r.errors).toEqual([]);
    expect(r.candidates.map((c) => c.rowNo)).toEqual([3]);
    expect(r.exampleRows).toEqual([2]);
    expect(r.notes).toEqual([{ field: '第 2 行', message: '模板中的示例行（张三），已跳过，未导入' }]);
    const alone = parseRoster(header, [example], today);
    expect(alone.candidates).toEqual([]);
    expect(() => assertRosterClean(alone)).not.toThrow();
  });

  it('identity: a historic area code is a note on its row and column, not an error; a province that does not exist is an error', () => {
    const r = parseRoster(
      header,
      [
        row(2, { name: '王一', idNumber: id18('41270119800307123') }),
        row(3, { name: '李二', idNumber: id18('99010219800307123') }),
      ],
      today,
    );
    expect(r.notes).toEqual([
      {
        field: '第 2 行 C 列（证件号码）',
        message: '身份证号前六位 412701 不是现行行政区划代码（可能为旧区划代码），请核对',
      },
    ]);
    expect(fields(r)).toEqual(['第 3 行 C 列（证件号码） 身份证号前两位“99”不是省级行政区划代码']);
  });

  describe('the rosters people really have', () => {
    const title = ['2026年电工（四级）认定考生名单'];
    it('finds the header below a title row, a merged title (its text in every cell) and a note row', () => {
      const merged = Array(11).fill('郑州智能制造职业学院 2026 届考生名单');
      expect(findHeaderRow([header])).toBe(0);
      expect(findHeaderRow([title, header])).toBe(1);
      expect(findHeaderRow([merged, ['填表说明：证件号码按文本填写'], [], header])).toBe(3);
      expect(findHeaderRow([title, ['序号', '姓名', '备注']])).toBe(-1); // no ID number column: none
    });

    it('reads common header names: 身份证号码 / 身份证号 / 公民身份号码 for 证件号码, 联系电话 for 手机号, 性别, 专业; spaces, 「*」 and notes in brackets ignored', () => {
      expect(headerKey(' 身份证 号码（必填）* ')).toBe('身份证号码');
      expect(headerKey('姓　名')).toBe('姓名');
      for (const idHeader of ['身份证号码', '身份证号', '公民身份号码', '证件号码']) {
        const r = parseRoster(
          ['序号', '姓　名', '性别', idHeader, '联系电话', '专业', '是否在校'],
          [
            {
              rowNo: 3,
              cells: ['1', '王一', '男', id18('41010520040301001'), '138 0000 0000', '电气自动化技术', '是'],
            },
          ],
          today,
        );
        expect(r.errors, idHeader).toEqual([]);
        expect(r.candidates[0].input).toMatchObject({
          name: '王一',
          idNumber: id18('41010520040301001'),
          phone: '13800000000',
          major: '电气自动化技术',
          inSchool: true,
        });
      }
    });

    it('names a problem by the file’s own column name', () => {
      const r = parseRoster(['姓名', '身份证号码'], [{ rowNo: 4, cells: ['王一', '410105200403010010'] }], today);
      expect(fields(r)).toEqual([expect.stringMatching(/^第 4 行 B 列（身份证号码） 身份证号校验位不正确/)]);
    });

    it('reads full-width digits, letters and spaces (and the full-width Ｘ of an ID number) as ASCII; names aligned with spaces are joined', () => {
      expect(halfWidth('　４１０１０５ＡＢｘ－１\u00a0')).toBe('410105ABx-1');
      const withX = id18('11010519491231002'); // check character X
      expect(withX.endsWith('X')).toBe(true);
      const wide = [...withX]
        .map((ch) => (ch === 'X' ? 'ｘ' : String.fromCharCode(ch.charCodeAt(0) + 0xfee0)))
        .join('');
      const r = parseRoster(
        header,
        [
          row(2, { name: '王　一', idNumber: wide, graduationYear: '２０２６', yearsInOccupation: '３' }),
          row(3, { name: 'Anna Lee', idType: '护照', idNumber: 'Ｅ１２３４５６７８' }),
        ],
        today,
      );
      expect(r.errors).toEqual([]);
      expect(r.candidates.map((c) => c.input)).toEqual([
        expect.objectContaining({ name: '王一', idNumber: withX, graduationYear: 2026, yearsInOccupation: 3 }),
        expect.objectContaining({ name: 'Anna Lee', idType: 'passport', idNumber: 'E12345678' }),
      ]);
    });

    it('an empty 是否在校 states nothing (it does not make a student a worker); 是 and 否 state it', () => {
      const r = parseRoster(
        header,
        [
          row(2, { name: '王一', idNumber: id18('41010520040301001') }),
          row(3, { name: '李二', idNumber: id18('41010520040301002'), inSchool: '否' }),
        ],
        today,
      );
      expect('inSchool' in r.candidates[0].input).toBe(false);
      expect(r.candidates[1].input.inSchool).toBe(false);
    });

    it('性别 against a resident ID: the number decides, a different 性别 is a note; for a passport it is read', () => {
      const r = parseRoster(
        ['姓名', '性别', '证件类型', '证件号码'],
        [
          { rowNo: 2, cells: ['王一', '女', '居民身份证', id18('41010520040301011')] }, // 17th digit odd: male
          { rowNo: 3, cells: ['Anna Lee', '女', '护照', 'E12345678'] },
          { rowNo: 4, cells: ['赵四', '未知', '居民身份证', id18('41010520040301021')] },
        ],
        today,
      );
      expect(r.notes).toEqual([
        { field: '第 2 行 B 列（性别）', message: '性别“女”与身份证号（男）不一致，以身份证号为准' },
      ]);
      expect(r.candidates[1].input.gender).toBe('female');
      expect(fields(r)).toEqual(['第 4 行 B 列（性别） 性别应填“男”或“女”']);
    });
  });
});
