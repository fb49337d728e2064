import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import {
  AccountCreateBody,
  AccountListQuery,
  AccountPatchBody,
  AccountSchema,
  ErrorSchema,
  IdParams,
  paged,
  ResetPasswordBody,
} from '../../../../contract/api.js';
import * as svc from './accounts.service.js';

const tags = ['accounts'];

export async function accountRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/api/accounts', {
    config: { access: { action: 'account.read' } },
    schema: {
      tags,
      summary: '账号列表',
      querystring: AccountListQuery,
      response: { 200: paged(AccountSchema), '4xx': ErrorSchema },
    },
    handler: async (req) => svc.listAccounts(app.deps, req.query),
  });
  app.post('/api/accounts', {
    config: { access: { action: 'account.manage' } },
    schema: {
      tags,
      summary: '创建账号',
      body: AccountCreateBody,
      response: { 201: AccountSchema, '4xx': ErrorSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await svc.createAccount(app.deps, req.ctx, req.body)),
  });
  app.patch('/api/accounts/:id', {
    config: { access: { action: 'account.manage' } },
    schema: {
      tags,
      summary: '修改账号（姓名、启用/停用）',
      params: IdParams,
      body: AccountPatchBody,
      response: { 200: AccountSchema, '4xx': ErrorSchema },
    },
    handler: async (req) => svc.updateAccount(app.deps, req.ctx, req.params.id, req.body),
  });
  app.post('/api/accounts/:id/unlock', {
    config: { access: { action: 'account.secure' } },
    schema: { tags, summary: '解除登录锁定', params: IdParams, response: { 200: AccountSchema, '4xx': ErrorSchema } },
    handler: async (req) => svc.unlockAccount(app.deps, req.ctx, req.params.id),
  });
  app.post('/api/accounts/:id/reset-password', {
    config: { access: { action: 'account.secure' } },
    schema: {
      tags,
      summary: '重置密码（下次登录须修改）',
      params: IdParams,
      body: ResetPasswordBody,
      response: { 200: AccountSchema, '4xx': ErrorSchema },
    },
    handler: async (req) => svc.resetPassword(app.deps, req.ctx, req.params.id, req.body.newPassword),
  });
  app.post('/api/accounts/:id/reset-second-factor', {
    config: { access: { action: 'account.secure' } },
    schema: {
      tags,
      summary: '重置动态口令（双因素认证，下次登录须重新绑定）',
      params: IdParams,
      response: { 200: AccountSchema, '4xx': ErrorSchema },
    },
    handler: async (req) => svc.resetSecondFactor(app.deps, req.ctx, req.params.id),
  });
}
