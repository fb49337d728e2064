/**
 * 企校合作 (CERT-6) as a table: an enterprise proposes an agreement with a school; the school
 * accepts it (and it is then recorded with the enterprise's filing authority) or declines it; the
 * enterprise may withdraw a proposal not yet answered; either party may end an accepted agreement.
 * Only an accepted agreement, within its dates, lets the enterprise evaluate the school's students.
 * The server refuses a step the table does not allow; the web offers only the steps it allows.
 */

export const PARTNERSHIP_STATUSES = {
  proposed: '待院校确认',
  accepted: '已生效',
  declined: '院校已拒绝',
  withdrawn: '企业已撤回',
  ended: '已终止',
} as const;
export type PartnershipStatus = keyof typeof PARTNERSHIP_STATUSES;

/** The party an institution is in an agreement. */
export type PartnershipSide = 'enterprise' | 'school';

/** The steps, each with the verb a refusal uses ("不能接受"). */
export const PARTNERSHIP_STEPS = {
  accept: '接受',
  decline: '拒绝',
  withdraw: '撤回',
  end: '终止',
} as const;
export type PartnershipStep = keyof typeof PARTNERSHIP_STEPS;

export interface PartnershipTransition {
  from: readonly PartnershipStatus[];
  to: PartnershipStatus;
  /** who takes the step: the school, the enterprise, or either party */
  by: PartnershipSide | 'either';
  /** whether the step must give its reason */
  reason: boolean;
}

export const PARTNERSHIP_TRANSITIONS: Record<PartnershipStep, PartnershipTransition> = {
  accept: { from: ['proposed'], to: 'accepted', by: 'school', reason: false },
  decline: { from: ['proposed'], to: 'declined', by: 'school', reason: true },
  withdraw: { from: ['proposed'], to: 'withdrawn', by: 'enterprise', reason: false },
  end: { from: ['accepted'], to: 'ended', by: 'either', reason: true },
};

/** The statuses in which an agreement is open: a pair has at most one open agreement. */
export const OPEN_PARTNERSHIP_STATUSES: readonly PartnershipStatus[] = ['proposed', 'accepted'];

/** May `side` take `step` on an agreement in `status`? */
export function partnershipStepOpen(status: string, step: PartnershipStep, side: PartnershipSide): boolean {
  const t = PARTNERSHIP_TRANSITIONS[step];
  return (t.from as readonly string[]).includes(status) && (t.by === 'either' || t.by === side);
}

/** The steps `side` may take on an agreement in `status`, in the table's order. */
export function partnershipSteps(status: string, side: PartnershipSide): PartnershipStep[] {
  return (Object.keys(PARTNERSHIP_TRANSITIONS) as PartnershipStep[]).filter((s) =>
    partnershipStepOpen(status, s, side),
  );
}

/** An agreement lets the enterprise evaluate on `day` (YYYY-MM-DD): accepted, and the day within its dates. */
export function partnershipInForce(p: { status: string; validFrom: string; validUntil: string }, day: string): boolean {
  return p.status === 'accepted' && p.validFrom <= day && day <= p.validUntil;
}
