import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import fs from 'node:fs';
import { ErrorSchema, fileResponse, IdParams, MEDIA_TYPES } from '../../../../contract/api.js';
import { JobListSchema, JobSchema } from '../../../../contract/api-jobs.js';
import { ownJobFile, ownJobsView, ownJobView, stopJobs } from './jobs.service.js';

const tags = ['jobs'];

export async function jobRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  // a server that stops fails the jobs it runs (JOB_INTERRUPTED) rather than leave them 'running'
  app.addHook('onClose', () => stopJobs(app.deps));
  app.get('/api/jobs', {
    config: { access: { action: 'job.own' } },
    schema: {
      tags,
      summary: '本人最近发起的后台任务（最新在前）：类型、状态、进度、发起与完成时间',
      response: { 200: JobListSchema, '4xx': ErrorSchema },
    },
    handler: async (req) => ownJobsView(app.deps, req.ctx),
  });
  app.get('/api/jobs/:id', {
    config: { access: { action: 'job.own' } },
    schema: {
      tags,
      summary: '本人发起的后台任务：状态、进度、结果下载地址或失败原因',
      params: IdParams,
      response: { 200: JobSchema, '4xx': ErrorSchema },
    },
    handler: async (req) => ownJobView(app.deps, req.ctx, req.params.id),
  });
  app.get('/api/jobs/:id/file', {
    config: { access: { action: 'job.own' } },
    schema: {
      tags,
      summary: '下载本人后台任务的结果文件（任务成功后）',
      params: IdParams,
      // 410 JOB_RESULT_EXPIRED once the file is past JOB_RESULT_RETENTION_DAYS
      response: { 200: fileResponse('任务的结果文件', 'zip'), '4xx': ErrorSchema },
    },
    handler: async (req, reply) => {
      const f = await ownJobFile(app.deps, req.ctx, req.params.id);
      const ascii = f.name.replace(/[^\x20-\x7e]|"/g, '_');
      return reply
        .header('content-type', MEDIA_TYPES.zip)
        .header(
          'content-disposition',
          `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.name)}`,
        )
        .send(fs.createReadStream(f.file));
    },
  });
}
