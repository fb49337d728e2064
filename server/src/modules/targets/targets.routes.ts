import { Type, type TSchema } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorSchema, fileResponse, StrictObject } from '../../../../contract/api.js';
import {
  AssessmentSheetQuery,
  DashboardSchema,
  GraduatingClassesSchema,
  GraduatingClassFields,
  GraduatingClassResultSchema,
  MonthlyReportSchema,
  ProgressQuery,
  ReportDelaysBody,
  ReportDelaysResultSchema,
  ReportQuery,
  ReportSubmitBody,
  ReportSubmitResultSchema,
  TargetImportResultSchema,
  TargetPutBody,
  TargetPutResultSchema,
  TargetsViewSchema,
  TARGET_YEAR_MIN,
} from '../../../../contract/api-targets.js';
import { YEAR_MAX } from '../../../../contract/limits.js';
import { sendDownload } from '../../lib/download.js';
import { readUpload } from '../../lib/upload.js';
import { followSources } from './aggregates.service.js';
import { dashboard } from './dashboard.service.js';
import { readDeps } from '../../lib/context.js';
import { assessmentSheetFile, bulletinFile, reportWorkbookFile } from './documents.service.js';
import { graduatesTemplate, graduatingClasses, importGraduates } from './graduates.service.js';
import { monthlyReport, recordOverdue, submitReport } from './reports.service.js';
import { importTargets, setTarget, targetsExport, targetsView } from './targets.service.js';

const ok = <T extends TSchema>(schema: T) => ({ 200: schema, '4xx': ErrorSchema });
const xlsx = { 200: fileResponse('Excel 工作簿 (.xlsx)', 'xlsx'), '4xx': ErrorSchema };
const pdf = { 200: fileResponse('PDF', 'pdf'), '4xx': ErrorSchema };
const tags = ['targets'];
const YearQuery = StrictObject({ year: Type.Integer({ minimum: TARGET_YEAR_MIN, maximum: YEAR_MAX }) });

