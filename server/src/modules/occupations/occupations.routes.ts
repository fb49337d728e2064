import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import {
  ErrorSchema,
  IdParams,
  LevelSchema,
  ListQuery,
  OccupationBody,
  OccupationPatchBody,
  OccupationSchema,
  OnePlusXBody,
  OnePlusXPatchBody,
  OnePlusXSchema,
  paged,
} from '../../../../contract/api.js';
import * as svc from './occupations.service.js';

const tags = ['reference'];

export async function occupationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const editors = { access: { action: 'reference.edit' as const } };
  const readers = { access: { action: 'reference.read' as const } };

  app.get('/api/occupations', {
    config: readers,
    schema: {
      tags,
      summary: '职业列表',
      querystring: ListQuery,
      response: { 200: paged(OccupationSchema), '4xx': ErrorSchema },
    },
    handler: async (req) => svc.listOccupations(app.deps, req.query),
  });
  app.post('/api/occupations', {
    config: editors,
    schema: {
      tags,
      summary: '新增职业',
      body: OccupationBody,
      response: { 201: OccupationSchema, '4xx': ErrorSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await svc.createOccupation(app.deps, req.ctx, req.body)),
  });
  app.patch('/api/occupations/:id', {
    config: editors,
    schema: {
      tags,
      summary: '修改职业',
      params: IdParams,
      body: OccupationPatchBody,
      response: { 200: OccupationSchema, '4xx': ErrorSchema },
    },
    handler: async (req) => svc.updateOccupation(app.deps, req.ctx, req.params.id, req.body),
  });
  app.get('/api/one-plus-x', {
    config: readers,
    schema: {
      tags,
      summary: '1+X 证书列表',
      querystring: ListQuery,
      response: { 200: paged(OnePlusXSchema), '4xx': ErrorSchema },
    },
    handler: async (req) => svc.listOnePlusX(app.deps, req.query),
  });
  app.post('/api/one-plus-x', {
    config: editors,
    schema: {
      tags,
      summary: '新增 1+X 证书',
      body: OnePlusXBody,
      response: { 201: OnePlusXSchema, '4xx': ErrorSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await svc.createOnePlusX(app.deps, req.ctx, req.body)),
  });
  app.patch('/api/one-plus-x/:id', {
    config: editors,
    schema: {
      tags,
      summary: '修改 1+X 证书',
      params: IdParams,
      body: OnePlusXPatchBody,
      response: { 200: OnePlusXSchema, '4xx': ErrorSchema },
    },
    handler: async (req) => svc.updateOnePlusX(app.deps, req.ctx, req.params.id, req.body),
  });
  app.get('/api/levels', {
    config: readers,
    schema: { tags, summary: '五个技能等级', response: { 200: Type.Array(LevelSchema), '4xx': ErrorSchema } },
    handler: async () => svc.listLevels(app.deps),
  });
}
