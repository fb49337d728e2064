/**
 * Subsidy rates (补贴标准) set by the province HRSS with their validity; Henan's published standards
 * (豫人社规〔2022〕2号, shared/domain/README.md) are loaded as defaults into an empty table. Two
 * rates of one kind and level never share a day, so the rate of a date is unique; a rate used by
 * claim lines keeps its amount and every date it was used for (a standard changes by closing the
 * old rate and adding a new one from a date), so a line's amount can always be traced to its rate.
 */
import type { Kysely } from 'kysely';
import type { Rate, RateBody, RatePatchBody } from '../../../../contract/api-subsidies.js';
import { RATE_KINDS, type RateKind } from '../../../../contract/subsidy-workflow.js';
import type { DB } from '../../database/schema.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { periodsOverlap } from './claim-lines.js';
import * as q from './rates.queries.js';

const RULE = { rule: 'SUB-1' } as const;
export const HENAN_RATES_SOURCE = '豫人社规〔2022〕2号';
const HENAN_RATES_FROM = '2022-01-01';

/** Henan's published standards, in yuan: training and evaluation by level (五级 → 一级), special ability, recognition at 50%. */
export const HENAN_RATES: { kind: RateKind; level: number; yuan?: number; percent?: number }[] = [
  ...([5, 4, 3, 2, 1] as const).map((level, i) => ({
    kind: 'training' as const,
    level,
    yuan: [1200, 1600, 2000, 4000, 5000][i],
  })),
  ...([5, 4, 3, 2, 1] as const).map((level, i) => ({
    kind: 'evaluation' as const,
    level,
    yuan: [200, 240, 280, 350, 380][i],
  })),
  // 专项职业能力考核补贴: 100 yuan per certificate, as shared/domain/README.md §5 states Henan's
  // standard (豫人社规〔2022〕2号: "evaluation subsidy 200 / 240 / 280 / 350 / 380 yuan (special-ability
  // certificates 100)"); the seeds (000–004) give no yuan figure at all, so nothing there contradicts it
  { kind: 'special_ability', level: 0, yuan: 100 },
  { kind: 'recognition_share', level: 0, percent: 50 },
];

/** Loads Henan's standards into an empty rate table (reference data, every installation); returns how many. */
export async function ensureSubsidyRates(db: Kysely<DB>, now: string): Promise<number> {
  if ((await q.countRates(db)) > 0) return 0;
  for (const r of HENAN_RATES)
    await q.insertRate(db, {
      kind: r.kind,
      level: r.level,
      amount_fen: r.yuan === undefined ? null : r.yuan * 100,
      percent: r.percent ?? null,
      valid_from: HENAN_RATES_FROM,
      valid_to: null,
      source: HENAN_RATES_SOURCE,
      updated_by: null,
      updated_by_name: null,
      created_at: now,
      updated_at: now,
    });
  return HENAN_RATES.length;
}

function toRate(r: Awaited<ReturnType<typeof q.ratesWithUse>>[number]): Rate {
  return {
    id: r.id,
    kind: r.kind,
    level: r.level,
    amountFen: r.amount_fen,
    percent: r.percent,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    source: r.source,
    usedLines: Number(r.used_lines ?? 0),
    updatedByName: r.updated_by_name,
    updatedAt: r.updated_at,
  };
}

export async function listRates(deps: Deps): Promise<Rate[]> {
  return (await q.ratesWithUse(deps.db)).map(toRate);
}

const field = (f: string, message: string) => [{ field: f, message }];

/** The shape each kind takes: levels 1–5 with an amount, or level 0 with an amount or a percent. */
function checkShape(kind: RateKind, level: number, amountFen: number | null, percent: number | null) {
  const label = RATE_KINDS[kind];
  // a training rate of level 0 is the standard of a 培训合格证书 (an occupation with no certificate to obtain, TRAIN-9)
  if (kind === 'training') {
    if (level < 0 || level > 5)
      throw new AppError('VALIDATION_FAILED', `${label}须指定等级（一级至五级；培训合格证书填 0）`, {
        details: field('/level', '0–5'),
      });
  } else if (kind === 'evaluation') {
    if (level < 1)
      throw new AppError('VALIDATION_FAILED', `${label}须指定等级（一级至五级）`, { details: field('/level', '1–5') });
  } else if (level !== 0)
    throw new AppError('VALIDATION_FAILED', `${label}不分等级，等级填 0`, { details: field('/level', '0') });
  if (kind === 'recognition_share') {
    if (percent === null || amountFen !== null)
      throw new AppError('VALIDATION_FAILED', `${label}填比例（%），不填金额`, { details: field('/percent', '1–100') });
  } else if (amountFen === null || percent !== null)
    throw new AppError('VALIDATION_FAILED', `${label}填金额（分），不填比例`, { details: field('/amountFen', '金额') });
}

