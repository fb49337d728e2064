/** Yearly targets per unit and metric (TGT-1). */
import type { Kysely } from 'kysely';
import type { DB } from '../../database/schema.js';

export function targetsOfYear(db: Kysely<DB>, year: number) {
  return db.selectFrom('targets').select(['unit', 'metric', 'value']).where('year', '=', year).execute();
}

export function targetsOfUnits(db: Kysely<DB>, year: number, units: string[]) {
  if (!units.length) return Promise.resolve([] as { unit: string; metric: string; value: number }[]);
  return db
    .selectFrom('targets')
    .select(['unit', 'metric', 'value'])
    .where('year', '=', year)
    .where('unit', 'in', units)
    .execute();
}

/** Sets (or, with null, removes) one target; returns the value it had. */
export async function putTarget(
  db: Kysely<DB>,
  t: {
    year: number;
    unit: string;
    metric: string;
    value: number | null;
    by: number | null;
    byName: string | null;
    at: string;
  },
): Promise<number | null> {
  const old = await db
    .selectFrom('targets')
    .select('value')
    .where('year', '=', t.year)
    .where('unit', '=', t.unit)
    .where('metric', '=', t.metric)
    .executeTakeFirst();
  const value = t.value;
  if (value === null) {
    if (old)
      await db
        .deleteFrom('targets')
        .where('year', '=', t.year)
        .where('unit', '=', t.unit)
        .where('metric', '=', t.metric)
        .execute();
    return old?.value ?? null;
  }
  await db
    .insertInto('targets')
    .values({
      year: t.year,
      unit: t.unit,
      metric: t.metric,
      value,
      set_by: t.by,
      set_by_name: t.byName,
      set_at: t.at,
    })
    .onConflict((oc) =>
      oc.columns(['year', 'unit', 'metric']).doUpdateSet({
        value,
        set_by: t.by,
        set_by_name: t.byName,
        set_at: t.at,
      }),
    )
    .execute();
  return old?.value ?? null;
}
