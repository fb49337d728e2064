import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorSchema, paged } from '../../../../contract/api.js';
import { CatalogDetailSchema, CatalogEntrySchema, CatalogQuerySchema } from '../../../../contract/api-institutions.js';
import * as svc from './catalog.service.js';

export async function catalogRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/api/public/institutions', {
    config: { access: { public: 'the public catalog of filed institutions (INST-5)' } },
    schema: { tags: ['public'], summary: '评价机构目录（公开，无需登录）', security: [], querystring: CatalogQuerySchema, response: { 200: paged(CatalogEntrySchema), '4xx': ErrorSchema } },
    handler: async (req) => svc.searchCatalog(app.deps, req.query),
  });
  app.get('/api/public/institutions/:id', {
    config: { access: { public: 'the public catalog of filed institutions (INST-5)' } },
    schema: { tags: ['public'], summary: '目录条目与动态管理记录（公开）', security: [], params: Type.Object({ id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }), response: { 200: CatalogDetailSchema, '4xx': ErrorSchema } },
    handler: async (req) => svc.catalogEntry(app.deps, req.params.id),
  });
}
