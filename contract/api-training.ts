/**
 * Subsidised training, part A (TRAIN-1…13): the provider catalogue (培训机构目录清单) with its
 * trainers and cross-region filings, classes (开班申请) and their trainees; the public lists of
 * providers, exits (曝光) and published classes (公布培训班次).
 */
import { Type, type Static } from '@sinclair/typebox';
import { Enum, IsoDate, Nullable, PageQuery, StrictObject } from './api.js';
import { IdentityFields } from './api-assessment.js';
import * as L from './limits.js';
import { CLASS_STATUSES, CLASS_STEPS } from './training-class-workflow.js';
import {
  CATALOGUE_STATUSES,
  CERTIFICATE_ROUTES,
  CLASS_MODES,
  CLASS_TYPES,
  INSPECTION_RESULTS,
  OTHER_CERTIFICATES,
  PROVIDER_TYPES,
  TARGET_GROUPS,
} from './training.js';

const keys = <T extends Record<string, unknown>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];

export const ProviderTypeSchema = Enum(keys(PROVIDER_TYPES));
export const CatalogueStatusSchema = Enum(keys(CATALOGUE_STATUSES));
export const InspectionResultSchema = Enum(keys(INSPECTION_RESULTS));
export const ClassTypeSchema = Enum(keys(CLASS_TYPES));
export const ClassModeSchema = Enum(keys(CLASS_MODES));
export const CertificateRouteSchema = Enum(keys(CERTIFICATE_ROUTES));
export const ClassStatusSchema = Enum(keys(CLASS_STATUSES));
export const ClassStepSchema = Enum(keys(CLASS_STEPS));
export const TargetGroupSchema = Enum(keys(TARGET_GROUPS));
export const OtherCertificateSchema = Enum(OTHER_CERTIFICATES);

const Reason = Type.String({ minLength: L.REASON_MIN_LENGTH, maxLength: L.REASON_MAX_LENGTH });
const Id = Type.Integer({ minimum: 1 });
const OccupationRef = Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String() });

// ---- providers (目录清单)

export const InspectionSchema = Type.Object({
  year: Type.Integer(),
  result: InspectionResultSchema,
  note: Nullable(Type.String()),
  recordedByName: Nullable(Type.String()),
  at: Type.String(),
});
export type Inspection = Static<typeof InspectionSchema>;

export const ProviderSchema = Type.Object({
  id: Type.Integer(),
  institutionId: Type.Integer(),
  name: Type.String(),
  providerType: ProviderTypeSchema,
  regionCode: Type.String(),
  regionName: Type.String(),
  status: CatalogueStatusSchema,
  listedOn: Type.String(),
  exitedOn: Nullable(Type.String()),
  exitReason: Nullable(Type.String()),
  occupations: Type.Array(
    Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String(), addedOn: Type.String() }),
  ),
  lastInspection: Nullable(InspectionSchema),
  /** active full-time trainers (专职师资) */
  trainers: Type.Integer(),
  /** whether the caller manages this catalogue entry (HRSS of the provider's region) */
  mayManage: Type.Boolean(),
});
export type Provider = Static<typeof ProviderSchema>;

export const ProviderEventSchema = Type.Object({
  type: Type.String(),
  detail: Nullable(Type.String()),
  actorName: Nullable(Type.String()),
  at: Type.String(),
});
export const RectificationSchema = Type.Object({
  id: Type.Integer(),
  classId: Nullable(Type.Integer()),
  satisfactionPercent: Nullable(Type.Number()),
  reason: Type.String(),
  startsOn: Type.String(),
  endsOn: Type.String(),
  /** in force on today's business date */
  active: Type.Boolean(),
});
export type Rectification = Static<typeof RectificationSchema>;

