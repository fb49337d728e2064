import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorSchema, fileResponse, IdParams, paged } from '../../../../contract/api.js';
import {
  ExpertOpinionBody,
  FilingCreateBody,
  FilingDetailSchema,
  FilingExportQuery,
  FilingListQuery,
  FilingPatchBody,
  FilingQueueSchema,
  FilingSummarySchema,
  OptionalReasonBody,
  ReasonBody,
} from '../../../../contract/api-institutions.js';
import * as decisions from './filing-decisions.service.js';
import * as drafts from './filing-drafts.service.js';
import * as svc from './filings.service.js';
import { exportFilings } from './filings-export.service.js';
import { sendDownload } from '../../lib/download.js';

const Id = IdParams;
const tags = ['filings'];
const detail = { 200: FilingDetailSchema, '4xx': ErrorSchema };

export async function filingRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/api/filings', {
    config: { access: { action: 'filing.read' } },
    schema: {
      tags,
      summary: '备案申请列表（按管辖范围）',
      querystring: FilingListQuery,
      response: { 200: paged(FilingSummarySchema), '4xx': ErrorSchema },
    },
    handler: async (req) => svc.listFilings(app.deps, req.ctx, req.query),
  });
  app.get('/api/filings/export', {
    config: { access: { action: 'filing.export' } },
    schema: {
      tags,
      summary: '导出备案申请列表 Excel（与列表相同的筛选，含办理期限，记入审计）',
      querystring: FilingExportQuery,
      response: {
        200: fileResponse('Excel 工作簿 (.xlsx)', 'xlsx'),
        '4xx': ErrorSchema,
      },
    },
    handler: async (req, reply) =>
      sendDownload(reply, 'xlsx', await exportFilings(app.deps, req.ctx, req.query), 'filings.xlsx', '备案申请.xlsx'),
  });
  app.get('/api/filings/queue', {
    config: { access: { action: 'filing.read' } },
    schema: {
      tags,
      summary: '待办：等待本部门（或本机构）办理的备案申请',
      response: { 200: FilingQueueSchema, '4xx': ErrorSchema },
    },
    handler: async (req) => svc.filingQueue(app.deps, req.ctx),
  });
  app.get('/api/filings/:id', {
    config: { access: { action: 'filing.read' } },
    schema: { tags, summary: '备案申请详情（范围、条件核查、办理路径、时间线）', params: Id, response: detail },
    handler: async (req) => svc.getFilingDetail(app.deps, req.ctx, req.params.id),
  });
  app.post('/api/filings', {
    config: { access: { action: 'filing.apply' } },
    schema: {
      tags,
      summary: '新建备案申请（首次备案或扩充评价范围）',
      body: FilingCreateBody,
      response: { 201: FilingDetailSchema, '4xx': ErrorSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await drafts.createFiling(app.deps, req.ctx, req.body)),
  });
  app.patch('/api/filings/:id', {
    config: { access: { action: 'filing.apply' } },
    schema: { tags, summary: '修改草稿或被退回的申请', params: Id, body: FilingPatchBody, response: detail },
    handler: async (req) => drafts.updateFiling(app.deps, req.ctx, req.params.id, req.body),
  });
  app.post('/api/filings/:id/submit', {
    config: { access: { action: 'filing.apply' } },
    schema: { tags, summary: '提交（INST-3 条件不全时拒绝并列出缺项）', params: Id, response: detail },
    handler: async (req) => drafts.submitFiling(app.deps, req.ctx, req.params.id),
  });
  app.post('/api/filings/:id/withdraw', {
    config: { access: { action: 'filing.apply' } },
    schema: { tags, summary: '撤回申请', params: Id, response: detail },
    handler: async (req) => drafts.withdrawFiling(app.deps, req.ctx, req.params.id),
  });
  app.post('/api/filings/:id/expert-opinions', {
    config: { access: { action: 'filing.decide' } },
    schema: { tags, summary: '记录专家初审意见', params: Id, body: ExpertOpinionBody, response: detail },
    handler: async (req) => decisions.recordExpertOpinion(app.deps, req.ctx, req.params.id, req.body),
  });
  app.post('/api/filings/:id/recommend', {
    config: { access: { action: 'filing.review' } },
    schema: {
      tags,
      summary: '教育部门初审通过，推荐至人社部门',
      params: Id,
      body: OptionalReasonBody,
      response: detail,
    },
    handler: async (req) => decisions.recommendFiling(app.deps, req.ctx, req.params.id, req.body.reason ?? null),
  });
  app.post('/api/filings/:id/file', {
    config: { access: { action: 'filing.file' } },
    schema: {
      tags,
      summary: '人社部门备案（首次备案赋备案号）',
      params: Id,
      body: OptionalReasonBody,
      response: detail,
    },
    handler: async (req) => decisions.fileFiling(app.deps, req.ctx, req.params.id, req.body.reason ?? null),
  });
  app.post('/api/filings/:id/return', {
    config: { access: { action: 'filing.decide' } },
    schema: { tags, summary: '退回修改（须写明理由）', params: Id, body: ReasonBody, response: detail },
    handler: async (req) => decisions.returnOrRejectFiling(app.deps, req.ctx, req.params.id, 'return', req.body.reason),
  });
  app.post('/api/filings/:id/reject', {
    config: { access: { action: 'filing.decide' } },
    schema: { tags, summary: '不予备案（须写明理由）', params: Id, body: ReasonBody, response: detail },
    handler: async (req) => decisions.returnOrRejectFiling(app.deps, req.ctx, req.params.id, 'reject', req.body.reason),
  });
}
