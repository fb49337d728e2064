/**
 * Evaluation by exam (考试考核, CERT-2): plan → public notice → registration (one by one or by
 * Excel roster) → automatic eligibility check, with a manual decision and reason where needed →
 * sessions staffed to the standard, admission tickets → scores entered by one person and
 * confirmed by another, kept as a ledger (CERT-11) → results published for 5 working days →
 * objections → final results → certificates issued.
 */
import ExcelJS from 'exceljs';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../database/schema.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError, notFoundOrDenied } from '../../lib/errors.js';
import { ageOn, checkResidentId, maskIdNumber, maskName } from '../../lib/identity.js';
import { findOrCreateLearner } from '../people/learners.service.js';
import { checkPhoto, storeLearnerPhoto } from '../people/photo.service.js';
import { addWorkingDays, type CalendarOverrides } from '../../lib/workdays.js';
import { recordAudit } from '../audit/audit.service.js';
import { issueCertificate } from '../certificates/certificates.service.js';
import { assertMayCertify } from '../institutions/certify-guard.js';
import { isoDate } from '../../lib/dates.js';
import { assignStaff } from '../staff/staff.service.js';
import { checkEligibility, secondaryVocationalCap, type CandidateFacts } from './eligibility.js';
import {
  assertOwnPlan,
  assertPlanAllows,
  loadPlan,
  PARTS,
  PLAN_STATUS,
  planOfRegistration,
  registrationForCandidateOrStaff,
  type Part,
} from './plan-guards.js';
import * as q from './plans.queries.js';
import { registrationsOf } from './registrations.queries.js';
import { currentScores, type CurrentScores } from './scores.queries.js';
import { staffingProblem } from './staffing.js';
import { standardFor } from './standards.queries.js';
import { toStandard, type Standard } from './standards.service.js';

