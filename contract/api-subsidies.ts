/**
 * Schemas of subsidies (SUB-1 … SUB-4): rates, claims and their lines, the work queues with their
 * working-day deadlines, payments, reversals and recoveries, each city's fund, and the public
 * publicity list (公示). Amounts are whole fen (分) and are computed by the platform from its own
 * records: no request body carries an amount of a claim line, and an unknown field is refused.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Enum, IsoDate, Nullable, PageQuery, StrictObject, paged } from './api.js';
import {
  CLAIM_STATUSES,
  FUND_SOURCES,
  INELIGIBLE_REASONS,
  LINE_KINDS,
  LINE_STATUSES,
  RATE_KINDS,
  TRAINING_OUTCOMES,
  type ClaimStep,
} from './subsidy-workflow.js';
import * as L from './limits.js';

const keys = <T extends object>(o: T) => Object.keys(o) as (keyof T & string)[];
export const ClaimStatusSchema = Enum(keys(CLAIM_STATUSES));
export const LineStatusSchema = Enum(keys(LINE_STATUSES));
export const LineKindSchema = Enum(keys(LINE_KINDS));
export const RateKindSchema = Enum(keys(RATE_KINDS));
export const FundSourceSchema = Enum(keys(FUND_SOURCES));
export const IneligibleReasonSchema = Enum(keys(INELIGIBLE_REASONS));
const Fen = Type.Integer({ minimum: 0, maximum: L.SUBSIDY_AMOUNT_MAX_FEN });
const Reason = Type.String({ minLength: 1, maxLength: L.REASON_MAX_LENGTH });

// ---------------------------------------------------------------- rates
export const RateSchema = Type.Object({
  id: Type.Integer(),
  kind: RateKindSchema,
  /** 1–5; 0 for a kind without levels (special ability, the recognition share) */
  level: Type.Integer(),
  amountFen: Nullable(Type.Integer()),
  percent: Nullable(Type.Integer()),
  validFrom: Type.String(),
  validTo: Nullable(Type.String()),
  source: Nullable(Type.String()),
  /** claim lines priced with it: a used rate keeps its amount and the dates it was used for */
  usedLines: Type.Integer(),
  updatedByName: Nullable(Type.String()),
  updatedAt: Type.String(),
});
export type Rate = Static<typeof RateSchema>;
export const RateBody = StrictObject({
  kind: RateKindSchema,
  level: Type.Integer({ minimum: 0, maximum: 5 }),
  amountFen: Type.Optional(Nullable(Fen)),
  percent: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 100 }))),
  validFrom: IsoDate,
  validTo: Type.Optional(Nullable(IsoDate)),
  source: Type.Optional(Nullable(Type.String({ maxLength: L.SUBSIDY_SOURCE_MAX_LENGTH }))),
});
export type RateBody = Static<typeof RateBody>;
export const RatePatchBody = StrictObject({
  amountFen: Type.Optional(Nullable(Fen)),
  percent: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 100 }))),
  validTo: Type.Optional(Nullable(IsoDate)),
  source: Type.Optional(Nullable(Type.String({ maxLength: L.SUBSIDY_SOURCE_MAX_LENGTH }))),
});
export type RatePatchBody = Static<typeof RatePatchBody>;

// ---------------------------------------------------------------- claims
/** Which of the institution's certificates a claim is built from: an issue-date range, or chosen ones. */
const ClaimSelection = {
  kind: Type.Literal('evaluation'),
  issuedFrom: IsoDate,
  issuedTo: IsoDate,
  /** only these certificates (within the dates); omitted: every certificate issued in the dates */
  certificateIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: L.SUBSIDY_CLAIM_LINES_MAX })),
};
export const ClaimPreviewBody = StrictObject(ClaimSelection);
export type ClaimPreviewBody = Static<typeof ClaimPreviewBody>;
export const ClaimCreateBody = StrictObject({
  ...ClaimSelection,
  title: Type.Optional(Type.String({ minLength: 1, maxLength: L.SUBSIDY_TITLE_MAX_LENGTH })),
});
export type ClaimCreateBody = Static<typeof ClaimCreateBody>;

