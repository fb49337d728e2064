/**
 * The steps of a claim (contract/subsidy-workflow.ts), each in one transaction with its history row
 * and audit record:
 * - submit (SUB-1): the draft lines take their once-only slots. The application looks first (lines
 *   anywhere holding the same person, occupation and level; revoked or suspended certificates) and
 *   sets those aside with their reason; then the partial unique index decides, so two claims racing
 *   for the same slot cannot both hold it — the loser's line is excluded, and a claim left with
 *   nothing is refused 409 with the rule. The deadlines start (SUB-2).
 * - HRSS accepts or returns within 10 working days, approves or rejects within 15 of submission;
 *   approval publishes the claim (公示) for at least 3 working days (SUB-3).
 * - finance approves only after the publicity, commits the amount against the city's special
 *   account (or, when that has no balance, the employment subsidy fund), and pays to the claiming
 *   institution's account (stored encrypted).
 * - a paid line is reversed (冲销) with its reason and keeps its slot until the money is recovered
 *   (追缴) in full; then the slot is free again (SUB-4).
 */
import type { Transaction } from 'kysely';
import type {
  ClaimDetail,
  ClaimFinanceBody,
  ClaimReviewBody,
  ClaimSubmitBody,
  RecoveryBody,
  ReversalBody,
} from '../../../../contract/api-subsidies.js';
import {
  FUND_SOURCES,
  INELIGIBLE_REASONS,
  yuan,
  type ClaimStep,
  type FundSource,
  type IneligibleReason,
} from '../../../../contract/subsidy-workflow.js';
import type { DB } from '../../database/schema.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { businessYear } from '../../lib/dates.js';
import { AppError } from '../../lib/errors.js';
import { fieldCipher } from '../../lib/field-crypto.js';
import { recordAudit } from '../audit/audit.service.js';
import { calendarOverrides } from '../regions/calendar.queries.js';
import { claimForStep, assertHandles, loadVisibleClaim, recordStep, requiredReason, today } from './claim-access.js';
import { maskBankAccount, slotKey } from './claim-lines.js';
import { assertMayClaimKind, claimDetail } from './claims.service.js';
import type { ClaimRow } from './claims.queries.js';
import * as cq from './claims.queries.js';
import { dueDateFor, financeOpensOn, publicityEnd } from './deadlines.js';
import * as lq from './lines.queries.js';
import * as mq from './money.queries.js';

const CLAIM_ACCOUNT_FIELD = 'subsidy_claims.payee_account';
const PAYMENT_ACCOUNT_FIELD = 'subsidy_payments.bank_account';

type Excluded = Map<IneligibleReason, number[]>;
const note = (x: Excluded) =>
  [...x]
    .filter(([, ids]) => ids.length)
    .map(([r, ids]) => `${INELIGIBLE_REASONS[r].zh} ${ids.length} 条`)
    .join('；');

type SourcedLine = Awaited<ReturnType<typeof lq.linesWithSourceOf>>[number];

/** Lines of a claim whose certificate is no longer the institution's valid one (revoked, suspended, not its own). */
function invalidSources(c: ClaimRow, lines: readonly SourcedLine[]): Excluded {
  const out: Excluded = new Map();
  const add = (r: IneligibleReason, id: number) => {
    const ids = out.get(r);
    if (ids) ids.push(id);
    else out.set(r, [id]);
  };
  for (const l of lines) {
    // a recorded other certificate (a training outcome, TRAIN-9) revoked since the claim was made
    if (l.other_certificate_id !== null && l.other_certificate_status === 'revoked') add('revoked', l.id);
    if (l.certificate_id === null) continue;
    // a training claim's certificate was issued by the evaluation body, not by the claiming provider
    if (c.kind !== 'training' && l.certificate_institution_id !== c.institution_id) add('not_own', l.id);
    else if (l.certificate_status === 'revoked') add('revoked', l.id);
    else if (l.certificate_status === 'suspended') add('suspended', l.id);
  }
  return out;
}

export interface SubmitOptions {
  /**
   * The application's own look at the once-only slots before the database index decides. On by
   * default; tests switch it off to show that the partial unique index alone keeps SUB-1.
   */
  onceOnlyCheck?: boolean;
}

/**
 * SUB-1: the draft lines of a claim take their slots. Returns how many hold and those set aside.
 * A unique violation (another claim took a slot meanwhile) never escapes as a 500: the lines are
 * then held one by one in savepoints, and the ones the index refuses are excluded as already claimed.
 */