export const FilingStatusSchema = Enum(['submitted', 'approved', 'refused'] as const);
export const TrainingFilingSchema = Type.Object({
  id: Type.Integer(),
  providerId: Type.Integer(),
  providerName: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  validFrom: Type.String(),
  validUntil: Type.String(),
  note: Nullable(Type.String()),
  status: FilingStatusSchema,
  appliedAt: Type.String(),
  decidedAt: Nullable(Type.String()),
  decidedByName: Nullable(Type.String()),
  decisionReason: Nullable(Type.String()),
  /** whether the caller is the HRSS of the place and the filing awaits its answer */
  mayDecide: Type.Boolean(),
});
export type TrainingFiling = Static<typeof TrainingFilingSchema>;

export const ProviderDetailSchema = Type.Composite([
  ProviderSchema,
  Type.Object({
    inspections: Type.Array(InspectionSchema),
    events: Type.Array(ProviderEventSchema),
    filings: Type.Array(TrainingFilingSchema),
    rectifications: Type.Array(RectificationSchema),
  }),
]);
export type ProviderDetail = Static<typeof ProviderDetailSchema>;

export const ProviderQuery = StrictObject({
  q: Type.Optional(Type.String({ maxLength: 60 })),
  status: Type.Optional(CatalogueStatusSchema),
  ...PageQuery,
});
export type ProviderQuery = Static<typeof ProviderQuery>;

/** A new organisation, registered in the institutions registry as it enters the catalogue. */
export const OrganisationBody = StrictObject({
  name: Type.String({ minLength: L.INSTITUTION_NAME_MIN_LENGTH, maxLength: L.INSTITUTION_NAME_MAX_LENGTH }),
  regionCode: Type.String({ pattern: L.REGION_CODE_PATTERN }),
  creditCode: Type.Optional(Nullable(Type.String({ pattern: L.CREDIT_CODE_PATTERN }))),
  contactName: Type.Optional(Nullable(Type.String({ maxLength: L.PERSON_NAME_MAX_LENGTH }))),
  contactPhone: Type.Optional(Nullable(Type.String({ pattern: L.PHONE_PATTERN }))),
  address: Type.Optional(Nullable(Type.String({ maxLength: L.ADDRESS_MAX_LENGTH }))),
});
/** Lists a body: an institution already registered (one organisation, one record), or a new organisation. */
export const ProviderCreateBody = StrictObject({
  institutionId: Type.Optional(Id),
  organisation: Type.Optional(OrganisationBody),
  providerType: ProviderTypeSchema,
  occupationIds: Type.Array(Id, { minItems: 1, maxItems: L.TRAINING_SCOPE_MAX }),
});
export type ProviderCreateBody = Static<typeof ProviderCreateBody>;
export const ProviderScopeBody = StrictObject({
  occupationIds: Type.Array(Id, { minItems: 1, maxItems: L.TRAINING_SCOPE_MAX }),
});
export type ProviderScopeBody = Static<typeof ProviderScopeBody>;
export const InspectionBody = StrictObject({
  year: Type.Integer({ minimum: 2000, maximum: L.YEAR_MAX }),
  result: InspectionResultSchema,
  note: Type.Optional(Nullable(Type.String({ maxLength: L.SHORT_REASON_MAX_LENGTH }))),
});
export type InspectionBody = Static<typeof InspectionBody>;
export const TrainingReasonBody = StrictObject({ reason: Reason });
export type TrainingReasonBody = Static<typeof TrainingReasonBody>;

// ---- full-time trainers (专职师资报备)

export const TrainerSchema = Type.Object({
  id: Type.Integer(),
  providerId: Type.Integer(),
  name: Type.String(),
  idNumberMasked: Type.String(),
  title: Nullable(Type.String()),
  teacherCertificate: Type.Boolean(),
  status: Enum(['active', 'left'] as const),
  registeredOn: Type.String(),
  leftOn: Nullable(Type.String()),
  leftReason: Nullable(Type.String()),
  occupations: Type.Array(OccupationRef),
});
export type Trainer = Static<typeof TrainerSchema>;
export const TrainerBody = StrictObject({
  name: IdentityFields.name,
  idType: IdentityFields.idType,
  idNumber: IdentityFields.idNumber,
  title: Type.Optional(Nullable(Type.String({ maxLength: L.TRAINER_TITLE_MAX_LENGTH }))),
  teacherCertificate: Type.Boolean(),
  occupationIds: Type.Array(Id, { minItems: 1, maxItems: L.TRAINING_SCOPE_MAX }),
});
export type TrainerBody = Static<typeof TrainerBody>;

