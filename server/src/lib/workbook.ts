/**
 * Excel workbooks: reading an uploaded one (.xlsx) without trusting it, and the cells of the
 * exports (at the end of this file).
 *
 * Reading an uploaded Excel workbook (.xlsx) without trusting it (issue 11 item 2). An .xlsx is a
 * zip of XML files, and a few megabytes of zip can hold gigabytes of XML, so:
 *
 * 1. before anything is inflated, the zip's central directory is read (yauzl): the number of
 *    entries, each entry's declared size and compression ratio, and the total declared size are
 *    held to limits; a file that is not a zip (a PDF or picture renamed .xlsx, an old .xls) or
 *    whose directory cannot be read (a truncated upload) is refused by name;
 * 2. every entry is then inflated with its declared size enforced (more bytes than declared is a
 *    damaged or forged file), one entry at a time, straight from the uploaded buffer;
 * 3. the first sheet's row elements are counted in the raw XML before it is parsed, so a sheet over
 *    the row limit is refused after a byte scan, not after parsing;
 * 4. the first sheet is parsed as a stream of rows; a row wider than the column limit stops it.
 *
 * The XML of the parts is read by exceljs's streaming reader (the same cell semantics as a full
 * load: shared strings, inline and rich text, formulas by their result, dates by their number
 * format). exceljs reads a zip only as one sequential stream, which would inflate every part (and
 * spool the sheets to temporary files) before the shared strings; here yauzl opens each part where
 * it lies and exceljs's part parsers (`_parseRels`, `_parseWorkbook`, `_parseSharedStrings`,
 * `_parseStyles`, `_parseWorksheet`, exceljs 4.4.0, pinned) are given the streams in the order
 * they need. `workbook.unit.test.ts` fails if an exceljs upgrade moves them.
 */
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import type { IdType } from '../../../contract/api-assessment.js';
import { PERSON_NAME_MAX_LENGTH } from '../../../contract/limits.js';
import { AppError } from './errors.js';

export interface WorkbookLimits {
  /** row elements the first sheet may hold (the caller adds what it allows above its data) */
  maxRows: number;
  /** the rightmost column a row may fill (16,384 is Excel's own maximum) */
  maxColumns: number;
  /** files in the zip (a roster written by Excel or WPS has about a dozen) */
  maxEntries: number;
  /** total declared size of the zip's files once inflated */
  maxUncompressedBytes: number;
  /** inflated ÷ compressed for any file over 1 MiB (XML compresses about 10:1; Apache POI refuses past 100:1) */
  maxCompressionRatio: number;
  /** shared strings the workbook may hold (each one is kept in memory while the sheet is read) */
  maxSharedStrings: number;
}

/**
 * The limits an import is held to (`config.imports`: ROSTER_MAX_ROWS, IMPORT_* — README
 * "Configuration"), the same for every workbook import (rosters, trainees).
 */
export interface ImportLimits extends Omit<WorkbookLimits, 'maxRows' | 'maxSharedStrings'> {
  /** data rows a sheet may hold */
  maxRows: number;
}

/**
 * The workbook limits of an import whose data rows sit below at most `headerRows` rows of titles
 * and header, and whose parser reads `columns` columns: rows above the header and blank rows are
 * row elements too; at most one shared string per cell read.
 */
export function importSheetLimits(limits: ImportLimits, headerRows: number, columns: number): WorkbookLimits {
  return {
    ...limits,
    maxRows: limits.maxRows + headerRows,
    maxSharedStrings: (limits.maxRows + headerRows) * columns,
  };
}

/** A row of the sheet: its number as the user sees it and each cell as text, from column A on. */
export interface SheetRow {
  rowNo: number;
  cells: string[];
}

/** Entries under this size are not held to the compression ratio (tiny parts compress as they like). */
const RATIO_FLOOR_BYTES = 1024 * 1024;
const MiB = 1024 * 1024;

const mb = (bytes: number) => `${Math.round(bytes / MiB)} MB`;

/** What the file is, from its first bytes, for the refusal of a file that is not a workbook. */
function notAWorkbook(file: Buffer): AppError {
  const head = file.subarray(0, 8);
  const kind =
    head.subarray(0, 4).toString('latin1') === '%PDF'
      ? '这是一个 PDF 文件'
      : head.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]))
        ? '这是一个 PNG 图片'
        : head.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))
          ? '这是一个 JPEG 图片'
          : head.equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))
            ? '这是旧版 .xls 文件或加密的工作簿，请在 Excel 或 WPS 中另存为 .xlsx（不设密码）后上传'
            : file.length === 0
              ? '文件是空的'
              : '文件不是 Excel 工作簿';
  return new AppError('WORKBOOK_NOT_XLSX', `无法读取文件：${kind}；请上传由模板填写的 .xlsx 文件`);
}