/** A claim line as shown: the person by masked name (never an ID number), what it is for, its amount. */
export const ClaimLineSchema = Type.Object({
  id: Nullable(Type.Integer()),
  lineKind: LineKindSchema,
  learnerId: Type.Integer(),
  name: Type.String(),
  occupationCode: Type.String(),
  occupationName: Type.String(),
  level: Type.Integer(),
  pathway: Nullable(Type.String()),
  certificateId: Nullable(Type.Integer()),
  certificateNumber: Nullable(Type.String()),
  /** the certificate's status now (a paid line whose certificate was revoked is a case for reversal, SUB-4) */
  certificateStatus: Nullable(Type.String()),
  trainingClassId: Nullable(Type.Integer()),
  basisDate: Type.String(),
  rateId: Nullable(Type.Integer()),
  amountFen: Type.Integer(),
  status: Nullable(LineStatusSchema),
  reason: Nullable(IneligibleReasonSchema),
});
export type ClaimLine = Static<typeof ClaimLineSchema>;

const LevelTotal = Type.Object({ level: Type.Integer(), count: Type.Integer(), amountFen: Type.Integer() });
/** What a claim would hold: eligible lines and their total, ineligible ones by reason (shown before submission). */
export const ClaimPreviewSchema = Type.Object({
  institutionName: Type.String(),
  eligibleCount: Type.Integer(),
  eligibleFen: Type.Integer(),
  ineligibleCount: Type.Integer(),
  byReason: Type.Array(
    Type.Object({ reason: IneligibleReasonSchema, label: Type.String(), rule: Type.String(), count: Type.Integer() }),
  ),
  byLevel: Type.Array(LevelTotal),
  /** the ineligible lines first, then eligible ones, up to SUBSIDY_PREVIEW_LINES */
  lines: Type.Array(ClaimLineSchema),
});
export type ClaimPreview = Static<typeof ClaimPreviewSchema>;

// ---------------------------------------------------------------- training claims
/**
 * A training-subsidy claim of one approved subsidised class (TRAIN-1): the provider names the class,
 * the platform builds a line per trainee from its own records — compliant hours (TRAIN-4/10/11),
 * the outcome (TRAIN-9) and the province's training standard for it — and never takes an amount.
 */
export const TrainingClaimPreviewBody = StrictObject({ classId: Type.Integer({ minimum: 1 }) });
export type TrainingClaimPreviewBody = Static<typeof TrainingClaimPreviewBody>;
export const TrainingClaimCreateBody = StrictObject({
  classId: Type.Integer({ minimum: 1 }),
  title: Type.Optional(Type.String({ minLength: 1, maxLength: L.SUBSIDY_TITLE_MAX_LENGTH })),
});
export type TrainingClaimCreateBody = Static<typeof TrainingClaimCreateBody>;
export const TrainingOutcomeSchema = Enum(keys(TRAINING_OUTCOMES));

/** One trainee of the class as the claim judges it (name masked, never an ID number). */
export const TrainingClaimTraineeSchema = Type.Object({
  traineeId: Type.Integer(),
  learnerId: Type.Integer(),
  name: Type.String(),
  hoursCounted: Type.Integer(),
  hoursPlanned: Type.Integer(),
  hoursComplete: Type.Boolean(),
  outcome: TrainingOutcomeSchema,
  /** the certificate number: a skill certificate's, or the 培训合格证书's */
  certificateNumber: Nullable(Type.String()),
  /** the level the line is paid at: the certificate's, 0 for a 培训合格证书 */
  level: Nullable(Type.Integer()),
  /** the day the outcome was obtained, on which the rate is taken */
  basisDate: Nullable(Type.String()),
  amountFen: Type.Integer(),
  reason: Nullable(IneligibleReasonSchema),
  reasonText: Nullable(Type.String()),
  rule: Nullable(Type.String()),
});
export type TrainingClaimTrainee = Static<typeof TrainingClaimTraineeSchema>;
export const TrainingClaimPreviewSchema = Type.Object({
  classId: Type.Integer(),
  classTitle: Type.String(),
  occupationName: Type.String(),
  certificateRoute: Type.String(),
  institutionName: Type.String(),
  eligibleCount: Type.Integer(),
  eligibleFen: Type.Integer(),
  ineligibleCount: Type.Integer(),
  trainees: Type.Array(TrainingClaimTraineeSchema),
});
export type TrainingClaimPreview = Static<typeof TrainingClaimPreviewSchema>;

