/**
 * Request and response schemas of the HTTP API, written once: the server validates and
 * serialises with them and publishes them as OpenAPI; the web client takes its types from them.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ROLES } from './roles.js';
import {
  PAGE_SIZE_MAX,
  USERNAME_PATTERN,
  PASSWORD_MAX_LENGTH,
  OCCUPATION_CODE_PATTERN,
  REGION_CODE_PATTERN,
  CALENDAR_DAY_NAME_MAX_LENGTH,
  YEAR_MAX,
  LOGIN_NAME_MAX_LENGTH,
  REGION_NAME_MAX_LENGTH,
  OCCUPATION_NAME_MAX_LENGTH,
  OCCUPATION_EDITION_PATTERN,
  REFERENCE_NOTE_MAX_LENGTH,
  ONE_PLUS_X_BATCH_MIN,
  ONE_PLUS_X_BATCH_MAX,
  ONE_PLUS_X_NAME_MAX_LENGTH,
  ORGANISATION_NAME_MAX_LENGTH,
  PERSON_NAME_MAX_LENGTH,
  SECOND_FACTOR_CODE_MAX_LENGTH,
  PERSONAL_DATA_REASON_MIN_LENGTH,
  PERSONAL_DATA_REASON_MAX_LENGTH,
  ID_REVEAL_SHOW_SECONDS,
} from './limits.js';

/** An object that refuses unknown members: every request body, query and params schema is one. */
export const StrictObject = <T extends Parameters<typeof Type.Object>[0]>(
  props: T,
  opts: Parameters<typeof Type.Object>[1] = {},
) => Type.Object(props, { additionalProperties: false, ...opts });
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
/** A string enum with its literal type kept (Type.Union of mapped literals widens to string). */
export const Enum = <const T extends readonly string[]>(values: T, opts: { description?: string } = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...opts });
/** A calendar date, yyyy-mm-dd. */
export const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'yyyy-mm-dd' });
/** A skill level digit, 1 (一级/高级技师) to 5 (五级/初级工) (CERT-1). */
export const LevelDigitSchema = Type.Integer({ minimum: 1, maximum: 5, description: '1–5 (一级…五级)' });
/** `{ id }` in the path. */
export const IdParams = StrictObject({ id: Type.Integer({ minimum: 1 }) });

/**
 * Personal data (issue 11): every view shows ID numbers masked; a full number is shown only on an
 * explicit request with its reason (`POST …/reveal-id`, action `person.reveal_id`), audited.
 */
export const RevealIdBody = StrictObject({
  reason: Type.String({
    minLength: PERSONAL_DATA_REASON_MIN_LENGTH,
    maxLength: PERSONAL_DATA_REASON_MAX_LENGTH,
    description: '查看完整证件号码的理由（记入审计日志）',
  }),
});
export type RevealIdBody = Static<typeof RevealIdBody>;
export const RevealedIdSchema = Type.Object({
  idType: Type.String(),
  idNumber: Type.String({ description: '完整证件号码：仅本次应答含有，已记入审计日志' }),
  /** how long the page shows it before masking it again */
  showSeconds: Type.Integer({ default: ID_REVEAL_SHOW_SECONDS }),
});
export type RevealedId = Static<typeof RevealedIdSchema>;
/** An export that carries full ID numbers states its purpose (kept in the audit trail); without it, numbers are masked. */
export const ExportPurposeQuery = {
  purpose: Type.Optional(
    Type.String({
      minLength: PERSONAL_DATA_REASON_MIN_LENGTH,
      maxLength: PERSONAL_DATA_REASON_MAX_LENGTH,
      description: '导出完整证件号码的用途（记入审计日志）；不填则证件号码脱敏',
    }),
  ),
};

export const RoleSchema = Type.Union(
  ROLES.map((r) => Type.Literal(r)),
  { description: 'role code' },
);

export const ErrorSchema = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    rule: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
    details: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  }),
});

