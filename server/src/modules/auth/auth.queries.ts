import type { Kysely } from 'kysely';
import type { DB, SessionRow } from '../../database/schema.js';

export async function countRecentFailures(db: Kysely<DB>, username: string, sinceIso: string): Promise<number> {
  const r = await db
    .selectFrom('login_failures')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('username', '=', username)
    .where('at', '>=', sinceIso)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function recentFailureTimes(db: Kysely<DB>, username: string, sinceIso: string): Promise<string[]> {
  const rows = await db
    .selectFrom('login_failures')
    .select('at')
    .where('username', '=', username)
    .where('at', '>=', sinceIso)
    .orderBy('at')
    .limit(200)
    .execute();
  return rows.map((r) => r.at);
}

export async function insertLoginFailure(db: Kysely<DB>, username: string, at: string, ip: string | null) {
  await db.insertInto('login_failures').values({ username, at, ip }).execute();
}
export async function clearLoginFailures(db: Kysely<DB>, username: string) {
  await db.deleteFrom('login_failures').where('username', '=', username).execute();
}

export async function insertSession(db: Kysely<DB>, s: SessionRow) {
  await db.insertInto('sessions').values(s).execute();
}
export function findSession(db: Kysely<DB>, idHash: string): Promise<SessionRow | undefined> {
  return db
    .selectFrom('sessions')
    .selectAll()
    .where('id_hash', '=', idHash)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
}
export async function touchSession(db: Kysely<DB>, idHash: string, at: string) {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('id_hash', '=', idHash).execute();
}
export async function endSession(db: Kysely<DB>, idHash: string, at: string) {
  await db
    .updateTable('sessions')
    .set({ ended_at: at })
    .where('id_hash', '=', idHash)
    .where('ended_at', 'is', null)
    .execute();
}
export async function endUserSessions(db: Kysely<DB>, userId: number, at: string) {
  await db
    .updateTable('sessions')
    .set({ ended_at: at })
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .execute();
}

/** Failed logins since a time, over every username (the security administrator's home). */
export async function countFailuresSince(db: Kysely<DB>, sinceIso: string) {
  const r = await db
    .selectFrom('login_failures')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('at', '>=', sinceIso)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}
