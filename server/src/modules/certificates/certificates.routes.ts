import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorSchema, Nullable, PageQuery, paged } from '../../../../contract/api.js';
import { Enum } from '../../../../contract/api-institutions.js';
import * as svc from './certificates.service.js';
import * as changes from './certificate-changes.service.js';
import * as documents from './certificate-documents.service.js';
import * as cov from './coverage.service.js';
import { sendDownload } from '../../lib/download.js';

export const CertificateSchema = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  holderName: Type.String(),
  holderIdType: Type.String(),
  holderIdNumber: Type.String({ description: '持证人与发证机构可见全号，其他人见脱敏号' }),
  institutionId: Type.Integer(),
  institutionName: Type.String(),
  filingNo: Type.String(),
  occupationCode: Type.String(),
  occupationName: Type.String(),
  workType: Nullable(Type.String()),
  level: Type.Integer(),
  levelLabel: Type.String(),
  pathway: Type.String(),
  issuedOn: Type.String(),
  status: Type.String(),
});
const DetailSchema = Type.Composite([
  CertificateSchema,
  Type.Object({
    history: Type.Array(
      Type.Object({
        type: Type.String(),
        reason: Nullable(Type.String()),
        statusBefore: Nullable(Type.String()),
        statusAfter: Nullable(Type.String()),
        actorName: Nullable(Type.String()),
        at: Type.String(),
      }),
    ),
  }),
]);
const Query = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 40, description: '证书编号或姓名' })),
    status: Type.Optional(Enum(['valid', 'suspended', 'revoked'] as const)),
    institutionId: Type.Optional(Type.Integer({ minimum: 1 })),
    occupationId: Type.Optional(Type.Integer({ minimum: 1 })),
    level: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
const Id = Type.Object({ id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
const tags = ['certificates'];

export async function certificateRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/api/certificates', {
    config: { access: { action: 'certificate.read' } },
    schema: {
      tags,
      summary: '证书列表（发证机构、管辖官员、持证人本人）',
      querystring: Query,
      response: { 200: paged(CertificateSchema), '4xx': ErrorSchema },
    },
    handler: async (req) => svc.listCertificates(app.deps, req.ctx, req.query),
  });
  app.get('/api/certificates/batch.zip', {
    config: { access: { action: 'certificate.batch' } },
    schema: {
      tags,
      summary: '批量下载本机构证书 PDF（ZIP，按计划或发证日期，最多 2000 张）',
      querystring: Type.Object(
        {
          planId: Type.Optional(Type.Integer({ minimum: 1 })),
          issuedFrom: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
          issuedTo: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
        },
        { additionalProperties: false },
      ),
      response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), '4xx': ErrorSchema },
    },
    handler: async (req, reply) => {
      const r = await documents.certificatesZip(app.deps, req.ctx, req.query);
      return reply
        .header('content-type', 'application/zip')
        .header('x-certificate-count', String(r.count))
        .header('content-disposition', 'attachment; filename="certificates.zip"')
        .send(r.zip);
    },
  });
  app.get('/api/coverage', {
    config: { access: { action: 'coverage.read' } },
    schema: {
      tags,
      summary: '毕业生持证情况（CERT-9：各校持证率与未持证学生）',
      querystring: Type.Object(
        {
          graduationYear: Type.Integer({ minimum: 2000, maximum: 2100 }),
          schoolId: Type.Optional(Type.Integer({ minimum: 1 })),
        },
        { additionalProperties: false },
      ),
      response: { 200: Type.Unknown(), '4xx': ErrorSchema },
    },
    handler: async (req) => cov.coverage(app.deps, req.ctx, req.query),
  });
  app.get('/api/coverage/export', {
    config: { access: { action: 'coverage.read' } },
    schema: {
      tags,
      summary: '导出毕业生持证情况 Excel',
      querystring: Type.Object(
        {
          graduationYear: Type.Integer({ minimum: 2000, maximum: 2100 }),
          schoolId: Type.Optional(Type.Integer({ minimum: 1 })),
        },
        { additionalProperties: false },
      ),
      response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), '4xx': ErrorSchema },
    },
    handler: async (req, reply) =>
      sendDownload(
        reply,
        'xlsx',
        await cov.coverageExport(app.deps, req.ctx, req.query),
        'coverage.xlsx',
        '毕业生持证情况.xlsx',
      ),
  });
  app.post('/api/certificates/:id/corrections', {
    config: { access: { action: 'certificate.correct' } },
    schema: {
      tags,
      summary: '更正证书信息（生成新版本，保留原记录与理由，CERT-11）',
      params: Id,
      body: Type.Object(
        {
          holderName: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
          workType: Type.Optional(Nullable(Type.String({ maxLength: 60 }))),
          reason: Type.String({ minLength: 2, maxLength: 500 }),
        },
        { additionalProperties: false },
      ),
      response: { 200: Type.Unknown(), '4xx': ErrorSchema },
    },
    handler: async (req) => changes.correctCertificate(app.deps, req.ctx, req.params.id, req.body),
  });
  app.get('/api/certificates/:id', {
    config: { access: { action: 'certificate.read' } },
    schema: { tags, summary: '证书详情与状态记录', params: Id, response: { 200: DetailSchema, '4xx': ErrorSchema } },
    handler: async (req) => svc.getCertificate(app.deps, req.ctx, req.params.id),
  });
  app.get('/api/certificates/:id/pdf', {
    config: { access: { action: 'certificate.read' } },
    schema: {
      tags,
      summary: '下载证书 PDF（A4，含二维码）',
      params: Id,
      response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), '4xx': ErrorSchema },
    },
    handler: async (req, reply) => {
      const r = await documents.certificatePdf(app.deps, req.ctx, req.params.id);
      return sendDownload(reply, 'pdf', r.pdf, `${r.number}.pdf`);
    },
  });
  app.post('/api/certificates/:id/status', {
    config: { access: { action: 'certificate.revoke' } },
    schema: {
      tags,
      summary: '暂停、恢复或撤销证书（CERT-12，须写明理由；撤销后仍可查询）',
      params: Id,
      body: Type.Object(
        {
          action: Enum(['suspend', 'reinstate', 'revoke'] as const),
          reason: Type.String({ minLength: 2, maxLength: 1000 }),
        },
        { additionalProperties: false },
      ),
      response: {
        200: Type.Object({ id: Type.Integer(), number: Type.String(), status: Type.String() }),
        '4xx': ErrorSchema,
      },
    },
    handler: async (req) =>
      changes.changeCertificateStatus(app.deps, req.ctx, req.params.id, req.body.action, req.body.reason),
  });
}
