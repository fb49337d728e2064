import type { Kysely } from 'kysely';
import type { DB, SessionRow, UserRow } from '../../database/schema.js';

export function findUserByUsername(db: Kysely<DB>, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}
export function findUserById(db: Kysely<DB>, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

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

/** Region path and the names along it, for an actor's scope label. */
export async function regionWithPath(db: Kysely<DB>, code: string) {
  const region = await db
    .selectFrom('regions')
    .select(['code', 'name', 'path'])
    .where('code', '=', code)
    .executeTakeFirst();
  if (!region) return null;
  const codes = region.path.split('/').filter(Boolean);
  const names = await db.selectFrom('regions').select(['code', 'name']).where('code', 'in', codes).execute();
  const byCode = new Map(names.map((n) => [n.code, n.name]));
  return { ...region, names: codes.map((c) => byCode.get(c) ?? c) };
}

export function institutionName(db: Kysely<DB>, id: number) {
  return db.selectFrom('institutions').select(['id', 'name', 'region_code']).where('id', '=', id).executeTakeFirst();
}