export const ClaimStageSchema = Enum(['accept', 'review', 'finance', 'payment'] as const);
export const ClaimPartySchema = Enum(['institution', 'hrss', 'finance'] as const);
export const ClaimStepSchema = Enum([
  'submit',
  'withdraw',
  'accept',
  'return',
  'approve',
  'reject',
  'finance_approve',
  'refuse',
  'pay',
  'reverse',
] as const satisfies readonly ClaimStep[]);

export const ClaimSummarySchema = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  kind: LineKindSchema,
  institutionId: Type.Integer(),
  institutionName: Type.String(),
  fundRegionCode: Type.String(),
  fundRegionName: Type.String(),
  /**
   * a training claim: where the class is held (TRAIN-13), whose HRSS reviews it, named as people
   * name places (郑州市 金水区); null for an evaluation claim (reviewed where the institution is)
   */
  placeRegionCode: Nullable(Type.String()),
  placeName: Nullable(Type.String()),
  status: ClaimStatusSchema,
  lineCount: Type.Integer(),
  amountFen: Type.Integer(),
  submittedOn: Nullable(Type.String()),
  /** SUB-2: the stage it waits in, its deadline, and how many working days past it (0 when not overdue) */
  stage: Nullable(ClaimStageSchema),
  dueOn: Nullable(Type.String()),
  overdue: Type.Boolean(),
  overdueWorkingDays: Type.Integer(),
  publicityFrom: Nullable(Type.String()),
  publicityUntil: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type ClaimSummary = Static<typeof ClaimSummarySchema>;

export const ClaimListQuery = StrictObject({
  status: Type.Optional(ClaimStatusSchema),
  stage: Type.Optional(ClaimStageSchema),
  overdue: Type.Optional(Type.Boolean()),
  q: Type.Optional(Type.String({ maxLength: 60 })),
  ...PageQuery,
});
export type ClaimListQuery = Static<typeof ClaimListQuery>;
export const ClaimExportQuery = StrictObject({
  status: Type.Optional(ClaimStatusSchema),
  stage: Type.Optional(ClaimStageSchema),
  overdue: Type.Optional(Type.Boolean()),
  q: Type.Optional(Type.String({ maxLength: 60 })),
});

export const ClaimStepRecordSchema = Type.Object({
  step: Type.String(),
  fromStatus: Nullable(Type.String()),
  toStatus: Type.String(),
  actorName: Nullable(Type.String()),
  actorRole: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  detail: Nullable(Type.String()),
  onDate: Type.String(),
  at: Type.String(),
});
export const PaymentSchema = Type.Object({
  amountFen: Type.Integer(),
  paidOn: Type.String(),
  voucherNo: Type.String(),
  payeeName: Type.String(),
  bankName: Type.String(),
  /** `6222 **** **** 1234`: the account itself is stored encrypted and never answered */
  bankAccountMasked: Type.String(),
  fundSource: FundSourceSchema,
  fundYear: Type.Integer(),
  paidByName: Nullable(Type.String()),
});
export const RecoverySchema = Type.Object({
  id: Type.Integer(),
  amountFen: Type.Integer(),
  receivedOn: Type.String(),
  note: Nullable(Type.String()),
  recordedByName: Nullable(Type.String()),
  createdAt: Type.String(),
});
export const ReversalSchema = Type.Object({
  id: Type.Integer(),
  reason: Type.String(),
  lineCount: Type.Integer(),
  amountFen: Type.Integer(),
  recoveredFen: Type.Integer(),
  status: Enum(['recovering', 'recovered'] as const),
  createdByName: Nullable(Type.String()),
  createdAt: Type.String(),
  recoveredAt: Nullable(Type.String()),
  recoveries: Type.Array(RecoverySchema),
});
export type Reversal = Static<typeof ReversalSchema>;

