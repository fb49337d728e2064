import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorSchema } from '../../../../contract/api.js';
import { VerifyResponseSchema, type VerifyResponse } from '../../../../contract/api-verification.js';
import { VerifyQuery as VerifyQuerySchema } from '../../../../contract/api-certificates.js';
import { AppError } from '../../lib/errors.js';
import { verifyAnswerJson, verifyCertificate, type VerifyQuery } from './verification.service.js';

export async function verificationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/api/public/verify', {
    config: { access: { public: 'anyone may verify a certificate (rate-limited, masked)' } },
    schema: {
      tags: ['public'],
      summary: '证书核验：证书编号+姓名，或证件号码+姓名，或二维码中的证书编号+核验码',
      security: [],
      querystring: VerifyQuerySchema,
      response: { 200: VerifyResponseSchema, '4xx': ErrorSchema },
    },
    handler: async (req, reply) => {
      const { number, idNumber, name, code } = req.query;
      let q: VerifyQuery;
      if (number && code && !name && !idNumber) q = { number: number.toUpperCase(), code };
      else if (number && name && !idNumber && !code) q = { number: number.trim().toUpperCase(), name };
      else if (idNumber && name && !number && !code) q = { idNumber, name };
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
}
