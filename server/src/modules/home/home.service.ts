/** The home page (工作台) of each role: what exists so far inside the actor's scope. */
import { can } from '../../../../contract/access.js';
import { ROLE_INFO, type Role } from '../../../../contract/roles.js';
import type { Home } from '../../../../contract/api.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { businessDate } from '../../lib/dates.js';
import { institutionsByChildRegion, listInstitutions } from '../institutions/institutions.service.js';
import { countRegionsUnder, regionNames } from '../regions/regions.queries.js';
import { countActiveOccupations, countActiveOnePlusX } from '../occupations/occupations.queries.js';
import * as accountCounts from '../accounts/accounts.queries.js';
import { countFailuresSince } from '../auth/auth.queries.js';
import { auditByAction, countAudit, countAuditSince } from '../audit/audit.queries.js';
import { filingQueue } from '../institutions/filings.service.js';
import { creditOf, overdueRectificationsFor } from '../institutions/management.service.js';
import { getInstitution, institutionScopes } from '../institutions/institutions.service.js';
import { homeFigures } from '../targets/home-figures.service.js';
import {
  countPendingRegistrations,
  countPlansInPublicity,
  countUnconfirmedScores,
} from '../assessment/todo.queries.js';

const DAY = 86_400_000;

export async function homeFor(deps: Deps, ctx: RequestContext): Promise<Home> {
  const actor = ctx.actor!;
  const info = ROLE_INFO[actor.role];
  const now = deps.clock.now();
  const notices: string[] = [];
  if (deps.config.demo) notices.push('当前为演示环境：数据为虚构，仅供体验，请勿录入真实个人信息。');

  if (info.scope === 'region' && actor.regionPath) {
    const [regions, institutions, occupations, onePlusX, byChild, queue, filed] = await Promise.all([
      countRegionsUnder(deps.db, actor.regionPath),
      listInstitutions(deps, ctx, { pageSize: 1 }),
      countActiveOccupations(deps.db),
      countActiveOnePlusX(deps.db),
      institutionsByChildRegion(deps, ctx),
      can(actor.role, 'filing.read') ? filingQueue(deps, ctx) : Promise.resolve({ total: 0 }),
      listInstitutions(deps, ctx, { pageSize: 1, status: 'filed' }),
    ]);
    const names = new Map(
      (
        await regionNames(
          deps.db,
          byChild.map((c) => c.code),
        )
      ).map((r) => [r.code, r.name]),
    );
    // from 1 October until the deadline itself, 30 November, as dates in China Standard Time
    const monthDay = businessDate(now, deps.config.businessTimeZone).slice(5);
    if (monthDay >= '10-01' && monthDay <= '11-30' && actor.role !== 'expert')
      notices.push(`年度取证任务须于 11 月 30 日前完成（TGT-2）。`);
    if (queue.total) notices.push(`有 ${queue.total} 件备案申请等待本部门办理。`);
    // TGT-1, TGT-3: the region's own figures against its targets, its report and the overdue ones below
    const progress = can(actor.role, 'progress.read') ? await homeFigures(deps, ctx) : null;
    notices.push(...(progress?.notices ?? []));
    const todos = [
      ...(queue.total ? [{ key: 'filings', label: '待办备案申请', count: queue.total, link: '/queue' }] : []),
      ...(progress?.todos ?? []),
    ];
    const overdue = await overdueRectificationsFor(deps, ctx);
    if (overdue.length)
      notices.push(
        `${overdue.map((o) => `${o.name}（期限 ${o.deadline}）`).join('、')} 整改期限已过，建议暂停评价（INST-5）。`,
      );
    return {
      title: `${actor.scopeLabel} · ${info.label}工作台`,
      cards: [
        ...(progress?.cards ?? []),
        { key: 'queue', label: '待办备案申请', value: queue.total, unit: '件' },
        { key: 'institutions', label: '辖区评价机构', value: institutions.total, unit: '家' },
        { key: 'filed', label: '已备案机构', value: filed.total, unit: '家' },
        { key: 'regions', label: '辖区行政区划', value: Math.max(regions - 1, 0), unit: '个' },
        { key: 'occupations', label: '职业目录', value: occupations, unit: '个' },
        { key: 'onePlusX', label: '1+X 证书', value: onePlusX, unit: '种' },
      ],
      chart: byChild.length
        ? {
            title: '辖区评价机构分布',
            items: byChild
              .map((c) => ({ name: names.get(c.code) ?? c.code, value: c.value }))
              .sort((a, b) => b.value - a.value),
          }
        : null,
      notices,
      todos,
    };
  }
  if (info.scope === 'institution' && actor.institutionId) {
    const [inst, scopes, accounts, credit, queue] = await Promise.all([
      getInstitution(deps, ctx, actor.institutionId),
      institutionScopes(deps, ctx, actor.institutionId),
      accountCounts.countAccountsOfInstitution(deps.db, actor.institutionId),
      creditOf(deps.db, actor.institutionId, now),
      can(actor.role, 'filing.read') ? filingQueue(deps, ctx) : Promise.resolve({ total: 0 }),
    ]);
    if (inst.validity === 'expiring')
      notices.push(`本机构备案将于 ${inst.validUntil} 到期（剩余 ${inst.daysLeft} 天），请及时办理延续。`);
    if (inst.validity === 'expired') notices.push(`本机构备案已于 ${inst.validUntil} 到期，不能开展评价和发证。`);
    if (inst.status === 'rectification') notices.push(`本机构被责令限期整改，整改期限 ${inst.rectificationDeadline}。`);
    if (inst.status === 'suspended') notices.push('本机构已被暂停评价活动（INST-5）。');
    if (inst.status === 'revoked') notices.push('本机构已被取消备案（INST-5）。');
    if (inst.status === 'unfiled') notices.push('本机构尚未备案：请登记人员、上传备案条件证明材料后提交备案申请。');
    const occupations = new Set(scopes.map((s) => s.occupationId)).size;
    // a school's to-dos: candidates to review, scores to confirm, plans in publicity, its monthly report
    const id = actor.institutionId;
    const today = businessDate(now, deps.config.businessTimeZone);
    const [pending, unconfirmed, publicity, progress] = await Promise.all([
      countPendingRegistrations(deps.db, id),
      countUnconfirmedScores(deps.db, id),
      countPlansInPublicity(deps.db, id, today),
      can(actor.role, 'progress.read') ? homeFigures(deps, ctx) : Promise.resolve(null),
    ]);
    const todos = [
      ...(pending ? [{ key: 'registrations', label: '待审核的报名', count: pending, link: '/plans' }] : []),
      ...(unconfirmed ? [{ key: 'scores', label: '待复核的成绩', count: unconfirmed, link: '/plans' }] : []),
      ...(publicity ? [{ key: 'publicity', label: '公示中的评价计划', count: publicity, link: '/plans' }] : []),
      ...(progress?.todos ?? []),
    ];
    return {
      title: `${actor.scopeLabel} · ${info.label}工作台`,
      cards: [
        {
          key: 'status',
          label: `备案状态：${inst.statusLabel}${inst.filingNo ? `（${inst.filingNo}）` : ''}`,
          value: inst.daysLeft ?? 0,
          unit: inst.daysLeft === null ? '' : '天有效期',
        },
        { key: 'occupations', label: '备案职业', value: occupations, unit: '个' },
        { key: 'scopes', label: '备案职业等级', value: scopes.length, unit: '项' },
        ...(inst.filingNo
          ? [{ key: 'credit', label: `信用等级 ${credit.grade}`, value: credit.score, unit: '分' }]
          : []),
        { key: 'accounts', label: '本机构账号', value: accounts, unit: '个' },
        ...(can(actor.role, 'filing.read')
          ? [{ key: 'queue', label: '待处理申请', value: queue.total, unit: '件' }]
          : []),
        ...(progress?.cards ?? []),
      ],
      chart: null,
      notices,
      todos,
    };
  }
  if (actor.role === 'system_admin') {
    const [byStatus, byRole] = await Promise.all([
      accountCounts.countAccountsByStatus(deps.db),
      accountCounts.countAccountsByRole(deps.db),
    ]);
    const get = (s: string) => Number(byStatus.find((r) => r.status === s)?.n ?? 0);
    return {
      title: '系统管理员工作台',
      cards: [
        { key: 'active', label: '启用账号', value: get('active'), unit: '个' },
        { key: 'disabled', label: '停用账号', value: get('disabled'), unit: '个' },
      ],
      chart: {
        title: '各角色账号数',
        items: byRole
          .map((r) => ({ name: ROLE_INFO[r.role as Role]?.label ?? r.role, value: Number(r.n) }))
          .sort((a, b) => b.value - a.value),
      },
      notices,
    };
  }
  if (actor.role === 'security_admin') {
    const [locked, failures] = await Promise.all([
      accountCounts.countLockedAccounts(deps.db, now.toISOString()),
      countFailuresSince(deps.db, new Date(now.getTime() - DAY).toISOString()),
    ]);
    return {
      title: '安全管理员工作台',
      cards: [
        { key: 'locked', label: '当前锁定账号', value: locked, unit: '个' },
        { key: 'failures', label: '24 小时登录失败', value: failures, unit: '次' },
      ],
      chart: null,
      notices,
    };
  }
  if (actor.role === 'audit_admin') {
    const since = new Date(now.getTime() - 7 * DAY).toISOString();
    const [total, week, denied, byAction] = await Promise.all([
      countAudit(deps.db),
      countAuditSince(deps.db, since),
      countAuditSince(deps.db, since, 'denied'),
      auditByAction(deps.db, since),
    ]);
    return {
      title: '审计管理员工作台',
      cards: [
        { key: 'total', label: '审计记录总数', value: total, unit: '条' },
        { key: 'week', label: '近 7 日记录', value: week, unit: '条' },
        { key: 'denied', label: '近 7 日拒绝访问', value: denied, unit: '次' },
      ],
      chart: { title: '近 7 日操作分布', items: byAction.map((r) => ({ name: r.action, value: Number(r.n) })) },
      notices,
    };
  }
  return {
    title: `${actor.displayName}，您好`,
    cards: [],
    chart: null,
    notices,
  };
}
