import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
const isoDate = (d: Date) => d.toISOString().slice(0, 10);
import { graduatingClassOn, inGraduatingYear } from './school-year.js';

const DAY = 86_400_000;
/** The days from 1990-01-01 to 2100-12-31 as UTC midnights. */
const day = fc
  .integer({ min: Date.UTC(1990, 0, 1) / DAY, max: Date.UTC(2100, 11, 31) / DAY })
  .map((n) => new Date(n * DAY));
const graduationYear = fc.integer({ min: 1985, max: 2105 });

describe('毕业学年: the school year from 1 September to 31 August in which a class graduates (CERT-2, CERT-4)', () => {
  it('CERT-2 / CERT-4: on 2026-12-01 the class of 2027 is in its graduating year; 2026 and 2028 are not', () => {
    expect(inGraduatingYear(2027, '2026-12-01')).toBe(true);
    expect(inGraduatingYear(2028, '2026-12-01')).toBe(false);
    expect(inGraduatingYear(2026, '2026-12-01')).toBe(false);
    expect(graduatingClassOn('2026-12-01')).toBe(2027);
  });
  it('the school year starts on 1 September and ends on 31 August (both included)', () => {
    expect(inGraduatingYear(2027, '2026-08-31')).toBe(false);
    expect(inGraduatingYear(2027, '2026-09-01')).toBe(true);
    expect(inGraduatingYear(2027, '2027-08-31')).toBe(true);
    expect(inGraduatingYear(2027, '2027-09-01')).toBe(false);
    expect(inGraduatingYear(2028, '2028-02-29')).toBe(true);
  });
  it('property: in the graduating year exactly from G-1-09-01 to G-08-31', () => {
    fc.assert(
      fc.property(graduationYear, day, (g, d) => {
        const t = d.getTime();
        const expected = Date.UTC(g - 1, 8, 1) <= t && t <= Date.UTC(g, 7, 31);
        expect(inGraduatingYear(g, isoDate(d))).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
  it('property: on every date exactly one class is in its graduating year, the one graduatingClassOn names', () => {
    fc.assert(
      fc.property(day, (d) => {
        const on = isoDate(d);
        const y = d.getUTCFullYear();
        const inYear = [y - 2, y - 1, y, y + 1, y + 2].filter((g) => inGraduatingYear(g, on));
        expect(inYear).toEqual([graduatingClassOn(on)]);
      }),
      { numRuns: 1000 },
    );
  });
  it('property: the graduation months (June, July) of G fall in G’s graduating year, which is 365 or 366 days long', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1991, max: 2100 }), (g) => {
        expect(inGraduatingYear(g, `${g}-06-15`)).toBe(true);
        expect(inGraduatingYear(g, `${g}-07-31`)).toBe(true);
        let days = 0;
        for (let t = Date.UTC(g - 1, 6, 1); t <= Date.UTC(g, 9, 31); t += DAY)
          if (inGraduatingYear(g, isoDate(new Date(t)))) days++;
        expect([365, 366]).toContain(days);
      }),
      { numRuns: 50 },
    );
  });
  it('property: a Date gives the same answer as its business date', () => {
    fc.assert(
      fc.property(
        graduationYear,
        fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-12-31T23:59:59Z'), noInvalidDate: true }),
        (g, d) => {
          expect(inGraduatingYear(g, d)).toBe(inGraduatingYear(g, isoDate(d)));
          expect(graduatingClassOn(d)).toBe(graduatingClassOn(isoDate(d)));
        },
      ),
      { numRuns: 1000 },
    );
  });
  it('refuses a date that is not YYYY-MM-DD, and no fractional year is in its graduating year', () => {
    expect(() => inGraduatingYear(2027, '2026-12-1')).toThrow(TypeError);
    expect(inGraduatingYear(2026.5, '2026-12-01')).toBe(false);
  });
});
