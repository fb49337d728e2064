import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ErrorSchema } from '../../../../contract/api.js';
import { AppError } from '../../lib/errors.js';
import { myRegistrations } from '../assessment/plans.service.js';
import { setPhoto } from './photo.service.js';

async function readImage(req: FastifyRequest) {
  if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传照片');
  const file = await req.file();
  if (!file)
    throw new AppError('VALIDATION_FAILED', '缺少照片', { details: [{ field: 'file', message: '请选择照片' }] });
  const data = await file.toBuffer();
  return { data, truncated: file.file.truncated };
}

export async function meRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/api/me/registrations', {
    config: { access: { roles: ['learner'] } },
    schema: {
      tags: ['learner'],
      summary: '我的报名、资格审核、成绩（公示后）与结果',
      response: { 200: Type.Unknown(), '4xx': ErrorSchema },
    },
    handler: async (req) => myRegistrations(app.deps, req.ctx),
  });
  app.post('/api/me/photo', {
    config: { access: { roles: ['learner'] } },
    schema: {
      tags: ['learner'],
      summary: '上传本人证件照（JPEG/PNG ≤ 2 MB，用于证书）',
      consumes: ['multipart/form-data'],
      response: { 200: Type.Unknown(), '4xx': ErrorSchema },
    },
    handler: async (req) => {
      const f = await readImage(req);
      return setPhoto(app.deps, req.ctx, {}, f.data, f.truncated);
    },
  });
  app.post('/api/registrations/:id/photo', {
    config: { access: { roles: ['institution_admin'] } },
    schema: {
      tags: ['assessment'],
      summary: '为本机构考生上传证件照',
      consumes: ['multipart/form-data'],
      params: Type.Object({ id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
      response: { 200: Type.Unknown(), '4xx': ErrorSchema },
    },
    handler: async (req) => {
      const f = await readImage(req);
      return setPhoto(app.deps, req.ctx, { registrationId: req.params.id }, f.data, f.truncated);
    },
  });
}
