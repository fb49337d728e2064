import { Type, type TSchema } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorSchema, fileResponse, IdParams } from '../../../../contract/api.js';
import {
  ClaimCreateBody,
  ClaimDetailSchema,
  ClaimExportQuery,
  ClaimFinanceBody,
  ClaimLinesQuery,
  ClaimLinesSchema,
  ClaimListQuery,
  ClaimPreviewBody,
  ClaimPreviewSchema,
  ClaimQueueSchema,
  ClaimReviewBody,
  ClaimSubmitBody,
  ClaimSummarySchema,
  FundBody,
  FundParams,
  FundQuery,
  FundSchema,
  PublicClaimDetailSchema,
  PublicClaimSchema,
  PublicFundUseQuery,
  PublicFundUseSchema,
  PublicLinesQuery,
  RateBody,
  RatePatchBody,
  RateSchema,
  RecoveryBody,
  ReversalBody,
  TrainingClaimCreateBody,
  TrainingClaimPreviewBody,
  TrainingClaimPreviewSchema,
} from '../../../../contract/api-subsidies.js';
import { paged } from '../../../../contract/api.js';
import { sendDownload } from '../../lib/download.js';
import * as claims from './claims.service.js';
import * as steps from './claim-steps.service.js';
import * as funds from './funds.service.js';
import * as publicity from './publicity.service.js';
import * as rates from './rates.service.js';
import * as training from './training-claims.service.js';

const tags = ['subsidies'];
const ok = <T extends TSchema>(schema: T) => ({ 200: schema, '4xx': ErrorSchema });
const created = <T extends TSchema>(schema: T) => ({ 201: schema, '4xx': ErrorSchema });
const Id = IdParams;
const read = { access: { action: 'subsidy.read' as const } };
const claim = { access: { action: 'subsidy.claim' as const } };

