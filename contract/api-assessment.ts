/**
 * Schemas of the evaluation-by-exam API (评价计划、报名、考场、成绩、公示、异议, CERT-2, CERT-11) and
 * the occupation standards it runs on. The server validates and serialises with them; the web
 * takes its types (`Static<>`) from them under the same names.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Enum, IsoDate, LevelDigitSchema, Nullable, StrictObject } from './api.js';
import * as L from './limits.js';

export const PartSchema = Enum(['theory', 'practical', 'panel'] as const, {
  description: 'theory 理论知识考试 · practical 操作技能考核 · panel 综合评审',
});
export type Part = Static<typeof PartSchema>;
export const PlanStatusSchema = Enum(['draft', 'published', 'results_published', 'finalized', 'cancelled'] as const);
export type PlanStatus = Static<typeof PlanStatusSchema>;
export const RegistrationStatusSchema = Enum(['eligible', 'pending', 'ineligible', 'withdrawn'] as const, {
  description: 'eligible 符合 · pending 待审核 · ineligible 不符合 · withdrawn 已撤回',
});
export type RegistrationStatus = Static<typeof RegistrationStatusSchema>;
export const StudentTypeSchema = Enum([
  'undergraduate',
  'junior_college',
  'secondary_vocational',
  'technical',
] as const);
export type StudentType = Static<typeof StudentTypeSchema>;
export const GenderSchema = Enum(['male', 'female'] as const);
export const IdTypeSchema = Enum(['resident_id', 'passport', 'hk_macao', 'taiwan'] as const);
export type IdType = Static<typeof IdTypeSchema>;
export const TitleGradeSchema = Enum(['junior', 'intermediate', 'senior'] as const);
export type TitleGrade = Static<typeof TitleGradeSchema>;
const PassFail = Enum(['passed', 'failed'] as const);

// ---------------------------------------------------------------- standards
const Years = Type.Integer({ minimum: 0, maximum: L.CONDITION_YEARS_MAX });
/** One condition of an eligibility route (申报条件), stored as data (assessment/eligibility.ts). */
export const ConditionSchema = Type.Union([
  StrictObject({ type: Type.Literal('age_min'), years: Type.Integer({ minimum: 0, maximum: L.CONDITION_AGE_MAX }) }),
  StrictObject({ type: Type.Literal('working_in_occupation') }),
  StrictObject({ type: Type.Literal('years_in_occupation'), years: Years }),
  /** holds a certificate of this occupation at `level` or higher, obtained at least `years` ago */
  StrictObject({ type: Type.Literal('prior_level'), level: LevelDigitSchema, years: Years }),
  /** a graduate (or, if allowed, a graduation-year student) of one of these programmes */
  StrictObject({
    type: Type.Literal('graduate'),
    studentTypes: Type.Array(StudentTypeSchema, { minItems: 1 }),
    graduationYearStudents: Type.Boolean(),
  }),
  /** holds a professional title of at least `title` for `years` */
  StrictObject({ type: Type.Literal('professional_title'), title: TitleGradeSchema, years: Years }),
]);
export type Condition = Static<typeof ConditionSchema>;
export type ConditionType = Condition['type'];
/** A route to eligibility: every condition must hold. */
export const EligibilityRouteSchema = StrictObject({
  label: Type.String({ minLength: L.ROUTE_LABEL_MIN_LENGTH, maxLength: L.ROUTE_LABEL_MAX_LENGTH }),
  all: Type.Array(ConditionSchema, { minItems: 1 }),
});
export type EligibilityRoute = Static<typeof EligibilityRouteSchema>;