export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: PAGE_SIZE_MAX, default: 20 })),
};
/** Media types of the files the API sends. */
export const MEDIA_TYPES = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  zip: 'application/zip',
  png: 'image/png',
  jpeg: 'image/jpeg',
} as const;
export type FileKind = keyof typeof MEDIA_TYPES;
/**
 * A file download as a route's response: in OpenAPI the file is a binary body under each media
 * type it may be sent as (never `application/json`); the bytes go out as they are.
 */
export const fileResponse = (description: string, ...kinds: [FileKind, ...FileKind[]]) => ({
  description,
  content: Object.fromEntries(
    kinds.map((k) => [MEDIA_TYPES[k], { schema: { type: 'string' as const, format: 'binary' } }]),
  ),
});
export const paged = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });
/** A page of a list: what `paged(item)` answers. */
export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
const PageQuerySchema = Type.Object(PageQuery);
export type PageParams = Static<typeof PageQuerySchema>;

// ---- health & meta
export const HealthSchema = Type.Object({
  status: Type.Literal('ok'),
  database: Type.Union([Type.Literal('sqlite'), Type.Literal('postgres')]),
  version: Type.String(),
});
export type Health = Static<typeof HealthSchema>;
/** GET /api/health/live: the process answers (it does not ask the database) */
export const LivenessSchema = Type.Object({ status: Type.Literal('ok'), version: Type.String() });

export const DemoAccountSchema = Type.Object({
  username: Type.String(),
  role: RoleSchema,
  roleLabel: Type.String(),
  description: Type.String(),
  /** the same in English, the institution's name set apart (U+2068 … U+2069) */
  descriptionEn: Type.String(),
});
export const MetaSchema = Type.Object({
  name: Type.String(),
  version: Type.String(),
  demo: Type.Boolean(),
  demoPassword: Type.Optional(Type.String()),
  demoAccounts: Type.Array(DemoAccountSchema),
});
export type Meta = Static<typeof MetaSchema>;

// ---- auth
export const LoginBody = StrictObject({
  username: Type.String({ minLength: 1, maxLength: LOGIN_NAME_MAX_LENGTH }),
  password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }),
});
export const ScopeSchema = Type.Object({
  kind: Type.Union([
    Type.Literal('region'),
    Type.Literal('institution'),
    Type.Literal('platform'),
    Type.Literal('self'),
  ]),
  regionCode: Nullable(Type.String()),
  institutionId: Nullable(Type.Integer()),
  /** human label, e.g. 河南省 / 郑州市, or the institution's name, or 全平台 */
  label: Type.String(),
  /** region path names from the province down, e.g. ['河南省','郑州市'] */
  path: Type.Array(Type.String()),
});
export type Scope = Static<typeof ScopeSchema>;
export const MeSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  roleLabel: Type.String(),
  scope: ScopeSchema,
  mustChangePassword: Type.Boolean(),
  /**
   * What the session is confined to until the person acts: `password_change` (the password must
   * change first) or `second_factor_enrolment` (the role signs in with a second factor and none is
   * bound yet). Any other API call answers 403 with the matching code.
   */
  restriction: Nullable(Enum(['password_change', 'second_factor_enrolment'] as const)),
  secondFactor: Type.Object({
    /** the role must sign in with a second factor (configurable; demo accounts in demo mode are exempt) */
    required: Type.Boolean(),
    enrolled: Type.Boolean(),
    recoveryCodesLeft: Type.Integer(),
  }),
  session: Type.Object({ idleTimeoutSeconds: Type.Integer(), absoluteExpiresAt: Type.String() }),
});
export type Me = Static<typeof MeSchema>;
export const MeResponse = Type.Object({ user: MeSchema });
export type MeResponse = Static<typeof MeResponse>;
/** The password was right and the account has a second factor: send its code within `expiresAt`. */
export const SecondFactorChallenge = Type.Object({
  secondFactorRequired: Type.Literal(true),
  expiresAt: Type.String(),
});
export const LoginResponse = Type.Union([MeResponse, SecondFactorChallenge]);
export type LoginResponse = Static<typeof LoginResponse>;
/** A 6-digit code from the authenticator app, or one of the recovery codes. */
export const SecondFactorBody = StrictObject({
  code: Type.String({ minLength: 1, maxLength: SECOND_FACTOR_CODE_MAX_LENGTH }),
});
export const SecondFactorEnrolment = Type.Object({
  /** base32 secret, for typing into an app that cannot scan */
  secret: Type.String(),
  otpauthUri: Type.String(),
  /** the URI as a QR code (PNG data URL) */
  qrDataUrl: Type.String(),
});
export const RecoveryCodesResponse = Type.Object({
  /** shown once: only their hashes are kept */
  recoveryCodes: Type.Array(Type.String()),
});
export const ChangePasswordBody = StrictObject({
  currentPassword: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }),
  newPassword: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }),
});

