/**
 * Results in public (成绩公示): published for 5 working days with masked names, objections raised
 * and resolved within that period, then the final results once it has ended and no objection is
 * open.
 */
import type { Deps, RequestContext } from '../../lib/context.js';
import { businessDate } from '../../lib/dates.js';
import { AppError } from '../../lib/errors.js';
import { maskName } from '../../lib/identity.js';
import { personalData } from '../../lib/personal-data.js';
import { addWorkingDays } from '../../lib/workdays.js';
import { recordAudit } from '../audit/audit.service.js';
import { calendarOverrides } from '../regions/calendar.queries.js';
import * as objections from './objections.queries.js';
import {
  assertOwnPlan,
  loadOwnPlan,
  loadPlan,
  PLAN_STEPS,
  planAllows,
  planOfRegistration,
  planStandard,
  registrationForCandidateOrStaff,
  RESULTS_PUBLIC,
} from './plan-guards.js';
import { publicPlan, updatePlan } from './plans.queries.js';
import { eligibleRegistrationIds, registrationsOf, updateRegistration } from './registrations.queries.js';
import { currentScores, type CurrentScores } from './scores.queries.js';
import type { Standard } from './standards.service.js';

/** Pass = every part of the standard confirmed at or above the pass mark; null while any is unconfirmed. */
function outcome(std: Standard, regId: number, latest: CurrentScores) {
  const parts = std.parts.map((p) => latest.get(`${regId}:${p}`));
  if (parts.some((s) => !s || !s.confirmed_at)) return null;
  return parts.every((s) => s!.score_x10 >= std.passMark * 10) ? 'passed' : 'failed';
}

export async function publishResults(deps: Deps, ctx: RequestContext, planId: number) {
  return deps.db.transaction().execute(async (trx) => {
    const plan = await loadOwnPlan(ctx, trx, planId, 'publishResults');
    const std = await planStandard(trx, plan);
    const regs = await eligibleRegistrationIds(trx, planId);
    const { latest } = await currentScores(trx, planId);
    const incomplete = regs.filter((id) => outcome(std, id, latest) === null);
    if (!regs.length) throw new AppError('SCORES_INCOMPLETE', '本计划没有通过资格审核的考生');
    if (incomplete.length)
      throw new AppError('SCORES_INCOMPLETE', `还有 ${incomplete.length} 名考生的成绩未全部录入并复核`, {
        rule: 'CERT-11',
      });
    const today = businessDate(deps.clock.now(), deps.config.businessTimeZone);
    const pub = addWorkingDays(today, 5, await calendarOverrides(trx));
    const now = deps.clock.now().toISOString();
    await updatePlan(trx, planId, {
      status: PLAN_STEPS.publishResults.to,
      results_published_at: now,
      publicity_until: pub.date,
      updated_at: now,
    });
    await recordAudit(trx, deps, ctx, {
      action: 'plan.publish_results',
      objectType: 'plan',
      objectId: planId,
      after: { publicityUntil: pub.date, unknownYears: pub.unknownYears },
    });
    return {
      publicityUntil: pub.date,
      warning: pub.unknownYears.length
        ? `${pub.unknownYears.join('、')} 年的法定节假日尚未载入，公示截止日按普通周末推算，请管理员补充该年日历后核对`
        : null,
    };
  });
}

/** The public publicity list (公示): masked names and ID numbers, scores and outcome. */
export async function publicResults(deps: Deps, planId: number) {
  const plan = await publicPlan(deps.db, planId, RESULTS_PUBLIC);
  if (!plan) throw new AppError('NOT_FOUND', `没有编号为 ${planId} 的成绩公示`);
  const std = await planStandard(deps.db, plan);
  const regs = await registrationsOf(deps.db, planId);
  const { latest } = await currentScores(deps.db, planId);
  const pd = personalData(deps.config);
  return {
    id: plan.id,
    title: plan.title,
    institutionName: plan.institution_name,
    occupationName: plan.occupation_name,
    level: plan.level,
    publishedAt: plan.results_published_at,
    publicityUntil: plan.publicity_until,
    passMark: std.passMark,
    candidates: regs
      .filter((r) => r.status === 'eligible')
      .map((r) => ({
        name: maskName(r.name),
        idNumber: pd.maskedIdNumber('learners.id_number', r.id_number_enc),
        scores: Object.fromEntries(std.parts.map((p) => [p, (latest.get(`${r.id}:${p}`)?.score_x10 ?? 0) / 10])),
        result: outcome(std, r.id, latest) === 'passed' ? '合格' : '不合格',
      })),
  };
}

