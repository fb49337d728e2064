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
