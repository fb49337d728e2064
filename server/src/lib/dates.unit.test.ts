import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import {
  addDays,
  assertTimeZone,
  businessDate,
  businessDay,
  businessMonth,
  businessYear,
  daysBetween,
  weekday,
} from './dates.js';

const CST = 'Asia/Shanghai';
/** China Standard Time is UTC+8 all year (no daylight saving since 1991). */
const plus8 = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

describe('time zone: business dates are dates in China Standard Time', () => {
  it('time zone: 07:30 Beijing time on 1 January 2027 (2026-12-31T23:30Z) is 2027-01-01, year 2027, month 1', () => {
    const t = new Date('2026-12-31T23:30:00Z');
    expect(businessDate(t, CST)).toBe('2027-01-01');
    expect(businessYear(t, CST)).toBe(2027);
    expect(businessMonth(t, CST)).toBe(1);
    expect(businessDay(t, CST).toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('time zone: the day turns at 16:00Z, not at 00:00Z', () => {
    expect(businessDate(new Date('2026-11-30T15:59:59.999Z'), CST)).toBe('2026-11-30');
    expect(businessDate(new Date('2026-11-30T16:00:00Z'), CST)).toBe('2026-12-01');
    expect(businessMonth(new Date('2026-11-30T23:00:00Z'), CST)).toBe(12);
    // the same instants in other zones: the answer follows the zone asked for, never the process's
    expect(businessDate(new Date('2026-12-31T23:30:00Z'), 'UTC')).toBe('2026-12-31');
    expect(businessDate(new Date('2027-01-01T03:00:00Z'), 'America/New_York')).toBe('2026-12-31');
    expect(businessDate(new Date('2026-07-01T03:59:00Z'), 'America/New_York')).toBe('2026-06-30'); // daylight time
    expect(businessDate(new Date('2026-07-01T04:00:00Z'), 'America/New_York')).toBe('2026-07-01');
  });

  it('time zone: businessDate for Asia/Shanghai agrees with a fixed +08:00 offset over random instants', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1995-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
        (d) => {
          const expected = plus8(d);
          expect(businessDate(d, CST)).toBe(expected);
          expect(businessYear(d, CST)).toBe(Number(expected.slice(0, 4)));
          expect(businessMonth(d, CST)).toBe(Number(expected.slice(5, 7)));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('time zone: the answers do not depend on the process time zone', () => {
    // whatever TZ this process runs with (these also hold under TZ=UTC and TZ=America/New_York)
    const offset = new Date('2026-12-31T23:30:00Z').getTimezoneOffset();
    expect(typeof offset).toBe('number');
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2090, 0, 1) }), (ms) => {
        const d = new Date(ms);
        expect(businessDate(d, CST)).toBe(plus8(d));
        expect(businessDate(d, 'UTC')).toBe(d.toISOString().slice(0, 10));
      }),
    );
  });

  it('time zone: calendar arithmetic on dates', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(daysBetween('2026-11-21', '2026-12-31')).toBe(40);
    expect(weekday('2026-12-06')).toBe(0); // a Sunday
  });

  it('time zone: BUSINESS_TIME_ZONE defaults to Asia/Shanghai and is checked at start', () => {
    expect(loadConfig({}).businessTimeZone).toBe('Asia/Shanghai');
    expect(loadConfig({ BUSINESS_TIME_ZONE: 'Asia/Urumqi' }).businessTimeZone).toBe('Asia/Urumqi');
    expect(() => loadConfig({ BUSINESS_TIME_ZONE: 'Beijing' })).toThrow(/BUSINESS_TIME_ZONE/);
    expect(() => assertTimeZone('+08:00x')).toThrow();
  });
});
