/**
 * Resolves the session cookie to an actor on every request and enforces each route's declared
 * access before anything else runs (so a caller without login learns nothing from validation).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ACCESS, can, RESTRICTION_ALLOWS, type Action } from '../../../contract/access.js';
import { ROLE_INFO } from '../../../contract/roles.js';
import { AppError } from '../lib/errors.js';
import { resolveSession, SESSION_COOKIE } from '../modules/auth/auth.service.js';
import { cookieOptions } from '../modules/auth/cookie.js';
import type { Access } from './types.js';
import { requestLang } from '../lib/lang.js';

export function registerAuth(app: FastifyInstance) {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionIdHash', null);
  app.decorateRequest('sessionExpiresAt', null);
  app.decorateRequest('pendingSecondFactor', null);
  app.decorateRequest('ctx', null as never);
  const apiRoutes: { method: string; url: string; access: Access }[] = [];
  app.decorate('apiRoutes', apiRoutes);

  // Fail closed: an API route that does not say who may call it cannot be registered.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api')) return;
    if (route.url.startsWith('/api/docs')) {
      route.config = { ...(route.config ?? {}), access: { public: 'API documentation' } } as typeof route.config;
      return;
    }
    const access = (route.config as { access?: Access } | undefined)?.access;
    if (!access) throw new Error(`route ${String(route.method)} ${route.url} declares no access`);
    if (!('public' in access) && !Object.hasOwn(ACCESS, access.action))
      throw new Error(`route ${String(route.method)} ${route.url} declares an unknown action ${String(access.action)}`);
    for (const m of [route.method].flat()) if (m !== 'HEAD') apiRoutes.push({ method: m, url: route.url, access });
  });

  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    req.ctx = {
      actor: null,
      ip: req.ip ?? null,
      requestId: String(req.id),
      lang: requestLang(req.headers['accept-language']),
    };
    reply.header('x-request-id', String(req.id));
    const access = req.routeOptions.config?.access;
    if (req.routeOptions.config?.noSession && access && 'public' in access) return;
    const token = req.cookies?.[SESSION_COOKIE];
    let expired = false;
    let restriction: keyof typeof RESTRICTION_ALLOWS | null = null;
    if (token) {
      const s = await resolveSession(app.deps, token);
      if (s === 'expired') expired = true;
      else if (s?.pending) req.pendingSecondFactor = { idHash: s.idHash, userId: s.userId };
      else if (s) {
        req.actor = s.actor;
        req.sessionIdHash = s.idHash;
        req.sessionExpiresAt = s.absoluteExpiresAt;
        req.ctx.actor = s.actor;
        restriction = s.restriction;
      }
      if (!req.actor && !req.pendingSecondFactor) reply.clearCookie(SESSION_COOKIE, cookieOptions(app));
    }
    if (!access || 'public' in access) return;
    // a pending session (password accepted, code awaited) reaches only the public second step
    if (!req.actor) throw new AppError(expired ? 'SESSION_EXPIRED' : 'AUTH_REQUIRED');
    // a confined session (password to change, second factor to enrol) reaches only what fixes it
    if (restriction && !(RESTRICTION_ALLOWS[restriction] as readonly Action[]).includes(access.action))
      throw new AppError(
        restriction === 'password_change' ? 'PASSWORD_CHANGE_REQUIRED' : 'SECOND_FACTOR_ENROLMENT_REQUIRED',
      );
    if (!can(req.actor.role, access.action)) {
      throw new AppError('FORBIDDEN_ROLE', `当前角色（${ROLE_INFO[req.actor.role].label}）无权执行此操作`, {
        audit: {
          action: 'access.denied',
          objectType: 'route',
          objectId: `${req.method} ${req.routeOptions.url}`,
          detail: `role ${req.actor.role} not allowed to ${access.action}`,
        },
      });
    }
  });
}
