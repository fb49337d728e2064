import { Type, type TSchema } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorSchema, fileResponse, IdParams, paged } from '../../../../contract/api.js';
import {
  ClassBody,
  ClassChecksSchema,
  ClassDecisionBody,
  ClassDetailSchema,
  ClassExportQuery,
  ClassQuery,
  ClassSchema,
  ClassStepBody,
  InspectionBody,
  OccupationParams,
  OccupationSettingBody,
  OccupationSettingSchema,
  ProviderCreateBody,
  ProviderDetailSchema,
  ProviderQuery,
  ProviderSchema,
  ProviderScopeBody,
  PublicClassSchema,
  PublicExitSchema,
  PublicProviderSchema,
  PublicTrainingQuery,
  TraineeBody,
  TraineeSchema,
  TrainerBody,
  TrainerSchema,
  TrainingFilingBody,
  TrainingFilingDecisionBody,
  TrainingFilingSchema,
  TrainingReasonBody,
} from '../../../../contract/api-training.js';
import {
  AttendanceBody,
  ClassHoursSchema,
  CompletionBody,
  CompletionSchema,
  DeletedSchema,
  RecordingBody,
  ClassHourBody,
  SessionSchema,
  SessionsCreatedSchema,
  SpotCheckBody,
  SpotCheckSchema,
} from '../../../../contract/api-training-hours.js';
import {
  PublicSurveySchema,
  SurveyAnswerBody,
  SurveyAnsweredSchema,
  SurveyInvitesSchema,
  SurveySummarySchema,
  SurveyTokenParams,
} from '../../../../contract/api-training-survey.js';
import { sendDownload } from '../../lib/download.js';
import * as classes from './classes.service.js';
import * as completion from './completion.service.js';
import * as filings from './filings.service.js';
import * as hours from './hours.service.js';
import { onlineTemplate } from './online-workbook.js';
import * as providers from './providers.service.js';
import * as settings from './settings.service.js';
import * as survey from './survey.service.js';
import * as exports from './training-export.service.js';
import { traineeTemplate } from './trainee-workbook.js';
import { startUploadedImport } from '../jobs/import-job.js';
import { JobSchema } from '../../../../contract/api-jobs.js';
import * as trainees from './trainees.service.js';
import * as trainers from './trainers.service.js';
import { followCertificates } from './evaluation-listener.js';

const tags = ['training'];
const ok = <T extends TSchema>(schema: T) => ({ 200: schema, '4xx': ErrorSchema });
const created = <T extends TSchema>(schema: T) => ({ 201: schema, '4xx': ErrorSchema });

