/**
 * 职业技能提升行动专账资金: each city-level unit's yearly budget, entered by the province or the city
 * (HRSS or finance), and — computed from the records, never typed — what is committed (approved by
 * finance, not yet paid), paid, recovered, left, in publicity (next for finance) and what went to
 * the employment subsidy fund once the special account had no balance.
 *
 * Decision (许技领办〔2021〕4号 三（二）"行动期间优先使用专账资金，专账资金无结余的从就业补助资金
 * 中支出"): the money is committed when finance approves a claim. A claim larger than the special
 * account's balance is refused there (409 SUBSIDY_FUND_INSUFFICIENT, with the balance) unless finance
 * commits it to the employment subsidy fund, which is accepted only when the special account cannot
 * pay it. Payment then pays what was committed, with no second check.
 */
import type { Fund, FundBody, PublicFundUse } from '../../../../contract/api-subsidies.js';
import type { Actor, Deps, RequestContext } from '../../lib/context.js';
import { businessDate } from '../../lib/dates.js';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { getRegion, listRegions, regionNames } from '../regions/regions.queries.js';
import { fundRegionOf } from './claims.service.js';
import * as mq from './money.queries.js';

/** The city-level units whose funds an official keeps: every one under the province, or their own. */
async function fundRegionsOf(deps: Deps, actor: Actor): Promise<{ code: string; name: string }[]> {
  if (!actor.regionPath || !actor.regionCode) return [];
  const codes = actor.regionPath.split('/').filter(Boolean);
  if (codes.length === 1)
    return (await listRegions(deps.db, { parent: actor.regionCode })).map((r) => ({ code: r.code, name: r.name }));
  return regionNames(deps.db, [fundRegionOf(actor.regionPath)]);
}

export async function fundOverview(deps: Deps, ctx: RequestContext, year: number): Promise<Fund[]> {
  return fundsOfUnits(deps, await fundRegionsOf(deps, ctx.actor!), year);
}

/** The funds of city-level units for a year: the budget entered, and the rest computed from the records. */
async function fundsOfUnits(deps: Deps, units: { code: string; name: string }[], year: number): Promise<Fund[]> {
  const codes = units.map((u) => u.code);
  const [funds, movements] = await Promise.all([
    mq.fundsOf(deps.db, codes, year),
    mq.fundMovements(deps.db, codes, year),
  ]);
  return units.map((u) => {
    const f = funds.find((x) => x.region_code === u.code);
    const m = movements.get(u.code) ?? { committed: 0, paid: 0, recovered: 0, pending: 0, employment: 0 };
    const budget = f ? Number(f.budget_fen) : null;
    return {
      regionCode: u.code,
      regionName: u.name,
      year,
      budgetFen: budget,
      committedFen: m.committed,
      paidFen: m.paid,
      recoveredFen: m.recovered,
      remainingFen: budget === null ? null : budget - m.committed - m.paid + m.recovered,
      pendingFen: m.pending,
      employmentFundFen: m.employment,
      note: f?.note ?? null,
      updatedAt: f?.updated_at ?? null,
    };
  });
}

export async function setFund(
  deps: Deps,
  ctx: RequestContext,
  regionCode: string,
  year: number,
  body: FundBody,
): Promise<Fund> {
  const actor = ctx.actor!;
  const units = await fundRegionsOf(deps, actor);
  if (!units.some((u) => u.code === regionCode))
    throw new AppError('FORBIDDEN_SCOPE', `${regionCode} 不是您辖区内的市级资金单位`, {
      audit: {
        action: 'subsidy.fund.set',
        objectType: 'subsidy_fund',
        objectId: `${regionCode}/${year}`,
        detail: 'out of scope',
      },
    });
  await deps.db.transaction().execute(async (trx) => {
    const [before] = await mq.fundsOf(trx, [regionCode], year);
    await mq.upsertFund(trx, {
      region_code: regionCode,
      year,
      budget_fen: body.budgetFen,
      note: body.note?.trim() || null,
      updated_by: actor.id,
      updated_by_name: actor.displayName,
      updated_at: deps.clock.now().toISOString(),
    });
    await recordAudit(trx, deps, ctx, {
      action: 'subsidy.fund.set',
      objectType: 'subsidy_fund',
      objectId: `${regionCode}/${year}`,
      before: before ? { budgetFen: Number(before.budget_fen), note: before.note } : null,
      after: { budgetFen: body.budgetFen, note: body.note ?? null },
    });
  });
  return (await fundOverview(deps, ctx, year)).find((f) => f.regionCode === regionCode)!;
}

/**
 * 公开资金使用情况, public: every city-level unit of the province and its special account for the
 * year (this year by default) — the same figures the officials' fund page computes — with the people
 * paid for training and for evaluation. Nothing about a person, a claim or an account.
 */
export async function publicFundUse(deps: Deps, year?: number): Promise<PublicFundUse> {
  const y = year ?? Number(businessDate(deps.clock.now(), deps.config.businessTimeZone).slice(0, 4));
  // every city-level unit of the provinces whose funds the platform keeps (a budget or a payment)
  const provinces = new Set<string>();
  for (const code of await mq.fundRegionCodes(deps.db)) {
    const r = await getRegion(deps.db, code);
    if (r) provinces.add(r.path.split('/').filter(Boolean)[0]);
  }
  const units: { code: string; name: string }[] = [];
  for (const province of [...provinces].sort())
    units.push(...(await listRegions(deps.db, { parent: province })).map((r) => ({ code: r.code, name: r.name })));
  const [funds, counts, years] = await Promise.all([
    fundsOfUnits(deps, units, y),
    mq.paidLineCounts(
      deps.db,
      units.map((u) => u.code),
      y,
    ),
    mq.fundYears(deps.db),
  ]);
  const count = (code: string, kind: string) =>
    counts.filter((c) => c.regionCode === code && c.lineKind === kind).reduce((s, c) => s + c.count, 0);
  return {
    year: y,
    years: years.includes(y) ? years : [y, ...years].sort((a, b) => b - a),
    units: funds.map((f) => ({
      regionCode: f.regionCode,
      regionName: f.regionName,
      budgetFen: f.budgetFen,
      committedFen: f.committedFen,
      paidFen: f.paidFen,
      recoveredFen: f.recoveredFen,
      remainingFen: f.remainingFen,
      employmentFundFen: f.employmentFundFen,
      paidTraining: count(f.regionCode, 'training'),
      paidEvaluation: count(f.regionCode, 'evaluation'),
    })),
  };
}
