/**
 * CERT-6 企校合作协议: a filed enterprise proposes an agreement to a filed school; the school
 * accepts or declines it; an accepted agreement is recorded with the enterprise's filing authority
 * (the HRSS department that filed it, INST-2) and shows in that department's list; either party may
 * end it. The steps follow the table in contract/partnership-workflow.ts.
 *
 * Reading of the policy (四川试点通知 五（一）, 七（一）（三）): the enterprise must be 已备案 and
 * the school a filed 试点院校 (院校经人社部门备案后……还可通过以下方式); the cooperation is the
 * school's (依托合作企业对院校学生开展), so it takes effect when the school accepts it; HRSS
 * supervises the schools' and enterprises' certification under 属地管理 and 事前备案、事中监管, which
 * the platform meets by recording the accepted agreement with the enterprise's filing authority and
 * showing it to the officials of both parties' regions. The text asks for no approval by HRSS, so
 * none is required; a department acts on a party through dynamic management (INST-5), which stops
 * its evaluation.
 */
import {
  PARTNERSHIP_STATUSES,
  PARTNERSHIP_STEPS,
  PARTNERSHIP_TRANSITIONS,
  partnershipInForce,
  partnershipStepOpen,
  partnershipSteps,
  type PartnershipSide,
  type PartnershipStep,
} from '../../../../contract/partnership-workflow.js';
import type { Kysely } from 'kysely';
import type { DB } from '../../database/schema.js';
import type { Actor, Deps, RequestContext } from '../../lib/context.js';
import { businessDate } from '../../lib/dates.js';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { departmentName } from '../institutions/filing.rules.js';
import { institutionKind } from '../institutions/institutions.queries.js';
import { filingAuthorityOf } from '../institutions/management.service.js';
import * as q from './pathways.queries.js';
import { notFiledParty } from './partners.rules.js';

const RULE = { rule: 'CERT-6' } as const;

/** The caller's party in an agreement, or null (an official, or not a party). */
const sideOf = (actor: Actor, p: { enterprise_id: number; school_id: number }): PartnershipSide | null =>
  actor.institutionId === p.enterprise_id ? 'enterprise' : actor.institutionId === p.school_id ? 'school' : null;

function toPartnership(p: q.PartnershipRow, actor: Actor, today: string) {
  const side = sideOf(actor, p);
  return {
    id: p.id,
    enterpriseId: p.enterprise_id,
    enterpriseName: p.enterprise_name,
    schoolId: p.school_id,
    schoolName: p.school_name,
    agreement: p.agreement,
    validFrom: p.valid_from,
    validUntil: p.valid_until,
    status: p.status,
    proposedAt: p.proposed_at,
    decidedAt: p.decided_at,
    decisionReason: p.decision_reason,
    recordedWith: p.recorded_department
      ? departmentName(p.recorded_department, p.recorded_region_name ?? p.recorded_region_code ?? '')
      : null,
    endedAt: p.ended_at,
    endReason: p.end_reason,
    inForce: partnershipInForce({ status: p.status, validFrom: p.valid_from, validUntil: p.valid_until }, today),
    side,
    steps: side ? partnershipSteps(p.status, side) : [],
  };
}

/** A party to an agreement: a filed enterprise or a filed school. */
async function filedParty(trx: Kysely<DB>, id: number, kind: 'enterprise' | 'college', today: string) {
  const i = await institutionKind(trx, id);
  if (!i) throw new AppError('INSTITUTION_NOT_FOUND');
  if (i.kind !== kind || (kind === 'college' && !i.school_type))
    throw new AppError(
      'PATHWAY_NOT_APPLICABLE',
      kind === 'enterprise'
        ? '企校合作由备案的企业（用人单位）评价机构提出'
        : `${i.name} 不是院校：企校合作的另一方须为院校`,
      RULE,
    );
  const problem = notFiledParty(i, today);
  if (problem)
    throw new AppError('PARTNER_NOT_FILED', `${problem}：企校合作须在已备案的企业与已备案的院校之间开展`, RULE);
  return i;
}

