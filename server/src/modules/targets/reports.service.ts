/**
 * Monthly reports (月报, TGT-3) and the reporting duty (SUP-3): a unit's figures for any month as of
 * its last day in China time, with the month's own increase; each unit confirms and submits its
 * report to its parent, which freezes it (stored JSON) — later corrections of the records show as
 * differences against the snapshot, never as a changed report. Units below that have not submitted
 * once the due day has passed are overdue; an institution's delay is entered into its credit
 * record (INST-8) through the institutions module.
 */
import { can } from '../../../../contract/access.js';
import type { ReportFigures } from '../../../../contract/api-targets.js';
import { METRIC_KEYS, METRICS, lastDayOfMonth, reportDueOn, type MetricKey } from '../../../../contract/targets.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { recordInstitutionEvent } from '../institutions/management.service.js';
import { FLOW_METRICS } from './metric-sources.js';
import { childrenOf, ownUnit, progressOf, resolveUnit, type Unit, type UnitProgress } from './progress.service.js';
import { delaysOf, insertDelay, insertReport, reportOf, submissionsOf } from './reports.queries.js';
import { todayOf, unconnectedMetrics } from './targets.service.js';

const COUNTED: MetricKey[] = METRIC_KEYS.filter((m) => METRICS[m].kind !== 'rate');

const prevMonthEnd = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? null : lastDayOfMonth(`${y}-${String(m - 1).padStart(2, '0')}`);
};

/** A unit's report figures for a month, as the records stand now. */
export async function reportFigures(deps: Deps, root: Unit, month: string): Promise<ReportFigures> {
  return (await reportData(deps, root, month)).figures;
}

/** The report figures and the computed subtree they come from (the duty list reads it too). */
async function reportData(deps: Deps, root: Unit, month: string) {
  const year = Number(month.slice(0, 4));
  const asOf = lastDayOfMonth(month);
  const before = prevMonthEnd(month);
  const [all, prev] = await Promise.all([
    progressOf(deps, root, year, asOf),
    before ? progressOf(deps, root, year, before) : Promise.resolve(null),
  ]);
  const line = (u: UnitProgress) => ({
    unit: u.unit,
    name: u.name,
    level: u.level,
    figures: u.figures,
    month: Object.fromEntries(
      FLOW_METRICS.map((m) => [m, (u.figures[m].actual ?? 0) - (prev?.get(u.unit)?.figures[m].actual ?? 0)]),
    ),
    coverage: u.coverage,
  });
  const me = all.get(root.unit)!;
  const children = childrenOf(all, root.unit);
  const ownLevel = Object.fromEntries(
    COUNTED.map((m) => [m, (me.figures[m].actual ?? 0) - children.reduce((a, c) => a + (c.figures[m].actual ?? 0), 0)]),
  );
  const figures: ReportFigures = { unit: line(me), children: children.map(line), ownLevel };
  return { figures, all };
}

/** SUP-3: the units below that owe a report: every region, and each institution that is filed or was given a target. */
const owesReport = (u: UnitProgress) =>
  u.path !== null || u.filed || METRIC_KEYS.some((m) => u.figures[m].target !== null);

function differences(frozen: ReportFigures, now: ReportFigures) {
  const nowBy = new Map([now.unit, ...now.children].map((l) => [l.unit, l]));
  const out: { unit: string; name: string; metric: MetricKey; submitted: number | null; now: number | null }[] = [];
  for (const l of [frozen.unit, ...frozen.children])
    for (const m of METRIC_KEYS) {
      const a = l.figures[m].actual;
      const b = nowBy.get(l.unit)?.figures[m].actual ?? null;
      if (a !== b) out.push({ unit: l.unit, name: l.name, metric: m, submitted: a, now: b });
    }
  return out;
}

/** The monthly report of a unit (the caller's own by default): frozen if submitted, else live, with its children's duty. */
export async function monthlyReport(deps: Deps, ctx: RequestContext, q: { unit?: string; month: string }) {
  const root = await resolveUnit(deps, ctx, q.unit);
  const asOf = lastDayOfMonth(q.month);
  const dueOn = reportDueOn(q.month);
  const today = todayOf(deps);
  const { figures: live, all } = await reportData(deps, root, q.month);
  const frozen = await reportOf(deps.db, root.unit, q.month);
  const figures = frozen ? (JSON.parse(frozen.snapshot_json) as ReportFigures) : live;
  const duty = childrenOf(all, root.unit).filter(owesReport);
  const units = duty.map((d) => d.unit);
  const [subs, delays] = await Promise.all([submissionsOf(deps.db, units, q.month), delaysOf(deps.db, units, q.month)]);
  const subBy = new Map(subs.map((s) => [s.unit, s]));
  const delayed = new Set(delays.map((d) => d.unit));
  return {
    month: q.month,
    asOf,
    dueOn,
    year: Number(q.month.slice(0, 4)),
    figures,
    submission: frozen
      ? { at: frozen.submitted_at, by: frozen.submitted_by_name, late: frozen.late === 1, note: frozen.note }
      : null,
    differences: frozen ? differences(figures, live) : [],
    children: duty.map((d) => {
      const s = subBy.get(d.unit);
      return {
        unit: d.unit,
        name: d.name,
        level: d.level,
        submittedAt: s?.submitted_at ?? null,
        late: s?.late === 1,
        overdue: !s && today > dueOn,
        delayRecorded: delayed.has(d.unit),
      };
    }),
    maySubmit: !frozen && can(ctx.actor!.role, 'report.submit') && root.unit === ownUnit(ctx.actor!),
    unconnected: unconnectedMetrics(),
  };
}

