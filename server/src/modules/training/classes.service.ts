/**
 * 开班申请 (TRAIN-1): a listed provider drafts a class and submits it before it starts; the HRSS of
 * the place where it is held approves it or returns it with reasons, by the transition table in
 * contract/training-class-workflow.ts. Submission and approval run every opening check
 * (class-checks.service.ts) and refuse on a failing one; approval is refused once the start date
 * has come. Approved classes are published without login (公布培训班次).
 */
import type { Kysely, Transaction } from 'kysely';
import { can } from '../../../../contract/access.js';
import type {
  ClassBody,
  ClassDecisionBody,
  ClassQuery,
  ClassStepBody,
  PublicTrainingQuery,
} from '../../../../contract/api-training.js';
import {
  CLASS_STATUSES,
  CLASS_STEPS,
  CLASS_TRANSITIONS,
  classStepOpen,
  classSteps,
  type ClassStep,
} from '../../../../contract/training-class-workflow.js';
import type { DB } from '../../database/schema.js';
import type { Actor, Deps, RequestContext } from '../../lib/context.js';
import { AppError, notFoundOrDenied } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { getOccupation } from '../occupations/occupations.queries.js';
import { getRegion } from '../regions/regions.queries.js';
import { classChecks, publicChecks, refusalOf, type ClassDraft } from './class-checks.service.js';
import * as q from './classes.queries.js';
import { ownProvider, todayOf } from './provider-access.js';
import { lockProvider, providerById } from './providers.queries.js';

/** The caller is the HRSS of the place where the class is held (its region contains the site). */
export const isPlaceAuthority = (actor: Actor, siteRegionPath: string) =>
  can(actor.role, 'training.class.decide') && !!actor.regionPath && siteRegionPath.startsWith(actor.regionPath);
const isOwnProvider = (actor: Actor, c: q.ClassRow) =>
  can(actor.role, 'training.class.apply') && actor.institutionId === c.institution_id;

const majorsOf = (c: { majors_json: string }) => JSON.parse(c.majors_json) as string[];

/** The steps the caller may take now, by the table (a class is cancelled only before it starts). */
function stepsFor(actor: Actor, c: q.ClassRow, today: string): ClassStep[] {
  const steps = [
    ...(isOwnProvider(actor, c) ? classSteps(c.status, 'provider') : []),
    ...(isPlaceAuthority(actor, c.region_path) ? classSteps(c.status, 'place') : []),
  ];
  return steps.filter((s) => s !== 'cancel' || today < c.start_date);
}

export function classView(actor: Actor, c: q.ClassRow, today: string) {
  return {
    id: c.id,
    providerId: c.provider_id,
    providerName: c.provider_name,
    institutionId: c.institution_id,
    title: c.title,
    occupationId: c.occupation_id,
    occupationCode: c.occupation_code,
    occupationName: c.occupation_name,
    level: c.level,
    classType: c.class_type,
    subsidised: c.subsidised === 1,
    mode: c.mode,
    theoryHours: c.theory_hours,
    practicalHours: c.practical_hours,
    minutesPerHour: c.minutes_per_hour,
    teachers: c.teachers,
    workstations: c.workstations,
    capacity: c.capacity,
    enrolled: Number(c.enrolled ?? 0),
    startDate: c.start_date,
    endDate: c.end_date,
    regionCode: c.region_code,
    regionName: c.region_name,
    site: c.site,
    majors: majorsOf(c),
    certificateRoute: c.certificate_route,
    status: c.status,
    submittedAt: c.submitted_at,
    decidedAt: c.decided_at,
    decidedByName: c.decided_by_name,
    decisionReason: c.decision_reason,
    steps: stepsFor(actor, c, today),
    mayDecide: c.status === 'submitted' && isPlaceAuthority(actor, c.region_path),
  };
}

export async function listClasses(deps: Deps, ctx: RequestContext, f: ClassQuery) {
  const actor = ctx.actor!;
  const page = f.page ?? 1;
  const pageSize = f.pageSize ?? 20;
  const { items, total } = await q.listClasses(
    deps.db,
    actor,
    { q: f.q, status: f.status, placePath: f.held && actor.regionPath ? actor.regionPath : undefined },
    page,
    pageSize,
  );
  const today = todayOf(deps);
  return { items: items.map((c) => classView(actor, c, today)), total, page, pageSize };
}

