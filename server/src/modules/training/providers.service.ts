/**
 * 培训机构目录清单: the HRSS lists a body as a training provider — an institution already in the
 * registry (one organisation, one record) or a new organisation registered there as it enters —
 * with its training scope (occupations), annual inspections (年检), and takes it out of the
 * catalogue with a reason (退出目录清单), which is published (向社会曝光, seed 002 三（一）); a
 * provider may be listed again. The public reads the listed providers and every exit without login.
 */
import type { Kysely, Transaction } from 'kysely';
import { can } from '../../../../contract/access.js';
import type {
  InspectionBody,
  ProviderCreateBody,
  ProviderQuery,
  PublicTrainingQuery,
} from '../../../../contract/api-training.js';
import { INSPECTION_RESULTS, PROVIDER_TYPES, type ProviderType } from '../../../../contract/training.js';
import type { DB, TrainingProviderEventTable } from '../../database/schema.js';
import type { Actor, Deps, RequestContext } from '../../lib/context.js';
import { businessDate, businessYear } from '../../lib/dates.js';
import { AppError, notFoundOrDenied } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { insertInstitution, institutionWithPath } from '../institutions/institutions.queries.js';
import { occupationsByIds } from '../occupations/occupations.queries.js';
import { getRegion } from '../regions/regions.queries.js';
import { filingView } from './filings.service.js';
import { filingsOfProvider } from './filings.queries.js';
import { loadVisibleProvider, todayOf } from './provider-access.js';
import * as q from './providers.queries.js';
import { rectificationsOf } from './settings.queries.js';
import { activeTrainerCounts } from './trainers.queries.js';

/** The catalogue entry is in the caller's region and the caller's role manages the catalogue. */
const manages = (actor: Actor, regionPath: string) =>
  can(actor.role, 'training.provider.manage') && !!actor.regionPath && regionPath.startsWith(actor.regionPath);

async function views(db: Kysely<DB>, actor: Actor | null, rows: q.ProviderRow[]) {
  const ids = rows.map((r) => r.id);
  const [scope, inspections, trainers] = await Promise.all([
    q.scopeOf(db, ids),
    q.inspectionsOf(db, ids),
    activeTrainerCounts(db, ids),
  ]);
  return rows.map((r) => {
    const last = inspections.find((i) => i.provider_id === r.id);
    return {
      id: r.id,
      institutionId: r.institution_id,
      name: r.name,
      providerType: r.provider_type,
      regionCode: r.region_code,
      regionName: r.region_name,
      status: r.status,
      listedOn: r.listed_on,
      exitedOn: r.exited_on,
      exitReason: r.exit_reason,
      occupations: scope
        .filter((s) => s.provider_id === r.id)
        .map((s) => ({ id: s.id, code: s.code, name: s.name, addedOn: s.added_on })),
      lastInspection: last ? inspectionView(last) : null,
      trainers: trainers.get(r.id) ?? 0,
      mayManage: !!actor && manages(actor, r.region_path),
    };
  });
}
const inspectionView = (i: Awaited<ReturnType<typeof q.inspectionsOf>>[number]) => ({
  year: i.year,
  result: i.result,
  note: i.note,
  recordedByName: i.recorded_by_name,
  at: i.at,
});

export async function listProviders(deps: Deps, ctx: RequestContext, f: ProviderQuery) {
  const page = f.page ?? 1;
  const pageSize = f.pageSize ?? 20;
  const { items, total } = await q.listProviders(deps.db, ctx.actor!, f, page, pageSize);
  return { items: await views(deps.db, ctx.actor, items), total, page, pageSize };
}

export async function getProvider(deps: Deps, ctx: RequestContext, id: number) {
  const actor = ctx.actor!;
  const row = await loadVisibleProvider(deps.db, actor, id);
  const today = todayOf(deps);
  const [[view], inspections, events, filings, rectifications] = await Promise.all([
    views(deps.db, actor, [row]),
    q.inspectionsOf(deps.db, [id]),
    q.eventsOf(deps.db, id),
    filingsOfProvider(deps.db, id),
    rectificationsOf(deps.db, id),
  ]);
  return {
    ...view,
    inspections: inspections.map(inspectionView),
    events: events.map((e) => ({ type: e.type, detail: e.detail, actorName: e.actor_name, at: e.at })),
    filings: filings.map((f) => filingView(actor, f)),
    rectifications: rectifications.map((r) => ({
      id: r.id,
      classId: r.class_id,
      satisfactionPercent: r.satisfaction_permille === null ? null : r.satisfaction_permille / 10,
      reason: r.reason,
      startsOn: r.starts_on,
      endsOn: r.ends_on,
      active: r.starts_on <= today && today < r.ends_on,
    })),
  };
}

