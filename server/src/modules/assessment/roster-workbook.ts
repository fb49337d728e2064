/**
 * The roster as an Excel workbook: the downloadable template, and reading an uploaded file into
 * rows of cell text for the roster parser (exceljs stays in this file).
 */
import ExcelJS from 'exceljs';
import { AppError } from '../../lib/errors.js';
import {
  EXTRA_COLUMNS,
  findHeaderRow,
  HEADER_SCAN_ROWS,
  ROSTER_COLUMNS,
  ROSTER_EXAMPLE,
  type RosterRow,
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

/** A cell as the text the user sees: hyperlinks and rich text by their text, formulas by their result. */
const cellText = (v: ExcelJS.CellValue): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'text' in v) return String(v.text).trim();
  if (typeof v === 'object' && 'result' in v) return String(v.result ?? '').trim();
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v).trim();
};

/**
 * The first sheet as its header row and its non-empty data rows, each cut to the header's width.
 * The header row is the first of the top rows that names the required columns (`findHeaderRow`),
 * so a title row or a merged title above it is passed over; failing that, row 1.
 */
export async function readRosterWorkbook(file: Buffer): Promise<{ header: string[]; rows: RosterRow[] }> {
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
  const width = header.length;
  const rows: RosterRow[] = [];
  ws.eachRow((row, rowNo) => {
    if (rowNo <= headerRowNo) return;
    rows.push({ rowNo, cells: Array.from({ length: width }, (_, i) => cellText(row.getCell(i + 1).value)) });
  });
  return { header, rows };
}
