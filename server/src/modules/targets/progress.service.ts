/**
 * Progress computed from the records (TGT-1, TGT-3; definitions in docs/METRICS.md): for a unit the
 * actor may see — a region of its subtree or one institution — the figures of every metric on a
 * day, for it and every unit below it, with their targets. Flow metrics come from the maintained
 * aggregates (`progress_daily`), filed institutions and roster coverage from their owners' records.
 * A region's figures are the sum of the institutions located in its subtree of the reporting tree
 * (省直管县 report to the province, not to the city of their GB/T 2260 code).
 */
import {
  METRIC_KEYS,
  METRICS,
  parseUnit,
  regionUnit,
  institutionUnit,
  type MetricKey,
} from '../../../../contract/targets.js';
import type { Actor, Deps, RequestContext } from '../../lib/context.js';
import { AppError, notFoundOrDenied } from '../../lib/errors.js';
import { addDays, businessParts } from '../../lib/dates.js';
import { filedCountByRegion, institutionsUnder, institutionWithPath } from '../institutions/institutions.queries.js';
import { rosterCoverageBySchool } from '../people/graduating-class.queries.js';
import { getRegion, regionsUnder } from '../regions/regions.queries.js';
import { sumsByInstitution, type CountScope } from './aggregates.queries.js';
import { FLOW_METRICS, isConnected } from './metric-sources.js';
import { completion, levelStanding, standing, type Standing } from './progress.rules.js';
import { targetsOfYear } from './targets.queries.js';

export type UnitLevel = 'province' | 'city' | 'county' | 'school';

/** A unit of the reporting tree: a region or an institution (a school). */
export interface Unit {
  unit: string;
  name: string;
  level: UnitLevel;
  parent: string | null;
  directCounty: boolean;
  /** the region itself, or the institution's region */
  regionCode: string;
  /** for a region: its path in the reporting tree */
  path: string | null;
  institutionId: number | null;
  /** for an institution: its kind (college …) and whether it is filed (in rectification or suspended included) */
  kind: string | null;
  filed: boolean;
}

const FILED = ['filed', 'rectification', 'suspended'];

export interface Figure {
  actual: number | null;
  target: number | null;
  completion: number | null;
  standing: Standing;
}
export type Figures = Record<MetricKey, Figure>;

export interface UnitProgress extends Unit {
  figures: Figures;
  coverage: { total: number; certified: number };
}

/** The root a request asks for, resolved and checked against the actor's scope (another scope → 404). */
export async function resolveUnit(deps: Deps, ctx: RequestContext, unit?: string): Promise<Unit> {
  const actor = ctx.actor!;
  const key = unit ?? ownUnit(actor);
  if (!key) throw new AppError('FORBIDDEN_SCOPE', '当前账号没有可统计的管辖范围', { rule: 'TGT-3' });
  const parsed = parseUnit(key);
  const denied = (exists: unknown) =>
    notFoundOrDenied(exists, `统计单位 ${key} 不存在或不在您的管辖范围内`, {
      action: 'progress.read',
      objectType: 'unit',
      objectId: key,
    });
  if (!parsed) throw new AppError('NOT_FOUND', `统计单位 ${key} 不存在`);
  if (parsed.kind === 'region') {
    const r = await getRegion(deps.db, parsed.code);
    if (!r || !actor.regionPath || !r.path.startsWith(actor.regionPath)) throw denied(r);
    return regionAsUnit(r);
  }
  const i = await institutionWithPath(deps.db, parsed.id);
  const visible =
    i && (actor.institutionId === i.id || (actor.regionPath !== null && i.region_path.startsWith(actor.regionPath)));
  if (!i || !visible) throw denied(i);
  return {
    unit: institutionUnit(i.id),
    name: i.name,
    level: 'school',
    parent: regionUnit(i.region_code),
    directCounty: false,
    regionCode: i.region_code,
    path: null,
    institutionId: i.id,
    kind: i.kind,
    filed: FILED.includes(i.status),
  };
}

export const ownUnit = (actor: Actor) =>
  actor.regionCode ? regionUnit(actor.regionCode) : actor.institutionId ? institutionUnit(actor.institutionId) : null;

function regionAsUnit(r: {
  code: string;
  name: string;
  level: string;
  parent_code: string | null;
  path: string;
  is_direct_county: number;
}): Unit {
  return {
    unit: regionUnit(r.code),
    name: r.name,
    level: r.level as UnitLevel,
    parent: r.parent_code ? regionUnit(r.parent_code) : null,
    directCounty: r.is_direct_county === 1,
    regionCode: r.code,
    path: r.path,
    institutionId: null,
    kind: null,
    filed: false,
  };
}

