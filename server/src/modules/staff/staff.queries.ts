import type { Insertable, Kysely } from 'kysely';
import type { DB, StaffAssignmentTable, StaffTable } from '../../database/schema.js';
import type { Actor } from '../../lib/context.js';
import { likeContains } from '../../database/sql-helpers.js';
import { whereInScope } from '../regions/scope.queries.js';

/** Staff an actor may see: an institution its own; an official those registered in the subtree. */
function visible(db: Kysely<DB>, actor: Actor) {
  const q = db
    .selectFrom('staff as s')
    .leftJoin('institutions as i', 'i.id', 's.institution_id')
    // the person behind the record (INST-8): one identity across roles and institutions
    .leftJoin('learners as l', 'l.id', 's.person_id');
  return whereInScope(db, q, actor, { region: 's.region_code', institution: 's.institution_id' });
}
const PERSON_COLUMNS = ['l.id_type as person_id_type', 'l.id_number_enc as person_id_number_enc'] as const;

export interface StaffFilter {
  q?: string;
  /** the keyed hash of `q` read as a whole ID number (lib/personal-data.ts) */
  qIdNumberHash?: string;
  kind?: string;
  institutionId?: number;
  status?: string;
  occupationId?: number;
}

export async function listStaff(db: Kysely<DB>, actor: Actor, f: StaffFilter, page: number, pageSize: number) {
  let q = visible(db, actor);
  if (f.q)
    q = q.where((eb) =>
      eb.or([
        eb('s.name', 'like', likeContains(f.q!)),
        eb('s.card_no', 'like', likeContains(f.q!)),
        // a whole identity number finds the person's records, by its keyed hash (a fragment cannot: the number is sealed)
        eb('l.id_number_hash', '=', f.qIdNumberHash ?? ''),
      ]),
    );
  if (f.kind) q = q.where('s.kind', '=', f.kind as StaffTable['kind']);
  if (f.institutionId) q = q.where('s.institution_id', '=', f.institutionId);
  if (f.status) q = q.where('s.status', '=', f.status as 'active');
  if (f.occupationId)
    q = q.where(
      's.id',
      'in',
      db.selectFrom('staff_occupations').select('staff_id').where('occupation_id', '=', f.occupationId!),
    );
  const [items, total] = await Promise.all([
    q
      .selectAll('s')
      .select('i.name as institution_name')
      .select(PERSON_COLUMNS)
      .orderBy('s.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export function getVisibleStaff(db: Kysely<DB>, actor: Actor, id: number) {
  return visible(db, actor)
    .selectAll('s')
    .select('i.name as institution_name')
    .select(PERSON_COLUMNS)
    .where('s.id', '=', id)
    .executeTakeFirst();
}
export type StaffRow = NonNullable<Awaited<ReturnType<typeof getVisibleStaff>>>;

export function staffExists(db: Kysely<DB>, id: number) {
  return db.selectFrom('staff').select('id').where('id', '=', id).executeTakeFirst();
}

/** One person with what assignment checks need (INST-8), whoever may see them. */
export function staffById(db: Kysely<DB>, id: number) {
  return db
    .selectFrom('staff')
    .select(['id', 'name', 'kind', 'status', 'institution_id', 'disqualified_reason', 'person_id'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Every staff record of one person, in any institution or region (INST-8). */
export function staffOfPerson(db: Kysely<DB>, personId: number) {
  return db
    .selectFrom('staff')
    .select(['id', 'kind', 'institution_id', 'region_code', 'status'])
    .where('person_id', '=', personId)
    .orderBy('id')
    .execute();
}

/**
 * The disqualification that bars a person (INST-8), wherever it was recorded: the earliest
 * disqualified record of the person, with the institution it belonged to; undefined if none.
 */
export function personBar(db: Kysely<DB>, personId: number) {
  return db
    .selectFrom('staff as s')
    .leftJoin('institutions as i', 'i.id', 's.institution_id')
    .select(['s.id', 's.name', 's.kind', 's.disqualified_reason', 's.disqualified_at', 'i.name as institution_name'])
    .where('s.person_id', '=', personId)
    .where('s.status', '=', 'disqualified')
    .orderBy('s.disqualified_at')
    .orderBy('s.id')
    .executeTakeFirst();
}

/** Disqualifies every still-active record of a person (INST-8); returns the ids it changed. */
export async function barPerson(db: Kysely<DB>, personId: number, reason: string, at: string) {
  const rows = await db
    .updateTable('staff')
    .set({ status: 'disqualified' as never, disqualified_reason: reason, disqualified_at: at, updated_at: at })
    .where('person_id', '=', personId)
    .where('status', '=', 'active')
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function occupationsOfStaff(db: Kysely<DB>, ids: number[]) {
  if (!ids.length) return [];
  return db
    .selectFrom('staff_occupations as so')
    .innerJoin('occupations as o', 'o.id', 'so.occupation_id')
    .select(['so.staff_id', 'o.id', 'o.code', 'o.name'])
    .where('so.staff_id', 'in', ids)
    .orderBy('o.code')
    .execute();
}

export async function insertStaff(db: Kysely<DB>, row: Omit<StaffTable, 'id' | 'status'>) {
  return (await db.insertInto('staff').values(row).returning('id').executeTakeFirstOrThrow()).id;
}
export async function updateStaff(db: Kysely<DB>, id: number, patch: Partial<Omit<StaffTable, 'id'>>) {
  await db
    .updateTable('staff')
    .set(patch as never)
    .where('id', '=', id)
    .execute();
}
export async function setStaffOccupations(db: Kysely<DB>, staffId: number, occupationIds: number[]) {
  await db.deleteFrom('staff_occupations').where('staff_id', '=', staffId).execute();
  if (occupationIds.length)
    await db
      .insertInto('staff_occupations')
      .values(occupationIds.map((o) => ({ staff_id: staffId, occupation_id: o })))
      .execute();
}
export function cardTaken(db: Kysely<DB>, cardNo: string, exceptId?: number) {
  let q = db.selectFrom('staff').select('id').where('card_no', '=', cardNo);
  if (exceptId) q = q.where('id', '!=', exceptId);
  return q.executeTakeFirst();
}
export function assignmentsOf(db: Kysely<DB>, staffId: number) {
  return db
    .selectFrom('staff_assignments')
    .selectAll()
    .where('staff_id', '=', staffId)
    .orderBy('id', 'desc')
    .limit(50)
    .execute();
}
export async function insertAssignment(db: Kysely<DB>, row: Insertable<StaffAssignmentTable>) {
  await db.insertInto('staff_assignments').values(row).execute();
}