// ---------------------------------------------------------------- plans
export async function createPlan(
  deps: Deps,
  ctx: RequestContext,
  body: { occupationId: number; level: number; year: number; title: string; fee?: number; notice?: string | null },
) {
  const actor = ctx.actor!;
  return deps.db.transaction().execute(async (trx) => {
    await assertMayCertify(trx, actor, {
      institutionId: actor.institutionId!,
      occupationId: body.occupationId,
      level: body.level,
      on: deps.clock.now(),
    });
    const std = await standardFor(trx, body.occupationId, body.level);
    if (!std) throw new AppError('STANDARD_MISSING', '该职业等级尚无职业技能标准，请先由省级维护', { rule: 'CERT-2' });
    const now = deps.clock.now().toISOString();
    const r = await trx
      .insertInto('evaluation_plans')
      .values({
        institution_id: actor.institutionId!,
        occupation_id: body.occupationId,
        level: body.level,
        year: body.year,
        title: body.title,
        fee: body.fee ?? 0,
        status: 'draft',
        notice: body.notice ?? null,
        published_at: null,
        results_published_at: null,
        publicity_until: null,
        finalized_at: null,
        created_by: actor.id,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, deps, ctx, { action: 'plan.create', objectType: 'plan', objectId: r.id, after: body });
    return planDetail(deps, ctx, trx, r.id);
  });
}

export async function listPlans(deps: Deps, ctx: RequestContext) {
  const rows = await q.visiblePlans(deps.db, ctx.actor!).orderBy('p.id', 'desc').limit(500).execute();
  return rows.map(planSummary);
}
function planSummary(p: q.PlanRow) {
  return {
    id: p.id,
    institutionId: p.institution_id,
    institutionName: p.institution_name,
    occupationId: p.occupation_id,
    occupationName: p.occupation_name,
    occupationCode: p.occupation_code,
    level: p.level,
    year: p.year,
    title: p.title,
    fee: p.fee,
    status: p.status,
    statusLabel: PLAN_STATUS[p.status],
    notice: p.notice,
    publishedAt: p.published_at,
    resultsPublishedAt: p.results_published_at,
    publicityUntil: p.publicity_until,
    finalizedAt: p.finalized_at,
  };
}

async function planDetail(deps: Deps, ctx: RequestContext, db: Kysely<DB>, id: number) {
  const plan = await loadPlan(ctx, db, id);
  const std = toStandard((await standardFor(db, plan.occupation_id, plan.level))!);
  const regs = await registrationsOf(db, id);
  const { latest } = await currentScores(db, id);
  const full = ctx.actor!.institutionId === plan.institution_id;
  const decisions = regs.length
    ? await db
        .selectFrom('registration_decisions')
        .selectAll()
        .where(
          'registration_id',
          'in',
          regs.map((r) => r.id),
        )
        .orderBy('id')
        .execute()
    : [];
  return {
    ...planSummary(plan),
    standard: std,
    registrations: regs.map((r) => ({
      id: r.id,
      learnerId: r.learner_id,
      name: r.name,
      idNumber: full ? r.id_number : maskIdNumber(r.id_number),
      status: r.status,
      decision: r.decision,
      decisionReason: r.decision_reason,
      decisions: decisions
        .filter((d) => d.registration_id === r.id)
        .map((d) => ({ status: d.status, decision: d.decision, reason: d.reason, by: d.decided_by_name, at: d.at })),
      eligibility: r.eligibility_json ? JSON.parse(r.eligibility_json) : null,
      fee: r.fee,
      result: r.result,
      certificateId: r.certificate_id,
      scores: Object.fromEntries(
        std.parts.map((part) => {
          const s = latest.get(`${r.id}:${part}`);
          return [part, s ? { score: s.score_x10 / 10, version: s.version, confirmed: !!s.confirmed_at } : null];
        }),
      ),
    })),
  };
}
export const getPlan = (deps: Deps, ctx: RequestContext, id: number) => planDetail(deps, ctx, deps.db, id);

export async function publishPlan(deps: Deps, ctx: RequestContext, id: number) {
  return deps.db.transaction().execute(async (trx) => {
    const plan = await loadPlan(ctx, trx, id);
    assertOwnPlan(ctx, plan);
    assertPlanAllows(plan, 'publish');
    await assertMayCertify(trx, ctx.actor!, {
      institutionId: plan.institution_id,
      occupationId: plan.occupation_id,
      level: plan.level,
      on: deps.clock.now(),
    });
    const now = deps.clock.now().toISOString();
    await trx
      .updateTable('evaluation_plans')
      .set({ status: 'published', published_at: now, updated_at: now })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, deps, ctx, {
      action: 'plan.publish',
      objectType: 'plan',
      objectId: id,
      before: { status: plan.status },
      after: { status: 'published' },
    });
    return planDetail(deps, ctx, trx, id);
  });
}

// ---------------------------------------------------------------- results
async function calendarOverrides(db: Kysely<DB>): Promise<CalendarOverrides> {
  return new Map(
    (await db.selectFrom('calendar_days').select(['date', 'work']).execute()).map((d) => [d.date, d.work === 1]),
  );
}

/** Pass = every part of the standard confirmed at or above the pass mark. */
function outcome(std: Standard, regId: number, latest: CurrentScores) {
  const parts = std.parts.map((p) => latest.get(`${regId}:${p}`));
  if (parts.some((s) => !s || !s.confirmed_at)) return null;
  return parts.every((s) => s!.score_x10 >= std.passMark * 10) ? 'passed' : 'failed';
}

