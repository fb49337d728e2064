/**
 * What every use case of an evaluation plan (评价计划) checks first: the plan is visible to the
 * actor, it belongs to the actor's own institution, and its status allows the step.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../database/schema.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, notFoundOrDenied } from '../../lib/errors.js';
import { planById, planExists, visiblePlans, type PlanRow, type PlanStatus } from './plans.queries.js';
import { registrationById, registrationWithLearner } from './registrations.queries.js';
import { standardFor } from './standards.queries.js';
import { toStandard, type Standard } from './standards.service.js';

export const PLAN_STATUS = {
  draft: '草稿',
  published: '已公告',
  results_published: '成绩公示中',
  finalized: '已确认结果',
  cancelled: '已取消',
} as const satisfies Record<PlanStatus, string>;
export const PARTS = { theory: '理论知识考试', practical: '操作技能考核', panel: '综合评审' } as const;
export type Part = keyof typeof PARTS;

/**
 * The plan's workflow as a table: the statuses each step may start from, and for the steps that
 * move the plan on, the status they lead to (no other code changes a plan's status).
 */
export const PLAN_STEPS = {
  publish: { from: ['draft'], to: 'published', label: '发布公告' },
  register: { from: ['published'], label: '报名' },
  importRoster: { from: ['published'], label: '导入考生名单' },
  decide: { from: ['published'], label: '审核报名' },
  withdraw: { from: ['published'], label: '撤回报名' },
  scheduleSession: { from: ['published'], label: '安排考场' },
  enterScores: { from: ['published'], label: '录入成绩' },
  correctScore: { from: ['published', 'results_published'], label: '更正成绩' },
  publishResults: { from: ['published'], to: 'results_published', label: '公示成绩' },
  raiseObjection: { from: ['results_published'], label: '提出异议' },
  finalize: { from: ['results_published'], to: 'finalized', label: '确认最终结果' },
  issue: { from: ['finalized'], label: '发证' },
} as const satisfies Record<string, { from: readonly PlanStatus[]; to?: PlanStatus; label: string }>;
export type PlanStep = keyof typeof PLAN_STEPS;

/** Statuses in which a plan's scores are public: the publicity period (公示) and after. */
export const RESULTS_PUBLIC = ['results_published', 'finalized'] as const satisfies readonly PlanStatus[];
export const resultsArePublic = (status: PlanStatus) => (RESULTS_PUBLIC as readonly PlanStatus[]).includes(status);

export const planAllows = (plan: { status: PlanStatus }, step: PlanStep) =>
  (PLAN_STEPS[step].from as readonly PlanStatus[]).includes(plan.status);

export function assertPlanAllows(plan: { status: PlanStatus }, step: PlanStep) {
  if (!planAllows(plan, step))
    throw new AppError(
      'PLAN_INVALID_STATE',
      `评价计划当前为“${PLAN_STATUS[plan.status]}”，不能${PLAN_STEPS[step].label}`,
    );
}

/** A plan the actor may see; one outside their scope answers as if it did not exist. */
export async function loadPlan(ctx: RequestContext, db: Kysely<DB>, id: number) {
  const row = await visiblePlans(db, ctx.actor!).where('p.id', '=', id).executeTakeFirst();
  if (!row)
    throw notFoundOrDenied(await planExists(db, id), `评价计划 #${id} 不存在或不在您的管辖范围内`, {
      action: 'plan.access',
      objectType: 'plan',
      objectId: id,
    });
  return row;
}

/** Officials may look at a plan; only its own institution runs it (INST-4). */
export function assertOwnPlan(ctx: RequestContext, plan: PlanRow) {
  if (ctx.actor!.institutionId !== plan.institution_id)
    throw new AppError('DELEGATION_FORBIDDEN', '只能办理本机构的评价计划', { rule: 'INST-4' });
}

/** The actor's own plan, in a status that allows the step. */
export async function loadOwnPlan(ctx: RequestContext, db: Kysely<DB>, id: number, step?: PlanStep) {
  const plan = await loadPlan(ctx, db, id);
  assertOwnPlan(ctx, plan);
  if (step) assertPlanAllows(plan, step);
  return plan;
}

/** A registration and its plan, for staff who may see the plan. */
export async function planOfRegistration(ctx: RequestContext, db: Kysely<DB>, registrationId: number) {
  const reg = await registrationById(db, registrationId);
  if (!reg) throw new AppError('NOT_FOUND', `报名 #${registrationId} 不存在`);
  const plan = await loadPlan(ctx, db, reg.plan_id);
  return { reg, plan };
}

/** A registration and its plan, for the candidate themself (a learner) or for staff who may see the plan. */
export async function registrationForCandidateOrStaff(ctx: RequestContext, db: Kysely<DB>, registrationId: number) {
  const reg = await registrationWithLearner(db, registrationId);
  const learner = ctx.actor!.role === 'learner';
  if (!reg || (learner && reg.user_id !== ctx.actor!.id))
    throw new AppError('NOT_FOUND', `报名 #${registrationId} 不存在`);
  const plan = learner ? await planById(db, reg.plan_id) : await loadPlan(ctx, db, reg.plan_id);
  return { reg, plan };
}

/** The occupation standard a plan is examined by (a plan is only created where one exists). */
export async function planStandard(db: Kysely<DB>, plan: { occupation_id: number; level: number }): Promise<Standard> {
  return toStandard((await standardFor(db, plan.occupation_id, plan.level))!);
}
