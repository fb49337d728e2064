/** Submitted monthly reports (frozen snapshots) and the delays entered into credit records (TGT-3, SUP-3). */
import type { Insertable, Kysely } from 'kysely';
import type { DB, MonthlyReportTable } from '../../database/schema.js';

export function reportOf(db: Kysely<DB>, unit: string, month: string) {
  return db
    .selectFrom('monthly_reports')
    .selectAll()
    .where('unit', '=', unit)
    .where('month', '=', month)
    .executeTakeFirst();
}

/** Which of these units submitted the month, when, and late or not. */
export function submissionsOf(db: Kysely<DB>, units: string[], month: string) {
  if (!units.length) return Promise.resolve([]);
  return db
    .selectFrom('monthly_reports')
    .select(['unit', 'submitted_at', 'late'])
    .where('month', '=', month)
    .where('unit', 'in', units)
    .execute();
}

export async function insertReport(db: Kysely<DB>, row: Insertable<MonthlyReportTable>) {
  return (await db.insertInto('monthly_reports').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function delaysOf(db: Kysely<DB>, units: string[], month: string) {
  if (!units.length) return Promise.resolve([]);
  return db.selectFrom('report_delays').select('unit').where('month', '=', month).where('unit', 'in', units).execute();
}

/** Records a unit's delay for a month once: true when this call did. */
export async function insertDelay(db: Kysely<DB>, unit: string, month: string, by: number | null, at: string) {
  const r = await db
    .insertInto('report_delays')
    .values({ unit, month, recorded_by: by, recorded_at: at })
    .onConflict((oc) => oc.columns(['unit', 'month']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}