async function holdLines(trx: Transaction<DB>, c: ClaimRow, check: boolean) {
  const drafts = await lq.linesWithSourceOf(trx, c.id, ['draft']);
  const excluded = invalidSources(c, drafts);
  if (check) {
    const aside = new Set<number>();
    for (const ids of excluded.values()) for (const id of ids) aside.add(id);
    const open = drafts.filter((l) => !aside.has(l.id));
    const slots = new Map<number, string>();
    for (const s of await lq.holdingSlotsOf(
      trx,
      c.kind,
      open.map((l) => l.learner_id),
    ))
      slots.set(slotKey(c.kind, s.learner_id, s.occupation_id, s.level), s.status);
    const paid: number[] = [];
    const claimed: number[] = [];
    for (const l of open) {
      const s = slots.get(slotKey(l.line_kind, l.learner_id, l.occupation_id, l.level));
      if (s) (s === 'held' ? claimed : paid).push(l.id);
    }
    if (paid.length) excluded.set('already_paid', paid);
    if (claimed.length) excluded.set('already_claimed', claimed);
  }
  await lq.excludeLines(trx, excluded);
  let held = await lq.holdDraftLines(trx, c.id);
  if (held === null) {
    held = 0;
    const refused: number[] = excluded.get('already_claimed') ?? [];
    for (const id of await lq.draftLineIds(trx, c.id))
      if (await lq.holdLineOrRefuse(trx, id)) held++;
      else refused.push(id);
    if (refused.length) excluded.set('already_claimed', refused);
  }
  return { held, excluded };
}

/** The count and amount of a claim's lines in a status. */
async function totalOf(trx: Transaction<DB>, claimId: number, status: 'held' | 'paid') {
  const t = (await lq.lineTotals(trx, claimId)).find((x) => x.status === status);
  return { count: t?.count ?? 0, amountFen: t?.amountFen ?? 0 };
}

const nothingLeft = (what: string, excluded: Excluded) =>
  new AppError(
    'SUBSIDY_NOTHING_CLAIMABLE',
    `${what}：同一人员同一职业同一等级只能申领一次补贴（${note(excluded) || '没有明细'}）`,
    { rule: 'SUB-1' },
  );

export async function submitClaim(
  deps: Deps,
  ctx: RequestContext,
  id: number,
  body: ClaimSubmitBody,
  opts: SubmitOptions = {},
): Promise<ClaimDetail> {
  await deps.db.transaction().execute(async (trx) => {
    const c = await claimForStep(trx, ctx, id, 'submit');
    await assertMayClaimKind(trx, c.kind, c.institution_id);
    const { held, excluded } = await holdLines(trx, c, opts.onceOnlyCheck ?? true);
    if (!held) throw nothingLeft('申领中没有可申领的明细', excluded);
    const total = await totalOf(trx, id, 'held');
    const day = today(deps);
    const due = dueDateFor('submitted', { submitted_on: day, publicity_until: null }, await calendarOverrides(trx));
    const account = body.payeeAccount.replace(/\s+/g, '');
    await recordStep(
      trx,
      deps,
      ctx,
      c,
      'submit',
      {
        status: 'submitted',
        line_count: total.count,
        amount_fen: total.amountFen,
        payee_name: body.payeeName.trim(),
        payee_bank: body.payeeBank.trim(),
        payee_account: fieldCipher(deps.config.keyDir).seal(account, CLAIM_ACCOUNT_FIELD),
        payee_account_masked: maskBankAccount(account),
        submitted_on: day,
        submitted_at: deps.clock.now().toISOString(),
        due_on: due!.date,
        publicity_from: null,
        publicity_until: null,
      },
      {
        detail: `申领 ${total.count} 条，${yuan(total.amountFen)} 元${note(excluded) ? `；不予申领：${note(excluded)}` : ''}；受理时限 ${due!.date}`,
        after: {
          lines: total.count,
          amountFen: total.amountFen,
          dueOn: due!.date,
          payeeAccount: maskBankAccount(account),
        },
      },
    );
  });
  return claimDetail(deps, ctx, id);
}

export async function withdrawClaim(deps: Deps, ctx: RequestContext, id: number): Promise<ClaimDetail> {
  await deps.db.transaction().execute(async (trx) => {
    const c = await claimForStep(trx, ctx, id, 'withdraw');
    await lq.moveClaimLines(trx, id, ['draft'], 'void');
    await recordStep(trx, deps, ctx, c, 'withdraw', { status: 'withdrawn', due_on: null });
  });
  return claimDetail(deps, ctx, id);
}

