/**
 * Schemas of the certificate API (证书, CERT-7, CERT-9, CERT-11, CERT-12), the public verification
 * query (its answer is in api-verification.ts) and the digital credentials (Open Badges 3.0 / W3C VC).
 * The server validates and serialises with them; the web and the verification page take their types
 * from them.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Enum, ExportPurposeQuery, IsoDate, LevelDigitSchema, Nullable, PageQuery, StrictObject } from './api.js';
import * as L from './limits.js';

export const CertificateStatusSchema = Enum(['valid', 'suspended', 'revoked'] as const);
export type CertificateStatus = Static<typeof CertificateStatusSchema>;
/** How a certificate was obtained: exam (CERT-2), 1+X recognition (CERT-3), process-based (CERT-4), competition (CERT-5), enterprise (CERT-6). */
export const PathwaySchema = Enum(['exam', 'recognition', 'process', 'competition', 'enterprise'] as const);
export type Pathway = Static<typeof PathwaySchema>;

// ---------------------------------------------------------------- certificates
export const CertificateSchema = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  holderName: Type.String(),
  holderIdType: Type.String(),
  holderIdNumber: Type.String({
    description: '脱敏证件号（如 410***********1234）；完整号码须经 POST /api/certificates/:id/reveal-id 写明理由查看',
  }),
  institutionId: Type.Integer(),
  institutionName: Type.String(),
  filingNo: Type.String(),
  occupationCode: Type.String(),
  occupationName: Type.String(),
  workType: Nullable(Type.String()),
  level: Type.Integer(),
  levelLabel: Type.String(),
  pathway: PathwaySchema,
  issuedOn: Type.String(),
  status: CertificateStatusSchema,
});
export type Certificate = Static<typeof CertificateSchema>;
export const CertificateEventSchema = Type.Object({
  type: Type.String({ description: 'issued | suspended | reinstated | revoked | corrected' }),
  reason: Nullable(Type.String()),
  statusBefore: Nullable(Type.String()),
  statusAfter: Nullable(Type.String()),
  actorName: Nullable(Type.String()),
  at: Type.String(),
});
export type CertificateEvent = Static<typeof CertificateEventSchema>;
export const CertificateDetailSchema = Type.Composite([
  CertificateSchema,
  Type.Object({ history: Type.Array(CertificateEventSchema) }),
]);
export type CertificateDetail = Static<typeof CertificateDetailSchema>;
const CertificateFilterFields = {
  q: Type.Optional(Type.String({ maxLength: L.CERTIFICATE_NUMBER_MAX_LENGTH, description: '证书编号或姓名' })),
  status: Type.Optional(CertificateStatusSchema),
  institutionId: Type.Optional(Type.Integer({ minimum: 1 })),
  occupationId: Type.Optional(Type.Integer({ minimum: 1 })),
  level: Type.Optional(LevelDigitSchema),
};
export const CertificateQuery = StrictObject({ ...CertificateFilterFields, ...PageQuery });
export const CertificateFilterSchema = StrictObject(CertificateFilterFields);
export type CertificateFilter = Static<typeof CertificateFilterSchema>;
export const CertificateBatchQuery = StrictObject({
  planId: Type.Optional(Type.Integer({ minimum: 1 })),
  issuedFrom: Type.Optional(IsoDate),
  issuedTo: Type.Optional(IsoDate),
});
export type CertificateBatchQuery = Static<typeof CertificateBatchQuery>;
/** CERT-12: suspend, reinstate or revoke, with a reason. */
export const CertificateStatusBody = StrictObject({
  action: Enum(['suspend', 'reinstate', 'revoke'] as const),
  reason: Type.String({ minLength: L.REASON_MIN_LENGTH, maxLength: L.REASON_MAX_LENGTH }),
});
export const CertificateStatusResultSchema = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  status: CertificateStatusSchema,
});
export type CertificateStatusResult = Static<typeof CertificateStatusResultSchema>;
/** CERT-11: a correction is a new version with its reason. */
export const CertificateCorrectionBody = StrictObject({
  holderName: Type.Optional(Type.String({ minLength: 1, maxLength: L.PERSON_NAME_MAX_LENGTH })),
  workType: Type.Optional(Nullable(Type.String({ maxLength: L.WORK_TYPE_MAX_LENGTH }))),
  reason: Type.String({ minLength: L.REASON_MIN_LENGTH, maxLength: L.SHORT_REASON_MAX_LENGTH }),
});
export type CertificateCorrectionBody = Static<typeof CertificateCorrectionBody>;
/** What a correction left on the certificate. */
export const CertificateCorrectedSchema = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  holderName: Type.String(),
  workType: Nullable(Type.String()),
});
export type CertificateCorrected = Static<typeof CertificateCorrectedSchema>;