export const ClaimDetailSchema = Type.Composite([
  ClaimSummarySchema,
  Type.Object({
    payeeName: Nullable(Type.String()),
    payeeBank: Nullable(Type.String()),
    payeeAccountMasked: Nullable(Type.String()),
    lastReason: Nullable(Type.String()),
    fundSource: Nullable(FundSourceSchema),
    fundYear: Nullable(Type.Integer()),
    /** SUB-3: the first day finance may approve payment (the day after the publicity ends) */
    financeOpensOn: Nullable(Type.String()),
    /** the caller's party, and the steps it may take now */
    party: Nullable(ClaimPartySchema),
    steps: Type.Array(ClaimStepSchema),
    byLevel: Type.Array(LevelTotal),
    byStatus: Type.Array(Type.Object({ status: LineStatusSchema, count: Type.Integer(), amountFen: Type.Integer() })),
    /** paid lines whose certificate has since been revoked or suspended: cases for reversal (SUB-4) */
    revokedPaidLines: Type.Integer(),
    history: Type.Array(ClaimStepRecordSchema),
    payment: Nullable(PaymentSchema),
    reversals: Type.Array(ReversalSchema),
    /** a warning the working-day calendar gives (a year whose holidays are not loaded) */
    calendarWarning: Nullable(Type.String()),
  }),
]);
export type ClaimDetail = Static<typeof ClaimDetailSchema>;

export const ClaimLinesQuery = StrictObject({
  status: Type.Optional(LineStatusSchema),
  ...PageQuery,
});
export const ClaimLinesSchema = paged(ClaimLineSchema);

/** The bank account the subsidy is paid to: the claiming institution's own. */
export const ClaimSubmitBody = StrictObject({
  payeeName: Type.String({ minLength: 2, maxLength: L.ORGANISATION_NAME_MAX_LENGTH }),
  payeeBank: Type.String({ minLength: 2, maxLength: L.ORGANISATION_NAME_MAX_LENGTH }),
  payeeAccount: Type.String({ pattern: L.BANK_ACCOUNT_PATTERN, description: '8–30 位数字' }),
});
export type ClaimSubmitBody = Static<typeof ClaimSubmitBody>;
export const ClaimReviewBody = StrictObject({
  step: Enum(['accept', 'return', 'approve', 'reject'] as const),
  reason: Type.Optional(Nullable(Type.String({ maxLength: L.REASON_MAX_LENGTH }))),
});
export type ClaimReviewBody = Static<typeof ClaimReviewBody>;
export const ClaimFinanceBody = StrictObject({
  step: Enum(['finance_approve', 'refuse', 'pay'] as const),
  reason: Type.Optional(Nullable(Type.String({ maxLength: L.REASON_MAX_LENGTH }))),
  /** finance_approve: where the money is committed; by default the special account (专账资金) */
  fundSource: Type.Optional(FundSourceSchema),
  /** pay: the payment voucher (凭证号) */
  voucherNo: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
});
export type ClaimFinanceBody = Static<typeof ClaimFinanceBody>;
export const ReversalBody = StrictObject({
  /** the paid lines to reverse; omitted: every paid line of the claim */
  lineIds: Type.Optional(
    Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: L.SUBSIDY_CLAIM_LINES_MAX }),
  ),
  reason: Reason,
});
export type ReversalBody = Static<typeof ReversalBody>;
export const RecoveryBody = StrictObject({
  amountFen: Type.Integer({ minimum: 1, maximum: L.SUBSIDY_AMOUNT_MAX_FEN * L.SUBSIDY_CLAIM_LINES_MAX }),
  receivedOn: IsoDate,
  note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
});
export type RecoveryBody = Static<typeof RecoveryBody>;

// ---------------------------------------------------------------- queues
export const ClaimQueueSchema = Type.Object({
  /** the stages the caller works on (an institution: its drafts and returned claims) */
  stages: Type.Array(
    Type.Object({
      status: ClaimStatusSchema,
      stage: Nullable(ClaimStageSchema),
      count: Type.Integer(),
      overdue: Type.Integer(),
      amountFen: Type.Integer(),
    }),
  ),
  total: Type.Integer(),
  overdue: Type.Integer(),
});
export type ClaimQueue = Static<typeof ClaimQueueSchema>;