/** The last instant of a business day, as the UTC ISO text timestamps are stored in (filing times). */
export function endOfBusinessDay(deps: Deps, day: string): string {
  // the zone's offset from UTC at noon of that day (China Standard Time: +8 h, no daylight saving)
  const noon = new Date(`${day}T12:00:00Z`);
  const p = businessParts(noon, deps.config.businessTimeZone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  const offset = wall - noon.getTime();
  return new Date(Date.parse(`${addDays(day, 1)}T00:00:00Z`) - offset - 1).toISOString();
}

/**
 * Every unit of the subtree at `root` (itself included) with its figures on `asOf` for `year`:
 * flows from 1 January to `asOf`, stocks and coverage on `asOf`. Institutions are listed when they
 * are schools (院校), have a target, or have counted anything.
 */
export async function progressOf(
  deps: Deps,
  root: Unit,
  year: number,
  asOf: string,
): Promise<Map<string, UnitProgress>> {
  const db = deps.db;
  const from = `${year}-01-01`;
  const to = asOf < `${year}-12-31` ? asOf : `${year}-12-31`;
  const scope: CountScope = root.path ? { regionPath: root.path } : { institutionId: root.institutionId! };
  const units = new Map<string, Unit>();
  if (root.path) {
    for (const r of await regionsUnder(db, root.path)) units.set(regionUnit(r.code), regionAsUnit(r));
    units.set(root.unit, root);
  } else units.set(root.unit, root);
  const [institutions, flows, filed, coverage, targets] = await Promise.all([
    root.path ? institutionsUnder(db, root.path) : Promise.resolve([]),
    sumsByInstitution(db, scope, FLOW_METRICS, from, to),
    root.path ? filedCountByRegion(db, root.path, endOfBusinessDay(deps, to)) : Promise.resolve([]),
    rosterCoverageBySchool(db, scope, year, to),
    targetsOfYear(db, year),
  ]);
  const targetOf = new Map(targets.map((t) => [`${t.unit}|${t.metric}`, t.value]));
  const counted = new Set(flows.filter((f) => f.n !== 0).map((f) => f.institution_id));
  for (const i of institutions) {
    const key = institutionUnit(i.id);
    if (i.kind !== 'college' && !counted.has(i.id) && !METRIC_KEYS.some((m) => targetOf.has(`${key}|${m}`))) continue;
    units.set(key, {
      unit: key,
      name: i.name,
      level: 'school',
      parent: regionUnit(i.region_code),
      directCounty: false,
      regionCode: i.region_code,
      path: null,
      institutionId: i.id,
      kind: i.kind,
      filed: FILED.includes(i.status),
    });
  }

  const sums = new Map<string, Record<string, number>>();
  const cover = new Map<string, { total: number; certified: number }>();
  for (const u of units.values()) {
    sums.set(u.unit, {});
    cover.set(u.unit, { total: 0, certified: 0 });
  }
  // a figure counts for its institution and every region on its region's path at or below the root
  const regionPaths = new Map([...units.values()].filter((u) => u.path).map((u) => [u.regionCode, u.path!]));
  const chain = (regionCode: string, institutionId: number | null) => {
    const keys: string[] = [];
    if (institutionId !== null && units.has(institutionUnit(institutionId))) keys.push(institutionUnit(institutionId));
    if (root.path) {
      const path = regionPaths.get(regionCode) ?? '';
      for (const code of path.split('/').filter(Boolean)) if (units.has(regionUnit(code))) keys.push(regionUnit(code));
    } else if (institutionId === root.institutionId) keys.push(root.unit);
    return [...new Set(keys)];
  };
  const add = (keys: string[], metric: string, n: number) => {
    for (const k of keys) {
      const s = sums.get(k)!;
      s[metric] = (s[metric] ?? 0) + n;
    }
  };
  for (const f of flows) add(chain(f.region_code, f.institution_id), f.metric, f.n);
  for (const f of filed) add(chain(f.region_code, null), 'institutions', f.n);
  for (const c of coverage)
    for (const k of chain(c.regionCode, c.schoolId)) {
      const x = cover.get(k)!;
      x.total += c.total;
      x.certified += c.certified;
    }

  const out = new Map<string, UnitProgress>();
  for (const u of units.values()) {
    const s = sums.get(u.unit)!;
    const c = cover.get(u.unit)!;
    const figures = {} as Figures;
    for (const m of METRIC_KEYS) {
      const target = targetOf.get(`${u.unit}|${m}`) ?? null;
      const applies = (METRICS[m].units as readonly string[]).includes(u.path ? 'region' : 'institution');
      let actual: number | null;
      if (!applies) actual = null;
      else if (m === 'coverage') actual = c.total ? Math.round((c.certified / c.total) * 1000) / 10 : null;
      else actual = s[m] ?? 0;
      const kind = METRICS[m].kind;
      figures[m] = {
        actual,
        target: applies ? target : null,
        completion: actual === null ? null : m === 'coverage' ? completion(actual, target) : completion(actual, target),
        standing:
          !applies || (kind === 'flow' && !isConnected(m))
            ? 'no_target'
            : kind === 'flow'
              ? standing(year, to, actual ?? 0, target)
              : levelStanding(actual, target),
      };
    }
    out.set(u.unit, { ...u, figures, coverage: c });
  }
  return out;
}

/** The direct children of a unit in a computed subtree, regions first (in their order), then institutions by name. */
export function childrenOf(all: Map<string, UnitProgress>, unit: string): UnitProgress[] {
  const kids = [...all.values()].filter((u) => u.parent === unit);
  return [
    ...kids.filter((k) => k.path),
    ...kids.filter((k) => !k.path).sort((a, b) => a.name.localeCompare(b.name, 'zh')),
  ];
}