export async function publishResults(deps: Deps, ctx: RequestContext, planId: number) {
  return deps.db.transaction().execute(async (trx) => {
    const plan = await loadPlan(ctx, trx, planId);
    assertOwnPlan(ctx, plan);
    assertPlanAllows(plan, 'publishResults');
    const std = toStandard((await standardFor(trx, plan.occupation_id, plan.level))!);
    const regs = await trx
      .selectFrom('registrations')
      .select('id')
      .where('plan_id', '=', planId)
      .where('status', '=', 'eligible')
      .execute();
    const { latest } = await currentScores(trx, planId);
    const incomplete = regs.filter((r) => outcome(std, r.id, latest) === null);
    if (!regs.length) throw new AppError('SCORES_INCOMPLETE', '本计划没有通过资格审核的考生');
    if (incomplete.length)
      throw new AppError('SCORES_INCOMPLETE', `还有 ${incomplete.length} 名考生的成绩未全部录入并复核`, {
        rule: 'CERT-11',
      });
    const today = isoDate(deps.clock.now());
    const pub = addWorkingDays(today, 5, await calendarOverrides(trx));
    const now = deps.clock.now().toISOString();
    await trx
      .updateTable('evaluation_plans')
      .set({ status: 'results_published', results_published_at: now, publicity_until: pub.date, updated_at: now })
      .where('id', '=', planId)
      .execute();
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
  const plan = await deps.db
    .selectFrom('evaluation_plans as p')
    .innerJoin('institutions as i', 'i.id', 'p.institution_id')
    .innerJoin('occupations as o', 'o.id', 'p.occupation_id')
    .select([
      'p.id',
      'p.title',
      'p.level',
      'p.status',
      'p.occupation_id',
      'p.publicity_until',
      'p.results_published_at',
      'i.name as institution_name',
      'o.name as occupation_name',
    ])
    .where('p.id', '=', planId)
    .where('p.status', 'in', ['results_published', 'finalized'])
    .executeTakeFirst();
  if (!plan) throw new AppError('NOT_FOUND', `没有编号为 ${planId} 的成绩公示`);
  const std = toStandard((await standardFor(deps.db, plan.occupation_id, plan.level))!);
  const regs = await registrationsOf(deps.db, planId);
  const { latest } = await currentScores(deps.db, planId);
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
        idNumber: maskIdNumber(r.id_number),
        scores: Object.fromEntries(std.parts.map((p) => [p, (latest.get(`${r.id}:${p}`)?.score_x10 ?? 0) / 10])),
        result: outcome(std, r.id, latest) === 'passed' ? '合格' : '不合格',
      })),
  };
}