const damaged = (why: string) =>
  new AppError('WORKBOOK_DAMAGED', `文件不完整或已损坏（${why}），未导入任何数据；请重新保存为 .xlsx 后上传`);

/**
 * The workbook's zip, checked: every entry by name, read from the central directory only. Refuses
 * a file that is not a zip, a truncated or damaged one, and one over the entry, size or ratio limits.
 */
async function openChecked(file: Buffer, limits: Omit<WorkbookLimits, 'maxRows' | 'maxSharedStrings'>) {
  // a zip starts with a local file header ("PK\3\4"); anything else is some other kind of file
  if (file.length < 4 || file.readUInt32LE(0) !== 0x04034b50) throw notAWorkbook(file);
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(file, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false });
  } catch {
    // the end-of-central-directory record is the zip's last bytes: a cut-off upload loses it
    throw damaged('找不到压缩包目录，文件可能在上传或复制时被截断');
  }
  if (zip.entryCount > limits.maxEntries)
    throw new AppError(
      'WORKBOOK_TOO_MANY_ENTRIES',
      `工作簿内含 ${zip.entryCount} 个部件，超过 ${limits.maxEntries} 个的上限，未导入任何数据；请只保留名单工作表后另存为新文件`,
    );
  const entries = new Map<string, yauzl.Entry>();
  let total = 0;
  try {
    for await (const e of zip.eachEntry()) {
      if (e.uncompressedSize > RATIO_FLOOR_BYTES && e.uncompressedSize > e.compressedSize * limits.maxCompressionRatio)
        throw new AppError(
          'WORKBOOK_COMPRESSION_RATIO',
          `文件中的 ${e.fileName} 解压后是压缩时的 ${Math.round(e.uncompressedSize / Math.max(1, e.compressedSize))} 倍，超过 ${limits.maxCompressionRatio} 倍的上限（疑似“压缩炸弹”），未导入任何数据`,
        );
      total += e.uncompressedSize;
      if (total > limits.maxUncompressedBytes)
        throw new AppError(
          'WORKBOOK_TOO_LARGE',
          `工作簿解压后超过 ${mb(limits.maxUncompressedBytes)} 的上限，未导入任何数据；请分成多个文件导入`,
        );
      entries.set(e.fileName, e);
    }
  } catch (e) {
    zip.close();
    if (e instanceof AppError) throw e;
    throw damaged('压缩包目录无法读取');
  }
  return { zip, entries };
}

/**
 * The checks on the zip's directory alone (not a zip, truncated, too many parts, too large, a
 * bomb's ratio): microseconds, nothing inflated, so a hostile file is refused on the spot before
 * any heavier work is queued for it.
 */
export async function checkWorkbookZip(file: Buffer, limits: Omit<WorkbookLimits, 'maxRows' | 'maxSharedStrings'>) {
  const { zip, entries } = await openChecked(file, limits);
  zip.close();
  if (!entries.has('xl/workbook.xml'))
    throw new AppError(
      'WORKBOOK_NOT_XLSX',
      '无法读取文件：压缩包中没有 Excel 工作簿（xl/workbook.xml）；请上传 .xlsx 文件',
    );
}

/** The internals of exceljs's streaming workbook reader this file drives (see the file comment). */
interface ExcelPartReader {
  sharedStrings?: unknown[];
  model?: { sheets?: { id: number; name: string; rId: string }[] };
  workbookRels?: { Id: string; Target: string; Type: string }[];
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<{ index: number; text: unknown }>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(
    entry: Readable,
    sheetNo: string,
  ): Generator<{ eventType: string; value: AsyncIterable<ExcelJS.Row> }>;
}

/** A cell as the text the user sees: hyperlinks and rich text by their text, formulas by their result. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText))
      return v.richText
        .map((r: { text?: unknown }) => String(r.text ?? ''))
        .join('')
        .trim();
    if ('text' in v) return cellText(v.text);
    if ('result' in v) return cellText(v.result);
    if ('error' in v) return String(v.error);
    return '';
  }
  return String(v).trim();
}

/** How many row elements (`<row …>`) the sheet's XML holds, stopping as soon as there are more than `max`. */
export async function countRowElements(xml: AsyncIterable<Buffer>, max: number): Promise<number> {
  const tag = Buffer.from('<row');
  let count = 0;
  let carry = Buffer.alloc(0);
  for await (const chunk of xml) {
    const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    let at = buf.indexOf(tag);
    while (at !== -1 && at + tag.length < buf.length) {
      const next = buf[at + tag.length];
      // `<row ` / `<row>` / `<row/>`, not `<rowBreaks>` and the like
      if (next === 0x20 || next === 0x3e || next === 0x2f || next === 0x09 || next === 0x0a || next === 0x0d) {
        if (++count > max) return count;
      }
      at = buf.indexOf(tag, at + 1);
    }
    // keep the tail that may be the start of a tag cut by the chunk boundary
    carry = Buffer.from(buf.subarray(Math.max(0, at === -1 ? buf.length - tag.length : at)));
  }
  return count;
}