export async function trainingRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const d = app.deps;
  // TRAIN-9: a skill certificate issued to a trainee records the trainee's evaluation
  followCertificates();

  // ---- public (no login): the catalogue, its exits (曝光) and the published classes (公布培训班次)
  app.get('/api/public/training/providers', {
    config: { access: { public: 'the training provider catalogue (培训机构目录清单) is public' } },
    schema: {
      tags: ['public'],
      summary: '培训机构目录清单（公开，无需登录）',
      security: [],
      querystring: PublicTrainingQuery,
      response: ok(paged(PublicProviderSchema)),
    },
    handler: async (req) => providers.publicProviders(d, req.query),
  });
  app.get('/api/public/training/exits', {
    config: { access: { public: 'exits from the catalogue are published (退出目录清单，向社会曝光)' } },
    schema: {
      tags: ['public'],
      summary: '退出目录清单的培训机构（公开曝光）',
      security: [],
      querystring: PublicTrainingQuery,
      response: ok(paged(PublicExitSchema)),
    },
    handler: async (req) => providers.publicExits(d, req.query),
  });
  app.get('/api/public/training/classes', {
    config: { access: { public: 'approved classes are published (公布培训班次)' } },
    schema: {
      tags: ['public'],
      summary: '已批准的培训班次（公开）',
      security: [],
      querystring: PublicTrainingQuery,
      response: ok(paged(PublicClassSchema)),
    },
    handler: async (req) => classes.publishedClasses(d, req.query),
  });

  // ---- the satisfaction survey after training (TRAIN-8): anonymous, through a trainee's QR code
  app.get('/api/public/training/survey/:token', {
    config: {
      access: { public: 'a trainee answers the satisfaction survey through the code handed out, without an account' },
    },
    schema: {
      tags: ['public'],
      summary: '满意度调查：二维码对应的培训班（公开，无需登录；不显示学员）',
      security: [],
      params: SurveyTokenParams,
      response: ok(PublicSurveySchema),
    },
    handler: async (req) => survey.publicSurvey(d, req.params.token),
  });
  app.post('/api/public/training/survey/:token', {
    config: { access: { public: 'the anonymous answer of the satisfaction survey (one per code, TRAIN-8)' } },
    schema: {
      tags: ['public'],
      summary: '提交满意度评价（匿名：答卷不记录学员、二维码与时间；每个二维码一次，TRAIN-8）',
      security: [],
      params: SurveyTokenParams,
      body: SurveyAnswerBody,
      response: created(SurveyAnsweredSchema),
    },
    handler: async (req, reply) =>
      reply.status(201).send(await survey.answerSurvey(d, req.ctx, req.params.token, req.body)),
  });

  // ---- the catalogue
  app.get('/api/training/providers', {
    config: { access: { action: 'training.read' } },
    schema: {
      tags,
      summary: '培训机构目录清单（按管辖范围）',
      querystring: ProviderQuery,
      response: ok(paged(ProviderSchema)),
    },
    handler: async (req) => providers.listProviders(d, req.ctx, req.query),
  });
  app.post('/api/training/providers', {
    config: { access: { action: 'training.provider.manage' } },
    schema: {
      tags,
      summary: '纳入目录清单（机构库中的机构，或登记新机构）及其培训职业',
      body: ProviderCreateBody,
      response: created(ProviderSchema),
    },
    handler: async (req, reply) => reply.status(201).send(await providers.createProvider(d, req.ctx, req.body)),
  });
  app.get('/api/training/providers/:id', {
    config: { access: { action: 'training.read' } },
    schema: {
      tags,
      summary: '目录清单条目：培训职业、年检、变更记录、跨区域报备、整改期',
      params: IdParams,
      response: ok(ProviderDetailSchema),
    },
    handler: async (req) => providers.getProvider(d, req.ctx, req.params.id),
  });
  app.put('/api/training/providers/:id/occupations', {
    config: { access: { action: 'training.provider.manage' } },
    schema: {
      tags,
      summary: '设定培训职业（工种）范围',
      params: IdParams,
      body: ProviderScopeBody,
      response: ok(ProviderSchema),
    },
    handler: async (req) => providers.setScope(d, req.ctx, req.params.id, req.body.occupationIds),
  });
  app.post('/api/training/providers/:id/inspections', {
    config: { access: { action: 'training.provider.manage' } },
    schema: { tags, summary: '登记年检结果', params: IdParams, body: InspectionBody, response: ok(ProviderSchema) },
    handler: async (req) => providers.recordInspection(d, req.ctx, req.params.id, req.body),
  });
  app.post('/api/training/providers/:id/exit', {
    config: { access: { action: 'training.provider.manage' } },
    schema: {
      tags,
      summary: '退出目录清单（写明理由，向社会公开）',
      params: IdParams,
      body: TrainingReasonBody,
      response: ok(ProviderSchema),
    },
    handler: async (req) => providers.exitProvider(d, req.ctx, req.params.id, req.body.reason),
  });
  app.post('/api/training/providers/:id/relist', {
    config: { access: { action: 'training.provider.manage' } },
    schema: {
      tags,
      summary: '恢复纳入目录清单',
      params: IdParams,
      body: TrainingReasonBody,
      response: ok(ProviderSchema),
    },
    handler: async (req) => providers.relistProvider(d, req.ctx, req.params.id, req.body.reason),
  });

  // ---- full-time trainers (专职师资报备)
  app.get('/api/training/providers/:id/trainers', {
    config: { access: { action: 'training.read' } },
    schema: { tags, summary: '专职师资', params: IdParams, response: ok(Type.Array(TrainerSchema)) },
    handler: async (req) => trainers.listTrainers(d, req.ctx, req.params.id),
  });
  app.post('/api/training/providers/:id/trainers', {
    config: { access: { action: 'training.trainer.manage' } },
    schema: {
      tags,
      summary: '报备专职教师（一人只计一次，TRAIN-12）',
      params: IdParams,
      body: TrainerBody,
      response: created(TrainerSchema),
    },
    handler: async (req, reply) =>
      reply.status(201).send(await trainers.registerTrainer(d, req.ctx, req.params.id, req.body)),
  });
  app.post('/api/training/trainers/:id/leave', {
    config: { access: { action: 'training.trainer.manage' } },
    schema: {
      tags,
      summary: '登记专职教师离职',
      params: IdParams,
      body: TrainingReasonBody,
      response: ok(TrainerSchema),
    },
    handler: async (req) => trainers.trainerLeaves(d, req.ctx, req.params.id, req.body.reason),
  });

  // ---- cross-region filings (TRAIN-13)
  app.get('/api/training/filings', {
    config: { access: { action: 'training.read' } },
    schema: { tags, summary: '跨区域培训报备（按管辖范围）', response: ok(Type.Array(TrainingFilingSchema)) },
    handler: async (req) => filings.listFilings(d, req.ctx),
  });
  app.post('/api/training/filings', {
    config: { access: { action: 'training.filing.apply' } },
    schema: {
      tags,
      summary: '向培训所在地人社部门申请跨区域培训报备（TRAIN-13）',
      body: TrainingFilingBody,
      response: created(TrainingFilingSchema),
    },
    handler: async (req, reply) => reply.status(201).send(await filings.applyFiling(d, req.ctx, req.body)),
  });
  app.post('/api/training/filings/:id/decision', {
    config: { access: { action: 'training.filing.decide' } },
    schema: {
      tags,
      summary: '同意或不同意跨区域培训报备（培训所在地人社部门）',
      params: IdParams,
      body: TrainingFilingDecisionBody,
      response: ok(TrainingFilingSchema),
    },
    handler: async (req) => filings.decideFiling(d, req.ctx, req.params.id, req.body),
  });

  // ---- classes (开班申请)
  app.get('/api/training/classes', {
    config: { access: { action: 'training.read' } },
    schema: {
      tags,
      summary: '培训班与开班申请（按管辖范围）',
      querystring: ClassQuery,
      response: ok(paged(ClassSchema)),
    },
    handler: async (req) => classes.listClasses(d, req.ctx, req.query),
  });
  app.get('/api/training/classes/export', {
    config: { access: { action: 'training.export' } },
    schema: {
      tags,
      summary: '导出培训班列表 Excel（与列表相同的筛选与管辖范围，记入审计）',
      querystring: ClassExportQuery,
      response: { 200: fileResponse('Excel 工作簿 (.xlsx)', 'xlsx'), '4xx': ErrorSchema },
    },
    handler: async (req, reply) =>
      sendDownload(reply, 'xlsx', await exports.exportClasses(d, req.ctx, req.query), 'classes.xlsx', '培训班.xlsx'),
  });
  app.get('/api/training/classes/:id/trainees/export', {
    config: { access: { action: 'training.export' } },
    schema: {
      tags,
      summary: '导出培训班学员名单 Excel（证件号码脱敏，记入审计）',
      params: IdParams,
      response: { 200: fileResponse('Excel 工作簿 (.xlsx)', 'xlsx'), '4xx': ErrorSchema },
    },
    handler: async (req, reply) =>
      sendDownload(
        reply,
        'xlsx',
        await exports.exportTrainees(d, req.ctx, req.params.id),
        `trainees-${req.params.id}.xlsx`,
        `学员名单-${req.params.id}.xlsx`,
      ),
  });
  app.get('/api/training/classes/:id/attendance/export', {
    config: { access: { action: 'training.export' } },
    schema: {
      tags,
      summary:
        '导出考勤表 Excel：学员 × 线下课时，出勤、缺勤、请假、补课（TRAIN-10），合规学时；证件号码脱敏，记入审计',
      params: IdParams,
      response: { 200: fileResponse('Excel 工作簿 (.xlsx)', 'xlsx'), '4xx': ErrorSchema },
    },
    handler: async (req, reply) =>
      sendDownload(
        reply,
        'xlsx',
        await exports.exportAttendance(d, req.ctx, req.params.id),
        `attendance-${req.params.id}.xlsx`,
        `考勤表-${req.params.id}.xlsx`,
      ),
  });
  app.post('/api/training/classes/check', {
    config: { access: { action: 'training.class.apply' } },
    schema: {
      tags,
      summary: '检查开班申请（TRAIN-1、2、3、8、12、13 等，逐项说明；不保存）',
      body: ClassBody,
      response: ok(ClassChecksSchema),
    },
    handler: async (req) => classes.checkDraft(d, req.ctx, req.body),
  });
  app.post('/api/training/classes', {
    config: { access: { action: 'training.class.apply' } },
    schema: { tags, summary: '新建开班申请（草稿）', body: ClassBody, response: created(ClassSchema) },
    handler: async (req, reply) => reply.status(201).send(await classes.createClass(d, req.ctx, req.body)),
  });
  app.get('/api/training/classes/:id', {
    config: { access: { action: 'training.read' } },
    schema: { tags, summary: '培训班详情、办理记录与开班检查', params: IdParams, response: ok(ClassDetailSchema) },
    handler: async (req) => classes.getClass(d, req.ctx, req.params.id),
  });
  app.put('/api/training/classes/:id', {
    config: { access: { action: 'training.class.apply' } },
    schema: {
      tags,
      summary: '修改开班申请（草稿或已退回）',
      params: IdParams,
      body: ClassBody,
      response: ok(ClassSchema),
    },
    handler: async (req) => classes.updateClass(d, req.ctx, req.params.id, req.body),
  });
  app.post('/api/training/classes/:id/steps', {
    config: { access: { action: 'training.class.apply' } },
    schema: {
      tags,
      summary: '提交、撤回开班申请，或在开班前取消已批准的培训班',
      params: IdParams,
      body: ClassStepBody,
      response: ok(ClassSchema),
    },
    handler: async (req) => classes.classStep(d, req.ctx, req.params.id, req.body),
  });
  app.post('/api/training/classes/:id/decision', {
    config: { access: { action: 'training.class.decide' } },
    schema: {
      tags,
      summary: '批准或退回开班申请（培训所在地人社部门，开班前）',
      params: IdParams,
      body: ClassDecisionBody,
      response: ok(ClassSchema),
    },
    handler: async (req) => classes.decideClass(d, req.ctx, req.params.id, req.body),
  });

  // ---- trainees
  app.get('/api/training/classes/:id/trainees', {
    config: { access: { action: 'training.read' } },
    schema: { tags, summary: '培训班学员（证件号码脱敏）', params: IdParams, response: ok(Type.Array(TraineeSchema)) },
    handler: async (req) => trainees.listTrainees(d, req.ctx, req.params.id),
  });
  app.post('/api/training/classes/:id/trainees', {
    config: { access: { action: 'training.trainee.manage' } },
    schema: {
      tags,
      summary: '登记学员（已批准的培训班；TRAIN-5、6、7、11）',
      params: IdParams,
      body: TraineeBody,
      response: created(TraineeSchema),
    },
    handler: async (req, reply) =>
      reply.status(201).send(await trainees.addTrainee(d, req.ctx, req.params.id, req.body)),
  });
  app.post('/api/training/classes/:id/trainees/import', {
    config: { access: { action: 'training.trainee.manage' } },
    schema: {
      tags,
      summary:
        '导入学员名单（Excel）：作为后台任务运行（202，返回任务），先整表校验再写入，出错则一行不导；结果（TraineeImportResult）见 GET /api/jobs/:id 的 result',
      consumes: ['multipart/form-data'],
      params: IdParams,
      // 503 IMPORTS_BUSY with Retry-After when the server runs as many imports as it allows
      response: { 202: JobSchema, '4xx': ErrorSchema, 503: ErrorSchema },
    },
    handler: async (req, reply) =>
      reply
        .status(202)
        .send(await startUploadedImport(d, req, (file) => trainees.traineeImport(d, req.ctx, req.params.id, file))),
  });
  app.get('/api/training/trainee-template', {
    config: { access: { action: 'training.trainee.manage' } },
    schema: {
      tags,
      summary: '下载学员名单导入模板（.xlsx）',
      response: { 200: fileResponse('Excel 工作簿 (.xlsx)', 'xlsx'), '4xx': ErrorSchema },
    },
    handler: async (_req, reply) =>
      sendDownload(reply, 'xlsx', await traineeTemplate(), 'trainees.xlsx', '培训学员名单模板.xlsx'),
  });
  app.post('/api/training/trainees/:id/withdraw', {
    config: { access: { action: 'training.trainee.manage' } },
    schema: { tags, summary: '登记学员退学', params: IdParams, body: TrainingReasonBody, response: ok(TraineeSchema) },
    handler: async (req) => trainees.withdrawTrainee(d, req.ctx, req.params.id, req.body.reason),
  });

  // ---- hours that count (TRAIN-4, TRAIN-10, TRAIN-11, seed 002 三（二）)
  app.get('/api/training/classes/:id/hours', {
    config: { access: { action: 'training.read' } },
    schema: {
      tags,
      summary: '课时与考勤：课时安排、考勤、录像、实地抽查、线上学习记录与每名学员的合规学时（由记录计算）',
      params: IdParams,
      response: ok(ClassHoursSchema),
    },
    handler: async (req) => hours.getHours(d, req.ctx, req.params.id),
  });
  app.post('/api/training/classes/:id/sessions', {
    config: { access: { action: 'training.hours.record' } },
    schema: {
      tags,
      summary: '安排课时（已批准的本机构培训班；连续若干课时，每课时为本班课时长度；TRAIN-1）',
      params: IdParams,
      body: ClassHourBody,
      response: created(SessionsCreatedSchema),
    },
    handler: async (req, reply) => reply.status(201).send(await hours.addSessions(d, req.ctx, req.params.id, req.body)),
  });
  app.delete('/api/training/sessions/:id', {
    config: { access: { action: 'training.hours.record' } },
    schema: { tags, summary: '删除尚无任何记录的课时', params: IdParams, response: ok(DeletedSchema) },
    handler: async (req) => hours.deleteSession(d, req.ctx, req.params.id),
  });
  app.put('/api/training/sessions/:id/attendance', {
    config: { access: { action: 'training.hours.record' } },
    schema: {
      tags,
      summary: '登记课时考勤：出勤、缺勤、书面请假、结业考核前补课（TRAIN-10）',
      params: IdParams,
      body: AttendanceBody,
      response: ok(SessionSchema),
    },
    handler: async (req) => hours.recordAttendance(d, req.ctx, req.params.id, req.body),
  });
  app.put('/api/training/sessions/:id/recording', {
    config: { access: { action: 'training.hours.record' } },
    schema: {
      tags,
      summary: '登记课时录像：文件、起止、连续录像段（理论全程、实操连续不少于15分钟，TRAIN-4）',
      params: IdParams,
      body: RecordingBody,
      response: ok(SessionSchema),
    },
    handler: async (req) => hours.putRecording(d, req.ctx, req.params.id, req.body),
  });
  app.post('/api/training/classes/:id/spot-checks', {
    config: { access: { action: 'training.class.inspect' } },
    schema: {
      tags,
      summary: '登记实地抽查在位人员（培训所在地人社部门；少于开班人数的按检查在位平均人数计）',
      params: IdParams,
      body: SpotCheckBody,
      response: created(SpotCheckSchema),
    },
    handler: async (req, reply) =>
      reply.status(201).send(await hours.addSpotCheck(d, req.ctx, req.params.id, req.body)),
  });
  app.post('/api/training/classes/:id/online-records/import', {
    config: { access: { action: 'training.hours.record' } },
    schema: {
      tags,
      summary:
        '导入线上学习记录（Excel）：作为后台任务运行（202，返回任务），整表校验，出错则一行不导；有异常的记录无效（TRAIN-11）；结果（OnlineImportResult）见 GET /api/jobs/:id 的 result',
      consumes: ['multipart/form-data'],
      params: IdParams,
      // 503 IMPORTS_BUSY with Retry-After when the server runs as many imports as it allows
      response: { 202: JobSchema, '4xx': ErrorSchema, 503: ErrorSchema },
    },
    handler: async (req, reply) =>
      reply
        .status(202)
        .send(await startUploadedImport(d, req, (file) => hours.onlineRecordImport(d, req.ctx, req.params.id, file))),
  });
  app.get('/api/training/online-record-template', {
    config: { access: { action: 'training.hours.record' } },
    schema: {
      tags,
      summary: '下载线上学习记录导入模板（.xlsx）',
      response: { 200: fileResponse('Excel 工作簿 (.xlsx)', 'xlsx'), '4xx': ErrorSchema },
    },
    handler: async (_req, reply) =>
      sendDownload(reply, 'xlsx', await onlineTemplate(), 'online-records.xlsx', '线上学习记录模板.xlsx'),
  });

  app.post('/api/training/trainees/:id/completion', {
    config: { access: { action: 'training.completion.record' } },
    schema: {
      tags,
      summary: '登记培训合格证书类考核结果（培训所在地县级以上人社部门；有职业技能等级证书等的职业不得组织，TRAIN-9）',
      params: IdParams,
      body: CompletionBody,
      response: created(CompletionSchema),
    },
    handler: async (req, reply) =>
      reply.status(201).send(await completion.recordCompletion(d, req.ctx, req.params.id, req.body)),
  });
  app.get('/api/training/trainees/:id/completion-certificate', {
    config: { access: { action: 'training.read' } },
    schema: {
      tags,
      summary: '下载培训合格证书（PDF，考核合格且学时已满）',
      params: IdParams,
      response: { 200: fileResponse('培训合格证书 PDF（A4）', 'pdf'), '4xx': ErrorSchema },
    },
    handler: async (req, reply) => {
      const r = await completion.completionCertificate(d, req.ctx, req.params.id);
      return sendDownload(reply, 'pdf', r.pdf, `${r.number}.pdf`, `培训合格证书-${r.number}.pdf`);
    },
  });

  app.get('/api/training/classes/:id/survey', {
    config: { access: { action: 'training.read' } },
    schema: {
      tags,
      summary: '培训班满意度调查：作答人数；结束后为满意度、各项平均分与意见（只有汇总，不含个人答卷，TRAIN-8）',
      params: IdParams,
      response: ok(SurveySummarySchema),
    },
    handler: async (req) => survey.surveySummary(d, req.ctx, req.params.id),
  });
  app.get('/api/training/classes/:id/survey/codes', {
    config: { access: { action: 'training.survey.print' } },
    schema: {
      tags,
      summary: '满意度调查二维码（本机构培训班，每名学员一个，打印后发给学员）',
      params: IdParams,
      response: ok(SurveyInvitesSchema),
    },
    handler: async (req) => survey.surveyInvites(d, req.ctx, req.params.id),
  });
  app.post('/api/training/classes/:id/survey/close', {
    config: { access: { action: 'training.survey.close' } },
    schema: {
      tags,
      summary: '结束满意度调查（培训所在地人社部门；低于85%的培训机构停止开班整改一个月，TRAIN-8）',
      params: IdParams,
      response: ok(SurveySummarySchema),
    },
    handler: async (req) => survey.closeSurvey(d, req.ctx, req.params.id),
  });

  // ---- the province's per-occupation training settings (TRAIN-3, TRAIN-11)
  app.get('/api/training/occupation-settings', {
    config: { access: { action: 'reference.read' } },
    schema: { tags, summary: '职业（工种）的培训规定', response: ok(Type.Array(OccupationSettingSchema)) },
    handler: async () => settings.listSettings(d),
  });
  app.put('/api/training/occupation-settings/:occupationId', {
    config: { access: { action: 'training.settings.edit' } },
    schema: {
      tags,
      summary: '设定职业（工种）的培训规定（学时规定、其他证书、线下实训学时）',
      params: OccupationParams,
      body: OccupationSettingBody,
      response: ok(OccupationSettingSchema),
    },
    handler: async (req) => settings.putSetting(d, req.ctx, req.params.occupationId, req.body),
  });
}
