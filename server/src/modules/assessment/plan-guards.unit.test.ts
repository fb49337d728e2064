import { describe, expect, it } from 'vitest';
import { assertPlanAllows, PLAN_STATUS, PLAN_STEPS, planAllows, type PlanStep } from './plan-guards.js';

describe('the plan workflow table', () => {
  it('moves a plan along one chain: draft → published → results in public → final', () => {
    const moves = Object.values(PLAN_STEPS).flatMap((s) => ('to' in s ? s.from.map((f) => `${f}→${s.to}`) : []));
    expect(moves).toEqual(['draft→published', 'published→results_published', 'results_published→finalized']);
  });

  it('allows nothing on a cancelled plan', () => {
    const steps = Object.keys(PLAN_STEPS) as PlanStep[];
    expect(steps.filter((s) => planAllows({ status: 'cancelled' }, s))).toEqual([]);
  });

  it('refuses a step with the status in words', () => {
    expect(() => assertPlanAllows({ status: 'draft' }, 'register')).toThrow(
      expect.objectContaining({
        code: 'PLAN_INVALID_STATE',
        message: `评价计划当前为“${PLAN_STATUS.draft}”，不能报名`,
      }),
    );
    expect(() => assertPlanAllows({ status: 'results_published' }, 'correctScore')).not.toThrow();
  });
});
