/**
 * 补贴申领 (subsidy claims, SUB-1 … SUB-4) as tables: the claim's workflow, the state of each claim
 * line (which states hold the once-only slot of SUB-1), the reasons a line is not eligible, and the
 * working-day deadlines of each stage (SUB-2). The server refuses a step the table does not allow;
 * the web offers only the steps it allows.
 *
 * draft → submitted → accepted (受理) or returned → approved by HRSS = in publicity (公示, SUB-3)
 * → approved by finance → paid; a returned claim is corrected and submitted again; a paid claim is
 * reversed (冲销) line by line, and the money recovered (追缴) is recorded (SUB-4).
 */
import type { Action } from './access.js';

export const CLAIM_STATUSES = {
  draft: '草稿',
  submitted: '待受理',
  returned: '已退回',
  accepted: '已受理，待审核',
  publicity: '公示中',
  finance_approved: '财政已审核，待拨付',
  paid: '已拨付',
  reversed: '已冲销',
  rejected: '不予补贴',
  withdrawn: '已撤回',
} as const;
export type ClaimStatus = keyof typeof CLAIM_STATUSES;

export const CLAIM_STATUSES_EN: Record<ClaimStatus, string> = {
  draft: 'Draft',
  submitted: 'Awaiting acceptance',
  returned: 'Returned',
  accepted: 'Accepted, under review',
  publicity: 'In publicity',
  finance_approved: 'Approved by finance, awaiting payment',
  paid: 'Paid',
  reversed: 'Reversed',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
};

/** Who takes a step: the claiming institution, the HRSS department over it, or the finance department. */
export type ClaimParty = 'institution' | 'hrss' | 'finance';

/** The steps, each with the verb a refusal uses ("不能受理"). */
export const CLAIM_STEPS = {
  submit: '提交',
  withdraw: '撤回',
  accept: '受理',
  return: '退回',
  approve: '审核通过并公示',
  reject: '不予补贴',
  finance_approve: '财政审核通过',
  refuse: '财政不予拨付',
  pay: '拨付',
  reverse: '冲销',
} as const;
export type ClaimStep = keyof typeof CLAIM_STEPS;

export const CLAIM_STEPS_EN: Record<ClaimStep, string> = {
  submit: 'Submit',
  withdraw: 'Withdraw',
  accept: 'Accept',
  return: 'Return',
  approve: 'Approve and publish',
  reject: 'Reject',
  finance_approve: 'Approve (finance)',
  refuse: 'Refuse (finance)',
  pay: 'Pay',
  reverse: 'Reverse',
};

export interface ClaimTransition {
  from: readonly ClaimStatus[];
  to: ClaimStatus;
  by: ClaimParty;
  /** the permission the step needs (the route checks it; the service checks the party again) */
  action: Action;
  /** whether the step must give its reason */
  reason: boolean;
}

export const CLAIM_TRANSITIONS: Record<ClaimStep, ClaimTransition> = {
  // a returned claim is corrected and submitted again: its deadlines start again (SUB-2)
  submit: { from: ['draft', 'returned'], to: 'submitted', by: 'institution', action: 'subsidy.claim', reason: false },
  withdraw: { from: ['draft', 'returned'], to: 'withdrawn', by: 'institution', action: 'subsidy.claim', reason: false },
  accept: { from: ['submitted'], to: 'accepted', by: 'hrss', action: 'subsidy.review', reason: false },
  return: { from: ['submitted', 'accepted'], to: 'returned', by: 'hrss', action: 'subsidy.review', reason: true },
  // approval publishes the claim (公示) at once; finance may approve only after it (SUB-3)
  approve: { from: ['accepted'], to: 'publicity', by: 'hrss', action: 'subsidy.review', reason: false },
  // an objection upheld during the publicity stops the claim too
  reject: { from: ['accepted', 'publicity'], to: 'rejected', by: 'hrss', action: 'subsidy.review', reason: true },
  finance_approve: {
    from: ['publicity'],
    to: 'finance_approved',
    by: 'finance',
    action: 'subsidy.finance',
    reason: false,
  },
  refuse: {
    from: ['publicity', 'finance_approved'],
    to: 'rejected',
    by: 'finance',
    action: 'subsidy.finance',
    reason: true,
  },
  pay: { from: ['finance_approved'], to: 'paid', by: 'finance', action: 'subsidy.finance', reason: false },
  // reversal is by line: the claim becomes `reversed` once every paid line is reversed, else stays `paid` (SUB-4)
  reverse: { from: ['paid'], to: 'reversed', by: 'hrss', action: 'subsidy.reverse', reason: true },
};