/** HRSS: accept or return (SUB-2, 10 working days), approve and publish, or reject (15 working days). */
export async function reviewClaim(deps: Deps, ctx: RequestContext, id: number, body: ClaimReviewBody) {
  await deps.db.transaction().execute(async (trx) => {
    const c = await claimForStep(trx, ctx, id, body.step);
    const reason = requiredReason(body.step, body.reason);
    const overrides = await calendarOverrides(trx);
    if (body.step === 'accept') {
      const due = dueDateFor('accepted', c, overrides)!;
      await recordStep(
        trx,
        deps,
        ctx,
        c,
        'accept',
        { status: 'accepted', due_on: due.date },
        {
          reason,
          detail: `审核时限 ${due.date}`,
        },
      );
    } else if (body.step === 'return') {
      // a returned claim holds no slot: its lines wait, as drafts, to be submitted again
      await lq.moveClaimLines(trx, id, ['held'], 'draft');
      await recordStep(
        trx,
        deps,
        ctx,
        c,
        'return',
        { status: 'returned', due_on: null, last_reason: reason },
        { reason },
      );
    } else if (body.step === 'reject') {
      await lq.moveClaimLines(trx, id, ['held'], 'void');
      await recordStep(
        trx,
        deps,
        ctx,
        c,
        'reject',
        { status: 'rejected', due_on: null, last_reason: reason },
        { reason },
      );
    } else {
      // a certificate revoked since submission leaves the claim before it is published
      const excluded = invalidSources(c, await lq.linesWithSourceOf(trx, id, ['held']));
      await lq.excludeLines(trx, excluded);
      const total = await totalOf(trx, id, 'held');
      if (!total.count) throw nothingLeft('申领中已没有有效明细', excluded);
      const from = today(deps);
      const until = publicityEnd(from, overrides);
      const due = dueDateFor('publicity', { submitted_on: c.submitted_on, publicity_until: until.date }, overrides)!;
      await recordStep(
        trx,
        deps,
        ctx,
        c,
        'approve',
        {
          status: 'publicity',
          line_count: total.count,
          amount_fen: total.amountFen,
          publicity_from: from,
          publicity_until: until.date,
          due_on: due.date,
        },
        {
          reason,
          detail: `公示 ${from} 至 ${until.date}（${3} 个工作日），${financeOpensOn(until.date)} 起财政审核${note(excluded) ? `；不予申领：${note(excluded)}` : ''}`,
          after: { publicityFrom: from, publicityUntil: until.date, lines: total.count, amountFen: total.amountFen },
        },
      );
    }
  });
  return claimDetail(deps, ctx, id);
}

/** The special account's balance for a claim's city in a year: budget − committed − paid + recovered. */
async function specialAccountBalance(trx: Transaction<DB>, regionCode: string, year: number) {
  const [fund] = await mq.fundsOf(trx, [regionCode], year);
  const m = (await mq.fundMovements(trx, [regionCode], year)).get(regionCode);
  if (!fund) return 0;
  return Number(fund.budget_fen) - (m?.committed ?? 0) - (m?.paid ?? 0) + (m?.recovered ?? 0);
}

