import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorSchema, IdParams } from '../../../../contract/api.js';
import {
  OptionalReasonBody,
  SpecCreateBody,
  SpecReviewBody,
  SpecSchema,
} from '../../../../contract/api-institutions.js';
import * as svc from './specs.service.js';

const Id = IdParams;
const tags = ['specs'];

export async function specRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/api/specs', {
    config: { access: { action: 'spec.read' } },
    schema: { tags, summary: '评价规范列表', response: { 200: Type.Array(SpecSchema), '4xx': ErrorSchema } },
    handler: async (req) => svc.listSpecs(app.deps, req.ctx),
  });
  app.get('/api/specs/:id', {
    config: { access: { action: 'spec.read' } },
    schema: { tags, summary: '评价规范详情与专家评审', params: Id, response: { 200: SpecSchema, '4xx': ErrorSchema } },
    handler: async (req) => svc.getSpec(app.deps, req.ctx, req.params.id),
  });
  app.post('/api/specs', {
    config: { access: { action: 'spec.apply' } },
    schema: {
      tags,
      summary: '新建评价规范（无国家职业技能标准的职业）',
      body: SpecCreateBody,
      response: { 201: SpecSchema, '4xx': ErrorSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await svc.createSpec(app.deps, req.ctx, req.body)),
  });
  app.post('/api/specs/:id/submit', {
    config: { access: { action: 'spec.apply' } },
    schema: { tags, summary: '提交省级评审', params: Id, response: { 200: SpecSchema, '4xx': ErrorSchema } },
    handler: async (req) => svc.submitSpec(app.deps, req.ctx, req.params.id),
  });
  app.post('/api/specs/:id/reviews', {
    config: { access: { action: 'spec.review' } },
    schema: {
      tags,
      summary: '记录专家评审意见',
      params: Id,
      body: SpecReviewBody,
      response: { 200: SpecSchema, '4xx': ErrorSchema },
    },
    handler: async (req) => svc.recordSpecReview(app.deps, req.ctx, req.params.id, req.body),
  });
  app.post('/api/specs/:id/file', {
    config: { access: { action: 'spec.review' } },
    schema: {
      tags,
      summary: '省级备案（至少 5 名专家同意，INST-7）',
      params: Id,
      body: OptionalReasonBody,
      response: { 200: SpecSchema, '4xx': ErrorSchema },
    },
    handler: async (req) => svc.decideSpec(app.deps, req.ctx, req.params.id, 'file', req.body.reason ?? null),
  });
  app.post('/api/specs/:id/reject', {
    config: { access: { action: 'spec.review' } },
    schema: {
      tags,
      summary: '不予备案',
      params: Id,
      body: OptionalReasonBody,
      response: { 200: SpecSchema, '4xx': ErrorSchema },
    },
    handler: async (req) => svc.decideSpec(app.deps, req.ctx, req.params.id, 'reject', req.body.reason ?? null),
  });
}
