/**
 * Working days on the official Chinese calendar (holidays and adjusted working weekends, 调休)
 * from the maintained `chinese-days` package, with administrator overrides for years the package
 * does not know yet (the State Council publishes a year's calendar late in the year before).
 */
import { createRequire } from 'node:module';
import { addDays } from './dates.js';

const require = createRequire(import.meta.url);
const cd = require('chinese-days') as {
  isWorkday(d: string): boolean;
  getHolidaysInRange(a: string, b: string, includeWeekends: boolean): string[];
};

/** date → is it a working day, as corrected by an administrator */
export type CalendarOverrides = Map<string, boolean>;

const known = new Map<number, boolean>();
/** Whether the package carries the holiday calendar of a year. */
export function packageKnowsYear(year: number): boolean {
  if (!known.has(year)) known.set(year, cd.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0);
  return known.get(year)!;
}

export function isWorkday(date: string, overrides: CalendarOverrides = new Map()): boolean {
  const o = overrides.get(date);
  if (o !== undefined) return o;
  return cd.isWorkday(date);
}

export interface WorkdayResult {
  date: string;
  /** years crossed for which neither the package nor an administrator supplied the calendar */
  unknownYears: number[];
}

/**
 * The date `n` (≥ 1) working days after `start` (a `YYYY-MM-DD` business date; the start day itself
 * not counted). The answer is always a working day.
 */
export function addWorkingDays(start: string, n: number, overrides: CalendarOverrides = new Map()): WorkdayResult {
  if (!Number.isInteger(n) || n < 1) throw new Error(`working days must be a positive whole number: ${n}`);
  let day = start;
  const unknown = new Set<number>();
  let left = n;
  while (left > 0) {
    day = addDays(day, 1);
    const y = Number(day.slice(0, 4));
    if (!packageKnowsYear(y) && ![...overrides.keys()].some((k) => k.startsWith(`${y}-`))) unknown.add(y);
    if (isWorkday(day, overrides)) left--;
  }
  return { date: day, unknownYears: [...unknown] };
}
