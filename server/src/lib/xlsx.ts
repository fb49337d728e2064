/**
 * One way to write a list as an Excel workbook: a bold, frozen header row with a filter, and
 * columns that hold codes and numbers people read as text (certificate numbers, masked ID
 * numbers, filing numbers) stored as text, so Excel never turns them into 4.1E+17 or drops a
 * leading zero. Business dates are date cells and a missing value is an empty cell, as in
 * lib/workbook.ts.
 */
import ExcelJS from 'exceljs';
import type { Lang } from './lang.js';
import { DATE_FORMAT, dateCell } from './workbook.js';

export interface SheetColumn<T> {
  /** the header in Chinese and in English */
  header: readonly [zh: string, en: string];
  width: number;
  /** stored as text (a code or a number that is not a quantity) */
  text?: boolean;
  /** a business date (yyyy-mm-dd) stored as a date cell, which a spreadsheet can sort and filter */
  date?: boolean;
  value: (row: T) => string | number | null | undefined;
}

export async function workbookOf<T>(
  sheet: readonly [zh: string, en: string],
  columns: readonly SheetColumn<T>[],
  rows: readonly T[],
  lang: Lang = 'zh',
): Promise<Buffer> {
  const i = lang === 'en' ? 1 : 0;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'skillcert';
  const ws = wb.addWorksheet(sheet[i]);
  ws.columns = columns.map((c, k) => ({
    header: c.header[i],
    key: String(k),
    width: c.width,
    ...(c.text ? { style: { numFmt: '@' } } : c.date ? { style: { numFmt: DATE_FORMAT } } : {}),
  }));
  for (const r of rows) {
    ws.addRow(
      columns.map((c) => {
        const v = c.value(r);
        if (v === null || v === undefined || v === '') return null;
        if (c.date) return dateCell(String(v));
        return c.text ? String(v) : v;
      }),
    );
  }
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  if (columns.length) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
