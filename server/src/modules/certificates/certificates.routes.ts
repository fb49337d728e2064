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
  CertificateBatchQuery,
  CertificateCorrectedSchema,
  CertificateCorrectionBody,
  CertificateDetailSchema,
  CertificateExportQuery,
  CertificateQuery,
  CertificateSchema,
  CertificateStatusBody,
  CertificateStatusResultSchema,
  CoverageExportQuery,
  CoverageQuery,
  CoverageSchema,
} from '../../../../contract/api-certificates.js';
import { JobSchema } from '../../../../contract/api-jobs.js';
import * as svc from './certificates.service.js';
import * as changes from './certificate-changes.service.js';
import * as documents from './certificate-documents.service.js';
import * as cov from './coverage.service.js';
import { exportCertificates } from './certificates-export.service.js';
import { sendDownload } from '../../lib/download.js';

const Id = IdParams;
const tags = ['certificates'];

export async function certificateRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/api/certificates', {
    config: { access: { action: 'certificate.read' } },
    schema: {
      tags,
      summary: '证书列表（发证机构、管辖官员、持证人本人）',
      querystring: CertificateQuery,
      response: { 200: paged(CertificateSchema), '4xx': ErrorSchema },
    },
    handler: async (req) => svc.listCertificates(app.deps, req.ctx, req.query),
  });
  app.get('/api/certificates/export', {
    config: { access: { action: 'certificate.export' } },
    schema: {
      tags,
      summary: '导出证书列表 Excel（与列表相同的筛选和排序，证件号码脱敏，记入审计）',
      querystring: CertificateExportQuery,
      response: {
        200: fileResponse('Excel 工作簿 (.xlsx)', 'xlsx'),
        '4xx': ErrorSchema,
      },
    },
    handler: async (req, reply) =>
      sendDownload(
        reply,
        'xlsx',
        await exportCertificates(app.deps, req.ctx, req.query),
        'certificates.xlsx',
        '证书.xlsx',
      ),
  });
  app.get('/api/certificates/batch.zip', {
    config: { access: { action: 'certificate.batch' } },
    schema: {
      tags,
      summary: '批量下载本机构证书 PDF（ZIP，按计划或发证日期，最多 2000 张）',
      querystring: CertificateBatchQuery,
      response: { 200: fileResponse('证书 PDF 的 ZIP 包', 'zip'), '4xx': ErrorSchema },
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
  app.post('/api/certificates/batch-jobs', {
    config: { access: { action: 'certificate.batch' } },
    schema: {
      tags,
      summary: '发起批量打包本机构证书 PDF（ZIP，最多 2000 张）：立即答复后台任务，按任务查看进度并下载',
      body: CertificateBatchQuery,
      response: { 202: JobSchema, '4xx': ErrorSchema },
    },
    handler: async (req, reply) =>
      reply.code(202).send(await documents.startCertificatesZipJob(app.deps, req.ctx, req.body)),
  });
  app.get('/api/coverage', {
    config: { access: { action: 'coverage.read' } },
    schema: {
      tags,
      summary: '毕业生持证情况（CERT-9：各校持证率与未持证学生）',
      querystring: CoverageQuery,
      response: { 200: CoverageSchema, '4xx': ErrorSchema },
    },
    handler: async (req) => cov.coverage(app.deps, req.ctx, req.query),
  });
  app.get('/api/coverage/export', {
    config: { access: { action: 'coverage.read' } },
    schema: {
      tags,
      summary: '导出毕业生持证情况 Excel（证件号码脱敏；写明用途 purpose 时含完整号码，记入审计）',
      querystring: CoverageExportQuery,
      response: { 200: fileResponse('Excel 工作簿 (.xlsx)', 'xlsx'), '4xx': ErrorSchema },
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
  app.post('/api/graduates/:id/reveal-id', {
    config: { access: { action: 'person.reveal_id' } },
    schema: {
      tags,
      summary: '查看毕业生持证情况中某人的完整证件号码（须写明理由，记入审计，每小时限次）',
      params: Id,
      body: RevealIdBody,
      response: { 200: RevealedIdSchema, '4xx': ErrorSchema },
    },
    handler: async (req) => cov.revealGraduateId(app.deps, req.ctx, req.params.id, req.body.reason),
  });
  app.post('/api/certificates/:id/reveal-id', {
    config: { access: { action: 'person.reveal_id' } },
    schema: {
      tags,
      summary: '查看证书持证人的完整证件号码（须写明理由，记入审计，每小时限次）',
      params: Id,
      body: RevealIdBody,
      response: { 200: RevealedIdSchema, '4xx': ErrorSchema },
    },
    handler: async (req) => svc.revealHolderId(app.deps, req.ctx, req.params.id, req.body.reason),
  });
  app.post('/api/certificates/:id/corrections', {
    config: { access: { action: 'certificate.correct' } },
    schema: {
      tags,
      summary: '更正证书信息（生成新版本，保留原记录与理由，CERT-11）',
      params: Id,
      body: CertificateCorrectionBody,
      response: { 200: CertificateCorrectedSchema, '4xx': ErrorSchema },
    },
    handler: async (req) => changes.correctCertificate(app.deps, req.ctx, req.params.id, req.body),
  });
  app.get('/api/certificates/:id', {
    config: { access: { action: 'certificate.read' } },
    schema: {
      tags,
      summary: '证书详情与状态记录',
      params: Id,
      response: { 200: CertificateDetailSchema, '4xx': ErrorSchema },
    },
    handler: async (req) => svc.getCertificate(app.deps, req.ctx, req.params.id),
  });
  app.get('/api/certificates/:id/pdf', {
    config: { access: { action: 'certificate.read' } },
    schema: {
      tags,
      summary: '下载证书 PDF（A4，含二维码）',
      params: Id,
      response: { 200: fileResponse('证书 PDF（A4）', 'pdf'), '4xx': ErrorSchema },
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
      body: CertificateStatusBody,
      response: { 200: CertificateStatusResultSchema, '4xx': ErrorSchema },
    },
    handler: async (req) =>
      changes.changeCertificateStatus(app.deps, req.ctx, req.params.id, req.body.action, req.body.reason),
  });
}
