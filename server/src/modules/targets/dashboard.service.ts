/**
 * The dashboard (数据看板, TGT-2, TGT-3): a unit's figures and its children's (the map colours the
 * children by completion; the web draws cities, counties from the maintained GeoJSON), the monthly
 * trend against the straight line to 30 November with the year-end forecast from the run rate,
 * and every unit below that is at risk. Read from the maintained aggregates.
 */
import { METRIC_KEYS, METRICS, deadlineOf } from '../../../../contract/targets.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { sumsByMonth, type CountScope } from './aggregates.queries.js';
import { FLOW_METRICS } from './metric-sources.js';
import { childrenOf, progressOf, resolveUnit } from './progress.service.js';
import { expectedShare, forecastAtDeadline, monthsUpTo } from './progress.rules.js';
import { asOfFor, breadcrumbOf, thisYearOf, unconnectedMetrics } from './targets.service.js';

const strip = <T extends { path: unknown; institutionId: unknown; kind: unknown; filed: unknown }>({
  path: _p,
  institutionId: _i,
  kind: _k,
  filed: _f,
  ...u
}: T) => u;

export async function dashboard(deps: Deps, ctx: RequestContext, q: { unit?: string; year?: number }) {
  const year = q.year ?? thisYearOf(deps);
  const root = await resolveUnit(deps, ctx, q.unit);
  const asOf = asOfFor(deps, year);
  const all = await progressOf(deps, root, year, asOf);
  const me = all.get(root.unit)!;
  const scope: CountScope = root.path ? { regionPath: root.path } : { institutionId: root.institutionId! };
  const months = monthsUpTo(year, asOf);
  const byMonth = await sumsByMonth(deps.db, scope, FLOW_METRICS, `${year}-01-01`, asOf);
  const running: Record<string, number> = {};
  const trend = months.map(({ month, end }) => {
    const values: Record<string, number> = {};
    const line: Record<string, number | null> = {};
    for (const m of FLOW_METRICS) {
      running[m] =
        (running[m] ?? 0) + byMonth.filter((r) => r.month === month && r.metric === m).reduce((a, r) => a + r.n, 0);
      values[m] = running[m];
      const target = me.figures[m].target;
      line[m] = target === null ? null : Math.round(target * expectedShare(year, end));
    }
    return { month, values, line };
  });
  const forecast = Object.fromEntries(
    FLOW_METRICS.map((m) => [m, forecastAtDeadline(year, asOf, me.figures[m].actual ?? 0)]),
  );
  const atRisk = [...all.values()]
    .filter((u) => u.unit !== root.unit)
    .flatMap((u) =>
      METRIC_KEYS.filter((m) => METRICS[m].targetable && u.figures[m].standing === 'at_risk').map((m) => ({
        unit: u.unit,
        name: u.name,
        level: u.level,
        metric: m,
        actual: u.figures[m].actual ?? 0,
        target: u.figures[m].target ?? 0,
        completion: u.figures[m].completion ?? 0,
      })),
    )
    .sort((a, b) => a.completion - b.completion)
    .slice(0, 50);
  return {
    year,
    asOf,
    deadline: deadlineOf(year),
    expected: Math.round(expectedShare(year, asOf) * 1000) / 10,
    unit: strip(me),
    breadcrumb: await breadcrumbOf(deps, ctx, root),
    children: childrenOf(all, root.unit).map(strip),
    trend,
    forecast,
    atRisk,
    unconnected: unconnectedMetrics(),
  };
}
