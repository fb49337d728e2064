/**
 * 备案申请 — the departments' steps (INST-2, INST-3, INST-7): the education department records
 * expert opinions (an expert of the applying institution is excused) and recommends to HRSS; HRSS
 * files (the checklist and the specifications checked again; a first filing gets its 备案号 and
 * validity; the scopes are granted); the department whose turn it is returns the application with
 * reasons or rejects it. Only the department the route names acts,
 * never on its own submission; every step is written to the timeline and the audit trail in one
 * transaction.
 */
import { expertReview } from '../../../../contract/filing-workflow.js';
import { MIN_EXPERT_OPINIONS } from '../../../../contract/limits.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { assertPrerequisites, assertSpecsFiled } from './filing-checks.js';
import {
  assertExpertReviewPassed,
  assertStep,
  departmentLabel,
  loadVisibleFiling,
  recordFilingStep,
} from './filing-guards.js';
import { filingCategoryLetter, filingStepResult, formatFilingNumber, provinceOf, validUntil } from './filing.rules.js';
import * as q from './filings.queries.js';
import { filingDetailIn } from './filings.service.js';
import { institutionWithPath } from './institutions.queries.js';
import { recordInstitutionEvent } from './management.service.js';
import { staffRegistry } from './ports.js';

export async function recordExpertOpinion(
  deps: Deps,
  ctx: RequestContext,
  id: number,
  body: { expertId: number; opinion: 'agree' | 'disagree'; comment?: string | null },
) {
  return deps.db.transaction().execute(async (trx) => {
    const app = await loadVisibleFiling(deps, ctx, trx, id);
    await assertStep(trx, ctx, app, 'expert_opinion');
    const staff = staffRegistry.get();
    const kind = await staff.findStaff(trx, body.expertId);
    if (kind && kind.institution_id === app.institution_id) {
      throw new AppError('CONFLICT_OF_INTEREST', `${kind.name} 是申请单位的人员，应当回避，不能评审本单位的申请`, {
        rule: 'INST-2',
        details: [{ field: '/expertId', message: '申请单位人员须回避' }],
      });
    }
    if (kind && kind.kind !== 'expert')
      throw new AppError('VALIDATION_FAILED', `人员 #${body.expertId} 不是评价专家`, {
        details: [{ field: '/expertId', message: '不是登记在册的评价专家' }],
      });
    const expert = await staff.assignStaff(
      deps,
      ctx,
      { staffId: body.expertId, workType: 'filing_review', refType: 'filing', refId: id },
      trx,
    );
    await recordFilingStep(trx, deps, ctx, id, 'expert_opinion', body.comment ?? null, {
      expertId: expert.id,
      expertName: expert.name,
      opinion: body.opinion,
    });
    await recordAudit(trx, deps, ctx, {
      action: 'filing.expert_opinion',
      objectType: 'filing',
      objectId: id,
      after: { expertId: expert.id, opinion: body.opinion, comment: body.comment ?? null },
    });
    return filingDetailIn(deps, trx, ctx, id);
  });
}

export async function recommendFiling(deps: Deps, ctx: RequestContext, id: number, reason: string | null) {
  return deps.db.transaction().execute(async (trx) => {
    const app = await loadVisibleFiling(deps, ctx, trx, id);
    await assertStep(trx, ctx, app, 'recommend');
    const steps = (await q.filingSteps(trx, id)).map((s) => ({
      action: s.action,
      reason: s.reason,
      detail: s.detail_json ? JSON.parse(s.detail_json) : null,
      at: s.at,
    }));
    assertExpertReviewPassed(expertReview(steps, MIN_EXPERT_OPINIONS));
    await assertPrerequisites(trx, app.institution_id, id);
    const now = deps.clock.now().toISOString();
    await q.updateFiling(trx, id, { ...filingStepResult('recommend', now), updated_at: now });
    const to = await departmentLabel(trx, app.filing_department, app.filing_region_code);
    await recordFilingStep(trx, deps, ctx, id, 'recommend', reason, { to });
    await recordAudit(trx, deps, ctx, {
      action: 'filing.recommend',
      objectType: 'filing',
      objectId: id,
      before: { status: app.status },
      after: { status: 'recommended', to },
    });
    return filingDetailIn(deps, trx, ctx, id);
  });
}

export async function fileFiling(deps: Deps, ctx: RequestContext, id: number, reason: string | null) {
  return deps.db.transaction().execute(async (trx) => {
    const app = await loadVisibleFiling(deps, ctx, trx, id);
    await assertStep(trx, ctx, app, 'file');
    await assertPrerequisites(trx, app.institution_id, id);
    await assertSpecsFiled(trx, id);
    const inst = (await institutionWithPath(trx, app.institution_id))!;
    const now = deps.clock.now();
    const nowIso = now.toISOString();
    let filingNo = inst.filing_no;
    if (app.kind === 'initial') {
      if (!filingNo) {
        const serial = await q.nextSiteSerial(trx, provinceOf(inst.region_path).slice(0, 2));
        filingNo = formatFilingNumber(
          filingCategoryLetter(inst.kind),
          provinceOf(inst.region_path).slice(0, 2),
          serial,
        );
      }
      await q.setInstitutionFiled(trx, inst.id, {
        filing_no: filingNo,
        filed_at: nowIso,
        valid_until: validUntil(now, deps.config.businessTimeZone),
        status: 'filed',
        updated_at: nowIso,
      });
      await recordInstitutionEvent(trx, deps, ctx, inst.id, {
        type: 'filed',
        reason: `备案号 ${filingNo}`,
        statusBefore: inst.status,
        statusAfter: 'filed',
      });
    } else if (inst.status !== 'filed' && inst.status !== 'rectification') {
      throw new AppError('INVALID_TRANSITION', '机构当前不是有效备案状态，不能扩充评价范围', { rule: 'INST-5' });
    }
    const scopes = await q.filingScopes(trx, id);
    await q.grantScopes(trx, inst.id, id, nowIso, scopes);
    await q.updateFiling(trx, id, { ...filingStepResult('file', nowIso), updated_at: nowIso });
    await recordFilingStep(trx, deps, ctx, id, 'file', reason, { filingNo, scopes: scopes.length });
    await recordAudit(trx, deps, ctx, {
      action: 'filing.file',
      objectType: 'filing',
      objectId: id,
      before: { status: app.status, institutionStatus: inst.status, filingNo: inst.filing_no },
      after: {
        status: 'filed',
        institutionStatus: 'filed',
        filingNo,
        scopes: scopes.map((s) => `${s.occupation_code}/${s.level}`),
      },
    });
    return filingDetailIn(deps, trx, ctx, id);
  });
}

export async function returnOrRejectFiling(
  deps: Deps,
  ctx: RequestContext,
  id: number,
  decision: 'return' | 'reject',
  reason: string,
) {
  return deps.db.transaction().execute(async (trx) => {
    const app = await loadVisibleFiling(deps, ctx, trx, id);
    await assertStep(trx, ctx, app, decision);
    const now = deps.clock.now().toISOString();
    const next = filingStepResult(decision, now);
    await q.updateFiling(trx, id, { ...next, updated_at: now });
    await recordFilingStep(trx, deps, ctx, id, decision, reason);
    await recordAudit(trx, deps, ctx, {
      action: `filing.${decision}`,
      objectType: 'filing',
      objectId: id,
      before: { status: app.status },
      after: { status: next.status, reason },
    });
    return filingDetailIn(deps, trx, ctx, id);
  });
}
