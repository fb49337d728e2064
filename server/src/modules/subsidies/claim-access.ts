/**
 * What every claim step shares: whose party the caller is, loading a claim the caller may act on in
 * its state (SUB-2's table, contract/subsidy-workflow.ts), the claim as shown with its deadline and
 * how late it is, and recording a step (history row + audit record, in the step's transaction).
 */
import type { Kysely, Transaction } from 'kysely';
import { can } from '../../../../contract/access.js';
import {
  CLAIM_STATUSES,
  CLAIM_STEPS,
  CLAIM_TRANSITIONS,
  type ClaimParty,
  type ClaimStatus,
  type ClaimStep,
} from '../../../../contract/subsidy-workflow.js';
import type { ClaimSummary } from '../../../../contract/api-subsidies.js';
import type { DB } from '../../database/schema.js';
import type { Actor, Deps, RequestContext } from '../../lib/context.js';
import { businessDate } from '../../lib/dates.js';
import { AppError, notFoundOrDenied } from '../../lib/errors.js';
import type { CalendarOverrides } from '../../lib/workdays.js';
import { recordAudit } from '../audit/audit.service.js';
import { placeNames } from '../regions/regions.queries.js';
import { claimById, insertStep, updateClaim, visibleClaim, type ClaimRow } from './claims.queries.js';
import { deadlineOf, workingDaysLate } from './deadlines.js';

/** The caller's party in the claim workflow, or null (a county official reads only). */
export function partyOf(actor: Actor): ClaimParty | null {
  if (can(actor.role, 'subsidy.claim')) return 'institution';
  if (can(actor.role, 'subsidy.review')) return 'hrss';
  if (can(actor.role, 'subsidy.finance')) return 'finance';
  return null;
}

export const today = (deps: Deps) => businessDate(deps.clock.now(), deps.config.businessTimeZone);

/** A claim the caller sees, or 404 (audited as a denial when it exists elsewhere). */
export async function loadVisibleClaim(db: Kysely<DB>, ctx: RequestContext, id: number, action: string) {
  const c = await visibleClaim(db, ctx.actor!, id);
  if (!c)
    throw notFoundOrDenied(await claimById(db, id), `补贴申领 #${id} 不存在或不在您的管辖范围内`, {
      action,
      objectType: 'subsidy_claim',
      objectId: id,
    });
  return c;
}

/**
 * An official acts only on the claims they handle: a training claim's place, else the claiming
 * institution's region (TRAIN-13); the provider's home region reads a training claim held elsewhere.
 */
export function assertHandles(ctx: RequestContext, c: ClaimRow) {
  const path = ctx.actor!.regionPath;
  if (!path || (c.review_region_path ?? c.institution_region_path).startsWith(path)) return;
  throw new AppError(
    'CLAIM_NOT_PLACE_OF_TRAINING',
    `培训补贴申领由培训所在地（${c.review_region_name ?? ''}）人力资源社会保障部门审核，培训机构所在地只能查阅（TRAIN-13，许技领办〔2021〕4号：跨区域开展培训的“向培训所在地人力资源社会保障局报备同意并接受监管”）`,
    { rule: 'TRAIN-13' },
  );
}

/** A claim the caller may take `step` on now: visible, the caller's party's turn, the state allowing it. */
export async function claimForStep(db: Kysely<DB>, ctx: RequestContext, id: number, step: ClaimStep) {
  const c = await loadVisibleClaim(db, ctx, id, `subsidy.${step}`);
  const t = CLAIM_TRANSITIONS[step];
  const verb = CLAIM_STEPS[step];
  if (partyOf(ctx.actor!) !== t.by)
    throw new AppError(
      'CLAIM_WRONG_PARTY',
      t.by === 'institution'
        ? `补贴申领由申领机构${verb}`
        : t.by === 'hrss'
          ? `补贴申领由人社部门${verb}`
          : `补贴申领由财政部门${verb}`,
      { rule: 'SUB-2' },
    );
  if (t.by !== 'institution') assertHandles(ctx, c);
  if (!(t.from as readonly string[]).includes(c.status))
    throw new AppError(
      'CLAIM_INVALID_STATE',
      `补贴申领当前为“${CLAIM_STATUSES[c.status as ClaimStatus] ?? c.status}”，不能${verb}`,
      { rule: 'SUB-2' },
    );
  return c;
}

