/**
 * 开班申请 (TRAIN-1) as a table: the provider drafts a class and submits it before it starts; the
 * HRSS of the place where it is held (培训所在地人社部门: the county, city or province whose region
 * contains the site) approves it or returns it with reasons; a returned class is revised and
 * submitted again. The provider may withdraw an application not yet approved, and cancel an
 * approved class, with a reason, before it starts. Only an approved class is published, takes
 * trainees, and counts for attendance and claims. The server refuses a step the table does not
 * allow; the web offers only the steps it allows.
 */

export const CLASS_STATUSES = {
  draft: '草稿',
  submitted: '待审批',
  returned: '已退回',
  approved: '已批准',
  withdrawn: '已撤回',
  cancelled: '已取消',
} as const;
export type ClassStatus = keyof typeof CLASS_STATUSES;

/** The steps, each with the verb a refusal uses ("不能提交"). */
export const CLASS_STEPS = {
  update: '修改',
  submit: '提交',
  withdraw: '撤回',
  approve: '批准',
  return: '退回',
  cancel: '取消',
} as const;
export type ClassStep = keyof typeof CLASS_STEPS;

export interface ClassTransition {
  from: readonly ClassStatus[];
  /** the status after the step; null when it stays */
  to: ClassStatus | null;
  /** `provider`: the class's own training provider; `place`: the HRSS of the place where it is held */
  by: 'provider' | 'place';
  /** whether the step must give its reason */
  reason: boolean;
}

export const CLASS_TRANSITIONS: Record<ClassStep, ClassTransition> = {
  update: { from: ['draft', 'returned'], to: null, by: 'provider', reason: false },
  submit: { from: ['draft', 'returned'], to: 'submitted', by: 'provider', reason: false },
  withdraw: { from: ['draft', 'submitted', 'returned'], to: 'withdrawn', by: 'provider', reason: false },
  approve: { from: ['submitted'], to: 'approved', by: 'place', reason: false },
  return: { from: ['submitted'], to: 'returned', by: 'place', reason: true },
  cancel: { from: ['approved'], to: 'cancelled', by: 'provider', reason: true },
};

/** The statuses in which a class still holds places (TRAIN-12 counts them). */
export const LIVE_CLASS_STATUSES: readonly ClassStatus[] = ['submitted', 'approved'];

export function classStepOpen(status: string, step: ClassStep, side: 'provider' | 'place'): boolean {
  const t = CLASS_TRANSITIONS[step];
  return (t.from as readonly string[]).includes(status) && t.by === side;
}

/** The steps `side` may take on a class in `status`, in the table's order. */
export function classSteps(status: string, side: 'provider' | 'place'): ClassStep[] {
  return (Object.keys(CLASS_TRANSITIONS) as ClassStep[]).filter((s) => classStepOpen(status, s, side));
}
