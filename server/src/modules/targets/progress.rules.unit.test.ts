import { describe, expect, it } from 'vitest';
import { lastDayOfMonth, reportDueOn } from '../../../../contract/targets.js';
import {
  completion,
  distributionGap,
  expectedShare,
  forecastAtDeadline,
  monthsUpTo,
  standing,
} from './progress.rules.js';

describe('progress rules', () => {
  it('TGT-2: the straight line runs from 1 January to 30 November and stays at 100% after it', () => {
    expect(expectedShare(2026, '2026-01-01')).toBeCloseTo(1 / 334);
    expect(expectedShare(2026, '2026-11-30')).toBe(1);
    expect(expectedShare(2026, '2026-12-31')).toBe(1);
    expect(expectedShare(2028, '2028-11-30')).toBe(1); // a leap year has 335 days to the deadline
    expect(expectedShare(2026, '2025-12-31')).toBe(0);
  });
  it('TGT-2: the forecast carries the run rate to 30 November', () => {
    // 167 of 334 days gone, 400 done → 800 by the deadline
    expect(forecastAtDeadline(2026, '2026-06-16', 400)).toBe(800);
    expect(forecastAtDeadline(2026, '2026-12-15', 950)).toBe(950);
  });
  it('TGT-2: done, on track (on or above the line), at risk (below it: the run rate falls short)', () => {
    expect(standing(2026, '2026-06-16', 1000, 1000)).toBe('done');
    expect(standing(2026, '2026-06-16', 600, 1000)).toBe('on_track');
    expect(standing(2026, '2026-06-16', 498, 998)).toBe('at_risk');
    expect(standing(2026, '2026-06-16', 499, 998)).toBe('on_track'); // on the line: the run rate reaches it
    expect(standing(2026, '2026-11-30', 999, 1000)).toBe('at_risk');
    expect(standing(2026, '2026-06-16', 10, null)).toBe('no_target');
    expect(completion(1, 3)).toBe(33.3);
    expect(completion(1, 0)).toBeNull();
  });
  it('TGT-1: the children’s targets fall short of or exceed the parent’s', () => {
    expect(distributionGap(100, [40, 50, null])).toEqual({ sum: 90, gap: -10, state: 'short' });
    expect(distributionGap(100, [60, 50])).toEqual({ sum: 110, gap: 10, state: 'excess' });
    expect(distributionGap(100, [100])).toMatchObject({ state: 'even' });
    expect(distributionGap(null, [1])).toBeNull();
    expect(distributionGap(100, [null])).toBeNull();
  });
  it('TGT-3: months end on their last day in China time; a report is due on the 5th of the next month (SUP-3)', () => {
    expect(lastDayOfMonth('2026-02')).toBe('2026-02-28');
    expect(lastDayOfMonth('2028-02')).toBe('2028-02-29');
    expect(lastDayOfMonth('2026-10')).toBe('2026-10-31');
    expect(reportDueOn('2026-12')).toBe('2027-01-05');
    expect(monthsUpTo(2026, '2026-03-10').map((m) => m.end)).toEqual(['2026-01-31', '2026-02-28', '2026-03-10']);
    expect(monthsUpTo(2025, '2026-03-10')).toHaveLength(12);
  });
});
