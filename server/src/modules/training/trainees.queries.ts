/** Trainees of classes: the person by learner id (no identity document here), group, post and situation. */
import type { Insertable, Kysely, Updateable } from 'kysely';
import { inIds } from '../../database/sql-helpers.js';
import type { DB, TrainingTraineeTable } from '../../database/schema.js';

const joined = (db: Kysely<DB>) =>
  db
    .selectFrom('training_trainees as t')
    .leftJoin('occupations as po', 'po.id', 't.post_occupation_id')
    .selectAll('t')
    .select(['po.code as post_code', 'po.name as post_name']);

export const traineesOf = (db: Kysely<DB>, classId: number) =>
  joined(db).where('t.class_id', '=', classId).orderBy('t.id').execute();
export type TraineeRow = Awaited<ReturnType<typeof traineesOf>>[number];
export const traineeById = (db: Kysely<DB>, id: number) => joined(db).where('t.id', '=', id).executeTakeFirst();
export const traineeExists = (db: Kysely<DB>, id: number) =>
  db.selectFrom('training_trainees').select(['id', 'class_id']).where('id', '=', id).executeTakeFirst();

export const enrolmentOf = (db: Kysely<DB>, classId: number, learnerId: number) =>
  db
    .selectFrom('training_trainees')
    .select(['id', 'status'])
    .where('class_id', '=', classId)
    .where('learner_id', '=', learnerId)
    .executeTakeFirst();

export async function countEnrolled(db: Kysely<DB>, classId: number) {
  const r = await db
    .selectFrom('training_trainees')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('class_id', '=', classId)
    .where('status', '=', 'enrolled')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertTrainee(db: Kysely<DB>, row: Insertable<TrainingTraineeTable>) {
  return (await db.insertInto('training_trainees').values(row).returning('id').executeTakeFirstOrThrow()).id;
}
export async function updateTrainee(db: Kysely<DB>, id: number, patch: Updateable<TrainingTraineeTable>) {
  await db.updateTable('training_trainees').set(patch).where('id', '=', id).execute();
}

/**
 * TRAIN-11: the person's latest other enrolment in an approved subsidised class that started on or
 * before `startDate`, with its class's mode and dates and when the trainee was assessed.
 */
export const previousProject = (db: Kysely<DB>, learnerId: number, startDate: string, exceptClassId: number) =>
  db
    .selectFrom('training_trainees as t')
    .innerJoin('training_classes as c', 'c.id', 't.class_id')
    .select(['t.id', 't.assessed_on', 'c.id as class_id', 'c.title', 'c.mode', 'c.start_date', 'c.end_date'])
    .where('t.learner_id', '=', learnerId)
    .where('t.status', '=', 'enrolled')
    .where('c.id', '!=', exceptClassId)
    .where('c.subsidised', '=', 1)
    .where('c.status', '=', 'approved')
    .where('c.start_date', '<=', startDate)
    .orderBy('c.start_date', 'desc')
    .orderBy('c.id', 'desc')
    .executeTakeFirst();

/**
 * TRAIN-9: the person's enrolments that a skill certificate of `occupationId` issued on `issuedOn`
 * finishes — approved classes of that occupation that lead to a certificate (not a completion test),
 * started by then, the trainee still enrolled and not yet finished through a certificate.
 */
export const enrolmentsFinishedBy = (db: Kysely<DB>, learnerId: number, occupationId: number, issuedOn: string) =>
  db
    .selectFrom('training_trainees as t')
    .innerJoin('training_classes as c', 'c.id', 't.class_id')
    .select(['t.id', 't.assessed_on'])
    .where('t.learner_id', '=', learnerId)
    .where('t.status', '=', 'enrolled')
    .where('t.evaluation_certificate_id', 'is', null)
    .where('c.occupation_id', '=', occupationId)
    .where('c.status', '=', 'approved')
    .where('c.certificate_route', '!=', 'completion')
    .where('c.start_date', '<=', issuedOn)
    .execute();

/**
 * `enrolmentsFinishedBy` for many people at once, of any occupation and start date: the caller
 * matches each certificate's occupation and issue date (`start_date` ≤ issued on).
 */
export const enrolmentsOpenForEvaluation = (db: Kysely<DB>, learnerIds: readonly number[]) =>
  db
    .selectFrom('training_trainees as t')
    .innerJoin('training_classes as c', 'c.id', 't.class_id')
    .select(['t.id', 't.assessed_on', 't.learner_id', 'c.occupation_id', 'c.start_date'])
    .where(inIds(db, 't.learner_id', learnerIds))
    .where('t.status', '=', 'enrolled')
    .where('t.evaluation_certificate_id', 'is', null)
    .where('c.status', '=', 'approved')
    .where('c.certificate_route', '!=', 'completion')
    .orderBy('t.id')
    .execute();
