/**
 * What each role's home page shows of targets and reports (TGT-1, TGT-3, SUP-3): its own figures
 * against its targets, and its to-dos — its own monthly report to submit, the units below whose
 * report is overdue, the units at risk.
 */
import { reportDueOn } from '../../../../contract/targets.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { pick } from '../../lib/lang.js';
import { childrenOf, progressOf, resolveUnit } from './progress.service.js';
import { reportOf, submissionsOf } from './reports.queries.js';
import { thisYearOf, todayOf } from './targets.service.js';

const monthBefore = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

export async function homeFigures(deps: Deps, ctx: RequestContext) {
  const root = await resolveUnit(deps, ctx);
  const today = todayOf(deps);
  const year = thisYearOf(deps);
  const all = await progressOf(deps, root, year, today);
  const me = all.get(root.unit)!;
  const f = me.figures;
  // in the reader's language (Accept-Language)
  const L = (zh: string, en: string) => pick(ctx.lang, zh, en);
  const pct = (x: number | null) => (x === null ? '' : L(`（完成 ${x}%）`, ` (${x}% of target)`));
  const cards = [
    {
      key: 'progress-certified',
      label: L(`${year} 年取证人数`, `Certified in ${year}`) + pct(f.certified.completion),
      value: f.certified.actual ?? 0,
      unit: L('人', 'people'),
    },
    {
      key: 'progress-high',
      label: L('其中高技能人才', 'of whom high-skill') + pct(f.high_skill.completion),
      value: f.high_skill.actual ?? 0,
      unit: L('人', 'people'),
    },
    {
      key: 'progress-1x',
      label: L('1+X 证书', '1+X certificates') + pct(f.one_plus_x.completion),
      value: f.one_plus_x.actual ?? 0,
      unit: L('本', ''),
    },
    ...(f.coverage.actual !== null
      ? [
          {
            key: 'progress-coverage',
            label: L(`${year} 届毕业生持证率`, `Class of ${year} graduates certified`),
            value: f.coverage.actual,
            unit: '%',
          },
        ]
      : []),
  ];
  const todos: { key: string; label: string; count: number; link: string }[] = [];
  const notices: string[] = [];
  // the month whose report is due now: last month; once its due day has passed, it is overdue
  const lastMonth = monthBefore(today.slice(0, 7));
  if (!(await reportOf(deps.db, root.unit, lastMonth)))
    todos.push({
      key: 'report-own',
      label: L(
        `本单位 ${lastMonth} 月报待报送（${reportDueOn(lastMonth)} 前）`,
        `Our ${lastMonth} monthly report to submit (by ${reportDueOn(lastMonth)})`,
      ),
      count: 1,
      link: '/reports',
    });
  const dueMonth = today > reportDueOn(lastMonth) ? lastMonth : monthBefore(lastMonth);
  const duty = childrenOf(all, root.unit).filter((u) => u.path !== null || u.filed);
  if (duty.length) {
    const submitted = new Set(
      (
        await submissionsOf(
          deps.db,
          duty.map((d) => d.unit),
          dueMonth,
        )
      ).map((s) => s.unit),
    );
    const overdue = duty.filter((d) => !submitted.has(d.unit)).length;
    if (overdue) {
      todos.push({
        key: 'report-overdue',
        label: L(
          `下级单位 ${dueMonth} 月报逾期未报（SUP-3）`,
          `Units below with the ${dueMonth} monthly report overdue (SUP-3)`,
        ),
        count: overdue,
        link: `/reports`,
      });
      notices.push(
        L(
          `${overdue} 个下级单位的 ${dueMonth} 月报逾期未报送（SUP-3）。`,
          `${overdue} units below have not submitted their ${dueMonth} monthly report on time (SUP-3).`,
        ),
      );
    }
    const risk = childrenOf(all, root.unit).filter((u) => u.figures.certified.standing === 'at_risk').length;
    if (risk)
      todos.push({
        key: 'at-risk',
        label: L('取证进度低于序时进度的下级单位', 'Units below behind the pace to their certification target'),
        count: risk,
        link: '/dashboard',
      });
  }
  return { cards, todos, notices };
}