async function checkOccupations(db: Kysely<DB>, ids: readonly number[]) {
  const unique = [...new Set(ids)];
  const found = await occupationsByIds(db, unique);
  if (found.length !== unique.length || found.some((o) => o.active !== 1))
    throw new AppError('OCCUPATION_NOT_FOUND', '所选职业不存在或已停用', {
      details: [{ field: '/occupationIds', message: '含不存在或已停用的职业' }],
    });
  return unique;
}

/** A school provider is the school it is: 技工院校 for a technician college, another school type for a college. */
function checkTypeFits(type: ProviderType, inst: { kind: string; school_type: string | null; name: string }) {
  const technical = inst.school_type === 'technical';
  const school = inst.kind === 'college' && !!inst.school_type;
  const bad =
    (type === 'technician_college' && !technical) ||
    (type === 'college' && (!school || technical)) ||
    (type !== 'college' && type !== 'technician_college' && school);
  if (bad)
    throw new AppError('VALIDATION_FAILED', `${inst.name} 的机构类别与“${PROVIDER_TYPES[type]}”不符`, {
      details: [{ field: '/providerType', message: '与机构库中的类别不符' }],
    });
}

/** The institution behind a new entry: one the caller sees in the registry, or a new organisation registered now. */
async function institutionFor(trx: Transaction<DB>, deps: Deps, ctx: RequestContext, body: ProviderCreateBody) {
  const actor = ctx.actor!;
  if (!!body.institutionId === !!body.organisation)
    throw new AppError('VALIDATION_FAILED', '请选择机构库中的机构，或填写新机构的信息（二者选一）', {
      details: [{ field: '/institutionId', message: '二者选一' }],
    });
  if (body.institutionId) {
    const inst = await institutionWithPath(trx, body.institutionId);
    if (!inst || !actor.regionPath || !inst.region_path.startsWith(actor.regionPath))
      throw notFoundOrDenied(inst, `机构 #${body.institutionId} 不存在或不在您的管辖范围内`, {
        action: 'training.provider.list',
        objectType: 'institution',
        objectId: body.institutionId,
      });
    checkTypeFits(body.providerType, inst);
    return inst;
  }
  const org = body.organisation!;
  if (body.providerType === 'college')
    throw new AppError(
      'VALIDATION_FAILED',
      '职业院校请从机构库中选择（未登记的院校请先在“机构管理”中登记，注明办学类型）',
      {
        details: [{ field: '/providerType', message: '院校须从机构库中选择' }],
      },
    );
  const region = await getRegion(trx, org.regionCode);
  if (!region)
    throw new AppError('REGION_NOT_FOUND', `行政区划 ${org.regionCode} 不存在`, {
      details: [{ field: '/organisation/regionCode', message: '行政区划不存在' }],
    });
  if (!actor.regionPath || !region.path.startsWith(actor.regionPath))
    throw new AppError('FORBIDDEN_SCOPE', `${region.name} 不在您的管辖范围内`);
  const now = deps.clock.now().toISOString();
  const technician = body.providerType === 'technician_college';
  const id = await insertInstitution(trx, {
    name: org.name.trim(),
    // a 技工院校 is a school; the other bodies only train
    kind: technician ? 'college' : 'training',
    school_type: technician ? 'technical' : null,
    owner: 'local',
    region_code: org.regionCode,
    credit_code: org.creditCode ?? null,
    contact_name: org.contactName ?? null,
    contact_phone: org.contactPhone ?? null,
    address: org.address ?? null,
    filing_no: null,
    filed_at: null,
    valid_until: null,
    rectification_deadline: null,
    created_at: now,
    updated_at: now,
  });
  await recordAudit(trx, deps, ctx, {
    action: 'institution.create',
    objectType: 'institution',
    objectId: id,
    after: { name: org.name, kind: technician ? 'college' : 'training', regionCode: org.regionCode, via: 'training' },
  });
  return (await institutionWithPath(trx, id))!;
}

async function event(
  trx: Kysely<DB>,
  deps: Deps,
  ctx: RequestContext,
  providerId: number,
  type: TrainingProviderEventTable['type'],
  detail: string | null,
) {
  await q.insertProviderEvent(trx, {
    provider_id: providerId,
    type,
    detail,
    actor_id: ctx.actor?.id ?? null,
    actor_name: ctx.actor?.displayName ?? null,
    at: deps.clock.now().toISOString(),
  });
}