/** The reason a step must give (returns it trimmed), or a field error. */
export function requiredReason(step: ClaimStep, reason: string | null | undefined): string | null {
  const r = reason?.trim() || null;
  if (CLAIM_TRANSITIONS[step].reason && !r)
    throw new AppError('VALIDATION_FAILED', `${CLAIM_STEPS[step]}须说明理由`, {
      rule: 'SUB-2',
      details: [{ field: '/reason', message: '须说明理由' }],
    });
  return r;
}

/**
 * Moves a claim from its current status (a concurrent step loses with 409), writes the history row
 * and the audit record in the same transaction.
 */
export async function recordStep(
  trx: Transaction<DB>,
  deps: Deps,
  ctx: RequestContext,
  c: ClaimRow,
  step: ClaimStep,
  patch: Parameters<typeof updateClaim>[3] & { status?: ClaimStatus },
  note: { reason?: string | null; detail?: string | null; after?: Record<string, unknown> } = {},
) {
  const now = deps.clock.now().toISOString();
  const to = patch.status ?? (c.status as ClaimStatus);
  if (!(await updateClaim(trx, c.id, c.status, { ...patch, updated_at: now })))
    throw new AppError('CLAIM_INVALID_STATE', '补贴申领已被他人办理，请刷新后重试', { rule: 'SUB-2' });
  const actor = ctx.actor!;
  await insertStep(trx, {
    claim_id: c.id,
    step,
    from_status: c.status,
    to_status: to,
    actor_id: actor.id,
    actor_name: actor.displayName,
    actor_role: actor.role,
    reason: note.reason ?? null,
    detail: note.detail ?? null,
    on_date: today(deps),
    at: now,
  });
  await recordAudit(trx, deps, ctx, {
    action: `subsidy.${step}`,
    objectType: 'subsidy_claim',
    objectId: c.id,
    before: { status: c.status },
    after: { status: to, ...(note.reason ? { reason: note.reason } : {}), ...note.after },
  });
}

/**
 * A claim as listed: its stage, deadline and how many working days past it (SUB-2), and where a
 * training class is held (`places`: placeNames of the claims' review regions).
 */
export function toSummary(
  c: ClaimRow,
  day: string,
  overrides: CalendarOverrides,
  places: ReadonlyMap<string, string>,
): ClaimSummary {
  const d = deadlineOf(c.status);
  const overdue = !!d && !!c.due_on && c.due_on < day;
  return {
    id: c.id,
    title: c.title,
    kind: c.kind,
    institutionId: c.institution_id,
    institutionName: c.institution_name,
    fundRegionCode: c.fund_region_code,
    fundRegionName: c.fund_region_name,
    placeRegionCode: c.review_region_code,
    placeName: c.review_region_code
      ? (places.get(c.review_region_code) ?? c.review_region_name ?? c.review_region_code)
      : null,
    status: c.status as ClaimStatus,
    lineCount: Number(c.line_count),
    amountFen: Number(c.amount_fen),
    submittedOn: c.submitted_on,
    stage: d?.stage ?? null,
    dueOn: d ? c.due_on : null,
    overdue,
    overdueWorkingDays: overdue ? workingDaysLate(c.due_on!, day, overrides) : 0,
    publicityFrom: c.publicity_from,
    publicityUntil: c.publicity_until,
    createdAt: c.created_at,
    updatedAt: c.updated_at,
  };
}

/** Where the claims' training classes are held, as people name places (郑州市 金水区). */
export const placesOfClaims = (db: Kysely<DB>, claims: readonly { review_region_code: string | null }[]) =>
  placeNames(
    db,
    claims.map((c) => c.review_region_code).filter((code): code is string => !!code),
  );
