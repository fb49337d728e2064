import { sql, type Kysely, type SelectQueryBuilder, type Updateable } from 'kysely';
import type { DB, InstitutionTable, NewInstitutionRow } from '../../database/schema.js';
import type { Actor } from '../../lib/context.js';
import { inIds, likeContains } from '../../database/sql-helpers.js';
import { regionCodesUnder } from '../regions/regions.queries.js';
import { whereInScope } from '../regions/scope.queries.js';

type Q = SelectQueryBuilder<DB & { i: DB['institutions'] }, 'i', object>;

/** The one place institution visibility is decided: a region subtree, one institution, or nothing. */
export function whereInstitutionVisibleTo<T extends Q>(db: Kysely<DB>, q: T, actor: Actor): T {
  // the system administrator binds accounts to institutions, so it reads the registry (nothing else)
  if (actor.role === 'system_admin') return q;
  return whereInScope(db, q, actor, { region: 'i.region_code', institution: 'i.id' });
}

export interface InstitutionFilter {
  q?: string;
  status?: string;
  kind?: string;
  /** narrow to a region subtree (already resolved to its path) */
  regionPath?: string;
}

function base(db: Kysely<DB>, actor: Actor, f: InstitutionFilter) {
  let q = db
    .selectFrom('institutions as i')
    .innerJoin('regions as r', 'r.code', 'i.region_code')
    // the city above a district (the path's second code: /410000/410100/410105/), to name the place
    .leftJoin('regions as c', (j) =>
      j.on((eb) => eb('c.code', '=', sql<string>`substr(r.path, 9, 6)`)),
    ) as unknown as Q;
  q = whereInstitutionVisibleTo(db, q, actor);
  if (f.q) q = q.where('i.name', 'like', likeContains(f.q));
  if (f.status) q = q.where('i.status', '=', f.status as never);
  if (f.kind) q = q.where('i.kind', '=', f.kind);
  if (f.regionPath) q = q.where('i.region_code', 'in', regionCodesUnder(db, f.regionPath));
  return q as unknown as SelectQueryBuilder<
    DB & { i: DB['institutions']; r: DB['regions']; c: DB['regions'] },
    'i' | 'r' | 'c',
    object
  >;
}

const COLUMNS = [
  'i.id',
  'i.name',
  'i.kind',
  'i.school_type',
  'i.owner',
  'i.region_code',
  'i.created_at',
  'r.name as region_name',
  'r.path as region_path',
  'c.name as city_name',
  'i.filing_no',
  'i.status',
  'i.filed_at',
  'i.valid_until',
  'i.rectification_deadline',
  'i.credit_code',
  'i.contact_name',
  'i.contact_phone',
  'i.address',
] as const;

