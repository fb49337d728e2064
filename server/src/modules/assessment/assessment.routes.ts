import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorSchema, Nullable } from '../../../../contract/api.js';
import { Enum } from '../../../../contract/api-institutions.js';
import { AppError } from '../../lib/errors.js';
import { sendDownload } from '../../lib/download.js';
import { issueForPlan } from './issuance.service.js';
import * as plans from './plans.service.js';
import * as publicity from './publicity.service.js';
import * as registrations from './registrations.service.js';
import * as scores from './scores.service.js';
import * as sessions from './sessions.service.js';
import { importRoster } from './roster.service.js';
import { rosterTemplate } from './roster-workbook.js';
import * as standards from './standards.service.js';
import { readUpload } from '../../lib/upload.js';

const Id = Type.Object({ id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
const Part = Enum(['theory', 'practical', 'panel'] as const);
const Level = Type.Integer({ minimum: 1, maximum: 5 });
const Any = Type.Unknown();
const tags = ['assessment'];
const ok = (schema: ReturnType<typeof Type.Object> | typeof Any = Any) => ({ 200: schema, '4xx': ErrorSchema });

const Condition = Type.Union([
  Type.Object(
    { type: Type.Literal('age_min'), years: Type.Integer({ minimum: 0, maximum: 80 }) },
    { additionalProperties: false },
  ),
  Type.Object({ type: Type.Literal('working_in_occupation') }, { additionalProperties: false }),
  Type.Object(
    { type: Type.Literal('years_in_occupation'), years: Type.Integer({ minimum: 0, maximum: 50 }) },
    { additionalProperties: false },
  ),
  Type.Object(
    { type: Type.Literal('prior_level'), level: Level, years: Type.Integer({ minimum: 0, maximum: 50 }) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal('graduate'),
      studentTypes: Type.Array(
        Enum(['undergraduate', 'junior_college', 'secondary_vocational', 'technical'] as const),
        { minItems: 1 },
      ),
      graduationYearStudents: Type.Boolean(),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal('professional_title'),
      title: Enum(['junior', 'intermediate', 'senior'] as const),
      years: Type.Integer({ minimum: 0, maximum: 50 }),
    },
    { additionalProperties: false },
  ),
]);
const StandardBody = Type.Object(
  {
    edition: Type.String({ minLength: 4, maxLength: 20 }),
    parts: Type.Array(Part, { minItems: 2, maxItems: 3, uniqueItems: true }),
    passMark: Type.Integer({ minimum: 1, maximum: 100 }),
    minutes: Type.Object(
      {
        theory: Type.Integer({ minimum: 10, maximum: 600 }),
        practical: Type.Integer({ minimum: 10, maximum: 1440 }),
        panel: Type.Integer({ minimum: 10, maximum: 600 }),
      },
      { additionalProperties: false },
    ),
    staffing: Type.Object(
      {
        invigilatorRatio: Type.Integer({ minimum: 1, maximum: 60 }),
        minInvigilators: Type.Integer({ minimum: 1, maximum: 10 }),
        examinerRatio: Type.Integer({ minimum: 1, maximum: 30 }),
        minExaminers: Type.Integer({ minimum: 1, maximum: 15 }),
        minPanel: Type.Integer({ minimum: 1, maximum: 15 }),
      },
      { additionalProperties: false },
    ),
    eligibility: Type.Array(
      Type.Object(
        { label: Type.String({ minLength: 2, maxLength: 100 }), all: Type.Array(Condition, { minItems: 1 }) },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
  },
  { additionalProperties: false },
);
const Candidate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 40 }),
    idType: Type.Optional(Enum(['resident_id', 'passport', 'hk_macao', 'taiwan'] as const)),
    idNumber: Type.String({ minLength: 5, maxLength: 30 }),
    birthDate: Type.Optional(Nullable(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }))),
    phone: Type.Optional(Nullable(Type.String({ pattern: '^[0-9-]{7,20}$' }))),
    studentType: Type.Optional(
      Nullable(Enum(['undergraduate', 'junior_college', 'secondary_vocational', 'technical'] as const)),
    ),
    graduationYear: Type.Optional(Nullable(Type.Integer({ minimum: 1950, maximum: 2100 }))),
    inSchool: Type.Optional(Type.Boolean()),
    yearsInOccupation: Type.Optional(Type.Integer({ minimum: 0, maximum: 60 })),
    workingInOccupation: Type.Optional(Type.Boolean()),
    title: Type.Optional(Nullable(Enum(['junior', 'intermediate', 'senior'] as const))),
    titleSince: Type.Optional(Nullable(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }))),
    outstandingGraduate: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export async function assessmentRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const d = app.deps;

  app.get('/api/standards', {
    config: { access: { action: 'reference.read' } },
    schema: {
      tags,
      summary: '职业技能标准（各等级）',
      querystring: Type.Object({ occupationId: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
      response: ok(),
    },
    handler: async (req) => standards.listStandards(d, req.query.occupationId),
  });
  app.put('/api/standards/:occupationId/:level', {
    config: { access: { action: 'standard.edit' } },
    schema: {
      tags,
      summary: '修改职业技能标准（考核项目、合格线、时长、考务人员配比、申报条件）',
      params: Type.Object(
        { occupationId: Type.Integer({ minimum: 1 }), level: Level },
        { additionalProperties: false },
      ),
      body: StandardBody,
      response: ok(),
    },
    handler: async (req) =>
      standards.putStandard(d, req.ctx, req.params.occupationId, req.params.level, req.body as never),
  });
  app.get('/api/plans', {
    config: { access: { action: 'plan.read' } },
    schema: { tags, summary: '评价计划列表', response: ok() },
    handler: async (req) => plans.listPlans(d, req.ctx),
  });
  app.post('/api/plans', {
    config: { access: { action: 'plan.manage' } },
    schema: {
      tags,
      summary: '新建评价计划（须在备案范围内）',
      body: Type.Object(
        {
          occupationId: Type.Integer({ minimum: 1 }),
          level: Level,
          year: Type.Integer({ minimum: 2020, maximum: 2100 }),
          title: Type.String({ minLength: 2, maxLength: 120 }),
          fee: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
          notice: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
        },
        { additionalProperties: false },
      ),
      response: { 201: Any, '4xx': ErrorSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await plans.createPlan(d, req.ctx, req.body)),
  });
  app.get('/api/plans/:id', {
    config: { access: { action: 'plan.read' } },
    schema: { tags, summary: '评价计划详情（考生、成绩）', params: Id, response: ok() },
    handler: async (req) => plans.getPlan(d, req.ctx, req.params.id),
  });
  app.post('/api/plans/:id/publish', {
    config: { access: { action: 'plan.manage' } },
    schema: { tags, summary: '发布评价公告', params: Id, response: ok() },
    handler: async (req) => plans.publishPlan(d, req.ctx, req.params.id),
  });
  app.post('/api/plans/:id/registrations', {
    config: { access: { action: 'plan.manage' } },
    schema: {
      tags,
      summary: '单个报名（自动资格审核）',
      params: Id,
      body: Candidate,
      response: { 201: Any, '4xx': ErrorSchema },
    },
    handler: async (req, reply) =>
      reply.status(201).send(await registrations.register(d, req.ctx, req.params.id, req.body)),
  });
  app.get('/api/roster-template', {
    config: { access: { action: 'plan.manage' } },
    schema: {
      tags,
      summary: '下载考生名单导入模板（.xlsx）',
      response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), '4xx': ErrorSchema },
    },
    handler: async (_req, reply) =>
      sendDownload(reply, 'xlsx', await rosterTemplate(), 'roster.xlsx', '考生名单模板.xlsx'),
  });
  app.post('/api/plans/:id/roster', {
    config: { access: { action: 'plan.manage' } },
    schema: {
      tags,
      summary: '导入考生名单（Excel，整表校验，出错则一行不导）',
      consumes: ['multipart/form-data'],
      params: Id,
      response: ok(),
    },
    handler: async (req) => {
      const file = await readUpload(req, ' .xlsx 文件');
      return importRoster(d, req.ctx, req.params.id, file.data);
    },
  });
  app.post('/api/registrations/:id/photo', {
    config: { access: { action: 'plan.manage' } },
    schema: {
      tags,
      summary: '为本机构考生上传证件照',
      consumes: ['multipart/form-data'],
      params: Id,
      response: ok(),
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
      body: Type.Object(
        { eligible: Type.Boolean(), reason: Type.String({ minLength: 2, maxLength: 500 }) },
        { additionalProperties: false },
      ),
      response: ok(),
    },
    handler: async (req) => registrations.decideRegistration(d, req.ctx, req.params.id, req.body),
  });
  app.get('/api/registrations/:id/ticket', {
    config: { access: { action: 'ticket.download' } },
    schema: {
      tags,
      summary: '准考证 PDF',
      params: Id,
      response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), '4xx': ErrorSchema },
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
    schema: { tags, summary: '考场安排', params: Id, response: ok() },
    handler: async (req) => sessions.listSessions(d, req.ctx, req.params.id),
  });
  app.post('/api/plans/:id/sessions', {
    config: { access: { action: 'plan.manage' } },
    schema: {
      tags,
      summary: '安排考场（按职业标准核验监考/考评人员配比）',
      params: Id,
      body: Type.Object(
        {
          part: Part,
          startsAt: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}' }),
          site: Type.String({ minLength: 2, maxLength: 200 }),
          rooms: Type.Array(
            Type.Object(
              {
                room: Type.String({ minLength: 1, maxLength: 40 }),
                registrationIds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 200 }),
                staffIds: Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 50 }),
              },
              { additionalProperties: false },
            ),
            { minItems: 1, maxItems: 100 },
          ),
        },
        { additionalProperties: false },
      ),
      response: { 201: Any, '4xx': ErrorSchema },
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
      body: Type.Object(
        {
          entries: Type.Array(
            Type.Object(
              {
                registrationId: Type.Integer({ minimum: 1 }),
                part: Part,
                score: Type.Number({ minimum: 0, maximum: 100 }),
              },
              { additionalProperties: false },
            ),
            { minItems: 1, maxItems: 5000 },
          ),
        },
        { additionalProperties: false },
      ),
      response: ok(),
    },
    handler: async (req) => scores.enterScores(d, req.ctx, req.params.id, req.body.entries),
  });
  app.post('/api/plans/:id/scores/confirm', {
    config: { access: { action: 'score.confirm' } },
    schema: { tags, summary: '复核他人录入的成绩', params: Id, response: ok() },
    handler: async (req) => scores.confirmScores(d, req.ctx, req.params.id),
  });
  app.post('/api/registrations/:id/scores/:part/correct', {
    config: { access: { action: 'score.correct' } },
    schema: {
      tags,
      summary: '更正成绩（生成新版本并说明理由，原记录保留）',
      params: Type.Object({ id: Type.Integer({ minimum: 1 }), part: Part }, { additionalProperties: false }),
      body: Type.Object(
        { score: Type.Number({ minimum: 0, maximum: 100 }), reason: Type.String({ minLength: 2, maxLength: 500 }) },
        { additionalProperties: false },
      ),
      response: ok(),
    },
    handler: async (req) => scores.correctScore(d, req.ctx, req.params.id, req.params.part as never, req.body),
  });
  app.get('/api/registrations/:id/scores', {
    config: { access: { action: 'plan.read' } },
    schema: { tags, summary: '成绩台账（全部版本）', params: Id, response: ok() },
    handler: async (req) => scores.scoreHistory(d, req.ctx, req.params.id),
  });
  app.post('/api/plans/:id/results/publish', {
    config: { access: { action: 'plan.manage' } },
    schema: { tags, summary: '公示成绩 5 个工作日', params: Id, response: ok() },
    handler: async (req) => publicity.publishResults(d, req.ctx, req.params.id),
  });
  app.get('/api/public/plans/:id/results', {
    config: { access: { public: 'results are published for 5 working days (公示), masked' } },
    schema: { tags: ['public'], summary: '成绩公示（姓名、证件号脱敏）', security: [], params: Id, response: ok() },
    handler: async (req) => publicity.publicResults(d, req.params.id),
  });
  app.post('/api/registrations/:id/objections', {
    config: { access: { action: 'objection.raise' } },
    schema: {
      tags,
      summary: '公示期内提出异议',
      params: Id,
      body: Type.Object({ text: Type.String({ minLength: 2, maxLength: 1000 }) }, { additionalProperties: false }),
      response: { 201: Any, '4xx': ErrorSchema },
    },
    handler: async (req, reply) =>
      reply.status(201).send(await publicity.raiseObjection(d, req.ctx, req.params.id, req.body.text)),
  });
  app.get('/api/plans/:id/objections', {
    config: { access: { action: 'plan.read' } },
    schema: { tags, summary: '异议列表', params: Id, response: ok() },
    handler: async (req) => publicity.listObjections(d, req.ctx, req.params.id),
  });
  app.post('/api/objections/:id/resolve', {
    config: { access: { action: 'plan.manage' } },
    schema: {
      tags,
      summary: '处理异议',
      params: Id,
      body: Type.Object(
        { upheld: Type.Boolean(), resolution: Type.String({ minLength: 2, maxLength: 1000 }) },
        { additionalProperties: false },
      ),
      response: ok(),
    },
    handler: async (req) => publicity.resolveObjection(d, req.ctx, req.params.id, req.body),
  });
  app.post('/api/plans/:id/finalize', {
    config: { access: { action: 'plan.manage' } },
    schema: { tags, summary: '公示期满确认最终结果', params: Id, response: ok() },
    handler: async (req) => publicity.finalizePlan(d, req.ctx, req.params.id),
  });
  app.post('/api/plans/:id/issue', {
    config: { access: { action: 'plan.manage' } },
    schema: { tags, summary: '为合格考生发证', params: Id, response: ok() },
    handler: async (req) => issueForPlan(d, req.ctx, req.params.id),
  });
}
