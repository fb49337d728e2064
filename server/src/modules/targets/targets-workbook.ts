/**
 * The targets as an Excel workbook (TGT-1): the sheet to fill in and import (one row per unit,
 * one column per metric, keyed by the unit code), with the progress beside it on export; and
 * reading an uploaded sheet back into rows. exceljs stays in this file.
 */
import ExcelJS from 'exceljs';
import { METRICS, TARGET_METRICS, type MetricKey } from '../../../../contract/targets.js';
import { AppError } from '../../lib/errors.js';

interface ViewLike {
  year: number;
  asOf: string;
  unit: Line;
  children: Line[];
  mayEditSelf: boolean;
}
interface Line {
  unit: string;
  name: string;
  level: string;
  figures: Record<MetricKey, { actual: number | null; target: number | null; completion: number | null }>;
}

const LEVEL = { province: '省', city: '市', county: '县（市、区）', school: '院校/机构' } as Record<string, string>;
export const CODE_HEADER = '单位代码';
const targetHeader = (m: MetricKey) => `${METRICS[m].label}（${METRICS[m].unit}）`;

export async function targetsWorkbook(v: ViewLike): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('年度任务');
  const cols = 3 + TARGET_METRICS.length * 3;
  ws.mergeCells(1, 1, 1, cols);
  ws.getCell(1, 1).value = `${v.unit.name} ${v.year} 年度培训取证任务分解表`;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.getCell(1, 1).alignment = { horizontal: 'center' };
  ws.mergeCells(2, 1, 2, cols);
  ws.getCell(2, 1).value =
    `完成情况统计至 ${v.asOf}（北京时间）；任务须于 ${v.year} 年 11 月 30 日前完成（TGT-2）。` +
    '填写“任务”列后导入；空白单元格表示不修改，“完成”“完成率”列仅供参考，导入时忽略。';
  const header = [CODE_HEADER, '单位名称', '层级'];
  for (const m of TARGET_METRICS)
    header.push(`${targetHeader(m)}任务`, `${METRICS[m].label}完成`, `${METRICS[m].label}完成率(%)`);
  const h = ws.getRow(3);
  h.values = header;
  h.font = { bold: true };
  h.alignment = { wrapText: true, vertical: 'middle' };
  ws.getColumn(1).width = 12;
  ws.getColumn(2).width = 30;
  for (let c = 3; c <= cols; c++) ws.getColumn(c).width = 12;
  const rows = [{ ...v.unit, name: `${v.unit.name}（本级）` }, ...v.children];
  for (const line of rows) {
    const values: (string | number | null)[] = [line.unit, line.name, LEVEL[line.level] ?? line.level];
    for (const m of TARGET_METRICS) {
      const f = line.figures[m];
      values.push(f.target, f.actual, f.completion);
    }
    ws.addRow(values);
  }
  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '项目', width: 24 },
    { header: '说明', width: 90 },
  ];
  help.addRow([CODE_HEADER, 'R+6 位行政区划代码（如 R410100 郑州市）或 I+机构编号；请勿修改']);
  for (const m of TARGET_METRICS) help.addRow([targetHeader(m), METRICS[m].note]);
  help.addRow(['', '整张表校验通过后才会导入；有任何错误时不导入任何一行，并列出行号。']);
  help.addRow(['', '上级下达的本单位任务不能在此修改（“本级”行仅省级可填写本省任务）。']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const cellText = (v: ExcelJS.CellValue): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'result' in v) return String(v.result ?? '').trim();
  if (typeof v === 'object' && 'text' in v) return String(v.text).trim();
  return String(v).trim();
};

export interface TargetRow {
  rowNo: number;
  unit: string;
  values: { metric: MetricKey; value: number | null; text: string }[];
}

/** The rows of an uploaded targets sheet: the header row is the one that starts with 单位代码. */
export async function readTargetRows(file: Buffer): Promise<TargetRow[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw new AppError('IMPORT_INVALID', '无法读取文件：请上传由任务表模板填写的 .xlsx 文件', { rule: 'TGT-1' });
  }
  const ws = wb.worksheets[0];
  let headerRow = 0;
  const columns = new Map<MetricKey, number>();
  for (let r = 1; r <= Math.min(10, ws?.rowCount ?? 0); r++) {
    if (cellText(ws.getRow(r).getCell(1).value) !== CODE_HEADER) continue;
    headerRow = r;
    ws.getRow(r).eachCell((cell, col) => {
      const t = cellText(cell.value);
      for (const m of TARGET_METRICS) if (t === `${targetHeader(m)}任务`) columns.set(m, col);
    });
    break;
  }
  if (!headerRow || !columns.size)
    throw new AppError('IMPORT_INVALID', `找不到表头：第一列应为“${CODE_HEADER}”，并有“…任务”列`, { rule: 'TGT-1' });
  const out: TargetRow[] = [];
  ws.eachRow((row, rowNo) => {
    if (rowNo <= headerRow) return;
    const unit = cellText(row.getCell(1).value);
    if (!unit) return;
    out.push({
      rowNo,
      unit,
      values: [...columns].map(([metric, col]) => {
        const text = cellText(row.getCell(col).value).replace(/[,，\s]/g, '');
        return { metric, text, value: text === '' ? null : Number(text) };
      }),
    });
  });
  return out;
}