const Minutes = (maximum: number) => Type.Integer({ minimum: L.EXAM_MINUTES_MIN, maximum });
/** PUT /api/standards/:occupationId/:level */
export const StandardBody = StrictObject({
  edition: Type.String({ minLength: L.STANDARD_EDITION_MIN_LENGTH, maxLength: L.STANDARD_EDITION_MAX_LENGTH }),
  parts: Type.Array(PartSchema, { minItems: 2, maxItems: 3, uniqueItems: true }),
  passMark: Type.Integer({ minimum: L.PASS_MARK_MIN, maximum: L.PASS_MARK_MAX }),
  minutes: StrictObject({
    theory: Minutes(L.EXAM_MINUTES_MAX),
    practical: Minutes(L.PRACTICAL_MINUTES_MAX),
    panel: Minutes(L.EXAM_MINUTES_MAX),
  }),
  staffing: StrictObject({
    invigilatorRatio: Type.Integer({ minimum: 1, maximum: L.INVIGILATOR_RATIO_MAX }),
    minInvigilators: Type.Integer({ minimum: 1, maximum: L.MIN_INVIGILATORS_MAX }),
    examinerRatio: Type.Integer({ minimum: 1, maximum: L.EXAMINER_RATIO_MAX }),
    minExaminers: Type.Integer({ minimum: 1, maximum: L.MIN_EXAMINERS_MAX }),
    minPanel: Type.Integer({ minimum: 1, maximum: L.MIN_PANEL_MAX }),
  }),
  eligibility: Type.Array(EligibilityRouteSchema, { minItems: 1 }),
});
export type StandardInput = Static<typeof StandardBody>;
export const StandardParams = StrictObject({ occupationId: Type.Integer({ minimum: 1 }), level: LevelDigitSchema });
export const StandardQuery = StrictObject({ occupationId: Type.Integer({ minimum: 1 }) });
/** 职业技能标准 of one occupation and level. */
export const StandardSchema = Type.Object({
  id: Type.Integer(),
  occupationId: Type.Integer(),
  occupationCode: Nullable(Type.String()),
  occupationName: Nullable(Type.String()),
  level: Type.Integer(),
  edition: Type.String(),
  parts: Type.Array(PartSchema),
  passMark: Type.Integer(),
  minutes: Type.Object({ theory: Type.Integer(), practical: Type.Integer(), panel: Type.Integer() }),
  staffing: Type.Object({
    invigilatorRatio: Type.Integer(),
    minInvigilators: Type.Integer(),
    examinerRatio: Type.Integer(),
    minExaminers: Type.Integer(),
    minPanel: Type.Integer(),
  }),
  eligibility: Type.Array(EligibilityRouteSchema),
});
export type Standard = Static<typeof StandardSchema>;

// ---------------------------------------------------------------- plans
/** 评价计划 as listed. */
export const PlanSummarySchema = Type.Object({
  id: Type.Integer(),
  institutionId: Type.Integer(),
  institutionName: Type.String(),
  occupationId: Type.Integer(),
  occupationName: Type.String(),
  occupationCode: Type.String(),
  level: Type.Integer(),
  year: Type.Integer(),
  title: Type.String(),
  fee: Type.Integer({ description: 'yuan' }),
  status: PlanStatusSchema,
  statusLabel: Type.String(),
  notice: Nullable(Type.String()),
  publishedAt: Nullable(Type.String()),
  resultsPublishedAt: Nullable(Type.String()),
  publicityUntil: Nullable(Type.String()),
  finalizedAt: Nullable(Type.String()),
});
export type PlanSummary = Static<typeof PlanSummarySchema>;
/** The automatic eligibility check as stored with a registration. */
export const EligibilityResultSchema = Type.Object({
  eligible: Type.Boolean(),
  route: Nullable(Type.String()),
  /** per route, what failed (empty when it matched) */
  checks: Type.Array(Type.Object({ route: Type.String(), failed: Type.Array(Type.String()) })),
  /** CERT-2: why a secondary vocational student cannot sit this level; cannot be overridden */
  cap: Type.Optional(Nullable(Type.String())),
});
export type EligibilityResult = Static<typeof EligibilityResultSchema>;
export const PartScoreSchema = Type.Object({
  score: Type.Number(),
  version: Type.Integer(),
  confirmed: Type.Boolean(),
});
export type PartScore = Static<typeof PartScoreSchema>;
const Decision = Enum(['auto', 'manual'] as const);
/**
 * 学生身份: a person's student situation. On a registration, the snapshot it was judged on (fee,
 * CERT-10; 中职 cap, CERT-2); `note` says why a change asked for by this registration was not applied.
 */
