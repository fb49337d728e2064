/**
 * The public catalog of filed institutions (评价机构目录, INST-5): no login. Each entry shows its
 * filing number, status, scope, validity and credit grade (INST-8). Only institutions that were
 * ever filed appear; revoked ones stay listed as revoked.
 */
import type { Kysely } from 'kysely';
import { INSTITUTION_KINDS, INSTITUTION_STATUSES } from '../../../../contract/institutions.js';
import { levelLabel } from '../../../../contract/levels.js';
import type { DB } from '../../database/schema.js';
import type { Deps } from '../../lib/context.js';
import { businessDate } from '../../lib/dates.js';
import { AppError } from '../../lib/errors.js';
import { validity } from '../institutions/filing.rules.js';
import { creditOfMany, eventsOf } from '../institutions/management.service.js';
import * as q from '../institutions/catalog.queries.js';
import { scopesOfMany } from '../institutions/institutions.queries.js';
import { getRegion, regionNames } from '../regions/regions.queries.js';

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

/** City names for the paths' second segment (a county entry shows "郑州市 中牟县"). */
async function cityNames(db: Kysely<DB>, paths: string[]) {
  const codes = [...new Set(paths.map((p) => p.split('/').filter(Boolean)[1]).filter(Boolean))];
  return new Map((await regionNames(db, codes)).map((r) => [r.code, r.name]));
}

export async function searchCatalog(deps: Deps, f: CatalogQuery) {
  const page = f.page ?? 1;
  const pageSize = f.pageSize ?? 20;
  let regionPath: string | null = null;
  if (f.regionCode) {
    const r = await getRegion(deps.db, f.regionCode);
    if (!r)
      throw new AppError('REGION_NOT_FOUND', `行政区划 ${f.regionCode} 不存在`, {
        details: [{ field: 'querystring:/regionCode', message: '行政区划不存在' }],
      });
    regionPath = r.path;
  }
  const { rows, total } = await q.searchCatalog(deps.db, { ...f, regionPath }, page, pageSize);
  return { items: await toEntries(deps, rows), total, page, pageSize };
}

async function toEntries(deps: Deps, rows: q.CatalogRow[]) {
  const now = deps.clock.now();
  const [scopes, credit, cities] = await Promise.all([
    scopesOfMany(
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
      const e = byOcc.get(s.occupation_id) ?? {
        occupationId: s.occupation_id,
        code: s.code,
        name: s.name,
        levels: [],
        levelLabels: [],
      };
      e.levels.push(s.level);
      e.levelLabels.push(levelLabel(s.level));
      byOcc.set(s.occupation_id, e);
    }
    const v = validity(r.valid_until, businessDate(now, deps.config.businessTimeZone));
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
  const row = await q.catalogInstitution(deps.db, id);
  if (!row) throw new AppError('NOT_FOUND', `目录中没有编号为 ${id} 的机构`);
  const [entry] = await toEntries(deps, [row]);
  // the public sees management decisions, not who took them
  const history = (await eventsOf(deps.db, id)).map(({ actorName: _a, ...e }) => e);
  return { ...entry, history };
}

/** Occupations in the scope of at least one filed institution. */
export async function catalogOccupations(deps: Deps) {
  return (await q.catalogOccupations(deps.db)).map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    hasNationalStandard: r.has_national_standard === 1,
  }));
}
