/**
 * The official working-day calendar: the maintained package's holidays and adjusted working days,
 * corrected or extended by the province (a year's calendar is published late in the year before).
 */
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { isWorkday, packageKnowsYear } from '../../lib/workdays.js';
import { recordAudit } from '../audit/audit.service.js';
import * as q from './calendar.queries.js';

/** The days of a year that differ from a plain week, and every corrected day. */
export async function calendarOfYear(deps: Deps, year: number) {
  const rows = await q.calendarDaysOfYear(deps.db, year);
  const overrides = new Map(rows.map((r) => [r.date, r]));
  const days = [];
  for (let d = new Date(Date.UTC(year, 0, 1)); d.getUTCFullYear() === year; d.setUTCDate(d.getUTCDate() + 1)) {
    const date = d.toISOString().slice(0, 10);
    const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6;
    const o = overrides.get(date);
    const work = o ? o.work === 1 : isWorkday(date);
    if (o || work === weekend) days.push({ date, work, weekend, name: o?.name ?? null, overridden: !!o });
  }
  return { year, packageKnowsYear: packageKnowsYear(year), overrides: rows.length, days };
}

export async function setCalendarDay(
  deps: Deps,
  ctx: RequestContext,
  date: string,
  body: { work: boolean; name?: string | null },
) {
  if (
    Number.isNaN(Date.parse(`${date}T00:00:00Z`)) ||
    new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date
  ) {
    throw new AppError('VALIDATION_FAILED', `日期 ${date} 无效`, {
      details: [{ field: 'params:/date', message: '日期无效' }],
    });
  }
  return deps.db.transaction().execute(async (trx) => {
    const before = await q.getCalendarDay(trx, date);
    const row = {
      work: body.work ? 1 : 0,
      name: body.name ?? null,
      updated_by: ctx.actor!.id,
      updated_at: deps.clock.now().toISOString(),
    };
    if (before) await q.updateCalendarDay(trx, date, row);
    else await q.insertCalendarDay(trx, { date, ...row });
    await recordAudit(trx, deps, ctx, {
      action: 'calendar.set',
      objectType: 'calendar_day',
      objectId: date,
      before: before ? { work: before.work === 1, name: before.name } : { work: isWorkday(date), source: 'package' },
      after: { work: body.work, name: row.name },
    });
    return { date, work: body.work, name: row.name };
  });
}