// ---------------------------------------------------------------- funds
export const FundSchema = Type.Object({
  regionCode: Type.String(),
  regionName: Type.String(),
  year: Type.Integer(),
  /** null: no budget entered for the year */
  budgetFen: Nullable(Type.Integer()),
  /** approved by finance, not yet paid */
  committedFen: Type.Integer(),
  paidFen: Type.Integer(),
  recoveredFen: Type.Integer(),
  /** budget − committed − paid + recovered (null without a budget) */
  remainingFen: Nullable(Type.Integer()),
  /** approved by HRSS and in publicity: what comes next */
  pendingFen: Type.Integer(),
  /** committed or paid from the employment subsidy fund once the special account had no balance */
  employmentFundFen: Type.Integer(),
  note: Nullable(Type.String()),
  updatedAt: Nullable(Type.String()),
});
export type Fund = Static<typeof FundSchema>;
export const FundQuery = StrictObject({ year: Type.Integer({ minimum: 2000, maximum: L.YEAR_MAX }) });

/**
 * 公开资金使用情况 (seed 002 三（三）“规范资金管理，公开资金使用情况，主动接受社会监督”): each
 * city-level unit's special account for a year as the records make it — budget, committed, paid,
 * recovered, what the employment fund carried, and how many people were paid for training and for
 * evaluation — public, without sign-in; no person, no claim, no account.
 */
export const PublicFundUseSchema = Type.Object({
  year: Type.Integer(),
  /** the years with a budget or a payment, newest first (the page's choice) */
  years: Type.Array(Type.Integer()),
  units: Type.Array(
    Type.Object({
      regionCode: Type.String(),
      regionName: Type.String(),
      budgetFen: Nullable(Type.Integer()),
      committedFen: Type.Integer(),
      paidFen: Type.Integer(),
      recoveredFen: Type.Integer(),
      remainingFen: Nullable(Type.Integer()),
      employmentFundFen: Type.Integer(),
      /** paid lines of the year (reversed ones not counted), by kind: people subsidised */
      paidTraining: Type.Integer(),
      paidEvaluation: Type.Integer(),
    }),
  ),
});
export type PublicFundUse = Static<typeof PublicFundUseSchema>;
export const PublicFundUseQuery = StrictObject({
  year: Type.Optional(Type.Integer({ minimum: 2000, maximum: L.YEAR_MAX })),
});
export const FundParams = StrictObject({
  regionCode: Type.String({ pattern: L.REGION_CODE_PATTERN }),
  year: Type.Integer({ minimum: 2000, maximum: L.YEAR_MAX }),
});
export const FundBody = StrictObject({
  budgetFen: Type.Integer({ minimum: 0, maximum: L.SUBSIDY_FUND_MAX_FEN }),
  note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
});
export type FundBody = Static<typeof FundBody>;

// ---------------------------------------------------------------- public publicity (SUB-3)
export const PublicClaimSchema = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  kind: LineKindSchema,
  institutionName: Type.String(),
  /** where the institution is, a district with its city (郑州市 中原区) */
  regionName: Type.String(),
  lineCount: Type.Integer(),
  amountFen: Type.Integer(),
  publicityFrom: Type.String(),
  publicityUntil: Type.String(),
});
export type PublicClaim = Static<typeof PublicClaimSchema>;
/** A line in public: the masked name (张*), occupation, level and amount; no ID or certificate number. */
export const PublicClaimLineSchema = Type.Object({
  name: Type.String(),
  occupationName: Type.String(),
  level: Type.Integer(),
  amountFen: Type.Integer(),
});
export const PublicClaimDetailSchema = Type.Composite([
  PublicClaimSchema,
  Type.Object({ lines: paged(PublicClaimLineSchema) }),
]);
export type PublicClaimDetail = Static<typeof PublicClaimDetailSchema>;
export const PublicLinesQuery = StrictObject({ ...PageQuery });
