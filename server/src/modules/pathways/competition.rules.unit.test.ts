/** CERT-5: the places an award rule covers, the province's cap per contest tier, and the 中职 cap (CERT-2) on an award. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  capPlaces,
  capText,
  levelWithinSecondaryVocationalCap,
  malformedRules,
  placesCovered,
  placesOf,
  rulesOverCap,
  type TierCapRule,
} from './competition.rules.js';
import { competitionLevel } from './pathways.rules.js';

const SCHOOL: TierCapRule = { maxRank: null, maxPercent: 30, maxLevel: 4 };
const CITY_FIRST: TierCapRule = { maxRank: 10, maxPercent: null, maxLevel: 3 };

describe('CERT-5: award rules against the tier cap', () => {
  it("CERT-5: the school rule 'top 100% → 三级' for 20 entrants exceeds the school cap (top 30% → 四级) by level and by places", () => {
    const over = rulesOverCap([{ topPercent: 100, level: 3 }], 20, SCHOOL);
    expect(over).toHaveLength(1);
    expect(over[0].message).toContain('三级高于本级别竞赛最高可认定的四级');
    expect(over[0].message).toContain('覆盖前 20 名，超过上限允许的前 6 名');
  });
  it('CERT-5: practice rules are within their caps; one place more, or one level higher, is not', () => {
    expect(rulesOverCap([{ maxRank: 10, level: 3 }], 200, CITY_FIRST)).toEqual([]);
    expect(rulesOverCap([{ topPercent: 30, level: 4 }], 100, SCHOOL)).toEqual([]);
    expect(rulesOverCap([{ maxRank: 11, level: 3 }], 200, CITY_FIRST)).toHaveLength(1);
    expect(rulesOverCap([{ maxRank: 10, level: 2 }], 200, CITY_FIRST)).toHaveLength(1);
    expect(rulesOverCap([{ topPercent: 31, level: 4 }], 100, SCHOOL)).toHaveLength(1);
    // a rank cut-off under a share cap: 7 places of 20 is more than 30% (6)
    expect(rulesOverCap([{ maxRank: 7, level: 4 }], 20, SCHOOL)).toHaveLength(1);
    expect(rulesOverCap([{ maxRank: 6, level: 5 }], 20, SCHOOL)).toEqual([]);
  });
  it('CERT-5: a cap with both limits applies both', () => {
    const both: TierCapRule = { maxRank: 10, maxPercent: 30, maxLevel: 3 };
    expect(capPlaces(both, 20)).toBe(6);
    expect(capPlaces(both, 100)).toBe(10);
    expect(capText(both)).toBe('前 10 名且不超过前 30% → 三级');
  });
  it('places: a rank cut-off or a share rounded down, never more than the entrants', () => {
    expect(placesOf({ maxRank: 10, level: 3 }, 5)).toBe(5);
    expect(placesOf({ topPercent: 30, level: 4 }, 10)).toBe(3);
    expect(placesOf({ topPercent: 30, level: 4 }, 3)).toBe(0);
    expect(
      placesCovered(
        [
          { maxRank: 3, level: 3 },
          { topPercent: 50, level: 4 },
        ],
        40,
      ),
    ).toBe(20);
  });
  it('a rule names exactly one of a rank cut-off and a share', () => {
    expect(malformedRules([{ maxRank: 3, level: 3 }, { level: 4 }, { maxRank: 1, topPercent: 5, level: 4 }])).toEqual([
      1, 2,
    ]);
  });
  it('CERT-5 (property): under rules within the cap, no rank beyond the cap’s places and no level above its highest is ever granted', () => {
    const rule = fc.oneof(
      fc.record({ maxRank: fc.integer({ min: 1, max: 300 }), level: fc.integer({ min: 1, max: 5 }) }),
      fc.record({ topPercent: fc.integer({ min: 1, max: 100 }), level: fc.integer({ min: 1, max: 5 }) }),
    );
    const cap = fc.record({
      maxRank: fc.option(fc.integer({ min: 1, max: 50 }), { nil: null }),
      maxPercent: fc.option(fc.integer({ min: 1, max: 100 }), { nil: null }),
      maxLevel: fc.integer({ min: 1, max: 5 }),
    });
    fc.assert(
      fc.property(
        fc.array(rule, { minLength: 1, maxLength: 4 }),
        cap,
        fc.integer({ min: 1, max: 300 }),
        (rules, c, n) => {
          fc.pre(rulesOverCap(rules, n, c).length === 0);
          for (let rank = 1; rank <= n; rank++) {
            const level = competitionLevel(rules, rank, n);
            if (level === null) continue;
            expect(level).toBeGreaterThanOrEqual(c.maxLevel);
            expect(rank).toBeLessThanOrEqual(capPlaces(c, n));
          }
        },
      ),
    );
  });
});

describe('CERT-2 on a competition award: the 中职 cap', () => {
  const on = new Date('2026-12-01T00:00:00Z'); // the class of 2027 is in its graduating year
  const zz = (graduationYear: number) => ({ studentType: 'secondary_vocational', graduationYear, graduated: false });
  it('CERT-2: a 中职 student gets at most 四级; an outstanding one in the graduating year 三级; 二级 is lowered to 三级 or 四级', () => {
    expect(levelWithinSecondaryVocationalCap(3, zz(2028), false, on)).toMatchObject({ level: 4 });
    expect(levelWithinSecondaryVocationalCap(3, zz(2027), false, on)).toMatchObject({ level: 4 });
    expect(levelWithinSecondaryVocationalCap(3, zz(2027), true, on)).toEqual({ level: 3, capped: null });
    expect(levelWithinSecondaryVocationalCap(2, zz(2027), true, on).level).toBe(3);
    expect(levelWithinSecondaryVocationalCap(2, zz(2028), true, on).level).toBe(4);
    expect(levelWithinSecondaryVocationalCap(4, zz(2028), false, on)).toEqual({ level: 4, capped: null });
    expect(levelWithinSecondaryVocationalCap(3, zz(2028), false, on).capped).toContain('中职学生最高认定四级');
  });
  it('CERT-2: the cap binds only 中职 students: a 专科 student or a teacher keeps the rule’s level', () => {
    const college = { studentType: 'junior_college', graduationYear: 2027, graduated: false };
    expect(levelWithinSecondaryVocationalCap(3, college, false, on)).toEqual({ level: 3, capped: null });
    const teacher = { studentType: null, graduationYear: null, graduated: true };
    expect(levelWithinSecondaryVocationalCap(2, teacher, false, on)).toEqual({ level: 2, capped: null });
  });
});
