/**
 * Schemas of the pathways other than the exam (CERT-3..6): 1+X holdings and their recognition,
 * process-based assessment, competitions, enterprise cooperation. Each issuance answers
 * `PathwayIssued`; the records list what was issued on which evidence.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Enum, IsoDate, LevelDigitSchema, Nullable, StrictObject } from './api.js';
import { EligibilityStatementFields, IdentityFields, TitleGradeSchema } from './api-assessment.js';
import { PathwaySchema } from './api-certificates.js';
import * as L from './limits.js';

const Score = Type.Number({ minimum: L.SCORE_MIN, maximum: L.SCORE_MAX });
export const CompetitionTierSchema = Enum(['national', 'province', 'city_first', 'city', 'school'] as const);
export type CompetitionTier = Static<typeof CompetitionTierSchema>;

/** A certificate issued on a pathway (CERT-3..6). */
export const PathwayIssuedSchema = Type.Object({
  recordId: Type.Integer(),
  certificateId: Type.Integer(),
  number: Type.String(),
  level: Type.Integer(),
});
export type PathwayIssued = Static<typeof PathwayIssuedSchema>;
export const PathwayRecordSchema = Type.Object({
  id: Type.Integer(),
  pathway: PathwaySchema,
  level: Type.Integer(),
  year: Type.Integer(),
  /** what the decision rested on; its members depend on the pathway (1+X certificate, courses, rank, agreement) */
  evidence: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Type.String(),
  name: Type.String(),
  occupationName: Type.String(),
  certificateNumber: Nullable(Type.String()),
});
export type PathwayRecord = Static<typeof PathwayRecordSchema>;

// ---------------------------------------------------------------- CERT-3: 1+X
/**
 * The text fields of POST /api/pathways/one-plus-x/holdings, sent as multipart with the scan of the
 * 1+X certificate as `file` (PDF, PNG or JPEG). The person is the school's own student: one already
 * on its roster, or registered here as its student (student type required then).
 */
export const HoldingFields = StrictObject({
  ...IdentityFields,
  certificateId: Type.Integer({ minimum: 1 }),
  xLevel: TitleGradeSchema,
  number: Type.String({ minLength: L.ONE_PLUS_X_NUMBER_MIN_LENGTH, maxLength: L.ONE_PLUS_X_NUMBER_MAX_LENGTH }),
  issuedOn: IsoDate,
});
export type HoldingFields = Static<typeof HoldingFields>;
/** A 1+X certificate a student holds, recorded by the school with its evidence (counted apart, CERT-8). */
export const HoldingSchema = Type.Object({
  id: Type.Integer(),
  learnerId: Type.Integer(),
  name: Type.String(),
  certificateId: Type.Integer(),
  certificate: Type.String(),
  /** the 1+X training-and-evaluation organisation that issued it (null on a record made before this was kept) */
  organisation: Nullable(Type.String()),
  xLevel: TitleGradeSchema,
  number: Type.String(),
  issuedOn: Type.String(),
  /** the occupation the certificate is recognised in, and the level the rule gives (CERT-3) */
  mappedOccupationId: Nullable(Type.Integer()),
  mappedOccupationName: Nullable(Type.String()),
  recognitionLevel: LevelDigitSchema,
  evidence: Nullable(Type.Object({ fileName: Type.String(), mime: Type.String(), size: Type.Integer() })),
  recordedAt: Type.String(),
  /** when it was used for a direct recognition (a holding is used once), or null */
  recognisedAt: Nullable(Type.String()),
});
export type Holding = Static<typeof HoldingSchema>;
/** Direct recognition of a recorded holding in the occupation its certificate is mapped to. */
export const RecognitionBody = StrictObject({
  holdingId: Type.Integer({ minimum: 1 }),
  occupationId: Type.Integer({ minimum: 1 }),
});
export type RecognitionBody = Static<typeof RecognitionBody>;

// ---------------------------------------------------------------- CERT-4: process-based
/**
 * The platform decides pass or fail from the score and the pass mark of the occupation standard
 * (occupation, and the level the student type gives). A client's own `passed` is optional and only
 * checked: one that contradicts the score is refused (VERDICT_CONTRADICTS_SCORE, CERT-4).
 */
const SentVerdict = Type.Optional(
  Type.Boolean({ description: 'optional; checked against the score and the pass mark, never trusted' }),
);
export const ProcessBody = StrictObject({
  ...IdentityFields,
  occupationId: Type.Integer({ minimum: 1 }),
  courses: Type.Array(
    StrictObject({
      name: Type.String({ minLength: 1, maxLength: L.COURSE_NAME_MAX_LENGTH }),
      score: Score,
      passed: SentVerdict,
    }),
    { minItems: 1, maxItems: L.COURSES_MAX },
  ),
  skillAssessment: StrictObject({ score: Score, passed: SentVerdict }),
});
export type ProcessBody = Static<typeof ProcessBody>;

