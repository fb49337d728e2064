/**
 * The trainee roster as an Excel workbook: the template to download, and reading an upload into
 * rows of cell text (the workbook itself is read by lib/workbook.ts, with the limits of every import).
 */
import ExcelJS from 'exceljs';
import { MAX_CLASS_SIZE } from '../../../../contract/limits.js';
import { AppError } from '../../lib/errors.js';
import { importSheetLimits, readFirstSheet, type ImportLimits, type SheetRow } from '../../lib/workbook.js';
import { workerTask } from '../../lib/workers.js';
import { findHeaderRow, HEADER_SCAN_ROWS, TRAINEE_COLUMNS, TRAINEE_EXAMPLE } from './trainee-roster.js';

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

/**
 * The first sheet's header row and data rows, each cut to the header's width, read as the roster
 * import reads its workbook (lib/workbook.ts): the zip held to its entry, size and ratio limits
 * before anything is inflated, the sheet's rows counted before it is parsed (`limits.maxRows`, the
 * limit of every import), rows streamed, none wider than `limits.maxColumns`. A list longer than
 * the class's free places (`freePlaces` data rows, the example row beside them) is refused as soon
 * as the count passes it (TRAIN-2). Runs in a worker thread (`READ_TRAINEES`).
 */
export async function readTraineeWorkbook(file: Buffer, limits: ImportLimits, freePlaces: number) {
  const sheet = readFirstSheet(file, importSheetLimits(limits, HEADER_SCAN_ROWS, TRAINEE_COLUMNS.length), () =>
    tooManyRows(limits.maxRows),
  );
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
  const rows: SheetRow[] = [];
  const take = (r: SheetRow) => {
    const cells = Array.from({ length: header.length }, (_, i) => r.cells[i] ?? '');
    if (cells.every((c) => !c)) return;
    rows.push({ rowNo: r.rowNo, cells });
    // the example row may stand beside a full class
    if (rows.length > freePlaces + 1)
      throw new AppError(
        'IMPORT_INVALID',
        `名单超过培训班剩余名额 ${freePlaces} 人（每班不超过 ${MAX_CLASS_SIZE} 人），未导入任何数据`,
        { rule: 'TRAIN-2' },
      );
  };
  try {
    for (let rowNo = headerRowNo + 1; rowNo <= HEADER_SCAN_ROWS; rowNo++)
      if (top[rowNo - 1].length) take({ rowNo, cells: top[rowNo - 1] });
    for (const r of later) take(r);
    if (!next.done) for await (const r of sheet) take(r);
  } finally {
    await sheet.return(undefined);
  }
  return { header, rows };
}

const tooManyRows = (max: number) =>
  new AppError('WORKBOOK_TOO_MANY_ROWS', `名单最多 ${max} 行，本文件超过该上限，未导入任何数据`);

/** `readTraineeWorkbook` as a worker-thread task (lib/workers.ts): the workbook is read off the request thread. */
export const READ_TRAINEES = workerTask<typeof readTraineeWorkbook>(import.meta.url, 'readTraineeWorkbook');
