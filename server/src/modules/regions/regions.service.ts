/** 行政区划: browse for everyone signed in; corrections by a province official within their subtree. */
import type { Static } from '@sinclair/typebox';
import type { RegionPatchBody } from '../../../../contract/api.js';
import type { RegionRow } from '../../database/schema.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import * as q from './regions.queries.js';

export function toRegion(r: RegionRow & { child_count: number | string | null }) {
  return {
    code: r.code,
    name: r.name,
    level: r.level,
    parentCode: r.parent_code,
    gbParentCode: r.gb_parent_code,
    isDirectCounty: r.is_direct_county === 1,
    childCount: Number(r.child_count ?? 0),
  };
}

export async function listRegions(deps: Deps, f: { parent?: string; q?: string }) {
  return (await q.listRegions(deps.db, f)).map(toRegion);
}

export async function getRegion(deps: Deps, code: string) {
  const r = await q.getRegion(deps.db, code);
  if (!r) throw new AppError('NOT_FOUND', `行政区划 ${code} 不存在`);
  return toRegion(r);
}

export async function updateRegion(
  deps: Deps,
  ctx: RequestContext,
  code: string,
  body: Static<typeof RegionPatchBody>,
) {
  const actor = ctx.actor!;
  return deps.db.transaction().execute(async (trx) => {
    const before = await q.getRegion(trx, code);
    if (!before) throw new AppError('NOT_FOUND', `行政区划 ${code} 不存在`);
    if (!actor.regionPath || !before.path.startsWith(actor.regionPath)) {
      throw new AppError('FORBIDDEN_SCOPE', `${before.name} 不在您的管辖范围内`, {
        audit: { action: 'region.update', objectType: 'region', objectId: code, detail: 'out of scope' },
      });
    }
    const now = deps.clock.now().toISOString();
    const patch: Parameters<typeof q.updateRegion>[2] = { updated_at: now };
    if (body.name !== undefined) patch.name = body.name;
    if (body.isDirectCounty !== undefined && (body.isDirectCounty ? 1 : 0) !== before.is_direct_county) {
      if (before.level !== 'county')
        throw new AppError('VALIDATION_FAILED', '只有县级行政区可以设为省直管县', {
          details: [{ field: '/isDirectCounty', message: '只有县级行政区可以设为省直管县' }],
        });
      // 省直管县 hang under the province in the reporting tree; others under their GB/T 2260 city
      const province = before.path.split('/').filter(Boolean)[0];
      const parent = body.isDirectCounty ? province : before.gb_parent_code!;
      const parentRow = await q.getRegion(trx, parent);
      if (!parentRow) throw new AppError('REGION_NOT_FOUND', `上级行政区划 ${parent} 不存在`);
      patch.is_direct_county = body.isDirectCounty ? 1 : 0;
      patch.parent_code = parent;
      patch.path = `${parentRow.path}${code}/`;
    }
    await q.updateRegion(trx, code, patch);
    const after = (await q.getRegion(trx, code))!;
    await recordAudit(trx, deps, ctx, {
      action: 'region.update',
      objectType: 'region',
      objectId: code,
      before: toRegion(before),
      after: toRegion(after),
    });
    return toRegion(after);
  });
}
