import { describe, expect, it } from 'vitest';
import { ACCESS, can } from '../../../../contract/access.js';
import {
  expertReview,
  FILING_OPEN_STATUSES,
  FILING_STEPS,
  FILING_TRANSITIONS,
  filingStepOpen,
  type FilingStep,
} from '../../../../contract/filing-workflow.js';
import { MIN_EXPERT_OPINIONS } from '../../../../contract/limits.js';
import { APPLICATION_STATUSES, DEPARTMENTS, type ApplicationStatus } from '../../../../contract/institutions.js';
import { AppError } from '../../lib/errors.js';
import { assertFilingStep, awaitingDepartment, filingRoute, filingStepResult } from './filing.rules.js';

const STEPS = Object.keys(FILING_STEPS) as FilingStep[];
const STATUSES = Object.keys(APPLICATION_STATUSES) as ApplicationStatus[];
const STAGES = ['education', 'hrss', 'done'] as const;
const open = (status: string, stage: string) => STEPS.filter((s) => filingStepOpen({ status, stage }, s));

describe('INST-2: the filing workflow as a table', () => {
  it('every phase allows exactly its steps', () => {
    expect(open('draft', 'education')).toEqual(['update', 'submit', 'withdraw']);
    expect(open('draft', 'hrss')).toEqual(['update', 'submit', 'withdraw']);
    expect(open('returned', 'education')).toEqual(['update', 'submit', 'withdraw']);
    expect(open('returned', 'hrss')).toEqual(['update', 'submit', 'withdraw']);
    // the education department reviews; the institution may still take it back
    expect(open('submitted', 'education')).toEqual(['withdraw', 'expert_opinion', 'recommend', 'return', 'reject']);
    // once HRSS has it, only HRSS acts
    expect(open('submitted', 'hrss')).toEqual(['expert_opinion', 'file', 'return', 'reject']);
    expect(open('recommended', 'hrss')).toEqual(['expert_opinion', 'file', 'return', 'reject']);
    expect(open('recommended', 'education')).toEqual([]);
    for (const closed of ['filed', 'rejected', 'withdrawn']) expect(open(closed, 'done'), closed).toEqual([]);
  });

  it('a refused step names the current status and the step (FILING_INVALID_STATE)', () => {
    const refused = (status: string, stage: string, step: FilingStep) => {
      try {
        assertFilingStep({ status, stage }, step);
      } catch (e) {
        return e as AppError;
      }
      throw new Error(`${status}@${stage} allowed ${step}`);
    };
    const e = refused('filed', 'done', 'submit');
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe('FILING_INVALID_STATE');
    expect(e.message).toBe('申请当前状态为“已备案”，不能提交');
    expect(refused('submitted', 'hrss', 'withdraw').message).toBe('申请当前状态为“已提交”，不能撤回');
    expect(refused('recommended', 'hrss', 'recommend').message).toBe('申请当前状态为“已推荐”，不能推荐');
    expect(refused('draft', 'education', 'file').message).toBe('申请当前状态为“草稿”，不能备案');
    for (const status of STATUSES)
      for (const stage of STAGES)
        for (const step of STEPS)
          if (!filingStepOpen({ status, stage }, step))
            expect(refused(status, stage, step).message).toContain(`“${APPLICATION_STATUSES[status]}”`);
  });

  it('agrees with the comparisons the service used to make, for every status and stage', () => {
    // the rules as they were written before the table, kept here as the oracle
    const before: Record<FilingStep, (s: string, g: string) => boolean> = {
      update: (s) => s === 'draft' || s === 'returned',
      submit: (s) => s === 'draft' || s === 'returned',
      withdraw: (s, g) => ['draft', 'returned', 'submitted'].includes(s) && !(s === 'submitted' && g === 'hrss'),
      expert_opinion: (s, g) =>
        (g === 'education' && s === 'submitted') || (g === 'hrss' && ['submitted', 'recommended'].includes(s)),
      recommend: (s, g) => g === 'education' && s === 'submitted',
      file: (s, g) => g === 'hrss' && ['submitted', 'recommended'].includes(s),
      return: (s, g) =>
        (g === 'education' && s === 'submitted') || (g === 'hrss' && ['submitted', 'recommended'].includes(s)),
      reject: (s, g) =>
        (g === 'education' && s === 'submitted') || (g === 'hrss' && ['submitted', 'recommended'].includes(s)),
    };
    for (const s of STATUSES)
      for (const g of STAGES)
        for (const step of STEPS) {
          // 'submitted' with stage 'done' is written by nothing (only filing, rejection and withdrawal
          // close an application); the old comparisons let the institution withdraw it, the table does not
          if (s === 'submitted' && g === 'done' && step === 'withdraw') continue;
          expect(filingStepOpen({ status: s, stage: g }, step), `${step} on ${s}@${g}`).toBe(before[step](s, g));
        }
    expect(open('submitted', 'done')).toEqual([]);
  });

  it('each step leads where the workflow says; a step that closes the application records when', () => {
    const now = '2026-03-02T08:00:00.000Z';
    expect(filingStepResult('update', now)).toEqual({});
    expect(filingStepResult('expert_opinion', now)).toEqual({});
    expect(filingStepResult('submit', now)).toEqual({ status: 'submitted' });
    expect(filingStepResult('recommend', now)).toEqual({ status: 'recommended', stage: 'hrss' });
    expect(filingStepResult('return', now)).toEqual({ status: 'returned' });
    for (const step of ['file', 'reject', 'withdraw'] as const) {
      const r = filingStepResult(step, now);
      expect(r.stage, step).toBe('done');
      expect(r.decided_at, step).toBe(now);
      expect(open(r.status!, 'done'), `${step} closes the application`).toEqual([]);
    }
    // a recommended application is HRSS's to file
    expect(open('recommended', filingStepResult('recommend', now).stage!)).toContain('file');
  });

  it('an institution has one open application: the statuses with a step left', () => {
    expect([...FILING_OPEN_STATUSES].sort()).toEqual(['draft', 'recommended', 'returned', 'submitted']);
  });
});

