/**
 * 备案申请 — the filing workflow (INST-2, INST-3, INST-4, INST-7):
 * draft → submitted → (education department's expert review) → recommended → filed by HRSS,
 * or returned with reasons (then edited and resubmitted), or rejected. The route is computed
 * from the institution; only the routed department acts at each step; nobody approves their own
 * submission; every step is written to the timeline and the audit trail in one transaction.
 */
import type { Kysely } from 'kysely';
import { can } from '../../../../contract/access.js';
import { FILING_TRANSITIONS, type FilingStep } from '../../../../contract/filing-workflow.js';
import { APPLICATION_STATUSES, DEPARTMENTS, type Department } from '../../../../contract/institutions.js';
import type { DB } from '../../database/schema.js';
import type { Actor, Deps, RequestContext } from '../../lib/context.js';
import { AppError, notFoundOrDenied } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { regionNames } from '../regions/regions.queries.js';
import {
  assertPrerequisites,
  assertSpecsFiled,
  prerequisitesFor,
  validateScopes,
  type ScopeInput,
} from './filing-checks.js';
import {
  assertFilingStep,
  awaitingDepartment,
  filingCategoryLetter,
  filingRoute,
  filingStepResult,
  formatFilingNumber,
  provinceOf,
  validUntil,
} from './filing.rules.js';
import * as q from './filings.queries.js';
import { recordInstitutionEvent } from './management.service.js';
import { institutionWithPath } from './institutions.queries.js';
import { staffRegistry } from './ports.js';

/** "郑州市教育局", "河南省人社厅", "巩义市人社局" … */
export async function departmentLabel(
  db: Kysely<DB>,
  dept: Department | string | null,
  regionCode: string | null,
): Promise<string | null> {
  if (!dept || !regionCode) return null;
  const [r] = await regionNames(db, [regionCode]);
  const name = r?.name ?? regionCode;
  if (dept === 'province_edu') return `${name}教育厅`;
  if (dept === 'province_hrss') return `${name}人社厅`;
  if (dept === 'city_edu') return `${name}教育局`;
  if (dept === 'city_hrss') return `${name}人社局`;
  return DEPARTMENTS[dept as Department] ?? dept;
}

async function loadVisible(deps: Deps, ctx: RequestContext, db: Kysely<DB>, id: number) {
  const row = await q.getVisibleFiling(db, ctx.actor!, id);
  if (!row) {
    throw notFoundOrDenied(await q.filingExists(db, id), `备案申请 #${id} 不存在或不在您的管辖范围内`, {
      action: 'filing.access',
      objectType: 'filing',
      objectId: id,
    });
  }
  return row;
}

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
    await step(trx, deps, ctx, id, 'create', null, { kind, scopes: body.scopes.length });
    const detail = await detailOf(deps, trx, (await q.getVisibleFiling(trx, actor, id))!);
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
    const app = await loadVisible(deps, ctx, trx, id);
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
    return detailOf(deps, trx, (await q.getVisibleFiling(trx, ctx.actor!, id))!);
  });
}

function assertOwnInstitution(actor: Actor, institutionId: number) {
  // INST-4: an institution acts for itself only
  if (actor.institutionId !== institutionId)
    throw new AppError('DELEGATION_FORBIDDEN', '只能办理本机构的备案申请', { rule: 'INST-4' });
}

/**
 * The workflow table (contract/filing-workflow.ts) decides whether a step may be taken now and
 * by whom: the applying institution itself (INST-4), or the department the route names for the
 * current stage, in its region, and never the person who created or submitted it (INST-2).
 */
async function assertStep(trx: Kysely<DB>, ctx: RequestContext, app: q.FilingRow, step: FilingStep) {
  const a = ctx.actor!;
  if (FILING_TRANSITIONS[step].by === 'applicant') assertOwnInstitution(a, app.institution_id);
  const t = assertFilingStep(app, step);
  if (t.by === 'applicant') return t;
  const exp = awaitingDepartment(app)!;
  if (!can(a.role, t.action) || a.role !== exp.dept || a.regionCode !== exp.region) {
    const who = await departmentLabel(trx, exp.dept, exp.region);
    throw new AppError(
      'FILING_WRONG_DEPARTMENT',
      `该申请当前应由${who}办理（INST-2 按院校类型和隶属关系确定办理部门）`,
      { rule: 'INST-2' },
    );
  }
  if (app.submitted_by === a.id || app.created_by === a.id) throw new AppError('SELF_APPROVAL_FORBIDDEN');
  return t;
}

