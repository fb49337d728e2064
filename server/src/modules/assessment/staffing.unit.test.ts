import { describe, expect, it } from 'vitest';
import { qualificationProblems, requiredStaff, staffingProblem } from './staffing.js';

const typical = { invigilator_ratio: 15, min_invigilators: 2, examiner_ratio: 5, min_examiners: 3, min_panel: 3 };

describe('staffing ratios of the occupation standard', () => {
  it.each([
    ['theory', 10, 2],
    ['theory', 30, 2],
    ['theory', 31, 3],
    ['practical', 5, 3],
    ['practical', 16, 5], // ceil(16/5)=4 → next odd 5
    ['practical', 25, 5],
    ['panel', 8, 3],
  ] as const)('%s with %i candidates needs %i', (part, n, min) =>
    expect(requiredStaff(part, n, typical).min).toBe(min),
  );
  it('names what is wrong', () => {
    expect(staffingProblem('theory', 31, 2, typical)).toBe('31 名考生至少需 3 名监考人员，现有 2 名');
    expect(staffingProblem('practical', 10, 4, typical)).toBe('考评员人数须为奇数，现有 4 名');
    expect(staffingProblem('practical', 10, 3, typical)).toBeNull();
    expect(staffingProblem('panel', 4, 2, typical)).toContain('至少需 3 名评审专家');
  });
});

describe('who may examine (INST-3)', () => {
  const lathe = { id: 7, name: '车工' };
  const electrician = 9;
  const person = (name: string, kind: 'examiner' | 'senior_examiner' | 'expert', occupationIds: number[]) => ({
    name,
    kind,
    occupationIds,
  });
  it('INST-3: examiners of a practical part hold a qualification in the session’s occupation', () => {
    const electricians = [
      person('张一', 'senior_examiner', [electrician]),
      person('李二', 'examiner', [electrician]),
      person('王三', 'examiner', [electrician]),
    ];
    const problems = qualificationProblems('practical', lathe, 4, electricians);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toContain('张一');
    expect(problems[0]).toContain('车工');
    expect(qualificationProblems('practical', lathe, 4, [person('赵四', 'examiner', [electrician, 7])])).toEqual([]);
  });
  it('INST-3: a review panel is held to the occupation too; theory invigilators are not examiners', () => {
    expect(qualificationProblems('panel', lathe, 2, [person('钱五', 'expert', [electrician])])[0]).toContain('钱五');
    expect(qualificationProblems('panel', lathe, 2, [person('钱五', 'expert', [7])])).toEqual([]);
    expect(qualificationProblems('theory', lathe, 4, [person('孙六', 'examiner', [electrician])])).toEqual([]);
  });
  it('INST-3: 二级/一级 are examined by senior examiners (高级考评员) only', () => {
    const team = [
      person('周七', 'senior_examiner', [7]),
      person('吴八', 'examiner', [7]),
      person('郑九', 'examiner', [7]),
    ];
    expect(qualificationProblems('practical', lathe, 3, team)).toEqual([]);
    const two = qualificationProblems('practical', lathe, 2, team);
    expect(two).toHaveLength(2);
    expect(two[0]).toContain('吴八');
    expect(two[0]).toContain('二级');
    expect(qualificationProblems('practical', lathe, 1, [person('郑九', 'examiner', [7])])[0]).toContain('一级');
    expect(
      qualificationProblems('practical', lathe, 1, [
        person('周七', 'senior_examiner', [7]),
        person('冯十', 'senior_examiner', [7]),
        person('陈一', 'senior_examiner', [7]),
      ]),
    ).toEqual([]);
  });
});