export const SituationSchema = Type.Object({
  studentType: Nullable(StudentTypeSchema),
  schoolName: Nullable(Type.String({ description: '登记该学生身份的学校' })),
  major: Nullable(Type.String()),
  graduationYear: Nullable(Type.Integer()),
  inSchool: Type.Boolean(),
  note: Type.Optional(Nullable(Type.String())),
});
export type Situation = Static<typeof SituationSchema>;
export const SituationFieldSchema = Enum(['studentType', 'school', 'major', 'graduationYear', 'inSchool'] as const);
export type SituationField = Static<typeof SituationFieldSchema>;
const SituationValue = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);
/** One entry of a person's situation history (学生身份变更记录). */
export const SituationChangeSchema = Type.Object({
  at: Type.String(),
  by: Nullable(Type.String()),
  institutionName: Nullable(Type.String({ description: '数据来源机构' })),
  source: Type.String({ description: 'registration | roster | process | recognition | competition | enterprise' }),
  sourceRef: Nullable(Type.String()),
  /** false: asked for by the source and kept as the school recorded it (`note` says why) */
  applied: Type.Boolean(),
  note: Nullable(Type.String()),
  changes: Type.Array(
    Type.Object(
      { field: SituationFieldSchema, before: SituationValue, after: SituationValue },
      {
        description: 'school 为学校名称；studentType 为代码',
      },
    ),
  ),
});
export type SituationChange = Static<typeof SituationChangeSchema>;
/** GET /api/registrations/:id/situation: what the registration was judged on, the person now, and the history. */
export const RegistrationSituationSchema = Type.Object({
  registrationId: Type.Integer(),
  learnerId: Type.Integer(),
  name: Type.String(),
  atRegistration: Nullable(SituationSchema),
  current: SituationSchema,
  history: Type.Array(SituationChangeSchema),
});
export type RegistrationSituation = Static<typeof RegistrationSituationSchema>;
/** 报名: a candidate in a plan, the eligibility decisions, the latest score of each part. */
export const RegistrationSchema = Type.Object({
  id: Type.Integer(),
  learnerId: Type.Integer(),
  name: Type.String(),
  idNumber: Type.String({ description: '本机构见全号，管辖官员见脱敏号' }),
  status: RegistrationStatusSchema,
  decision: Decision,
  decisionReason: Nullable(Type.String()),
  /** every decision on it, oldest first (the automatic one, then manual ones with their reasons) */
  decisions: Type.Array(
    Type.Object({
      status: Type.String({ description: 'eligible | pending | ineligible' }),
      decision: Type.String({ description: 'auto | manual' }),
      reason: Nullable(Type.String()),
      by: Nullable(Type.String()),
      at: Type.String(),
    }),
  ),
  eligibility: Nullable(EligibilityResultSchema),
  /** the situation the registration was judged on; null for registrations made before it was kept */
  situation: Nullable(SituationSchema),
  fee: Type.Integer(),
  result: Nullable(PassFail),
  certificateId: Nullable(Type.Integer()),
  /** the parts of the plan's standard; null until entered */
  scores: Type.Object({
    theory: Type.Optional(Nullable(PartScoreSchema)),
    practical: Type.Optional(Nullable(PartScoreSchema)),
    panel: Type.Optional(Nullable(PartScoreSchema)),
  }),
});
export type Registration = Static<typeof RegistrationSchema>;
export const PlanDetailSchema = Type.Composite([
  PlanSummarySchema,
  Type.Object({ standard: StandardSchema, registrations: Type.Array(RegistrationSchema) }),
]);
export type PlanDetail = Static<typeof PlanDetailSchema>;
export const PlanCreateBody = StrictObject({
  occupationId: Type.Integer({ minimum: 1 }),
  level: LevelDigitSchema,
  year: Type.Integer({ minimum: L.PLAN_YEAR_MIN, maximum: L.YEAR_MAX }),
  title: Type.String({ minLength: L.PLAN_TITLE_MIN_LENGTH, maxLength: L.PLAN_TITLE_MAX_LENGTH }),
  fee: Type.Optional(Type.Integer({ minimum: 0, maximum: L.PLAN_FEE_MAX })),
  notice: Type.Optional(Nullable(Type.String({ maxLength: L.PLAN_NOTICE_MAX_LENGTH }))),
});
export type PlanCreateBody = Static<typeof PlanCreateBody>;

