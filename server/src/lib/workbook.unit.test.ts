/**
 * Reading an uploaded workbook without trusting it (issue 11 item 2): the zip checked before any
 * XML is parsed, each part inflated to no more than it declares, the sheet streamed by row.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import yazl from 'yazl';
import { describe, expect, it } from 'vitest';
import {
  manyRowsWorkbook,
  rosterWorkbook,
  wideWorkbook,
  workbookOf,
  rowXml,
  zipBombWorkbook,
} from '../../test/workbooks.js';
import { AppError } from './errors.js';
import { countRowElements, readFirstSheet, type SheetRow, type WorkbookLimits } from './workbook.js';

const limits: WorkbookLimits = {
  maxRows: 1000,
  maxColumns: 64,
  maxEntries: 1000,
  maxUncompressedBytes: 200 * 1024 * 1024,
  maxCompressionRatio: 100,
  maxSharedStrings: 100_000,
};
const tooMany = () => new AppError('WORKBOOK_TOO_MANY_ROWS', 'too many rows');

async function rows(file: Buffer, l: Partial<WorkbookLimits> = {}): Promise<SheetRow[]> {
  const out: SheetRow[] = [];
  for await (const r of readFirstSheet(file, { ...limits, ...l }, tooMany)) out.push(r);
  return out;
}
async function refusal(file: Buffer, l: Partial<WorkbookLimits> = {}) {
  try {
    await rows(file, l);
  } catch (e) {
    if (e instanceof AppError) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('not refused');
}
const zipOf = (files: Record<string, string>) =>
  new Promise<Buffer>((resolve) => {
    const z = new yazl.ZipFile();
    for (const [name, text] of Object.entries(files)) z.addBuffer(Buffer.from(text), name);
    z.end();
    const chunks: Buffer[] = [];
    z.outputStream.on('data', (c: Buffer) => chunks.push(c));
    z.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });

describe('reading a workbook as a stream of rows', () => {
  it('reads what exceljs writes: shared strings, numbers, dates, formulas by their result, rich text and hyperlinks by their text', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.addRow(['姓名', '证件号码', '日期', '数', '公式', '富文本', '链接']);
    ws.addRow([
      '王一',
      '41010520040301001X',
      new Date(Date.UTC(2020, 6, 1)),
      3,
      { formula: 'D2*2', result: 6 },
      { richText: [{ text: '中' }, { text: '级' }] },
      { text: '主页', hyperlink: 'https://example.org' },
    ]);
    ws.getCell('C2').numFmt = 'yyyy-mm-dd';
    wb.addWorksheet('第二张');
    const out = await rows(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(out).toEqual([
      { rowNo: 1, cells: ['姓名', '证件号码', '日期', '数', '公式', '富文本', '链接'] },
      { rowNo: 2, cells: ['王一', '41010520040301001X', '2020-07-01', '3', '6', '中级', '主页'] },
    ]);
  });

  it('keeps Chinese text whole where a character straddles two inflated chunks', async () => {
    // 3,000 rows of three-byte characters: the sheet inflates in many 16 KB chunks
    const names = Array.from({ length: 3000 }, (_, i) => `测试考生${'甲乙丙丁'[i % 4]}${i}`);
    const file = await workbookOf(names.map((n, i) => rowXml(i + 1, [n])));
    const out = await rows(file, { maxRows: 5000 });
    expect(out.map((r) => r.cells[0])).toEqual(names);
  });

  it('reads only the first sheet in tab order, rows by their numbers, blank cells as empty text', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('名单').getCell('C4').value = '右下';
    wb.addWorksheet('别的').getCell('A1').value = '不读';
    expect(await rows(Buffer.from(await wb.xlsx.writeBuffer()))).toEqual([{ rowNo: 4, cells: ['', '', '右下'] }]);
  });
});

describe('a workbook is checked before it is parsed (issue 11 item 2)', () => {
  it('a file that is not a zip is refused by what it is: PDF, PNG, JPEG, old .xls, empty, anything else', async () => {
    const cases: [Buffer, RegExp][] = [
      [Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'), /PDF/],
      [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), /PNG/],
      [Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), /JPEG/],
      [Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), /另存为 \.xlsx/],
      [Buffer.alloc(0), /空/],
      [Buffer.from('name,id\n王一,1\n'), /不是 Excel 工作簿/],
    ];
    for (const [file, why] of cases) {
      const r = await refusal(file);
      expect(r.code).toBe('WORKBOOK_NOT_XLSX');
      expect(r.message).toMatch(why);
    }
  });

  it('a zip that holds no workbook (a .docx renamed) is not a workbook', async () => {
    expect((await refusal(await zipOf({ 'word/document.xml': '<w:document/>' }))).code).toBe('WORKBOOK_NOT_XLSX');
  });

  it('a truncated upload (its zip directory cut off) is refused as damaged', async () => {
    const file = await rosterWorkbook(200);
    for (const keep of [0.5, 0.9, 0.999]) {
      const r = await refusal(file.subarray(0, Math.floor(file.length * keep)));
      expect(r.code).toBe('WORKBOOK_DAMAGED');
      expect(r.message).toMatch(/截断/);
    }
  });

  it('too many parts in the zip is refused from its directory', async () => {
    const files = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`xl/media/p${i}.xml`, '<x/>']));
    const r = await refusal(await zipOf({ 'xl/workbook.xml': '<workbook/>', ...files }), { maxEntries: 20 });
    expect(r).toEqual({
      code: 'WORKBOOK_TOO_MANY_ENTRIES',
      message: expect.stringMatching(/31 个部件，超过 20 个的上限/),
    });
  });

  it('a zip bomb is refused by its compression ratio before a byte is inflated', async () => {
    const r = await refusal(await zipBombWorkbook(1_000_000));
    expect(r.code).toBe('WORKBOOK_COMPRESSION_RATIO');
    expect(r.message).toMatch(/超过 100 倍的上限/);
  });

  it('the total declared size is held to its limit', async () => {
    const file = await rosterWorkbook(2000); // ≈ 0.8 MB of XML
    const r = await refusal(file, { maxUncompressedBytes: 512 * 1024 });
    expect(r).toEqual({ code: 'WORKBOOK_TOO_LARGE', message: expect.stringMatching(/解压后超过 1 MB 的上限/) });
  });

  it('a part that inflates to more than its directory declares is refused as damaged, not read on', async () => {
    const file = Buffer.from(await rosterWorkbook(2000));
    // the central directory entry of the sheet: declare 1,000 bytes where there are 800,000
    const name = Buffer.from('xl/worksheets/sheet1.xml');
    let at = file.length;
    for (;;) {
      at = file.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at - 1);
      expect(at).toBeGreaterThan(-1);
      if (file.subarray(at + 46, at + 46 + name.length).equals(name)) break;
    }
    file.writeUInt32LE(1000, at + 24);
    const r = await refusal(file);
    expect(r.code).toBe('WORKBOOK_DAMAGED');
  });

  it('more row elements than the limit is refused from a byte count of the sheet, before it is parsed', async () => {
    const r = await refusal(await manyRowsWorkbook(1_000_000), { maxRows: 100_010 });
    expect(r.code).toBe('WORKBOOK_TOO_MANY_ROWS');
  });

  it('a row wider than the column limit is refused, naming the row and the limit', async () => {
    const r = await refusal(await wideWorkbook(16_384));
    expect(r).toEqual({
      code: 'WORKBOOK_TOO_MANY_COLUMNS',
      message: expect.stringMatching(/^第 1 行有 16384 列，超过 64 列的上限/),
    });
  });

  it('counts row elements across chunk boundaries, and not <rowBreaks>', async () => {
    const xml = '<sheetData>' + '<row r="1"><c/></row>'.repeat(10) + '<row/><rowBreaks/></sheetData>';
    for (const size of [1, 2, 3, 5, 7, 64]) {
      const chunks = Array.from({ length: Math.ceil(xml.length / size) }, (_, i) =>
        Buffer.from(xml.slice(i * size, i * size + size)),
      );
      expect(await countRowElements(Readable.from(chunks), 100)).toBe(11);
      expect(await countRowElements(Readable.from(chunks), 5)).toBe(6);
    }
  });
});
