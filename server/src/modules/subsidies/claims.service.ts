/**
 * Building and reading claims (补贴申领, SUB-1). A filed evaluation institution claims the
 * evaluation subsidy for certificates it issued: the platform turns its own certificate records
 * into candidates (person, occupation, level, pathway, issue date), judges them (claim-lines.ts)
 * against the rates and against every line anywhere that holds the same slot, and shows the
 * ineligible ones with their reasons before anything is submitted. Amounts are never taken from
 * the client. `createClaimFromCandidates` is the generic entry another source of claims (training
 * classes, training-claims.service.ts) calls with its own candidates.
 */
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type {
  ClaimCreateBody,
  ClaimDetail,
  ClaimLine,
  ClaimListQuery,
  ClaimPreview,
  ClaimPreviewBody,
  ClaimQueue,
} from '../../../../contract/api-subsidies.js';
import { levelLabel } from '../../../../contract/levels.js';
import {
  CLAIM_STATUSES,
  CLAIM_DEADLINES,
  FUND_SOURCES,
  INELIGIBLE_REASONS,
  LINE_KINDS,
  LINE_STATUSES,
  claimSteps,
  yuan,
  type ClaimStatus,
  type IneligibleReason,
  type LineKind,
  type LineStatus,
} from '../../../../contract/subsidy-workflow.js';
import { SUBSIDY_CLAIM_LINES_MAX, SUBSIDY_PREVIEW_LINES, EXPORT_ROWS_MAX } from '../../../../contract/limits.js';
import type { DB } from '../../database/schema.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { maskName } from '../../lib/identity.js';
import { packageKnowsYear } from '../../lib/workdays.js';
import { recordAudit, recordAuditNow } from '../audit/audit.service.js';
import { certificatesByIds, certificatesIssuedBy } from '../certificates/claimable.queries.js';
import { institutionKind, institutionWithPath } from '../institutions/institutions.queries.js';
import { getRegion } from '../regions/regions.queries.js';
import { occupationsByIds } from '../occupations/occupations.queries.js';
import { learnerNames } from '../people/names.queries.js';
import { calendarOverrides } from '../regions/calendar.queries.js';
import { providerOfInstitution } from '../training/providers.queries.js';
import { loadVisibleClaim, partyOf, placesOfClaims, today, toSummary } from './claim-access.js';
import {
  judgeCandidates,
  slotKey,
  totalsByLevel,
  type ClaimCandidate,
  type JudgedLine,
  type SlotState,
} from './claim-lines.js';
import * as cq from './claims.queries.js';
import { financeOpensOn } from './deadlines.js';
import * as lq from './lines.queries.js';
import * as mq from './money.queries.js';
import { allRates } from './rates.queries.js';

const RULE = { rule: 'SUB-1' } as const;

// ---------------------------------------------------------------- judging

/** Judges candidates against the rates and every line anywhere that holds the same slot (SUB-1). */
export async function judge(db: Kysely<DB>, lineKind: LineKind, candidates: readonly ClaimCandidate[]) {
  const rates = await allRates(db);
  const slots = new Map<number, SlotState>();
  for (const s of await lq.holdingSlotsOf(
    db,
    lineKind,
    candidates.map((c) => c.learnerId),
  ))
    slots.set(slotKey(lineKind, s.learner_id, s.occupation_id, s.level), s.status === 'held' ? 'held' : 'paid');
  return judgeCandidates(candidates, rates, slots);
}

/** SUB-1: evaluation subsidy is paid to filed institutions; a suspended or revoked one claims nothing. */
export async function assertMayClaim(db: Kysely<DB>, institutionId: number) {
  const i = await institutionKind(db, institutionId);
  if (!i) throw new AppError('INSTITUTION_NOT_FOUND');
  if (!i.filing_no || i.status === 'unfiled')
    throw new AppError('INSTITUTION_NOT_FILED', `${i.name} 尚未备案：评价补贴只拨付给经人社部门备案的评价机构`, RULE);
  if (i.status === 'revoked') throw new AppError('INSTITUTION_REVOKED', `${i.name} 已被取消备案，不能申领补贴`, RULE);
  if (i.status === 'suspended')
    throw new AppError('INSTITUTION_SUSPENDED', `${i.name} 已暂停评价，暂停期间不能申领补贴`, RULE);
  return i;
}

