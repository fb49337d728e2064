/**
 * The registry as the public catalog reads it (INST-5): institutions that were ever filed, with
 * no login and no actor scope. The catalog module owns no table; its reads live with the owner.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../database/schema.js';
import { likeContains, likePrefix } from '../../database/sql-helpers.js';

export interface CatalogFilter {
  q?: string;
  /** narrow to a region subtree (already resolved to its path) */
  regionPath?: string | null;
  occupationId?: number;
  level?: number;
  kind?: string;
  status?: string;
}

function filed(db: Kysely<DB>, f: CatalogFilter) {
  let q = db
    .selectFrom('institutions as i')
    .innerJoin('regions as r', 'r.code', 'i.region_code')
    .where('i.filing_no', 'is not', null);
  if (f.q)
    q = q.where((eb) => eb.or([eb('i.name', 'like', likeContains(f.q!)), eb('i.filing_no', '=', f.q!.toUpperCase())]));
  if (f.regionPath) q = q.where('r.path', 'like', likePrefix(f.regionPath));
  if (f.kind) q = q.where('i.kind', '=', f.kind);
  if (f.status) q = q.where('i.status', '=', f.status as never);
  if (f.occupationId || f.level) {
    q = q.where('i.id', 'in', (eb) => {
      let s = eb.selectFrom('institution_scopes').select('institution_id');
      if (f.occupationId) s = s.where('occupation_id', '=', f.occupationId);
      if (f.level) s = s.where('level', '=', f.level);
      return s;
    });
  }
  return q;
}

const COLUMNS = [
  'i.id',
  'i.name',
  'i.kind',
  'i.school_type',
  'i.status',
  'i.filing_no',
  'i.filed_at',
  'i.valid_until',
  'i.rectification_deadline',
  'r.name as region_name',
  'r.path as region_path',
] as const;

export async function searchCatalog(db: Kysely<DB>, f: CatalogFilter, page: number, pageSize: number) {
  const [rows, total] = await Promise.all([
    filed(db, f)
      .select(COLUMNS)
      .orderBy('i.filing_no')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    filed(db, f)
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export function catalogInstitution(db: Kysely<DB>, id: number) {
  return filed(db, {}).select(COLUMNS).where('i.id', '=', id).executeTakeFirst();
}
export type CatalogRow = NonNullable<Awaited<ReturnType<typeof catalogInstitution>>>;

/** Occupations in the scope of at least one filed institution. */
export function catalogOccupations(db: Kysely<DB>) {
  return db
    .selectFrom('institution_scopes as s')
    .innerJoin('occupations as o', 'o.id', 's.occupation_id')
    .select(['o.id', 'o.code', 'o.name', 'o.has_national_standard'])
    .distinct()
    .orderBy('o.code')
    .execute();
}

/**
 * The levels of an occupation that at least one filed institution (filed, or filed and in
 * rectification) certifies: where a skill-level certificate can be obtained in the province
 * (TRAIN-3, TRAIN-9 “已备案公示的评价机构有的职业”).
 */
export async function certifiedLevels(db: Kysely<DB>, occupationId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('institution_scopes as s')
    .innerJoin('institutions as i', 'i.id', 's.institution_id')
    .select('s.level')
    .distinct()
    .where('s.occupation_id', '=', occupationId)
    .where('i.status', 'in', ['filed', 'rectification'])
    .orderBy('s.level', 'desc')
    .execute();
  return rows.map((r) => Number(r.level));
}