// ---------------------------------------------------------------- registration
/** Who a person is: found by document or registered (people/learners.service.ts), on every pathway. */
export const IdentityFields = {
  name: Type.String({ minLength: 1, maxLength: L.PERSON_NAME_MAX_LENGTH }),
  idType: Type.Optional(IdTypeSchema),
  idNumber: Type.String({ minLength: L.ID_NUMBER_MIN_LENGTH, maxLength: L.ID_NUMBER_MAX_LENGTH }),
  birthDate: Type.Optional(Nullable(IsoDate)),
  studentType: Type.Optional(Nullable(StudentTypeSchema)),
  graduationYear: Type.Optional(Nullable(Type.Integer({ minimum: L.GRADUATION_YEAR_MIN, maximum: L.YEAR_MAX }))),
  inSchool: Type.Optional(Type.Boolean()),
  major: Type.Optional(Nullable(Type.String({ maxLength: L.MAJOR_MAX_LENGTH }))),
  /** for documents other than a resident ID (whose number gives it) */
  gender: Type.Optional(Nullable(GenderSchema)),
};
export const IdentityBody = StrictObject(IdentityFields);
export type IdentityBody = Static<typeof IdentityBody>;
/** POST /api/plans/:id/registrations: the identity and the facts the eligibility check reads. */
/**
 * What a candidate states for the eligibility check beyond the person's record (assessment/
 * eligibility.ts): work in the occupation, a professional title, an outstanding-graduate claim
 * (CERT-2). Sent on every pathway that applies the standard's eligibility (exam, CERT-6).
 */
export const EligibilityStatementFields = {
  yearsInOccupation: Type.Optional(Type.Integer({ minimum: 0, maximum: L.YEARS_IN_OCCUPATION_MAX })),
  workingInOccupation: Type.Optional(Type.Boolean()),
  title: Type.Optional(Nullable(TitleGradeSchema)),
  titleSince: Type.Optional(Nullable(IsoDate)),
  outstandingGraduate: Type.Optional(Type.Boolean()),
};
export const CandidateBody = StrictObject({
  ...IdentityFields,
  phone: Type.Optional(Nullable(Type.String({ pattern: L.PHONE_PATTERN }))),
  ...EligibilityStatementFields,
});
export type CandidateBody = Static<typeof CandidateBody>;
export const RegisterResultSchema = Type.Object({
  id: Type.Integer(),
  learnerId: Type.Integer(),
  name: Type.String(),
  status: Type.String({ description: 'eligible | pending | ineligible' }),
  fee: Type.Integer(),
  /** notes on the ID number that do not refuse it (a historic area code), present when there are any */
  identityNotes: Type.Optional(Type.Array(Type.String(), { description: '证件号码提示（如旧区划代码），请核对' })),
  /** present when the student situation this registration stated was not applied (the school's record stands) */
  situationNote: Type.Optional(Type.String()),
});
export type RegisterResult = Static<typeof RegisterResultSchema>;
export const RosterResultSchema = Type.Object({
  imported: Type.Integer(),
  eligible: Type.Integer(),
  pending: Type.Integer(),
  ineligible: Type.Integer(),
  /** notes by row that did not stop the import (the template's example row skipped, a historic area code) */
  notes: Type.Optional(
    Type.Array(Type.Object({ field: Type.String(), message: Type.String() }), {
      description: '未阻止导入的提示（示例行已跳过、旧区划代码请核对），按行列出',
    }),
  ),
  /** with skipRegistered: the rows of people already registered in the plan, not imported */
  skipped: Type.Optional(
    Type.Array(Type.Object({ field: Type.String(), message: Type.String() }), {
      description: '已报名本计划而跳过的行',
    }),
  ),
});
export type RosterResult = Static<typeof RosterResultSchema>;
/** POST /api/plans/:id/roster?skipRegistered=true: skip (and list) people already registered instead of refusing the file. */
export const RosterQuery = StrictObject({ skipRegistered: Type.Optional(Type.Boolean()) });
/** POST /api/registrations/:id/withdraw: 撤回报名, before any score is entered (CERT-11). */
export const WithdrawBody = StrictObject({
  reason: Type.String({ minLength: L.REASON_MIN_LENGTH, maxLength: L.SHORT_REASON_MAX_LENGTH }),
});
export const WithdrawResultSchema = Type.Object({
  id: Type.Integer(),
  status: Type.Literal('withdrawn'),
  reason: Type.String(),
});
export type WithdrawResult = Static<typeof WithdrawResultSchema>;
export const DecisionBody = StrictObject({
  eligible: Type.Boolean(),
  reason: Type.String({ minLength: L.REASON_MIN_LENGTH, maxLength: L.SHORT_REASON_MAX_LENGTH }),
});
export const DecisionResultSchema = Type.Object({
  id: Type.Integer(),
  status: Type.String({ description: 'eligible | ineligible' }),
  reason: Type.String(),
});
export type DecisionResult = Static<typeof DecisionResultSchema>;
/** A stored photo (POST /api/registrations/:id/photo, POST /api/me/photo). */
export const PhotoResultSchema = Type.Object({
  learnerId: Type.Integer(),
  size: Type.Integer({ description: 'bytes' }),
  mime: Type.String({ description: 'image/jpeg or image/png' }),
});
export type PhotoResult = Static<typeof PhotoResultSchema>;

