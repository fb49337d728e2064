import type { Insertable, Kysely } from 'kysely';
import type { DB, ExamSessionTable, SessionCandidateTable, SessionStaffTable } from '../../database/schema.js';

export async function insertSession(db: Kysely<DB>, row: Insertable<ExamSessionTable>) {
  return (await db.insertInto('exam_sessions').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function insertRoom(db: Kysely<DB>, sessionId: number, room: string) {
  return (
    await db
      .insertInto('session_rooms')
      .values({ session_id: sessionId, room })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}

export async function insertRoomStaff(db: Kysely<DB>, row: Insertable<SessionStaffTable>) {
  await db.insertInto('session_staff').values(row).execute();
}

export async function insertSeat(db: Kysely<DB>, row: Insertable<SessionCandidateTable>) {
  await db.insertInto('session_candidates').values(row).execute();
}

export function sessionsOfPlan(db: Kysely<DB>, planId: number) {
  return db.selectFrom('exam_sessions').selectAll().where('plan_id', '=', planId).orderBy('starts_at').execute();
}

export function roomsOfSession(db: Kysely<DB>, sessionId: number) {
  return db.selectFrom('session_rooms').selectAll().where('session_id', '=', sessionId).execute();
}

/** Staff on duty in the given rooms, with their names. */
export async function staffOfRooms(db: Kysely<DB>, roomIds: number[]) {
  if (!roomIds.length) return [];
  return db
    .selectFrom('session_staff as ss')
    .innerJoin('staff as st', 'st.id', 'ss.staff_id')
    .select(['ss.room_id', 'st.id', 'st.name', 'ss.duty'])
    .where('ss.room_id', 'in', roomIds)
    .execute();
}

export async function seatsOfRooms(db: Kysely<DB>, roomIds: number[]) {
  if (!roomIds.length) return [];
  return db.selectFrom('session_candidates').selectAll().where('room_id', 'in', roomIds).execute();
}

/** A candidate's seats across the plan's sessions, in time order (the admission ticket's lines). */
export function seatsOfRegistration(db: Kysely<DB>, registrationId: number) {
  return db
    .selectFrom('session_candidates as c')
    .innerJoin('session_rooms as r', 'r.id', 'c.room_id')
    .innerJoin('exam_sessions as s', 's.id', 'r.session_id')
    .select(['s.part', 's.starts_at', 's.site', 'r.room', 'c.seat', 'c.ticket_no'])
    .where('c.registration_id', '=', registrationId)
    .orderBy('s.starts_at')
    .execute();
}
