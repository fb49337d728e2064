import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ChangePasswordBody, ErrorSchema, LoginBody, MeResponse } from '../../../../contract/api.js';
import { ROLE_INFO } from '../../../../contract/roles.js';
import type { Actor } from '../../lib/context.js';
import { cookieOptions } from './cookie.js';
import * as svc from './auth.service.js';
import { findUserById } from '../accounts/accounts.queries.js';

export async function authRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  const me = async (actor: Actor, absoluteExpiresAt: string) => {
    const user = await findUserById(app.deps.db, actor.id);
    return {
      user: {
        id: actor.id,
        username: actor.username,
        displayName: actor.displayName,
        role: actor.role,
        roleLabel: ROLE_INFO[actor.role].label,
        scope: {
          kind: ROLE_INFO[actor.role].scope,
          regionCode: actor.regionCode,
          institutionId: actor.institutionId,
          label: actor.scopeLabel,
          path: actor.scopePath,
        },
        mustChangePassword: user?.must_change_password === 1,
        session: { idleTimeoutSeconds: app.deps.config.sessionIdleMinutes * 60, absoluteExpiresAt },
      },
    };
  };

  app.post('/api/auth/login', {
    config: { access: { public: 'signing in' } },
    schema: {
      tags: ['auth'],
      summary: '登录（设置 HttpOnly 会话 Cookie）',
      body: LoginBody,
      response: { 200: MeResponse, '4xx': ErrorSchema },
    },
    handler: async (req, reply) => {
      const r = await svc.login(
        app.deps,
        req.ctx,
        req.body.username,
        req.body.password,
        req.headers['user-agent'] ?? null,
      );
      reply.setCookie(svc.SESSION_COOKIE, r.token, cookieOptions(app, app.deps.config.sessionAbsoluteHours * 3600));
      return me(r.actor, r.absoluteExpiresAt);
    },
  });
  app.post('/api/auth/logout', {
    config: { access: { action: 'session.own' } },
    schema: { tags: ['auth'], summary: '退出登录', response: { 204: Type.Null(), '4xx': ErrorSchema } },
    handler: async (req, reply) => {
      await svc.logout(app.deps, req.ctx, req.sessionIdHash!);
      reply.clearCookie(svc.SESSION_COOKIE, cookieOptions(app));
      return reply.status(204).send(null);
    },
  });
  app.get('/api/auth/me', {
    config: { access: { action: 'session.own' } },
    schema: { tags: ['auth'], summary: '当前用户、角色与管辖范围', response: { 200: MeResponse, '4xx': ErrorSchema } },
    handler: async (req) => me(req.actor!, req.sessionExpiresAt!),
  });
  app.post('/api/auth/password', {
    config: { access: { action: 'session.own' } },
    schema: {
      tags: ['auth'],
      summary: '修改本人密码',
      body: ChangePasswordBody,
      response: { 204: Type.Null(), '4xx': ErrorSchema },
    },
    handler: async (req, reply) => {
      await svc.changePassword(app.deps, req.ctx, req.body.currentPassword, req.body.newPassword);
      return reply.status(204).send(null);
    },
  });
}
