import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import {
  ChangePasswordBody,
  ErrorSchema,
  LoginBody,
  LoginResponse,
  MeResponse,
  RecoveryCodesResponse,
  SecondFactorBody,
  SecondFactorEnrolment,
} from '../../../../contract/api.js';
import { ROLE_INFO } from '../../../../contract/roles.js';
import type { Actor } from '../../lib/context.js';
import { cookieOptions } from './cookie.js';
import * as svc from './auth.service.js';
import * as twoFactor from './second-factor.service.js';
import { findUserById } from '../accounts/accounts.queries.js';

export async function authRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  const me = async (actor: Actor, absoluteExpiresAt: string) => {
    const user = (await findUserById(app.deps.db, actor.id))!;
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
        mustChangePassword: user.must_change_password === 1,
        restriction: await svc.restrictionOf(app.deps, user),
        secondFactor: {
          required: svc.secondFactorRequired(app.deps.config, user),
          ...(await twoFactor.secondFactorStatus(app.deps, user.id)),
        },
        session: { idleTimeoutSeconds: app.deps.config.sessionIdleMinutes * 60, absoluteExpiresAt },
      },
    };
  };

  app.post('/api/auth/login', {
    config: { access: { public: 'signing in' } },
    schema: {
      tags: ['auth'],
      summary: '登录（设置 HttpOnly 会话 Cookie；已绑定动态口令的账号随后提交动态口令）',
      body: LoginBody,
      response: { 200: LoginResponse, '4xx': ErrorSchema },
    },
    handler: async (req, reply) => {
      const r = await svc.login(
        app.deps,
        req.ctx,
        req.body.username,
        req.body.password,
        req.headers['user-agent'] ?? null,
      );
      if (!r.actor) {
        reply.setCookie(svc.SESSION_COOKIE, r.token, cookieOptions(app));
        return { secondFactorRequired: true as const, expiresAt: r.absoluteExpiresAt };
      }
      reply.setCookie(svc.SESSION_COOKIE, r.token, cookieOptions(app, app.deps.config.sessionAbsoluteHours * 3600));
      return me(r.actor, r.absoluteExpiresAt);
    },
  });
  app.post('/api/auth/second-factor', {
    config: { access: { public: 'the second step of signing in: needs the pending session of an accepted password' } },
    schema: {
      tags: ['auth'],
      summary: '登录第二步：动态口令或恢复码',
      body: SecondFactorBody,
      response: { 200: MeResponse, '4xx': ErrorSchema },
    },
    handler: async (req, reply) => {
      const r = await twoFactor.completeSignIn(
        app.deps,
        req.ctx,
        req.pendingSecondFactor,
        req.body.code,
        req.headers['user-agent'] ?? null,
      );
      reply.setCookie(svc.SESSION_COOKIE, r.token, cookieOptions(app, app.deps.config.sessionAbsoluteHours * 3600));
      return me(r.actor, r.absoluteExpiresAt);
    },
  });
  app.post('/api/auth/second-factor/enrolment', {
    config: { access: { action: 'second_factor.own' } },
    schema: {
      tags: ['auth'],
      summary: '开始绑定动态口令（返回密钥、otpauth 地址与二维码）',
      response: { 200: SecondFactorEnrolment, '4xx': ErrorSchema },
    },
    handler: async (req) => twoFactor.startEnrolment(app.deps, req.ctx),
  });
  app.post('/api/auth/second-factor/enrolment/confirm', {
    config: { access: { action: 'second_factor.own' } },
    schema: {
      tags: ['auth'],
      summary: '以第一个动态口令确认绑定（返回一次性恢复码，仅显示一次）',
      body: SecondFactorBody,
      response: { 200: RecoveryCodesResponse, '4xx': ErrorSchema },
    },
    handler: async (req) => twoFactor.confirmEnrolment(app.deps, req.ctx, req.body.code),
  });
  app.post('/api/auth/second-factor/recovery-codes', {
    config: { access: { action: 'second_factor.own' } },
    schema: {
      tags: ['auth'],
      summary: '重新生成恢复码（须当前动态口令；原恢复码作废）',
      body: SecondFactorBody,
      response: { 200: RecoveryCodesResponse, '4xx': ErrorSchema },
    },
    handler: async (req) => twoFactor.regenerateRecoveryCodes(app.deps, req.ctx, req.body.code),
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
