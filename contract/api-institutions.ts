/** Schemas of the institution filing, staff, specification and public catalog APIs (INST-1..8). */
import { Type, type Static } from '@sinclair/typebox';
import {
  Enum,
  InstitutionSchema,
  IsoDate,
  LevelDigitSchema as Level,
  Nullable,
  PageQuery,
  StrictObject,
} from './api.js';
import { IdTypeSchema } from './api-assessment.js';
import { EXTERNAL_SUPERVISOR_CARD_PATTERN } from './institutions.js';
import {
  ADDRESS_MAX_LENGTH,
  CREDIT_CODE_PATTERN,
  FILING_NOTE_MAX_LENGTH,
  ID_NUMBER_MAX_LENGTH,
  ID_NUMBER_MIN_LENGTH,
  INSTITUTION_NAME_MAX_LENGTH,
  INSTITUTION_NAME_MIN_LENGTH,
  PERSON_NAME_MAX_LENGTH,
  PHONE_PATTERN,
  QUALIFICATION_MAX_LENGTH,
  REASON_MAX_LENGTH,
  REASON_MIN_LENGTH,
  REGION_CODE_PATTERN,
  SPEC_TITLE_MAX_LENGTH,
  SPEC_TITLE_MIN_LENGTH,
  STAFF_CARD_NO_MAX_LENGTH,
  STAFF_NAME_MIN_LENGTH,
} from './limits.js';

const Reason = Type.String({ minLength: REASON_MIN_LENGTH, maxLength: REASON_MAX_LENGTH, description: '理由（必填）' });

export const KindSchema = Enum([
  'college',
  'social',
  'appraisal',
  'special_ability',
  'training_org',
  'enterprise',
  'training',
] as const);
export const SchoolTypeSchema = Enum([
  'undergraduate',
  'higher_vocational',
  'secondary_vocational',
  'technical',
] as const);

export const InstitutionCreateBody = StrictObject({
  name: Type.String({ minLength: INSTITUTION_NAME_MIN_LENGTH, maxLength: INSTITUTION_NAME_MAX_LENGTH }),
  kind: KindSchema,
  schoolType: Type.Optional(Nullable(SchoolTypeSchema)),
  owner: Type.Union([Type.Literal('province'), Type.Literal('local')]),
  regionCode: Type.String({ pattern: REGION_CODE_PATTERN }),
  creditCode: Type.Optional(
    Nullable(
      Type.String({
        pattern: CREDIT_CODE_PATTERN,
        description: '统一社会信用代码（18 位）',
      }),
    ),
  ),
  contactName: Type.Optional(Nullable(Type.String({ maxLength: PERSON_NAME_MAX_LENGTH }))),
  contactPhone: Type.Optional(Nullable(Type.String({ pattern: PHONE_PATTERN }))),
  address: Type.Optional(Nullable(Type.String({ maxLength: ADDRESS_MAX_LENGTH }))),
});
export const InstitutionPatchBody = StrictObject(
  {
    name: Type.Optional(
      Type.String({ minLength: INSTITUTION_NAME_MIN_LENGTH, maxLength: INSTITUTION_NAME_MAX_LENGTH }),
    ),
    creditCode: Type.Optional(Nullable(Type.String({ pattern: CREDIT_CODE_PATTERN }))),
    contactName: Type.Optional(Nullable(Type.String({ maxLength: PERSON_NAME_MAX_LENGTH }))),
    contactPhone: Type.Optional(Nullable(Type.String({ pattern: PHONE_PATTERN }))),
    address: Type.Optional(Nullable(Type.String({ maxLength: ADDRESS_MAX_LENGTH }))),
  },
  { minProperties: 1 },
);

const InstitutionFilterFields = {
  q: Type.Optional(Type.String({ maxLength: 60 })),
  regionCode: Type.Optional(Type.String({ pattern: REGION_CODE_PATTERN })),
  status: Type.Optional(Enum(['unfiled', 'filed', 'rectification', 'suspended', 'revoked'] as const)),
  kind: Type.Optional(KindSchema),
};
export const InstitutionListQuery = StrictObject({ ...InstitutionFilterFields, ...PageQuery });
export const InstitutionFilterSchema = StrictObject(InstitutionFilterFields);
export type InstitutionFilter = Static<typeof InstitutionFilterSchema>;

