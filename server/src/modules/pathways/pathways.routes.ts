import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorSchema, Nullable } from '../../../../contract/api.js';
import { Enum } from '../../../../contract/api-institutions.js';
import * as svc from './pathways.service.js';

const Any = Type.Unknown();
const tags = ['pathways'];
const ok = { 200: Any, '4xx': ErrorSchema };
const created = { 201: Any, '4xx': ErrorSchema };
const Identity = {
  name: Type.String({ minLength: 1, maxLength: 40 }),
  idType: Type.Optional(Enum(['resident_id', 'passport', 'hk_macao', 'taiwan'] as const)),
  idNumber: Type.String({ minLength: 5, maxLength: 30 }),
  birthDate: Type.Optional(Nullable(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }))),
  studentType: Type.Optional(
    Nullable(Enum(['undergraduate', 'junior_college', 'secondary_vocational', 'technical'] as const)),
  ),
  graduationYear: Type.Optional(Nullable(Type.Integer({ minimum: 1950, maximum: 2100 }))),
  inSchool: Type.Optional(Type.Boolean()),
};
const Strict = <T extends Parameters<typeof Type.Object>[0]>(p: T) => Type.Object(p, { additionalProperties: false });
const Id = Strict({ id: Type.Integer({ minimum: 1 }) });
const admin = { access: { action: 'pathway.manage' as const } };

export async function pathwayRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const d = app.deps;
  app.get('/api/pathways', {
    config: admin,
    schema: { tags, summary: '本机构各途径取证记录', response: ok },
    handler: async (req) => svc.listPathwayRecords(d, req.ctx),
  });
  app.post('/api/pathways/one-plus-x/holdings', {
    config: admin,
    schema: {
      tags,
      summary: '导入学员持有的 1+X 证书（单独计数，CERT-8）',
      body: Strict({
        ...Identity,
        certificateId: Type.Integer({ minimum: 1 }),
        xLevel: Enum(['junior', 'intermediate', 'senior'] as const),
        number: Type.String({ minLength: 4, maxLength: 40 }),
        issuedOn: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
      }),
      response: created,
    },
    handler: async (req, reply) => reply.status(201).send(await svc.importHolding(d, req.ctx, req.body)),
  });
  app.post('/api/pathways/recognition', {
    config: admin,
    schema: {
      tags,
      summary: '1+X 直接认定（高级、中级→三级；初级→四级，CERT-3）',
      body: Strict({ holdingId: Type.Integer({ minimum: 1 }) }),
      response: created,
    },
    handler: async (req, reply) => reply.status(201).send(await svc.recognize(d, req.ctx, req.body.holdingId)),
  });
  app.post('/api/pathways/process', {
    config: admin,
    schema: {
      tags,
      summary: '过程化考核取证（课证融通，CERT-4）',
      body: Strict({
        ...Identity,
        occupationId: Type.Integer({ minimum: 1 }),
        courses: Type.Array(
          Strict({
            name: Type.String({ minLength: 1, maxLength: 60 }),
            score: Type.Number({ minimum: 0, maximum: 100 }),
            passed: Type.Boolean(),
          }),
          { minItems: 1, maxItems: 30 },
        ),
        skillAssessment: Strict({ score: Type.Number({ minimum: 0, maximum: 100 }), passed: Type.Boolean() }),
      }),
      response: created,
    },
    handler: async (req, reply) => reply.status(201).send(await svc.processBased(d, req.ctx, req.body)),
  });
  app.get('/api/competitions', {
    config: admin,
    schema: { tags, summary: '本机构竞赛', response: ok },
    handler: async (req) => svc.listCompetitions(d, req.ctx),
  });
  app.post('/api/competitions', {
    config: admin,
    schema: {
      tags,
      summary: '登记竞赛及取证规则（CERT-5）',
      body: Strict({
        name: Type.String({ minLength: 2, maxLength: 120 }),
        tier: Enum(['national', 'province', 'city_first', 'city', 'school'] as const),
        year: Type.Integer({ minimum: 2020, maximum: 2100 }),
        occupationId: Type.Integer({ minimum: 1 }),
        participants: Type.Integer({ minimum: 1, maximum: 100000 }),
        rules: Type.Array(
          Strict({
            maxRank: Type.Optional(Type.Integer({ minimum: 1 })),
            topPercent: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
            level: Type.Integer({ minimum: 1, maximum: 5 }),
          }),
          { minItems: 1, maxItems: 10 },
        ),
      }),
      response: created,
    },
    handler: async (req, reply) => reply.status(201).send(await svc.createCompetition(d, req.ctx, req.body)),
  });
  app.post('/api/competitions/:id/awards', {
    config: admin,
    schema: {
      tags,
      summary: '按名次认定等级并发证（每人每年晋升一次）',
      params: Id,
      body: Strict({ ...Identity, rank: Type.Integer({ minimum: 1 }) }),
      response: created,
    },
    handler: async (req, reply) =>
      reply.status(201).send(await svc.awardCompetition(d, req.ctx, req.params.id, req.body)),
  });
  app.get('/api/partnerships', {
    config: admin,
    schema: { tags, summary: '本机构的企校合作协议', response: ok },
    handler: async (req) => svc.listPartnerships(d, req.ctx),
  });
  app.post('/api/partnerships', {
    config: admin,
    schema: {
      tags,
      summary: '企业登记与院校的合作协议（CERT-6）',
      body: Strict({
        schoolId: Type.Integer({ minimum: 1 }),
        agreement: Type.String({ minLength: 2, maxLength: 200 }),
        validFrom: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
        validUntil: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
      }),
      response: created,
    },
    handler: async (req, reply) => reply.status(201).send(await svc.createPartnership(d, req.ctx, req.body)),
  });
  app.post('/api/pathways/enterprise', {
    config: admin,
    schema: {
      tags,
      summary: '企业为合作院校学生评价发证（CERT-6）',
      body: Strict({
        ...Identity,
        schoolId: Type.Integer({ minimum: 1 }),
        occupationId: Type.Integer({ minimum: 1 }),
        level: Type.Integer({ minimum: 1, maximum: 5 }),
        theory: Type.Number({ minimum: 0, maximum: 100 }),
        practical: Type.Number({ minimum: 0, maximum: 100 }),
      }),
      response: created,
    },
    handler: async (req, reply) => reply.status(201).send(await svc.enterpriseEvaluation(d, req.ctx, req.body)),
  });
}