async function viewOf(db: Kysely<DB>, actor: Actor, id: number) {
  return (await views(db, actor, [(await q.providerById(db, id))!]))[0];
}

/** Lists a body in the catalogue with its training scope. */
export async function createProvider(deps: Deps, ctx: RequestContext, body: ProviderCreateBody) {
  return deps.db.transaction().execute(async (trx) => {
    const inst = await institutionFor(trx, deps, ctx, body);
    const existing = await q.providerOfInstitution(trx, inst.id);
    if (existing)
      throw new AppError(
        'PROVIDER_ALREADY_LISTED',
        `${inst.name} 已有目录清单条目（#${existing.id}，${existing.status === 'exited' ? '已退出，可恢复纳入' : '在目录清单内'}）`,
      );
    const occupationIds = await checkOccupations(trx, body.occupationIds);
    const today = todayOf(deps);
    const now = deps.clock.now().toISOString();
    const id = await q.insertProvider(trx, {
      institution_id: inst.id,
      provider_type: body.providerType,
      status: 'listed',
      listed_on: today,
      exited_on: null,
      exit_reason: null,
      created_by: ctx.actor!.id,
      created_at: now,
      updated_at: now,
    });
    await q.addScope(trx, id, occupationIds, today);
    await event(trx, deps, ctx, id, 'list', PROVIDER_TYPES[body.providerType]);
    const after = await viewOf(trx, ctx.actor!, id);
    await recordAudit(trx, deps, ctx, {
      action: 'training.provider.list',
      objectType: 'training_provider',
      objectId: id,
      after,
    });
    return after;
  });
}

/** A catalogue entry the caller manages (the HRSS of the provider's region), inside the transaction. */
async function loadManaged(trx: Kysely<DB>, ctx: RequestContext, id: number, action: string) {
  const row = await loadVisibleProvider(trx, ctx.actor!, id, action);
  if (!manages(ctx.actor!, row.region_path))
    throw new AppError('FORBIDDEN_SCOPE', `${row.name} 的目录清单条目由其所在地人社部门管理`);
  return row;
}

/** Sets the training scope: occupations added from today (变更之日起), removed ones recorded in the history. */
export async function setScope(deps: Deps, ctx: RequestContext, id: number, occupationIds: number[]) {
  return deps.db.transaction().execute(async (trx) => {
    const row = await loadManaged(trx, ctx, id, 'training.provider.scope');
    const wanted = await checkOccupations(trx, occupationIds);
    const current = await q.scopeOf(trx, [id]);
    const added = wanted.filter((o) => !current.some((c) => c.id === o));
    const removed = current.filter((c) => !wanted.includes(c.id));
    await q.addScope(trx, id, added, todayOf(deps));
    await q.removeScope(
      trx,
      id,
      removed.map((r) => r.id),
    );
    const addedNames = (await q.scopeOf(trx, [id])).filter((s) => added.includes(s.id)).map((s) => s.name);
    const detail = [
      addedNames.length ? `新增：${addedNames.join('、')}` : '',
      removed.length ? `移除：${removed.map((r) => r.name).join('、')}` : '',
    ]
      .filter(Boolean)
      .join('；');
    if (detail) await event(trx, deps, ctx, id, 'scope', detail);
    const after = await viewOf(trx, ctx.actor!, id);
    await recordAudit(trx, deps, ctx, {
      action: 'training.provider.scope',
      objectType: 'training_provider',
      objectId: id,
      before: { occupations: current.map((c) => c.id) },
      after: { occupations: wanted },
      detail: `${row.name}：${detail || '无变化'}`,
    });
    return after;
  });
}