export const ScopeItemSchema = Type.Object({
  occupationId: Type.Integer(),
  occupationCode: Type.String(),
  occupationName: Type.String(),
  level: Type.Integer(),
  specId: Nullable(Type.Integer()),
  hasNationalStandard: Type.Boolean(),
});
export const GrantedScopeSchema = Type.Object({
  occupationId: Type.Integer(),
  occupationCode: Type.String(),
  occupationName: Type.String(),
  level: Type.Integer(),
  specId: Nullable(Type.Integer()),
  grantedAt: Type.String(),
});
export type GrantedScope = Static<typeof GrantedScopeSchema>;
export const PrerequisiteSchema = Type.Object({
  item: Type.String(),
  label: Type.String(),
  ok: Type.Boolean(),
  missing: Type.Array(Type.String()),
});

export const FilingSummarySchema = Type.Object({
  id: Type.Integer(),
  institutionId: Type.Integer(),
  institutionName: Type.String(),
  kind: Type.String(),
  status: Type.String(),
  statusLabel: Type.String(),
  stage: Type.String(),
  submittedAt: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  /**
   * INST-2 (平台口径): the awaited department's handling time — since when it has had the
   * application, its due date (FILING_HANDLING_WORKING_DAYS working days), whether it is overdue;
   * null when no department is awaited
   */
  handling: Nullable(
    Type.Object({
      since: Type.String(),
      due: Type.String(),
      overdue: Type.Boolean(),
      workingDaysLate: Type.Integer(),
    }),
  ),
});
export type FilingSummary = Static<typeof FilingSummarySchema>;
export const FilingDetailSchema = Type.Composite([
  FilingSummarySchema,
  Type.Object({
    note: Nullable(Type.String()),
    route: Type.Object({
      reviewDepartment: Nullable(Type.String()),
      reviewBy: Nullable(Type.String()),
      filingDepartment: Type.String(),
      fileBy: Nullable(Type.String()),
    }),
    awaiting: Nullable(Type.String()),
    scopes: Type.Array(ScopeItemSchema),
    prerequisites: Type.Array(PrerequisiteSchema),
    /** INST-2 专家初审 of the current round: each expert's latest opinion, agreeing and dissenting counted */
    expertReview: Type.Object({
      required: Type.Integer(),
      total: Type.Integer(),
      agree: Type.Integer(),
      disagree: Type.Integer(),
      verdict: Type.Union([Type.Literal('insufficient'), Type.Literal('disagree'), Type.Literal('passed')]),
      opinions: Type.Array(
        Type.Object({
          expertId: Type.Integer(),
          expertName: Type.String(),
          opinion: Type.Union([Type.Literal('agree'), Type.Literal('disagree')]),
          comment: Nullable(Type.String()),
          at: Type.String(),
        }),
      ),
    }),
    timeline: Type.Array(
      Type.Object({
        action: Type.String(),
        actorName: Nullable(Type.String()),
        actorRole: Nullable(Type.String()),
        department: Nullable(Type.String()),
        reason: Nullable(Type.String()),
        detail: Type.Unknown(),
        at: Type.String(),
      }),
    ),
  }),
]);
export type FilingDetail = Static<typeof FilingDetailSchema>;
export type FilingStep = FilingDetail['timeline'][number];
/** GET /api/filings/queue: the applications awaiting the caller's department. */
export const FilingQueueSchema = Type.Object({ items: Type.Array(FilingSummarySchema), total: Type.Integer() });
export type FilingQueue = Static<typeof FilingQueueSchema>;

