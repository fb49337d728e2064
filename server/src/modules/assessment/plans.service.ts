/**
 * Evaluation plans (评价计划) of the exam pathway (考试考核, CERT-2): created in the institution's
 * filed scope, published as a public notice, and shown with their candidates and scores. The
 * steps after publishing live beside this file: registrations and roster → sessions → scores →
 * publicity and objections → issuance.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../database/schema.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { businessDate } from '../../lib/dates.js';
import { AppError } from '../../lib/errors.js';
import { parseSnapshot } from './registration-situation.service.js';
import { personalData } from '../../lib/personal-data.js';
import { recordAudit } from '../audit/audit.service.js';
import { assertMayCertify } from '../institutions/certify-guard.js';
import { loadOwnPlan, loadPlan, PLAN_STATUS, PLAN_STEPS, planStandard } from './plan-guards.js';
import * as q from './plans.queries.js';
import { decisionsOf, registrationsOf } from './registrations.queries.js';
import { currentScores } from './scores.queries.js';
import { standardFor } from './standards.queries.js';

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
      on: businessDate(deps.clock.now(), deps.config.businessTimeZone),
    });
    const std = await standardFor(trx, body.occupationId, body.level);
    if (!std) throw new AppError('STANDARD_MISSING', '该职业等级尚无职业技能标准，请先由省级维护', { rule: 'CERT-2' });
    const now = deps.clock.now().toISOString();
    const id = await q.insertPlan(trx, {
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
    });
    await recordAudit(trx, deps, ctx, { action: 'plan.create', objectType: 'plan', objectId: id, after: body });
    return planDetail(deps, ctx, trx, id);
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

/** A plan with its standard and every candidate: decisions, eligibility, current scores (ID numbers masked). */
async function planDetail(deps: Deps, ctx: RequestContext, db: Kysely<DB>, id: number) {
  const plan = await loadPlan(ctx, db, id);
  const std = await planStandard(db, plan);
  const regs = await registrationsOf(db, id);
  const { latest } = await currentScores(db, id);
  const pd = personalData(deps.config);
  const decisions = await decisionsOf(
    db,
    regs.map((r) => r.id),
  );
  return {
    ...planSummary(plan),
    standard: std,
    registrations: regs.map((r) => ({
      id: r.id,
      learnerId: r.learner_id,
      name: r.name,
      idNumber: pd.maskedIdNumber('learners.id_number', r.id_number_enc),
      status: r.status,
      decision: r.decision,
      decisionReason: r.decision_reason,
      decisions: decisions
        .filter((d) => d.registration_id === r.id)
        .map((d) => ({ status: d.status, decision: d.decision, reason: d.reason, by: d.decided_by_name, at: d.at })),
      eligibility: r.eligibility_json ? JSON.parse(r.eligibility_json) : null,
      situation: parseSnapshot(r.situation_json),
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

/** Publishes the notice (公告), checking again that the institution may still certify in this scope. */
export async function publishPlan(deps: Deps, ctx: RequestContext, id: number) {
  return deps.db.transaction().execute(async (trx) => {
    const plan = await loadOwnPlan(ctx, trx, id, 'publish');
    await assertMayCertify(trx, ctx.actor!, {
      institutionId: plan.institution_id,
      occupationId: plan.occupation_id,
      level: plan.level,
      on: businessDate(deps.clock.now(), deps.config.businessTimeZone),
    });
    const now = deps.clock.now().toISOString();
    const status = PLAN_STEPS.publish.to;
    await q.updatePlan(trx, id, { status, published_at: now, updated_at: now });
    await recordAudit(trx, deps, ctx, {
      action: 'plan.publish',
      objectType: 'plan',
      objectId: id,
      before: { status: plan.status },
      after: { status },
    });
    return planDetail(deps, ctx, trx, id);
  });
}