/**
 * A training claim's claimant: an organisation on the training catalogue (目录清单), not exited —
 * 政策性补贴向……年检合格的民办职业培训学校开放; a body 退出目录清单管理 trains nothing subsidised
 * (许技领办〔2021〕4号 二（四）16, 三（一）).
 */
export async function assertTrainingClaimant(db: Kysely<DB>, institutionId: number) {
  const p = await providerOfInstitution(db, institutionId);
  if (!p) throw new AppError('PROVIDER_NOT_LISTED', '本机构不在培训机构目录清单内，不能申领培训补贴');
  if (p.status !== 'listed')
    throw new AppError(
      'PROVIDER_NOT_LISTED',
      `${p.name} 已于 ${p.exited_on} 退出培训机构目录清单（${p.exit_reason ?? ''}），不能申领培训补贴（许技领办〔2021〕4号 三（一））`,
    );
  return { name: p.name };
}

/** Who may claim a kind of subsidy: a filed evaluation institution, or for training a listed training provider. */
export const assertMayClaimKind = (db: Kysely<DB>, kind: string, institutionId: number) =>
  kind === 'training' ? assertTrainingClaimant(db, institutionId) : assertMayClaim(db, institutionId);

/** The institution's certificates as candidates: every one issued in the dates, or the chosen ones among them. */
async function certificateCandidates(db: Kysely<DB>, institutionId: number, sel: ClaimPreviewBody) {
  if (sel.issuedTo < sel.issuedFrom)
    throw new AppError('VALIDATION_FAILED', '发证日期的截止日不能早于起始日', {
      details: [{ field: '/issuedTo', message: '不早于起始日' }],
    });
  const rows = sel.certificateIds
    ? (await certificatesByIds(db, sel.certificateIds)).filter(
        (r) => r.issued_on >= sel.issuedFrom && r.issued_on <= sel.issuedTo,
      )
    : await certificatesIssuedBy(db, institutionId, sel.issuedFrom, sel.issuedTo, SUBSIDY_CLAIM_LINES_MAX + 1);
  if (rows.length > SUBSIDY_CLAIM_LINES_MAX)
    throw new AppError('VALIDATION_FAILED', `一次申领至多 ${SUBSIDY_CLAIM_LINES_MAX} 条明细，请缩短发证日期范围`, {
      details: [{ field: '/issuedTo', message: '范围过大' }],
    });
  const numbers = new Map(rows.map((r) => [r.id, r.number]));
  const statuses = new Map(rows.map((r) => [r.id, r.status]));
  const candidates: ClaimCandidate[] = rows.map((r) => ({
    lineKind: 'evaluation',
    learnerId: r.learner_id,
    occupationId: r.occupation_id,
    level: r.level,
    sourceType: 'certificate',
    certificateId: r.id,
    pathway: r.pathway,
    basisDate: r.issued_on,
    sourceProblem:
      r.institution_id !== institutionId
        ? 'not_own'
        : r.status === 'revoked'
          ? 'revoked'
          : r.status === 'suspended'
            ? 'suspended'
            : null,
  }));
  return { candidates, numbers, statuses };
}

/** Names, occupations and certificate numbers of judged lines, for showing them (names masked). */
async function showLines(
  db: Kysely<DB>,
  lines: readonly JudgedLine[],
  numbers: ReadonlyMap<number, string>,
  statuses: ReadonlyMap<number, string>,
): Promise<ClaimLine[]> {
  const names = await learnerNames(
    db,
    lines.map((l) => l.learnerId),
  );
  const occs = new Map(
    (await occupationsByIds(db, [...new Set(lines.map((l) => l.occupationId))])).map((o) => [o.id, o]),
  );
  return lines.map((l) => ({
    id: null,
    lineKind: l.lineKind,
    learnerId: l.learnerId,
    name: maskName(names.get(l.learnerId) ?? ''),
    occupationCode: occs.get(l.occupationId)?.code ?? '',
    occupationName: occs.get(l.occupationId)?.name ?? '',
    level: l.level,
    pathway: l.pathway ?? null,
    certificateId: l.certificateId ?? null,
    certificateNumber: l.certificateId ? (numbers.get(l.certificateId) ?? null) : null,
    certificateStatus: l.certificateId ? (statuses.get(l.certificateId) ?? null) : null,
    trainingClassId: l.trainingClassId ?? null,
    basisDate: l.basisDate,
    rateId: l.rateId,
    amountFen: l.amountFen,
    status: null,
    reason: l.reason,
  }));
}