/** Finance: approve after the publicity (SUB-3) and commit the money, refuse, or pay. */
export async function financeStep(deps: Deps, ctx: RequestContext, id: number, body: ClaimFinanceBody) {
  await deps.db.transaction().execute(async (trx) => {
    const c = await claimForStep(trx, ctx, id, body.step as ClaimStep);
    const reason = requiredReason(body.step, body.reason);
    const day = today(deps);
    if (body.step === 'refuse') {
      await lq.moveClaimLines(trx, id, ['held'], 'void');
      await recordStep(
        trx,
        deps,
        ctx,
        c,
        'refuse',
        { status: 'rejected', due_on: null, last_reason: reason },
        { reason },
      );
    } else if (body.step === 'finance_approve') {
      if (!c.publicity_until || day <= c.publicity_until)
        throw new AppError(
          'SUBSIDY_PUBLICITY_RUNNING',
          `补贴公示自 ${c.publicity_from} 起至 ${c.publicity_until}，须公示不少于 3 个工作日，${c.publicity_until ? financeOpensOn(c.publicity_until) : ''} 起方可审核拨付（《2021年许昌市全民技能振兴工程暨职业技能提升行动工作方案》三（二））`,
          { rule: 'SUB-3' },
        );
      const excluded = invalidSources(c, await lq.linesWithSourceOf(trx, id, ['held']));
      await lq.excludeLines(trx, excluded);
      const total = await totalOf(trx, id, 'held');
      if (!total.count) throw nothingLeft('申领中已没有有效明细', excluded);
      const year = businessYear(deps.clock.now(), deps.config.businessTimeZone);
      // 优先使用专账资金，专账资金无结余的从就业补助资金中支出 (许技领办〔2021〕4号 三（二）)
      await mq.lockFunds(trx);
      const balance = await specialAccountBalance(trx, c.fund_region_code, year);
      const source: FundSource = body.fundSource ?? 'special_account';
      if (source === 'special_account' && total.amountFen > balance)
        throw new AppError(
          'SUBSIDY_FUND_INSUFFICIENT',
          `${c.fund_region_name}${year}年${FUND_SOURCES.special_account}结余 ${yuan(Math.max(balance, 0))} 元，不足以支付本申领 ${yuan(total.amountFen)} 元。专账资金无结余的，从就业补助资金中支出：请选择资金来源“${FUND_SOURCES.employment_fund}”，或先录入本年度专账资金预算（《2021年许昌市全民技能振兴工程暨职业技能提升行动工作方案》三（二））`,
        );
      if (source === 'employment_fund' && total.amountFen <= balance)
        throw new AppError(
          'VALIDATION_FAILED',
          `${c.fund_region_name}${year}年专账资金结余 ${yuan(balance)} 元足以支付：行动期间优先使用专账资金`,
          { details: [{ field: '/fundSource', message: '应使用专账资金' }] },
        );
      await recordStep(
        trx,
        deps,
        ctx,
        c,
        'finance_approve',
        {
          status: 'finance_approved',
          fund_source: source,
          fund_year: year,
          line_count: total.count,
          amount_fen: total.amountFen,
        },
        {
          reason,
          detail: `${FUND_SOURCES[source]}（${year}年）承诺 ${yuan(total.amountFen)} 元${note(excluded) ? `；不予申领：${note(excluded)}` : ''}`,
          after: { fundSource: source, fundYear: year, amountFen: total.amountFen },
        },
      );
    } else {
      const voucher = body.voucherNo?.trim();
      if (!voucher)
        throw new AppError('VALIDATION_FAILED', '拨付须填写付款凭证号', {
          details: [{ field: '/voucherNo', message: '须填写' }],
        });
      const cipher = fieldCipher(deps.config.keyDir);
      const account = cipher.open(c.payee_account!, CLAIM_ACCOUNT_FIELD);
      const total = await totalOf(trx, id, 'held');
      await lq.moveClaimLines(trx, id, ['held'], 'paid');
      await mq.insertPayment(trx, {
        claim_id: id,
        amount_fen: total.amountFen,
        paid_on: day,
        voucher_no: voucher,
        payee_name: c.payee_name!,
        bank_name: c.payee_bank!,
        bank_account: cipher.seal(account, PAYMENT_ACCOUNT_FIELD),
        bank_account_masked: maskBankAccount(account),
        fund_source: c.fund_source!,
        fund_region_code: c.fund_region_code,
        fund_year: c.fund_year!,
        paid_by: ctx.actor!.id,
        paid_by_name: ctx.actor!.displayName,
        created_at: deps.clock.now().toISOString(),
      });
      await recordStep(
        trx,
        deps,
        ctx,
        c,
        'pay',
        { status: 'paid', due_on: null, line_count: total.count, amount_fen: total.amountFen },
        {
          detail: `拨付 ${yuan(total.amountFen)} 元至 ${c.payee_bank} ${maskBankAccount(account)}，凭证号 ${voucher}`,
          after: { amountFen: total.amountFen, voucherNo: voucher, account: maskBankAccount(account) },
        },
      );
    }
  });
  return claimDetail(deps, ctx, id);
}

/**
 * SUB-4: reverse paid lines (all of the claim's, or these) with the reason; the money is to be
 * recovered. The lines keep their slots until it is; the claim is `reversed` once no line is paid.
 */
