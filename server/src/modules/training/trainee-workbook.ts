/**
 * The trainee roster as an Excel workbook: the template to download, and reading and checking an
 * upload row by row in a worker thread (the workbook itself is read by lib/workbook.ts, with the
 * limits of every import).
 */
import ExcelJS from 'exceljs';
import { MAX_CLASS_SIZE } from '../../../../contract/limits.js';
import { AppError } from '../../lib/errors.js';
import type { MessagePort } from 'node:worker_threads';
import type { FieldError } from '../../../../contract/errors.js';
import { checkToSpool, type Spooled } from '../../lib/spool.js';
import { importSheetLimits, readFirstSheet, sheetBelowHeader, type ImportLimits } from '../../lib/workbook.js';
import { workerTask } from '../../lib/workers.js';
import {
  findHeaderRow,
  HEADER_SCAN_ROWS,
  TRAINEE_COLUMNS,
  TRAINEE_EXAMPLE,
  traineeParser,
  type ParsedTrainee,
} from './trainee-roster.js';

export async function traineeTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('学员名单');
  ws.columns = TRAINEE_COLUMNS.map((c) => ({
    header: c.header,
    key: c.key,
    width: Math.max(12, c.header.length * 3),
    style: { numFmt: '@' },
  }));
  ws.getRow(1).font = { bold: true };
  const example = ws.addRow(TRAINEE_EXAMPLE);
  example.font = { italic: true, color: { argb: 'FF808080' } };
  example.getCell('name').note = '示例行：导入时按证件号码识别并跳过，可删除或直接改写为学员信息';
  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '列', width: 18 },
    { header: '说明', width: 90 },
  ];
  for (const c of TRAINEE_COLUMNS) help.addRow([c.header, c.note]);
  help.addRow(['', `第 2 行（${TRAINEE_EXAMPLE.name}）是示例：导入时跳过并在结果中说明。`]);
  help.addRow(['', `每班不超过 ${MAX_CLASS_SIZE} 人（TRAIN-2），名单人数不得超过培训班的剩余名额。`]);
  help.addRow(['', '整份名单校验通过后才会导入；有任何错误时不会导入任何一行，并列出行号和列名。']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Trainee rows listed with their problems in a refusal (the count names them all). */
export const MAX_LISTED_TRAINEE_ERRORS = 500;
/** Trainees per chunk of the spool. */
export const TRAINEE_CHUNK = 1000;
/** Rows between two progress reports of the check. */
const PROGRESS_ROWS = 1000;

/** What checking a trainee roster found, apart from its trainees (which go to the spool). */
export interface TraineeCheck {
  /** trainee rows (the template's example row not counted) */
  traineeCount: number;
  /** the first problems, by row and column */
  errors: FieldError[];
  /** every problem */
  errorCount: number;
  notes: FieldError[];
}

/**
 * Reads and checks an uploaded trainee roster as a stream, as the exam roster is read
 * (assessment/roster-workbook.ts): the zip held to its entry, size and ratio limits before
 * anything is inflated, the sheet's rows counted before it is parsed (`limits.maxRows`, the limit
 * of every import), the header found among the top rows, rows streamed, none wider than
 * `limits.maxColumns`, and every data row checked as it is read and handed to `keep` while the
 * file is clean. A list longer than the class's free places (`freePlaces` data rows, the example
 * row beside them) is refused as soon as the count passes it (TRAIN-2). Post occupations are
 * looked up in `occupations` (code or name → id, the active catalogue read by the caller).
 */
export async function scanTrainees(
  file: Buffer,
  limits: ImportLimits,
  freePlaces: number,
  today: Date,
  occupations: [string, number][],
  keep: (t: ParsedTrainee) => void,
  progress: (done: number, total: number) => void = () => {},
): Promise<TraineeCheck> {
  let total = 0;
  const { header, rows } = await sheetBelowHeader(
    readFirstSheet(
      file,
      importSheetLimits(limits, HEADER_SCAN_ROWS, TRAINEE_COLUMNS.length),
      () => tooManyRows(limits.maxRows),
      (n) => (total = n),
    ),
    HEADER_SCAN_ROWS,
    findHeaderRow,
  );
  const byKey = new Map(occupations);
  const occupation = (text: string) => {
    const id = byKey.get(text.replace(/\s+/g, ''));
    return id === undefined ? null : { id };
  };
  const parser = traineeParser(header, today, occupation);
  const out: TraineeCheck = { traineeCount: 0, errors: [], errorCount: 0, notes: [] };
  let read = 0;
  for await (const r of rows) {
    if (r.rowNo % PROGRESS_ROWS === 0) progress(r.rowNo, total);
    const parsed = parser.row(
      r.rowNo,
      Array.from({ length: header.length }, (_, i) => r.cells[i] ?? ''),
    );
    if (!parsed) continue;
    // the example row may stand beside a full class
    if (++read > freePlaces + 1)
      throw new AppError(
        'IMPORT_INVALID',
        `名单超过培训班剩余名额 ${freePlaces} 人（每班不超过 ${MAX_CLASS_SIZE} 人），未导入任何数据`,
        { rule: 'TRAIN-2' },
      );
    out.notes.push(...parsed.notes);
    if (!parsed.trainee) continue;
    out.traineeCount++;
    out.errorCount += parsed.errors.length;
    // every problem is counted; the answer lists the first ones
    for (const e of parsed.errors) if (out.errors.length < MAX_LISTED_TRAINEE_ERRORS) out.errors.push(e);
    if (!out.errorCount) keep(parsed.trainee);
  }
  progress(total, total);
  return out;
}

const tooManyRows = (max: number) =>
  new AppError('WORKBOOK_TOO_MANY_ROWS', `名单最多 ${max} 行，本文件超过该上限，未导入任何数据`);

/**
 * Checks a trainee roster in a worker thread, writing its trainees to a sealed spool
 * (lib/spool.ts) a chunk at a time while every row is clean; a file with any problem leaves no
 * spool. Progress (rows read of the sheet's rows) goes to `port`.
 */
export function checkTraineesToSpool(
  file: Buffer,
  limits: ImportLimits,
  freePlaces: number,
  today: Date,
  occupations: [string, number][],
  dir: string,
  port?: MessagePort,
): Promise<Spooled<TraineeCheck>> {
  return checkToSpool<TraineeCheck, ParsedTrainee>(
    dir,
    TRAINEE_CHUNK,
    port,
    (keep, progress) => scanTrainees(file, limits, freePlaces, today, occupations, keep, progress),
    (check) => !check.errorCount && check.traineeCount > 0,
  );
}

/** `checkTraineesToSpool` as a worker-thread task (lib/workers.ts): the workbook is read and checked off the request thread. */
export const CHECK_TRAINEES = workerTask<typeof checkTraineesToSpool>(import.meta.url, 'checkTraineesToSpool');