export async function raiseObjection(deps: Deps, ctx: RequestContext, registrationId: number, text: string) {
  return deps.db.transaction().execute(async (trx) => {
    const { plan } = await registrationForCandidateOrStaff(ctx, trx, registrationId);
    if (
      plan.status !== 'results_published' ||
      !plan.publicity_until ||
      isoDate(deps.clock.now()) > plan.publicity_until
    ) {
      throw new AppError('PLAN_INVALID_STATE', '只能在成绩公示期内提出异议');
    }
    const now = deps.clock.now().toISOString();
    const r = await trx
      .insertInto('objections')
      .values({
        registration_id: registrationId,
        text,
        status: 'open',
        resolution: null,
        raised_by: ctx.actor!.id,
        resolved_by: null,
        created_at: now,
        resolved_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, deps, ctx, {
      action: 'objection.raise',
      objectType: 'registration',
      objectId: registrationId,
      after: { objectionId: r.id, text },
    });
    return { id: r.id, status: 'open' };
  });
}

export async function resolveObjection(
  deps: Deps,
  ctx: RequestContext,
  objectionId: number,
  body: { upheld: boolean; resolution: string },
) {
  return deps.db.transaction().execute(async (trx) => {
    const o = await trx.selectFrom('objections').selectAll().where('id', '=', objectionId).executeTakeFirst();
    if (!o) throw new AppError('NOT_FOUND', `异议 #${objectionId} 不存在`);
    const { plan } = await planOfRegistration(ctx, trx, o.registration_id);
    assertOwnPlan(ctx, plan);
    if (o.status !== 'open') throw new AppError('PLAN_INVALID_STATE', '该异议已处理');
    const status = body.upheld ? 'upheld' : 'dismissed';
    const now = deps.clock.now().toISOString();
    await trx
      .updateTable('objections')
      .set({ status, resolution: body.resolution, resolved_by: ctx.actor!.id, resolved_at: now })
      .where('id', '=', objectionId)
      .execute();
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
  const rows = await deps.db
    .selectFrom('objections as o')
    .innerJoin('registrations as r', 'r.id', 'o.registration_id')
    .innerJoin('learners as l', 'l.id', 'r.learner_id')
    .select([
      'o.id',
      'o.registration_id',
      'l.name',
      'o.text',
      'o.status',
      'o.resolution',
      'o.created_at',
      'o.resolved_at',
    ])
    .where('r.plan_id', '=', planId)
    .orderBy('o.id')
    .execute();
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

export async function finalizePlan(deps: Deps, ctx: RequestContext, planId: number) {
  return deps.db.transaction().execute(async (trx) => {
    const plan = await loadPlan(ctx, trx, planId);
    assertOwnPlan(ctx, plan);
    assertPlanAllows(plan, 'finalize');
    const today = isoDate(deps.clock.now());
    if (today <= plan.publicity_until!)
      throw new AppError('PUBLICITY_NOT_ENDED', `成绩公示至 ${plan.publicity_until}，期满后方可确认最终结果`);
    const open = await trx
      .selectFrom('objections as o')
      .innerJoin('registrations as r', 'r.id', 'o.registration_id')
      .select('o.id')
      .where('r.plan_id', '=', planId)
      .where('o.status', '=', 'open')
      .execute();
    if (open.length) throw new AppError('OBJECTIONS_OPEN', `尚有 ${open.length} 件异议未处理`);
    const std = toStandard((await standardFor(trx, plan.occupation_id, plan.level))!);
    const regs = await trx
      .selectFrom('registrations')
      .select('id')
      .where('plan_id', '=', planId)
      .where('status', '=', 'eligible')
      .execute();
    const { latest } = await currentScores(trx, planId);
    let passed = 0;
    for (const r of regs) {
      const res = outcome(std, r.id, latest);
      if (res === null)
        throw new AppError('SCORES_INCOMPLETE', `报名 #${r.id} 的更正成绩尚未复核`, { rule: 'CERT-11' });
      if (res === 'passed') passed++;
      await trx.updateTable('registrations').set({ result: res }).where('id', '=', r.id).execute();
    }
    const now = deps.clock.now().toISOString();
    await trx
      .updateTable('evaluation_plans')
      .set({ status: 'finalized', finalized_at: now, updated_at: now })
      .where('id', '=', planId)
      .execute();
    await recordAudit(trx, deps, ctx, {
      action: 'plan.finalize',
      objectType: 'plan',
      objectId: planId,
      after: { passed, failed: regs.length - passed },
    });
    return { passed, failed: regs.length - passed };
  });
}

/** Issues a certificate to every passed candidate who has none yet (CERT-7, pathway exam). */
export async function issueForPlan(deps: Deps, ctx: RequestContext, planId: number) {
  const plan = await loadPlan(ctx, deps.db, planId);
  assertOwnPlan(ctx, plan);
  assertPlanAllows(plan, 'issue');
  const todo = await deps.db
    .selectFrom('registrations')
    .select(['id', 'learner_id'])
    .where('plan_id', '=', planId)
    .where('result', '=', 'passed')
    .where('certificate_id', 'is', null)
    .orderBy('id')
    .execute();
  const numbers: string[] = [];
  for (let i = 0; i < todo.length; i += 200) {
    await deps.db.transaction().execute(async (trx) => {
      for (const r of todo.slice(i, i + 200)) {
        const c = await issueCertificate(trx, deps, ctx, {
          learnerId: r.learner_id,
          occupationId: plan.occupation_id,
          level: plan.level,
          pathway: 'exam',
          sourceType: 'registration',
          sourceId: r.id,
        });
        await trx.updateTable('registrations').set({ certificate_id: c.id }).where('id', '=', r.id).execute();
        numbers.push(c.number);
      }
    });
  }
  return { issued: numbers.length, numbers };
}
