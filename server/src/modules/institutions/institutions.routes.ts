import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorSchema, InstitutionSchema, PageQuery, paged } from '../../../../contract/api.js';
import { REGION_CODE_PATTERN } from '../../../../contract/limits.js';
import { OFFICIAL_ROLES, type Role } from '../../../../contract/roles.js';
import * as svc from './institutions.service.js';

/** institution.policy: who may see the registry (scope is applied in the queries). */
export const INSTITUTION_READERS: readonly Role[] = [...OFFICIAL_ROLES, 'expert', 'institution_admin', 'examiner', 'quality_supervisor'];
export const INSTITUTION_EXPORTERS: readonly Role[] = [...OFFICIAL_ROLES, 'institution_admin'];

const Query = Type.Object(
  { q: Type.Optional(Type.String({ maxLength: 60 })), regionCode: Type.Optional(Type.String({ pattern: REGION_CODE_PATTERN })), ...PageQuery },
  { additionalProperties: false },
);

export async function institutionRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/api/institutions', {
    config: { access: { roles: INSTITUTION_READERS } },
    schema: { tags: ['institutions'], summary: '评价机构列表（按管辖范围）', querystring: Query, response: { 200: paged(InstitutionSchema), '4xx': ErrorSchema } },
    handler: async (req) => svc.listInstitutions(app.deps, req.ctx, req.query),
  });
  app.get('/api/institutions/export', {
    config: { access: { roles: INSTITUTION_EXPORTERS } },
    schema: { tags: ['institutions'], summary: '导出评价机构 Excel（按管辖范围）', querystring: Query, response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'Excel 工作簿 (.xlsx)' }), '4xx': ErrorSchema } },
    handler: async (req, reply) => {
      const buf = await svc.exportInstitutions(app.deps, req.ctx, req.query);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="institutions.xlsx"; filename*=UTF-8''${encodeURIComponent('评价机构.xlsx')}`)
        .send(buf);
    },
  });
  app.get('/api/institutions/:id', {
    config: { access: { roles: INSTITUTION_READERS } },
    schema: { tags: ['institutions'], summary: '评价机构详情', params: Type.Object({ id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }), response: { 200: InstitutionSchema, '4xx': ErrorSchema } },
    handler: async (req) => svc.getInstitution(app.deps, req.ctx, req.params.id),
  });
}