// ---------------------------------------------------------------- sessions
export const SessionBody = StrictObject({
  part: PartSchema,
  startsAt: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}' }),
  site: Type.String({ minLength: L.SESSION_SITE_MIN_LENGTH, maxLength: L.SESSION_SITE_MAX_LENGTH }),
  rooms: Type.Array(
    StrictObject({
      room: Type.String({ minLength: 1, maxLength: L.ROOM_NAME_MAX_LENGTH }),
      registrationIds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: L.ROOM_CANDIDATES_MAX }),
      staffIds: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: L.ROOM_STAFF_MAX }),
    }),
    { minItems: 1, maxItems: L.SESSION_ROOMS_MAX },
  ),
});
export type SessionBody = Static<typeof SessionBody>;
export const SessionCreatedSchema = Type.Object({
  id: Type.Integer(),
  part: PartSchema,
  rooms: Type.Integer(),
  candidates: Type.Integer(),
});
export type SessionCreated = Static<typeof SessionCreatedSchema>;
/** 考场安排: a session's rooms with their staff and seated candidates. */
export const ExamSessionSchema = Type.Object({
  id: Type.Integer(),
  part: PartSchema,
  partLabel: Type.String(),
  startsAt: Type.String(),
  site: Type.String(),
  rooms: Type.Array(
    Type.Object({
      room: Type.String(),
      staff: Type.Array(
        Type.Object({
          id: Type.Integer(),
          name: Type.String(),
          duty: Enum(['invigilator', 'examiner', 'panel'] as const),
        }),
      ),
      candidates: Type.Array(
        Type.Object({ registrationId: Type.Integer(), seat: Type.Integer(), ticketNo: Type.String() }),
      ),
    }),
  ),
});
export type ExamSession = Static<typeof ExamSessionSchema>;

// ---------------------------------------------------------------- scores (a ledger, CERT-11)
const Score = Type.Number({ minimum: L.SCORE_MIN, maximum: L.SCORE_MAX });
export const ScoresBody = StrictObject({
  entries: Type.Array(StrictObject({ registrationId: Type.Integer({ minimum: 1 }), part: PartSchema, score: Score }), {
    minItems: 1,
    maxItems: L.SCORE_ENTRIES_MAX,
  }),
});
export type ScoresBody = Static<typeof ScoresBody>;
export const ScoresEnteredSchema = Type.Object({ entered: Type.Integer() });
export type ScoresEntered = Static<typeof ScoresEnteredSchema>;
export const ScoresConfirmedSchema = Type.Object({ confirmed: Type.Integer(), skippedOwnEntries: Type.Integer() });
export type ScoresConfirmed = Static<typeof ScoresConfirmedSchema>;
export const ScoreCorrectionParams = StrictObject({ id: Type.Integer({ minimum: 1 }), part: PartSchema });
export const ScoreCorrectionBody = StrictObject({
  score: Score,
  reason: Type.String({ minLength: L.REASON_MIN_LENGTH, maxLength: L.SHORT_REASON_MAX_LENGTH }),
});
export const ScoreCorrectedSchema = Type.Object({
  registrationId: Type.Integer(),
  part: PartSchema,
  version: Type.Integer(),
  score: Type.Number(),
});
export type ScoreCorrected = Static<typeof ScoreCorrectedSchema>;
export const ScoreVersionSchema = Type.Object({
  part: PartSchema,
  version: Type.Integer(),
  score: Type.Number(),
  reason: Nullable(Type.String()),
  enteredBy: Nullable(Type.String()),
  enteredAt: Type.String(),
  confirmedBy: Nullable(Type.String()),
  confirmedAt: Nullable(Type.String()),
});
export type ScoreVersion = Static<typeof ScoreVersionSchema>;
export const ScoreLedgerSchema = Type.Object({
  registrationId: Type.Integer(),
  planId: Type.Integer(),
  versions: Type.Array(ScoreVersionSchema),
});
export type ScoreLedger = Static<typeof ScoreLedgerSchema>;

