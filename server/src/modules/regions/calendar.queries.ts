/** The `calendar_days` table: administrator corrections to the official working-day calendar. */
import type { Kysely } from 'kysely';
import type { CalendarDayTable, DB } from '../../database/schema.js';
import type { CalendarOverrides } from '../../lib/workdays.js';

export function calendarDaysOfYear(db: Kysely<DB>, year: number) {
  return db.selectFrom('calendar_days').selectAll().where('date', 'like', `${year}-%`).execute();
}

export function getCalendarDay(db: Kysely<DB>, date: string) {
  return db.selectFrom('calendar_days').selectAll().where('date', '=', date).executeTakeFirst();
}

export async function updateCalendarDay(db: Kysely<DB>, date: string, row: Omit<CalendarDayTable, 'date'>) {
  await db.updateTable('calendar_days').set(row).where('date', '=', date).execute();
}

export async function insertCalendarDay(db: Kysely<DB>, row: CalendarDayTable) {
  await db.insertInto('calendar_days').values(row).execute();
}

/** Every corrected day (date → working day?), for working-day arithmetic. */
export async function calendarOverrides(db: Kysely<DB>): Promise<CalendarOverrides> {
  return new Map(
    (await db.selectFrom('calendar_days').select(['date', 'work']).execute()).map((d) => [d.date, d.work === 1]),
  );
}
