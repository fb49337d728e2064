import type { FastifyInstance } from 'fastify';
import { ErrorSchema, HomeSchema } from '../../../../contract/api.js';
import { homeFor } from './home.service.js';

export async function homeRoutes(app: FastifyInstance) {
  app.get('/api/home', {
    config: { access: { action: 'home.read' } },
    schema: {
      tags: ['home'],
      summary: '当前角色的工作台数据（按管辖范围）',
      response: { 200: HomeSchema, '4xx': ErrorSchema },
    },
    handler: async (req) => homeFor(app.deps, req.ctx),
  });
}
