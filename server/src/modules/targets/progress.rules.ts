/**
 * Pure rules of progress against a yearly target: the straight line to the deadline (TGT-2), the
 * year-end forecast from the run rate, and what puts a unit at risk. Dates are business dates
 * (`YYYY-MM-DD`, China Standard Time); no clock is read here.
 */
import { deadlineOf } from '../../../../contract/targets.js';
import { daysBetween } from '../../lib/dates.js';

/** How much of the year's task the straight line from 1 January to 30 November expects done by `day` (0…1). */
export function expectedShare(year: number, day: string): number {
  const total = daysBetween(`${year}-01-01`, deadlineOf(year)) + 1;
  const elapsed = daysBetween(`${year}-01-01`, day) + 1;
  if (elapsed <= 0) return 0;
  return Math.min(1, elapsed / total);
}

/** The count on the deadline if the run rate so far goes on: actual ÷ days elapsed × days to 30 November. */
export function forecastAtDeadline(year: number, day: string, actual: number): number {
  const share = expectedShare(year, day);
  if (share <= 0) return 0;
  if (share >= 1) return actual;
  return Math.round(actual / share);
}

/** Percent with one decimal (null without a target). */
export const completion = (actual: number, target: number | null): number | null =>
  target && target > 0 ? Math.round((actual / target) * 1000) / 10 : null;

export type Standing = 'done' | 'on_track' | 'at_risk' | 'no_target';

/**
 * Where a flow figure stands on `day`: done (target reached), on track (at or above the straight
 * line), at risk (below it — which is the same as: the run rate so far does not reach the target
 * by 30 November).
 */
export function standing(year: number, day: string, actual: number, target: number | null): Standing {
  if (!target || target <= 0) return 'no_target';
  if (actual >= target) return 'done';
  return forecastAtDeadline(year, day, actual) < target ? 'at_risk' : 'on_track';
}

/** A stock or a rate (filed institutions, coverage) has no run rate: reached, or not yet. */
export function levelStanding(value: number | null, target: number | null): Standing {
  if (!target || target <= 0) return 'no_target';
  if (value === null) return 'at_risk';
  return value >= target ? 'done' : 'at_risk';
}

/** The months of a year up to `day`'s month (`YYYY-MM`), with their last day, capped at `day`. */
export function monthsUpTo(year: number, day: string): { month: string; end: string }[] {
  const out: { month: string; end: string }[] = [];
  const lastMonth = day.startsWith(String(year)) ? Number(day.slice(5, 7)) : day < `${year}` ? 0 : 12;
  for (let m = 1; m <= lastMonth; m++) {
    const month = `${year}-${String(m).padStart(2, '0')}`;
    const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
    const end = `${month}-${String(last).padStart(2, '0')}`;
    out.push({ month, end: end < day ? end : day });
  }
  return out;
}

/**
 * How a parent's target compares with the sum its children were given (TGT-1): a shortfall when
 * the children's targets add up to less than the parent's, an excess when more; none when the
 * parent has no target or no child was given one.
 */
export function distributionGap(parent: number | null, children: (number | null)[]) {
  const given = children.filter((c): c is number => c !== null);
  if (parent === null || !given.length) return null;
  const sum = given.reduce((a, b) => a + b, 0);
  return { sum, gap: sum - parent, state: sum < parent ? 'short' : sum > parent ? 'excess' : 'even' } as const;
}
