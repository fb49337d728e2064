import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorSchema, fileResponse, IdParams, InstitutionSchema, paged } from '../../../../contract/api.js';
import {
  ChecklistSchema,
  CreditEventBody,
  CreditSchema,
  EvidenceParams,
  EvidenceSchema,
  GrantedScopeSchema,
  InstitutionCreateBody,
  InstitutionDetailSchema,
  InstitutionEventsSchema,
  InstitutionListQuery,
  InstitutionPatchBody,
  ManageBody,
  ManageResultSchema,
} from '../../../../contract/api-institutions.js';
import { EVIDENCE_DESCRIPTION_MAX_LENGTH } from '../../../../contract/limits.js';
import { AppError } from '../../lib/errors.js';
import { sendDownload } from '../../lib/download.js';
import * as evidence from './evidence.service.js';
import * as mgmt from './management.service.js';
import * as svc from './institutions.service.js';
import { readUpload } from '../../lib/upload.js';

const Query = InstitutionListQuery;
const Id = IdParams;
const tags = ['institutions'];

export async function institutionRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/api/institutions', {
    config: { access: { action: 'institution.read' } },
    schema: {
      tags,
      summary: '评价机构列表（按管辖范围）',
      querystring: Query,
      response: { 200: paged(InstitutionSchema), '4xx': ErrorSchema },
    },
    handler: async (req) => svc.listInstitutions(app.deps, req.ctx, req.query),
  });
  app.post('/api/institutions', {
    config: { access: { action: 'institution.register' } },
    schema: {
      tags,
      summary: '登记机构（管辖范围内）',
      body: InstitutionCreateBody,
      response: { 201: InstitutionSchema, '4xx': ErrorSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await svc.createInstitution(app.deps, req.ctx, req.body)),
  });
  app.get('/api/institutions/export', {
    config: { access: { action: 'institution.export' } },
    schema: {
      tags,
      summary: '导出评价机构 Excel（按管辖范围，含备案号、范围、信用等级）',
      querystring: Query,
      response: {
        200: fileResponse('Excel 工作簿 (.xlsx)', 'xlsx'),
        '4xx': ErrorSchema,
      },
    },
    handler: async (req, reply) => {
      const buf = await svc.exportInstitutions(app.deps, req.ctx, req.query);
      return sendDownload(reply, 'xlsx', buf, 'institutions.xlsx', '评价机构.xlsx');
    },
  });
  app.get('/api/institutions/:id', {
    config: { access: { action: 'institution.read' } },
    schema: {
      tags,
      summary: '评价机构详情，含备案部门与可执行的动态管理操作（INST-5）',
      params: Id,
      response: { 200: InstitutionDetailSchema, '4xx': ErrorSchema },
    },
    handler: async (req) => svc.getInstitutionDetail(app.deps, req.ctx, req.params.id),
  });
  app.patch('/api/institutions/:id', {
    config: { access: { action: 'institution.edit' } },
    schema: {
      tags,
      summary: '修改机构信息（名称仅限备案前）',
      params: Id,
      body: InstitutionPatchBody,
      response: { 200: InstitutionSchema, '4xx': ErrorSchema },
    },
    handler: async (req) => svc.updateInstitution(app.deps, req.ctx, req.params.id, req.body),
  });
  app.get('/api/institutions/:id/scopes', {
    config: { access: { action: 'institution.read' } },
    schema: {
      tags,
      summary: '备案评价范围（职业 × 等级，INST-4）',
      params: Id,
      response: { 200: Type.Array(GrantedScopeSchema), '4xx': ErrorSchema },
    },
    handler: async (req) => svc.institutionScopes(app.deps, req.ctx, req.params.id),
  });
  app.get('/api/institutions/:id/events', {
    config: { access: { action: 'institution.read' } },
    schema: {
      tags,
      summary: '动态管理与信用记录、信用等级（INST-5、INST-8）',
      params: Id,
      response: { 200: InstitutionEventsSchema, '4xx': ErrorSchema },
    },
    handler: async (req) => svc.institutionEvents(app.deps, req.ctx, req.params.id),
  });
  app.post('/api/institutions/:id/actions', {
    config: { access: { action: 'institution.manage' } },
    schema: {
      tags,
      summary: '动态管理：责令整改、整改完成、暂停、恢复、取消备案（INST-5）',
      params: Id,
      body: ManageBody,
      response: { 200: ManageResultSchema, '4xx': ErrorSchema },
    },
    handler: async (req) => mgmt.manageInstitution(app.deps, req.ctx, req.params.id, req.body),
  });
  app.post('/api/institutions/:id/credit-events', {
    config: { access: { action: 'institution.credit' } },
    schema: {
      tags,
      summary: '记录信用事件（违规、投诉查实、逾期报送，INST-8）',
      params: Id,
      body: CreditEventBody,
      response: { 200: CreditSchema, '4xx': ErrorSchema },
    },
    handler: async (req) => mgmt.addCreditEvent(app.deps, req.ctx, req.params.id, req.body),
  });
  app.get('/api/institutions/:id/prerequisites', {
    config: { access: { action: 'evidence.read' } },
    schema: {
      tags,
      summary: '备案条件核查清单与证明材料（INST-3）',
      params: Id,
      response: { 200: ChecklistSchema, '4xx': ErrorSchema },
    },
    handler: async (req) => evidence.prerequisiteChecklist(app.deps, req.ctx, req.params.id),
  });
  app.post('/api/institutions/:id/evidence', {
    config: { access: { action: 'evidence.manage' } },
    schema: {
      tags,
      summary: '上传证明材料（multipart：item、occupationId、description、file；PDF/PNG/JPEG ≤ 10 MB）',
      consumes: ['multipart/form-data'],
      params: Id,
      response: { 201: EvidenceSchema, '4xx': ErrorSchema },
    },
    handler: async (req, reply) => {
      const file = await readUpload(req);
      const occ = file.field('occupationId');
      if (occ !== undefined && !/^\d+$/.test(occ))
        throw new AppError('VALIDATION_FAILED', 'occupationId 须为整数', {
          details: [{ field: 'occupationId', message: '须为整数' }],
        });
      const r = await evidence.uploadEvidence(app.deps, req.ctx, req.params.id, {
        item: file.field('item') ?? '',
        occupationId: occ ? Number(occ) : null,
        description: file.field('description')?.slice(0, EVIDENCE_DESCRIPTION_MAX_LENGTH) ?? null,
        fileName: file.fileName,
        data: file.data,
        truncated: file.truncated,
      });
      return reply.status(201).send(r);
    },
  });
  app.delete('/api/institutions/:id/evidence/:evidenceId', {
    config: { access: { action: 'evidence.manage' } },
    schema: {
      tags,
      summary: '移除证明材料（留档，不删除）',
      params: EvidenceParams,
      response: { 204: Type.Null(), '4xx': ErrorSchema },
    },
    handler: async (req, reply) => {
      await evidence.removeEvidence(app.deps, req.ctx, req.params.id, req.params.evidenceId);
      return reply.status(204).send(null);
    },
  });
  app.get('/api/evidence/:id', {
    config: { access: { action: 'evidence.read' } },
    schema: {
      tags,
      summary: '下载证明材料',
      params: Id,
      response: {
        200: fileResponse('证明材料（PDF 或图片，按上传时识别的类型）', 'pdf', 'png', 'jpeg'),
        '4xx': ErrorSchema,
      },
    },
    handler: async (req, reply) => {
      const f = await evidence.downloadEvidence(app.deps, req.ctx, req.params.id);
      return reply
        .header('content-type', f.mime)
        .header(
          'content-disposition',
          `attachment; filename="evidence-${req.params.id}"; filename*=UTF-8''${encodeURIComponent(f.fileName)}`,
        )
        .send(f.content);
    },
  });
}