/** Records an institution's delay once per month in its credit record (INST-8); true when this call did. */
async function recordDelay(
  trx: Parameters<typeof insertDelay>[0],
  deps: Deps,
  ctx: RequestContext,
  unit: Unit,
  month: string,
  why: string,
) {
  if (unit.institutionId === null) return false; // regions have no credit record
  if (!(await insertDelay(trx, unit.unit, month, ctx.actor!.id, deps.clock.now().toISOString()))) return false;
  await recordInstitutionEvent(trx, deps, ctx, unit.institutionId, {
    type: 'late_report',
    reason: `${month} 月报${why}（SUP-3，应于 ${reportDueOn(month)} 前报送）`,
  });
  return true;
}

/** TGT-3: the caller confirms its own unit's report for a finished month; it is frozen as submitted. */
export async function submitReport(deps: Deps, ctx: RequestContext, body: { month: string; note?: string }) {
  const root = await resolveUnit(deps, ctx);
  const asOf = lastDayOfMonth(body.month);
  const today = todayOf(deps);
  if (today <= asOf)
    throw new AppError('VALIDATION_FAILED', `${body.month} 月尚未结束：月报统计至月末（北京时间），次月起报送`, {
      rule: 'TGT-3',
      details: [{ field: '/month', message: '月份尚未结束' }],
    });
  const figures = await reportFigures(deps, root, body.month);
  const dueOn = reportDueOn(body.month);
  const late = today > dueOn;
  return deps.db.transaction().execute(async (trx) => {
    if (await reportOf(trx, root.unit, body.month))
      throw new AppError('CONFLICT', `${root.name} ${body.month} 月报已报送：报送后为冻结快照，此后的更正以差异显示`, {
        rule: 'TGT-3',
      });
    const at = deps.clock.now().toISOString();
    await insertReport(trx, {
      unit: root.unit,
      month: body.month,
      parent_unit: root.parent,
      snapshot_json: JSON.stringify(figures),
      due_on: dueOn,
      late: late ? 1 : 0,
      note: body.note ?? null,
      submitted_by: ctx.actor!.id,
      submitted_by_name: ctx.actor!.displayName,
      submitted_at: at,
    });
    const creditRecorded = late ? await recordDelay(trx, deps, ctx, root, body.month, '逾期报送') : false;
    await recordAudit(trx, deps, ctx, {
      action: 'report.submit',
      objectType: 'monthly_report',
      objectId: `${root.unit}:${body.month}`,
      after: { unit: root.unit, month: body.month, late, parent: root.parent },
    });
    return { unit: root.unit, month: body.month, submittedAt: at, late, creditRecorded };
  });
}

/** SUP-3 → INST-8: the institutions below the caller's unit that have not submitted a month past its due day get a credit record of the delay. */
export async function recordOverdue(deps: Deps, ctx: RequestContext, body: { month: string }) {
  const root = await resolveUnit(deps, ctx);
  const dueOn = reportDueOn(body.month);
  if (todayOf(deps) <= dueOn)
    throw new AppError('VALIDATION_FAILED', `${body.month} 月报的报送期限为 ${dueOn}，尚未逾期`, {
      rule: 'SUP-3',
      details: [{ field: '/month', message: '尚未逾期' }],
    });
  const all = await progressOf(deps, root, Number(body.month.slice(0, 4)), lastDayOfMonth(body.month));
  const owing = [...all.values()].filter((u) => u.unit !== root.unit && u.institutionId !== null && owesReport(u));
  const submitted = new Set(
    (
      await submissionsOf(
        deps.db,
        owing.map((u) => u.unit),
        body.month,
      )
    ).map((s) => s.unit),
  );
  const overdue = owing.filter((u) => !submitted.has(u.unit));
  return deps.db.transaction().execute(async (trx) => {
    const recorded: { unit: string; name: string }[] = [];
    for (const u of overdue)
      if (await recordDelay(trx, deps, ctx, u, body.month, '逾期未报送')) recorded.push({ unit: u.unit, name: u.name });
    await recordAudit(trx, deps, ctx, {
      action: 'report.delays',
      objectType: 'monthly_report',
      objectId: `${root.unit}:${body.month}`,
      after: { month: body.month, recorded: recorded.map((r) => r.unit) },
    });
    return { month: body.month, recorded };
  });
}
