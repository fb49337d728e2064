/**
 * Dynamic management (动态管理, INST-5) and credit evaluation (信用评估, INST-8): ordered
 * rectification with a deadline, suspension, revocation, reinstatement — each with reason and
 * history — and the credit grade computed from recorded events.
 */
import type { Kysely } from 'kysely';
import {
  CREDIT_EVENTS,
  INSTITUTION_STATUSES,
  MANAGEMENT_ACTIONS,
  type CreditEventType,
  type ManagementAction,
} from '../../../../contract/institutions.js';
import type { DB } from '../../database/schema.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError, notFoundOrDenied } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { businessDate } from '../../lib/dates.js';
import { creditGrade, MANAGEMENT_TRANSITIONS } from './filing.rules.js';
import { getVisibleInstitution, institutionExists, updateInstitution } from './institutions.queries.js';
import {
  eventCountsSince,
  insertInstitutionEvent,
  institutionEvents,
  institutionStatus,
} from './management.queries.js';

export async function recordInstitutionEvent(
  trx: Kysely<DB>,
  deps: Deps,
  ctx: RequestContext,
  institutionId: number,
  e: {
    type: string;
    reason?: string | null;
    deadline?: string | null;
    statusBefore?: string | null;
    statusAfter?: string | null;
  },
) {
  await insertInstitutionEvent(trx, {
    institution_id: institutionId,
    type: e.type,
    reason: e.reason ?? null,
    deadline: e.deadline ?? null,
    status_before: e.statusBefore ?? null,
    status_after: e.statusAfter ?? null,
    actor_id: ctx.actor?.id ?? null,
    actor_name: ctx.actor?.displayName ?? null,
    at: deps.clock.now().toISOString(),
  });
}

async function loadForOfficial(deps: Deps, ctx: RequestContext, trx: Kysely<DB>, id: number) {
  const row = await getVisibleInstitution(trx, ctx.actor!, id);
  if (!row) {
    throw notFoundOrDenied(await institutionExists(trx, id), `机构 #${id} 不存在或不在您的管辖范围内`, {
      action: 'institution.manage',
      objectType: 'institution',
      objectId: id,
    });
  }
  return row;
}

export async function manageInstitution(
  deps: Deps,
  ctx: RequestContext,
  id: number,
  body: { action: ManagementAction; reason: string; deadline?: string },
) {
  return deps.db.transaction().execute(async (trx) => {
    const inst = await loadForOfficial(deps, ctx, trx, id);
    const t = MANAGEMENT_TRANSITIONS[body.action];
    if (!t.from.includes(inst.status)) {
      throw new AppError(
        'INVALID_TRANSITION',
        `机构当前状态为“${INSTITUTION_STATUSES[inst.status]}”，不能${MANAGEMENT_ACTIONS[body.action]}`,
        { rule: 'INST-5' },
      );
    }
    const today = businessDate(deps.clock.now(), deps.config.businessTimeZone);
    if (body.action === 'rectify') {
      if (!body.deadline)
        throw new AppError('VALIDATION_FAILED', '责令整改须规定整改期限', {
          rule: 'INST-5',
          details: [{ field: '/deadline', message: '须填写整改期限' }],
        });
      if (body.deadline <= today)
        throw new AppError('VALIDATION_FAILED', '整改期限须晚于今天', {
          rule: 'INST-5',
          details: [{ field: '/deadline', message: '整改期限须晚于今天' }],
        });
    }
    const now = deps.clock.now().toISOString();
    await updateInstitution(trx, id, {
      status: t.to as never,
      rectification_deadline: body.action === 'rectify' ? body.deadline! : null,
      updated_at: now,
    });
    const type =
      body.action === 'rectify'
        ? 'rectification_ordered'
        : body.action === 'complete_rectification'
          ? 'rectification_completed'
          : body.action;
    await recordInstitutionEvent(trx, deps, ctx, id, {
      type,
      reason: body.reason,
      deadline: body.deadline ?? null,
      statusBefore: inst.status,
      statusAfter: t.to,
    });
    await recordAudit(trx, deps, ctx, {
      action: `institution.${body.action}`,
      objectType: 'institution',
      objectId: id,
      before: { status: inst.status, rectificationDeadline: inst.rectification_deadline },
      after: {
        status: t.to,
        rectificationDeadline: body.action === 'rectify' ? body.deadline : null,
        reason: body.reason,
      },
    });
    return { id, status: t.to, statusLabel: INSTITUTION_STATUSES[t.to as keyof typeof INSTITUTION_STATUSES] };
  });
}

export async function addCreditEvent(
  deps: Deps,
  ctx: RequestContext,
  id: number,
  body: { type: CreditEventType; reason: string },
) {
  return deps.db.transaction().execute(async (trx) => {
    await loadForOfficial(deps, ctx, trx, id);
    await recordInstitutionEvent(trx, deps, ctx, id, { type: body.type, reason: body.reason });
    const credit = await creditOf(trx, id, deps.clock.now());
    await recordAudit(trx, deps, ctx, {
      action: 'institution.credit_event',
      objectType: 'institution',
      objectId: id,
      after: { type: body.type, reason: body.reason, credit },
    });
    return credit;
  });
}

const creditWindowStart = (now: Date) => new Date(now.getTime() - 3 * 365 * 86_400_000).toISOString();

/** INST-8: the grade from the events of the last three years (formula in filing.rules.ts). */
function gradeOf(counts: { type: string; n: number | string }[], status: string | undefined) {
  const n = (t: string) => Number(counts.find((r) => r.type === t)?.n ?? 0);
  return creditGrade({
    violations: n('violation'),
    rectifications: n('rectification_ordered'),
    complaintsUpheld: n('complaint_upheld'),
    lateReports: n('late_report'),
    rectificationsCompleted: n('rectification_completed'),
    revoked: status === 'revoked',
  });
}

export async function creditOf(db: Kysely<DB>, institutionId: number, now: Date) {
  const counts = await eventCountsSince(db, [institutionId], creditWindowStart(now));
  const inst = await institutionStatus(db, institutionId);
  return gradeOf(counts, inst?.status);
}

/** Credit grades for many institutions in one query. */
export async function creditOfMany(db: Kysely<DB>, rows: { id: number; status: string }[], now: Date) {
  const out = new Map<number, ReturnType<typeof creditGrade>>();
  if (!rows.length) return out;
  const counts = await eventCountsSince(
    db,
    rows.map((r) => r.id),
    creditWindowStart(now),
  );
  for (const r of rows)
    out.set(
      r.id,
      gradeOf(
        counts.filter((c) => c.institution_id === r.id),
        r.status,
      ),
    );
  return out;
}

export const EVENT_LABELS: Record<string, string> = {
  filed: '备案',
  rectification_ordered: '责令限期整改',
  rectification_completed: '整改完成',
  suspend: '暂停评价',
  reinstate: '恢复',
  revoke: '取消备案',
  ...CREDIT_EVENTS,
};

export async function eventsOf(db: Kysely<DB>, institutionId: number) {
  const rows = await institutionEvents(db, institutionId);
  return rows.map((r) => ({
    type: r.type,
    typeLabel: EVENT_LABELS[r.type] ?? r.type,
    reason: r.reason,
    deadline: r.deadline,
    statusBefore: r.status_before,
    statusAfter: r.status_after,
    actorName: r.actor_name,
    at: r.at,
  }));
}
