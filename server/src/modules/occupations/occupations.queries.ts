import type { Kysely } from 'kysely';
import type { DB } from '../../database/schema.js';
import { likeContains } from '../../database/sql-helpers.js';

export async function listOccupations(db: Kysely<DB>, f: { q?: string }, page: number, pageSize: number) {
  let base = db.selectFrom('occupations');
  if (f.q)
    base = base.where((eb) => eb.or([eb('name', 'like', likeContains(f.q!)), eb('code', 'like', likeContains(f.q!))]));
  const [items, total] = await Promise.all([
    base
      .selectAll()
      .orderBy('code')
      .orderBy('edition')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}
export function getOccupation(db: Kysely<DB>, id: number) {
  return db.selectFrom('occupations').selectAll().where('id', '=', id).executeTakeFirst();
}
export function occupationsByIds(db: Kysely<DB>, ids: number[]) {
  if (!ids.length) return Promise.resolve([]);
  return db
    .selectFrom('occupations')
    .select(['id', 'code', 'name', 'active', 'has_national_standard'])
    .where('id', 'in', ids)
    .execute();
}
export async function countActiveOccupations(db: Kysely<DB>) {
  const r = await db
    .selectFrom('occupations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('active', '=', 1)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}
export function findOccupation(db: Kysely<DB>, code: string, edition: string) {
  return db
    .selectFrom('occupations')
    .selectAll()
    .where('code', '=', code)
    .where('edition', '=', edition)
    .executeTakeFirst();
}
export async function insertOccupation(
  db: Kysely<DB>,
  row: { code: string; name: string; edition: string; note: string | null; created_at: string; updated_at: string },
) {
  const r = await db
    .insertInto('occupations')
    .values({ ...row, active: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}
export async function updateOccupation(
  db: Kysely<DB>,
  id: number,
  patch: { name?: string; note?: string | null; active?: number; has_national_standard?: number; updated_at: string },
) {
  await db.updateTable('occupations').set(patch).where('id', '=', id).execute();
}

export async function listOnePlusX(db: Kysely<DB>, f: { q?: string }, page: number, pageSize: number) {
  let base = db.selectFrom('one_plus_x_certificates');
  if (f.q)
    base = base.where((eb) =>
      eb.or([eb('name', 'like', likeContains(f.q!)), eb('organisation', 'like', likeContains(f.q!))]),
    );
  const [items, total] = await Promise.all([
    base
      .selectAll()
      .orderBy('batch')
      .orderBy('id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}
export function getOnePlusX(db: Kysely<DB>, id: number) {
  return db.selectFrom('one_plus_x_certificates').selectAll().where('id', '=', id).executeTakeFirst();
}
export async function countActiveOnePlusX(db: Kysely<DB>) {
  const r = await db
    .selectFrom('one_plus_x_certificates')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('active', '=', 1)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}
export function findOnePlusXByName(db: Kysely<DB>, name: string) {
  return db.selectFrom('one_plus_x_certificates').selectAll().where('name', '=', name).executeTakeFirst();
}
export async function insertOnePlusX(
  db: Kysely<DB>,
  row: { batch: number; name: string; organisation: string; created_at: string; updated_at: string },
) {
  const r = await db
    .insertInto('one_plus_x_certificates')
    .values({ ...row, active: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}
export async function updateOnePlusX(
  db: Kysely<DB>,
  id: number,
  patch: {
    name?: string;
    organisation?: string;
    active?: number;
    mapped_occupation_id?: number | null;
    updated_at: string;
  },
) {
  await db.updateTable('one_plus_x_certificates').set(patch).where('id', '=', id).execute();
}
export function listLevels(db: Kysely<DB>) {
  return db.selectFrom('skill_levels').selectAll().orderBy('digit', 'desc').execute();
}
