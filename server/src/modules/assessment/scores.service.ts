/**
 * Scores as a ledger (成绩台账, CERT-11): one person enters, another confirms; a correction is a
 * new version with its reason and the old version stays.
 */
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import {
  assertOwnPlan,
  assertPlanAllows,
  loadOwnPlan,
  PARTS,
  planOfRegistration,
  planStandard,
  type Part,
} from './plan-guards.js';
import { registrationStatuses } from './registrations.queries.js';
import * as q from './scores.queries.js';

export async function enterScores(
  deps: Deps,
  ctx: RequestContext,
  planId: number,
  entries: { registrationId: number; part: Part; score: number }[],
) {
  return deps.db.transaction().execute(async (trx) => {
    const plan = await loadOwnPlan(ctx, trx, planId, 'enterScores');
    const std = await planStandard(trx, plan);
    const regs = new Map((await registrationStatuses(trx, planId)).map((r) => [r.id, r]));
    const { latest } = await q.currentScores(trx, planId);
    const problems: { field: string; message: string }[] = [];
    entries.forEach((e, i) => {
      const r = regs.get(e.registrationId);
      if (!r)
        problems.push({ field: `/entries/${i}/registrationId`, message: `报名 #${e.registrationId} 不属于本计划` });
      else if (r.status !== 'eligible')
        problems.push({
          field: `/entries/${i}/registrationId`,
          message: `报名 #${e.registrationId} ${r.status === 'withdrawn' ? '已撤回' : '未通过资格审核'}`,
        });
      if (!std.parts.includes(e.part))
        problems.push({ field: `/entries/${i}/part`, message: `本计划不设${PARTS[e.part]}` });
      if (Math.round(e.score * 10) !== e.score * 10)
        problems.push({ field: `/entries/${i}/score`, message: '成绩最多保留一位小数' });
      if (latest.has(`${e.registrationId}:${e.part}`))
        problems.push({
          field: `/entries/${i}`,
          message: `报名 #${e.registrationId} 的${PARTS[e.part]}成绩已录入，如需修改请提交更正并说明理由`,
        });
    });
    if (problems.length)
      throw new AppError('VALIDATION_FAILED', problems.map((p) => p.message).join('；'), {
        rule: 'CERT-11',
        details: problems,
      });
    const now = deps.clock.now().toISOString();
    for (const e of entries)
      await q.insertScoreEntry(trx, {
        registration_id: e.registrationId,
        part: e.part,
        version: 1,
        score_x10: Math.round(e.score * 10),
        reason: null,
        entered_by: ctx.actor!.id,
        entered_at: now,
      });
    await recordAudit(trx, deps, ctx, {
      action: 'score.enter',
      objectType: 'plan',
      objectId: planId,
      after: { entries },
    });
    return { entered: entries.length };
  });
}

/** A second person confirms what the first entered (CERT-11); one's own entries are never confirmed by oneself. */
export async function confirmScores(deps: Deps, ctx: RequestContext, planId: number) {
  return deps.db.transaction().execute(async (trx) => {
    await loadOwnPlan(ctx, trx, planId);
    const { latest } = await q.currentScores(trx, planId);
    const open = [...latest.values()].filter((s) => !s.confirmed_at);
    const mine = open.filter((s) => s.entered_by === ctx.actor!.id);
    const others = open.filter((s) => s.entered_by !== ctx.actor!.id);
    if (!others.length && mine.length)
      throw new AppError('SCORE_SAME_PERSON', `待复核的 ${mine.length} 条成绩均由您本人录入，须由另一人复核`, {
        rule: 'CERT-11',
      });
    const now = deps.clock.now().toISOString();
    for (const s of others) await q.confirmScoreEntry(trx, s.id, ctx.actor!.id, now);
    await recordAudit(trx, deps, ctx, {
      action: 'score.confirm',
      objectType: 'plan',
      objectId: planId,
      after: { confirmed: others.length, skippedOwn: mine.length },
    });
    return { confirmed: others.length, skippedOwnEntries: mine.length };
  });
}

/** A correction is a new version with its reason; the old version stays in the ledger. */
export async function correctScore(
  deps: Deps,
  ctx: RequestContext,
  registrationId: number,
  part: Part,
  body: { score: number; reason: string },
) {
  return deps.db.transaction().execute(async (trx) => {
    const { plan } = await planOfRegistration(ctx, trx, registrationId);
    assertOwnPlan(ctx, plan);
    assertPlanAllows(plan, 'correctScore');
    const last = await q.lastScoreEntry(trx, registrationId, part);
    if (!last) throw new AppError('VALIDATION_FAILED', '该成绩尚未录入，无需更正');
    const now = deps.clock.now().toISOString();
    await q.insertScoreEntry(trx, {
      registration_id: registrationId,
      part,
      version: last.version + 1,
      score_x10: Math.round(body.score * 10),
      reason: body.reason,
      entered_by: ctx.actor!.id,
      entered_at: now,
    });
    await recordAudit(trx, deps, ctx, {
      action: 'score.correct',
      objectType: 'registration',
      objectId: registrationId,
      before: { part, version: last.version, score: last.score_x10 / 10 },
      after: { part, version: last.version + 1, score: body.score, reason: body.reason },
    });
    return { registrationId, part, version: last.version + 1, score: body.score };
  });
}

/** Every version of a registration's scores, with who entered and who confirmed each. */
export async function scoreHistory(deps: Deps, ctx: RequestContext, registrationId: number) {
  const { reg, plan } = await planOfRegistration(ctx, deps.db, registrationId);
  const rows = await q.scoreLedger(deps.db, reg.id);
  return {
    registrationId: reg.id,
    planId: plan.id,
    versions: rows.map((r) => ({
      part: r.part,
      version: r.version,
      score: r.score_x10 / 10,
      reason: r.reason,
      enteredBy: r.entered_by,
      enteredAt: r.entered_at,
      confirmedBy: r.confirmed_by,
      confirmedAt: r.confirmed_at,
    })),
  };
}
