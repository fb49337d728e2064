/** The province's training settings per occupation, and the rectification periods (TRAIN-8). */
import type { Insertable, Kysely } from 'kysely';
import type { DB, TrainingOccupationSettingTable, TrainingRectificationTable } from '../../database/schema.js';

const settings = (db: Kysely<DB>) =>
  db
    .selectFrom('training_occupation_settings as s')
    .innerJoin('occupations as o', 'o.id', 's.occupation_id')
    .selectAll('s')
    .select(['o.code as occupation_code', 'o.name as occupation_name']);

export const listSettings = (db: Kysely<DB>) => settings(db).orderBy('o.code').execute();
export const settingOf = (db: Kysely<DB>, occupationId: number) =>
  settings(db).where('s.occupation_id', '=', occupationId).executeTakeFirst();

export async function upsertSetting(db: Kysely<DB>, row: Insertable<TrainingOccupationSettingTable>) {
  const { occupation_id: _id, ...rest } = row;
  await db
    .insertInto('training_occupation_settings')
    .values(row)
    .onConflict((oc) => oc.column('occupation_id').doUpdateSet(rest))
    .execute();
}

export async function insertRectification(db: Kysely<DB>, row: Insertable<TrainingRectificationTable>) {
  return (await db.insertInto('training_rectifications').values(row).returning('id').executeTakeFirstOrThrow()).id;
}
export const rectificationsOf = (db: Kysely<DB>, providerId: number) =>
  db
    .selectFrom('training_rectifications')
    .selectAll()
    .where('provider_id', '=', providerId)
    .orderBy('starts_on', 'desc')
    .execute();
/** TRAIN-8: the provider's rectification in force on `day` (starts_on ≤ day < ends_on), if any. */
export const rectificationOn = (db: Kysely<DB>, providerId: number, day: string) =>
  db
    .selectFrom('training_rectifications')
    .selectAll()
    .where('provider_id', '=', providerId)
    .where('starts_on', '<=', day)
    .where('ends_on', '>', day)
    .orderBy('ends_on', 'desc')
    .executeTakeFirst();
