/** Builds the Fastify application: plugins, then one route module per resource. */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import compress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import type { Deps } from './lib/context.js';
import { registerAuth } from './plugins/auth.js';
import { registerErrorHandling } from './plugins/errors.js';
import { registerOpenApi } from './plugins/openapi.js';
import { briefDatabaseError, errorForLog, scrubIdNumbers } from './database/failures.js';
import './plugins/types.js';
import { requestLang } from './lib/lang.js';
import { ERROR_MESSAGES_EN } from '../../contract/errors-en.js';
import { accountRoutes } from './modules/accounts/accounts.routes.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { homeRoutes } from './modules/home/home.routes.js';
import { institutionRoutes } from './modules/institutions/institutions.routes.js';
import { occupationRoutes } from './modules/occupations/occupations.routes.js';
import { regionRoutes } from './modules/regions/regions.routes.js';
import { systemRoutes } from './modules/system/system.routes.js';
import { filingRoutes } from './modules/institutions/filings.routes.js';
import { staffRoutes } from './modules/staff/staff.routes.js';
import { specRoutes } from './modules/specs/specs.routes.js';
import { catalogRoutes } from './modules/catalog/catalog.routes.js';
import { certificateRoutes } from './modules/certificates/certificates.routes.js';
import { assessmentRoutes } from './modules/assessment/assessment.routes.js';
import { pathwayRoutes } from './modules/pathways/pathways.routes.js';
import { trainingRoutes } from './modules/training/training.routes.js';
import { meRoutes } from './modules/me/me.routes.js';
import { verificationRoutes } from './modules/verification/verification.routes.js';
import { calendarRoutes } from './modules/regions/calendar.routes.js';
import { credentialRoutes } from './modules/credentials/credentials.routes.js';
import { subsidyRoutes } from './modules/subsidies/subsidies.routes.js';
import { targetRoutes } from './modules/targets/targets.routes.js';
import { jobRoutes } from './modules/jobs/jobs.routes.js';
import multipart from '@fastify/multipart';
import { EVIDENCE_MAX_BYTES } from '../../contract/institutions.js';

export const ROUTE_MODULES = [
  systemRoutes,
  authRoutes,
  homeRoutes,
  regionRoutes,
  occupationRoutes,
  institutionRoutes,
  filingRoutes,
  staffRoutes,
  specRoutes,
  catalogRoutes,
  certificateRoutes,
  assessmentRoutes,
  pathwayRoutes,
  subsidyRoutes,
  trainingRoutes,
  meRoutes,
  verificationRoutes,
  credentialRoutes,
  targetRoutes,
  jobRoutes,
  calendarRoutes,
  accountRoutes,
  auditRoutes,
];

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/**
 * One referrer policy for every answer; the HTML pages carry the same in a `<meta name="referrer">`
 * (web/index.html, web/verify.html), so a page's links never send its address (a QR link's `?c=`
 * verification code) anywhere, whoever serves the HTML.
 */
export const REFERRER_POLICY = 'no-referrer';

/**
 * The path of a URL without its query string, which may hold personal data, and without a
 * satisfaction survey's code (TRAIN-8: the log must not tie a trainee's code to when it answered).
 */
export function logSafeUrl(url: string): string {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const safe = path.replace(/(\/training\/survey\/)[^/]+/, '$1…');
  return q < 0 ? safe : `${safe}?…`;
}

