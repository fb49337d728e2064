import type { ExpressionBuilder, Kysely } from 'kysely';
import type { DB, RegionRow } from '../../database/schema.js';
import { likeContains, likePrefix } from '../../database/sql-helpers.js';

/** Codes of every region in the subtree whose path starts with `path` (the region itself included). */
export function regionCodesUnder(db: Kysely<DB>, path: string) {
  return db.selectFrom('regions').select('code').where('path', 'like', likePrefix(path));
}

export async function listRegions(db: Kysely<DB>, f: { parent?: string; q?: string }) {
  let q = db
    .selectFrom('regions as r')
    .selectAll('r')
    .select((eb) =>
      eb
        .selectFrom('regions as c')
        .whereRef('c.parent_code', '=', 'r.code')
        .select((e2) => e2.fn.countAll<number>().as('n'))
        .as('child_count'),
    );
  if (f.q) q = q.where('r.name', 'like', likeContains(f.q));
  else if (f.parent) q = q.where('r.parent_code', '=', f.parent);
  else q = q.where('r.parent_code', 'is', null);
  return q.orderBy('r.level').orderBy('r.sort').orderBy('r.code').limit(500).execute();
}

export function getRegion(db: Kysely<DB>, code: string) {
  return db
    .selectFrom('regions as r')
    .selectAll('r')
    .select((eb: ExpressionBuilder<DB & { r: DB['regions'] }, 'r'>) =>
      eb
        .selectFrom('regions as c')
        .whereRef('c.parent_code', '=', 'r.code')
        .select((e2) => e2.fn.countAll<number>().as('n'))
        .as('child_count'),
    )
    .where('r.code', '=', code)
    .executeTakeFirst();
}

export async function updateRegion(
  db: Kysely<DB>,
  code: string,
  patch: Partial<Pick<RegionRow, 'name' | 'is_direct_county' | 'parent_code' | 'path' | 'updated_at'>>,
) {
  await db.updateTable('regions').set(patch).where('code', '=', code).execute();
}

export function regionNames(db: Kysely<DB>, codes: string[]) {
  if (!codes.length) return Promise.resolve([] as { code: string; name: string }[]);
  return db.selectFrom('regions').select(['code', 'name']).where('code', 'in', codes).execute();
}

/** A region with the names along its path (province first), for an actor's scope label. */
export async function regionWithNames(db: Kysely<DB>, code: string) {
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

/** How many regions lie in the subtree at `path` (the region itself included). */
export async function countRegionsUnder(db: Kysely<DB>, path: string) {
  const r = await db
    .selectFrom('regions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('code', 'in', regionCodesUnder(db, path))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Every region of the subtree at `path` (the region itself included), for reports that roll figures up the reporting tree. */
export function regionsUnder(db: Kysely<DB>, path: string) {
  return db
    .selectFrom('regions')
    .select(['code', 'name', 'level', 'parent_code', 'gb_parent_code', 'path', 'is_direct_county', 'sort'])
    .where('path', 'like', likePrefix(path))
    .orderBy('sort')
    .orderBy('code')
    .execute();
}
