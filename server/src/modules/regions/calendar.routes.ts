/**
 * The official working-day calendar: the maintained package's holidays and adjusted working days,
 * corrected or extended by the province (a year's calendar is published late in the year before).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import {
  CalendarDayBody,
  CalendarDayParams,
  CalendarDaySchema,
  CalendarQuery,
  CalendarSchema,
  ErrorSchema,
} from '../../../../contract/api.js';
import * as svc from './calendar.service.js';

export async function calendarRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/api/calendar', {
    config: { access: { action: 'reference.read' } },
    schema: {
      tags: ['reference'],
      summary: '某年的非工作日与调休上班日（含管理员更正），并说明内置日历是否已含该年',
      querystring: CalendarQuery,
      response: { 200: CalendarSchema, '4xx': ErrorSchema },
    },
    handler: async (req) => svc.calendarOfYear(app.deps, req.query.year),
  });
  app.put('/api/calendar/:date', {
    config: { access: { action: 'calendar.edit' } },
    schema: {
      tags: ['reference'],
      summary: '设定某日为工作日或休息日（法定节假日、调休）',
      params: CalendarDayParams,
      body: CalendarDayBody,
      response: { 200: CalendarDaySchema, '4xx': ErrorSchema },
    },
    handler: async (req) => svc.setCalendarDay(app.deps, req.ctx, req.params.date, req.body),
  });
}