/** A class the caller may see (else 404, audited as a denial when it exists). */
export async function loadVisibleClass(db: Kysely<DB>, actor: Actor, id: number, action = 'training.class.read') {
  const c = await q.visibleClass(db, actor, id);
  if (!c)
    throw notFoundOrDenied(await q.classExists(db, id), `培训班 #${id} 不存在或不在您的管辖范围内`, {
      action,
      objectType: 'training_class',
      objectId: id,
    });
  return c;
}

const draftOf = (c: q.ClassRow): ClassDraft => ({
  id: c.id,
  occupationId: c.occupation_id,
  level: c.level,
  classType: c.class_type,
  subsidised: c.subsidised === 1,
  mode: c.mode,
  theoryHours: c.theory_hours,
  practicalHours: c.practical_hours,
  minutesPerHour: c.minutes_per_hour,
  teachers: c.teachers,
  workstations: c.workstations,
  capacity: c.capacity,
  startDate: c.start_date,
  endDate: c.end_date,
  regionCode: c.region_code,
  majors: majorsOf(c),
});
const draftOfBody = (b: ClassBody, id: number | null): ClassDraft => ({
  id,
  occupationId: b.occupationId,
  level: b.level ?? null,
  classType: b.classType,
  subsidised: b.subsidised,
  mode: b.mode,
  theoryHours: b.theoryHours,
  practicalHours: b.practicalHours,
  minutesPerHour: b.minutesPerHour,
  teachers: b.teachers,
  workstations: b.workstations,
  capacity: b.capacity,
  startDate: b.startDate,
  endDate: b.endDate,
  regionCode: b.regionCode,
  majors: cleanMajors(b.majors),
});
const cleanMajors = (majors: readonly string[]) => [...new Set(majors.map((m) => m.trim()).filter(Boolean))];

export async function getClass(deps: Deps, ctx: RequestContext, id: number) {
  const actor = ctx.actor!;
  const c = await loadVisibleClass(deps.db, actor, id);
  const today = todayOf(deps);
  const provider = (await providerById(deps.db, c.provider_id))!;
  const [events, checked] = await Promise.all([
    q.classEvents(deps.db, id),
    classChecks(deps.db, provider, draftOf(c), today, c.status === 'submitted' ? 'approve' : 'apply', ctx.lang),
  ]);
  return {
    ...classView(actor, c, today),
    events: events.map((e) => ({ step: e.step, reason: e.reason, actorName: e.actor_name, at: e.at })),
    checks: publicChecks(checked.checks),
  };
}

/** The live hints of the class form: every opening check of the draft as it stands. */
export async function checkDraft(deps: Deps, ctx: RequestContext, body: ClassBody) {
  const provider = await ownProvider(deps.db, ctx.actor!);
  const r = await classChecks(deps.db, provider, draftOfBody(body, null), todayOf(deps), 'apply', ctx.lang);
  return { certificateRoute: r.certificateRoute, checks: publicChecks(r.checks), ok: r.checks.every((c) => c.ok) };
}

/** The columns of a class from the form; the certificate route is decided from the records, never sent. */
async function columnsOf(trx: Kysely<DB>, body: ClassBody, certificateRoute: q.ClassRow['certificate_route']) {
  const occ = await getOccupation(trx, body.occupationId);
  if (!occ || occ.active !== 1)
    throw new AppError('OCCUPATION_NOT_FOUND', '所选职业不存在或已停用', {
      details: [{ field: '/occupationId', message: '职业不存在或已停用' }],
    });
  if (!(await getRegion(trx, body.regionCode)))
    throw new AppError('REGION_NOT_FOUND', `行政区划 ${body.regionCode} 不存在`, {
      details: [{ field: '/regionCode', message: '行政区划不存在' }],
    });
  return {
    title: body.title.trim(),
    occupation_id: body.occupationId,
    level: certificateRoute === 'skill_level' ? (body.level ?? null) : null,
    class_type: body.classType,
    subsidised: body.subsidised ? 1 : 0,
    mode: body.mode,
    theory_hours: body.theoryHours,
    practical_hours: body.practicalHours,
    minutes_per_hour: body.minutesPerHour,
    teachers: body.teachers,
    workstations: body.workstations,
    capacity: body.capacity,
    start_date: body.startDate,
    end_date: body.endDate,
    region_code: body.regionCode,
    site: body.site.trim(),
    majors_json: JSON.stringify(cleanMajors(body.majors)),
    certificate_route: certificateRoute,
  };
}

