/**
 * Workbooks written straight as XML into a zip (yazl), for the import tests and bench/import-memory.ts:
 * honest rosters of any size in a second or two, and the hostile files of issue 11 item 2 (a zip
 * bomb, 16,384 columns, a truncated file, 10⁶ rows). exceljs's writers are too slow for 100,000
 * rows in a test and cannot write a bomb.
 */
import { Readable } from 'node:stream';
import yazl from 'yazl';
import { residentIdCheckChar } from '../src/lib/identity.js';
import { ROSTER_COLUMNS } from '../src/modules/assessment/roster.js';
import { TRAINEE_COLUMNS } from '../src/modules/training/trainee-roster.js';

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`;
const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="考生名单" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;
const SHEET_HEAD = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`;
const SHEET_TAIL = `</sheetData></worksheet>`;

const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The column letters of column n (1 → A, 16,384 → XFD). */
export function columnLetters(n: number): string {
  let s = '';
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** One row of inline-string cells, as Excel would write it (every cell with its reference). */
export function rowXml(rowNo: number, cells: readonly string[]): string {
  let xml = `<row r="${rowNo}">`;
  cells.forEach((v, i) => {
    if (v !== '') xml += `<c r="${columnLetters(i + 1)}${rowNo}" t="inlineStr"><is><t>${xmlText(v)}</t></is></c>`;
  });
  return xml + '</row>';
}

/** A zip holding a one-sheet workbook whose sheet XML is `sheet` (pieces of XML, streamed as they come). */
export function workbookOf(sheet: Iterable<string | Buffer>, compressionLevel = 6): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(CONTENT_TYPES), '[Content_Types].xml');
  zip.addBuffer(Buffer.from(ROOT_RELS), '_rels/.rels');
  zip.addBuffer(Buffer.from(WORKBOOK), 'xl/workbook.xml');
  zip.addBuffer(Buffer.from(WORKBOOK_RELS), 'xl/_rels/workbook.xml.rels');
  // small pieces batched, so a million rows are a few hundred chunks, not a million
  function* batched() {
    yield Buffer.from(SHEET_HEAD);
    let batch = '';
    for (const s of sheet) {
      if (typeof s !== 'string') {
        if (batch) yield Buffer.from(batch);
        batch = '';
        yield s;
        continue;
      }
      batch += s;
      if (batch.length > 1 << 16) {
        yield Buffer.from(batch);
        batch = '';
      }
    }
    yield Buffer.from(batch + SHEET_TAIL);
  }
  zip.addReadStream(Readable.from(batched(), { objectMode: false }), 'xl/worksheets/sheet1.xml', { compressionLevel });
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

/** The n-th of a run of distinct valid resident ID numbers (distinct for n below 3,360,000). */
export function residentIdNo(n: number, area = '110101'): string {
  const first17 = `${area}${1970 + Math.floor(n / 336_000)}${String(1 + (Math.floor(n / 28_000) % 12)).padStart(2, '0')}${String(1 + (Math.floor(n / 1000) % 28)).padStart(2, '0')}${String(n % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

/** A clean roster in the template's columns: `count` distinct candidates from `offset` on. */
export function rosterWorkbook(count: number, offset = 0): Promise<Buffer> {
  return workbookOf(
    (function* () {
      yield rowXml(
        1,
        ROSTER_COLUMNS.map((c) => c.header),
      );
      for (let i = 0; i < count; i++) {
        const n = offset + i;
        yield rowXml(i + 2, [
          `考生${n}`,
          '居民身份证',
          residentIdNo(n),
          `139${String(n).padStart(8, '0')}`,
          '',
          '',
          '否',
          '3',
          '',
          '',
          '否',
        ]);
      }
    })(),
  );
}

/** A clean trainee list in the template's columns: `count` distinct trainees from `offset` on. */
export function traineeWorkbook(count: number, offset = 0): Promise<Buffer> {
  return workbookOf(
    (function* () {
      yield rowXml(
        1,
        TRAINEE_COLUMNS.map((c) => c.header),
      );
      for (let i = 0; i < count; i++) {
        const n = offset + i;
        yield rowXml(i + 2, [
          `学员${n}`,
          '居民身份证',
          residentIdNo(n),
          `139${String(n).padStart(8, '0')}`,
          '农民工',
          '',
          '是',
          '否',
          '',
          '',
          '',
        ]);
      }
    })(),
  );
}

/**
 * A zip bomb shaped as a roster: the template's header, then `rows` identical rows of one number
 * each (a row may leave out its number) that deflate a few hundred to one: ten million rows are
 * 260 MB of XML in about 1 MB of file. (yazl's CRC-32 is JavaScript: longer rows take seconds more.)
 */
export function zipBombWorkbook(rows = 10_000_000): Promise<Buffer> {
  const perChunk = 20_000;
  const chunk = Buffer.from('<row><c><v>1</v></c></row>'.repeat(perChunk));
  return workbookOf(
    (function* () {
      yield rowXml(
        1,
        ROSTER_COLUMNS.map((c) => c.header),
      );
      for (let i = 0; i < rows; i += perChunk)
        yield i + perChunk <= rows ? chunk : chunk.subarray(0, (rows - i) * (chunk.length / perChunk));
    })(),
    // zlib's fastest level: on XML this repetitive the default level spends seconds on its match search
    1,
  );
}

/** The template's header followed by `columns - header` more named columns: 16,384 is every column Excel has. */
export function wideWorkbook(columns = 16_384): Promise<Buffer> {
  const header = [
    ...ROSTER_COLUMNS.map((c) => c.header),
    ...Array.from({ length: columns - ROSTER_COLUMNS.length }, (_, i) => `列${i}`),
  ];
  return workbookOf([rowXml(1, header), rowXml(2, ['张三', '居民身份证', residentIdNo(1)])]);
}

/**
 * `rows` rows written compactly under a roster header (one number in column A, each row numbered
 * as Excel numbers them): 10⁶ rows are about 40 MB of XML in a couple of MB of file, under the
 * size and ratio limits, so only the row limit refuses it.
 */
export function manyRowsWorkbook(rows = 1_000_000): Promise<Buffer> {
  return workbookOf(
    (function* () {
      yield rowXml(1, ['姓名', '证件类型', '证件号码']);
      for (let r = 2; r < rows + 2; r++) yield `<row r="${r}"><c r="A${r}"><v>1</v></c></row>`;
    })(),
  );
}