// ---- cross-region filings (TRAIN-13)

export const TrainingFilingBody = StrictObject({
  /** the city-level unit (市、济源示范区、省直管县) where training takes place */
  regionCode: Type.String({ pattern: L.REGION_CODE_PATTERN }),
  validFrom: IsoDate,
  validUntil: IsoDate,
  note: Type.Optional(Nullable(Type.String({ maxLength: L.REASON_MAX_LENGTH }))),
});
export type TrainingFilingBody = Static<typeof TrainingFilingBody>;
export const TrainingFilingDecisionBody = StrictObject({
  decision: Enum(['approve', 'refuse'] as const),
  reason: Type.Optional(Nullable(Type.String({ maxLength: L.REASON_MAX_LENGTH }))),
});
export type TrainingFilingDecisionBody = Static<typeof TrainingFilingDecisionBody>;

// ---- classes (开班申请)

export const ClassBody = StrictObject({
  title: Type.String({ minLength: L.CLASS_TITLE_MIN_LENGTH, maxLength: L.CLASS_TITLE_MAX_LENGTH }),
  occupationId: Id,
  /** the skill level trained for (5 = 五级 … 1 = 一级) where the occupation has skill-level certificates */
  level: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 5 }))),
  classType: ClassTypeSchema,
  subsidised: Type.Boolean(),
  mode: ClassModeSchema,
  theoryHours: Type.Integer({ minimum: 0, maximum: L.CLASS_HOURS_MAX }),
  practicalHours: Type.Integer({ minimum: 0, maximum: L.CLASS_HOURS_MAX }),
  minutesPerHour: Type.Integer({ minimum: 1, maximum: L.CLASS_HOUR_MINUTES_MAX }),
  teachers: Type.Integer({ minimum: 0, maximum: L.CLASS_TEACHERS_MAX }),
  workstations: Type.Integer({ minimum: 0, maximum: L.CLASS_TEACHERS_MAX * L.TRAINEES_PER_WORKSTATION }),
  /** capacity as applied; the limit of 80 is a rule the application is checked against (TRAIN-2), not a form bound */
  capacity: Type.Integer({ minimum: 1, maximum: 1000 }),
  startDate: IsoDate,
  endDate: IsoDate,
  /** the county (or city) where the class is held: its HRSS approves */
  regionCode: Type.String({ pattern: L.REGION_CODE_PATTERN }),
  site: Type.String({ minLength: 2, maxLength: L.ADDRESS_MAX_LENGTH }),
  /** TRAIN-6: the majors the class's occupation corresponds to (in-school students of these majors get no subsidised place) */
  majors: Type.Array(Type.String({ minLength: 1, maxLength: L.MAJOR_MAX_LENGTH }), { maxItems: L.CLASS_MAJORS_MAX }),
});
export type ClassBody = Static<typeof ClassBody>;

export const ClassCheckSchema = Type.Object({
  key: Type.String(),
  rule: Nullable(Type.String()),
  ok: Type.Boolean(),
  message: Type.String(),
  field: Type.Optional(Type.String()),
});
export type ClassCheckResult = Static<typeof ClassCheckSchema>;
export const ClassChecksSchema = Type.Object({
  /** what the class leads to, decided from the platform's records (TRAIN-3, TRAIN-9) */
  certificateRoute: CertificateRouteSchema,
  checks: Type.Array(ClassCheckSchema),
  ok: Type.Boolean(),
});
export type ClassChecks = Static<typeof ClassChecksSchema>;

