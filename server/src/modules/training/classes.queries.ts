/** 开班申请 and classes: scoped lists, the workflow's rows and steps, the published list. */
import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { DB, TrainingClassEventTable, TrainingClassTable } from '../../database/schema.js';
import type { Actor } from '../../lib/context.js';
import { likeContains } from '../../database/sql-helpers.js';
import { regionCodesUnder } from '../regions/regions.queries.js';

const joined = (db: Kysely<DB>) =>
  db
    .selectFrom('training_classes as c')
    .innerJoin('training_providers as p', 'p.id', 'c.provider_id')
    .innerJoin('institutions as i', 'i.id', 'c.institution_id')
    .innerJoin('occupations as o', 'o.id', 'c.occupation_id')
    .innerJoin('regions as r', 'r.code', 'c.region_code')
    .selectAll('c')
    .select([
      'i.name as provider_name',
      'i.region_code as provider_region_code',
      'p.provider_type',
      'o.code as occupation_code',
      'o.name as occupation_name',
      'r.name as region_name',
      'r.path as region_path',
    ])
    .select((eb) =>
      eb
        .selectFrom('training_trainees as t')
        .select((x) => x.fn.countAll<number>().as('n'))
        .whereRef('t.class_id', '=', 'c.id')
        .where('t.status', '=', 'enrolled')
        .as('enrolled'),
    );

/**
 * Classes an actor may see: the provider its own; an official those held in the region subtree
 * (the HRSS of the place) and those of providers in it (the provider's home HRSS).
 */
export function visibleClasses(db: Kysely<DB>, actor: Actor) {
  const q = joined(db);
  if (actor.regionPath) {
    const under = regionCodesUnder(db, actor.regionPath);
    return q.where((eb) => eb.or([eb('c.region_code', 'in', under), eb('i.region_code', 'in', under)]));
  }
  if (actor.institutionId) return q.where('c.institution_id', '=', actor.institutionId);
  return q.where(sql<boolean>`1 = 0`);
}
export type ClassRow = NonNullable<Awaited<ReturnType<ReturnType<typeof visibleClasses>['executeTakeFirst']>>>;

export interface ClassFilter {
  q?: string;
  status?: TrainingClassTable['status'];
  /** only classes held in the actor's region (those whose decision is the actor's to make, as the HRSS of the place) */
  placePath?: string;
}

export async function listClasses(db: Kysely<DB>, actor: Actor, f: ClassFilter, page: number, pageSize: number) {
  let q = visibleClasses(db, actor);
  if (f.q)
    q = q.where((eb) => eb.or([eb('c.title', 'like', likeContains(f.q!)), eb('i.name', 'like', likeContains(f.q!))]));
  if (f.status) q = q.where('c.status', '=', f.status);
  if (f.placePath) q = q.where('c.region_code', 'in', regionCodesUnder(db, f.placePath));
  const [items, total] = await Promise.all([
    q
      .orderBy('c.start_date', 'desc')
      .orderBy('c.id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    q
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export const visibleClass = (db: Kysely<DB>, actor: Actor, id: number) =>
  visibleClasses(db, actor).where('c.id', '=', id).executeTakeFirst();
/** A class whoever asks (guards of other modules, the workflow after its scope check). */
export const classById = (db: Kysely<DB>, id: number) => joined(db).where('c.id', '=', id).executeTakeFirst();
export const classExists = (db: Kysely<DB>, id: number) =>
  db.selectFrom('training_classes').select('id').where('id', '=', id).executeTakeFirst();

export async function insertClass(db: Kysely<DB>, row: Insertable<TrainingClassTable>) {
  return (await db.insertInto('training_classes').values(row).returning('id').executeTakeFirstOrThrow()).id;
}
export async function updateClass(db: Kysely<DB>, id: number, patch: Updateable<TrainingClassTable>) {
  await db.updateTable('training_classes').set(patch).where('id', '=', id).execute();
}
export async function insertClassEvent(db: Kysely<DB>, row: Insertable<TrainingClassEventTable>) {
  await db.insertInto('training_class_events').values(row).execute();
}
export const classEvents = (db: Kysely<DB>, classId: number) =>
  db.selectFrom('training_class_events').selectAll().where('class_id', '=', classId).orderBy('id').execute();

/**
 * TRAIN-12: places of the provider's live apprenticeship classes in one occupation whose period
 * overlaps [from, until], the class `exceptId` left out.
 */
export async function apprenticePlaces(
  db: Kysely<DB>,
  providerId: number,
  occupationId: number,
  from: string,
  until: string,
  exceptId: number | null,
) {
  let q = db
    .selectFrom('training_classes')
    .select((eb) => eb.fn.sum<number>('capacity').as('n'))
    .where('provider_id', '=', providerId)
    .where('occupation_id', '=', occupationId)
    .where('class_type', '=', 'apprenticeship')
    .where('status', 'in', ['submitted', 'approved'])
    .where('start_date', '<=', until)
    .where('end_date', '>=', from);
  if (exceptId) q = q.where('id', '!=', exceptId);
  const r = await q.executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Approved classes, the published list (公布培训班次), newest start first. */
export async function publishedClasses(db: Kysely<DB>, f: { q?: string }, page: number, pageSize: number) {
  let q = joined(db).where('c.status', '=', 'approved');
  if (f.q)
    q = q.where((eb) =>
      eb.or([
        eb('c.title', 'like', likeContains(f.q!)),
        eb('i.name', 'like', likeContains(f.q!)),
        eb('o.name', 'like', likeContains(f.q!)),
      ]),
    );
  const [items, total] = await Promise.all([
    q
      .orderBy('c.start_date', 'desc')
      .orderBy('c.id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    q
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/**
 * Holds the class row until the transaction ends (PostgreSQL: a row lock; SQLite: the transaction
 * already holds the only write lock), so two enrolments at once cannot both take the last place.
 */
export async function lockClass(db: Kysely<DB>, id: number) {
  await db
    .updateTable('training_classes')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', id)
    .execute();
}
