/**
 * The roster as an Excel workbook: the downloadable template, and reading an uploaded file, row by
 * row, through the roster parser (the workbook itself is read by lib/workbook.ts).
 */
import ExcelJS from 'exceljs';
import { AppError } from '../../lib/errors.js';
import {
  importSheetLimits,
  readFirstSheet,
  sheetBelowHeader,
  type ImportLimits,
  type SheetRow,
} from '../../lib/workbook.js';
import type { MessagePort } from 'node:worker_threads';
import { checkToSpool, type SpoolRef } from '../../lib/spool.js';
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

/** What checking a roster found, apart from its candidates (which go to the spool). */
export type RosterCheck = Omit<ParsedRoster, 'candidates'> & {
  /** candidate rows (the template's example row not counted) */
  candidateCount: number;
};

/**
 * Reads and checks an uploaded roster as a stream: the workbook is held to its limits before it
 * is parsed (lib/workbook.ts), the header row is found among the top rows, and every data row goes
 * through the roster parser as it is read and is handed to `candidate` at once; nothing but the
 * current row is kept. A roster over `limits.maxRows` candidate rows is refused as soon as the
 * count passes it. `progress` is told the rows read of the sheet's rows.
 */
export async function scanRoster(
  file: Buffer,
  limits: RosterLimits,
  today: Date,
  candidate: (c: ParsedRoster['candidates'][number], clean: boolean) => void,
  progress: (done: number, total: number) => void = () => {},
): Promise<RosterCheck> {
  let total = 0;
  const { header, rows: sheetRows } = await sheetBelowHeader(
    readFirstSheet(
      file,
      importSheetLimits(limits, HEADER_SCAN_ROWS, ROSTER_COLUMNS.length + EXTRA_COLUMNS.length),
      () => tooManyRows(limits.maxRows),
      (n) => (total = n),
    ),
    HEADER_SCAN_ROWS,
    findHeaderRow,
  );
  const parser = rosterParser(header, today);
  const out: RosterCheck = { candidateCount: 0, errors: [], errorCount: 0, notes: [], exampleRows: [] };
  let rows = 0;
  const take = (r: SheetRow) => {
    if (r.rowNo % PROGRESS_ROWS === 0) progress(r.rowNo, total);
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
    out.candidateCount++;
    out.errorCount! += parsed.errors.length;
    // every problem is counted; the answer lists the first ones
    for (const e of parsed.errors) if (out.errors.length < MAX_LISTED_ERRORS) out.errors.push(e);
    candidate({ rowNo: parsed.rowNo, input: parsed.input }, out.errorCount === 0);
  };
  for await (const r of sheetRows) take(r);
  progress(total, total);
  return out;
}

/** Rows between two progress reports of the check. */
const PROGRESS_ROWS = 1000;
/**
 * Candidates per chunk of the spool: the unit the main thread reads, registers and pauses after
 * (250: shorter runs between pauses than 1,000, at the same peak memory; docs/PERFORMANCE.md).
 */
export const ROSTER_CHUNK = 250;

/** A checked roster: what the check found and, when every row is clean, the spool of its candidates. */
export interface SpooledRoster extends RosterCheck {
  spool: SpoolRef | null;
}

/**
 * Checks a roster in a worker thread, writing its candidates to a spool (lib/spool.ts) a chunk
 * at a time while every row is clean, so neither thread ever holds the whole roster; a file with
 * any problem leaves no spool. Progress (rows read of the sheet's rows) goes to `port`.
 */
export async function checkRosterToSpool(
  file: Buffer,
  limits: RosterLimits,
  today: Date,
  dir: string,
  port?: MessagePort,
): Promise<SpooledRoster> {
  return checkToSpool<RosterCheck, ParsedRoster['candidates'][number]>(
    dir,
    ROSTER_CHUNK,
    port,
    // once a row is refused the file is refused: nothing more is spooled
    (keep, progress) =>
      scanRoster(
        file,
        limits,
        today,
        (c, clean) => {
          if (clean) keep(c);
        },
        progress,
      ),
    (check) => !check.errors.length && check.candidateCount > 0,
  );
}

/** `checkRosterToSpool` as a worker-thread task (lib/workers.ts): parsing and checking a roster never blocks the server. */
export const CHECK_ROSTER = workerTask<typeof checkRosterToSpool>(import.meta.url, 'checkRosterToSpool');
