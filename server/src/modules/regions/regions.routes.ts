import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import {
  RegionCodeParams,
  RegionListQuery,
  RegionPatchBody,
  RegionSchema,
  ErrorSchema,
} from '../../../../contract/api.js';
import * as svc from './regions.service.js';

const CodeParams = RegionCodeParams;

export async function regionRoutes(app: FastifyInstance) {
  app.get('/api/regions', {
    config: { access: { action: 'reference.read' } },
    schema: {
      tags: ['reference'],
      summary: '行政区划列表（下级或按名称搜索）',
      querystring: RegionListQuery,
      response: { 200: Type.Array(RegionSchema), '4xx': ErrorSchema },
    },
    handler: async (req) => svc.listRegions(app.deps, req.query as { parent?: string; q?: string }),
  });
  app.get('/api/regions/:code', {
    config: { access: { action: 'reference.read' } },
    schema: {
      tags: ['reference'],
      summary: '行政区划详情',
      params: CodeParams,
      response: { 200: RegionSchema, '4xx': ErrorSchema },
    },
    handler: async (req) => svc.getRegion(app.deps, (req.params as { code: string }).code),
  });
  app.patch('/api/regions/:code', {
    config: { access: { action: 'region.edit' } },
    schema: {
      tags: ['reference'],
      summary: '更正行政区划（名称、省直管县标记）',
      params: CodeParams,
      body: RegionPatchBody,
      response: { 200: RegionSchema, '4xx': ErrorSchema },
    },
    handler: async (req) =>
      svc.updateRegion(app.deps, req.ctx, (req.params as { code: string }).code, req.body as never),
  });
}
