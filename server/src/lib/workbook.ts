/**
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