async function event(
  trx: Kysely<DB>,
  deps: Deps,
  ctx: RequestContext,
  classId: number,
  step: string,
  reason: string | null,
) {
  await q.insertClassEvent(trx, {
    class_id: classId,
    step,
    reason,
    actor_id: ctx.actor?.id ?? null,
    actor_name: ctx.actor?.displayName ?? null,
    at: deps.clock.now().toISOString(),
  });
}

const viewOf = async (trx: Kysely<DB>, deps: Deps, actor: Actor, id: number) =>
  classView(actor, (await q.classById(trx, id))!, todayOf(deps));

/** The provider drafts a class (not yet submitted). */
export async function createClass(deps: Deps, ctx: RequestContext, body: ClassBody) {
  return deps.db.transaction().execute(async (trx) => {
    const provider = await ownProvider(trx, ctx.actor!);
    const { certificateRoute } = await classChecks(trx, provider, draftOfBody(body, null), todayOf(deps));
    const now = deps.clock.now().toISOString();
    const id = await q.insertClass(trx, {
      provider_id: provider.id,
      institution_id: provider.institution_id,
      ...(await columnsOf(trx, body, certificateRoute)),
      status: 'draft',
      submitted_at: null,
      decided_by: null,
      decided_by_name: null,
      decided_at: null,
      decision_reason: null,
      created_by: ctx.actor!.id,
      created_at: now,
      updated_at: now,
    });
    await event(trx, deps, ctx, id, 'create', null);
    const after = await viewOf(trx, deps, ctx.actor!, id);
    await recordAudit(trx, deps, ctx, {
      action: 'training.class.create',
      objectType: 'training_class',
      objectId: id,
      after,
    });
    return after;
  });
}

function assertStep(c: q.ClassRow, step: ClassStep, side: 'provider' | 'place') {
  if (!classStepOpen(c.status, step, side))
    throw new AppError(
      'CLASS_INVALID_STATE',
      `培训班当前状态为“${CLASS_STATUSES[c.status]}”，不能${CLASS_STEPS[step]}`,
      { rule: 'TRAIN-1' },
    );
}

/** The class, seen by its own provider (an institution sees only its own). */
async function loadOwn(trx: Kysely<DB>, ctx: RequestContext, id: number, action: string) {
  const c = await loadVisibleClass(trx, ctx.actor!, id, action);
  if (!isOwnProvider(ctx.actor!, c)) throw new AppError('DELEGATION_FORBIDDEN', '只能办理本机构的开班申请');
  return c;
}

/** The provider revises a draft or a returned application. */
export async function updateClass(deps: Deps, ctx: RequestContext, id: number, body: ClassBody) {
  return deps.db.transaction().execute(async (trx) => {
    const c = await loadOwn(trx, ctx, id, 'training.class.update');
    assertStep(c, 'update', 'provider');
    const provider = (await providerById(trx, c.provider_id))!;
    const { certificateRoute } = await classChecks(trx, provider, draftOfBody(body, id), todayOf(deps));
    const before = classView(ctx.actor!, c, todayOf(deps));
    await q.updateClass(trx, id, {
      ...(await columnsOf(trx, body, certificateRoute)),
      updated_at: deps.clock.now().toISOString(),
    });
    await event(trx, deps, ctx, id, 'update', null);
    const after = await viewOf(trx, deps, ctx.actor!, id);
    await recordAudit(trx, deps, ctx, {
      action: 'training.class.update',
      objectType: 'training_class',
      objectId: id,
      before,
      after,
    });
    return after;
  });
}

/** Runs the opening checks on the stored class and refuses on the first that fails (all listed). */
async function assertOpenable(
  trx: Kysely<DB>,
  deps: Deps,
  ctx: RequestContext,
  c: q.ClassRow,
  stage: 'apply' | 'approve',
) {
  await lockProvider(trx, c.provider_id);
  const provider = (await providerById(trx, c.provider_id))!;
  // the checks listed in the refusal read in the caller's language, like the live checks do
  const r = await classChecks(trx, provider, draftOf(c), todayOf(deps), stage, ctx.lang);
  const refusal = refusalOf(r.checks);
  if (refusal) throw refusal;
  return r.certificateRoute;
}