async function previewOf(
  db: Kysely<DB>,
  institutionName: string,
  judged: readonly JudgedLine[],
  numbers: ReadonlyMap<number, string> = new Map(),
  statuses: ReadonlyMap<number, string> = new Map(),
): Promise<ClaimPreview> {
  const eligible = judged.filter((l) => !l.reason);
  const ineligible = judged.filter((l) => l.reason);
  const byReason = new Map<IneligibleReason, number>();
  for (const l of ineligible) byReason.set(l.reason!, (byReason.get(l.reason!) ?? 0) + 1);
  const shown = [...ineligible, ...eligible].slice(0, SUBSIDY_PREVIEW_LINES);
  return {
    institutionName,
    eligibleCount: eligible.length,
    eligibleFen: eligible.reduce((s, l) => s + l.amountFen, 0),
    ineligibleCount: ineligible.length,
    byReason: [...byReason].map(([reason, count]) => ({
      reason,
      label: INELIGIBLE_REASONS[reason].zh,
      rule: INELIGIBLE_REASONS[reason].rule,
      count,
    })),
    byLevel: totalsByLevel(judged),
    lines: await showLines(db, shown, numbers, statuses),
  };
}

/** What a claim of these certificates would hold, eligible and ineligible lines with their reasons. */
export async function previewClaim(deps: Deps, ctx: RequestContext, body: ClaimPreviewBody): Promise<ClaimPreview> {
  const institutionId = ctx.actor!.institutionId!;
  const inst = await assertMayClaim(deps.db, institutionId);
  const { candidates, numbers, statuses } = await certificateCandidates(deps.db, institutionId, body);
  return previewOf(deps.db, inst.name, await judge(deps.db, 'evaluation', candidates), numbers, statuses);
}

// ---------------------------------------------------------------- creating

/** The city-level unit of the reporting tree that holds a region (a 省直管县 is its own). */
export const fundRegionOf = (regionPath: string) => {
  const codes = regionPath.split('/').filter(Boolean);
  return codes[1] ?? codes[0];
};

export interface CreateClaimInput {
  kind: LineKind;
  /** a training claim: the region where the class is held, whose HRSS reviews it (TRAIN-13) */
  reviewRegionCode?: string | null;
  title: string;
  candidates: readonly ClaimCandidate[];
}

/**
 * Creates a draft claim of the caller's institution from candidates of one kind (SUB-1): the
 * eligible ones become draft lines with their computed amounts, the ineligible ones are answered
 * with their reasons and not stored. Nothing holds a slot until the claim is submitted.
 *
 * The one entry point for every source of claim lines: certificates (`createClaim` below) and
 * training classes (training-claims.service.ts: candidates with `lineKind: 'training'`,
 * `sourceType: 'training'`, `trainingClassId`, `traineeId`, and the outcome's date as `basisDate`).
 */
export async function createClaimFromCandidates(deps: Deps, ctx: RequestContext, input: CreateClaimInput) {
  const actor = ctx.actor!;
  const institutionId = actor.institutionId!;
  if (input.candidates.some((c) => c.lineKind !== input.kind))
    throw new Error(`a ${input.kind} claim takes ${input.kind} lines only`);
  return deps.db.transaction().execute(async (trx) => {
    const inst = await assertMayClaimKind(trx, input.kind, institutionId);
    const judged = await judge(trx, input.kind, input.candidates);
    const eligible = judged.filter((l) => !l.reason);
    if (!eligible.length)
      throw new AppError(
        'SUBSIDY_NOTHING_CLAIMABLE',
        `所选 ${judged.length} 条均不能申领（${[...new Set(judged.map((l) => INELIGIBLE_REASONS[l.reason!].zh))].join('；')}）`,
        RULE,
      );
    const where = await institutionWithPath(trx, institutionId);
    // a training claim is reviewed, and paid from the fund of, the place where the class is held (TRAIN-13)
    const place = input.reviewRegionCode ? await getRegion(trx, input.reviewRegionCode) : undefined;
    const now = deps.clock.now().toISOString();
    const amount = eligible.reduce((s, l) => s + l.amountFen, 0);
    const id = await cq.insertDraftClaim(
      trx,
      {
        institution_id: institutionId,
        kind: input.kind,
        title: input.title,
        fund_region_code: fundRegionOf(place?.path ?? where!.region_path),
        review_region_code: place?.code ?? null,
        line_count: eligible.length,
        amount_fen: amount,
        created_by: actor.id,
      },
      now,
    );
    await lq.insertLines(
      trx,
      eligible.map((l) => lq.draftLine(id, l)),
      deps.database.sqlite,
    );
    await cq.insertStep(trx, {
      claim_id: id,
      step: 'create',
      from_status: null,
      to_status: 'draft',
      actor_id: actor.id,
      actor_name: actor.displayName,
      actor_role: actor.role,
      reason: null,
      detail: `可申领 ${eligible.length} 条，${yuan(amount)} 元；不能申领 ${judged.length - eligible.length} 条`,
      on_date: today(deps),
      at: now,
    });
    await recordAudit(trx, deps, ctx, {
      action: 'subsidy.create',
      objectType: 'subsidy_claim',
      objectId: id,
      after: {
        institution: inst.name,
        kind: input.kind,
        title: input.title,
        lines: eligible.length,
        amountFen: amount,
        ineligible: judged.length - eligible.length,
      },
    });
    return { id, judged };
  });
}

