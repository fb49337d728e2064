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
import {
  OtherCertificateBody,
  OtherCertificateQuery,
  OtherCertificateRevokeBody,
  OtherCertificateRecordSchema,
} from '../../../../contract/api-other-certificates.js';
import * as other from './other-certificates.service.js';
import { otherCertificateTemplate } from './other-certificate-workbook.js';
import { startUploadedImport } from '../jobs/import-job.js';
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
  const otherTags = ['other-certificates'];
  app.get('/api/other-certificates', {
    config: { access: { action: 'other_certificate.read' } },
    schema: {
      tags: otherTags,
      summary: '国家职业资格证书、专项职业能力证书、特种作业操作证登记列表（人社部门按辖区，本人查阅本人）',
      querystring: OtherCertificateQuery,
      response: { 200: paged(OtherCertificateRecordSchema), '4xx': ErrorSchema },
    },
    handler: async (req) => other.listOtherCertificates(app.deps, req.ctx, req.query),
  });
  app.get('/api/other-certificates/:id', {
    config: { access: { action: 'other_certificate.read' } },
    schema: {
      tags: otherTags,
      summary: '一份登记的其他类证书',
      params: Id,
      response: { 200: OtherCertificateRecordSchema, '4xx': ErrorSchema },
    },
    handler: async (req) => other.getOtherCertificate(app.deps, req.ctx, req.params.id),
  });
  app.post('/api/other-certificates', {
    config: { access: { action: 'other_certificate.record' } },
    schema: {
      tags: otherTags,
      summary: '登记国家职业资格证书、专项职业能力证书或特种作业操作证（按证件找到或登记持证人）',
      body: OtherCertificateBody,
      response: { 201: OtherCertificateRecordSchema, '4xx': ErrorSchema },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await other.recordOtherCertificate(app.deps, req.ctx, req.body)),
  });
  app.post('/api/other-certificates/import', {
    config: { access: { action: 'other_certificate.record' } },
    schema: {
      tags: otherTags,
      summary:
        '导入国家职业资格证书、专项职业能力证书、特种作业操作证（Excel）：作为后台任务运行（202，返回任务），先整表校验再写入，出错则一行不导；结果（OtherCertificateImportResult）见 GET /api/jobs/:id 的 result',
      consumes: ['multipart/form-data'],
      // 503 IMPORTS_BUSY with Retry-After when the server runs as many imports as it allows
      response: { 202: JobSchema, '4xx': ErrorSchema, 503: ErrorSchema },
    },
    handler: async (req, reply) =>
      reply
        .status(202)
        .send(
          await startUploadedImport(app.deps, req, (file) => other.otherCertificateImport(app.deps, req.ctx, file)),
        ),
  });
  app.get('/api/other-certificates/template', {
    config: { access: { action: 'other_certificate.record' } },
    schema: {
      tags: otherTags,
      summary: '下载其他类证书导入模板（.xlsx）',
      response: { 200: fileResponse('Excel 工作簿 (.xlsx)', 'xlsx'), '4xx': ErrorSchema },
    },
    handler: async (_req, reply) =>
      sendDownload(
        reply,
        'xlsx',
        await otherCertificateTemplate(),
        'other-certificates.xlsx',
        '其他类证书导入模板.xlsx',
      ),
  });
  app.post('/api/other-certificates/:id/revoke', {
    config: { access: { action: 'other_certificate.record' } },
    schema: {
      tags: otherTags,
      summary: '撤销登记的证书（保留记录，不再计入补贴与持证率）',
      params: Id,
      body: OtherCertificateRevokeBody,
      response: { 200: OtherCertificateRecordSchema, '4xx': ErrorSchema },
    },
    handler: async (req) => other.revokeOtherCertificate(app.deps, req.ctx, req.params.id, req.body.reason),
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
