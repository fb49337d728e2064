import type { Kysely } from 'kysely';
import type { DB, NewSessionRow, SessionRow } from '../../database/schema.js';

/** What a failed attempt got wrong: each kind is counted (and cleared) on its own. */
export type FailureKind = 'password' | 'second_factor';

export async function countRecentFailures(
  db: Kysely<DB>,
  username: string,
  sinceIso: string,
  kind: FailureKind = 'password',
): Promise<number> {
  const r = await db
    .selectFrom('login_failures')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('username', '=', username)
    .where('at', '>=', sinceIso)
    .where('kind', '=', kind)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function recentFailureTimes(db: Kysely<DB>, username: string, sinceIso: string): Promise<string[]> {
  const rows = await db
    .selectFrom('login_failures')
    .select('at')
    .where('username', '=', username)
    .where('at', '>=', sinceIso)
    .where('kind', '=', 'password')
    .orderBy('at')
    .limit(200)
    .execute();
  return rows.map((r) => r.at);
}

export async function insertLoginFailure(
  db: Kysely<DB>,
  username: string,
  at: string,
  ip: string | null,
  kind: FailureKind = 'password',
) {
  await db.insertInto('login_failures').values({ username, at, ip, kind }).execute();
}
/** Forgets failed attempts of a username: of one kind, or (no kind) all of them. */
export async function clearLoginFailures(db: Kysely<DB>, username: string, kind?: FailureKind) {
  let q = db.deleteFrom('login_failures').where('username', '=', username);
  if (kind) q = q.where('kind', '=', kind);
  await q.execute();
}

export async function insertSession(db: Kysely<DB>, s: NewSessionRow) {
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

/** Failed sign-ins (wrong passwords and wrong codes) since a time, over every username (the security administrator's home). */
export async function countFailuresSince(db: Kysely<DB>, sinceIso: string) {
  const r = await db
    .selectFrom('login_failures')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('at', '>=', sinceIso)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}
