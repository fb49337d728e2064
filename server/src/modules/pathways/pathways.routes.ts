import { Type, type TSchema } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorSchema, IdParams } from '../../../../contract/api.js';
import {
  AwardBody,
  CompetitionBody,
  CompetitionCreatedSchema,
  CompetitionSchema,
  EnterpriseBody,
  HoldingBody,
  HoldingSchema,
  PartnershipBody,
  PartnershipSavedSchema,
  PartnershipSchema,
  PathwayIssuedSchema,
  PathwayRecordSchema,
  ProcessBody,
  RecognitionBody,
} from '../../../../contract/api-pathways.js';
import * as competitions from './competitions.service.js';
import * as enterprise from './enterprise.service.js';
import { listPathwayRecords } from './pathways.service.js';
import { processBased } from './process.service.js';
import * as recognition from './recognition.service.js';

const tags = ['pathways'];
const ok = <T extends TSchema>(schema: T) => ({ 200: schema, '4xx': ErrorSchema });
const created = <T extends TSchema>(schema: T) => ({ 201: schema, '4xx': ErrorSchema });
const Id = IdParams;
const admin = { access: { action: 'pathway.manage' as const } };

export async function pathwayRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const d = app.deps;
  app.get('/api/pathways', {
    config: admin,
    schema: { tags, summary: '本机构各途径取证记录', response: ok(Type.Array(PathwayRecordSchema)) },
    handler: async (req) => listPathwayRecords(d, req.ctx),
  });
  app.post('/api/pathways/one-plus-x/holdings', {
    config: admin,
    schema: {
      tags,
      summary: '导入学员持有的 1+X 证书（单独计数，CERT-8）',
      body: HoldingBody,
      response: created(HoldingSchema),
    },
    handler: async (req, reply) => reply.status(201).send(await recognition.importHolding(d, req.ctx, req.body)),
  });
  app.post('/api/pathways/recognition', {
    config: admin,
    schema: {
      tags,
      summary: '1+X 直接认定（高级、中级→三级；初级→四级，CERT-3）',
      body: RecognitionBody,
      response: created(PathwayIssuedSchema),
    },
    handler: async (req, reply) => reply.status(201).send(await recognition.recognize(d, req.ctx, req.body.holdingId)),
  });
  app.post('/api/pathways/process', {
    config: admin,
    schema: {
      tags,
      summary: '过程化考核取证（课证融通，CERT-4）',
      body: ProcessBody,
      response: created(PathwayIssuedSchema),
    },
    handler: async (req, reply) => reply.status(201).send(await processBased(d, req.ctx, req.body)),
  });
  app.get('/api/competitions', {
    config: admin,
    schema: { tags, summary: '本机构竞赛', response: ok(Type.Array(CompetitionSchema)) },
    handler: async (req) => competitions.listCompetitions(d, req.ctx),
  });
  app.post('/api/competitions', {
    config: admin,
    schema: {
      tags,
      summary: '登记竞赛及取证规则（CERT-5）',
      body: CompetitionBody,
      response: created(CompetitionCreatedSchema),
    },
    handler: async (req, reply) => reply.status(201).send(await competitions.createCompetition(d, req.ctx, req.body)),
  });
  app.post('/api/competitions/:id/awards', {
    config: admin,
    schema: {
      tags,
      summary: '按名次认定等级并发证（每人每年晋升一次）',
      params: Id,
      body: AwardBody,
      response: created(PathwayIssuedSchema),
    },
    handler: async (req, reply) =>
      reply.status(201).send(await competitions.awardCompetition(d, req.ctx, req.params.id, req.body)),
  });
  app.get('/api/partnerships', {
    config: admin,
    schema: { tags, summary: '本机构的企校合作协议', response: ok(Type.Array(PartnershipSchema)) },
    handler: async (req) => enterprise.listPartnerships(d, req.ctx),
  });
  app.post('/api/partnerships', {
    config: admin,
    schema: {
      tags,
      summary: '企业登记与院校的合作协议（CERT-6）',
      body: PartnershipBody,
      response: created(PartnershipSavedSchema),
    },
    handler: async (req, reply) => reply.status(201).send(await enterprise.createPartnership(d, req.ctx, req.body)),
  });
  app.post('/api/pathways/enterprise', {
    config: admin,
    schema: {
      tags,
      summary: '企业为合作院校学生评价发证（CERT-6）',
      body: EnterpriseBody,
      response: created(PathwayIssuedSchema),
    },
    handler: async (req, reply) => reply.status(201).send(await enterprise.enterpriseEvaluation(d, req.ctx, req.body)),
  });
}