export const ClassSchema = Type.Object({
  id: Type.Integer(),
  providerId: Type.Integer(),
  providerName: Type.String(),
  institutionId: Type.Integer(),
  title: Type.String(),
  occupationId: Type.Integer(),
  occupationCode: Type.String(),
  occupationName: Type.String(),
  level: Nullable(Type.Integer()),
  classType: ClassTypeSchema,
  subsidised: Type.Boolean(),
  mode: ClassModeSchema,
  theoryHours: Type.Integer(),
  practicalHours: Type.Integer(),
  minutesPerHour: Type.Integer(),
  teachers: Type.Integer(),
  workstations: Type.Integer(),
  capacity: Type.Integer(),
  enrolled: Type.Integer(),
  startDate: Type.String(),
  endDate: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  site: Type.String(),
  majors: Type.Array(Type.String()),
  certificateRoute: CertificateRouteSchema,
  status: ClassStatusSchema,
  submittedAt: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  decidedByName: Nullable(Type.String()),
  decisionReason: Nullable(Type.String()),
  /** the workflow steps the caller may take now (contract/training-class-workflow.ts) */
  steps: Type.Array(ClassStepSchema),
  /** the caller is the HRSS of the place and the class awaits its decision */
  mayDecide: Type.Boolean(),
});
export type TrainingClass = Static<typeof ClassSchema>;
export const ClassEventSchema = Type.Object({
  step: Type.String(),
  reason: Nullable(Type.String()),
  actorName: Nullable(Type.String()),
  at: Type.String(),
});
export const ClassDetailSchema = Type.Composite([
  ClassSchema,
  Type.Object({
    events: Type.Array(ClassEventSchema),
    /** the opening checks as they stand now (officials review them before deciding) */
    checks: Type.Array(ClassCheckSchema),
  }),
]);
export type ClassDetail = Static<typeof ClassDetailSchema>;
export const ClassQuery = StrictObject({
  q: Type.Optional(Type.String({ maxLength: 60 })),
  status: Type.Optional(ClassStatusSchema),
  /** officials: only classes held in the caller's region (those the caller decides, as the HRSS of the place) */
  held: Type.Optional(Type.Boolean()),
  ...PageQuery,
});
export type ClassQuery = Static<typeof ClassQuery>;
/** GET /api/training/classes/export: the list's filters, without paging. */
export const ClassExportQuery = StrictObject({
  q: Type.Optional(Type.String({ maxLength: 60 })),
  status: Type.Optional(ClassStatusSchema),
  held: Type.Optional(Type.Boolean()),
});
export type ClassExportQuery = Static<typeof ClassExportQuery>;
export const ClassStepBody = StrictObject({
  step: Enum(['submit', 'withdraw', 'cancel'] as const),
  reason: Type.Optional(Nullable(Type.String({ maxLength: L.REASON_MAX_LENGTH }))),
});
export type ClassStepBody = Static<typeof ClassStepBody>;
export const ClassDecisionBody = StrictObject({
  decision: Enum(['approve', 'return'] as const),
  /** required to return; optional to approve */
  reason: Type.Optional(Nullable(Type.String({ maxLength: L.REASON_MAX_LENGTH }))),
});
export type ClassDecisionBody = Static<typeof ClassDecisionBody>;

// ---- trainees