/**
 * The first sheet of an uploaded workbook, row by row, after the checks above. `tooManyRows`
 * makes the refusal when the sheet holds more row elements than `limits.maxRows` (the caller
 * names its own limit); nothing of the workbook but the current rows and its shared strings is
 * held in memory.
 */
export async function* readFirstSheet(
  file: Buffer,
  limits: WorkbookLimits,
  tooManyRows: () => AppError,
  /** told the sheet's row elements once they are counted, before the first row (a job's total) */
  onRowCount?: (rows: number) => void,
): AsyncGenerator<SheetRow> {
  const { zip, entries } = await openChecked(file, limits);
  const open: Readable[] = [];
  /** an entry inflated, as text (decoded across chunk boundaries: a character may straddle two) or as bytes */
  const stream = async (name: string, bytes = false) => {
    const e = entries.get(name);
    if (!e) return null;
    try {
      const s = await zip.openReadStreamPromise(e);
      open.push(s);
      if (!bytes) s.setEncoding('utf8');
      return s;
    } catch {
      throw damaged(`${name} 无法解压`);
    }
  };
  try {
    if (!entries.has('xl/workbook.xml'))
      throw new AppError(
        'WORKBOOK_NOT_XLSX',
        '无法读取文件：压缩包中没有 Excel 工作簿（xl/workbook.xml）；请上传 .xlsx 文件',
      );
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(null as unknown as string, {
      worksheets: 'emit',
      sharedStrings: 'emit',
      styles: 'cache', // dates are numbers in a date format: the styles tell which
      hyperlinks: 'ignore',
      entries: 'ignore',
    }) as unknown as ExcelPartReader;
    const parts = async () => {
      const rels = await stream('xl/_rels/workbook.xml.rels');
      if (rels) await reader._parseRels(rels);
      await reader._parseWorkbook((await stream('xl/workbook.xml'))!);
      const styles = await stream('xl/styles.xml');
      if (styles) await reader._parseStyles(styles);
      const strings: string[] = [];
      const shared = await stream('xl/sharedStrings.xml');
      if (shared)
        for await (const s of reader._parseSharedStrings(shared)) {
          if (strings.length >= limits.maxSharedStrings)
            throw new AppError(
              'WORKBOOK_TOO_LARGE',
              `工作簿中的文字超过 ${limits.maxSharedStrings} 条的上限，未导入任何数据；请分成多个文件导入`,
            );
          strings.push(cellText(s.text));
        }
      reader.sharedStrings = strings;
    };
    try {
      await parts();
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw damaged('工作簿结构无法解析');
    }
    // the first sheet in the workbook's tab order, where its relationship says it is
    const first = reader.model?.sheets?.[0];
    const target = first && reader.workbookRels?.find((r) => r.Id === first.rId)?.Target;
    const sheetPath = target ? (target.startsWith('/') ? target.slice(1) : `xl/${target}`) : 'xl/worksheets/sheet1.xml';
    if (!entries.has(sheetPath)) throw new AppError('IMPORT_INVALID', '文件中没有工作表');

    const scan = await stream(sheetPath, true);
    let rowElements: number;
    try {
      rowElements = await countRowElements(scan!, limits.maxRows);
    } catch {
      throw damaged('工作表无法解压');
    }
    if (rowElements > limits.maxRows) throw tooManyRows();
    scan!.destroy();
    onRowCount?.(rowElements);

    const sheetNo = /(\d+)\.xml$/.exec(sheetPath)?.[1] ?? '1';
    const sheet = reader._parseWorksheet((await stream(sheetPath))!, sheetNo).next().value;
    if (!sheet) throw new AppError('IMPORT_INVALID', '文件中没有工作表');
    try {
      for await (const row of sheet.value) {
        const values = row.values as unknown[];
        if (values.length - 1 > limits.maxColumns)
          throw new AppError(
            'WORKBOOK_TOO_MANY_COLUMNS',
            `第 ${row.number} 行有 ${values.length - 1} 列，超过 ${limits.maxColumns} 列的上限，未导入任何数据；请删除多余的列`,
          );
        const cells = Array.from({ length: Math.max(0, values.length - 1) }, (_, i) => cellText(values[i + 1]));
        yield { rowNo: row.number, cells };
      }
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw damaged('工作表内容无法解析');
    }
  } finally {
    for (const s of open) s.destroy();
    zip.close();
  }
}