// ---------------------------------------------------------------- CERT-5: competitions
/** A competition's award rule: a rank cut-off or a top percentage (one of the two) earns a level. */
export const AwardRuleSchema = StrictObject({
  maxRank: Type.Optional(Type.Integer({ minimum: 1 })),
  topPercent: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  level: LevelDigitSchema,
});
export type AwardRule = Static<typeof AwardRuleSchema>;

/**
 * CERT-5: a competition and its award rules are a proposal of the organising institution; it is
 * submitted to, and approved or rejected (with a reason) by, the HRSS department that filed the
 * institution (or its superior) before the contest date. Results count only once approved.
 */
export const CompetitionStatusSchema = Enum(['proposed', 'submitted', 'approved', 'rejected'] as const);
export type CompetitionStatus = Static<typeof CompetitionStatusSchema>;
export const COMPETITION_STATUSES: Record<CompetitionStatus, string> = {
  proposed: '拟定中',
  submitted: '待审批',
  approved: '已批准',
  rejected: '未批准',
};
export type CompetitionStep = 'revise' | 'submit' | 'approve' | 'reject';
/** The proposal's workflow as a table: which statuses each step leaves from, and where it goes. */
export const COMPETITION_TRANSITIONS: Record<
  CompetitionStep,
  { from: readonly CompetitionStatus[]; to: CompetitionStatus; label: string }
> = {
  revise: { from: ['proposed', 'rejected'], to: 'proposed', label: '修改' },
  submit: { from: ['proposed', 'rejected'], to: 'submitted', label: '提交审批' },
  approve: { from: ['submitted'], to: 'approved', label: '批准' },
  reject: { from: ['submitted'], to: 'rejected', label: '不予批准' },
};
export const competitionStepOpen = (status: CompetitionStatus, step: CompetitionStep) =>
  COMPETITION_TRANSITIONS[step].from.includes(status);

export const CompetitionBody = StrictObject({
  name: Type.String({ minLength: L.COMPETITION_NAME_MIN_LENGTH, maxLength: L.COMPETITION_NAME_MAX_LENGTH }),
  tier: CompetitionTierSchema,
  /** the day the contest takes place: the award rules are approved before it, results are recorded from it */
  contestDate: IsoDate,
  occupationId: Type.Integer({ minimum: 1 }),
  participants: Type.Integer({ minimum: 1, maximum: L.COMPETITION_PARTICIPANTS_MAX }),
  rules: Type.Array(AwardRuleSchema, { minItems: 1, maxItems: L.AWARD_RULES_MAX }),
});
export type CompetitionBody = Static<typeof CompetitionBody>;
/** A competition as its organiser and the approving officials see it. */
export const CompetitionSchema = Type.Object({
  id: Type.Integer(),
  institutionId: Type.Integer(),
  institutionName: Type.String(),
  name: Type.String(),
  tier: CompetitionTierSchema,
  year: Type.Integer(),
  /** null only for a competition registered before approval existed: it must be revised and submitted */
  contestDate: Nullable(Type.String()),
  occupationId: Type.Integer(),
  occupationName: Type.String(),
  participants: Type.Integer(),
  rules: Type.Array(AwardRuleSchema),
  status: CompetitionStatusSchema,
  submittedAt: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  decidedByName: Nullable(Type.String()),
  decisionReason: Nullable(Type.String()),
  /** the department that filed the organiser (备案部门), which approves */
  filedBy: Type.String(),
  /** whether the caller may approve or reject it (the filing HRSS or its superior, while submitted) */
  mayDecide: Type.Boolean(),
  /** places the rules cover (an award per place at most) and awards made so far */
  places: Type.Integer(),
  awarded: Type.Integer(),
  /** for each rule that exceeds the tier cap in force, why (empty when all are within it) */
  overCap: Type.Array(Type.String()),
});
export type Competition = Static<typeof CompetitionSchema>;
export const CompetitionQuery = StrictObject({ status: Type.Optional(CompetitionStatusSchema) });
export type CompetitionQuery = Static<typeof CompetitionQuery>;
export const CompetitionDecisionBody = StrictObject({
  decision: Enum(['approve', 'reject'] as const),
  /** required to reject; optional to approve */
  reason: Type.Optional(Nullable(Type.String({ maxLength: L.REASON_MAX_LENGTH }))),
});
export type CompetitionDecisionBody = Static<typeof CompetitionDecisionBody>;
export const AwardBody = StrictObject({
  ...IdentityFields,
  rank: Type.Integer({ minimum: 1 }),
  /** CERT-2: a 中职 outstanding graduate (graduating year included) may receive 三级 */
  outstandingGraduate: Type.Optional(Type.Boolean()),
});
export type AwardBody = Static<typeof AwardBody>;