// ---- home
export const HomeSchema = Type.Object({
  title: Type.String(),
  cards: Type.Array(
    Type.Object({ key: Type.String(), label: Type.String(), value: Type.Number(), unit: Type.Optional(Type.String()) }),
  ),
  /** bar chart data, e.g. institutions per city inside the actor's scope */
  chart: Nullable(
    Type.Object({
      title: Type.String(),
      items: Type.Array(Type.Object({ name: Type.String(), value: Type.Number() })),
    }),
  ),
  notices: Type.Array(Type.String()),
  /** what waits for this role (TGT-3: a school's registrations, scores, publicity, report; a region's filings and overdue reports) */
  todos: Type.Optional(
    Type.Array(Type.Object({ key: Type.String(), label: Type.String(), count: Type.Integer(), link: Type.String() })),
  ),
});
export type Home = Static<typeof HomeSchema>;

// ---- reference data
export const RegionSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.Union([Type.Literal('province'), Type.Literal('city'), Type.Literal('county')]),
  parentCode: Nullable(Type.String()),
  gbParentCode: Nullable(Type.String()),
  isDirectCounty: Type.Boolean(),
  childCount: Type.Integer(),
});
export type Region = Static<typeof RegionSchema>;
export const RegionListQuery = StrictObject({
  parent: Type.Optional(
    Type.String({ pattern: REGION_CODE_PATTERN, description: 'list the children of this region; omit for provinces' }),
  ),
  q: Type.Optional(Type.String({ maxLength: 40 })),
});
export const RegionCodeParams = StrictObject({ code: Type.String({ pattern: REGION_CODE_PATTERN }) });
export const RegionPatchBody = StrictObject(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: REGION_NAME_MAX_LENGTH })),
    isDirectCounty: Type.Optional(Type.Boolean()),
  },
  { minProperties: 1 },
);

/** The official working-day calendar of a year: the days that differ from a plain week, and every corrected day. */
export const CalendarQuery = StrictObject({ year: Type.Integer({ minimum: 2000, maximum: YEAR_MAX }) });
export const CalendarSchema = Type.Object({
  year: Type.Integer(),
  /** whether the maintained holiday package already knows this year */
  packageKnowsYear: Type.Boolean(),
  overrides: Type.Integer(),
  days: Type.Array(
    Type.Object({
      date: Type.String(),
      work: Type.Boolean(),
      weekend: Type.Boolean(),
      name: Nullable(Type.String()),
      overridden: Type.Boolean(),
    }),
  ),
});
export type Calendar = Static<typeof CalendarSchema>;
export const CalendarDayParams = StrictObject({ date: IsoDate });
export const CalendarDayBody = StrictObject({
  work: Type.Boolean(),
  name: Type.Optional(Nullable(Type.String({ maxLength: CALENDAR_DAY_NAME_MAX_LENGTH }))),
});
export const CalendarDaySchema = Type.Object({
  date: Type.String(),
  work: Type.Boolean(),
  name: Nullable(Type.String()),
});
export type CalendarDay = Static<typeof CalendarDaySchema>;