export async function reverseClaimLines(deps: Deps, ctx: RequestContext, id: number, body: ReversalBody) {
  await deps.db.transaction().execute(async (trx) => {
    const c = await claimForStep(trx, ctx, id, 'reverse');
    const reason = requiredReason('reverse', body.reason)!;
    const lines = await lq.paidLinesOf(trx, id, body.lineIds);
    if (body.lineIds) {
      const found = new Set(lines.map((l) => l.id));
      const missing = body.lineIds.filter((x) => !found.has(x));
      if (missing.length)
        throw new AppError('VALIDATION_FAILED', `明细 ${missing.slice(0, 10).join('、')} 不是本申领已拨付的明细`, {
          rule: 'SUB-4',
          details: [{ field: '/lineIds', message: '须为本申领已拨付的明细' }],
        });
    }
    if (!lines.length) throw new AppError('CLAIM_INVALID_STATE', '本申领没有已拨付的明细可以冲销', { rule: 'SUB-4' });
    const amount = lines.reduce((s, l) => s + l.amount_fen, 0);
    const now = deps.clock.now().toISOString();
    const reversalId = await mq.insertReversal(trx, {
      claim_id: id,
      reason,
      line_count: lines.length,
      amount_fen: amount,
      recovered_fen: 0,
      status: 'recovering',
      created_by: ctx.actor!.id,
      created_by_name: ctx.actor!.displayName,
      created_at: now,
      recovered_at: null,
    });
    await lq.reverseLines(
      trx,
      lines.map((l) => l.id),
      reversalId,
    );
    const stillPaid = await totalOf(trx, id, 'paid');
    await recordStep(trx, deps, ctx, c, 'reverse', stillPaid.count ? {} : { status: 'reversed' }, {
      reason,
      detail: `冲销 ${lines.length} 条，${yuan(amount)} 元，待追缴`,
      after: { reversalId, lines: lines.length, amountFen: amount },
    });
  });
  return claimDetail(deps, ctx, id);
}

/** SUB-4: money recovered against a reversal; once all of it is back, its lines free their slots. */
export async function recordRecovery(deps: Deps, ctx: RequestContext, reversalId: number, body: RecoveryBody) {
  const claimId = await deps.db.transaction().execute(async (trx) => {
    const r = await mq.reversalById(trx, reversalId);
    if (!r) throw new AppError('NOT_FOUND', `冲销记录 #${reversalId} 不存在`);
    const c = await loadVisibleClaim(trx, ctx, r.claim_id, 'subsidy.recover');
    assertHandles(ctx, c);
    if (r.status === 'recovered')
      throw new AppError('CLAIM_INVALID_STATE', '该冲销的资金已全部追回', { rule: 'SUB-4' });
    const recovered = Number(r.recovered_fen) + body.amountFen;
    if (recovered > Number(r.amount_fen))
      throw new AppError(
        'SUBSIDY_RECOVERY_EXCEEDS',
        `冲销金额 ${yuan(Number(r.amount_fen))} 元，已追回 ${yuan(Number(r.recovered_fen))} 元，本次至多 ${yuan(Number(r.amount_fen) - Number(r.recovered_fen))} 元`,
        { rule: 'SUB-4' },
      );
    if (body.receivedOn > today(deps))
      throw new AppError('VALIDATION_FAILED', '到账日期不能晚于今天', {
        details: [{ field: '/receivedOn', message: '不晚于今天' }],
      });
    const now = deps.clock.now().toISOString();
    const actor = ctx.actor!;
    await mq.insertRecovery(trx, {
      reversal_id: reversalId,
      amount_fen: body.amountFen,
      received_on: body.receivedOn,
      note: body.note?.trim() || null,
      recorded_by: actor.id,
      recorded_by_name: actor.displayName,
      created_at: now,
    });
    const done = recovered === Number(r.amount_fen);
    await mq.updateReversal(trx, reversalId, {
      recovered_fen: recovered,
      status: done ? 'recovered' : 'recovering',
      recovered_at: done ? now : null,
    });
    if (done) await lq.recoverLines(trx, reversalId);
    await cq.insertStep(trx, {
      claim_id: c.id,
      step: 'recover',
      from_status: c.status,
      to_status: c.status,
      actor_id: actor.id,
      actor_name: actor.displayName,
      actor_role: actor.role,
      reason: null,
      detail: `追回 ${yuan(body.amountFen)} 元（${body.receivedOn} 到账），累计 ${yuan(recovered)} / ${yuan(Number(r.amount_fen))} 元${done ? '，已全部追回' : ''}`,
      on_date: today(deps),
      at: now,
    });
    await recordAudit(trx, deps, ctx, {
      action: 'subsidy.recover',
      objectType: 'subsidy_reversal',
      objectId: reversalId,
      before: { recoveredFen: Number(r.recovered_fen) },
      after: { recoveredFen: recovered, status: done ? 'recovered' : 'recovering', receivedOn: body.receivedOn },
    });
    return c.id;
  });
  return claimDetail(deps, ctx, claimId);
}
