/** The learner's own pages: applications and results, their photo. The top floor: it reads every module below. */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorSchema } from '../../../../contract/api.js';
import { MyRegistrationSchema, PhotoResultSchema } from '../../../../contract/api-assessment.js';
import { readUpload } from '../../lib/upload.js';
import { myRegistrations } from '../assessment/registrations.service.js';
import { setOwnPhoto } from '../people/photo.service.js';

export async function meRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/api/me/registrations', {
    config: { access: { action: 'learner.own' } },
    schema: {
      tags: ['learner'],
      summary: '我的报名、资格审核、成绩（公示后）与结果',
      response: { 200: Type.Array(MyRegistrationSchema), '4xx': ErrorSchema },
    },
    handler: async (req) => myRegistrations(app.deps, req.ctx),
  });
  app.post('/api/me/photo', {
    config: { access: { action: 'learner.own' } },
    schema: {
      tags: ['learner'],
      summary: '上传本人证件照（JPEG/PNG ≤ 2 MB，用于证书）',
      consumes: ['multipart/form-data'],
      response: { 200: PhotoResultSchema, '4xx': ErrorSchema },
    },
    handler: async (req) => {
      const f = await readUpload(req, '照片');
      return setOwnPhoto(app.deps, req.ctx, f.data, f.truncated);
    },
  });
}
