/**
 * Certificates issued outside the platform's skill-level chain that training claims (TRAIN-9) and
 * coverage (CERT-9) count: 国家职业资格证书 (levels 1–5), 专项职业能力证书 and 特种作业操作证 (no
 * level). Recorded by the HRSS department holding the record; ID numbers masked in every answer.
 */
import { Type, type Static } from '@sinclair/typebox';
import { IdTypeSchema } from './api-assessment.js';
import { Enum, IsoDate, Nullable, PageQuery, StrictObject } from './api.js';
import * as L from './limits.js';
import { OTHER_CERTIFICATES } from './training.js';

export const OtherCertificateKindSchema = Enum(OTHER_CERTIFICATES);
export const OtherCertificateStatusSchema = Enum(['valid', 'revoked'] as const);

export const OtherCertificateRecordSchema = Type.Object({
  id: Type.Integer(),
  kind: OtherCertificateKindSchema,
  learnerId: Type.Integer(),
  holderName: Type.String(),
  holderIdType: Type.String(),
  holderIdNumber: Type.String({ description: '脱敏证件号（如 410***********1234）' }),
  occupationId: Type.Integer(),
  occupationCode: Type.String(),
  occupationName: Type.String(),
  item: Nullable(Type.String()),
  level: Nullable(Type.Integer({ description: '国家职业资格证书 1–5；专项职业能力证书、特种作业操作证不分等级' })),
  number: Type.String(),
  issuedOn: Type.String({ description: '发证日期（中国标准时间）' }),
  issuingBody: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  status: OtherCertificateStatusSchema,
  revokedOn: Nullable(Type.String()),
  revokeReason: Nullable(Type.String()),
  recordedByName: Nullable(Type.String()),
  createdAt: Type.String(),
});
export type OtherCertificateRecord = Static<typeof OtherCertificateRecordSchema>;

export const OtherCertificateQuery = StrictObject({
  kind: Type.Optional(OtherCertificateKindSchema),
  status: Type.Optional(OtherCertificateStatusSchema),
  learnerId: Type.Optional(Type.Integer({ minimum: 1 })),
  q: Type.Optional(Type.String({ maxLength: 60, description: '证书编号或姓名' })),
  ...PageQuery,
});
export type OtherCertificateQuery = Static<typeof OtherCertificateQuery>;

export const OtherCertificateBody = StrictObject({
  kind: OtherCertificateKindSchema,
  name: Type.String({ minLength: 1, maxLength: 40 }),
  idType: Type.Optional(IdTypeSchema),
  idNumber: Type.String({ minLength: 1, maxLength: 30 }),
  occupationId: Type.Integer({ minimum: 1 }),
  item: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  level: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 5 }))),
  number: Type.String({ minLength: 1, maxLength: 60 }),
  issuedOn: IsoDate,
  issuingBody: Type.String({ minLength: 1, maxLength: 100 }),
});
export type OtherCertificateBody = Static<typeof OtherCertificateBody>;

export const OtherCertificateRevokeBody = StrictObject({
  reason: Type.String({ minLength: L.REASON_MIN_LENGTH, maxLength: L.REASON_MAX_LENGTH }),
});
export type OtherCertificateRevokeBody = Static<typeof OtherCertificateRevokeBody>;

/** An Excel import's answer (the job's `result`): how many were recorded, and notes (the example row skipped). */
export const OtherCertificateImportResultSchema = Type.Object({
  imported: Type.Integer(),
  notes: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
});
export type OtherCertificateImportResult = Static<typeof OtherCertificateImportResultSchema>;
