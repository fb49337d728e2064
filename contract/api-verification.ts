/** The public certificate verification answer (证书核验), one schema for the server's route and service and the web page. */
import { Type, type Static } from '@sinclair/typebox';
import { Nullable } from './api.js';

/** One named check of the answer's log, with its zh/en label and, when it failed, the reason. */
export const VerifyCheckSchema = Type.Object({
  key: Type.String(),
  label: Type.String(),
  labelEn: Type.String(),
  passed: Type.Boolean(),
  reason: Nullable(Type.String()),
});

/** What the public sees of a certificate: masked name and ID number; with ID number + name, each one's own verdict. */
export const MaskedCertificateSchema = Type.Object({
  number: Type.String(),
  holderName: Type.String({ description: '脱敏姓名，如 张*' }),
  holderIdNumber: Type.String({ description: '脱敏证件号，如 410***********1234' }),
  occupation: Type.String(),
  workType: Type.String(),
  level: Type.Integer(),
  levelLabel: Type.String(),
  institutionName: Type.String(),
  filingNo: Type.String(),
  issuedOn: Type.String(),
  status: Type.String(),
  statusLabel: Type.String(),
  result: Type.Optional(Type.String()),
  checks: Type.Optional(Type.Array(VerifyCheckSchema)),
});

export const VerifyResultSchema = Type.Union([
  Type.Literal('valid'),
  Type.Literal('revoked'),
  Type.Literal('suspended'),
  Type.Literal('invalid'),
  Type.Literal('not_found'),
]);

export const VerifyResponseSchema = Type.Object({
  result: VerifyResultSchema,
  checks: Type.Array(VerifyCheckSchema),
  certificate: Nullable(MaskedCertificateSchema),
  certificates: Type.Array(MaskedCertificateSchema),
});

export type VerifyCheck = Static<typeof VerifyCheckSchema>;
export type MaskedCertificate = Static<typeof MaskedCertificateSchema>;
export type VerifyResult = Static<typeof VerifyResultSchema>;
export type VerifyResponse = Static<typeof VerifyResponseSchema>;
