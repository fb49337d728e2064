/**
 * TRAIN-13 跨区域培训报备: a catalogued provider trains anywhere in its own city-level unit; to train
 * elsewhere it files with the HRSS of the place (培训所在地人力资源社会保障局) for a period, and that
 * HRSS — the city's, or the province's above it — agrees or refuses with a reason ("报备同意后，可开展
 * 跨区域培训", seed 002 二（二）14、16). A class outside the provider's unit needs an agreed filing
 * that covers its dates (class-checks.service.ts).
 */
import { can } from '../../../../contract/access.js';
import type { TrainingFilingBody, TrainingFilingDecisionBody } from '../../../../contract/api-training.js';
import type { Actor, Deps, RequestContext } from '../../lib/context.js';
import { AppError, notFoundOrDenied } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { getRegion } from '../regions/regions.queries.js';
import * as q from './filings.queries.js';
import { ownProvider } from './provider-access.js';
import { cityUnitOf } from './training.rules.js';

/** The caller is the HRSS of the filing's place: its region contains the place. */
const isPlaceAuthority = (actor: Actor, regionPath: string) =>
  can(actor.role, 'training.filing.decide') && !!actor.regionPath && regionPath.startsWith(actor.regionPath);

export function filingView(actor: Actor, f: q.FilingRow) {
  return {
    id: f.id,
    providerId: f.provider_id,
    providerName: f.provider_name,
    regionCode: f.region_code,
    regionName: f.region_name,
    validFrom: f.valid_from,
    validUntil: f.valid_until,
    note: f.note,
    status: f.status,
    appliedAt: f.applied_at,
    decidedAt: f.decided_at,
    decidedByName: f.decided_by_name,
    decisionReason: f.decision_reason,
    mayDecide: f.status === 'submitted' && isPlaceAuthority(actor, f.region_path),
  };
}

export async function listFilings(deps: Deps, ctx: RequestContext) {
  const rows = await q.visibleFilings(deps.db, ctx.actor!).orderBy('f.id', 'desc').limit(500).execute();
  return rows.map((r) => filingView(ctx.actor!, r));
}

/** The provider files with the HRSS of a city-level unit other than its own. */
export async function applyFiling(deps: Deps, ctx: RequestContext, body: TrainingFilingBody) {
  return deps.db.transaction().execute(async (trx) => {
    const provider = await ownProvider(trx, ctx.actor!);
    if (provider.status !== 'listed')
      throw new AppError('PROVIDER_NOT_LISTED', `${provider.name} 已退出培训机构目录清单，不能申请跨区域培训`, {
        rule: 'TRAIN-13',
      });
    const region = await getRegion(trx, body.regionCode);
    if (!region)
      throw new AppError('REGION_NOT_FOUND', `行政区划 ${body.regionCode} 不存在`, {
        details: [{ field: '/regionCode', message: '行政区划不存在' }],
      });
    if (cityUnitOf(region.path) !== region.code)
      throw new AppError('VALIDATION_FAILED', '请选择培训所在的市（含济源示范区、省直管县），向该地人社部门报备', {
        rule: 'TRAIN-13',
        details: [{ field: '/regionCode', message: '须为市级行政区划' }],
      });
    if (cityUnitOf(provider.region_path) === region.code)
      throw new AppError('VALIDATION_FAILED', `${region.name}是本机构所在地，在本市范围内培训无需跨区域报备`, {
        rule: 'TRAIN-13',
        details: [{ field: '/regionCode', message: '本市范围内无需报备' }],
      });
    if (body.validUntil < body.validFrom)
      throw new AppError('VALIDATION_FAILED', '报备期限的结束日期不能早于开始日期', {
        details: [{ field: '/validUntil', message: '不能早于开始日期' }],
      });
    const id = await q.insertFiling(trx, {
      provider_id: provider.id,
      region_code: region.code,
      valid_from: body.validFrom,
      valid_until: body.validUntil,
      note: body.note ?? null,
      status: 'submitted',
      applied_by: ctx.actor!.id,
      applied_at: deps.clock.now().toISOString(),
      decided_by: null,
      decided_by_name: null,
      decided_at: null,
      decision_reason: null,
    });
    const row = await q.visibleFilings(trx, ctx.actor!).where('f.id', '=', id).executeTakeFirstOrThrow();
    const after = filingView(ctx.actor!, row);
    await recordAudit(trx, deps, ctx, {
      action: 'training.filing.apply',
      objectType: 'training_filing',
      objectId: id,
      after,
    });
    return after;
  });
}

/** The HRSS of the place agrees or refuses (with a reason). */
export async function decideFiling(deps: Deps, ctx: RequestContext, id: number, body: TrainingFilingDecisionBody) {
  const actor = ctx.actor!;
  return deps.db.transaction().execute(async (trx) => {
    const f = await q.visibleFilings(trx, actor).where('f.id', '=', id).executeTakeFirst();
    if (!f)
      throw notFoundOrDenied(await q.filingExists(trx, id), `跨区域培训报备 #${id} 不存在或不在您的管辖范围内`, {
        action: 'training.filing.decide',
        objectType: 'training_filing',
        objectId: id,
      });
    if (!isPlaceAuthority(actor, f.region_path))
      throw new AppError('NOT_PLACE_AUTHORITY', `跨区域培训报备由培训所在地（${f.region_name}）人社部门或其上级办理`, {
        rule: 'TRAIN-13',
        audit: { action: 'training.filing.decide', objectType: 'training_filing', objectId: id },
      });
    if (f.status !== 'submitted')
      throw new AppError(
        'FILING_INVALID_STATE',
        `该报备已${f.status === 'approved' ? '同意' : '不同意'}，不能再次办理`,
      );
    const reason = body.reason?.trim() || null;
    if (body.decision === 'refuse' && (!reason || reason.length < 2))
      throw new AppError('VALIDATION_FAILED', '不同意须写明理由', {
        details: [{ field: '/reason', message: '请填写理由' }],
      });
    await q.updateFiling(trx, id, {
      status: body.decision === 'approve' ? 'approved' : 'refused',
      decided_by: actor.id,
      decided_by_name: actor.displayName,
      decided_at: deps.clock.now().toISOString(),
      decision_reason: reason,
    });
    const row = await q.visibleFilings(trx, actor).where('f.id', '=', id).executeTakeFirstOrThrow();
    const after = filingView(actor, row);
    await recordAudit(trx, deps, ctx, {
      action: `training.filing.${body.decision}`,
      objectType: 'training_filing',
      objectId: id,
      before: { status: 'submitted' },
      after: { status: after.status, reason },
    });
    return after;
  });
}