export const OccupationSchema = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  edition: Type.String(),
  note: Nullable(Type.String()),
  active: Type.Boolean(),
  /** false: no national standard, a filed evaluation specification is needed (INST-7) */
  hasNationalStandard: Type.Boolean(),
});
export type Occupation = Static<typeof OccupationSchema>;
export const OccupationBody = StrictObject({
  code: Type.String({ pattern: OCCUPATION_CODE_PATTERN }),
  name: Type.String({ minLength: 1, maxLength: OCCUPATION_NAME_MAX_LENGTH }),
  edition: Type.String({ pattern: OCCUPATION_EDITION_PATTERN }),
  note: Type.Optional(Nullable(Type.String({ maxLength: REFERENCE_NOTE_MAX_LENGTH }))),
});
export const OccupationPatchBody = StrictObject(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: OCCUPATION_NAME_MAX_LENGTH })),
    note: Type.Optional(Nullable(Type.String({ maxLength: REFERENCE_NOTE_MAX_LENGTH }))),
    active: Type.Optional(Type.Boolean()),
    /** INST-7: where no national standard exists an institution may use a filed evaluation specification */
    hasNationalStandard: Type.Optional(Type.Boolean()),
  },
  { minProperties: 1 },
);
export const ListQuery = StrictObject({ q: Type.Optional(Type.String({ maxLength: 60 })), ...PageQuery });

export const OnePlusXSchema = Type.Object({
  id: Type.Integer(),
  batch: Type.Integer(),
  name: Type.String(),
  organisation: Type.String(),
  active: Type.Boolean(),
  /** the occupation it is recognised in (CERT-3) */
  mappedOccupationId: Nullable(Type.Integer()),
});
export type OnePlusX = Static<typeof OnePlusXSchema>;
export const OnePlusXBody = StrictObject({
  batch: Type.Integer({ minimum: ONE_PLUS_X_BATCH_MIN, maximum: ONE_PLUS_X_BATCH_MAX }),
  name: Type.String({ minLength: 1, maxLength: ONE_PLUS_X_NAME_MAX_LENGTH }),
  organisation: Type.String({ minLength: 1, maxLength: ORGANISATION_NAME_MAX_LENGTH }),
});
export const OnePlusXPatchBody = StrictObject(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: ONE_PLUS_X_NAME_MAX_LENGTH })),
    organisation: Type.Optional(Type.String({ minLength: 1, maxLength: ORGANISATION_NAME_MAX_LENGTH })),
    active: Type.Optional(Type.Boolean()),
    mappedOccupationId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  },
  { minProperties: 1 },
);
export const LevelSchema = Type.Object({
  digit: Type.Integer(),
  name: Type.String(),
  title: Type.String(),
  nameEn: Type.String(),
  highSkill: Type.Boolean(),
});
export type Level = Static<typeof LevelSchema>;

// ---- institutions (the foundation keeps a minimal registry; the filing workflow extends it)
export const InstitutionSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  kind: Type.String(),
  schoolType: Nullable(Type.String()),
  owner: Type.Union([Type.Literal('province'), Type.Literal('local')]),
  regionCode: Type.String(),
  regionName: Type.String(),
  /** where it is, as people name it: a district with its city (郑州市 金水区), a city alone */
  place: Type.String(),
  createdAt: Type.String(),
  filingNo: Nullable(Type.String()),
  status: Type.String(),
  statusLabel: Type.String(),
  filedAt: Nullable(Type.String()),
  validUntil: Nullable(Type.String()),
  /** none | valid | expiring (within 90 days) | expired */
  validity: Type.String(),
  daysLeft: Nullable(Type.Integer()),
  rectificationDeadline: Nullable(Type.String()),
  creditCode: Nullable(Type.String()),
  contactName: Nullable(Type.String()),
  contactPhone: Nullable(Type.String()),
  address: Nullable(Type.String()),
});
export type Institution = Static<typeof InstitutionSchema>;

