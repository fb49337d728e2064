import type { Kysely } from 'kysely';
import type { DB, NewUserRow, UserUpdate } from '../../database/schema.js';
import { likeContains } from '../../database/sql-helpers.js';

export interface AccountFilter {
  q?: string;
  role?: string;
}

function base(db: Kysely<DB>, f: AccountFilter) {
  let q = db
    .selectFrom('users as u')
    .leftJoin('regions as r', 'r.code', 'u.region_code')
    .leftJoin('institutions as i', 'i.id', 'u.institution_id');
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
export function regionForScope(db: Kysely<DB>, code: string) {
  return db
    .selectFrom('regions')
    .select(['code', 'level', 'is_direct_county', 'name'])
    .where('code', '=', code)
    .executeTakeFirst();
}
export function institutionForScope(db: Kysely<DB>, id: number) {
  return db.selectFrom('institutions').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
}