/**
 * The rows of a sheet whose header row is one of its first `scanRows` rows (a title row, or a
 * merged title, may stand above it): `header` is the row `findHeaderRow` picks among the top rows
 * (the first when it finds none, -1), `rows` every row below it, streamed; blank rows among the top
 * rows are passed over. Iterating `rows` to its end (or leaving it early) closes `sheet`.
 */
export async function sheetBelowHeader(
  sheet: AsyncGenerator<SheetRow>,
  scanRows: number,
  findHeaderRow: (top: string[][]) => number,
): Promise<{ header: string[]; rows: AsyncGenerator<SheetRow> }> {
  // the top rows, blank ones included, until the header can be told
  const top: string[][] = Array.from({ length: scanRows }, () => []);
  let below: SheetRow | null = null;
  let next = await sheet.next();
  for (; !next.done; next = await sheet.next()) {
    if (next.value.rowNo > scanRows) {
      below = next.value;
      break;
    }
    top[next.value.rowNo - 1] = next.value.cells;
  }
  const ended = !!next.done;
  const headerRowNo = Math.max(0, findHeaderRow(top)) + 1;
  async function* rows(): AsyncGenerator<SheetRow> {
    try {
      for (let rowNo = headerRowNo + 1; rowNo <= scanRows; rowNo++)
        if (top[rowNo - 1].length) yield { rowNo, cells: top[rowNo - 1] };
      if (below) yield below;
      if (!ended) yield* sheet;
    } finally {
      await sheet.return(undefined);
    }
  }
  return { header: top[headerRowNo - 1], rows: rows() };
}

// ---------------------------------------------------------------------------------------------
// Writing: cells of the Excel exports.

/*
 * Cells of the Excel exports as Excel reads them: a business date is a date cell (a spreadsheet can
 * sort and filter it), a missing value is an empty cell (not an empty string, which `COUNTA` and
 * "go to blanks" count as filled).
 */

/** The number format of date columns. */
export const DATE_FORMAT = 'yyyy-mm-dd';

/**
 * A business date (yyyy-mm-dd, China Standard Time) as the value of a date cell: that calendar day
 * with no time of day, whatever the server's zone (ExcelJS turns a Date into a serial day in UTC);
 * null (an empty cell) when there is none.
 */
export function dateCell(isoDate: string | null | undefined): Date | null {
  if (!isoDate) return null;
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

/** A text value, or an empty cell when there is none. */
export const textCell = (v: string | null | undefined): string | null => (v ? v : null);

/**
 * Text as people type it, read as the template means it: full-width ASCII (１２３, ＡＢＣ, Ｘ, －)
 * as its half-width form, the ideographic and no-break spaces as a space, zero-width characters
 * dropped, trimmed. Chinese characters are left alone (no NFKC, which would also fold names).
 */
export function halfWidth(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\u3000\u00A0]/g, ' ')
    .replace(/[\u200B-\u200D\uFEFF]/g, '')
    .trim();
}

/** A header cell as compared with the known names: 「 身份证 号码（必填）* 」 → 身份证号码. */
export function headerKey(text: string): string {
  return halfWidth(text)
    .replace(/\s+/g, '')
    .replace(/^\*+|\*+$/g, '')
    .replace(/\([^()]*\)$/, '')
    .replace(/\*+$/, '');
}

/** Identity document types as people write them in a workbook (an empty cell: 居民身份证). */
const ID_TYPE_OF_CELL: Record<string, IdType> = {
  居民身份证: 'resident_id',
  身份证: 'resident_id',
  护照: 'passport',
  港澳居民来往内地通行证: 'hk_macao',
  台湾居民来往大陆通行证: 'taiwan',
};

/**
 * The name and identity-document type of a person's row, as every import reads them: 「王  一」
 * aligned with spaces is 王一 (spaces between Latin words stay), the name required and within
 * PERSON_NAME_MAX_LENGTH, the type one of the documents the platform knows (default 居民身份证).
 * Each refusal goes to `err` with the column it names.
 */
export function personCells(
  get: (column: 'name' | 'idType') => string,
  err: (column: 'name' | 'idType', message: string) => void,
): { name: string; idType: IdType | undefined } {
  const name = get('name')
    .replace(/\s+/g, ' ')
    .replace(/(?<=[\u3400-\u9FFF·]) (?=[\u3400-\u9FFF·])/g, '');
  if (!name) err('name', '姓名不能为空');
  else if (name.length > PERSON_NAME_MAX_LENGTH) err('name', '姓名过长');
  const idTypeText = get('idType') || '居民身份证';
  const idType = ID_TYPE_OF_CELL[idTypeText];
  if (!idType) err('idType', `证件类型“${idTypeText}”无效`);
  return { name, idType };
}
