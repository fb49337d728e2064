/**
 * The official working-day calendar: the maintained package's holidays and adjusted working days,
 * corrected or extended by the province (a year's calendar is published late in the year before).
 */
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorSchema, Nullable } from '../../../../contract/api.js';
import * as svc from './calendar.service.js';

const DateParam = Type.Object(
  { date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }) },
  { additionalProperties: false },
);

export async function calendarRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/api/calendar', {
    config: { access: { action: 'reference.read' } },
    schema: {
      tags: ['reference'],
      summary: '某年的非工作日与调休上班日（含管理员更正），并说明内置日历是否已含该年',
      querystring: Type.Object(
        { year: Type.Integer({ minimum: 2000, maximum: 2100 }) },
        { additionalProperties: false },
      ),
      response: {
        200: Type.Object({
          year: Type.Integer(),
          packageKnowsYear: Type.Boolean(),
          overrides: Type.Integer(),
          days: Type.Array(
            Type.Object({
              date: Type.String(),
              work: Type.Boolean(),
              weekend: Type.Boolean(),
              name: Nullable(Type.String()),
              overridden: Type.Boolean(),
            }),
          ),
        }),
        '4xx': ErrorSchema,
      },
    },
    handler: async (req) => svc.calendarOfYear(app.deps, req.query.year),
  });
  app.put('/api/calendar/:date', {
    config: { access: { action: 'calendar.edit' } },
    schema: {
      tags: ['reference'],
      summary: '设定某日为工作日或休息日（法定节假日、调休）',
      params: DateParam,
      body: Type.Object(
        { work: Type.Boolean(), name: Type.Optional(Nullable(Type.String({ maxLength: 40 }))) },
        { additionalProperties: false },
      ),
      response: {
        200: Type.Object({ date: Type.String(), work: Type.Boolean(), name: Nullable(Type.String()) }),
        '4xx': ErrorSchema,
      },
    },
    handler: async (req) => svc.setCalendarDay(app.deps, req.ctx, req.params.date, req.body),
  });
}
