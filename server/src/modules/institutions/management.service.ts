/**
 * Dynamic management (动态管理, INST-5) and credit evaluation (信用评估, INST-8): ordered
 * rectification with a deadline, suspension, revocation, reinstatement — each with reason and
 * history — and the credit grade computed from recorded events.
 */
import type { Kysely } from 'kysely';
import { can } from '../../../../contract/access.js';
import { ERROR_CODES } from '../../../../contract/errors.js';
import {
  CREDIT_EVENTS,
  INSTITUTION_STATUSES,
  MANAGEMENT_ACTIONS,
  type CreditEventType,
  type ManagementAction,
} from '../../../../contract/institutions.js';
import type { DB } from '../../database/schema.js';
import type { Actor, Deps, RequestContext } from '../../lib/context.js';
import { AppError, notFoundOrDenied } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { businessDate } from '../../lib/dates.js';
import {
  creditGrade,
  departmentName,
  filingRoute,
  managementActionsFor,
  managesFiling,
  MANAGEMENT_TRANSITIONS,
  rectificationOverdue,
  type FilingAuthority,
} from './filing.rules.js';
import {
  getVisibleInstitution,
  institutionExists,
  institutionWithPath,
  overdueRectifications,
  updateInstitution,
} from './institutions.queries.js';
import { getRegion } from '../regions/regions.queries.js';
import {
  eventCountsSince,
  filedApplicationsOf,
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

/** What the filing authority needs to know of an institution. */
export interface AuthorityInput {
  id: number;
  kind: string;
  school_type: string | null;
  owner: 'province' | 'local';
  region_path: string;
}

/**
 * INST-5: who filed each institution — the department and region of its last filed application;
 * for one filed without an application on record (or not yet filed), the department its filing route names.
 */
async function filingAuthorities(db: Kysely<DB>, rows: AuthorityInput[]): Promise<Map<number, FilingAuthority>> {
  const out = new Map<number, FilingAuthority>();
  for (const a of await filedApplicationsOf(
    db,
    rows.map((r) => r.id),
  ))
    out.set(a.institution_id, {
      department: a.filing_department,
      regionCode: a.filing_region_code,
      regionPath: a.region_path,
      regionName: a.region_name,
    });
  for (const r of rows) {
    if (out.has(r.id)) continue;
    const route = filingRoute({ kind: r.kind, school_type: r.school_type, owner: r.owner, regionPath: r.region_path });
    const region = await getRegion(db, route.filingRegionCode);
    out.set(r.id, {
      department: route.filingDepartment,
      regionCode: route.filingRegionCode,
      regionPath: region?.path ?? `/${route.filingRegionCode}/`,
      regionName: region?.name ?? route.filingRegionCode,
    });
  }
  return out;
}

/**
 * INST-5: who filed one institution, with the department's name as people say it (河南省人社厅,
 * 郑州市人社局); CERT-6 records an enterprise's accepted agreements with it. Null when unknown.
 */
export async function filingAuthorityOf(db: Kysely<DB>, institutionId: number) {
  const inst = await institutionWithPath(db, institutionId);
  if (!inst) return null;
  const a = (await filingAuthorities(db, [inst])).get(inst.id)!;
  return { ...a, name: departmentName(a.department, a.regionName) };
}

const notAuthorityMessage = (a: FilingAuthority) =>
  `该机构由${departmentName(a.department, a.regionName)}备案，应由备案部门或其上级管理`;

/** INST-5: may this official take management actions on the institution, and if not, why. */
function mayManage(actor: Actor, authority: FilingAuthority): { ok: boolean; reason: string | null } {
  if (!can(actor.role, 'institution.manage')) return { ok: false, reason: ERROR_CODES.FORBIDDEN_ROLE.message };
  if (!managesFiling(actor, authority)) return { ok: false, reason: notAuthorityMessage(authority) };
  return { ok: true, reason: null };
}

/**
 * INST-5 for the other decisions that belong to the department that filed an institution (CERT-5:
 * competition award rules): for each institution, who filed it and whether the actor is that
 * department or its superior — the same test dynamic management applies.
 */
export async function filingAuthorityOver(
  db: Kysely<DB>,
  actor: Actor,
  rows: AuthorityInput[],
): Promise<Map<number, { filedBy: string; department: string; ok: boolean }>> {
  const out = new Map<number, { filedBy: string; department: string; ok: boolean }>();
  for (const [id, a] of await filingAuthorities(db, rows))
    out.set(id, {
      filedBy: departmentName(a.department, a.regionName),
      department: a.department,
      ok: managesFiling(actor, a),
    });
  return out;
}

/**
 * INST-5: what dynamic management looks like to the caller on an institution's detail: who filed
 * it, whether the caller may manage it, whether a rectification is overdue, and the actions its
 * status allows with the proposed next step (suspension after a passed deadline) first.
 */
export async function managementView(
  db: Kysely<DB>,
  actor: Actor,
  row: AuthorityInput & { status: string; filing_no: string | null; rectification_deadline: string | null },
  today: string,
) {
  const authority = (await filingAuthorities(db, [row])).get(row.id)!;
  const may = mayManage(actor, authority);
  const overdue = rectificationOverdue(row.status, row.rectification_deadline, today);
  const { actions, proposed } = managementActionsFor(row.status, overdue);
  return {
    filedBy: row.filing_no ? departmentName(authority.department, authority.regionName) : null,
    mayManage: may.ok,
    mayManageReason: may.reason,
    rectificationOverdue: overdue,
    managementActions: actions,
    proposedAction: proposed,
  };
}

/** INST-5: institutions past their rectification deadline that the caller manages (home notices). */
export async function overdueRectificationsFor(deps: Deps, ctx: RequestContext, limit = 50) {
  const actor = ctx.actor!;
  if (!can(actor.role, 'institution.manage')) return [];
  const rows = await overdueRectifications(
    deps.db,
    actor,
    businessDate(deps.clock.now(), deps.config.businessTimeZone),
    limit,
  );
  const authorities = await filingAuthorities(deps.db, rows);
  return rows
    .filter((r) => managesFiling(actor, authorities.get(r.id)!))
    .map((r) => ({ id: r.id, name: r.name, deadline: r.rectification_deadline! }));
}

export async function manageInstitution(
  deps: Deps,
  ctx: RequestContext,
  id: number,
  body: { action: ManagementAction; reason: string; deadline?: string },
) {
  return deps.db.transaction().execute(async (trx) => {
    const inst = await loadForOfficial(deps, ctx, trx, id);
    // INST-5: seeing an institution in one's region is not managing it; the filing authority (or its superior) does
    const authority = (await filingAuthorities(trx, [inst])).get(id)!;
    if (!managesFiling(ctx.actor!, authority)) {
      throw new AppError('NOT_FILING_AUTHORITY', notAuthorityMessage(authority), {
        rule: 'INST-5',
        audit: {
          action: `institution.${body.action}`,
          objectType: 'institution',
          objectId: id,
          detail: `not the filing authority (${authority.department} ${authority.regionCode})`,
        },
      });
    }
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
