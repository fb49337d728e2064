import { Type, type TSchema } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorSchema, fileResponse, IdParams, RevealedIdSchema, RevealIdBody } from '../../../../contract/api.js';
import {
  CandidateBody,
  DecisionBody,
  DecisionResultSchema,
  ExamSessionSchema,
  FinalizeResultSchema,
  ObjectionBody,
  ObjectionOutcomeSchema,
  ObjectionResolveBody,
  ObjectionSchema,
  PhotoResultSchema,
  PlanCreateBody,
  PlanDetailSchema,
  PlanSummarySchema,
  PublicResultsSchema,
  PublishResultsSchema,
  RegisterResultSchema,
  RegistrationSituationSchema,
  RosterQuery,
  ScoreCorrectedSchema,
  ScoreCorrectionBody,
  ScoreCorrectionParams,
  ScoreLedgerSchema,
  ScoresBody,
  ScoresConfirmedSchema,
  ScoresEnteredSchema,
  SessionBody,
  SessionCreatedSchema,
  StandardBody,
  StandardParams,
  StandardQuery,
  StandardSchema,
  WithdrawBody,
  WithdrawResultSchema,
} from '../../../../contract/api-assessment.js';
import { sendDownload } from '../../lib/download.js';
import { startPlanIssuance } from './issuance.service.js';
import * as plans from './plans.service.js';
import * as publicity from './publicity.service.js';
import * as registrations from './registrations.service.js';
import * as scores from './scores.service.js';
import * as sessions from './sessions.service.js';
import { rosterImport } from './roster.service.js';
import { registrationSituation } from './registration-situation.service.js';
import { withdrawRegistration } from './withdrawal.service.js';
import { rosterTemplate } from './roster-workbook.js';
import * as standards from './standards.service.js';
import { readUpload } from '../../lib/upload.js';
import { JobSchema } from '../../../../contract/api-jobs.js';
import { startUploadedImport } from '../jobs/import-job.js';

const Id = IdParams;
const tags = ['assessment'];
const ok = <T extends TSchema>(schema: T) => ({ 200: schema, '4xx': ErrorSchema });
const created = <T extends TSchema>(schema: T) => ({ 201: schema, '4xx': ErrorSchema });

