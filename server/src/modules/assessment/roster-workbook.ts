/**
 * The roster as an Excel workbook: the downloadable template, and reading an uploaded file, row by
 * row, through the roster parser (the workbook itself is read by lib/workbook.ts).
 */
import ExcelJS from 'exceljs';
import { AppError } from '../../lib/errors.js';
import { importSheetLimits, readFirstSheet, type ImportLimits, type SheetRow } from '../../lib/workbook.js';
import { workerTask } from '../../lib/workers.js';
import {
  EXTRA_COLUMNS,
  findHeaderRow,
  HEADER_SCAN_ROWS,
  MAX_LISTED_ERRORS,
  ROSTER_COLUMNS,
  ROSTER_EXAMPLE,
  rosterParser,
  type ParsedRoster,
} from './roster.js';

export async function rosterTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('考生名单');
  ws.columns = ROSTER_COLUMNS.map((c) => ({
    header: c.header,
    key: c.key,
    width: Math.max(12, c.header.length * 3),
    style: { numFmt: '@' },
  }));
  ws.getRow(1).font = { bold: true };
  const example = ws.addRow(ROSTER_EXAMPLE);
  example.font = { italic: true, color: { argb: 'FF808080' } };
  example.getCell('name').note = '示例行：导入时按证件号码识别并跳过，可删除或直接改写为考生信息';
  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '列', width: 16 },
    { header: '说明', width: 80 },
  ];
  for (const c of ROSTER_COLUMNS) help.addRow([c.header, c.note]);
  for (const c of EXTRA_COLUMNS) help.addRow([c.header, `${c.note}（可选列，可加在任意位置）`]);
  help.addRow(['', `第 2 行（${ROSTER_EXAMPLE.name}）是示例：导入时跳过并在结果中说明，可删除或直接改写为考生信息。`]);
  help.addRow([
    '',
    '也可上传自有名单：表头可在前几行（上方可有标题行或合并的标题），常见列名（如 身份证号码、联系电话）可识别，全角数字和字母按半角读取。',
  ]);
  help.addRow(['', '整份名单校验通过后才会导入；有任何错误时不会导入任何一行，并列出行号和列名。']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The limits a roster upload is held to (config: ROSTER_MAX_ROWS, IMPORT_* — README "Configuration"): maxRows candidate rows. */
export type RosterLimits = ImportLimits;

const tooManyRows = (max: number) =>
  new AppError('WORKBOOK_TOO_MANY_ROWS', `名册最多 ${max} 行，本文件超过该上限，未导入任何数据；请分成多个文件导入`);

/**
 * Reads and checks an uploaded roster as a stream: the workbook is held to its limits before it
 * is parsed (lib/workbook.ts), the header row is found among the top rows, and every data row goes
 * through the roster parser as it is read, so only the parsed candidates are kept. A roster over
 * `limits.maxRows` candidate rows is refused as soon as the count passes it.
 */
export async function readRoster(file: Buffer, limits: RosterLimits, today: Date): Promise<ParsedRoster> {
  const sheet = readFirstSheet(
    file,
    importSheetLimits(limits, HEADER_SCAN_ROWS, ROSTER_COLUMNS.length + EXTRA_COLUMNS.length),
    () => tooManyRows(limits.maxRows),
  );
  // the top rows, blank ones included, until the header can be told
  const top: string[][] = Array.from({ length: HEADER_SCAN_ROWS }, () => []);
  const later: SheetRow[] = [];
  let next = await sheet.next();
  for (; !next.done; next = await sheet.next()) {
    if (next.value.rowNo > HEADER_SCAN_ROWS) {
      later.push(next.value);
      break;
    }
    top[next.value.rowNo - 1] = next.value.cells;
  }
  const headerRowNo = Math.max(0, findHeaderRow(top)) + 1;
  const header = top[headerRowNo - 1];
  const parser = rosterParser(header, today);
  const out: ParsedRoster = { candidates: [], errors: [], errorCount: 0, notes: [], exampleRows: [] };
  let rows = 0;
  const take = (r: SheetRow) => {
    const parsed = parser.row(
      r.rowNo,
      Array.from({ length: header.length }, (_, i) => r.cells[i] ?? ''),
    );
    if (!parsed) return;
    if (++rows > limits.maxRows) throw tooManyRows(limits.maxRows);
    out.notes.push(...parsed.notes);
    if (parsed.example) {
      out.exampleRows.push(parsed.rowNo);
      return;
    }
    out.candidates.push({ rowNo: parsed.rowNo, input: parsed.input });
    out.errorCount! += parsed.errors.length;
    // every problem is counted; the answer lists the first ones
    for (const e of parsed.errors) if (out.errors.length < MAX_LISTED_ERRORS) out.errors.push(e);
  };
  try {
    for (let rowNo = headerRowNo + 1; rowNo <= HEADER_SCAN_ROWS; rowNo++)
      if (top[rowNo - 1].length) take({ rowNo, cells: top[rowNo - 1] });
    for (const r of later) take(r);
    if (!next.done) for await (const r of sheet) take(r);
  } finally {
    await sheet.return(undefined);
  }
  return out;
}

/** Candidates per JSON chunk handed from the worker: unpacking one takes about a millisecond. */
const CHUNK = 1000;

/**
 * A checked roster as it crosses from the worker thread: its candidates as JSON chunks. A
 * structured clone of 100,000 objects would be rebuilt on the main thread in one go (tens of
 * milliseconds in which nobody is answered); strings cross as a copy and are unpacked a chunk
 * at a time (`unpackRoster`).
 */
export interface PackedRoster extends Omit<ParsedRoster, 'candidates'> {
  candidateChunks: string[];
}

export async function readRosterPacked(file: Buffer, limits: RosterLimits, today: Date): Promise<PackedRoster> {
  const { candidates, ...rest } = await readRoster(file, limits, today);
  const candidateChunks: string[] = [];
  for (let i = 0; i < candidates.length; i += CHUNK)
    candidateChunks.push(JSON.stringify(candidates.slice(i, i + CHUNK)));
  return { ...rest, candidateChunks };
}

/** The roster again, a chunk at a time, `pause` letting the event loop run between chunks. */
export async function unpackRoster(packed: PackedRoster, pause: () => Promise<void>): Promise<ParsedRoster> {
  const { candidateChunks, ...rest } = packed;
  const candidates: ParsedRoster['candidates'] = [];
  for (const chunk of candidateChunks) {
    for (const c of JSON.parse(chunk) as ParsedRoster['candidates']) candidates.push(c);
    await pause();
  }
  return { ...rest, candidates };
}

/** `readRosterPacked` as a worker-thread task (lib/workers.ts): parsing and checking a roster never blocks the server. */
export const READ_ROSTER = workerTask<typeof readRosterPacked>(import.meta.url, 'readRosterPacked');