const ScopeInput = StrictObject({
  occupationId: Type.Integer({ minimum: 1 }),
  level: Level,
  specId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
});
export const FilingCreateBody = StrictObject({
  scopes: Type.Array(ScopeInput, { minItems: 1, maxItems: 200 }),
  note: Type.Optional(Nullable(Type.String({ maxLength: FILING_NOTE_MAX_LENGTH }))),
});
export type ScopeInput = Static<typeof FilingCreateBody>['scopes'][number];
export const FilingPatchBody = StrictObject(
  {
    scopes: Type.Optional(Type.Array(ScopeInput, { minItems: 1, maxItems: 200 })),
    note: Type.Optional(Nullable(Type.String({ maxLength: FILING_NOTE_MAX_LENGTH }))),
  },
  { minProperties: 1 },
);
export const FilingListQuery = StrictObject({
  status: Type.Optional(
    Enum(['draft', 'submitted', 'recommended', 'returned', 'filed', 'rejected', 'withdrawn'] as const),
  ),
  institutionId: Type.Optional(Type.Integer({ minimum: 1 })),
  /** part of the institution's name */
  q: Type.Optional(Type.String({ maxLength: INSTITUTION_NAME_MAX_LENGTH })),
  ...PageQuery,
});
/** GET /api/filings/export: the list's filters, without paging. */
export const FilingExportQuery = StrictObject({
  status: Type.Optional(
    Enum(['draft', 'submitted', 'recommended', 'returned', 'filed', 'rejected', 'withdrawn'] as const),
  ),
  institutionId: Type.Optional(Type.Integer({ minimum: 1 })),
  q: Type.Optional(Type.String({ maxLength: INSTITUTION_NAME_MAX_LENGTH })),
});
export const ExpertOpinionBody = StrictObject({
  expertId: Type.Integer({ minimum: 1 }),
  opinion: Type.Union([Type.Literal('agree'), Type.Literal('disagree')]),
  comment: Type.Optional(Nullable(Type.String({ maxLength: REASON_MAX_LENGTH }))),
});
export type ExpertOpinion = Static<typeof ExpertOpinionBody>;
export const OptionalReasonBody = StrictObject({
  reason: Type.Optional(Nullable(Type.String({ maxLength: REASON_MAX_LENGTH }))),
});
export const ReasonBody = StrictObject({ reason: Reason });

export const ManagementActionSchema = Enum([
  'rectify',
  'complete_rectification',
  'suspend',
  'reinstate',
  'revoke',
] as const);
export const ManageBody = StrictObject({
  action: ManagementActionSchema,
  reason: Reason,
  deadline: Type.Optional(IsoDate),
});
export const CreditEventBody = StrictObject({
  type: Enum(['violation', 'complaint_upheld', 'late_report'] as const),
  reason: Reason,
});
export const CreditSchema = Type.Object({ score: Type.Integer(), grade: Type.String() });
export type Credit = Static<typeof CreditSchema>;
export const EventSchema = Type.Object({
  type: Type.String(),
  typeLabel: Type.String(),
  reason: Nullable(Type.String()),
  deadline: Nullable(Type.String()),
  statusBefore: Nullable(Type.String()),
  statusAfter: Nullable(Type.String()),
  actorName: Type.Optional(Nullable(Type.String())),
  at: Type.String(),
});
export type InstitutionEvent = Static<typeof EventSchema>;

/** GET /api/institutions/:id/events: the management and credit record, and the credit grade (INST-5, INST-8). */
export const InstitutionEventsSchema = Type.Object({ events: Type.Array(EventSchema), credit: CreditSchema });
export type InstitutionEvents = Static<typeof InstitutionEventsSchema>;
/** POST /api/institutions/:id/actions: the institution's status after a management action (INST-5). */
export const ManageResultSchema = Type.Object({
  id: Type.Integer(),
  status: Type.String(),
  statusLabel: Type.String(),
});
export type ManageResult = Static<typeof ManageResultSchema>;

/** GET /api/institutions/:id: the registry record with what dynamic management offers the caller (INST-5). */
export const InstitutionDetailSchema = Type.Composite([
  InstitutionSchema,
  Type.Object({
    /** the department that filed the institution (备案部门), e.g. 河南省人社厅; null before filing */
    filedBy: Nullable(Type.String()),
    /** whether the caller may take management actions: the filing authority or its superior (INST-5) */
    mayManage: Type.Boolean(),
    /** why not, in Chinese, when the caller may not */
    mayManageReason: Nullable(Type.String()),
    /** still under rectification after the deadline: suspension is proposed (INST-5) */
    rectificationOverdue: Type.Boolean(),
    /** the actions the status allows, the proposed one first */
    managementActions: Type.Array(ManagementActionSchema),
    /** the step proposed to the filing authority, e.g. suspend after a passed rectification deadline */
    proposedAction: Nullable(ManagementActionSchema),
  }),
]);
export type InstitutionDetail = Static<typeof InstitutionDetailSchema>;