/** May `party` take `step` on a claim in `status`? */
export function claimStepOpen(status: string, step: ClaimStep, party: ClaimParty): boolean {
  const t = CLAIM_TRANSITIONS[step];
  return (t.from as readonly string[]).includes(status) && t.by === party;
}

/** The steps `party` may take on a claim in `status`, in the table's order. */
export function claimSteps(status: string, party: ClaimParty): ClaimStep[] {
  return (Object.keys(CLAIM_TRANSITIONS) as ClaimStep[]).filter((s) => claimStepOpen(status, s, party));
}

/**
 * SUB-2: the stage a claim waits in, whose turn it is, and its limit in working days on the
 * official calendar, counted from the day named by `from`:
 * - acceptance or return: 10 working days from submission (受理);
 * - the HRSS department in all: 15 working days from submission (同一笔业务在人社部门不得超过15个工作日);
 * - the finance department in all: 15 working days from the end of the publicity, when the claim
 *   reaches it (approval and payment both within them).
 */
export const CLAIM_DEADLINES = {
  submitted: { stage: 'accept', party: 'hrss', workingDays: 10, from: 'submitted' },
  accepted: { stage: 'review', party: 'hrss', workingDays: 15, from: 'submitted' },
  publicity: { stage: 'finance', party: 'finance', workingDays: 15, from: 'publicity_end' },
  finance_approved: { stage: 'payment', party: 'finance', workingDays: 15, from: 'publicity_end' },
} as const satisfies Partial<
  Record<ClaimStatus, { stage: string; party: ClaimParty; workingDays: number; from: 'submitted' | 'publicity_end' }>
>;
export type ClaimStage = (typeof CLAIM_DEADLINES)[keyof typeof CLAIM_DEADLINES]['stage'];

/** SUB-3: the publicity lasts at least this many working days before finance may approve payment. */
export const PUBLICITY_WORKING_DAYS = 3;

/**
 * The state of one claim line. SUB-1 is a partial unique index over (kind, person, occupation,
 * level) on the lines in a HOLDING state: money on its way (held), paid, or paid and reversed but
 * not yet recovered. A line stops holding when its claim never went forward (draft, a returned
 * claim's lines, excluded, void) or when the money has come back in full (recovered): then nothing
 * has been paid for that person, occupation and level, and a rightful claim may be paid once.
 */
export const LINE_STATUSES = {
  draft: '未提交',
  held: '申领中',
  paid: '已拨付',
  reversed: '已冲销，待追缴',
  recovered: '已冲销，已追回',
  excluded: '不予申领',
  void: '已作废',
} as const;
export type LineStatus = keyof typeof LINE_STATUSES;

export const LINE_STATUSES_EN: Record<LineStatus, string> = {
  draft: 'Not submitted',
  held: 'Claimed',
  paid: 'Paid',
  reversed: 'Reversed, to recover',
  recovered: 'Reversed, recovered',
  excluded: 'Not claimable',
  void: 'Void',
};

/** The line states that hold the once-only slot of SUB-1 (the partial unique index's WHERE). */
export const HOLDING_LINE_STATUSES = ['held', 'paid', 'reversed'] as const satisfies readonly LineStatus[];

/** What a claim line is a subsidy for. */
export const LINE_KINDS = {
  evaluation: '评价补贴',
  training: '培训补贴',
  special_ability: '专项职业能力考核补贴',
} as const;
export type LineKind = keyof typeof LINE_KINDS;