/** A draft evaluation claim of the institution's certificates (eligible ones only). */
export async function createClaim(deps: Deps, ctx: RequestContext, body: ClaimCreateBody): Promise<ClaimDetail> {
  const institutionId = ctx.actor!.institutionId!;
  const { candidates } = await certificateCandidates(deps.db, institutionId, body);
  const title = body.title?.trim() || `评价补贴申领（发证日期 ${body.issuedFrom} 至 ${body.issuedTo}）`;
  const { id } = await createClaimFromCandidates(deps, ctx, { kind: 'evaluation', title, candidates });
  return claimDetail(deps, ctx, id);
}

// ---------------------------------------------------------------- reading

export async function listClaims(deps: Deps, ctx: RequestContext, f: ClaimListQuery) {
  const day = today(deps);
  const page = f.page ?? 1;
  const pageSize = f.pageSize ?? 20;
  const overrides = await calendarOverrides(deps.db);
  const { items, total } = await cq.listVisibleClaims(deps.db, ctx.actor!, filterOf(f), day, page, pageSize);
  const places = await placesOfClaims(deps.db, items);
  return { items: items.map((c) => toSummary(c, day, overrides, places)), total, page, pageSize };
}

function filterOf(f: { status?: string; stage?: string; overdue?: boolean; q?: string }): cq.ClaimFilter {
  const statuses = f.stage
    ? (Object.entries(CLAIM_DEADLINES) as [ClaimStatus, { stage: string }][])
        .filter(([, d]) => d.stage === f.stage)
        .map(([s]) => s)
    : undefined;
  return { status: f.status, statuses, overdue: f.overdue, q: f.q?.trim() || undefined };
}

/**
 * The caller's work queue (SUB-2): per status it acts on, how many claims and how many past their
 * deadline — the institution its drafts and returned claims, HRSS acceptance and review, finance
 * the publicity (ready once it ends) and payment.
 */
export async function claimQueue(deps: Deps, ctx: RequestContext): Promise<ClaimQueue> {
  const party = partyOf(ctx.actor!);
  const mine: ClaimStatus[] =
    party === 'institution'
      ? ['draft', 'returned']
      : party === 'finance'
        ? ['publicity', 'finance_approved']
        : ['submitted', 'accepted'];
  const counts = await cq.claimCountsByStatus(deps.db, ctx.actor!, today(deps));
  const stages = mine.map((status) => {
    const c = counts.find((x) => x.status === status);
    const d = (CLAIM_DEADLINES as Partial<Record<ClaimStatus, { stage: string }>>)[status];
    return {
      status,
      stage: (d?.stage ?? null) as ClaimQueue['stages'][number]['stage'],
      count: c?.count ?? 0,
      overdue: c?.overdue ?? 0,
      amountFen: c?.amountFen ?? 0,
    };
  });
  return {
    stages,
    total: stages.reduce((s, x) => s + x.count, 0),
    overdue: stages.reduce((s, x) => s + x.overdue, 0),
  };
}

