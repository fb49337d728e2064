import { describe, expect, it } from 'vitest';
import { competitionLevel, processLevel, recognitionLevel, TIANJIN_RULES } from './pathways.rules.js';

describe('CERT-3: 1+X → skill level', () => {
  it('高级 and 中级 map to 三级, 初级 to 四级', () => {
    expect([recognitionLevel('senior'), recognitionLevel('intermediate'), recognitionLevel('junior')]).toEqual([
      3, 3, 4,
    ]);
  });
});
describe('CERT-4: process-based level by student type', () => {
  it.each([
    ['undergraduate', 3],
    ['junior_college', 3],
    ['secondary_vocational', 4],
    ['technical', null],
    [null, null],
  ] as const)('%s → %s', (t, l) => expect(processLevel(t)).toBe(l));
});
describe('CERT-5: competition awards', () => {
  it('city first-class contest: top 10 → 三级', () => {
    expect(competitionLevel(TIANJIN_RULES.city_first, 10, 200)).toBe(3);
    expect(competitionLevel(TIANJIN_RULES.city_first, 11, 200)).toBeNull();
  });
  it('school contest: top 30% → 四级', () => {
    expect(competitionLevel(TIANJIN_RULES.school, 30, 100)).toBe(4);
    expect(competitionLevel(TIANJIN_RULES.school, 31, 100)).toBeNull();
    expect(competitionLevel(TIANJIN_RULES.school, 3, 10)).toBe(4);
    expect(competitionLevel(TIANJIN_RULES.school, 4, 10)).toBeNull();
  });
  it('the best level of several rules wins', () => {
    expect(
      competitionLevel(
        [
          { maxRank: 3, level: 3 },
          { topPercent: 50, level: 4 },
        ],
        2,
        40,
      ),
    ).toBe(3);
    expect(
      competitionLevel(
        [
          { maxRank: 3, level: 3 },
          { topPercent: 50, level: 4 },
        ],
        5,
        40,
      ),
    ).toBe(4);
  });
});