// ---------------------------------------------------------------- results, objections, issuance
export const PublishResultsSchema = Type.Object({
  publicityUntil: Type.String({ description: 'last day of the 5-working-day publicity (公示)' }),
  /** set when a year's public holidays are not loaded and the date was counted on weekends only */
  warning: Nullable(Type.String()),
});
export type PublishResults = Static<typeof PublishResultsSchema>;
/** 成绩公示: names and ID numbers masked. */
export const PublicResultsSchema = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  institutionName: Type.String(),
  occupationName: Type.String(),
  level: Type.Integer(),
  publishedAt: Nullable(Type.String()),
  publicityUntil: Nullable(Type.String()),
  passMark: Type.Integer(),
  candidates: Type.Array(
    Type.Object({
      name: Type.String(),
      idNumber: Type.String(),
      scores: Type.Object({
        theory: Type.Optional(Type.Number()),
        practical: Type.Optional(Type.Number()),
        panel: Type.Optional(Type.Number()),
      }),
      result: Type.String({ description: '合格 | 不合格' }),
    }),
  ),
});
export type PublicResults = Static<typeof PublicResultsSchema>;
export const ObjectionBody = StrictObject({
  text: Type.String({ minLength: L.OBJECTION_MIN_LENGTH, maxLength: L.OBJECTION_MAX_LENGTH }),
});
export const ObjectionResolveBody = StrictObject({
  upheld: Type.Boolean(),
  resolution: Type.String({ minLength: L.REASON_MIN_LENGTH, maxLength: L.REASON_MAX_LENGTH }),
});
export const ObjectionStatusSchema = Enum(['open', 'upheld', 'dismissed'] as const);
/** The answer to raising or resolving an objection. */
export const ObjectionOutcomeSchema = Type.Object({ id: Type.Integer(), status: Type.String() });
export type ObjectionOutcome = Static<typeof ObjectionOutcomeSchema>;
export const ObjectionSchema = Type.Object({
  id: Type.Integer(),
  registrationId: Type.Integer(),
  name: Type.String(),
  text: Type.String(),
  status: ObjectionStatusSchema,
  resolution: Nullable(Type.String()),
  createdAt: Type.String(),
  resolvedAt: Nullable(Type.String()),
});
export type Objection = Static<typeof ObjectionSchema>;
export const FinalizeResultSchema = Type.Object({ passed: Type.Integer(), failed: Type.Integer() });
export type FinalizeResult = Static<typeof FinalizeResultSchema>;
/**
 * The credential-signing backlog after an issuance: done of total since its oldest pending
 * certificate, and the expected time at the rate the signers measured recently (null: not measured yet).
 */
export const SigningBacklogSchema = Type.Object({
  pending: Type.Integer(),
  done: Type.Integer(),
  total: Type.Integer(),
  ratePerSecond: Type.Union([Type.Number(), Type.Null()]),
  expectedSeconds: Type.Union([Type.Integer(), Type.Null()]),
});
export type SigningBacklog = Static<typeof SigningBacklogSchema>;
/** How many of the numbers issued an IssueResult lists (the rest are in 证书管理). */
export const ISSUE_RESULT_NUMBERS = 200;
/** What a plan's issuance job leaves (its `result`): how many were issued, the first numbers, the signing backlog. */
export const IssueResultSchema = Type.Object({
  issued: Type.Integer(),
  /** the first ISSUE_RESULT_NUMBERS numbers issued, in registration order */
  numbers: Type.Array(Type.String()),
  credentials: SigningBacklogSchema,
});
export type IssueResult = Static<typeof IssueResultSchema>;

// ---------------------------------------------------------------- the learner's own
/** GET /api/me/registrations: a learner's own application; scores once results are published. */
export const MyRegistrationSchema = Type.Object({
  registrationId: Type.Integer(),
  planId: Type.Integer(),
  title: Type.String(),
  institutionName: Type.String(),
  occupationName: Type.String(),
  level: Type.Integer(),
  status: RegistrationStatusSchema,
  decisionReason: Nullable(Type.String()),
  planStatus: PlanStatusSchema,
  publicityUntil: Nullable(Type.String()),
  scores: Nullable(
    Type.Object({
      theory: Type.Optional(Nullable(Type.Number())),
      practical: Type.Optional(Nullable(Type.Number())),
      panel: Type.Optional(Nullable(Type.Number())),
    }),
  ),
  result: Nullable(PassFail),
  certificateId: Nullable(Type.Integer()),
});
export type MyRegistration = Static<typeof MyRegistrationSchema>;