export async function claimDetail(deps: Deps, ctx: RequestContext, id: number): Promise<ClaimDetail> {
  const db = deps.db;
  const c = await loadVisibleClaim(db, ctx, id, 'subsidy.read');
  const day = today(deps);
  const overrides = await calendarOverrides(db);
  const party = partyOf(ctx.actor!);
  const [places, byStatus, byLevel, history, payment, reversals, revokedPaid] = await Promise.all([
    placesOfClaims(db, [c]),
    lq.lineTotals(db, id),
    lq.levelTotals(
      db,
      id,
      c.status === 'draft' || c.status === 'returned' ? ['draft'] : ['held', 'paid', 'reversed', 'recovered'],
    ),
    cq.stepsOf(db, id),
    mq.paymentOf(db, id),
    mq.reversalsOf(db, id),
    lq.linesOnInvalidCertificates(db, id, ['paid']),
  ]);
  const recoveries = await mq.recoveriesOf(
    db,
    reversals.map((r) => r.id),
  );
  const unknownYears = [
    ...new Set([c.due_on, c.publicity_until].filter(Boolean).map((d) => Number(d!.slice(0, 4)))),
  ].filter((y) => !packageKnowsYear(y) && ![...overrides.keys()].some((k) => k.startsWith(`${y}-`)));
  return {
    ...toSummary(c, day, overrides, places),
    payeeName: c.payee_name,
    payeeBank: c.payee_bank,
    payeeAccountMasked: c.payee_account_masked,
    lastReason: c.last_reason,
    fundSource: (c.fund_source as keyof typeof FUND_SOURCES | null) ?? null,
    fundYear: c.fund_year,
    financeOpensOn: c.publicity_until ? financeOpensOn(c.publicity_until) : null,
    party,
    steps: party ? claimSteps(c.status, party) : [],
    byLevel,
    byStatus,
    revokedPaidLines: revokedPaid,
    history: history.map((h) => ({
      step: h.step,
      fromStatus: h.from_status,
      toStatus: h.to_status,
      actorName: h.actor_name,
      actorRole: h.actor_role,
      reason: h.reason,
      detail: h.detail,
      onDate: h.on_date,
      at: h.at,
    })),
    payment: payment
      ? {
          amountFen: Number(payment.amount_fen),
          paidOn: payment.paid_on,
          voucherNo: payment.voucher_no,
          payeeName: payment.payee_name,
          bankName: payment.bank_name,
          bankAccountMasked: payment.bank_account_masked,
          fundSource: payment.fund_source as keyof typeof FUND_SOURCES,
          fundYear: payment.fund_year,
          paidByName: payment.paid_by_name,
        }
      : null,
    reversals: reversals.map((r) => ({
      id: r.id,
      reason: r.reason,
      lineCount: r.line_count,
      amountFen: Number(r.amount_fen),
      recoveredFen: Number(r.recovered_fen),
      status: r.status,
      createdByName: r.created_by_name,
      createdAt: r.created_at,
      recoveredAt: r.recovered_at,
      recoveries: recoveries
        .filter((x) => x.reversal_id === r.id)
        .map((x) => ({
          id: x.id,
          amountFen: Number(x.amount_fen),
          receivedOn: x.received_on,
          note: x.note,
          recordedByName: x.recorded_by_name,
          createdAt: x.created_at,
        })),
    })),
    calendarWarning: unknownYears.length
      ? `${unknownYears.join('、')} 年的法定节假日尚未载入，时限按普通周末推算，请管理员补充该年日历后核对`
      : null,
  };
}

const toLine = (l: lq.LineViewRow): ClaimLine => ({
  id: l.id,
  lineKind: l.line_kind,
  learnerId: l.learner_id,
  name: maskName(l.name),
  occupationCode: l.occupation_code,
  occupationName: l.occupation_name,
  level: l.level,
  pathway: l.pathway,
  certificateId: l.certificate_id,
  certificateNumber: l.certificate_number ?? null,
  certificateStatus: l.certificate_status ?? null,
  trainingClassId: l.training_class_id,
  basisDate: l.basis_date,
  rateId: l.rate_id,
  amountFen: l.amount_fen,
  status: l.status,
  reason: (l.excluded_reason as IneligibleReason | null) ?? null,
});

