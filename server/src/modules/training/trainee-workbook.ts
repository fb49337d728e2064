/** The trainee roster as an Excel workbook: the template to download, and reading an upload into rows of cell text (exceljs stays here). */
import ExcelJS from 'exceljs';
import { MAX_CLASS_SIZE } from '../../../../contract/limits.js';
import { AppError } from '../../lib/errors.js';
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

const cellText = (v: ExcelJS.CellValue): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'text' in v) return String(v.text).trim();
  if (typeof v === 'object' && 'result' in v) return String(v.result ?? '').trim();
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v).trim();
};

/**
 * The first sheet's header row and data rows, each cut to the header's width. A roster longer than
 * `maxRows` data rows is refused before its rows are read (a class holds at most 80).
 */
export async function readTraineeWorkbook(file: Buffer, maxRows: number) {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw new AppError('IMPORT_INVALID', '无法读取文件：请上传由模板填写的 .xlsx 文件');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new AppError('IMPORT_INVALID', '文件中没有工作表');
  const texts = (rowNo: number) => {
    const values = (ws.findRow(rowNo)?.values ?? []) as ExcelJS.CellValue[];
    return Array.from({ length: Math.max(0, values.length - 1) }, (_, i) => cellText(values[i + 1]));
  };
  const top = Array.from({ length: HEADER_SCAN_ROWS }, (_, i) => texts(i + 1));
  const headerRowNo = Math.max(0, findHeaderRow(top)) + 1;
  const header = top[headerRowNo - 1];
  const rows: { rowNo: number; cells: string[] }[] = [];
  let tooMany = false;
  ws.eachRow((row, rowNo) => {
    if (rowNo <= headerRowNo || tooMany) return;
    const cells = Array.from({ length: header.length }, (_, i) => cellText(row.getCell(i + 1).value));
    if (cells.every((c) => !c)) return;
    rows.push({ rowNo, cells });
    // the example row may stand beside a full class
    if (rows.length > maxRows + 1) tooMany = true;
  });
  if (tooMany)
    throw new AppError(
      'IMPORT_INVALID',
      `名单超过培训班剩余名额 ${maxRows} 人（每班不超过 ${MAX_CLASS_SIZE} 人），未导入任何数据`,
      {
        rule: 'TRAIN-2',
      },
    );
  return { header, rows };
}