export const ChecklistSchema = Type.Object({
  institutionId: Type.Integer(),
  items: Type.Array(
    Type.Object({
      item: Type.String(),
      label: Type.String(),
      ok: Type.Boolean(),
      missing: Type.Array(Type.String()),
      evidence: Type.Boolean(),
      files: Type.Array(
        Type.Object({
          id: Type.Integer(),
          occupationId: Nullable(Type.Integer()),
          occupationName: Nullable(Type.String()),
          description: Nullable(Type.String()),
          fileName: Nullable(Type.String()),
          mime: Nullable(Type.String()),
          size: Nullable(Type.Integer()),
          uploadedAt: Type.String(),
        }),
      ),
    }),
  ),
});
export type Checklist = Static<typeof ChecklistSchema>;
export type ChecklistItem = Checklist['items'][number];
export type EvidenceFile = ChecklistItem['files'][number];
export const EvidenceSchema = Type.Object({
  id: Type.Integer(),
  item: Type.String(),
  fileName: Type.String(),
  mime: Type.String(),
  size: Type.Integer(),
  uploadedAt: Type.String(),
});
export type Evidence = Static<typeof EvidenceSchema>;

export const EvidenceParams = StrictObject({
  id: Type.Integer({ minimum: 1 }),
  evidenceId: Type.Integer({ minimum: 1 }),
});

export const StaffKindSchema = Enum(['examiner', 'senior_examiner', 'quality_supervisor', 'expert'] as const);
export const StaffSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  kindLabel: Type.String(),
  name: Type.String(),
  /** the person's identity document (INST-8); null on a record from before identities were required */
  idType: Nullable(Type.String()),
  /** masked, `410***********1234` */
  idNumber: Nullable(Type.String()),
  institutionId: Nullable(Type.Integer()),
  institutionName: Nullable(Type.String()),
  regionCode: Type.String(),
  /** the region it is registered in, as people name it (河南省, 郑州市 金水区) */
  regionName: Type.String(),
  supervisorType: Nullable(Type.String()),
  cardNo: Nullable(Type.String()),
  qualification: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  status: Type.String(),
  disqualifiedReason: Nullable(Type.String()),
  disqualifiedAt: Nullable(Type.String()),
  occupations: Type.Array(Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String() })),
});
export type Staff = Static<typeof StaffSchema>;
export const StaffDetailSchema = Type.Composite([
  StaffSchema,
  Type.Object({
    assignments: Type.Array(
      Type.Object({
        workType: Type.String(),
        refType: Type.String(),
        refId: Type.Integer(),
        assignedAt: Type.String(),
      }),
    ),
  }),
]);
export type StaffDetail = Static<typeof StaffDetailSchema>;
/** A person's identity document: staff are people, one record across roles and institutions (INST-8). */
const StaffIdentityFields = {
  idType: Type.Optional(IdTypeSchema),
  idNumber: Type.String({ minLength: ID_NUMBER_MIN_LENGTH, maxLength: ID_NUMBER_MAX_LENGTH }),
};
export const StaffCreateBody = StrictObject({
  kind: StaffKindSchema,
  name: Type.String({ minLength: STAFF_NAME_MIN_LENGTH, maxLength: PERSON_NAME_MAX_LENGTH }),
  ...StaffIdentityFields,
  institutionId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  regionCode: Type.Optional(Nullable(Type.String({ pattern: REGION_CODE_PATTERN }))),
  supervisorType: Type.Optional(Nullable(Type.Union([Type.Literal('internal'), Type.Literal('external')]))),
  cardNo: Type.Optional(Nullable(Type.String({ maxLength: STAFF_CARD_NO_MAX_LENGTH }))),
  qualification: Type.Optional(Nullable(Type.String({ maxLength: QUALIFICATION_MAX_LENGTH }))),
  phone: Type.Optional(Nullable(Type.String({ pattern: PHONE_PATTERN }))),
  occupationIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 50 })),
});
export const StaffPatchBody = StrictObject(
  {
    name: Type.Optional(Type.String({ minLength: STAFF_NAME_MIN_LENGTH, maxLength: PERSON_NAME_MAX_LENGTH })),
    /** only for a record without one (registered before identities were required); never changed once set */
    idType: StaffIdentityFields.idType,
    idNumber: Type.Optional(StaffIdentityFields.idNumber),
    cardNo: Type.Optional(Nullable(Type.String({ maxLength: STAFF_CARD_NO_MAX_LENGTH }))),
    qualification: Type.Optional(Nullable(Type.String({ maxLength: QUALIFICATION_MAX_LENGTH }))),
    phone: Type.Optional(Nullable(Type.String({ pattern: PHONE_PATTERN }))),
    occupationIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 50 })),
  },
  { minProperties: 1 },
);
export const StaffListQuery = StrictObject({
  q: Type.Optional(Type.String({ maxLength: 40 })),
  kind: Type.Optional(StaffKindSchema),
  institutionId: Type.Optional(Type.Integer({ minimum: 1 })),
  occupationId: Type.Optional(Type.Integer({ minimum: 1 })),
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disqualified')])),
  ...PageQuery,
});
export type StaffFilter = Omit<Static<typeof StaffListQuery>, 'page' | 'pageSize'>;
/** GET /api/staff/export: the list's filters, without paging. */
export const StaffExportQuery = StrictObject({
  q: Type.Optional(Type.String({ maxLength: 40 })),
  kind: Type.Optional(StaffKindSchema),
  institutionId: Type.Optional(Type.Integer({ minimum: 1 })),
  occupationId: Type.Optional(Type.Integer({ minimum: 1 })),
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disqualified')])),
});
export { EXTERNAL_SUPERVISOR_CARD_PATTERN };

