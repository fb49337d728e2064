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
  /** absent when the certificate names no work type (工种) */
  workType: Type.Optional(Type.String()),
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

/**
 * A proof-of-work challenge (altcha v2, self-hosted: the platform signs it with its own HMAC key),
 * asked of a client past its free look-ups by ID number + name. The client finds the counter whose
 * derived key starts with `keyPrefix`, then repeats the query with `altcha` =
 * base64(JSON `{ challenge, solution: { counter, derivedKey } }`). Parameters are passed back as
 * they came: the signature covers all of them.
 */
export const VerifyChallengeSchema = Type.Object({
  parameters: Type.Object(
    {
      algorithm: Type.String({ description: '如 PBKDF2/SHA-256' }),
      nonce: Type.String(),
      salt: Type.String(),
      cost: Type.Integer({ description: '每次尝试的迭代次数' }),
      keyLength: Type.Integer(),
      keyPrefix: Type.String(),
      keySignature: Type.Optional(Type.String()),
      expiresAt: Type.Optional(Type.Integer({ description: '过期时间（Unix 秒）' })),
    },
    { additionalProperties: true },
  ),
  signature: Type.String(),
});

/** 428 CHALLENGE_REQUIRED / 403 CHALLENGE_INVALID: the usual error, and a fresh challenge to solve. */
export const ChallengeRequiredSchema = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    requestId: Type.Optional(Type.String()),
  }),
  challenge: VerifyChallengeSchema,
});

export type VerifyChallenge = Static<typeof VerifyChallengeSchema>;
export type ChallengeRequired = Static<typeof ChallengeRequiredSchema>;
