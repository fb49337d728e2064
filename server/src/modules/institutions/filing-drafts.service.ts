/**
 * 备案申请 — the applicant's steps (INST-3, INST-4, INST-7): create a draft (a first filing or a
 * scope extension), edit it while it is a draft or returned, submit it (the INST-3 checklist
 * complete, every specification it names filed (INST-7), the route computed again), or withdraw
 * it while HRSS does not yet have it. An institution acts for itself only (INST-4); every step is
 * written to the timeline and the audit trail in one transaction.
 */
import { APPLICATION_STATUSES } from '../../../../contract/institutions.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { assertPrerequisites, assertSpecsFiled, validateScopes, type ScopeInput } from './filing-checks.js';
import { assertStep, departmentLabel, loadVisibleFiling, recordFilingStep } from './filing-guards.js';
import { filingRoute, filingStepResult } from './filing.rules.js';
import * as q from './filings.queries.js';
import { filingDetailIn } from './filings.service.js';
import { institutionWithPath } from './institutions.queries.js';

export async function createFiling(
  deps: Deps,
  ctx: RequestContext,
  body: { scopes: ScopeInput[]; note?: string | null },
) {
  const actor = ctx.actor!;
  return deps.db.transaction().execute(async (trx) => {
    const inst = await institutionWithPath(trx, actor.institutionId!);
    if (!inst) throw new AppError('INSTITUTION_NOT_FOUND');
    if (inst.status === 'revoked')
      throw new AppError('INSTITUTION_REVOKED', '机构已被取消备案，不能再申请扩充范围', { rule: 'INST-5' });
    if (inst.status === 'suspended')
      throw new AppError('INSTITUTION_SUSPENDED', '机构已暂停评价，恢复前不能申请扩充范围', { rule: 'INST-5' });
    const open = await q.openFilingOf(trx, inst.id);
    if (open)
      throw new AppError(
        'FILING_OPEN_EXISTS',
        `本机构已有办理中的备案申请 #${open.id}（${APPLICATION_STATUSES[open.status as keyof typeof APPLICATION_STATUSES]}）`,
      );
    const kind = inst.status === 'unfiled' ? 'initial' : 'scope_extension';
    await validateScopes(trx, inst.id, kind, body.scopes);
    const route = filingRoute({ ...inst, regionPath: inst.region_path });
    const now = deps.clock.now().toISOString();
    const id = await q.insertFiling(trx, {
      institution_id: inst.id,
      kind,
      status: 'draft',
      stage: route.reviewDepartment ? 'education' : 'hrss',
      review_department: route.reviewDepartment,
      review_region_code: route.reviewRegionCode,
      filing_department: route.filingDepartment,
      filing_region_code: route.filingRegionCode,
      note: body.note ?? null,
      created_by: actor.id,
      submitted_by: null,
      submitted_at: null,
      decided_at: null,
      created_at: now,
      updated_at: now,
    });
    await q.replaceFilingScopes(trx, id, body.scopes);
    await recordFilingStep(trx, deps, ctx, id, 'create', null, { kind, scopes: body.scopes.length });
    const detail = await filingDetailIn(deps, trx, ctx, id);
    await recordAudit(trx, deps, ctx, {
      action: 'filing.create',
      objectType: 'filing',
      objectId: id,
      after: { status: 'draft', kind, scopes: body.scopes, route },
    });
    return detail;
  });
}

export async function updateFiling(
  deps: Deps,
  ctx: RequestContext,
  id: number,
  body: { scopes?: ScopeInput[]; note?: string | null },
) {
  return deps.db.transaction().execute(async (trx) => {
    const app = await loadVisibleFiling(deps, ctx, trx, id);
    await assertStep(trx, ctx, app, 'update');
    const before = {
      note: app.note,
      scopes: (await q.filingScopes(trx, id)).map((s) => ({
        occupationId: s.occupation_id,
        level: s.level,
        specId: s.spec_id,
      })),
    };
    if (body.scopes) {
      await validateScopes(trx, app.institution_id, app.kind, body.scopes);
      await q.replaceFilingScopes(trx, id, body.scopes);
    }
    await q.updateFiling(trx, id, {
      ...(body.note !== undefined ? { note: body.note } : {}),
      updated_at: deps.clock.now().toISOString(),
    });
    await recordAudit(trx, deps, ctx, {
      action: 'filing.update',
      objectType: 'filing',
      objectId: id,
      before,
      after: { note: body.note ?? app.note, scopes: body.scopes ?? before.scopes },
    });
    return filingDetailIn(deps, trx, ctx, id);
  });
}

export async function submitFiling(deps: Deps, ctx: RequestContext, id: number) {
  return deps.db.transaction().execute(async (trx) => {
    const app = await loadVisibleFiling(deps, ctx, trx, id);
    await assertStep(trx, ctx, app, 'submit');
    const scopes = await q.filingScopes(trx, id);
    if (!scopes.length)
      throw new AppError('VALIDATION_FAILED', '请至少申报一个职业等级', {
        rule: 'INST-4',
        details: [{ field: '/scopes', message: '至少申报一个职业等级' }],
      });
    await assertPrerequisites(trx, app.institution_id, id);
    await assertSpecsFiled(trx, id);
    // the route is computed again at submission: the institution's data may have changed
    const inst = (await institutionWithPath(trx, app.institution_id))!;
    const route = filingRoute({ ...inst, regionPath: inst.region_path });
    const now = deps.clock.now().toISOString();
    await q.updateFiling(trx, id, {
      ...filingStepResult('submit', now),
      stage: route.reviewDepartment ? 'education' : 'hrss',
      review_department: route.reviewDepartment,
      review_region_code: route.reviewRegionCode,
      filing_department: route.filingDepartment,
      filing_region_code: route.filingRegionCode,
      submitted_by: ctx.actor!.id,
      submitted_at: now,
      updated_at: now,
    });
    const to = await departmentLabel(
      trx,
      route.reviewDepartment ?? route.filingDepartment,
      route.reviewRegionCode ?? route.filingRegionCode,
    );
    await recordFilingStep(trx, deps, ctx, id, 'submit', null, { to });
    await recordAudit(trx, deps, ctx, {
      action: 'filing.submit',
      objectType: 'filing',
      objectId: id,
      before: { status: app.status },
      after: { status: 'submitted', to },
    });
    return filingDetailIn(deps, trx, ctx, id);
  });
}

export async function withdrawFiling(deps: Deps, ctx: RequestContext, id: number) {
  return deps.db.transaction().execute(async (trx) => {
    const app = await loadVisibleFiling(deps, ctx, trx, id);
    await assertStep(trx, ctx, app, 'withdraw');
    const now = deps.clock.now().toISOString();
    await q.updateFiling(trx, id, { ...filingStepResult('withdraw', now), updated_at: now });
    await recordFilingStep(trx, deps, ctx, id, 'withdraw', null);
    await recordAudit(trx, deps, ctx, {
      action: 'filing.withdraw',
      objectType: 'filing',
      objectId: id,
      before: { status: app.status },
      after: { status: 'withdrawn' },
    });
    return filingDetailIn(deps, trx, ctx, id);
  });
}
