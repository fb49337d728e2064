import { describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkday, packageKnowsYear } from './workdays.js';

describe('working days on the official calendar', () => {
  it('skips the National Day holiday and counts the adjusted working Saturday (2026)', () => {
    expect(isWorkday('2026-10-01')).toBe(false);
    expect(isWorkday('2026-10-10')).toBe(true); // 调休 working Saturday
    // published on Wednesday 30 September: five working days skip 1–7 October
    expect(addWorkingDays('2026-09-30', 5).date).toBe('2026-10-13');
  });
  it('counts plain weeks as five working days', () => {
    expect(addWorkingDays('2026-11-16', 5)).toEqual({ date: '2026-11-23', unknownYears: [] });
  });
  it('says so when the package does not know a year yet, and honours administrator overrides', () => {
    expect(packageKnowsYear(2026)).toBe(true);
    const r = addWorkingDays('2027-09-29', 5);
    expect(r.unknownYears).toEqual([2027]);
    const overrides = new Map([
      ['2027-10-01', false],
      ['2027-10-04', false],
      ['2027-10-05', false],
    ]);
    const o = addWorkingDays('2027-09-29', 5, overrides);
    expect(o.unknownYears).toEqual([]);
    expect(o.date).toBe('2027-10-11');
  });
});