// ---------------------------------------------------------------- graduates' coverage (CERT-9)
export const CoverageQuery = StrictObject({
  graduationYear: Type.Integer({ minimum: L.COVERAGE_YEAR_MIN, maximum: L.YEAR_MAX }),
  schoolId: Type.Optional(Type.Integer({ minimum: 1 })),
});
export type CoverageQuery = Static<typeof CoverageQuery>;
/** The export: masked ID numbers, or full ones with a recorded purpose. */
export const CoverageExportQuery = StrictObject({ ...CoverageQuery.properties, ...ExportPurposeQuery });
export const CoverageSchema = Type.Object({
  graduationYear: Type.Integer(),
  schools: Type.Array(
    Type.Object({
      schoolId: Type.Integer(),
      schoolName: Type.String(),
      total: Type.Integer(),
      certified: Type.Integer(),
      uncertified: Type.Integer(),
      rate: Type.Number({ description: 'percent, one decimal' }),
      fromRoster: Type.Boolean({
        description: 'true: 毕业生为学校导入的毕业生名册；false: 名册未导入，按已登记的毕业年份统计',
      }),
    }),
  ),
  uncertified: Type.Array(
    Type.Object({
      learnerId: Type.Integer(),
      name: Type.String(),
      idNumber: Type.String({ description: '脱敏证件号；完整号码须经 POST /api/graduates/:id/reveal-id 写明理由查看' }),
      major: Nullable(Type.String()),
      schoolName: Type.String(),
    }),
  ),
});
export type Coverage = Static<typeof CoverageSchema>;

// ---------------------------------------------------------------- public verification (证书核验)
/** GET /api/public/verify: number + name, ID number + name, or the QR link's number + code. The answer: api-verification.ts. */
export const VerifyQuery = StrictObject({
  number: Type.Optional(Type.String({ maxLength: L.CERTIFICATE_NUMBER_MAX_LENGTH, description: '22 位证书编号' })),
  idNumber: Type.Optional(Type.String({ maxLength: L.ID_NUMBER_MAX_LENGTH, description: '证件号码' })),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: L.PERSON_NAME_MAX_LENGTH })),
  code: Type.Optional(
    Type.String({
      minLength: L.VERIFY_CODE_MIN_LENGTH,
      maxLength: L.VERIFY_CODE_MAX_LENGTH,
      description: '证书二维码中的核验码',
    }),
  ),
  altcha: Type.Optional(
    Type.String({
      maxLength: L.VERIFY_CHALLENGE_PAYLOAD_MAX_LENGTH,
      description:
        '证件号码+姓名查询超过免验证次数后需附带：已解出的安全验证（工作量证明），为 { challenge, solution } 的 JSON 经 base64 编码；每个只能使用一次',
    }),
  ),
});

// ---------------------------------------------------------------- digital credentials
/**
 * A signed JSON-LD document: an Open Badges 3.0 credential, a Bitstring Status List credential or
 * the issuer's DID document. Left open on purpose: its members are set by the W3C VC, Open Badges
 * and DID specifications and by the signing suite, and a signed document must leave the server
 * with every member it was signed with (a closed schema here would drop the ones it does not name).
 */
export const JsonLdDocumentSchema = Type.Record(Type.String(), Type.Unknown(), {
  description: 'JSON-LD (W3C VC 2.0 / Open Badges 3.0 / DID Core), passed through as signed',
});
export const StatusListParams = StrictObject({
  listId: Type.Integer({ minimum: 0 }),
  purpose: Type.Union([Type.Literal('message'), Type.Literal('revocation'), Type.Literal('suspension')], {
    description:
      'message：现行凭证的状态列表（每张证书 2 位：有效/暂停/撤销）；revocation、suspension：此前签发的凭证所引用的列表',
  }),
});
export const CredentialVerifyBody = StrictObject({ credential: Type.Record(Type.String(), Type.Unknown()) });
export const CredentialCheckSchema = Type.Object({
  key: Type.String({ description: 'proof | key_valid | issuer | not_revoked | not_suspended | in_validity' }),
  label: Type.String(),
  passed: Type.Boolean(),
  reason: Nullable(Type.String()),
});
export type CredentialCheck = Static<typeof CredentialCheckSchema>;
/** POST /api/public/verify-credential */
export const CredentialVerificationSchema = Type.Object({
  verified: Type.Boolean(),
  checks: Type.Array(CredentialCheckSchema),
  achievement: Nullable(Type.String()),
  id: Nullable(Type.String()),
});
export type CredentialVerification = Static<typeof CredentialVerificationSchema>;
