/**
 * 毕业学年 (the graduating school year, CERT-2 and CERT-4): a Chinese school year runs from
 * 1 September to 31 August, and a class graduates in June or July at its end. So on 2026-12-01
 * the students graduating in summer 2027 are in their graduating year, and those graduating in
 * 2026 or 2028 are not. The date is the business date the caller uses for "today" (a
 * `YYYY-MM-DD` string, or a business day as `lib/dates.ts` `businessDay` gives it: UTC midnight).
 */

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const year4 = (y: number) => String(y).padStart(4, '0');

function businessDate(onDate: string | Date): string {
  const d = typeof onDate === 'string' ? onDate : onDate.toISOString().slice(0, 10);
  if (!ISO_DATE.test(d)) throw new TypeError(`not a YYYY-MM-DD date: ${d}`);
  return d;
}

/** Whether students graduating in `graduationYear` are in their graduating school year on `onDate`. */
export function inGraduatingYear(graduationYear: number, onDate: string | Date): boolean {
  if (!Number.isInteger(graduationYear)) return false;
  const d = businessDate(onDate);
  return `${year4(graduationYear - 1)}-09-01` <= d && d <= `${year4(graduationYear)}-08-31`;
}

/** The graduation year of the class that is in its graduating school year on `onDate`. */
export function graduatingClassOn(onDate: string | Date): number {
  const d = businessDate(onDate);
  const year = Number(d.slice(0, 4));
  return d.slice(5) >= '09-01' ? year + 1 : year;
}
