import type { FastifyInstance } from 'fastify';
import { ErrorSchema, HealthSchema, LivenessSchema, MetaSchema } from '../../../../contract/api.js';
import { ROLE_INFO } from '../../../../contract/roles.js';
import { VERSION } from '../../config.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../lib/demo-accounts.js';
import { isolate } from '../../lib/lang.js';
import { databaseUnavailableBody, DATABASE_RETRY_AFTER_SECONDS } from '../../lib/errors.js';

export async function systemRoutes(app: FastifyInstance) {
  // readiness: the load balancer sends traffic here only while the database answers
  app.get('/api/health', {
    // polled by load balancers every few seconds: keep it out of the info log
    logLevel: 'warn',
    config: { access: { public: 'load balancer readiness check' } },
    schema: {
      tags: ['system'],
      summary: '就绪检查（数据库可用时为 200，不可用时为 503 DATABASE_UNAVAILABLE）',
      response: { 200: HealthSchema, 503: ErrorSchema },
    },
    handler: async (req, reply) => {
      if (!(await app.deps.database.health.check())) {
        return reply
          .status(503)
          .header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS))
          .send(databaseUnavailableBody(String(req.id)));
      }
      return { status: 'ok' as const, database: app.deps.database.dialect, version: VERSION };
    },
  });
  // liveness: the process serves requests; never touches the database (restart it only if this fails)
  app.get('/api/health/live', {
    logLevel: 'warn',
    config: { access: { public: 'process liveness check' }, noSession: true },
    schema: { tags: ['system'], summary: '存活检查（不访问数据库）', response: { 200: LivenessSchema } },
    handler: async () => ({ status: 'ok' as const, version: VERSION }),
  });
  app.get('/api/meta', {
    config: { access: { public: 'the login page shows whether this is a demo' } },
    schema: { tags: ['system'], summary: '平台信息（演示模式与演示账号）', response: { 200: MetaSchema } },
    handler: async () => ({
      name: '技能人才评价与证书管理平台',
      version: VERSION,
      demo: app.deps.config.demo,
      ...(app.deps.config.demo ? { demoPassword: DEMO_PASSWORD } : {}),
      demoAccounts: app.deps.config.demo
        ? DEMO_ACCOUNTS.map((a) => ({
            username: a.username,
            role: a.role,
            roleLabel: ROLE_INFO[a.role].label,
            description: a.description,
            descriptionEn: a.institution
              ? a.descriptionEn.replace(a.institution, isolate(a.institution))
              : a.descriptionEn,
          }))
        : [],
    }),
  });
  app.get('/api/openapi.json', {
    config: { access: { public: 'API description' } },
    schema: { hide: true },
    handler: async () => app.swagger(),
  });
}