export async function targetRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const d = app.deps;
  // the aggregates follow the records: certificates and 1+X holdings announce changes in their transaction
  followSources();

  app.get('/api/targets', {
    config: { access: { action: 'progress.read' } },
    schema: {
      tags,
      summary: '年度任务与完成进度：本单位及下级单位，下级任务之和与本级任务的差额（TGT-1）',
      querystring: ProgressQuery,
      response: ok(TargetsViewSchema),
    },
    handler: async (req) => targetsView(d, req.ctx, req.query),
  });
  app.put('/api/targets', {
    config: { access: { action: 'target.edit' } },
    schema: {
      tags,
      summary: '设定（或清除）下级单位某一指标的年度任务（TGT-1）',
      body: TargetPutBody,
      response: ok(TargetPutResultSchema),
    },
    handler: async (req) => setTarget(d, req.ctx, req.body),
  });
  app.get('/api/targets/export', {
    config: { access: { action: 'progress.read' } },
    schema: {
      tags,
      summary: '导出年度任务分解表（.xlsx，含完成情况；亦为导入模板）',
      querystring: ProgressQuery,
      response: xlsx,
    },
    handler: async (req, reply) =>
      sendDownload(reply, 'xlsx', await targetsExport(d, req.ctx, req.query), 'targets.xlsx', '年度任务分解表.xlsx'),
  });
  app.post('/api/targets/import', {
    config: { access: { action: 'target.edit' } },
    schema: {
      tags,
      summary: '导入年度任务分解表（整表校验，出错则一行不导，TGT-1）',
      consumes: ['multipart/form-data'],
      querystring: YearQuery,
      response: ok(TargetImportResultSchema),
    },
    handler: async (req) => {
      const file = await readUpload(req, ' .xlsx 文件');
      return importTargets(d, req.ctx, req.query.year, file.data);
    },
  });
  app.get('/api/dashboard', {
    config: { access: { action: 'progress.read' } },
    schema: {
      tags,
      summary: '数据看板：完成率地图、排名、月度趋势与序时进度线、年末预测、滞后单位（TGT-2、TGT-3）',
      querystring: ProgressQuery,
      response: ok(DashboardSchema),
    },
    // reads the aggregates through the read path (a standby in province mode, bounded staleness)
    handler: async (req) => dashboard(readDeps(d), req.ctx, req.query),
  });
  app.get('/api/reports', {
    config: { access: { action: 'progress.read' } },
    schema: {
      tags,
      summary: '月报：截至该月最后一日（北京时间）的数据；已报送的为冻结快照及此后的差异；下级报送情况（TGT-3、SUP-3）',
      querystring: ReportQuery,
      response: ok(MonthlyReportSchema),
    },
    handler: async (req) => monthlyReport(d, req.ctx, req.query),
  });
  app.get('/api/reports/workbook', {
    config: { access: { action: 'progress.read' } },
    schema: { tags, summary: '下载月报 Excel（汇总及每项指标一张表）', querystring: ReportQuery, response: xlsx },
    handler: async (req, reply) => {
      const f = await reportWorkbookFile(d, req.ctx, req.query);
      return sendDownload(reply, 'xlsx', f.content, `report-${req.query.month}.xlsx`, f.name);
    },
  });
  app.get('/api/reports/bulletin', {
    config: { access: { action: 'progress.read' } },
    schema: { tags, summary: '下载工作进展通报（PDF，含排名）', querystring: ReportQuery, response: pdf },
    handler: async (req, reply) => {
      const f = await bulletinFile(d, req.ctx, req.query);
      return sendDownload(reply, 'pdf', f.content, `bulletin-${req.query.month}.pdf`, f.name);
    },
  });
  app.post('/api/reports/submit', {
    config: { access: { action: 'report.submit' } },
    schema: {
      tags,
      summary: '确认并向上级报送本单位月报（冻结为快照；逾期报送计入机构信用）',
      body: ReportSubmitBody,
      response: ok(ReportSubmitResultSchema),
    },
    handler: async (req) => submitReport(d, req.ctx, req.body),
  });
  app.post('/api/reports/delays', {
    config: { access: { action: 'report.delay' } },
    schema: {
      tags,
      summary: '将下级机构逾期未报送月报计入其信用记录（SUP-3、INST-8，每月每单位一次）',
      body: ReportDelaysBody,
      response: ok(ReportDelaysResultSchema),
    },
    handler: async (req) => recordOverdue(d, req.ctx, req.body),
  });
  app.get('/api/assessment-sheet', {
    config: { access: { action: 'progress.read' } },
    schema: {
      tags,
      summary: '下载年度考核表：各县（市、区）和院校的任务完成率（TGT-4）',
      querystring: AssessmentSheetQuery,
      response: xlsx,
    },
    handler: async (req, reply) => {
      const f = await assessmentSheetFile(d, req.ctx, req.query);
      return sendDownload(reply, 'xlsx', f.content, `assessment-${req.query.year}.xlsx`, f.name);
    },
  });
  app.get('/api/graduating-classes/template', {
    config: { access: { action: 'graduates.import' } },
    schema: { tags, summary: '下载毕业生名册导入模板（.xlsx）', response: xlsx },
    handler: async (_req, reply) =>
      sendDownload(reply, 'xlsx', await graduatesTemplate(), 'graduates.xlsx', '毕业生名册模板.xlsx'),
  });
  app.get('/api/graduating-classes', {
    config: { access: { action: 'graduates.import' } },
    schema: { tags, summary: '本校已导入的毕业生名册（按届）', response: ok(GraduatingClassesSchema) },
    handler: async (req) => graduatingClasses(d, req.ctx),
  });
  app.post('/api/graduating-classes', {
    config: { access: { action: 'graduates.import' } },
    schema: {
      tags,
      summary: '导入本校某届毕业生名册（替换该届名册；整表校验，出错则一行不导，CERT-9）',
      consumes: ['multipart/form-data'],
      querystring: GraduatingClassFields,
      response: ok(GraduatingClassResultSchema),
    },
    handler: async (req) => {
      const file = await readUpload(req, ' .xlsx 文件');
      return importGraduates(d, req.ctx, req.query.graduationYear, file.data);
    },
  });
}