/** The provider's steps: submit (every opening check must pass), withdraw, cancel an approved class before it starts. */
export async function classStep(deps: Deps, ctx: RequestContext, id: number, body: ClassStepBody) {
  return deps.db.transaction().execute(async (trx: Transaction<DB>) => {
    const c = await loadOwn(trx, ctx, id, `training.class.${body.step}`);
    assertStep(c, body.step, 'provider');
    const reason = body.reason?.trim() || null;
    if (CLASS_TRANSITIONS[body.step].reason && (!reason || reason.length < 2))
      throw new AppError('VALIDATION_FAILED', `${CLASS_STEPS[body.step]}须写明理由`, {
        details: [{ field: '/reason', message: '请填写理由' }],
      });
    const now = deps.clock.now().toISOString();
    const patch: Parameters<typeof q.updateClass>[2] = { status: CLASS_TRANSITIONS[body.step].to!, updated_at: now };
    if (body.step === 'submit') {
      patch.certificate_route = await assertOpenable(trx, deps, ctx, c, 'apply');
      patch.submitted_at = now;
      patch.decision_reason = null;
    }
    if (body.step === 'cancel' && todayOf(deps) >= c.start_date)
      throw new AppError('CLASS_INVALID_STATE', `培训班已于 ${c.start_date} 开班，不能取消`, { rule: 'TRAIN-1' });
    await q.updateClass(trx, id, patch);
    await event(trx, deps, ctx, id, body.step, reason);
    const after = await viewOf(trx, deps, ctx.actor!, id);
    await recordAudit(trx, deps, ctx, {
      action: `training.class.${body.step}`,
      objectType: 'training_class',
      objectId: id,
      before: { status: c.status },
      after: { status: after.status, reason },
    });
    return after;
  });
}

/** The HRSS of the place approves (every opening check passing, before the start) or returns with reasons. */
export async function decideClass(deps: Deps, ctx: RequestContext, id: number, body: ClassDecisionBody) {
  const actor = ctx.actor!;
  return deps.db.transaction().execute(async (trx) => {
    const c = await loadVisibleClass(trx, actor, id, 'training.class.decide');
    if (!isPlaceAuthority(actor, c.region_path))
      throw new AppError(
        'NOT_PLACE_AUTHORITY',
        `开班申请由培训所在地（${c.region_name}）人社部门或其上级审批，${actor.scopeLabel}不是该班的审批部门`,
        { rule: 'TRAIN-1', audit: { action: 'training.class.decide', objectType: 'training_class', objectId: id } },
      );
    const step = body.decision;
    assertStep(c, step, 'place');
    const reason = body.reason?.trim() || null;
    if (step === 'return' && (!reason || reason.length < 2))
      throw new AppError('VALIDATION_FAILED', '退回须写明理由', {
        details: [{ field: '/reason', message: '请填写退回理由' }],
      });
    const now = deps.clock.now().toISOString();
    const patch: Parameters<typeof q.updateClass>[2] = {
      status: CLASS_TRANSITIONS[step].to!,
      decided_by: actor.id,
      decided_by_name: actor.displayName,
      decided_at: now,
      decision_reason: reason,
      updated_at: now,
    };
    if (step === 'approve') patch.certificate_route = await assertOpenable(trx, deps, ctx, c, 'approve');
    await q.updateClass(trx, id, patch);
    await event(trx, deps, ctx, id, step, reason);
    const after = await viewOf(trx, deps, actor, id);
    await recordAudit(trx, deps, ctx, {
      action: `training.class.${step}`,
      objectType: 'training_class',
      objectId: id,
      before: { status: c.status },
      after: { status: after.status, reason },
    });
    return after;
  });
}

/** 公布培训班次: approved classes, without login. */
export async function publishedClasses(deps: Deps, f: PublicTrainingQuery) {
  const page = f.page ?? 1;
  const pageSize = f.pageSize ?? 20;
  const { items, total } = await q.publishedClasses(deps.db, f, page, pageSize);
  return {
    items: items.map((c) => ({
      id: c.id,
      title: c.title,
      providerName: c.provider_name,
      occupationName: c.occupation_name,
      level: c.level,
      classType: c.class_type,
      mode: c.mode,
      subsidised: c.subsidised === 1,
      capacity: c.capacity,
      enrolled: Number(c.enrolled ?? 0),
      totalHours: c.theory_hours + c.practical_hours,
      startDate: c.start_date,
      endDate: c.end_date,
      regionName: c.region_name,
      site: c.site,
      approvedAt: c.decided_at,
    })),
    total,
    page,
    pageSize,
  };
}
