/**
 * 撤回报名: the plan's institution withdraws a registration, always with its reason, while the plan
 * takes registrations and before any score is entered for it — afterwards the candidate is part of
 * the score ledger and the results, which are never silently edited (CERT-11). The withdrawal is
 * the registration's last entry in the decision ledger and is audited; the registration stays,
 * shown as 已撤回, and takes no seat, score or certificate.
 */
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { assertOwnPlan, assertPlanAllows, planOfRegistration } from './plan-guards.js';
import * as q from './registrations.queries.js';
import { hasScores } from './scores.queries.js';

export async function withdrawRegistration(deps: Deps, ctx: RequestContext, registrationId: number, reason: string) {
  return deps.db.transaction().execute(async (trx) => {
    const { reg, plan } = await planOfRegistration(ctx, trx, registrationId);
    assertOwnPlan(ctx, plan);
    if (reg.status === 'withdrawn')
      throw new AppError('REGISTRATION_WITHDRAWN', `报名 #${registrationId} 已于此前撤回`, { rule: 'CERT-11' });
    if (await hasScores(trx, registrationId))
      throw new AppError('REGISTRATION_SCORED', '该考生已录入成绩，成绩台账不能无痕删改，不能撤回报名', {
        rule: 'CERT-11',
      });
    assertPlanAllows(plan, 'withdraw');
    const now = deps.clock.now().toISOString();
    await q.updateRegistration(trx, registrationId, {
      status: 'withdrawn',
      decision: 'manual',
      decision_reason: reason,
      decided_by: ctx.actor!.id,
      decided_at: now,
    });
    await q.insertDecision(trx, {
      registration_id: registrationId,
      status: 'withdrawn',
      decision: 'manual',
      reason,
      decided_by: ctx.actor!.id,
      decided_by_name: ctx.actor!.displayName,
      at: now,
    });
    await recordAudit(trx, deps, ctx, {
      action: 'registration.withdraw',
      objectType: 'registration',
      objectId: registrationId,
      before: { status: reg.status, reason: reg.decision_reason },
      after: { status: 'withdrawn', reason },
    });
    return { id: registrationId, status: 'withdrawn' as const, reason };
  });
}
