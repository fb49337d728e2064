import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  competitionLevel,
  graduateOrGraduatingYear,
  judgeResults,
  processLevel,
  recognitionLevel,
  TIANJIN_RULES,
} from './pathways.rules.js';

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
describe('CERT-4: 毕业生或毕业学年学生', () => {
  it('CERT-4: on 2026-12-01 a student graduating in 2027 is in the graduating year; 2028 is not', () => {
    expect(graduateOrGraduatingYear(2027, true, '2026-12-01')).toBe(true);
    expect(graduateOrGraduatingYear(2028, true, '2026-12-01')).toBe(false);
  });
  it('a graduate (out of school after the graduating year) qualifies; a student still in school after it does not', () => {
    expect(graduateOrGraduatingYear(2026, false, '2026-12-01')).toBe(true);
    expect(graduateOrGraduatingYear(2003, false, '2026-12-01')).toBe(true);
    expect(graduateOrGraduatingYear(2026, true, '2026-12-01')).toBe(false);
    expect(graduateOrGraduatingYear(null, false, '2026-12-01')).toBe(false);
    // out of school before the graduating year is no graduate
    expect(graduateOrGraduatingYear(2028, false, '2026-12-01')).toBe(false);
  });
  it('property: in school, exactly the school year from 1 September before graduation to 31 August after', () => {
    const DAY = 86_400_000;
    fc.assert(
      fc.property(
        fc.integer({ min: 2000, max: 2100 }),
        fc.integer({ min: Date.UTC(2000, 0, 1) / DAY, max: Date.UTC(2099, 11, 31) / DAY }),
        (g, n) => {
          const t = n * DAY;
          const on = new Date(t).toISOString().slice(0, 10);
          expect(graduateOrGraduatingYear(g, true, on)).toBe(Date.UTC(g - 1, 8, 1) <= t && t <= Date.UTC(g, 7, 31));
          expect(graduateOrGraduatingYear(g, false, on)).toBe(Date.UTC(g - 1, 8, 1) <= t);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
describe('CERT-4: pass or fail from the score and the pass mark, never from the sender', () => {
  it('CERT-4: scores 12 and 20 sent as passed contradict a pass mark of 60', () => {
    const r = judgeResults(
      [
        { name: '电工基础', score: 12, passed: true },
        { name: '电气控制', score: 75, passed: true },
        { name: '技能考核', score: 20, passed: true },
      ],
      60,
    );
    expect(r.failed).toEqual(['电工基础', '技能考核']);
    expect(r.contradicted.map((c) => [c.name, c.index])).toEqual([
      ['电工基础', 0],
      ['技能考核', 2],
    ]);
  });
  it('a score at the pass mark passes; a result without a verdict is never contradicted', () => {
    expect(judgeResults([{ name: 'a', score: 60 }], 60)).toMatchObject({ failed: [], contradicted: [] });
    expect(judgeResults([{ name: 'a', score: 59.9 }], 60)).toMatchObject({ failed: ['a'], contradicted: [] });
    expect(judgeResults([{ name: 'a', score: 60, passed: false }], 60).contradicted).toHaveLength(1);
  });
  it('property: the verdict is score ≥ pass mark, and a sent verdict is contradicted exactly when it differs', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record(
            {
              name: fc.string({ minLength: 1 }),
              score: fc.integer({ min: 0, max: 1000 }).map((x) => x / 10),
              passed: fc.boolean(),
            },
            { requiredKeys: ['name', 'score'] },
          ),
          { minLength: 1, maxLength: 10 },
        ),
        fc.integer({ min: 0, max: 100 }),
        (results, passMark) => {
          const r = judgeResults(results, passMark);
          results.forEach((x, i) => expect(r.judged[i].passed).toBe(x.score >= passMark));
          expect(r.contradicted.map((c) => c.index)).toEqual(
            results.flatMap((x, i) => (x.passed !== undefined && x.passed !== x.score >= passMark ? [i] : [])),
          );
        },
      ),
    );
  });
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