export const SpecSchema = Type.Object({
  id: Type.Integer(),
  institutionId: Type.Integer(),
  institutionName: Type.String(),
  occupationId: Type.Integer(),
  occupationCode: Type.String(),
  occupationName: Type.String(),
  hasNationalStandard: Type.Boolean(),
  title: Type.String(),
  levels: Type.Array(Type.Integer()),
  status: Type.String(),
  statusLabel: Type.String(),
  filedAt: Nullable(Type.String()),
  agreeingReviews: Type.Integer(),
  requiredReviews: Type.Integer(),
  reviews: Type.Array(
    Type.Object({
      expertId: Type.Integer(),
      expertName: Type.String(),
      opinion: Type.String(),
      comment: Nullable(Type.String()),
      at: Type.String(),
      expertActive: Type.Boolean(),
    }),
  ),
});
export type Spec = Static<typeof SpecSchema>;
export const SpecCreateBody = StrictObject({
  occupationId: Type.Integer({ minimum: 1 }),
  title: Type.String({ minLength: SPEC_TITLE_MIN_LENGTH, maxLength: SPEC_TITLE_MAX_LENGTH }),
  levels: Type.Array(Level, { minItems: 1, maxItems: 5 }),
});
export const SpecReviewBody = ExpertOpinionBody;

export const CatalogQuerySchema = StrictObject({
  q: Type.Optional(Type.String({ maxLength: 60 })),
  regionCode: Type.Optional(Type.String({ pattern: REGION_CODE_PATTERN })),
  occupationId: Type.Optional(Type.Integer({ minimum: 1 })),
  level: Type.Optional(Level),
  kind: Type.Optional(KindSchema),
  status: Type.Optional(Enum(['filed', 'rectification', 'suspended', 'revoked'] as const)),
  ...PageQuery,
});
export type CatalogFilter = Omit<Static<typeof CatalogQuerySchema>, 'page' | 'pageSize'>;
export const CatalogEntrySchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  kind: Type.String(),
  kindLabel: Type.String(),
  filingNo: Type.String(),
  status: Type.String(),
  statusLabel: Type.String(),
  region: Type.String(),
  filedAt: Nullable(Type.String()),
  validUntil: Nullable(Type.String()),
  validity: Type.String(),
  rectificationDeadline: Nullable(Type.String()),
  creditGrade: Type.String(),
  creditScore: Type.Integer(),
  scopes: Type.Array(
    Type.Object({
      occupationId: Type.Integer(),
      code: Type.String(),
      name: Type.String(),
      levels: Type.Array(Type.Integer()),
      levelLabels: Type.Array(Type.String()),
    }),
  ),
});
export type CatalogEntry = Static<typeof CatalogEntrySchema>;
/** An occupation that filed institutions certify, for the public catalog's filter. */
export const PublicOccupationSchema = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  hasNationalStandard: Type.Boolean(),
});
export type PublicOccupation = Static<typeof PublicOccupationSchema>;
export const CatalogDetailSchema = Type.Composite([
  CatalogEntrySchema,
  Type.Object({ history: Type.Array(EventSchema) }),
]);
export type CatalogDetail = Static<typeof CatalogDetailSchema>;
