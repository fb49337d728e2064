import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { AuditQuery, AuditRecordSchema, AuditVerifySchema, ErrorSchema, paged } from '../../../../contract/api.js';
import { checkpointStoreOf, recordAuditNow, searchAudit, verifyAuditChain } from './audit.service.js';

/** audit.policy: only the audit administrator reads the trail (三员分立). */
export async function auditRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/api/audit', {
    config: { access: { action: 'audit.read' } },
    schema: {
      tags: ['audit'],
      summary: '审计日志查询',
      querystring: AuditQuery,
      response: { 200: paged(AuditRecordSchema), '4xx': ErrorSchema },
    },
    handler: async (req) => {
      const { page = 1, pageSize = 20, ...f } = req.query;
      return searchAudit(app.deps, f, page, pageSize);
    },
  });
  app.get('/api/audit/verify', {
    config: { access: { action: 'audit.read' } },
    schema: {
      tags: ['audit'],
      summary: '校验审计哈希链与签名检查点，指出第一处断裂或缺失的最新记录',
      response: { 200: AuditVerifySchema, '4xx': ErrorSchema },
    },
    handler: async (req) => {
      const result = await verifyAuditChain(app.deps.db, checkpointStoreOf(app.deps.config));
      await recordAuditNow(app.deps, req.ctx, {
        action: 'audit.verify',
        objectType: 'audit_log',
        outcome: 'success',
        detail: JSON.stringify(result),
      });
      return result;
    },
  });
}