/** The candidate or their institution objects to a result, only while it is in public. */
export async function raiseObjection(deps: Deps, ctx: RequestContext, registrationId: number, text: string) {
  return deps.db.transaction().execute(async (trx) => {
    const { plan } = await registrationForCandidateOrStaff(ctx, trx, registrationId);
    if (
      !planAllows(plan, 'raiseObjection') ||
      !plan.publicity_until ||
      businessDate(deps.clock.now(), deps.config.businessTimeZone) > plan.publicity_until
    ) {
      throw new AppError('PLAN_INVALID_STATE', '只能在成绩公示期内提出异议');
    }
    const now = deps.clock.now().toISOString();
    const id = await objections.insertObjection(trx, {
      registration_id: registrationId,
      text,
      status: 'open',
      resolution: null,
      raised_by: ctx.actor!.id,
      resolved_by: null,
      created_at: now,
      resolved_at: null,
    });
    await recordAudit(trx, deps, ctx, {
      action: 'objection.raise',
      objectType: 'registration',
      objectId: registrationId,
      after: { objectionId: id, text },
    });
    return { id, status: 'open' };
  });
}

export async function resolveObjection(
  deps: Deps,
  ctx: RequestContext,
  objectionId: number,
  body: { upheld: boolean; resolution: string },
) {
  return deps.db.transaction().execute(async (trx) => {
    const o = await objections.objectionById(trx, objectionId);
    if (!o) throw new AppError('NOT_FOUND', `异议 #${objectionId} 不存在`);
    const { plan } = await planOfRegistration(ctx, trx, o.registration_id);
    assertOwnPlan(ctx, plan);
    if (o.status !== 'open') throw new AppError('PLAN_INVALID_STATE', '该异议已处理');
    const status = body.upheld ? 'upheld' : 'dismissed';
    const now = deps.clock.now().toISOString();
    await objections.updateObjection(trx, objectionId, {
      status,
      resolution: body.resolution,
      resolved_by: ctx.actor!.id,
      resolved_at: now,
    });
    await recordAudit(trx, deps, ctx, {
      action: 'objection.resolve',
      objectType: 'objection',
      objectId: objectionId,
      before: { status: 'open' },
      after: { status, resolution: body.resolution },
    });
    return { id: objectionId, status };
  });
}

export async function listObjections(deps: Deps, ctx: RequestContext, planId: number) {
  await loadPlan(ctx, deps.db, planId);
  const rows = await objections.objectionsOfPlan(deps.db, planId);
  return rows.map((r) => ({
    id: r.id,
    registrationId: r.registration_id,
    name: r.name,
    text: r.text,
    status: r.status,
    resolution: r.resolution,
    createdAt: r.created_at,
    resolvedAt: r.resolved_at,
  }));
}

/** Final results once the publicity period has ended and every objection is resolved. */
export async function finalizePlan(deps: Deps, ctx: RequestContext, planId: number) {
  return deps.db.transaction().execute(async (trx) => {
    const plan = await loadOwnPlan(ctx, trx, planId, 'finalize');
    const today = businessDate(deps.clock.now(), deps.config.businessTimeZone);
    if (today <= plan.publicity_until!)
      throw new AppError('PUBLICITY_NOT_ENDED', `成绩公示至 ${plan.publicity_until}，期满后方可确认最终结果`);
    const open = await objections.openObjectionCount(trx, planId);
    if (open) throw new AppError('OBJECTIONS_OPEN', `尚有 ${open} 件异议未处理`);
    const std = await planStandard(trx, plan);
    const regs = await eligibleRegistrationIds(trx, planId);
    const { latest } = await currentScores(trx, planId);
    let passed = 0;
    for (const id of regs) {
      const res = outcome(std, id, latest);
      if (res === null) throw new AppError('SCORES_INCOMPLETE', `报名 #${id} 的更正成绩尚未复核`, { rule: 'CERT-11' });
      if (res === 'passed') passed++;
      await updateRegistration(trx, id, { result: res });
    }
    const now = deps.clock.now().toISOString();
    await updatePlan(trx, planId, { status: PLAN_STEPS.finalize.to, finalized_at: now, updated_at: now });
    await recordAudit(trx, deps, ctx, {
      action: 'plan.finalize',
      objectType: 'plan',
      objectId: planId,
      after: { passed, failed: regs.length - passed },
    });
    return { passed, failed: regs.length - passed };
  });
}
