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
  HoldingFields,
  HoldingSchema,
  PartnershipBody,
  PartnershipSchema,
  PartnershipStepBody,
  PathwayIssuedSchema,
  PathwayRecordSchema,
  ProcessBody,
  RecognitionBody,
} from '../../../../contract/api-pathways.js';
import { readUpload, uploadFields } from '../../lib/upload.js';
import * as competitions from './competitions.service.js';
import * as enterprise from './enterprise.service.js';
import * as partnerships from './partnerships.service.js';
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
  app.get('/api/pathways/one-plus-x/holdings', {
    config: admin,
    schema: { tags, summary: '本校登记的学生 1+X 证书（CERT-3）', response: ok(Type.Array(HoldingSchema)) },
    handler: async (req) => recognition.listHoldings(d, req.ctx),
  });
  app.post('/api/pathways/one-plus-x/holdings', {
    config: admin,
    schema: {
      tags,
      summary:
        '登记本校学生持有的 1+X 证书（multipart：证书、等级、编号、发证日期、学生身份，file 为证书扫描件 PDF/PNG/JPEG；单独计数，CERT-8）',
      consumes: ['multipart/form-data'],
      response: created(HoldingSchema),
    },
    handler: async (req, reply) => {
      const file = await readUpload(req, '1+X 证书扫描件');
      const fields = uploadFields(req, file, HoldingFields);
      return reply.status(201).send(await recognition.recordHolding(d, req.ctx, fields, file));
    },
  });
  app.get('/api/pathways/one-plus-x/holdings/:id/evidence', {
    config: admin,
    schema: {
      tags,
      summary: '下载 1+X 证书扫描件',
      params: Id,
      response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), '4xx': ErrorSchema },
    },
    handler: async (req, reply) => {
      const f = await recognition.holdingEvidence(d, req.ctx, req.params.id);
      return reply
        .header('content-type', f.mime)
        .header(
          'content-disposition',
          `attachment; filename="holding-${req.params.id}"; filename*=UTF-8''${encodeURIComponent(f.fileName)}`,
        )
        .send(f.content);
    },
  });
  app.post('/api/pathways/recognition', {
    config: admin,
    schema: {
      tags,
      summary: '以登记的 1+X 证书直接认定（对应职业；高级、中级→三级，初级→四级；每份证书一次，CERT-3）',
      body: RecognitionBody,
      response: created(PathwayIssuedSchema),
    },
    handler: async (req, reply) => reply.status(201).send(await recognition.recognize(d, req.ctx, req.body)),
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
    config: { access: { action: 'partnership.read' as const } },
    schema: {
      tags,
      summary: '企校合作协议（机构：本机构为一方的；人社、教育部门：本辖区已登记的，CERT-6）',
      response: ok(Type.Array(PartnershipSchema)),
    },
    handler: async (req) => partnerships.listPartnerships(d, req.ctx),
  });
  app.post('/api/partnerships', {
    config: { access: { action: 'partnership.manage' as const } },
    schema: {
      tags,
      summary: '备案企业向备案院校提出合作协议，待院校接受（CERT-6）',
      body: PartnershipBody,
      response: created(PartnershipSchema),
    },
    handler: async (req, reply) => reply.status(201).send(await partnerships.proposePartnership(d, req.ctx, req.body)),
  });
  app.post('/api/partnerships/:id/steps', {
    config: { access: { action: 'partnership.manage' as const } },
    schema: {
      tags,
      summary: '院校接受或拒绝、企业撤回、双方终止合作协议；接受后在企业的备案部门登记（CERT-6）',
      params: Id,
      body: PartnershipStepBody,
      response: ok(PartnershipSchema),
    },
    handler: async (req) => partnerships.partnershipStep(d, req.ctx, req.params.id, req.body),
  });
  app.post('/api/pathways/enterprise', {
    config: admin,
    schema: {
      tags,
      summary: '企业依已生效的合作协议，为合作院校名册上的学生评价发证（申报条件、合格线按职业技能标准，CERT-6）',
      body: EnterpriseBody,
      response: created(PathwayIssuedSchema),
    },
    handler: async (req, reply) => reply.status(201).send(await enterprise.enterpriseEvaluation(d, req.ctx, req.body)),
  });
}
