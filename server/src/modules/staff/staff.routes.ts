import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import {
  ErrorSchema,
  fileResponse,
  IdParams,
  paged,
  RevealedIdSchema,
  RevealIdBody,
} from '../../../../contract/api.js';
import {
  ReasonBody,
  StaffCreateBody,
  StaffDetailSchema,
  StaffExportQuery,
  StaffListQuery,
  StaffPatchBody,
  StaffSchema,
} from '../../../../contract/api-institutions.js';
import * as svc from './staff.service.js';
import { exportStaff } from './staff-export.service.js';
import { sendDownload } from '../../lib/download.js';

const Id = IdParams;
const tags = ['staff'];

export async function staffRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/api/staff', {
    config: { access: { action: 'staff.read' } },
    schema: {
      tags,
      summary: '考评员、质量督导员、专家名录（按管辖范围）',
      querystring: StaffListQuery,
      response: { 200: paged(StaffSchema), '4xx': ErrorSchema },
    },
    handler: async (req) => svc.listStaff(app.deps, req.ctx, req.query),
  });
  app.get('/api/staff/export', {
    config: { access: { action: 'staff.export' } },
    schema: {
      tags,
      summary: '导出人员库 Excel（与列表相同的筛选，证件号码与电话脱敏，记入审计）',
      querystring: StaffExportQuery,
      response: {
        200: fileResponse('Excel 工作簿 (.xlsx)', 'xlsx'),
        '4xx': ErrorSchema,
      },
    },
    handler: async (req, reply) =>
      sendDownload(reply, 'xlsx', await exportStaff(app.deps, req.ctx, req.query), 'staff.xlsx', '人员库.xlsx'),
  });
  app.get('/api/staff/:id', {
    config: { access: { action: 'staff.read' } },
    schema: {
      tags,
      summary: '人员详情与派遣记录',
      params: Id,
      response: { 200: StaffDetailSchema, '4xx': ErrorSchema },
    },
    handler: async (req) => svc.getStaff(app.deps, req.ctx, req.params.id),
  });
  app.post('/api/staff/:id/reveal-id', {
    config: { access: { action: 'person.reveal_id' } },
    schema: {
      tags,
      summary: '查看人员的完整证件号码（须写明理由，记入审计，每小时限次）',
      params: Id,
      body: RevealIdBody,
      response: { 200: RevealedIdSchema, '4xx': ErrorSchema },
    },
    handler: async (req) => svc.revealStaffId(app.deps, req.ctx, req.params.id, req.body.reason),
  });
  app.post('/api/staff', {
    config: { access: { action: 'staff.edit' } },
    schema: {
      tags,
      summary: '登记人员（外部督导员卡号 R + 8 位数字）',
      body: StaffCreateBody,
      response: { 201: StaffSchema, '4xx': ErrorSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await svc.createStaff(app.deps, req.ctx, req.body)),
  });
  app.patch('/api/staff/:id', {
    config: { access: { action: 'staff.edit' } },
    schema: {
      tags,
      summary: '修改人员信息与职业',
      params: Id,
      body: StaffPatchBody,
      response: { 200: StaffSchema, '4xx': ErrorSchema },
    },
    handler: async (req) => svc.updateStaff(app.deps, req.ctx, req.params.id, req.body),
  });
  app.post('/api/staff/:id/disqualify', {
    config: { access: { action: 'staff.disqualify' } },
    schema: {
      tags,
      summary: '取消资格（此后不得参与任何评价工作，INST-8）',
      params: Id,
      body: ReasonBody,
      response: { 200: StaffSchema, '4xx': ErrorSchema },
    },
    handler: async (req) => svc.disqualifyStaff(app.deps, req.ctx, req.params.id, req.body.reason),
  });
}
