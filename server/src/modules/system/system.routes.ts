import type { FastifyInstance } from 'fastify';
import { HealthSchema, MetaSchema } from '../../../../contract/api.js';
import { ROLE_INFO } from '../../../../contract/roles.js';
import { VERSION } from '../../config.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../lib/demo-accounts.js';
import { AppError } from '../../lib/errors.js';
import { pingDatabase } from './system.queries.js';

export async function systemRoutes(app: FastifyInstance) {
  app.get('/api/health', {
    // polled by load balancers every few seconds: keep it out of the info log
    logLevel: 'warn',
    config: { access: { public: 'load balancer health check' } },
    schema: { tags: ['system'], summary: '健康检查', response: { 200: HealthSchema } },
    handler: async () => {
      try {
        await pingDatabase(app.deps.db);
      } catch {
        throw new AppError('UNAVAILABLE', '数据库不可用');
      }
      return { status: 'ok' as const, database: app.deps.database.dialect, version: VERSION };
    },
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
