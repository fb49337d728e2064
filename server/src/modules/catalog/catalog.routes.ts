import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorSchema, IdParams, paged } from '../../../../contract/api.js';
import {
  CatalogDetailSchema,
  CatalogEntrySchema,
  CatalogQuerySchema,
  PublicOccupationSchema,
} from '../../../../contract/api-institutions.js';
import * as svc from './catalog.service.js';
import { RegionListQuery, RegionSchema } from '../../../../contract/api.js';
import { listRegions } from '../regions/regions.service.js';
// public pages: read through the read path (never behind the writers; a standby in province mode)
import { readDeps } from '../../lib/context.js';

export async function catalogRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/api/public/institutions', {
    config: { access: { public: 'the public catalog of filed institutions (INST-5)' } },
    schema: {
      tags: ['public'],
      summary: '评价机构目录（公开，无需登录）',
      security: [],
      querystring: CatalogQuerySchema,
      response: { 200: paged(CatalogEntrySchema), '4xx': ErrorSchema },
    },
    handler: async (req) => svc.searchCatalog(readDeps(app.deps), req.query),
  });
  app.get('/api/public/regions', {
    config: { access: { public: 'region names for the public catalog’s filter' } },
    schema: {
      tags: ['public'],
      summary: '行政区划（公开，用于目录筛选）',
      security: [],
      querystring: RegionListQuery,
      response: { 200: Type.Array(RegionSchema), '4xx': ErrorSchema },
    },
    handler: async (req) => listRegions(readDeps(app.deps), req.query as { parent?: string; q?: string }),
  });
  app.get('/api/public/occupations', {
    config: { access: { public: 'occupations that filed institutions certify, for the catalog’s filter' } },
    schema: {
      tags: ['public'],
      summary: '目录中出现的职业（公开）',
      security: [],
      response: { 200: Type.Array(PublicOccupationSchema), '4xx': ErrorSchema },
    },
    handler: async () => svc.catalogOccupations(readDeps(app.deps)),
  });
  app.get('/api/public/institutions/:id', {
    config: { access: { public: 'the public catalog of filed institutions (INST-5)' } },
    schema: {
      tags: ['public'],
      summary: '目录条目与动态管理记录（公开）',
      security: [],
      params: IdParams,
      response: { 200: CatalogDetailSchema, '4xx': ErrorSchema },
    },
    handler: async (req) => svc.catalogEntry(readDeps(app.deps), req.params.id),
  });
}
