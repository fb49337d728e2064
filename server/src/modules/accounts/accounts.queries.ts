import type { Kysely } from 'kysely';
import type { DB, NewUserRow, UserRow, UserUpdate } from '../../database/schema.js';
import { likeContains } from '../../database/sql-helpers.js';

export interface AccountFilter {
  q?: string;
  role?: string;
}

function base(db: Kysely<DB>, f: AccountFilter) {
  let q = db
    .selectFrom('users as u')
    .leftJoin('regions as r', 'r.code', 'u.region_code')
    .leftJoin('institutions as i', 'i.id', 'u.institution_id')
    .leftJoin('second_factors as sf', 'sf.user_id', 'u.id');
  if (f.q)
    q = q.where((eb) =>
      eb.or([eb('u.username', 'like', likeContains(f.q!)), eb('u.display_name', 'like', likeContains(f.q!))]),
    );
  if (f.role) q = q.where('u.role', '=', f.role);
  return q;
}
const COLUMNS = [
  'u.id',
  'u.username',
  'u.display_name',
  'u.role',
  'u.region_code',
  'u.institution_id',
  'u.status',
  'u.locked_until',
  'u.last_login_at',
  'u.created_at',
  'u.is_demo',
  'sf.confirmed_at as second_factor_confirmed_at',
  'r.name as region_name',
  'i.name as institution_name',
] as const;

export async function listAccounts(db: Kysely<DB>, f: AccountFilter, page: number, pageSize: number) {
  const [items, total] = await Promise.all([
    base(db, f)
      .select(COLUMNS)
      .orderBy('u.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base(db, f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}
export function getAccount(db: Kysely<DB>, id: number) {
  return base(db, {}).select(COLUMNS).where('u.id', '=', id).executeTakeFirst();
}
export type AccountRow = NonNullable<Awaited<ReturnType<typeof getAccount>>>;

export async function insertAccount(db: Kysely<DB>, row: NewUserRow): Promise<number> {
  const r = await db.insertInto('users').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}
export async function updateAccount(db: Kysely<DB>, id: number, patch: UserUpdate) {
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}
export function usernameTaken(db: Kysely<DB>, username: string) {
  return db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
}
export function findUserByUsername(db: Kysely<DB>, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}
export function findUserById(db: Kysely<DB>, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The institution a user is bound to (name and region), read through the binding. */
export function institutionOfUser(db: Kysely<DB>, userId: number) {
  return db
    .selectFrom('users as u')
    .innerJoin('institutions as i', 'i.id', 'u.institution_id')
    .select(['i.id', 'i.name', 'i.region_code'])
    .where('u.id', '=', userId)
    .executeTakeFirst();
}

const n = (r: { n: number | string } | undefined) => Number(r?.n ?? 0);

export async function countAccountsOfInstitution(db: Kysely<DB>, institutionId: number) {
  return n(
    await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('institution_id', '=', institutionId)
      .executeTakeFirst(),
  );
}
export function countAccountsByStatus(db: Kysely<DB>) {
  return db
    .selectFrom('users')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
}
export function countAccountsByRole(db: Kysely<DB>) {
  return db
    .selectFrom('users')
    .select(['role', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('role')
    .execute();
}
export async function countLockedAccounts(db: Kysely<DB>, nowIso: string) {
  return n(
    await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('locked_until', '>', nowIso)
      .executeTakeFirst(),
  );
}

/** Demo-data accounts still active (refused outside demo mode: the start-up warning counts them). */
export async function countActiveDemoAccounts(db: Kysely<DB>) {
  return n(
    await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('is_demo', '=', 1)
      .where('status', '=', 'active')
      .executeTakeFirst(),
  );
}