export async function listInstitutions(
  db: Kysely<DB>,
  actor: Actor,
  f: InstitutionFilter,
  page: number,
  pageSize: number,
) {
  const [items, total] = await Promise.all([
    base(db, actor, f)
      .select(COLUMNS)
      .orderBy('i.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base(db, actor, f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export function exportInstitutions(db: Kysely<DB>, actor: Actor, f: InstitutionFilter, limit: number) {
  return base(db, actor, f).select(COLUMNS).orderBy('i.id').limit(limit).execute();
}

export function getVisibleInstitution(db: Kysely<DB>, actor: Actor, id: number) {
  return base(db, actor, {}).select(COLUMNS).where('i.id', '=', id).executeTakeFirst();
}

/** INST-5: institutions in the actor's view still under rectification after their deadline, oldest deadline first. */
export function overdueRectifications(db: Kysely<DB>, actor: Actor, today: string, limit: number) {
  return base(db, actor, { status: 'rectification' })
    .select(COLUMNS)
    .where('i.rectification_deadline', '<', today)
    .orderBy('i.rectification_deadline')
    .orderBy('i.id')
    .limit(limit)
    .execute();
}

export function findInstitution(db: Kysely<DB>, id: number) {
  return db.selectFrom('institutions').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
}

export async function institutionExists(db: Kysely<DB>, id: number): Promise<boolean> {
  return !!(await db.selectFrom('institutions').select('id').where('id', '=', id).executeTakeFirst());
}

export async function countVisibleByRegion(db: Kysely<DB>, actor: Actor) {
  return base(db, actor, {})
    .select(['r.path', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('r.path')
    .execute();
}

/** An institution with its region path (for routing and scope). */
export function institutionWithPath(db: Kysely<DB>, id: number) {
  return db
    .selectFrom('institutions as i')
    .innerJoin('regions as r', 'r.code', 'i.region_code')
    .selectAll('i')
    .select(['r.path as region_path', 'r.name as region_name'])
    .where('i.id', '=', id)
    .executeTakeFirst();
}
export type InstitutionWithPath = NonNullable<Awaited<ReturnType<typeof institutionWithPath>>>;

/** The institution as a school (院校: it has a school type), or undefined when it is not one. */
export function schoolById(db: Kysely<DB>, id: number) {
  return db
    .selectFrom('institutions')
    .select(['id', 'name'])
    .where('id', '=', id)
    .where('school_type', 'is not', null)
    .executeTakeFirst();
}

/** Kind, school type, name and filing state of one institution (the partner checks of CERT-3 and CERT-6). */
export function institutionKind(db: Kysely<DB>, id: number) {
  return db
    .selectFrom('institutions')
    .select(['id', 'kind', 'school_type', 'name', 'status', 'filing_no', 'valid_until'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertInstitution(db: Kysely<DB>, row: NewInstitutionRow) {
  return (await db.insertInto('institutions').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateInstitution(db: Kysely<DB>, id: number, patch: Omit<Updateable<InstitutionTable>, 'id'>) {
  await db.updateTable('institutions').set(patch).where('id', '=', id).execute();
}

/** The granted scopes of many institutions (export and public catalog), occupation order. */
export function scopesOfMany(db: Kysely<DB>, institutionIds: number[]) {
  if (!institutionIds.length) return Promise.resolve([]);
  return db
    .selectFrom('institution_scopes as s')
    .innerJoin('occupations as o', 'o.id', 's.occupation_id')
    .select(['s.institution_id', 'o.id as occupation_id', 'o.code', 'o.name', 's.level'])
    .where('s.institution_id', 'in', institutionIds)
    .orderBy('o.code')
    .orderBy('s.level', 'desc')
    .execute();
}

/** What the certify guard checks about the institution itself (INST-5). */
export function certifyingInstitution(db: Kysely<DB>, id: number) {
  return db
    .selectFrom('institutions')
    .select(['id', 'name', 'status', 'valid_until', 'filing_no'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * INST-1: whether a person is an institution's own in-service staff — an examiner, senior examiner
 * or internal quality supervisor in its staff registry (the staff table is read in a subquery;
 * experts and external supervisors are not the school's 教职工).
 */
export async function isOwnStaff(db: Kysely<DB>, institutionId: number, personId: number): Promise<boolean> {
  const r = await db
    .selectNoFrom((eb) =>
      eb
        .exists(
          eb
            .selectFrom('staff as s')
            .select('s.id')
            .where('s.institution_id', '=', institutionId)
            .where('s.person_id', '=', personId)
            .where('s.kind', 'in', ['examiner', 'senior_examiner', 'quality_supervisor'])
            .where((w) => w.or([w('s.supervisor_type', 'is', null), w('s.supervisor_type', '=', 'internal')])),
        )
        .as('own_staff'),
    )
    .executeTakeFirstOrThrow();
  return Boolean(Number(r.own_staff));
}

/** `isOwnStaff` for many people at once: those among `personIds` who are the institution's own in-service staff. */
export async function ownStaffAmong(db: Kysely<DB>, institutionId: number, personIds: readonly number[]) {
  if (!personIds.length) return new Set<number>();
  const rows = await db
    .selectFrom('institutions as i')
    .innerJoin('staff as s', 's.institution_id', 'i.id')
    .select('s.person_id')
    .distinct()
    .where('i.id', '=', institutionId)
    .where(inIds(db, 's.person_id', personIds))
    .where('s.kind', 'in', ['examiner', 'senior_examiner', 'quality_supervisor'])
    .where((w) => w.or([w('s.supervisor_type', 'is', null), w('s.supervisor_type', '=', 'internal')]))
    .execute();
  return new Set(rows.map((r) => Number(r.person_id)));
}

/** One granted occupation × level, with whether a national standard exists and its spec's status (INST-4, INST-7). */
export function grantedScope(db: Kysely<DB>, institutionId: number, occupationId: number, level: number) {
  return db
    .selectFrom('institution_scopes as s')
    .innerJoin('occupations as o', 'o.id', 's.occupation_id')
    .leftJoin('evaluation_specs as e', 'e.id', 's.spec_id')
    .select(['o.name', 'o.has_national_standard', 'e.status as spec_status'])
    .where('s.institution_id', '=', institutionId)
    .where('s.occupation_id', '=', occupationId)
    .where('s.level', '=', level)
    .executeTakeFirst();
}

/** The institutions located in a region subtree, with what progress reports show of them (TGT-1). */
export function institutionsUnder(db: Kysely<DB>, path: string) {
  return db
    .selectFrom('institutions')
    .select(['id', 'name', 'kind', 'school_type', 'region_code', 'status', 'filed_at'])
    .where('region_code', 'in', regionCodesUnder(db, path))
    .orderBy('id')
    .execute();
}

/**
 * Filed institutions standing on a day (TGT-1 备案评价机构), per region of the subtree: filed at or
 * before `endIso` (the end of that business day) and not revoked (取消备案, INST-5) by then;
 * rectification and suspension do not end a filing.
 */
export async function filedCountByRegion(db: Kysely<DB>, path: string, endIso: string) {
  const rows = await db
    .selectFrom('institutions as i')
    .select((eb) => ['i.region_code', eb.fn.countAll<number>().as('n')])
    .where('i.region_code', 'in', regionCodesUnder(db, path))
    .where('i.filed_at', 'is not', null)
    .where('i.filed_at', '<=', endIso)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('institution_events as e')
            .select('e.id')
            .whereRef('e.institution_id', '=', 'i.id')
            .where('e.type', '=', 'revoke')
            .where('e.at', '<=', endIso),
        ),
      ),
    )
    .groupBy('i.region_code')
    .execute();
  return rows.map((r) => ({ region_code: r.region_code, n: Number(r.n) }));
}

/** The institutions holding these filing numbers (the generator finds the ones it made before). */
export function institutionsByFilingNo(db: Kysely<DB>, filingNos: readonly string[]) {
  if (!filingNos.length) return Promise.resolve([]);
  return db
    .selectFrom('institutions')
    .select(['id', 'name', 'filing_no', 'region_code'])
    .where('filing_no', 'in', filingNos)
    .execute();
}
