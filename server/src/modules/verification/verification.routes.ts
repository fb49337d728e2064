import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorSchema } from '../../../../contract/api.js';
import {
  ChallengeRequiredSchema,
  VerifyChallengeSchema,
  VerifyResponseSchema,
  type VerifyResponse,
} from '../../../../contract/api-verification.js';
import { VerifyQuery as VerifyQuerySchema } from '../../../../contract/api-certificates.js';
import { AppError } from '../../lib/errors.js';
import { limitPublicQuery, verifyAnswerJson, verifyCertificate, type VerifyQuery } from './verification.service.js';
import { newChallenge } from './challenge.js';

export async function verificationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/api/public/verify', {
    config: { access: { public: 'anyone may verify a certificate (rate-limited, masked)' } },
    schema: {
      tags: ['public'],
      summary: '证书核验：证书编号+姓名，或证件号码+姓名，或二维码中的证书编号+核验码',
      security: [],
      querystring: VerifyQuerySchema,
      description:
        '证件号码+姓名：每个客户端每个时间窗内有少量免验证查询（VERIFY_FREE_ID_LOOKUPS 次 / VERIFY_FREE_ID_WINDOW_MINUTES 分钟），' +
        '超出后答复 428 CHALLENGE_REQUIRED 并附带一个工作量证明挑战；解出后以 altcha 参数重发（每个解只能用一次，' +
        '错误、过期或重复使用答复 403 CHALLENGE_INVALID 并附带新的挑战）。证书编号的查询不受影响。',
      response: {
        200: VerifyResponseSchema,
        403: ChallengeRequiredSchema,
        428: ChallengeRequiredSchema,
        '4xx': ErrorSchema,
      },
    },
    handler: async (req, reply) => {
      const { number, idNumber, name, code, altcha } = req.query;
      let q: VerifyQuery;
      if (number && code && !name && !idNumber) q = { number: number.toUpperCase(), code };
      else if (number && name && !idNumber && !code) q = { number: number.trim().toUpperCase(), name };
      else if (idNumber && name && !number && !code) q = { idNumber, name, altcha };
      else
        throw new AppError(
          'VALIDATION_FAILED',
          '请提供 证书编号+姓名，或 证件号码+姓名（扫码核验时为证书编号+核验码）',
          { details: [{ field: 'querystring', message: '查询条件组合不正确' }] },
        );
      const pending = verifyCertificate(app.deps, req.ip ?? 'unknown', q);
      const answer = pending instanceof Promise ? await pending : pending;
      // serialised by hand on this hot path (see verifyAnswerJson); the schema above still documents it
      reply.type('application/json; charset=utf-8');
      return verifyAnswerJson(answer) as unknown as VerifyResponse;
    },
  });
  app.get('/api/public/verify/challenge', {
    config: { access: { public: 'anyone may fetch a proof-of-work challenge for a look-up by ID number + name' } },
    schema: {
      tags: ['public'],
      summary: '获取一个安全验证（工作量证明）挑战，供证件号码+姓名查询使用',
      security: [],
      response: { 200: VerifyChallengeSchema, '4xx': ErrorSchema },
    },
    handler: async (req) => {
      // each challenge costs the server one key derivation: counted with the client's look-ups
      limitPublicQuery(app.deps, `verify:c:${req.ip ?? 'unknown'}`);
      return newChallenge(app.deps);
    },
  });
}
