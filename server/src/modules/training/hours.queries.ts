/** Hours that count: the schedule, attendance, recordings, spot checks and online study records of a class. */
import type { Insertable, Kysely } from 'kysely';
import type {
  DB,
  TrainingAttendanceTable,
  TrainingCompletionTable,
  TrainingOnlineRecordTable,
  TrainingRecordingTable,
  TrainingSessionTable,
  TrainingSpotCheckTable,
} from '../../database/schema.js';

export const sessionsOf = (db: Kysely<DB>, classId: number) =>
  db
    .selectFrom('training_sessions')
    .selectAll()
    .where('class_id', '=', classId)
    .orderBy('held_on')
    .orderBy('starts_at')
    .orderBy('id')
    .execute();
export type SessionRow = Awaited<ReturnType<typeof sessionsOf>>[number];
export const sessionById = (db: Kysely<DB>, id: number) =>
  db.selectFrom('training_sessions').selectAll().where('id', '=', id).executeTakeFirst();

export async function insertSession(db: Kysely<DB>, row: Insertable<TrainingSessionTable>) {
  return (await db.insertInto('training_sessions').values(row).returning('id').executeTakeFirstOrThrow()).id;
}
export async function deleteSession(db: Kysely<DB>, id: number) {
  await db.deleteFrom('training_sessions').where('id', '=', id).execute();
}
/** Whether anything was recorded against the class hour (attendance, a recording, an online record). */
export async function sessionHasRecords(db: Kysely<DB>, id: number) {
  const [a, r, o] = await Promise.all([
    db.selectFrom('training_attendance').select('id').where('session_id', '=', id).executeTakeFirst(),
    db.selectFrom('training_recordings').select('id').where('session_id', '=', id).executeTakeFirst(),
    db.selectFrom('training_online_records').select('id').where('session_id', '=', id).executeTakeFirst(),
  ]);
  return !!(a || r || o);
}

export const attendanceOfClass = (db: Kysely<DB>, classId: number) =>
  db
    .selectFrom('training_attendance as a')
    .innerJoin('training_sessions as s', 's.id', 'a.session_id')
    .selectAll('a')
    .where('s.class_id', '=', classId)
    .execute();
export const attendanceOf = (db: Kysely<DB>, sessionId: number, traineeId: number) =>
  db
    .selectFrom('training_attendance')
    .selectAll()
    .where('session_id', '=', sessionId)
    .where('trainee_id', '=', traineeId)
    .executeTakeFirst();
export async function upsertAttendance(db: Kysely<DB>, row: Insertable<TrainingAttendanceTable>) {
  const { session_id: _s, trainee_id: _t, ...rest } = row;
  await db
    .insertInto('training_attendance')
    .values(row)
    .onConflict((oc) => oc.columns(['session_id', 'trainee_id']).doUpdateSet(rest))
    .execute();
}

export const recordingsOfClass = (db: Kysely<DB>, classId: number) =>
  db
    .selectFrom('training_recordings as r')
    .innerJoin('training_sessions as s', 's.id', 'r.session_id')
    .selectAll('r')
    .where('s.class_id', '=', classId)
    .execute();
export const recordingOf = (db: Kysely<DB>, sessionId: number) =>
  db.selectFrom('training_recordings').selectAll().where('session_id', '=', sessionId).executeTakeFirst();
export async function upsertRecording(db: Kysely<DB>, row: Insertable<TrainingRecordingTable>) {
  const { session_id: _s, ...rest } = row;
  await db
    .insertInto('training_recordings')
    .values(row)
    .onConflict((oc) => oc.column('session_id').doUpdateSet(rest))
    .execute();
}

export const spotChecksOf = (db: Kysely<DB>, classId: number) =>
  db
    .selectFrom('training_spot_checks')
    .selectAll()
    .where('class_id', '=', classId)
    .orderBy('checked_on')
    .orderBy('id')
    .execute();
export async function insertSpotCheck(db: Kysely<DB>, row: Insertable<TrainingSpotCheckTable>) {
  return (await db.insertInto('training_spot_checks').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export const onlineRecordsOfClass = (db: Kysely<DB>, classId: number) =>
  db
    .selectFrom('training_online_records as o')
    .innerJoin('training_sessions as s', 's.id', 'o.session_id')
    .selectAll('o')
    .where('s.class_id', '=', classId)
    .execute();
export async function upsertOnlineRecord(db: Kysely<DB>, row: Insertable<TrainingOnlineRecordTable>) {
  const { session_id: _s, trainee_id: _t, ...rest } = row;
  await db
    .insertInto('training_online_records')
    .values(row)
    .onConflict((oc) => oc.columns(['session_id', 'trainee_id']).doUpdateSet(rest))
    .execute();
}
export type SpotCheckRow = Awaited<ReturnType<typeof spotChecksOf>>[number];

export const completionsOfClass = (db: Kysely<DB>, classId: number) =>
  db
    .selectFrom('training_completions as k')
    .innerJoin('training_trainees as t', 't.id', 'k.trainee_id')
    .selectAll('k')
    .where('t.class_id', '=', classId)
    .execute();
export const completionOf = (db: Kysely<DB>, traineeId: number) =>
  db.selectFrom('training_completions').selectAll().where('trainee_id', '=', traineeId).executeTakeFirst();
export type CompletionRow = NonNullable<Awaited<ReturnType<typeof completionOf>>>;
export async function insertCompletion(db: Kysely<DB>, row: Insertable<TrainingCompletionTable>) {
  return (await db.insertInto('training_completions').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** What training progress counts of one completion (TGT-1): passed, on its assessment day, at the class's institution. */
export const completionCountingFacts = (db: Kysely<DB>, id: number) =>
  db
    .selectFrom('training_completions as k')
    .innerJoin('training_trainees as t', 't.id', 'k.trainee_id')
    .innerJoin('training_classes as c', 'c.id', 't.class_id')
    .select(['k.id', 'k.passed', 'k.assessed_on', 'c.institution_id', 'c.occupation_id', 'c.level'])
    .where('k.id', '=', id)
    .executeTakeFirst();

/** Passed completions per assessment day × class institution × occupation × level (0 when none): the full recount of training person-times. */
export async function recountPassedCompletions(db: Kysely<DB>) {
  const rows = await db
    .selectFrom('training_completions as k')
    .innerJoin('training_trainees as t', 't.id', 'k.trainee_id')
    .innerJoin('training_classes as c', 'c.id', 't.class_id')
    .select((eb) => [
      'k.assessed_on as day',
      'c.institution_id',
      'c.occupation_id',
      eb.fn.coalesce('c.level', eb.lit(0)).as('level'),
      eb.fn.countAll<number>().as('n'),
    ])
    .where('k.passed', '=', 1)
    .groupBy(['k.assessed_on', 'c.institution_id', 'c.occupation_id', 'c.level'])
    .execute();
  return rows.map((r) => ({ ...r, level: Number(r.level), n: Number(r.n) }));
}