export const TraineeBody = StrictObject({
  ...IdentityFields,
  phone: Type.Optional(Nullable(Type.String({ pattern: L.PHONE_PATTERN }))),
  targetGroup: TargetGroupSchema,
  /** TRAIN-5: the occupation of the post (an employee's present post, a job-transfer worker's old one) */
  postOccupationId: Type.Optional(Nullable(Id)),
  /** subsidised training is for people able and willing to work (有就业能力和就业意愿) */
  employmentIntention: Type.Boolean(),
});
export type TraineeBody = Static<typeof TraineeBody>;
export const TraineeSchema = Type.Object({
  id: Type.Integer(),
  classId: Type.Integer(),
  learnerId: Type.Integer(),
  name: Type.String(),
  idNumberMasked: Type.String(),
  targetGroup: TargetGroupSchema,
  department: Type.String(),
  postOccupation: Nullable(OccupationRef),
  employmentIntention: Type.Boolean(),
  inSchool: Type.Boolean(),
  schoolName: Nullable(Type.String()),
  major: Nullable(Type.String()),
  source: Enum(['form', 'import'] as const),
  status: Enum(['enrolled', 'withdrawn'] as const),
  enrolledAt: Type.String(),
  withdrawnAt: Nullable(Type.String()),
  withdrawnReason: Nullable(Type.String()),
  assessedOn: Nullable(Type.String()),
  /** TRAIN-9: the skill certificate through which the trainee finished (鉴定评价), when issued */
  evaluationCertificateNo: Nullable(Type.String()),
  /** present when the student situation stated was not applied (the school's record stands) */
  situationNote: Type.Optional(Type.String()),
});
export type Trainee = Static<typeof TraineeSchema>;
export const TraineeImportResultSchema = Type.Object({
  imported: Type.Integer(),
  notes: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
});
export type TraineeImportResult = Static<typeof TraineeImportResultSchema>;

// ---- the province's per-occupation training settings (TRAIN-3, TRAIN-11)

export const OccupationSettingSchema = Type.Object({
  occupationId: Type.Integer(),
  occupationCode: Type.String(),
  occupationName: Type.String(),
  /** the occupation's own hour rule for completion-only training (有明确学时规定), else 40 applies */
  minHours: Nullable(Type.Integer()),
  otherCertificate: Nullable(OtherCertificateSchema),
  /** TRAIN-11 (附件3): offline practical hours an online class of this occupation needs */
  offlinePracticalHours: Nullable(Type.Integer()),
  updatedAt: Type.String(),
  updatedByName: Nullable(Type.String()),
});
export type OccupationSetting = Static<typeof OccupationSettingSchema>;
export const OccupationSettingBody = StrictObject({
  minHours: Nullable(Type.Integer({ minimum: 1, maximum: L.CLASS_HOURS_MAX })),
  otherCertificate: Nullable(OtherCertificateSchema),
  offlinePracticalHours: Nullable(Type.Integer({ minimum: 1, maximum: L.CLASS_HOURS_MAX })),
});
export type OccupationSettingBody = Static<typeof OccupationSettingBody>;
export const OccupationParams = StrictObject({ occupationId: Id });

// ---- public lists (no login)

export const PublicProviderSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  providerType: ProviderTypeSchema,
  regionName: Type.String(),
  listedOn: Type.String(),
  occupations: Type.Array(Type.String()),
});
export type PublicProvider = Static<typeof PublicProviderSchema>;
export const PublicExitSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  providerType: ProviderTypeSchema,
  regionName: Type.String(),
  listedOn: Type.String(),
  exitedOn: Type.String(),
  exitReason: Type.String(),
});
export type PublicExit = Static<typeof PublicExitSchema>;
export const PublicClassSchema = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  providerName: Type.String(),
  occupationName: Type.String(),
  level: Nullable(Type.Integer()),
  classType: ClassTypeSchema,
  mode: ClassModeSchema,
  subsidised: Type.Boolean(),
  capacity: Type.Integer(),
  enrolled: Type.Integer(),
  totalHours: Type.Integer(),
  startDate: Type.String(),
  endDate: Type.String(),
  regionName: Type.String(),
  site: Type.String(),
  approvedAt: Nullable(Type.String()),
});
export type PublicClass = Static<typeof PublicClassSchema>;
export const PublicTrainingQuery = StrictObject({
  q: Type.Optional(Type.String({ maxLength: 60 })),
  ...PageQuery,
});
export type PublicTrainingQuery = Static<typeof PublicTrainingQuery>;
