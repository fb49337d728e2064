/**
 * TRAIN-8: “落实培训后同步进行满意度调查，低于85%的停止培训开班，给予为期一个月的整改期”. The
 * satisfaction survey itself comes later (completion and survey records); this is the rule's
 * other half, ready for it: a provider in a rectification period opens no class (checked when a
 * class is submitted and approved, class-checks.service.ts), and `recordSatisfaction` is the one
 * entry point the survey calls with a class's result.
 */
import type { Kysely, Transaction } from 'kysely';
import { MIN_SATISFACTION_PERCENT, RECTIFICATION_MONTHS } from '../../../../contract/limits.js';
import type { DB } from '../../database/schema.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { providerById } from './providers.queries.js';
import * as q from './settings.queries.js';
import { addMonths } from './training.rules.js';

export interface RectificationInput {
  providerId: number;
  /** the class whose survey fell short, when there is one */
  classId?: number | null;
  /** the satisfaction rate that caused it, 0–100 with one decimal */
  satisfactionPercent?: number | null;
  reason: string;
  /** the first day of the period (yyyy-mm-dd); it ends a month later (RECTIFICATION_MONTHS) */
  startsOn: string;
}

/** Starts a rectification period of one month for a provider, audited in the caller's transaction. */
export async function startRectification(trx: Transaction<DB>, deps: Deps, ctx: RequestContext, r: RectificationInput) {
  if (!(await providerById(trx, r.providerId))) throw new AppError('NOT_FOUND', `培训机构 #${r.providerId} 不存在`);
  const row = {
    provider_id: r.providerId,
    class_id: r.classId ?? null,
    satisfaction_permille: r.satisfactionPercent == null ? null : Math.round(r.satisfactionPercent * 10),
    reason: r.reason,
    starts_on: r.startsOn,
    ends_on: addMonths(r.startsOn, RECTIFICATION_MONTHS),
    created_by: ctx.actor?.id ?? null,
    created_by_name: ctx.actor?.displayName ?? null,
    at: deps.clock.now().toISOString(),
  };
  const id = await q.insertRectification(trx, row);
  await recordAudit(trx, deps, ctx, {
    action: 'training.provider.rectify',
    objectType: 'training_provider',
    objectId: r.providerId,
    after: { id, ...row },
  });
  return { id, startsOn: row.starts_on, endsOn: row.ends_on };
}

/**
 * TRAIN-8: a class's satisfaction result. Below 85% the provider enters a month of rectification
 * from `on` (returned); at or above it nothing happens (null).
 */
export async function recordSatisfaction(
  trx: Transaction<DB>,
  deps: Deps,
  ctx: RequestContext,
  s: { providerId: number; classId: number | null; satisfactionPercent: number; on: string },
) {
  if (s.satisfactionPercent >= MIN_SATISFACTION_PERCENT) return null;
  return startRectification(trx, deps, ctx, {
    providerId: s.providerId,
    classId: s.classId,
    satisfactionPercent: s.satisfactionPercent,
    reason: `培训满意度 ${s.satisfactionPercent}%，低于 ${MIN_SATISFACTION_PERCENT}%：停止培训开班，整改一个月`,
    startsOn: s.on,
  });
}

/** TRAIN-8: the provider's rectification in force on `day`, if any. */
export const rectificationOn = (db: Kysely<DB>, providerId: number, day: string) =>
  q.rectificationOn(db, providerId, day);
