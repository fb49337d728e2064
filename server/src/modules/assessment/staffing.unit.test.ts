import { describe, expect, it } from 'vitest';
import { requiredStaff, staffingProblem } from './staffing.js';

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
