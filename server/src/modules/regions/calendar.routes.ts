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
import { AppError } from '../../lib/errors.js';
import { isWorkday, packageKnowsYear } from '../../lib/workdays.js';
import { recordAudit } from '../audit/audit.service.js';

export async function calendarRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/api/calendar', {
    config: { access: { roles: 'authenticated' } },
    schema: {
      tags: ['reference'],
      summary: '某年的非工作日与调休上班日（含管理员更正），并说明内置日历是否已含该年',
      querystring: CalendarQuery,
      response: { 200: CalendarSchema, '4xx': ErrorSchema },
    },
    handler: async (req) => {
      const year = req.query.year;
      const rows = await app.deps.db
        .selectFrom('calendar_days')
        .selectAll()
        .where('date', 'like', `${year}-%`)
        .execute();
      const overrides = new Map(rows.map((r) => [r.date, r]));
      const days = [];
      for (let d = new Date(Date.UTC(year, 0, 1)); d.getUTCFullYear() === year; d.setUTCDate(d.getUTCDate() + 1)) {
        const date = d.toISOString().slice(0, 10);
        const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6;
        const o = overrides.get(date);
        const work = o ? o.work === 1 : isWorkday(date);
        // list the days that differ from a plain week, and every corrected day
        if (o || work === weekend) days.push({ date, work, weekend, name: o?.name ?? null, overridden: !!o });
      }
      return { year, packageKnowsYear: packageKnowsYear(year), overrides: rows.length, days };
    },
  });
  app.put('/api/calendar/:date', {
    config: { access: { roles: ['province_hrss'] } },
    schema: {
      tags: ['reference'],
      summary: '设定某日为工作日或休息日（法定节假日、调休）',
      params: CalendarDayParams,
      body: CalendarDayBody,
      response: { 200: CalendarDaySchema, '4xx': ErrorSchema },
    },
    handler: async (req) => {
      const { date } = req.params;
      if (
        Number.isNaN(Date.parse(`${date}T00:00:00Z`)) ||
        new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date
      ) {
        throw new AppError('VALIDATION_FAILED', `日期 ${date} 无效`, {
          details: [{ field: 'params:/date', message: '日期无效' }],
        });
      }
      return app.deps.db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('calendar_days').selectAll().where('date', '=', date).executeTakeFirst();
        const row = {
          work: req.body.work ? 1 : 0,
          name: req.body.name ?? null,
          updated_by: req.actor!.id,
          updated_at: app.deps.clock.now().toISOString(),
        };
        if (before) await trx.updateTable('calendar_days').set(row).where('date', '=', date).execute();
        else
          await trx
            .insertInto('calendar_days')
            .values({ date, ...row })
            .execute();
        await recordAudit(trx, app.deps, req.ctx, {
          action: 'calendar.set',
          objectType: 'calendar_day',
          objectId: date,
          before: before
            ? { work: before.work === 1, name: before.name }
            : { work: isWorkday(date), source: 'package' },
          after: { work: req.body.work, name: row.name },
        });
        return { date, work: req.body.work, name: row.name };
      });
    },
  });
}
