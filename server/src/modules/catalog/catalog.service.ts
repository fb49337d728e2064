/**
 * The public catalog of filed institutions (评价机构目录, INST-5): no login. Each entry shows its
 * filing number, status, scope, validity and credit grade (INST-8). Only institutions that were
 * ever filed appear; revoked ones stay listed as revoked.
 */
import { sql, type Kysely } from 'kysely';
import { INSTITUTION_KINDS, INSTITUTION_STATUSES } from '../../../../contract/institutions.js';
import { levelLabel } from '../../../../contract/levels.js';
import type { DB } from '../../database/schema.js';
import { likeContains, likePrefix } from '../../database/sql-helpers.js';
import type { Deps } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { validity } from '../institutions/filing.rules.js';
import { creditOfMany, eventsOf } from '../institutions/management.service.js';

export interface CatalogQuery {
  q?: string;
  regionCode?: string;
  occupationId?: number;
  level?: number;
  kind?: string;
  status?: string;
  page?: number;
  pageSize?: number;
}

function base(db: Kysely<DB>, f: CatalogQuery, regionPath: string | null) {
  let q = db
    .selectFrom('institutions as i')
    .innerJoin('regions as r', 'r.code', 'i.region_code')
    .where('i.filing_no', 'is not', null);
  if (f.q)
    q = q.where((eb) => eb.or([eb('i.name', 'like', likeContains(f.q!)), eb('i.filing_no', '=', f.q!.toUpperCase())]));
  if (regionPath) q = q.where('r.path', 'like', likePrefix(regionPath));
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

async function scopesFor(db: Kysely<DB>, ids: number[]) {
  if (!ids.length) return [];
  return db
    .selectFrom('institution_scopes as s')
    .innerJoin('occupations as o', 'o.id', 's.occupation_id')
    .select(['s.institution_id', 'o.id', 'o.code', 'o.name', 's.level'])
    .where('s.institution_id', 'in', ids)
    .orderBy('o.code')
    .orderBy('s.level', 'desc')
    .execute();
}

async function cityNames(db: Kysely<DB>, paths: string[]) {
  const codes = [...new Set(paths.map((p) => p.split('/').filter(Boolean)[1]).filter(Boolean))];
  if (!codes.length) return new Map<string, string>();
  return new Map(
    (await db.selectFrom('regions').select(['code', 'name']).where('code', 'in', codes).execute()).map((r) => [
      r.code,
      r.name,
    ]),
  );
}

export async function searchCatalog(deps: Deps, f: CatalogQuery) {
  const page = f.page ?? 1;
  const pageSize = f.pageSize ?? 20;
  let regionPath: string | null = null;
  if (f.regionCode) {
    const r = await deps.db.selectFrom('regions').select('path').where('code', '=', f.regionCode).executeTakeFirst();
    if (!r)
      throw new AppError('REGION_NOT_FOUND', `行政区划 ${f.regionCode} 不存在`, {
        details: [{ field: 'querystring:/regionCode', message: '行政区划不存在' }],
      });
    regionPath = r.path;
  }
  const [rows, total] = await Promise.all([
    base(deps.db, f, regionPath)
      .select([
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
      ])
      .orderBy('i.filing_no')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base(deps.db, f, regionPath)
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items: await toEntries(deps, rows), total: Number(total.n), page, pageSize };
}

type CatalogRow = {
  id: number;
  name: string;
  kind: string;
  school_type: string | null;
  status: string;
  filing_no: string | null;
  filed_at: string | null;
  valid_until: string | null;
  rectification_deadline: string | null;
  region_name: string;
  region_path: string;
};

async function toEntries(deps: Deps, rows: CatalogRow[]) {
  const now = deps.clock.now();
  const [scopes, credit, cities] = await Promise.all([
    scopesFor(
      deps.db,
      rows.map((r) => r.id),
    ),
    creditOfMany(deps.db, rows, now),
    cityNames(
      deps.db,
      rows.map((r) => r.region_path),
    ),
  ]);
  return rows.map((r) => {
    const byOcc = new Map<
      number,
      { occupationId: number; code: string; name: string; levels: number[]; levelLabels: string[] }
    >();
    for (const s of scopes.filter((x) => x.institution_id === r.id)) {
      const e = byOcc.get(s.id) ?? { occupationId: s.id, code: s.code, name: s.name, levels: [], levelLabels: [] };
      e.levels.push(s.level);
      e.levelLabels.push(levelLabel(s.level));
      byOcc.set(s.id, e);
    }
    const v = validity(r.valid_until, now);
    const c = credit.get(r.id)!;
    const city = r.region_path.split('/').filter(Boolean)[1];
    return {
      id: r.id,
      name: r.name,
      kind: r.kind,
      kindLabel: INSTITUTION_KINDS[r.kind as keyof typeof INSTITUTION_KINDS] ?? r.kind,
      filingNo: r.filing_no!,
      status: r.status,
      statusLabel: INSTITUTION_STATUSES[r.status as keyof typeof INSTITUTION_STATUSES],
      region: [cities.get(city) ?? '', r.region_name].filter((x, i, a) => x && a.indexOf(x) === i).join(' '),
      filedAt: r.filed_at ? r.filed_at.slice(0, 10) : null,
      validUntil: r.valid_until,
      validity: v.state,
      rectificationDeadline: r.rectification_deadline,
      creditGrade: c.grade,
      creditScore: c.score,
      scopes: [...byOcc.values()],
    };
  });
}

export async function catalogEntry(deps: Deps, id: number) {
  const row = await base(deps.db, {}, null)
    .select([
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
    ])
    .where('i.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `目录中没有编号为 ${id} 的机构`);
  const [entry] = await toEntries(deps, [row]);
  // the public sees management decisions, not who took them
  const history = (await eventsOf(deps.db, id)).map(({ actorName: _a, ...e }) => e);
  return { ...entry, history };
}

/** Occupations in the scope of at least one filed institution. */
export async function catalogOccupations(deps: Deps) {
  return deps.db
    .selectFrom('occupations as o')
    .select(['o.id', 'o.code', 'o.name', 'o.has_national_standard'])
    .where('o.id', 'in', (eb) => eb.selectFrom('institution_scopes').select('occupation_id'))
    .orderBy('o.code')
    .execute()
    .then((rows) =>
      rows.map((r) => ({ id: r.id, code: r.code, name: r.name, hasNationalStandard: r.has_national_standard === 1 })),
    );
}
