/**
 * TRAIN-8: the satisfaction survey's rows. An invite ties a token to a trainee and says only whether
 * it was used; an answer carries its class and nothing else. No query here joins the two.
 */
import type { Insertable, Kysely } from 'kysely';
import type { DB, TrainingSurveyAnswerTable, TrainingSurveyResultTable } from '../../database/schema.js';

export const invitesOfClass = (db: Kysely<DB>, classId: number) =>
  db
    .selectFrom('training_survey_invites')
    .select(['id', 'trainee_id', 'token', 'used'])
    .where('class_id', '=', classId)
    .orderBy('trainee_id')
    .execute();

export async function insertInvites(
  db: Kysely<DB>,
  rows: { class_id: number; trainee_id: number; token: string; created_at: string }[],
) {
  if (rows.length)
    await db
      .insertInto('training_survey_invites')
      .values(rows.map((r) => ({ ...r, used: 0 })))
      .execute();
}

/** The invite of a token, with what the public page shows of its class (never the trainee). */
export const inviteByToken = (db: Kysely<DB>, token: string) =>
  db
    .selectFrom('training_survey_invites as v')
    .innerJoin('training_trainees as t', 't.id', 'v.trainee_id')
    .innerJoin('training_classes as c', 'c.id', 'v.class_id')
    .innerJoin('institutions as i', 'i.id', 'c.institution_id')
    .innerJoin('occupations as o', 'o.id', 'c.occupation_id')
    .select([
      'v.id',
      'v.class_id',
      'v.used',
      't.status as trainee_status',
      'c.title',
      'c.status as class_status',
      'c.start_date',
      'c.end_date',
      'c.provider_id',
      'i.name as provider_name',
      'o.name as occupation_name',
    ])
    .where('v.token', '=', token)
    .executeTakeFirst();

/** Marks an invite used; false when it already was (one answer per code, even under a race). */
export async function useInvite(db: Kysely<DB>, id: number): Promise<boolean> {
  const r = await db
    .updateTable('training_survey_invites')
    .set({ used: 1 })
    .where('id', '=', id)
    .where('used', '=', 0)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertAnswer(db: Kysely<DB>, row: Insertable<TrainingSurveyAnswerTable>) {
  await db.insertInto('training_survey_answers').values(row).execute();
}

export const answersOfClass = (db: Kysely<DB>, classId: number) =>
  db
    .selectFrom('training_survey_answers')
    .select(['overall', 'content_score', 'teaching_score', 'facilities_score', 'organisation_score', 'comment'])
    .where('class_id', '=', classId)
    .execute();

export async function countUsed(db: Kysely<DB>, classId: number) {
  const r = await db
    .selectFrom('training_survey_invites as v')
    .innerJoin('training_trainees as t', 't.id', 'v.trainee_id')
    .select((eb) => [eb.fn.countAll<number>().as('invited'), eb.fn.sum<number>('v.used').as('used')])
    .where('v.class_id', '=', classId)
    .where('t.status', '=', 'enrolled')
    .executeTakeFirstOrThrow();
  return { invited: Number(r.invited), used: Number(r.used ?? 0) };
}

export const resultOf = (db: Kysely<DB>, classId: number) =>
  db
    .selectFrom('training_survey_results as s')
    .leftJoin('training_rectifications as r', 'r.id', 's.rectification_id')
    .selectAll('s')
    .select(['r.starts_on', 'r.ends_on'])
    .where('s.class_id', '=', classId)
    .executeTakeFirst();

export async function insertResult(db: Kysely<DB>, row: Insertable<TrainingSurveyResultTable>) {
  await db.insertInto('training_survey_results').values(row).execute();
}
