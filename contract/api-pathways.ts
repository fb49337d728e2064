/**
 * Schemas of the pathways other than the exam (CERT-3..6): 1+X holdings and their recognition,
 * process-based assessment, competitions, enterprise cooperation. Each issuance answers
 * `PathwayIssued`; the records list what was issued on which evidence.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Enum, IsoDate, LevelDigitSchema, Nullable, StrictObject } from './api.js';
import { IdentityFields, TitleGradeSchema } from './api-assessment.js';
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
export const HoldingBody = StrictObject({
  ...IdentityFields,
  certificateId: Type.Integer({ minimum: 1 }),
  xLevel: TitleGradeSchema,
  number: Type.String({ minLength: L.ONE_PLUS_X_NUMBER_MIN_LENGTH, maxLength: L.ONE_PLUS_X_NUMBER_MAX_LENGTH }),
  issuedOn: IsoDate,
});
export type HoldingBody = Static<typeof HoldingBody>;
/** A 1+X certificate a learner holds, imported (counted apart, CERT-8). */
export const HoldingSchema = Type.Object({
  id: Type.Integer(),
  learnerId: Type.Integer(),
  certificate: Type.String(),
  xLevel: TitleGradeSchema,
  number: Type.String(),
});
export type Holding = Static<typeof HoldingSchema>;
export const RecognitionBody = StrictObject({ holdingId: Type.Integer({ minimum: 1 }) });

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
/** A competition's award rule: a rank cut-off or a top percentage earns a level. */
export const AwardRuleSchema = StrictObject({
  maxRank: Type.Optional(Type.Integer({ minimum: 1 })),
  topPercent: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  level: LevelDigitSchema,
});
export type AwardRule = Static<typeof AwardRuleSchema>;
export const CompetitionBody = StrictObject({
  name: Type.String({ minLength: L.COMPETITION_NAME_MIN_LENGTH, maxLength: L.COMPETITION_NAME_MAX_LENGTH }),
  tier: CompetitionTierSchema,
  year: Type.Integer({ minimum: L.PLAN_YEAR_MIN, maximum: L.YEAR_MAX }),
  occupationId: Type.Integer({ minimum: 1 }),
  participants: Type.Integer({ minimum: 1, maximum: L.COMPETITION_PARTICIPANTS_MAX }),
  rules: Type.Array(AwardRuleSchema, { minItems: 1, maxItems: L.AWARD_RULES_MAX }),
});
export type CompetitionBody = Static<typeof CompetitionBody>;
/** The competition as registered (the answer to POST /api/competitions). */
export const CompetitionCreatedSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  tier: CompetitionTierSchema,
  year: Type.Integer(),
  occupationId: Type.Integer(),
  participants: Type.Integer(),
  rules: Type.Array(AwardRuleSchema),
});
export type CompetitionCreated = Static<typeof CompetitionCreatedSchema>;
export const CompetitionSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  tier: CompetitionTierSchema,
  year: Type.Integer(),
  occupationId: Type.Integer(),
  occupationName: Type.String(),
  participants: Type.Integer(),
  rules: Type.Array(AwardRuleSchema),
});
export type Competition = Static<typeof CompetitionSchema>;
export const AwardBody = StrictObject({ ...IdentityFields, rank: Type.Integer({ minimum: 1 }) });
export type AwardBody = Static<typeof AwardBody>;

// ---------------------------------------------------------------- CERT-6: enterprise cooperation
export const PartnershipBody = StrictObject({
  schoolId: Type.Integer({ minimum: 1 }),
  agreement: Type.String({ minLength: L.AGREEMENT_MIN_LENGTH, maxLength: L.AGREEMENT_MAX_LENGTH }),
  validFrom: IsoDate,
  validUntil: IsoDate,
});
export type PartnershipBody = Static<typeof PartnershipBody>;
/** The agreement as saved (the answer to POST /api/partnerships). */
export const PartnershipSavedSchema = Type.Object({
  id: Type.Integer(),
  schoolName: Type.String(),
  schoolId: Type.Integer(),
  agreement: Type.String(),
  validFrom: Type.String(),
  validUntil: Type.String(),
});
export type PartnershipSaved = Static<typeof PartnershipSavedSchema>;
export const PartnershipSchema = Type.Object({
  id: Type.Integer(),
  enterpriseId: Type.Integer(),
  enterpriseName: Type.String(),
  schoolId: Type.Integer(),
  schoolName: Type.String(),
  agreement: Type.String(),
  validFrom: Type.String(),
  validUntil: Type.String(),
  inForce: Type.Boolean(),
});
export type Partnership = Static<typeof PartnershipSchema>;
export const EnterpriseBody = StrictObject({
  ...IdentityFields,
  schoolId: Type.Integer({ minimum: 1 }),
  occupationId: Type.Integer({ minimum: 1 }),
  level: LevelDigitSchema,
  theory: Score,
  practical: Score,
});
export type EnterpriseBody = Static<typeof EnterpriseBody>;
