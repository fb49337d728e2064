import { Type, type TSchema } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorSchema, fileResponse, IdParams } from '../../../../contract/api.js';
import {
  AwardBody,
  CompetitionBody,
  CompetitionDecisionBody,
  CompetitionQuery,
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
  TierCapBody,
  TierCapSchema,
  TierParams,
} from '../../../../contract/api-pathways.js';
import { readUpload, uploadFields } from '../../lib/upload.js';
import * as caps from './competition-caps.service.js';
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
      response: {
        200: fileResponse('证明材料（PDF 或图片，按上传时识别的类型）', 'pdf', 'png', 'jpeg'),
        '4xx': ErrorSchema,
      },
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
  // ---- CERT-5 competitions: proposed by the organiser, approved before the contest by the filing HRSS
  app.get('/api/competitions', {
    config: { access: { action: 'competition.read' } },
    schema: {
      tags,
      summary: '竞赛及取证规则（人社部门按辖区，机构本机构），含审批状态与可否审批',
      querystring: CompetitionQuery,
      response: ok(Type.Array(CompetitionSchema)),
    },
    handler: async (req) => competitions.listCompetitions(d, req.ctx, req.query),
  });
  app.post('/api/competitions', {
    config: admin,
    schema: {
      tags,
      summary: '拟定竞赛及取证规则（须提交备案人社部门赛前批准，CERT-5）',
      body: CompetitionBody,
      response: created(CompetitionSchema),
    },
    handler: async (req, reply) => reply.status(201).send(await competitions.createCompetition(d, req.ctx, req.body)),
  });
  app.put('/api/competitions/:id', {
    config: admin,
    schema: {
      tags,
      summary: '修改未提交或未获批准的竞赛取证规则',
      params: Id,
      body: CompetitionBody,
      response: ok(CompetitionSchema),
    },
    handler: async (req) => competitions.reviseCompetition(d, req.ctx, req.params.id, req.body),
  });
  app.post('/api/competitions/:id/submit', {
    config: admin,
    schema: {
      tags,
      summary: '提交竞赛取证规则审批（比赛日期之前，且不超过本级别取证上限）',
      params: Id,
      response: ok(CompetitionSchema),
    },
    handler: async (req) => competitions.submitCompetition(d, req.ctx, req.params.id),
  });
  app.post('/api/competitions/:id/decision', {
    config: { access: { action: 'competition.decide' } },
    schema: {
      tags,
      summary: '备案人社部门（或其上级）赛前批准或不予批准竞赛取证规则',
      params: Id,
      body: CompetitionDecisionBody,
      response: ok(CompetitionSchema),
    },
    handler: async (req) => competitions.decideCompetition(d, req.ctx, req.params.id, req.body),
  });
  app.post('/api/competitions/:id/awards', {
    config: admin,
    schema: {
      tags,
      summary: '按名次认定等级并发证（须已获批准且比赛已举行；中职上限；每人每年晋升一次）',
      params: Id,
      body: AwardBody,
      response: created(PathwayIssuedSchema),
    },
    handler: async (req, reply) =>
      reply.status(201).send(await competitions.awardCompetition(d, req.ctx, req.params.id, req.body)),
  });
  app.get('/api/competition-caps', {
    config: { access: { action: 'reference.read' } },
    schema: { tags, summary: '各级别竞赛的取证上限（省级设定）', response: ok(Type.Array(TierCapSchema)) },
    handler: async () => caps.listTierCaps(d),
  });
  app.put('/api/competition-caps/:tier', {
    config: { access: { action: 'competition.cap.edit' } },
    schema: {
      tags,
      summary: '设定某级别竞赛的取证上限（省人社厅）',
      params: TierParams,
      body: TierCapBody,
      response: ok(TierCapSchema),
    },
    handler: async (req) => caps.setTierCap(d, req.ctx, req.params.tier, req.body),
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
