/** 专职师资报备: full-time trainers registered per provider, each a person, and their occupations. */
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { DB, TrainingTrainerTable } from '../../database/schema.js';

export async function insertTrainer(db: Kysely<DB>, row: Insertable<TrainingTrainerTable>) {
  return (await db.insertInto('training_trainers').values(row).returning('id').executeTakeFirstOrThrow()).id;
}
export async function updateTrainer(db: Kysely<DB>, id: number, patch: Updateable<TrainingTrainerTable>) {
  await db.updateTable('training_trainers').set(patch).where('id', '=', id).execute();
}
export async function setTrainerOccupations(db: Kysely<DB>, trainerId: number, occupationIds: readonly number[]) {
  await db.deleteFrom('training_trainer_occupations').where('trainer_id', '=', trainerId).execute();
  if (occupationIds.length)
    await db
      .insertInto('training_trainer_occupations')
      .values(occupationIds.map((o) => ({ trainer_id: trainerId, occupation_id: o })))
      .execute();
}

export const trainerById = (db: Kysely<DB>, id: number) =>
  db.selectFrom('training_trainers').selectAll().where('id', '=', id).executeTakeFirst();

export const trainersOf = (db: Kysely<DB>, providerId: number) =>
  db
    .selectFrom('training_trainers')
    .selectAll()
    .where('provider_id', '=', providerId)
    .orderBy('status')
    .orderBy('id')
    .execute();

export async function occupationsOfTrainers(db: Kysely<DB>, trainerIds: readonly number[]) {
  if (!trainerIds.length) return [];
  return db
    .selectFrom('training_trainer_occupations as t')
    .innerJoin('occupations as o', 'o.id', 't.occupation_id')
    .select(['t.trainer_id', 'o.id', 'o.code', 'o.name'])
    .where('t.trainer_id', 'in', [...trainerIds])
    .orderBy('o.code')
    .execute();
}

/** The person's active full-time trainer record, in any provider, with that provider's name (a person counts once). */
export const activeTrainerOfPerson = (db: Kysely<DB>, personId: number) =>
  db
    .selectFrom('training_trainers as t')
    .innerJoin('training_providers as p', 'p.id', 't.provider_id')
    .innerJoin('institutions as i', 'i.id', 'p.institution_id')
    .select(['t.id', 't.provider_id', 'i.name as provider_name'])
    .where('t.person_id', '=', personId)
    .where('t.status', '=', 'active')
    .executeTakeFirst();

/** Active full-time trainers per provider. */
export async function activeTrainerCounts(db: Kysely<DB>, providerIds: readonly number[]) {
  if (!providerIds.length) return new Map<number, number>();
  const rows = await db
    .selectFrom('training_trainers')
    .select(['provider_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('provider_id', 'in', [...providerIds])
    .where('status', '=', 'active')
    .groupBy('provider_id')
    .execute();
  return new Map(rows.map((r) => [r.provider_id, Number(r.n)]));
}

/** TRAIN-12: the provider's active full-time trainers of one occupation. */
export async function activeTrainersOfOccupation(db: Kysely<DB>, providerId: number, occupationId: number) {
  const r = await db
    .selectFrom('training_trainers as t')
    .innerJoin('training_trainer_occupations as o', 'o.trainer_id', 't.id')
    .select((eb) => eb.fn.count<number>('t.id').distinct().as('n'))
    .where('t.provider_id', '=', providerId)
    .where('t.status', '=', 'active')
    .where('o.occupation_id', '=', occupationId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