export async function assessmentRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const d = app.deps;

  app.get('/api/standards', {
    config: { access: { action: 'reference.read' } },
    schema: {
      tags,
      summary: '职业技能标准（各等级）',
      querystring: StandardQuery,
      response: ok(Type.Array(StandardSchema)),
    },
    handler: async (req) => standards.listStandards(d, req.query.occupationId),
  });
  app.put('/api/standards/:occupationId/:level', {
    config: { access: { action: 'standard.edit' } },
    schema: {
      tags,
      summary: '修改职业技能标准（考核项目、合格线、时长、考务人员配比、申报条件）',
      params: StandardParams,
      body: StandardBody,
      response: ok(StandardSchema),
    },
    handler: async (req) =>
      standards.putStandard(d, req.ctx, req.params.occupationId, req.params.level, req.body as never),
  });
  app.get('/api/plans', {
    config: { access: { action: 'plan.read' } },
    schema: { tags, summary: '评价计划列表', response: ok(Type.Array(PlanSummarySchema)) },
    handler: async (req) => plans.listPlans(d, req.ctx),
  });
  app.post('/api/plans', {
    config: { access: { action: 'plan.manage' } },
    schema: {
      tags,
      summary: '新建评价计划（须在备案范围内）',
      body: PlanCreateBody,
      response: created(PlanDetailSchema),
    },
    handler: async (req, reply) => reply.status(201).send(await plans.createPlan(d, req.ctx, req.body)),
  });
  app.get('/api/plans/:id', {
    config: { access: { action: 'plan.read' } },
    schema: { tags, summary: '评价计划详情（考生、成绩）', params: Id, response: ok(PlanDetailSchema) },
    handler: async (req) => plans.getPlan(d, req.ctx, req.params.id),
  });
  app.post('/api/plans/:id/publish', {
    config: { access: { action: 'plan.manage' } },
    schema: { tags, summary: '发布评价公告', params: Id, response: ok(PlanDetailSchema) },
    handler: async (req) => plans.publishPlan(d, req.ctx, req.params.id),
  });
  app.post('/api/plans/:id/registrations', {
    config: { access: { action: 'plan.manage' } },
    schema: {
      tags,
      summary: '单个报名（自动资格审核）',
      params: Id,
      body: CandidateBody,
      response: created(RegisterResultSchema),
    },
    handler: async (req, reply) =>
      reply.status(201).send(await registrations.register(d, req.ctx, req.params.id, req.body)),
  });
  app.get('/api/roster-template', {
    config: { access: { action: 'plan.manage' } },
    schema: {
      tags,
      summary: '下载考生名单导入模板（.xlsx）',
      response: { 200: fileResponse('Excel 工作簿 (.xlsx)', 'xlsx'), '4xx': ErrorSchema },
    },
    handler: async (_req, reply) =>
      sendDownload(reply, 'xlsx', await rosterTemplate(), 'roster.xlsx', '考生名单模板.xlsx'),
  });
  app.post('/api/plans/:id/roster', {
    config: { access: { action: 'plan.manage' } },
    schema: {
      tags,
      summary:
        '导入考生名单（Excel）：作为后台任务运行（202，返回任务），先整表校验再写入，出错则一行不导；可跳过已报名的考生；结果（RosterResult）见 GET /api/jobs/:id 的 result',
      consumes: ['multipart/form-data'],
      params: Id,
      querystring: RosterQuery,
      // 503 IMPORTS_BUSY with Retry-After when the server runs as many imports as it allows
      response: { 202: JobSchema, '4xx': ErrorSchema, 503: ErrorSchema },
    },
    handler: async (req, reply) =>
      reply
        .status(202)
        .send(
          await startUploadedImport(d, req, (file) =>
            rosterImport(d, req.ctx, req.params.id, file, { skipRegistered: req.query.skipRegistered }),
          ),
        ),
  });
  app.post('/api/registrations/:id/withdraw', {
    config: { access: { action: 'plan.manage' } },
    schema: {
      tags,
      summary: '撤回报名（须写明理由；已录入成绩的不能撤回，CERT-11）',
      params: Id,
      body: WithdrawBody,
      response: ok(WithdrawResultSchema),
    },
    handler: async (req) => withdrawRegistration(d, req.ctx, req.params.id, req.body.reason),
  });
  app.get('/api/registrations/:id/situation', {
    config: { access: { action: 'plan.read' } },
    schema: {
      tags,
      summary: '考生学生身份：报名时据以审核收费的情况、现时情况与变更记录（CERT-10）',
      params: Id,
      response: ok(RegistrationSituationSchema),
    },
    handler: async (req) => registrationSituation(d, req.ctx, req.params.id),
  });
  app.post('/api/registrations/:id/reveal-id', {
    config: { access: { action: 'person.reveal_id' } },
    schema: {
      tags,
      summary: '查看考生的完整证件号码（须写明理由，记入审计，每小时限次）',
      params: Id,
      body: RevealIdBody,
      response: ok(RevealedIdSchema),
    },
    handler: async (req) => registrations.revealCandidateId(d, req.ctx, req.params.id, req.body.reason),
  });
  app.post('/api/registrations/:id/photo', {
    config: { access: { action: 'plan.manage' } },
    schema: {
      tags,
      summary: '为本机构考生上传证件照',
      consumes: ['multipart/form-data'],
      params: Id,
      response: ok(PhotoResultSchema),
    },
    handler: async (req) => {
      const f = await readUpload(req, '照片');
      return registrations.setCandidatePhoto(d, req.ctx, req.params.id, f.data, f.truncated);
    },
  });
  app.post('/api/registrations/:id/decision', {
    config: { access: { action: 'plan.manage' } },
    schema: {
      tags,
      summary: '人工资格审核（须写明理由）',
      params: Id,
      body: DecisionBody,
      response: ok(DecisionResultSchema),
    },
    handler: async (req) => registrations.decideRegistration(d, req.ctx, req.params.id, req.body),
  });
  app.get('/api/registrations/:id/ticket', {
    config: { access: { action: 'ticket.download' } },
    schema: {
      tags,
      summary: '准考证 PDF',
      params: Id,
      response: { 200: fileResponse('准考证 PDF', 'pdf'), '4xx': ErrorSchema },
    },
    handler: async (req, reply) =>
      sendDownload(
        reply,
        'pdf',
        await sessions.admissionTicket(d, req.ctx, req.params.id),
        `ticket-${req.params.id}.pdf`,
        `准考证-${req.params.id}.pdf`,
      ),
  });
  app.get('/api/plans/:id/sessions', {
    config: { access: { action: 'plan.read' } },
    schema: { tags, summary: '考场安排', params: Id, response: ok(Type.Array(ExamSessionSchema)) },
    handler: async (req) => sessions.listSessions(d, req.ctx, req.params.id),
  });
  app.post('/api/plans/:id/sessions', {
    config: { access: { action: 'plan.manage' } },
    schema: {
      tags,
      summary: '安排考场（按职业标准核验监考/考评人员配比）',
      params: Id,
      body: SessionBody,
      response: created(SessionCreatedSchema),
    },
    handler: async (req, reply) =>
      reply.status(201).send(await sessions.createSession(d, req.ctx, req.params.id, req.body)),
  });
  app.post('/api/plans/:id/scores', {
    config: { access: { action: 'score.enter' } },
    schema: {
      tags,
      summary: '录入成绩（须由另一人复核）',
      params: Id,
      body: ScoresBody,
      response: ok(ScoresEnteredSchema),
    },
    handler: async (req) => scores.enterScores(d, req.ctx, req.params.id, req.body.entries),
  });
  app.post('/api/plans/:id/scores/confirm', {
    config: { access: { action: 'score.confirm' } },
    schema: { tags, summary: '复核他人录入的成绩', params: Id, response: ok(ScoresConfirmedSchema) },
    handler: async (req) => scores.confirmScores(d, req.ctx, req.params.id),
  });
  app.post('/api/registrations/:id/scores/:part/correct', {
    config: { access: { action: 'score.correct' } },
    schema: {
      tags,
      summary: '更正成绩（生成新版本并说明理由，原记录保留）',
      params: ScoreCorrectionParams,
      body: ScoreCorrectionBody,
      response: ok(ScoreCorrectedSchema),
    },
    handler: async (req) => scores.correctScore(d, req.ctx, req.params.id, req.params.part as never, req.body),
  });
  app.get('/api/registrations/:id/scores', {
    config: { access: { action: 'plan.read' } },
    schema: { tags, summary: '成绩台账（全部版本）', params: Id, response: ok(ScoreLedgerSchema) },
    handler: async (req) => scores.scoreHistory(d, req.ctx, req.params.id),
  });
  app.post('/api/plans/:id/results/publish', {
    config: { access: { action: 'plan.manage' } },
    schema: { tags, summary: '公示成绩 5 个工作日', params: Id, response: ok(PublishResultsSchema) },
    handler: async (req) => publicity.publishResults(d, req.ctx, req.params.id),
  });
  app.get('/api/public/plans/:id/results', {
    config: { access: { public: 'results are published for 5 working days (公示), masked' } },
    schema: {
      tags: ['public'],
      summary: '成绩公示（姓名、证件号脱敏）',
      security: [],
      params: Id,
      response: ok(PublicResultsSchema),
    },
    handler: async (req) => publicity.publicResults(d, req.params.id),
  });
  app.post('/api/registrations/:id/objections', {
    config: { access: { action: 'objection.raise' } },
    schema: {
      tags,
      summary: '公示期内提出异议',
      params: Id,
      body: ObjectionBody,
      response: created(ObjectionOutcomeSchema),
    },
    handler: async (req, reply) =>
      reply.status(201).send(await publicity.raiseObjection(d, req.ctx, req.params.id, req.body.text)),
  });
  app.get('/api/plans/:id/objections', {
    config: { access: { action: 'plan.read' } },
    schema: { tags, summary: '异议列表', params: Id, response: ok(Type.Array(ObjectionSchema)) },
    handler: async (req) => publicity.listObjections(d, req.ctx, req.params.id),
  });
  app.post('/api/objections/:id/resolve', {
    config: { access: { action: 'plan.manage' } },
    schema: {
      tags,
      summary: '处理异议',
      params: Id,
      body: ObjectionResolveBody,
      response: ok(ObjectionOutcomeSchema),
    },
    handler: async (req) => publicity.resolveObjection(d, req.ctx, req.params.id, req.body),
  });
  app.post('/api/plans/:id/finalize', {
    config: { access: { action: 'plan.manage' } },
    schema: { tags, summary: '公示期满确认最终结果', params: Id, response: ok(FinalizeResultSchema) },
    handler: async (req) => publicity.finalizePlan(d, req.ctx, req.params.id),
  });
  app.post('/api/plans/:id/issue', {
    config: { access: { action: 'plan.manage' } },
    schema: {
      tags,
      summary:
        '为合格考生发证：立即答复后台任务（202），分批发证并报告进度；任务成功后其 result 为发证结果（IssueResult）。同一计划同时只能有一个发证任务（409 ISSUANCE_RUNNING）',
      params: Id,
      response: { 202: JobSchema, '4xx': ErrorSchema },
    },
    handler: async (req, reply) => reply.code(202).send(await startPlanIssuance(d, req.ctx, req.params.id)),
  });
}