// ---- accounts
export const AccountSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  roleLabel: Type.String(),
  regionCode: Nullable(Type.String()),
  institutionId: Nullable(Type.Integer()),
  scopeLabel: Type.String(),
  status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
  lockedUntil: Nullable(Type.String()),
  lastLoginAt: Nullable(Type.String()),
  createdAt: Type.String(),
  /** a demo-data account (public password): signs in only in demo mode */
  isDemo: Type.Boolean(),
  /** a second factor (动态口令) is bound */
  secondFactor: Type.Boolean(),
});
export type Account = Static<typeof AccountSchema>;
export const AccountListQuery = StrictObject({
  q: Type.Optional(Type.String({ maxLength: 60 })),
  role: Type.Optional(RoleSchema),
  ...PageQuery,
});
export const AccountCreateBody = StrictObject({
  username: Type.String({ pattern: USERNAME_PATTERN }),
  displayName: Type.String({ minLength: 1, maxLength: PERSON_NAME_MAX_LENGTH }),
  role: RoleSchema,
  regionCode: Type.Optional(Type.String({ pattern: REGION_CODE_PATTERN })),
  institutionId: Type.Optional(Type.Integer({ minimum: 1 })),
  password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }),
});
export const AccountPatchBody = StrictObject(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: PERSON_NAME_MAX_LENGTH })),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])),
  },
  { minProperties: 1 },
);
export const ResetPasswordBody = StrictObject({
  newPassword: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }),
});

// ---- audit
export const AuditRecordSchema = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  actorId: Nullable(Type.Integer()),
  /** the actor's username at the time */
  actorName: Nullable(Type.String()),
  /** the actor's name, as people know them (王建国), when the account exists */
  actorDisplayName: Nullable(Type.String()),
  actorRole: Nullable(Type.String()),
  actorScope: Nullable(Type.String()),
  ip: Nullable(Type.String()),
  action: Type.String(),
  objectType: Nullable(Type.String()),
  objectId: Nullable(Type.String()),
  /** what the object is called (an account's name, an institution, a certificate number…), when known */
  objectLabel: Nullable(Type.String()),
  outcome: Type.Union([Type.Literal('success'), Type.Literal('failure'), Type.Literal('denied')]),
  requestId: Nullable(Type.String()),
  before: Type.Unknown(),
  after: Type.Unknown(),
  detail: Nullable(Type.String()),
  hash: Type.String(),
});
export type AuditRecord = Static<typeof AuditRecordSchema>;
export const AuditQuery = StrictObject({
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  actor: Type.Optional(Type.String({ maxLength: 64 })),
  action: Type.Optional(Type.String({ maxLength: 64 })),
  outcome: Type.Optional(Type.Union([Type.Literal('success'), Type.Literal('failure'), Type.Literal('denied')])),
  objectType: Type.Optional(Type.String({ maxLength: 40 })),
  ...PageQuery,
});
export const AuditVerifySchema = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Integer(),
  firstBroken: Nullable(Type.Object({ id: Type.Integer(), reason: Type.String() })),
  /** the newest signed checkpoint of the chain head the chain was held to */
  checkpoint: Nullable(Type.Object({ auditId: Type.Integer(), count: Type.Integer(), at: Type.String() })),
  /** records a checkpoint proves existed and the chain no longer holds; `ids` when they are contiguous */
  missing: Nullable(
    Type.Object({
      fromId: Type.Integer(),
      toId: Type.Integer(),
      count: Type.Integer(),
      ids: Nullable(Type.Array(Type.Integer())),
    }),
  ),
  warnings: Type.Array(Type.String()),
});
export type AuditVerify = Static<typeof AuditVerifySchema>;