export async function proposePartnership(
  deps: Deps,
  ctx: RequestContext,
  body: { schoolId: number; agreement: string; validFrom: string; validUntil: string },
) {
  const actor = ctx.actor!;
  const today = businessDate(deps.clock.now(), deps.config.businessTimeZone);
  if (body.validUntil <= body.validFrom)
    throw new AppError('VALIDATION_FAILED', '协议终止日期须晚于起始日期', {
      details: [{ field: '/validUntil', message: '须晚于起始日期' }],
    });
  if (body.validUntil < today)
    throw new AppError('VALIDATION_FAILED', '协议终止日期已过', {
      details: [{ field: '/validUntil', message: '不能早于今天' }],
    });
  return deps.db.transaction().execute(async (trx) => {
    const enterprise = await filedParty(trx, actor.institutionId!, 'enterprise', today);
    const school = await filedParty(trx, body.schoolId, 'college', today);
    const open = await q.openPartnershipOf(trx, enterprise.id, school.id);
    if (open)
      throw new AppError(
        'CONFLICT',
        `与${school.name}已有${PARTNERSHIP_STATUSES[open.status]}的合作协议（#${open.id}），须先终止或撤回`,
        RULE,
      );
    const now = deps.clock.now().toISOString();
    const id = await q.insertPartnership(trx, {
      enterprise_id: enterprise.id,
      school_id: school.id,
      agreement: body.agreement.trim(),
      valid_from: body.validFrom,
      valid_until: body.validUntil,
      status: 'proposed',
      proposed_by: actor.id,
      proposed_at: now,
      decided_by: null,
      decided_at: null,
      decision_reason: null,
      recorded_department: null,
      recorded_region_code: null,
      ended_by: null,
      ended_at: null,
      end_reason: null,
    });
    await recordAudit(trx, deps, ctx, {
      action: 'partnership.propose',
      objectType: 'partnership',
      objectId: id,
      after: { ...body, enterprise: enterprise.name, school: school.name, status: 'proposed' },
    });
    return toPartnership((await q.partnershipById(trx, id))!, actor, today);
  });
}

/** A step on an agreement by one of its parties: accept, decline, withdraw or end. */
export async function partnershipStep(
  deps: Deps,
  ctx: RequestContext,
  id: number,
  body: { step: PartnershipStep; reason?: string },
) {
  const actor = ctx.actor!;
  const today = businessDate(deps.clock.now(), deps.config.businessTimeZone);
  return deps.db.transaction().execute(async (trx) => {
    const p = await q.partnershipById(trx, id);
    const side = p ? sideOf(actor, p) : null;
    // an agreement is visible to its two parties only
    if (!p || !side) throw new AppError('NOT_FOUND', `合作协议 #${id} 不存在`);
    const t = PARTNERSHIP_TRANSITIONS[body.step];
    const verb = PARTNERSHIP_STEPS[body.step];
    if (!(t.from as readonly string[]).includes(p.status))
      throw new AppError(
        'PARTNERSHIP_INVALID_STATE',
        `合作协议当前为“${PARTNERSHIP_STATUSES[p.status]}”，不能${verb}`,
        RULE,
      );
    if (!partnershipStepOpen(p.status, body.step, side))
      throw new AppError(
        'PARTNERSHIP_WRONG_PARTY',
        t.by === 'school'
          ? `合作协议须由院校（${p.school_name}）${verb}`
          : `合作协议须由企业（${p.enterprise_name}）${verb}`,
        RULE,
      );
    const reason = body.reason?.trim() || null;
    if (t.reason && !reason)
      throw new AppError('VALIDATION_FAILED', `${verb}合作协议须说明理由`, {
        ...RULE,
        details: [{ field: '/reason', message: '须说明理由' }],
      });
    const now = deps.clock.now().toISOString();
    let patch: Parameters<typeof q.updatePartnership>[3];
    if (body.step === 'accept') {
      // the school stays filed when it accepts, and so does the enterprise whose filing authority records it
      await filedParty(trx, p.school_id, 'college', today);
      await filedParty(trx, p.enterprise_id, 'enterprise', today);
      if (p.valid_until < today)
        throw new AppError('PARTNERSHIP_INVALID_STATE', `合作协议已于 ${p.valid_until} 到期，不能接受`, RULE);
      const authority = await filingAuthorityOf(trx, p.enterprise_id);
      if (!authority) throw new Error(`partnership #${id}: the enterprise's filing authority is unknown`);
      patch = {
        status: t.to,
        decided_by: actor.id,
        decided_at: now,
        decision_reason: reason,
        recorded_department: authority.department,
        recorded_region_code: authority.regionCode,
      };
    } else if (body.step === 'end') patch = { status: t.to, ended_by: actor.id, ended_at: now, end_reason: reason };
    else patch = { status: t.to, decided_by: actor.id, decided_at: now, decision_reason: reason };
    if (!(await q.updatePartnership(trx, id, p.status, patch)))
      throw new AppError('PARTNERSHIP_INVALID_STATE', '合作协议已被另一方办理，请刷新后重试', RULE);
    const after = (await q.partnershipById(trx, id))!;
    await recordAudit(trx, deps, ctx, {
      action: `partnership.${body.step}`,
      objectType: 'partnership',
      objectId: id,
      before: { status: p.status },
      after: {
        status: after.status,
        reason,
        ...(body.step === 'accept'
          ? { recordedWith: { department: after.recorded_department, regionCode: after.recorded_region_code } }
          : {}),
      },
    });
    return toPartnership(after, actor, today);
  });
}

/** The agreements the caller sees: its own as a party, or (an official) those recorded in its region. */
export async function listPartnerships(deps: Deps, ctx: RequestContext) {
  const today = businessDate(deps.clock.now(), deps.config.businessTimeZone);
  const rows = await q.partnershipsVisibleTo(deps.db, ctx.actor!, 500);
  return rows.map((r) => toPartnership(r, ctx.actor!, today));
}