describe('INST-2: whose turn it is, and the permission each step needs', () => {
  const app = (status: string, stage: string) => ({
    status,
    stage,
    review_department: 'city_edu',
    review_region_code: '410100',
    filing_department: 'city_hrss',
    filing_region_code: '410100',
  });
  it('the education department while under its review, HRSS after, nobody otherwise', () => {
    expect(awaitingDepartment(app('submitted', 'education'))).toEqual({ dept: 'city_edu', region: '410100' });
    expect(awaitingDepartment(app('submitted', 'hrss'))).toEqual({ dept: 'city_hrss', region: '410100' });
    expect(awaitingDepartment(app('recommended', 'hrss'))).toEqual({ dept: 'city_hrss', region: '410100' });
    for (const [s, g] of [
      ['draft', 'education'],
      ['returned', 'hrss'],
      ['recommended', 'education'],
      ['filed', 'done'],
      ['rejected', 'done'],
      ['withdrawn', 'done'],
    ])
      expect(awaitingDepartment(app(s, g)), `${s}@${g}`).toBeNull();
  });

  it('the institution applies; only the departments a route can name decide, each at its own stage', () => {
    for (const step of STEPS) {
      const t = FILING_TRANSITIONS[step];
      if (t.by === 'applicant') expect(t.action, step).toBe('filing.apply');
      else
        expect(
          ACCESS[t.action].roles.every((r) => r in DEPARTMENTS),
          step,
        ).toBe(true);
    }
    // every department a route can name may take the steps of its stage
    const kinds = [
      { kind: 'college', school_type: 'undergraduate', owner: 'province' as const },
      { kind: 'college', school_type: 'secondary_vocational', owner: 'province' as const },
      { kind: 'college', school_type: 'secondary_vocational', owner: 'local' as const },
      { kind: 'college', school_type: 'technical', owner: 'local' as const },
      { kind: 'enterprise', school_type: null, owner: 'province' as const },
      { kind: 'social', school_type: null, owner: 'local' as const },
    ];
    for (const k of kinds) {
      const r = filingRoute({ ...k, regionPath: '/410000/410100/410105/' });
      const turn = (status: string, stage: string) =>
        awaitingDepartment({
          status,
          stage,
          review_department: r.reviewDepartment,
          review_region_code: r.reviewRegionCode,
          filing_department: r.filingDepartment,
          filing_region_code: r.filingRegionCode,
        })!.dept as keyof typeof DEPARTMENTS;
      if (r.reviewDepartment) {
        for (const step of open('submitted', 'education').filter((s) => FILING_TRANSITIONS[s].by === 'department'))
          expect(can(turn('submitted', 'education'), FILING_TRANSITIONS[step].action), `${k.kind} ${step}`).toBe(true);
        expect(can(turn('submitted', 'education'), 'filing.file')).toBe(false);
      }
      for (const step of open('recommended', 'hrss'))
        expect(can(turn('recommended', 'hrss'), FILING_TRANSITIONS[step].action), `${k.kind} ${step}`).toBe(true);
      expect(can(turn('submitted', 'hrss'), 'filing.review')).toBe(false);
    }
  });
});

