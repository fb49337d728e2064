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

/** One expert's opinion on an application, as the timeline records it. */
export interface ExpertOpinionEntry {
  expertId: number;
  expertName: string;
  opinion: 'agree' | 'disagree';
  comment: string | null;
  at: string;
}

/**
 * The expert review (专家初审, INST-2) of the current round: the opinions recorded since the
 * application was last submitted (a returned application is reviewed again), each expert's latest
 * opinion counting once. It passes when at least `required` experts have given an opinion and at
 * least `required` of them agree, more than disagree; a dissent never disappears from the count.
 */
export function expertReview(
  steps: readonly { action: string; reason: string | null; detail: unknown; at: string }[],
  required: number,
) {
  const lastSubmit = steps.map((s) => s.action).lastIndexOf('submit');
  const latest = new Map<number, ExpertOpinionEntry>();
  for (const s of steps.slice(lastSubmit + 1)) {
    if (s.action !== 'expert_opinion') continue;
    const d = s.detail as { expertId?: number; expertName?: string; opinion?: string } | null;
    if (!d || typeof d.expertId !== 'number') continue;
    latest.delete(d.expertId);
    latest.set(d.expertId, {
      expertId: d.expertId,
      expertName: d.expertName ?? '',
      opinion: d.opinion === 'agree' ? 'agree' : 'disagree',
      comment: s.reason,
      at: s.at,
    });
  }
  const opinions = [...latest.values()];
  const agree = opinions.filter((o) => o.opinion === 'agree').length;
  const disagree = opinions.length - agree;
  const verdict: 'insufficient' | 'disagree' | 'passed' =
    opinions.length < required ? 'insufficient' : agree >= required && agree > disagree ? 'passed' : 'disagree';
  return { required, total: opinions.length, agree, disagree, verdict, opinions };
}
export type ExpertReview = ReturnType<typeof expertReview>;