/** Records (or corrects) a year's annual inspection (年检) result. */
export async function recordInspection(deps: Deps, ctx: RequestContext, id: number, body: InspectionBody) {
  return deps.db.transaction().execute(async (trx) => {
    await loadManaged(trx, ctx, id, 'training.provider.inspect');
    if (body.year > businessYear(deps.clock.now(), deps.config.businessTimeZone))
      throw new AppError('VALIDATION_FAILED', `${body.year} 年度尚未到来，不能登记年检结果`, {
        details: [{ field: '/year', message: '不能晚于本年度' }],
      });
    const now = deps.clock.now().toISOString();
    const before = await q.inspectionOf(trx, id, body.year);
    const values = {
      result: body.result,
      note: body.note ?? null,
      recorded_by: ctx.actor!.id,
      recorded_by_name: ctx.actor!.displayName,
      at: now,
    };
    if (before) await q.updateInspection(trx, before.id, values);
    else await q.insertInspection(trx, { provider_id: id, year: body.year, ...values });
    const label = INSPECTION_RESULTS[body.result];
    await event(
      trx,
      deps,
      ctx,
      id,
      'inspection',
      `${body.year} 年度年检${before ? '（更正）' : ''}：${label}${body.note ? `；${body.note}` : ''}`,
    );
    const after = await viewOf(trx, ctx.actor!, id);
    await recordAudit(trx, deps, ctx, {
      action: 'training.provider.inspect',
      objectType: 'training_provider',
      objectId: id,
      before: before ? { year: before.year, result: before.result } : null,
      after: { year: body.year, result: body.result },
    });
    return after;
  });
}

/** 退出目录清单: the entry leaves the catalogue with its reason, published on the public exit list. */
export async function exitProvider(deps: Deps, ctx: RequestContext, id: number, reason: string) {
  return deps.db.transaction().execute(async (trx) => {
    const row = await loadManaged(trx, ctx, id, 'training.provider.exit');
    if (row.status !== 'listed')
      throw new AppError('INVALID_TRANSITION', `${row.name} 已于 ${row.exited_on} 退出目录清单`);
    await q.updateProvider(trx, id, {
      status: 'exited',
      exited_on: todayOf(deps),
      exit_reason: reason.trim(),
      updated_at: deps.clock.now().toISOString(),
    });
    await event(trx, deps, ctx, id, 'exit', reason.trim());
    const after = await viewOf(trx, ctx.actor!, id);
    await recordAudit(trx, deps, ctx, {
      action: 'training.provider.exit',
      objectType: 'training_provider',
      objectId: id,
      before: { status: 'listed' },
      after: { status: 'exited', reason },
    });
    return after;
  });
}

/** Lists an exited provider again (its exit stays on the public list). */
export async function relistProvider(deps: Deps, ctx: RequestContext, id: number, reason: string) {
  return deps.db.transaction().execute(async (trx) => {
    const row = await loadManaged(trx, ctx, id, 'training.provider.relist');
    if (row.status !== 'exited') throw new AppError('INVALID_TRANSITION', `${row.name} 在目录清单内`);
    await q.updateProvider(trx, id, {
      status: 'listed',
      listed_on: todayOf(deps),
      exited_on: null,
      exit_reason: null,
      updated_at: deps.clock.now().toISOString(),
    });
    await event(trx, deps, ctx, id, 'relist', reason.trim());
    const after = await viewOf(trx, ctx.actor!, id);
    await recordAudit(trx, deps, ctx, {
      action: 'training.provider.relist',
      objectType: 'training_provider',
      objectId: id,
      before: { status: 'exited', exitedOn: row.exited_on },
      after: { status: 'listed', reason },
    });
    return after;
  });
}

// ---- public (no login)

export async function publicProviders(deps: Deps, f: PublicTrainingQuery) {
  const page = f.page ?? 1;
  const pageSize = f.pageSize ?? 20;
  const { items, total } = await q.publicListed(deps.db, f, page, pageSize);
  const scope = await q.scopeOf(
    deps.db,
    items.map((r) => r.id),
  );
  return {
    items: items.map((r) => ({
      id: r.id,
      name: r.name,
      providerType: r.provider_type,
      regionName: r.region_name,
      listedOn: r.listed_on,
      occupations: scope.filter((s) => s.provider_id === r.id).map((s) => s.name),
    })),
    total,
    page,
    pageSize,
  };
}

export async function publicExits(deps: Deps, f: PublicTrainingQuery) {
  const page = f.page ?? 1;
  const pageSize = f.pageSize ?? 20;
  const { items, total } = await q.publicExits(deps.db, f, page, pageSize);
  const day = (iso: string | null) => (iso ? businessDate(new Date(iso), deps.config.businessTimeZone) : '');
  return {
    items: items.map((r) => ({
      id: r.id,
      name: r.name,
      providerType: r.provider_type,
      regionName: r.region_name,
      listedOn: day(r.listed_at as string | null),
      exitedOn: day(r.at),
      exitReason: r.detail ?? '',
    })),
    total,
    page,
    pageSize,
  };
}
