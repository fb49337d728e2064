/**
 * CERT-5: the province's cap on competition award rules per contest tier (竞赛取证上限): at most so
 * many places by rank and/or share, and no level above the highest grantable. Read by everyone who
 * proposes or approves; set by the province HRSS, each change audited.
 */
import type { CompetitionTier, TierCapBody } from '../../../../contract/api-pathways.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import * as cq from './competitions.queries.js';

const TIER_ORDER: CompetitionTier[] = ['national', 'province', 'city_first', 'city', 'school'];

const view = (r: Awaited<ReturnType<typeof cq.tierCaps>>[number]) => ({
  tier: r.tier,
  maxRank: r.max_rank,
  maxPercent: r.max_percent,
  maxLevel: r.max_level,
  updatedAt: r.updated_at,
  updatedByName: r.updated_by_name,
});

export async function listTierCaps(deps: Deps) {
  const rows = await cq.tierCaps(deps.db);
  return rows.sort((a, b) => TIER_ORDER.indexOf(a.tier) - TIER_ORDER.indexOf(b.tier)).map(view);
}

export async function setTierCap(deps: Deps, ctx: RequestContext, tier: CompetitionTier, body: TierCapBody) {
  if (body.maxRank === null && body.maxPercent === null)
    throw new AppError('VALIDATION_FAILED', '上限须设定名次或比例（可同时设定）', {
      rule: 'CERT-5',
      details: [
        { field: '/maxRank', message: '名次与比例至少设定一项' },
        { field: '/maxPercent', message: '名次与比例至少设定一项' },
      ],
    });
  return deps.db.transaction().execute(async (trx) => {
    const before = await cq.tierCap(trx, tier);
    const row = {
      tier,
      max_rank: body.maxRank,
      max_percent: body.maxPercent,
      max_level: body.maxLevel,
      updated_by: ctx.actor!.id,
      updated_by_name: ctx.actor!.displayName,
      updated_at: deps.clock.now().toISOString(),
    };
    await cq.saveTierCap(trx, row);
    await recordAudit(trx, deps, ctx, {
      action: 'competition.cap.set',
      objectType: 'competition_tier_cap',
      objectId: tier,
      before: before ? { maxRank: before.max_rank, maxPercent: before.max_percent, maxLevel: before.max_level } : null,
      after: body,
    });
    return view(row);
  });
}