export async function buildApp(
  deps: Deps,
  opts: { logger?: boolean; logStream?: NodeJS.WritableStream } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      opts.logger === false
        ? false
        : {
            level: deps.config.logLevel,
            ...(opts.logStream ? { stream: opts.logStream } : {}),
            redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
            // a last net: no log message carries anything shaped like an ID number (issue 11)
            hooks: {
              logMethod(args, method) {
                method.apply(this, args.map((a) => (typeof a === 'string' ? scrubIdNumbers(a) : a)) as typeof args);
              },
            },
            // query strings can carry names and ID numbers (public verification): never logged;
            // database errors quote key values (`Key (id_number)=(…)`): logged without them
            serializers: {
              err: (e: Error) => errorForLog(e) as { type: string; message: string; stack: string },
              req: (req: { method: string; url: string; ip?: string; id?: string }) => ({
                method: req.method,
                url: logSafeUrl(req.url),
                remoteAddress: req.ip,
                id: req.id,
              }),
            },
          },
    trustProxy: deps.config.trustProxy,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, allErrors: true, coerceTypes: 'array', useDefaults: true } },
  });
  app.decorate('deps', deps);

  // the operator hears when the database goes and comes back, once each, not once per request
  const offDatabaseEvents = deps.database.health.onEvent((e) => {
    if (e.kind === 'down')
      app.log.error({ err: e.error }, 'database unavailable: requests are answered 503 until it is back');
    else if (e.kind === 'up') app.log.warn({ downForMs: e.downForMs }, 'database available again');
    else if (e.kind === 'reads-on-primary')
      app.log.warn(
        { reason: e.reason, ...(e.error ? { database: briefDatabaseError(e.error) } : {}) },
        'reads that tolerate staleness go to the primary',
      );
    else if (e.kind === 'reads-on-standby')
      app.log.info({ lagSeconds: e.lagSeconds }, 'reads that tolerate staleness go to the standby');
    else if (e.kind === 'checkpoint-problem')
      app.log[e.stopped ? 'error' : 'warn'](
        { problem: e.message },
        e.stopped
          ? 'the SQLite checkpoint thread stopped: commits checkpoint the log themselves again'
          : 'the SQLite checkpoint thread could not checkpoint; it tries again',
      );
    else
      app.log.warn({ database: briefDatabaseError(e.error) }, 'a database connection was lost; the pool opens another');
  });
  app.addHook('onClose', async () => offDatabaseEvents());

  const hsts = deps.config.hstsMaxAge > 0 ? `max-age=${deps.config.hstsMaxAge}` : null;
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', REFERRER_POLICY);
    if (hsts) reply.header('strict-transport-security', hsts);
    if (!req.url.startsWith('/api/docs')) reply.header('content-security-policy', CSP);
    // API answers are private and fresh unless their handler says otherwise (the public status lists)
    if (req.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });

  // gzip/brotli for clients that ask (phones on the public pages); small answers stay plain
  await app.register(compress, { threshold: 1024, encodings: ['br', 'gzip'] });
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: EVIDENCE_MAX_BYTES, files: 1, fields: 10, fieldSize: 2000 } });
  registerErrorHandling(app);
  registerAuth(app);

  await registerOpenApi(app, deps.config.publicBaseUrl);

  for (const mod of ROUTE_MODULES) await app.register(mod);

  const dist = deps.config.webDist;
  const hasWeb = !!dist && fs.existsSync(path.join(dist, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: dist!,
      // wildcard: files added by a rebuild are served without a restart; misses fall through to the SPA handler
      wildcard: true,
      index: ['index.html'],
      setHeaders: (reply, file) => {
        if (file.includes(`${path.sep}assets${path.sep}`))
          reply.header('cache-control', 'public, max-age=31536000, immutable');
      },
    });
  }
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || req.url === '/api' || req.method !== 'GET' || !hasWeb) {
      return reply.status(404).send({
        error: {
          code: 'ROUTE_NOT_FOUND',
          message:
            requestLang(req.headers['accept-language']) === 'en'
              ? `${ERROR_MESSAGES_EN.ROUTE_NOT_FOUND}: ${req.method} ${req.url.split('?')[0]}`
              : `接口不存在：${req.method} ${req.url.split('?')[0]}`,
          requestId: String(req.id),
        },
      });
    }
    const pathOnly = req.url.split('?')[0];
    // a chunk of an older build (after a redeploy) is gone: say so, never answer it with the HTML page
    if (pathOnly.startsWith('/assets/')) return reply.status(404).header('cache-control', 'no-cache').send('');
    // the public verification page is its own light bundle (QR links open /v/<number>?c=<code>)
    if ((pathOnly === '/verify' || pathOnly.startsWith('/v/')) && fs.existsSync(path.join(dist!, 'verify.html'))) {
      return reply.header('cache-control', 'no-cache').sendFile('verify.html');
    }
    // the single-page client handles its own routes
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
  return app;
}