async function assertNoOverlap(
  db: Kysely<DB>,
  kind: RateKind,
  level: number,
  from: string,
  to: string | null,
  selfId: number | null,
) {
  if (to !== null && to < from)
    throw new AppError('VALIDATION_FAILED', '有效期截止日不能早于起始日', {
      details: field('/validTo', '不早于起始日'),
    });
  const clash = (await q.ratesOfKindLevel(db, kind, level)).find(
    (r) => r.id !== selfId && periodsOverlap(from, to, r.valid_from, r.valid_to),
  );
  if (clash)
    throw new AppError(
      'SUBSIDY_RATE_OVERLAP',
      `${RATE_KINDS[kind]}${level ? ` ${level} 级` : ''}已有 ${clash.valid_from} 至 ${clash.valid_to ?? '长期'} 有效的标准（#${clash.id}）：同一日期只能有一个标准，请先设定原标准的截止日`,
      RULE,
    );
}

export async function createRate(deps: Deps, ctx: RequestContext, body: RateBody): Promise<Rate> {
  const amountFen = body.amountFen ?? null;
  const percent = body.percent ?? null;
  checkShape(body.kind, body.level, amountFen, percent);
  return deps.db.transaction().execute(async (trx) => {
    await assertNoOverlap(trx, body.kind, body.level, body.validFrom, body.validTo ?? null, null);
    const now = deps.clock.now().toISOString();
    const id = await q.insertRate(trx, {
      kind: body.kind,
      level: body.level,
      amount_fen: amountFen,
      percent,
      valid_from: body.validFrom,
      valid_to: body.validTo ?? null,
      source: body.source?.trim() || null,
      updated_by: ctx.actor!.id,
      updated_by_name: ctx.actor!.displayName,
      created_at: now,
      updated_at: now,
    });
    await recordAudit(trx, deps, ctx, {
      action: 'subsidy.rate.create',
      objectType: 'subsidy_rate',
      objectId: id,
      after: body,
    });
    return toRate((await q.ratesWithUse(trx)).find((r) => r.id === id)!);
  });
}

export async function patchRate(deps: Deps, ctx: RequestContext, id: number, body: RatePatchBody): Promise<Rate> {
  return deps.db.transaction().execute(async (trx) => {
    const r = await q.rateById(trx, id);
    if (!r) throw new AppError('NOT_FOUND', `补贴标准 #${id} 不存在`);
    const next = {
      amount_fen: body.amountFen === undefined ? r.amount_fen : body.amountFen,
      percent: body.percent === undefined ? r.percent : body.percent,
      valid_to: body.validTo === undefined ? r.valid_to : body.validTo,
      source: body.source === undefined ? r.source : body.source?.trim() || null,
    };
    checkShape(r.kind, r.level, next.amount_fen, next.percent);
    const use = await q.rateUse(trx, r);
    if (use.lines > 0) {
      if (next.amount_fen !== r.amount_fen || next.percent !== r.percent)
        throw new AppError(
          'SUBSIDY_RATE_IN_USE',
          `该标准已用于 ${use.lines} 条申领明细，金额（比例）不能修改：请设定其截止日，并新增自某日起执行的新标准`,
          RULE,
        );
      if (next.valid_to !== null && use.last && next.valid_to < use.last)
        throw new AppError(
          'SUBSIDY_RATE_IN_USE',
          `该标准已用于 ${use.last} 的申领明细，截止日不能早于 ${use.last}`,
          RULE,
        );
    }
    await assertNoOverlap(trx, r.kind, r.level, r.valid_from, next.valid_to, r.id);
    await q.updateRate(trx, id, {
      ...next,
      updated_by: ctx.actor!.id,
      updated_by_name: ctx.actor!.displayName,
      updated_at: deps.clock.now().toISOString(),
    });
    await recordAudit(trx, deps, ctx, {
      action: 'subsidy.rate.update',
      objectType: 'subsidy_rate',
      objectId: id,
      before: { amountFen: r.amount_fen, percent: r.percent, validTo: r.valid_to, source: r.source },
      after: { amountFen: next.amount_fen, percent: next.percent, validTo: next.valid_to, source: next.source },
    });
    return toRate((await q.ratesWithUse(trx)).find((x) => x.id === id)!);
  });
}