export async function claimLines(
  deps: Deps,
  ctx: RequestContext,
  id: number,
  f: { status?: LineStatus; page?: number; pageSize?: number },
) {
  await loadVisibleClaim(deps.db, ctx, id, 'subsidy.read');
  const page = f.page ?? 1;
  const pageSize = f.pageSize ?? 20;
  const { items, total } = await lq.claimLinesPage(deps.db, id, f.status, page, pageSize);
  return { items: items.map(toLine), total, page, pageSize };
}

/** Excel: the claims the caller sees and their lines (names masked, no ID numbers). */
export async function exportClaims(
  deps: Deps,
  ctx: RequestContext,
  f: { status?: ClaimStatus; stage?: string; overdue?: boolean; q?: string },
): Promise<Buffer> {
  const day = today(deps);
  const overrides = await calendarOverrides(deps.db);
  const rows = await cq.claimsForExport(deps.db, ctx.actor!, filterOf(f), day, EXPORT_ROWS_MAX);
  const places = await placesOfClaims(deps.db, rows);
  const claims = rows.map((c) => toSummary(c, day, overrides, places));
  const lines = await lq.linesOfClaims(
    deps.db,
    claims.map((c) => c.id),
    EXPORT_ROWS_MAX,
  );
  const wb = new ExcelJS.Workbook();
  const s1 = wb.addWorksheet('补贴申领');
  s1.columns = [
    { header: '申领编号', key: 'id', width: 10 },
    { header: '申领名称', key: 'title', width: 40 },
    { header: '申领机构', key: 'institutionName', width: 32 },
    { header: '资金所属', key: 'fundRegionName', width: 14 },
    { header: '培训所在地', key: 'placeName', width: 18 },
    { header: '状态', key: 'status', width: 18 },
    { header: '明细条数', key: 'lineCount', width: 10 },
    { header: '金额（元）', key: 'amount', width: 14 },
    { header: '提交日期', key: 'submittedOn', width: 12 },
    { header: '办理时限', key: 'dueOn', width: 12 },
    { header: '逾期工作日', key: 'overdueWorkingDays', width: 10 },
    { header: '公示起', key: 'publicityFrom', width: 12 },
    { header: '公示止', key: 'publicityUntil', width: 12 },
  ];
  s1.getRow(1).font = { bold: true };
  for (const c of claims)
    s1.addRow({
      ...c,
      placeName: c.placeName ?? '',
      status: CLAIM_STATUSES[c.status],
      amount: c.amountFen / 100,
      dueOn: c.dueOn ?? '',
    });
  const s2 = wb.addWorksheet('申领明细');
  s2.columns = [
    { header: '申领编号', key: 'claimId', width: 10 },
    { header: '补贴类别', key: 'kind', width: 12 },
    { header: '姓名', key: 'name', width: 10 },
    { header: '职业编码', key: 'occupationCode', width: 12 },
    { header: '职业（工种）', key: 'occupationName', width: 24 },
    { header: '等级', key: 'level', width: 12 },
    { header: '取证途径', key: 'pathway', width: 12 },
    { header: '证书编号', key: 'certificateNumber', width: 26 },
    { header: '发证日期', key: 'basisDate', width: 12 },
    { header: '金额（元）', key: 'amount', width: 12 },
    { header: '明细状态', key: 'status', width: 14 },
    { header: '不予申领原因', key: 'reason', width: 30 },
  ];
  s2.getRow(1).font = { bold: true };
  for (const l of lines)
    s2.addRow({
      claimId: l.claim_id,
      kind: LINE_KINDS[l.line_kind],
      name: maskName(l.name),
      occupationCode: l.occupation_code,
      occupationName: l.occupation_name,
      level: l.line_kind === 'training' && l.level === 0 ? '培训合格证书' : levelLabel(l.level),
      pathway: l.pathway ?? '',
      certificateNumber: l.certificate_number ?? '',
      basisDate: l.basis_date,
      amount: l.amount_fen / 100,
      status: LINE_STATUSES[l.status],
      reason: l.excluded_reason ? INELIGIBLE_REASONS[l.excluded_reason as IneligibleReason].zh : '',
    });
  // certificate numbers are text, never numbers that Excel reformats
  s2.getColumn('certificateNumber').numFmt = '@';
  await recordAuditNow(deps, ctx, {
    action: 'subsidy.export',
    objectType: 'subsidy_claim',
    detail: JSON.stringify({ ...f, claims: claims.length, lines: lines.length }),
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
