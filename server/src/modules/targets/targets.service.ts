/**
 * Yearly targets (取证任务, TGT-1): a parent distributes its task to its children — the province
 * to cities, 济源示范区 and the 省直管县; a city to its counties; a county (or a city, for schools at
 * its own level) to its schools. The view shows each child's target and progress, and where the
 * children's targets fall short of or exceed the parent's. Set one by one or by Excel import
 * (every row checked first; a refusal names the row and nothing is imported).
 */
import { can } from '../../../../contract/access.js';
import { METRICS, TARGET_METRICS, parseUnit, type MetricKey } from '../../../../contract/targets.js';
import type { TargetPutBody } from '../../../../contract/api-targets.js';
import type { Actor, Deps, RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { businessDate, businessYear } from '../../lib/dates.js';
import { recordAudit } from '../audit/audit.service.js';
import { FLOW_SOURCES } from './metric-sources.js';
import { childrenOf, progressOf, resolveUnit, type Unit, type UnitProgress } from './progress.service.js';
import { distributionGap } from './progress.rules.js';
import { putTarget, targetsOfUnits } from './targets.queries.js';
import { readTargetRows, targetsWorkbook } from './targets-workbook.js';

export const unconnectedMetrics = () => FLOW_SOURCES.filter((s) => !s.connected).flatMap((s) => s.metrics);

/** TGT-1: targets come from the parent: an official sets those of the units below their own; the province also its own. */
export function mayEditTarget(actor: Actor, unit: Unit): boolean {
  if (!can(actor.role, 'target.edit') || !actor.regionPath) return false;
  if (unit.path) {
    if (!unit.path.startsWith(actor.regionPath)) return false;
    return unit.path !== actor.regionPath || unit.level === 'province';
  }
  return true; // an institution resolved inside the actor's subtree
}

/** The units from the actor's own down to `unit`, for a breadcrumb. */
export async function breadcrumbOf(deps: Deps, ctx: RequestContext, unit: Unit) {
  const actor = ctx.actor!;
  const out: { unit: string; name: string }[] = [];
  const regionPath =
    unit.path ?? (unit.parent ? (await resolveUnit(deps, ctx, unit.parent).catch(() => null))?.path : null);
  if (regionPath && actor.regionPath) {
    const codes = regionPath.split('/').filter(Boolean);
    const own = actor.regionPath.split('/').filter(Boolean).length;
    for (const code of codes.slice(own - 1)) {
      const u = await resolveUnit(deps, ctx, `R${code}`);
      out.push({ unit: u.unit, name: u.name });
    }
  }
  if (!unit.path) out.push({ unit: unit.unit, name: unit.name });
  return out;
}

export const todayOf = (deps: Deps) => businessDate(deps.clock.now(), deps.config.businessTimeZone);
export const thisYearOf = (deps: Deps) => businessYear(deps.clock.now(), deps.config.businessTimeZone);
/** A year's figures are read on today, or on 31 December for a past year. */
export const asOfFor = (deps: Deps, year: number) => {
  const today = todayOf(deps);
  return today.slice(0, 4) === String(year) ? today : today < `${year}` ? `${year}-01-01` : `${year}-12-31`;
};

function gapsOf(root: UnitProgress, children: UnitProgress[]) {
  return Object.fromEntries(
    TARGET_METRICS.map((m) => [
      m,
      METRICS[m].kind === 'rate'
        ? null // a percentage is not shared out: each child has its own
        : distributionGap(
            root.figures[m].target,
            children
              .filter((c) => (METRICS[m].units as readonly string[]).includes(c.path ? 'region' : 'institution'))
              .map((c) => c.figures[m].target),
          ),
    ]),
  ) as Record<MetricKey, ReturnType<typeof distributionGap>>;
}

const strip = ({ path: _p, institutionId: _i, kind: _k, filed: _f, ...u }: UnitProgress) => u;

export async function targetsView(deps: Deps, ctx: RequestContext, q: { unit?: string; year?: number }) {
  const year = q.year ?? thisYearOf(deps);
  const root = await resolveUnit(deps, ctx, q.unit);
  const asOf = asOfFor(deps, year);
  const all = await progressOf(deps, root, year, asOf);
  const me = all.get(root.unit)!;
  const children = childrenOf(all, root.unit);
  return {
    year,
    asOf,
    unit: strip(me),
    breadcrumb: await breadcrumbOf(deps, ctx, root),
    children: children.map(strip),
    gaps: gapsOf(me, children),
    mayEditSelf: mayEditTarget(ctx.actor!, root),
    mayEditChildren: can(ctx.actor!.role, 'target.edit') && !!root.path,
    unconnected: unconnectedMetrics(),
  };
}

function checkValue(unit: Unit, metric: MetricKey, value: number | null, field: string) {
  if (!METRICS[metric].targetable)
    throw new AppError('VALIDATION_FAILED', `“${METRICS[metric].label}”不下达任务`, {
      rule: 'TGT-1',
      details: [{ field, message: '不下达任务' }],
    });
  if (!(METRICS[metric].units as readonly string[]).includes(unit.path ? 'region' : 'institution'))
    throw new AppError('VALIDATION_FAILED', `“${METRICS[metric].label}”不适用于${unit.name}`, {
      rule: 'TGT-1',
      details: [{ field, message: '不适用于院校' }],
    });
  if (value !== null && metric === 'coverage' && value > 100)
    throw new AppError('VALIDATION_FAILED', '毕业生持证率目标为百分比，不能超过 100', {
      rule: 'CERT-9',
      details: [{ field, message: '不能超过 100' }],
    });
}

const notYours = (unit: Unit) =>
  new AppError('FORBIDDEN_SCOPE', `${unit.name}的年度任务由其上级下达（省级设定本省任务），您不能修改`, {
    rule: 'TGT-1',
  });

export async function setTarget(deps: Deps, ctx: RequestContext, body: TargetPutBody) {
  const unit = await resolveUnit(deps, ctx, body.unit);
  if (!mayEditTarget(ctx.actor!, unit)) throw notYours(unit);
  checkValue(unit, body.metric, body.value, '/value');
  return deps.db.transaction().execute(async (trx) => {
    const previous = await putTarget(trx, {
      year: body.year,
      unit: unit.unit,
      metric: body.metric,
      value: body.value,
      by: ctx.actor!.id,
      byName: ctx.actor!.displayName,
      at: deps.clock.now().toISOString(),
    });
    await recordAudit(trx, deps, ctx, {
      action: 'target.set',
      objectType: 'target',
      objectId: `${body.year}:${unit.unit}:${body.metric}`,
      before: { value: previous },
      after: { value: body.value },
    });
    return { unit: unit.unit, metric: body.metric, value: body.value, previous };
  });
}

/** The unit and its children with their targets (and, for an export, progress) as a workbook; also the import template. */
export async function targetsExport(deps: Deps, ctx: RequestContext, q: { unit?: string; year?: number }) {
  const v = await targetsView(deps, ctx, q);
  return targetsWorkbook(v);
}

/** TGT-1 by Excel: the rows of the template, every row checked before any is written. */
export async function importTargets(deps: Deps, ctx: RequestContext, year: number, file: Buffer) {
  const rows = await readTargetRows(file);
  const errors: { field: string; message: string }[] = [];
  const checked: { unit: Unit; metric: MetricKey; value: number }[] = [];
  for (const r of rows) {
    const at = `第 ${r.rowNo} 行`;
    const parsed = parseUnit(r.unit);
    if (!parsed) {
      errors.push({ field: at, message: `单位代码“${r.unit}”无效（应为 R+6 位行政区划代码或 I+机构编号）` });
      continue;
    }
    let unit: Unit;
    try {
      unit = await resolveUnit(deps, ctx, r.unit);
    } catch {
      errors.push({ field: at, message: `单位 ${r.unit} 不存在或不在您的管辖范围内` });
      continue;
    }
    if (!mayEditTarget(ctx.actor!, unit)) {
      // the parent's own row comes with the export: left as it is, it is passed over
      const current = new Map((await targetsOfUnits(deps.db, year, [unit.unit])).map((t) => [t.metric, t.value]));
      if (r.values.some((v) => v.value !== null && v.value !== (current.get(v.metric) ?? null)))
        errors.push({ field: at, message: `${unit.name}的任务由其上级下达，不能在此修改` });
      continue;
    }
    for (const v of r.values) {
      if (v.value === null) continue;
      if (!Number.isInteger(v.value) || v.value < 0) {
        errors.push({ field: `${at}“${METRICS[v.metric].label}”`, message: `“${v.text}”不是非负整数` });
        continue;
      }
      try {
        checkValue(unit, v.metric, v.value, at);
        checked.push({ unit, metric: v.metric, value: v.value });
      } catch (e) {
        errors.push({ field: `${at}“${METRICS[v.metric].label}”`, message: (e as Error).message });
      }
    }
  }
  if (errors.length)
    throw new AppError('IMPORT_INVALID', `任务表有 ${errors.length} 处错误，未导入任何数据`, {
      rule: 'TGT-1',
      details: errors.slice(0, 200),
    });
  return deps.db.transaction().execute(async (trx) => {
    let changed = 0;
    const at = deps.clock.now().toISOString();
    for (const c of checked) {
      const previous = await putTarget(trx, {
        year,
        unit: c.unit.unit,
        metric: c.metric,
        value: c.value,
        by: ctx.actor!.id,
        byName: ctx.actor!.displayName,
        at,
      });
      if (previous !== c.value) changed++;
    }
    await recordAudit(trx, deps, ctx, {
      action: 'target.import',
      objectType: 'target',
      objectId: String(year),
      after: { year, rows: rows.length, values: checked.length, changed },
    });
    return { year, rows: rows.length, changed };
  });
}