async function step(
  trx: Kysely<DB>,
  deps: Deps,
  ctx: RequestContext,
  applicationId: number,
  action: string,
  reason: string | null,
  detail?: unknown,
  department?: string | null,
) {
  const a = ctx.actor!;
  await q.insertStep(trx, {
    application_id: applicationId,
    action,
    actor_id: a.id,
    actor_name: a.displayName,
    actor_role: a.role,
    department:
      department ??
      (a.regionCode ? ((await departmentLabel(trx, a.role, a.regionCode)) ?? a.scopeLabel) : a.scopeLabel),
    reason,
    detail_json: detail === undefined ? null : JSON.stringify(detail),
    at: deps.clock.now().toISOString(),
  });
}

export async function submitFiling(deps: Deps, ctx: RequestContext, id: number) {
  return deps.db.transaction().execute(async (trx) => {
    const app = await loadVisible(deps, ctx, trx, id);
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
    await step(trx, deps, ctx, id, 'submit', null, { to });
    await recordAudit(trx, deps, ctx, {
      action: 'filing.submit',
      objectType: 'filing',
      objectId: id,
      before: { status: app.status },
      after: { status: 'submitted', to },
    });
    return detailOf(deps, trx, (await q.getVisibleFiling(trx, ctx.actor!, id))!);
  });
}