/**
 * CERT-5: the province's cap on award rules per contest tier: at most `maxRank` places and/or the
 * top `maxPercent` of entrants (both when both are set), and no level above `maxLevel` (a digit:
 * 3 = 三级 is higher than 4 = 四级).
 */
export const TierCapSchema = Type.Object({
  tier: CompetitionTierSchema,
  maxRank: Nullable(Type.Integer()),
  maxPercent: Nullable(Type.Integer()),
  maxLevel: Type.Integer(),
  updatedAt: Type.String(),
  updatedByName: Nullable(Type.String()),
});
export type TierCap = Static<typeof TierCapSchema>;
export const TierCapBody = StrictObject({
  maxRank: Nullable(Type.Integer({ minimum: 1, maximum: L.COMPETITION_PARTICIPANTS_MAX })),
  maxPercent: Nullable(Type.Integer({ minimum: 1, maximum: 100 })),
  maxLevel: LevelDigitSchema,
});
export type TierCapBody = Static<typeof TierCapBody>;
export const TierParams = StrictObject({ tier: CompetitionTierSchema });

// ---------------------------------------------------------------- CERT-6: enterprise cooperation
/** An enterprise proposes an agreement to a filed school (contract/partnership-workflow.ts). */
export const PartnershipBody = StrictObject({
  schoolId: Type.Integer({ minimum: 1 }),
  agreement: Type.String({ minLength: L.AGREEMENT_MIN_LENGTH, maxLength: L.AGREEMENT_MAX_LENGTH }),
  validFrom: IsoDate,
  validUntil: IsoDate,
});
export type PartnershipBody = Static<typeof PartnershipBody>;
export const PartnershipStatusSchema = Enum(['proposed', 'accepted', 'declined', 'withdrawn', 'ended'] as const);
export const PartnershipStepSchema = Enum(['accept', 'decline', 'withdraw', 'end'] as const);
/** A school's answer to a proposal, an enterprise's withdrawal, either party ending it; declining and ending give the reason. */
export const PartnershipStepBody = StrictObject({
  step: PartnershipStepSchema,
  reason: Type.Optional(Type.String({ minLength: L.REASON_MIN_LENGTH, maxLength: L.SHORT_REASON_MAX_LENGTH })),
});
export type PartnershipStepBody = Static<typeof PartnershipStepBody>;
export const PartnershipSchema = Type.Object({
  id: Type.Integer(),
  enterpriseId: Type.Integer(),
  enterpriseName: Type.String(),
  schoolId: Type.Integer(),
  schoolName: Type.String(),
  agreement: Type.String(),
  validFrom: Type.String(),
  validUntil: Type.String(),
  status: PartnershipStatusSchema,
  proposedAt: Type.String(),
  /** the school's answer (or the enterprise's withdrawal), with its reason */
  decidedAt: Nullable(Type.String()),
  decisionReason: Nullable(Type.String()),
  /** the enterprise's filing authority the accepted agreement is recorded with, e.g. 郑州市人社局 */
  recordedWith: Nullable(Type.String()),
  endedAt: Nullable(Type.String()),
  endReason: Nullable(Type.String()),
  /** accepted and today within its dates: the enterprise may evaluate the school's students */
  inForce: Type.Boolean(),
  /** the caller's party (null for an official) and the steps it may take now */
  side: Nullable(Enum(['enterprise', 'school'] as const)),
  steps: Type.Array(PartnershipStepSchema),
});
export type Partnership = Static<typeof PartnershipSchema>;
/** Scores of each part of the occupation standard (levels 2 and 1 add the review panel). */
export const EnterpriseScoresSchema = StrictObject({
  theory: Score,
  practical: Score,
  panel: Type.Optional(Score),
});
/**
 * The enterprise evaluates a student on the partner school's roster (found by identity document,
 * never registered here) under an agreement in force. Eligibility, the 中职 cap and the pass mark
 * are the occupation standard's, as in the exam pathway (CERT-2); no pass mark is sent.
 */
export const EnterpriseBody = StrictObject({
  partnershipId: Type.Integer({ minimum: 1 }),
  name: IdentityFields.name,
  idType: IdentityFields.idType,
  idNumber: IdentityFields.idNumber,
  occupationId: Type.Integer({ minimum: 1 }),
  level: LevelDigitSchema,
  scores: EnterpriseScoresSchema,
  ...EligibilityStatementFields,
});
export type EnterpriseBody = Static<typeof EnterpriseBody>;