export async function subsidyRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const d = app.deps;

  // ---- rates (SUB-1): reference data every signed-in user reads; the province sets them
  app.get('/api/subsidy-rates', {
    config: { access: { action: 'reference.read' } },
    schema: {
      tags,
      summary: '补贴标准及有效期（培训、评价按等级，专项职业能力，直接认定比例）',
      response: ok(Type.Array(RateSchema)),
    },
    handler: async () => rates.listRates(d),
  });
  app.post('/api/subsidy-rates', {
    config: { access: { action: 'subsidy.rate.edit' } },
    schema: {
      tags,
      summary: '新增补贴标准（同一类别和等级的有效期不得重叠）',
      body: RateBody,
      response: created(RateSchema),
    },
    handler: async (req, reply) => reply.status(201).send(await rates.createRate(d, req.ctx, req.body)),
  });
  app.patch('/api/subsidy-rates/:id', {
    config: { access: { action: 'subsidy.rate.edit' } },
    schema: {
      tags,
      summary: '修改补贴标准（已用于申领的标准只能设定截止日，且不早于已用日期）',
      params: Id,
      body: RatePatchBody,
      response: ok(RateSchema),
    },
    handler: async (req) => rates.patchRate(d, req.ctx, req.params.id, req.body),
  });

  // ---- claims
  app.post('/api/subsidies/claims/preview', {
    config: claim,
    schema: {
      tags,
      summary: '预览评价补贴申领：本机构所发证书中可申领与不可申领的明细及原因（金额由平台按标准计算，SUB-1）',
      body: ClaimPreviewBody,
      response: ok(ClaimPreviewSchema),
    },
    handler: async (req) => claims.previewClaim(d, req.ctx, req.body),
  });
  app.post('/api/subsidies/claims', {
    config: claim,
    schema: {
      tags,
      summary: '建立评价补贴申领草稿（只收可申领的明细；金额由平台计算，不接受客户端金额）',
      body: ClaimCreateBody,
      response: created(ClaimDetailSchema),
    },
    handler: async (req, reply) => reply.status(201).send(await claims.createClaim(d, req.ctx, req.body)),
  });
  app.post('/api/subsidies/training-claims/preview', {
    config: claim,
    schema: {
      tags,
      summary:
        '预览培训补贴申领：本机构一个已批准补贴性培训班的每名学员——合规学时、考核结果、按标准计算的金额或不能申领的原因（TRAIN-1、TRAIN-9、TRAIN-10、SUB-1）',
      body: TrainingClaimPreviewBody,
      response: ok(TrainingClaimPreviewSchema),
    },
    handler: async (req) => training.previewTrainingClaim(d, req.ctx, req.body.classId),
  });
  app.post('/api/subsidies/training-claims', {
    config: claim,
    schema: {
      tags,
      summary: '由培训班建立培训补贴申领草稿（只收可申领的学员；金额由平台按培训补贴标准计算）',
      body: TrainingClaimCreateBody,
      response: created(ClaimDetailSchema),
    },
    handler: async (req, reply) => reply.status(201).send(await training.createTrainingClaim(d, req.ctx, req.body)),
  });
  app.get('/api/subsidies/claims', {
    config: read,
    schema: {
      tags,
      summary: '补贴申领列表（机构本机构，人社、财政部门按辖区），含办理时限与逾期工作日（SUB-2）',
      querystring: ClaimListQuery,
      response: ok(paged(ClaimSummarySchema)),
    },
    handler: async (req) => claims.listClaims(d, req.ctx, req.query),
  });
  app.get('/api/subsidies/claims/export', {
    config: read,
    schema: {
      tags,
      summary: '导出补贴申领及明细 Excel（姓名脱敏，不含证件号码）',
      querystring: ClaimExportQuery,
      response: { 200: fileResponse('Excel 工作簿 (.xlsx)', 'xlsx'), '4xx': ErrorSchema },
    },
    handler: async (req, reply) =>
      sendDownload(
        reply,
        'xlsx',
        await claims.exportClaims(d, req.ctx, req.query),
        'subsidy-claims.xlsx',
        '补贴申领.xlsx',
      ),
  });
  app.get('/api/subsidies/queue', {
    config: read,
    schema: {
      tags,
      summary: '补贴待办：本方办理的各环节件数、逾期件数与金额（SUB-2）',
      response: ok(ClaimQueueSchema),
    },
    handler: async (req) => claims.claimQueue(d, req.ctx),
  });
  app.get('/api/subsidies/claims/:id', {
    config: read,
    schema: {
      tags,
      summary: '补贴申领详情：各环节时限、公示、拨付、冲销与追缴、可办理的步骤',
      params: Id,
      response: ok(ClaimDetailSchema),
    },
    handler: async (req) => claims.claimDetail(d, req.ctx, req.params.id),
  });
  app.get('/api/subsidies/claims/:id/lines', {
    config: read,
    schema: {
      tags,
      summary: '补贴申领明细（姓名脱敏，不含证件号码；可按状态筛选）',
      params: Id,
      querystring: ClaimLinesQuery,
      response: ok(ClaimLinesSchema),
    },
    handler: async (req) => claims.claimLines(d, req.ctx, req.params.id, req.query),
  });
  app.post('/api/subsidies/claims/:id/submit', {
    config: claim,
    schema: {
      tags,
      summary: '提交（或退回后重新提交）补贴申领，填写本机构收款账户；明细占用“同一人员同一职业同一等级”名额（SUB-1）',
      params: Id,
      body: ClaimSubmitBody,
      response: ok(ClaimDetailSchema),
    },
    handler: async (req) => steps.submitClaim(d, req.ctx, req.params.id, req.body),
  });
  app.post('/api/subsidies/claims/:id/withdraw', {
    config: claim,
    schema: { tags, summary: '撤回未提交或已退回的补贴申领', params: Id, response: ok(ClaimDetailSchema) },
    handler: async (req) => steps.withdrawClaim(d, req.ctx, req.params.id),
  });
  app.post('/api/subsidies/claims/:id/review', {
    config: { access: { action: 'subsidy.review' } },
    schema: {
      tags,
      summary: '人社部门受理（10 个工作日内）、退回、审核通过并公示或不予补贴（15 个工作日内，SUB-2、SUB-3）',
      params: Id,
      body: ClaimReviewBody,
      response: ok(ClaimDetailSchema),
    },
    handler: async (req) => steps.reviewClaim(d, req.ctx, req.params.id, req.body),
  });
  app.post('/api/subsidies/claims/:id/finance', {
    config: { access: { action: 'subsidy.finance' } },
    schema: {
      tags,
      summary: '财政部门公示期满后审核（承诺专账资金）、不予拨付或拨付（15 个工作日内，SUB-2、SUB-3）',
      params: Id,
      body: ClaimFinanceBody,
      response: ok(ClaimDetailSchema),
    },
    handler: async (req) => steps.financeStep(d, req.ctx, req.params.id, req.body),
  });
  app.post('/api/subsidies/claims/:id/reversals', {
    config: { access: { action: 'subsidy.reverse' } },
    schema: {
      tags,
      summary: '冲销已拨付的明细并责令追缴（追回前仍占用名额，SUB-4）',
      params: Id,
      body: ReversalBody,
      response: created(ClaimDetailSchema),
    },
    handler: async (req, reply) =>
      reply.status(201).send(await steps.reverseClaimLines(d, req.ctx, req.params.id, req.body)),
  });
  app.post('/api/subsidies/reversals/:id/recoveries', {
    config: { access: { action: 'subsidy.recover' } },
    schema: {
      tags,
      summary: '登记追回的补贴资金；全部追回后该冲销的明细释放名额（SUB-4）',
      params: Id,
      body: RecoveryBody,
      response: created(ClaimDetailSchema),
    },
    handler: async (req, reply) =>
      reply.status(201).send(await steps.recordRecovery(d, req.ctx, req.params.id, req.body)),
  });

  // ---- funds (专账资金)
  app.get('/api/subsidies/funds', {
    config: { access: { action: 'subsidy.fund.read' } },
    schema: {
      tags,
      summary: '各市年度专账资金：预算、已承诺、已拨付、已追回、结余（由记录计算）',
      querystring: FundQuery,
      response: ok(Type.Array(FundSchema)),
    },
    handler: async (req) => funds.fundOverview(d, req.ctx, req.query.year),
  });
  app.put('/api/subsidies/funds/:regionCode/:year', {
    config: { access: { action: 'subsidy.fund.edit' } },
    schema: {
      tags,
      summary: '录入辖区内某市某年度的专账资金预算',
      params: FundParams,
      body: FundBody,
      response: ok(FundSchema),
    },
    handler: async (req) => funds.setFund(d, req.ctx, req.params.regionCode, req.params.year, req.body),
  });

  // ---- 公开资金使用情况 (seed 002 三（三）): each city's special account by year, public
  app.get('/api/public/subsidy-fund-use', {
    config: {
      access: {
        public:
          'how the funds were used is published (seed 002 三（三）公开资金使用情况): city totals only, no person or claim',
      },
    },
    schema: {
      tags,
      summary: '公开资金使用情况：各市专账资金的预算、已拨付、追回与补贴人数（无需登录）',
      security: [],
      querystring: PublicFundUseQuery,
      response: ok(PublicFundUseSchema),
    },
    handler: async (req) => funds.publicFundUse(d, req.query.year),
  });
  // ---- public publicity (SUB-3)
  app.get('/api/public/subsidy-publicity', {
    config: {
      access: { public: 'subsidies are published for at least 3 working days before payment (SUB-3), masked' },
    },
    schema: { tags, summary: '补贴公示（无需登录）', security: [], response: ok(Type.Array(PublicClaimSchema)) },
    handler: async () => publicity.publicClaims(d),
  });
  app.get('/api/public/subsidy-publicity/:id', {
    config: {
      access: { public: 'subsidies are published for at least 3 working days before payment (SUB-3), masked' },
    },
    schema: {
      tags,
      summary: '补贴公示明细（姓名脱敏，不含证件号码）',
      security: [],
      params: Id,
      querystring: PublicLinesQuery,
      response: ok(PublicClaimDetailSchema),
    },
    handler: async (req) => publicity.publicClaim(d, req.params.id, req.query),
  });
}