export async function recordExpertOpinion(
  deps: Deps,
  ctx: RequestContext,
  id: number,
  body: { expertId: number; opinion: 'agree' | 'disagree'; comment?: string | null },
) {
  return deps.db.transaction().execute(async (trx) => {
    const app = await loadVisible(deps, ctx, trx, id);
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
    await step(trx, deps, ctx, id, 'expert_opinion', body.comment ?? null, {
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
    return detailOf(deps, trx, (await q.getVisibleFiling(trx, ctx.actor!, id))!);
  });
}

export async function recommendFiling(deps: Deps, ctx: RequestContext, id: number, reason: string | null) {
  return deps.db.transaction().execute(async (trx) => {
    const app = await loadVisible(deps, ctx, trx, id);
    await assertStep(trx, ctx, app, 'recommend');
    const opinions = (await q.filingSteps(trx, id)).filter((s) => s.action === 'expert_opinion');
    if (!opinions.length) throw new AppError('FILING_INVALID_STATE', '推荐前须记录专家初审意见', { rule: 'INST-2' });
    await assertPrerequisites(trx, app.institution_id, id);
    const now = deps.clock.now().toISOString();
    await q.updateFiling(trx, id, { ...filingStepResult('recommend', now), updated_at: now });
    const to = await departmentLabel(trx, app.filing_department, app.filing_region_code);
    await step(trx, deps, ctx, id, 'recommend', reason, { to });
    await recordAudit(trx, deps, ctx, {
      action: 'filing.recommend',
      objectType: 'filing',
      objectId: id,
      before: { status: app.status },
      after: { status: 'recommended', to },
    });
    return detailOf(deps, trx, (await q.getVisibleFiling(trx, ctx.actor!, id))!);
  });
}

export async function fileFiling(deps: Deps, ctx: RequestContext, id: number, reason: string | null) {
  return deps.db.transaction().execute(async (trx) => {
    const app = await loadVisible(deps, ctx, trx, id);
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
    await step(trx, deps, ctx, id, 'file', reason, { filingNo, scopes: scopes.length });
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
    return detailOf(deps, trx, (await q.getVisibleFiling(trx, ctx.actor!, id))!);
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
    const app = await loadVisible(deps, ctx, trx, id);
    await assertStep(trx, ctx, app, decision);
    const now = deps.clock.now().toISOString();
    const next = filingStepResult(decision, now);
    await q.updateFiling(trx, id, { ...next, updated_at: now });
    await step(trx, deps, ctx, id, decision, reason);
    await recordAudit(trx, deps, ctx, {
      action: `filing.${decision}`,
      objectType: 'filing',
      objectId: id,
      before: { status: app.status },
      after: { status: next.status, reason },
    });
    return detailOf(deps, trx, (await q.getVisibleFiling(trx, ctx.actor!, id))!);
  });
}

export async function withdrawFiling(deps: Deps, ctx: RequestContext, id: number) {
  return deps.db.transaction().execute(async (trx) => {
    const app = await loadVisible(deps, ctx, trx, id);
    await assertStep(trx, ctx, app, 'withdraw');
    const now = deps.clock.now().toISOString();
    await q.updateFiling(trx, id, { ...filingStepResult('withdraw', now), updated_at: now });
    await step(trx, deps, ctx, id, 'withdraw', null);
    await recordAudit(trx, deps, ctx, {
      action: 'filing.withdraw',
      objectType: 'filing',
      objectId: id,
      before: { status: app.status },
      after: { status: 'withdrawn' },
    });
    return detailOf(deps, trx, (await q.getVisibleFiling(trx, ctx.actor!, id))!);
  });
}

type VisibleRow = NonNullable<Awaited<ReturnType<typeof q.getVisibleFiling>>>;

async function detailOf(deps: Deps, db: Kysely<DB>, app: VisibleRow) {
  const [scopes, steps, reviewBy, fileBy] = await Promise.all([
    q.filingScopes(db, app.id),
    q.filingSteps(db, app.id),
    departmentLabel(db, app.review_department, app.review_region_code),
    departmentLabel(db, app.filing_department, app.filing_region_code),
  ]);
  const prerequisites = await prerequisitesFor(db, app.institution_id, [
    ...new Set(scopes.map((s) => s.occupation_id)),
  ]);
  const exp = awaitingDepartment(app);
  return {
    ...summaryOf(app),
    note: app.note,
    route: { reviewDepartment: app.review_department, reviewBy, filingDepartment: app.filing_department, fileBy },
    awaiting: exp ? await departmentLabel(db, exp.dept, exp.region) : null,
    scopes: scopes.map((s) => ({
      occupationId: s.occupation_id,
      occupationCode: s.occupation_code,
      occupationName: s.occupation_name,
      level: s.level,
      specId: s.spec_id,
      hasNationalStandard: s.has_national_standard === 1,
    })),
    prerequisites: prerequisites.map((c) => ({ item: c.item, label: c.label, ok: c.ok, missing: c.missing })),
    timeline: steps.map((s) => ({
      action: s.action,
      actorName: s.actor_name,
      actorRole: s.actor_role,
      department: s.department,
      reason: s.reason,
      detail: s.detail_json ? JSON.parse(s.detail_json) : null,
      at: s.at,
    })),
  };
}

function summaryOf(
  a: Pick<
    VisibleRow,
    | 'id'
    | 'institution_id'
    | 'institution_name'
    | 'kind'
    | 'status'
    | 'stage'
    | 'submitted_at'
    | 'decided_at'
    | 'created_at'
    | 'updated_at'
  >,
) {
  return {
    id: a.id,
    institutionId: a.institution_id,
    institutionName: a.institution_name,
    kind: a.kind,
    status: a.status,
    statusLabel: APPLICATION_STATUSES[a.status],
    stage: a.stage,
    submittedAt: a.submitted_at,
    decidedAt: a.decided_at,
    createdAt: a.created_at,
    updatedAt: a.updated_at,
  };
}

export async function getFilingDetail(deps: Deps, ctx: RequestContext, id: number) {
  return detailOf(deps, deps.db, await loadVisible(deps, ctx, deps.db, id));
}

export async function listFilings(
  deps: Deps,
  ctx: RequestContext,
  f: { status?: string; institutionId?: number; page?: number; pageSize?: number },
) {
  const page = f.page ?? 1;
  const pageSize = f.pageSize ?? 20;
  const { items, total } = await q.listFilings(deps.db, ctx.actor!, f, page, pageSize);
  return { items: items.map(summaryOf), total, page, pageSize };
}

export async function filingQueue(deps: Deps, ctx: RequestContext) {
  const items = await q.queueFor(deps.db, ctx.actor!);
  return { items: items.map(summaryOf), total: items.length };
}
