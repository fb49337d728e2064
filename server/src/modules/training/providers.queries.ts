/** The training provider catalogue (培训机构目录清单): entries, training scope, history and annual inspections. */
import type { Insertable, Kysely, Updateable } from 'kysely';
import type {
  DB,
  TrainingInspectionTable,
  TrainingProviderEventTable,
  TrainingProviderTable,
} from '../../database/schema.js';
import type { Actor } from '../../lib/context.js';
import { likeContains } from '../../database/sql-helpers.js';
import { whereInScope } from '../regions/scope.queries.js';

const joined = (db: Kysely<DB>) =>
  db
    .selectFrom('training_providers as p')
    .innerJoin('institutions as i', 'i.id', 'p.institution_id')
    .innerJoin('regions as r', 'r.code', 'i.region_code');

const COLUMNS = [
  'p.id',
  'p.institution_id',
  'p.provider_type',
  'p.status',
  'p.listed_on',
  'p.exited_on',
  'p.exit_reason',
  'i.name',
  'i.kind',
  'i.school_type',
  'i.region_code',
  'r.name as region_name',
  'r.path as region_path',
] as const;

/** Entries an actor may see: an official those of institutions in the region subtree, an institution its own. */
export function visibleProviders(db: Kysely<DB>, actor: Actor) {
  return whereInScope(db, joined(db), actor, { region: 'i.region_code', institution: 'p.institution_id' });
}

export interface ProviderFilter {
  q?: string;
  status?: 'listed' | 'exited';
}

export async function listProviders(db: Kysely<DB>, actor: Actor, f: ProviderFilter, page: number, pageSize: number) {
  let q = visibleProviders(db, actor);
  if (f.q) q = q.where('i.name', 'like', likeContains(f.q));
  if (f.status) q = q.where('p.status', '=', f.status);
  const [items, total] = await Promise.all([
    q
      .select(COLUMNS)
      .orderBy('p.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export const visibleProvider = (db: Kysely<DB>, actor: Actor, id: number) =>
  visibleProviders(db, actor).select(COLUMNS).where('p.id', '=', id).executeTakeFirst();
export type ProviderRow = NonNullable<Awaited<ReturnType<typeof visibleProvider>>>;

export const providerById = (db: Kysely<DB>, id: number) =>
  joined(db).select(COLUMNS).where('p.id', '=', id).executeTakeFirst();

/** The catalogue entry of an institution (one organisation, one entry), if it has one. */
export const providerOfInstitution = (db: Kysely<DB>, institutionId: number) =>
  joined(db).select(COLUMNS).where('p.institution_id', '=', institutionId).executeTakeFirst();

export async function insertProvider(db: Kysely<DB>, row: Insertable<TrainingProviderTable>) {
  return (await db.insertInto('training_providers').values(row).returning('id').executeTakeFirstOrThrow()).id;
}
export async function updateProvider(db: Kysely<DB>, id: number, patch: Updateable<TrainingProviderTable>) {
  await db.updateTable('training_providers').set(patch).where('id', '=', id).execute();
}

/** The training scope (occupations) of each provider, occupation code order. */
export async function scopeOf(db: Kysely<DB>, providerIds: readonly number[]) {
  if (!providerIds.length) return [];
  return db
    .selectFrom('training_provider_occupations as s')
    .innerJoin('occupations as o', 'o.id', 's.occupation_id')
    .select(['s.provider_id', 'o.id', 'o.code', 'o.name', 's.added_on'])
    .where('s.provider_id', 'in', [...providerIds])
    .orderBy('o.code')
    .execute();
}
export async function inScope(db: Kysely<DB>, providerId: number, occupationId: number) {
  return !!(await db
    .selectFrom('training_provider_occupations')
    .select('id')
    .where('provider_id', '=', providerId)
    .where('occupation_id', '=', occupationId)
    .executeTakeFirst());
}
export async function addScope(db: Kysely<DB>, providerId: number, occupationIds: readonly number[], on: string) {
  if (occupationIds.length)
    await db
      .insertInto('training_provider_occupations')
      .values(occupationIds.map((o) => ({ provider_id: providerId, occupation_id: o, added_on: on })))
      .execute();
}
export async function removeScope(db: Kysely<DB>, providerId: number, occupationIds: readonly number[]) {
  if (occupationIds.length)
    await db
      .deleteFrom('training_provider_occupations')
      .where('provider_id', '=', providerId)
      .where('occupation_id', 'in', [...occupationIds])
      .execute();
}

export async function insertProviderEvent(db: Kysely<DB>, row: Insertable<TrainingProviderEventTable>) {
  await db.insertInto('training_provider_events').values(row).execute();
}
export const eventsOf = (db: Kysely<DB>, providerId: number) =>
  db
    .selectFrom('training_provider_events')
    .selectAll()
    .where('provider_id', '=', providerId)
    .orderBy('id', 'desc')
    .limit(100)
    .execute();

export const inspectionOf = (db: Kysely<DB>, providerId: number, year: number) =>
  db
    .selectFrom('training_inspections')
    .selectAll()
    .where('provider_id', '=', providerId)
    .where('year', '=', year)
    .executeTakeFirst();
export async function insertInspection(db: Kysely<DB>, row: Insertable<TrainingInspectionTable>) {
  await db.insertInto('training_inspections').values(row).execute();
}
export async function updateInspection(db: Kysely<DB>, id: number, patch: Updateable<TrainingInspectionTable>) {
  await db.updateTable('training_inspections').set(patch).where('id', '=', id).execute();
}
/** Every inspection of the providers, newest year first. */
export async function inspectionsOf(db: Kysely<DB>, providerIds: readonly number[]) {
  if (!providerIds.length) return [];
  return db
    .selectFrom('training_inspections')
    .selectAll()
    .where('provider_id', 'in', [...providerIds])
    .orderBy('year', 'desc')
    .execute();
}

// ---- the public lists (no actor)

export async function publicListed(db: Kysely<DB>, f: { q?: string }, page: number, pageSize: number) {
  let q = joined(db).where('p.status', '=', 'listed');
  if (f.q) q = q.where('i.name', 'like', likeContains(f.q));
  const [items, total] = await Promise.all([
    q
      .select(COLUMNS)
      .orderBy('r.path')
      .orderBy('p.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** Every exit from the catalogue ever recorded (曝光), newest first: a relisted body's exit stays public. */
export async function publicExits(db: Kysely<DB>, f: { q?: string }, page: number, pageSize: number) {
  let q = joined(db).innerJoin('training_provider_events as e', 'e.provider_id', 'p.id').where('e.type', '=', 'exit');
  if (f.q) q = q.where('i.name', 'like', likeContains(f.q));
  const [items, total] = await Promise.all([
    q
      .select(['e.id', 'p.id as provider_id', 'p.provider_type', 'i.name', 'r.name as region_name', 'e.detail', 'e.at'])
      .select((eb) =>
        eb
          .selectFrom('training_provider_events as l')
          .select((x) => x.fn.max('l.at').as('m'))
          .whereRef('l.provider_id', '=', 'p.id')
          .where('l.type', 'in', ['list', 'relist'])
          .whereRef('l.at', '<=', 'e.at')
          .as('listed_at'),
      )
      .orderBy('e.at', 'desc')
      .orderBy('e.id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/**
 * Holds the provider row until the transaction ends, so two classes submitted or approved at once
 * are counted against one another (TRAIN-12's cap spans a provider's classes).
 */
export async function lockProvider(db: Kysely<DB>, id: number) {
  await db
    .updateTable('training_providers')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', id)
    .execute();
}
