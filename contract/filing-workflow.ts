/**
 * 备案申请 workflow (INST-2, INST-4) as a table: which step may be taken in which phase, where
 * it leads, who takes it and the action (contract/access.ts) behind it. The server refuses a step
 * the table does not allow; the web offers only the steps it allows.
 *
 * draft → submitted → (education department: expert review, recommend) → recommended → filed by
 * HRSS; or returned (edited and submitted again), rejected, or withdrawn by the institution.
 */
import type { Action } from './access.js';
import type { ApplicationStatus } from './institutions.js';

/** Whose turn a submitted application is: the education department's review, the HRSS filing, or nobody's. */
export type FilingStage = 'education' | 'hrss' | 'done';

/**
 * Where an application stands: its status, and for the two statuses under review the stage too,
 * because a submitted application waits for the education department or for HRSS.
 */
export type FilingPhase =
  | 'draft'
  | 'returned'
  | 'submitted@education'
  | 'submitted@hrss'
  | 'recommended@hrss'
  | 'filed'
  | 'rejected'
  | 'withdrawn';

export function filingPhase(a: { status: string; stage: string }): string {
  return a.status === 'submitted' || a.status === 'recommended' ? `${a.status}@${a.stage}` : a.status;
}

/** The steps, each with the verb a refusal uses ("不能提交"). */
export const FILING_STEPS = {
  update: '修改',
  submit: '提交',
  withdraw: '撤回',
  expert_opinion: '记录专家意见',
  recommend: '推荐',
  file: '备案',
  return: '退回',
  reject: '不予备案',
} as const;
export type FilingStep = keyof typeof FILING_STEPS;

export interface FilingTransition {
  from: readonly FilingPhase[];
  /** the status (and stage) after the step; null when the step leaves them as they are */
  to: { status: ApplicationStatus; stage?: FilingStage } | null;
  /**
   * `applicant`: the applying institution itself (INST-4); `department`: the department the route
   * names for the current stage (INST-2), never the person who created or submitted it
   */
  by: 'applicant' | 'department';
  /** the permission the step needs (the route checks it; the service checks it again) */
  action: Action;
}

const UNDER_REVIEW = ['submitted@education', 'submitted@hrss', 'recommended@hrss'] as const;

export const FILING_TRANSITIONS: Record<FilingStep, FilingTransition> = {
  update: { from: ['draft', 'returned'], to: null, by: 'applicant', action: 'filing.apply' },
  // the stage after submission comes from the route: education when it has an education stage, else hrss
  submit: { from: ['draft', 'returned'], to: { status: 'submitted' }, by: 'applicant', action: 'filing.apply' },
  // once HRSS has it, the institution can no longer take it back
  withdraw: {
    from: ['draft', 'returned', 'submitted@education'],
    to: { status: 'withdrawn', stage: 'done' },
    by: 'applicant',
    action: 'filing.apply',
  },
  expert_opinion: { from: UNDER_REVIEW, to: null, by: 'department', action: 'filing.decide' },
  recommend: {
    from: ['submitted@education'],
    to: { status: 'recommended', stage: 'hrss' },
    by: 'department',
    action: 'filing.review',
  },
  file: {
    from: ['submitted@hrss', 'recommended@hrss'],
    to: { status: 'filed', stage: 'done' },
    by: 'department',
    action: 'filing.file',
  },
  return: { from: UNDER_REVIEW, to: { status: 'returned' }, by: 'department', action: 'filing.decide' },
  reject: { from: UNDER_REVIEW, to: { status: 'rejected', stage: 'done' }, by: 'department', action: 'filing.decide' },
};

/** In the phases where a department acts: which of the route's two departments it is (INST-2). */
export const FILING_AWAITING: Partial<Record<FilingPhase, 'review' | 'filing'>> = {
  'submitted@education': 'review',
  'submitted@hrss': 'filing',
  'recommended@hrss': 'filing',
};

/** May this step be taken now (whoever takes it)? */
export function filingStepOpen(a: { status: string; stage: string }, step: FilingStep): boolean {
  return (FILING_TRANSITIONS[step].from as readonly string[]).includes(filingPhase(a));
}

/**
 * The statuses of an application still being worked on, i.e. with a step left to take (an
 * institution has at most one such application at a time).
 */
export const FILING_OPEN_STATUSES = [
  ...new Set(Object.values(FILING_TRANSITIONS).flatMap((t) => t.from.map((p) => p.split('@')[0]))),
] as ApplicationStatus[];
export const isFilingOpen = (status: string) => (FILING_OPEN_STATUSES as readonly string[]).includes(status);
