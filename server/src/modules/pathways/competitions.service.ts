/** CERT-5 competitions: the institution's award rules, awards by rank; one promotion per person per year. */
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { findOrCreateLearner, type IdentityInput } from '../people/learners.service.js';
import { businessYear } from '../../lib/dates.js';
import * as q from './pathways.queries.js';
import { competitionLevel, type AwardRule } from './pathways.rules.js';
import { recordPathway, situationSource } from './pathways.service.js';

export async function createCompetition(
  deps: Deps,
  ctx: RequestContext,
  body: {
    name: string;
    tier: 'national' | 'province' | 'city_first' | 'city' | 'school';
    year: number;
    occupationId: number;
    participants: number;
    rules: AwardRule[];
  },
) {
  return deps.db.transaction().execute(async (trx) => {
    const id = await q.insertCompetition(trx, {
      institution_id: ctx.actor!.institutionId!,
      name: body.name,
      tier: body.tier,
      year: body.year,
      occupation_id: body.occupationId,
      rules_json: JSON.stringify(body.rules),
      participants: body.participants,
      created_by: ctx.actor!.id,
      created_at: deps.clock.now().toISOString(),
    });
    await recordAudit(trx, deps, ctx, {
      action: 'competition.create',
      objectType: 'competition',
      objectId: id,
      after: body,
    });
    return { id, ...body };
  });
}

export async function listCompetitions(deps: Deps, ctx: RequestContext) {
  const rows = await q.competitionsOf(deps.db, ctx.actor!.institutionId!);
  return rows.map((c) => ({
    id: c.id,
    name: c.name,
    tier: c.tier,
    year: c.year,
    occupationId: c.occupation_id,
    occupationName: c.occupation_name,
    participants: c.participants,
    rules: JSON.parse(c.rules_json) as AwardRule[],
  }));
}

export async function awardCompetition(
  deps: Deps,
  ctx: RequestContext,
  competitionId: number,
  body: IdentityInput & { rank: number },
) {
  return deps.db.transaction().execute(async (trx) => {
    const c = await q.competitionOf(trx, ctx.actor!.institutionId!, competitionId);
    if (!c) throw new AppError('NOT_FOUND', `竞赛 #${competitionId} 不存在`);
    if (body.rank < 1 || body.rank > c.participants)
      throw new AppError('VALIDATION_FAILED', `名次须在 1–${c.participants} 之间`, {
        details: [{ field: '/rank', message: '名次超出参赛人数' }],
      });
    const level = competitionLevel(JSON.parse(c.rules_json), body.rank, c.participants);
    if (level === null)
      throw new AppError(
        'PATHWAY_NOT_APPLICABLE',
        `第 ${body.rank} 名（共 ${c.participants} 人）未达到本竞赛的取证规则`,
        { rule: 'CERT-5' },
      );
    const learner = await findOrCreateLearner(trx, deps, ctx, body, await situationSource(trx, ctx, 'competition'));
    const already = await q.recordOfYear(
      trx,
      learner.id,
      'competition',
      businessYear(deps.clock.now(), deps.config.businessTimeZone),
    );
    if (already)
      throw new AppError('ONE_PROMOTION_PER_YEAR', `${learner.name} 本年度已通过竞赛晋升过一次`, { rule: 'CERT-5' });
    return recordPathway(trx, deps, ctx, {
      pathway: 'competition',
      learner_id: learner.id,
      occupation_id: c.occupation_id,
      level,
      source_type: 'competition',
      source_id: c.id,
      evidence_json: JSON.stringify({
        competition: c.name,
        tier: c.tier,
        rank: body.rank,
        participants: c.participants,
      }),
    });
  });
}