describe('INST-2: 经专家初审后推荐 — the expert review', () => {
  const at = '2027-03-01T00:00:00.000Z';
  const step = (action: string, detail: unknown = null) => ({ action, reason: null, detail, at });
  const op = (expertId: number, opinion: 'agree' | 'disagree') =>
    step('expert_opinion', { expertId, expertName: `专家${expertId}`, opinion });
  const verdict = (...ops: ReturnType<typeof op>[]) =>
    expertReview([step('create'), step('submit'), ...ops], MIN_EXPERT_OPINIONS);

  it('INST-2: needs at least 3 opinions (the platform’s reading), at least 3 agreeing and more than disagree', () => {
    expect(MIN_EXPERT_OPINIONS).toBe(3);
    expect(verdict(op(1, 'disagree'))).toMatchObject({ verdict: 'insufficient', total: 1, agree: 0, disagree: 1 });
    expect(verdict(op(1, 'agree'), op(2, 'agree')).verdict).toBe('insufficient');
    expect(verdict(op(1, 'agree'), op(2, 'agree'), op(3, 'agree')).verdict).toBe('passed');
    expect(verdict(op(1, 'agree'), op(2, 'agree'), op(3, 'disagree'))).toMatchObject({
      verdict: 'disagree',
      agree: 2,
      disagree: 1,
    });
    const four = verdict(op(1, 'agree'), op(2, 'agree'), op(3, 'disagree'), op(4, 'agree'));
    expect(four).toMatchObject({ verdict: 'passed', agree: 3, disagree: 1 });
    expect(four.opinions.map((o) => o.opinion)).toEqual(['agree', 'agree', 'disagree', 'agree']);
    expect(
      verdict(op(1, 'agree'), op(2, 'agree'), op(3, 'agree'), op(4, 'disagree'), op(5, 'disagree'), op(6, 'disagree'))
        .verdict,
    ).toBe('disagree');
  });

  it('INST-2: each expert counts once, with the latest opinion; a resubmitted application is reviewed again', () => {
    expect(verdict(op(1, 'agree'), op(1, 'agree'), op(1, 'agree')).total).toBe(1);
    expect(verdict(op(1, 'agree'), op(2, 'agree'), op(3, 'agree'), op(3, 'disagree')).verdict).toBe('disagree');
    const again = expertReview(
      [step('submit'), op(1, 'agree'), op(2, 'agree'), op(3, 'agree'), step('return'), step('submit'), op(4, 'agree')],
      MIN_EXPERT_OPINIONS,
    );
    expect(again).toMatchObject({ verdict: 'insufficient', total: 1 });
  });
});