/** Why a line cannot be claimed (shown before submission, and on lines excluded at submission). */
export const INELIGIBLE_REASONS = {
  already_paid: {
    zh: '同一人员同一职业同一等级已拨付过补贴',
    en: 'Already paid for this person, occupation and level',
    rule: 'SUB-1',
  },
  already_claimed: {
    zh: '同一人员同一职业同一等级已在申领中',
    en: 'Already claimed for this person, occupation and level',
    rule: 'SUB-1',
  },
  duplicate_in_claim: { zh: '本次申领中同一人员同一职业同一等级重复', en: 'Twice in this claim', rule: 'SUB-1' },
  revoked: { zh: '证书已撤销', en: 'Certificate revoked', rule: 'CERT-12' },
  suspended: { zh: '证书已暂停', en: 'Certificate suspended', rule: 'CERT-12' },
  not_own: { zh: '不是本机构颁发的证书', en: 'Not issued by this institution', rule: 'SUB-1' },
  rate_missing: { zh: '发证之日没有有效的补贴标准', en: 'No subsidy rate in force on the date', rule: 'SUB-1' },
  // training lines (a trainee of an approved subsidised class, TRAIN-1)
  hours_short: {
    zh: '合规学时未达到批准的理论、实操学时（缺勤、录像不合规的课时不计）',
    en: 'Compliant class hours short of the approved plan (absences and unrecorded hours do not count)',
    rule: 'TRAIN-10',
  },
  not_assessed: { zh: '尚无培训后考核结果', en: 'Not yet assessed after training', rule: 'TRAIN-9' },
  failed: { zh: '培训合格证书类考核不合格', en: 'Failed the completion test', rule: 'TRAIN-9' },
  no_certificate: {
    zh: '尚未取得该职业（工种）的证书：可取证的职业须参加鉴定评价或考核取证',
    en: 'No certificate of the occupation yet: where one exists, trainees must obtain it by evaluation',
    rule: 'TRAIN-9',
  },
} as const;
export type IneligibleReason = keyof typeof INELIGIBLE_REASONS;

/**
 * What a trainee of a subsidised class came out with (TRAIN-9): a certificate of the occupation
 * (skill level, qualification, special operation or special ability, by evaluation after training),
 * the 培训合格证书 of a completion-only occupation, a failed completion test, or nothing yet. The
 * outcome decides the standard the training line is paid at: a certificate by its level, a
 * 培训合格证书 by the training rate of level 0.
 */
export const TRAINING_OUTCOMES = {
  certificate: { zh: '取得证书', en: 'Certificate obtained' },
  completion_certificate: { zh: '取得培训合格证书', en: 'Training-completion certificate' },
  passed_hours_short: {
    zh: '考核合格，学时未满未发证书',
    en: 'Passed, but hours short: no certificate',
  },
  failed: { zh: '考核不合格', en: 'Failed' },
  none: { zh: '尚无考核结果', en: 'Not assessed' },
} as const;
export type TrainingOutcome = keyof typeof TRAINING_OUTCOMES;

/** Kinds of subsidy rate the province sets: amounts by level, and the share paid for direct recognition. */
export const RATE_KINDS = {
  training: '培训补贴（按证书等级；0 级为培训合格证书）',
  evaluation: '评价补贴（按等级）',
  special_ability: '专项职业能力考核补贴',
  special_operation: '特种作业操作证培训补贴（不分等级；无省定默认标准）',
  recognition_share: '直接认定按评价补贴的比例',
} as const;
export type RateKind = keyof typeof RATE_KINDS;

export const RATE_KINDS_EN: Record<RateKind, string> = {
  training: 'Training subsidy (by certificate level; level 0: training-completion certificate)',
  evaluation: 'Evaluation subsidy (by level)',
  special_ability: 'Special-ability assessment',
  special_operation: 'Special operation certificate training (no levels; no default standard)',
  recognition_share: 'Direct recognition: share of evaluation subsidy',
};

/** Where a finance approval commits the money: the special account first; when it has no balance, the employment subsidy fund. */
export const FUND_SOURCES = {
  special_account: '职业技能提升行动专账资金',
  employment_fund: '就业补助资金',
} as const;
export type FundSource = keyof typeof FUND_SOURCES;

/** Amounts are whole fen (分); shown as yuan with two decimals. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(fen);
  const whole = Math.floor(a / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${whole}.${String(a % 100).padStart(2, '0')}`;
}
