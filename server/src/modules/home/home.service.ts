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
import { auditActionLabel } from '../../../../contract/audit-actions.js';
import { ruleCitation } from '../../../../contract/rules.js';
import { isolate, pick } from '../../lib/lang.js';

const INSTITUTION_STATUS_EN: Record<string, string> = {
  unfiled: 'not filed',
  filed: 'filed',
  rectification: 'rectification ordered',
  suspended: 'suspended',
  revoked: 'revoked',
};

const DAY = 86_400_000;

export async function homeFor(deps: Deps, ctx: RequestContext): Promise<Home> {
  const actor = ctx.actor!;
  const info = ROLE_INFO[actor.role];
  const now = deps.clock.now();
  // people read the home page in their language (Accept-Language); names and data stay as they are
  const lang = ctx.lang ?? 'zh';
  const L = (zh: string, en: string) => pick(lang, zh, en);
  const roleLabel = L(info.label, info.labelEn);
  const notices: string[] = [];
  if (deps.config.demo)
    notices.push(
      L(
        '当前为演示环境：数据为虚构，仅供体验，请勿录入真实个人信息。',
        'This is a demo: the data is made up; do not enter real personal data.',
      ),
    );

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
      notices.push(
        L('年度取证任务须于 11 月 30 日前完成', "This year's certification targets are due by 30 November") +
          ruleCitation('TGT-2', lang),
      );
    if (queue.total)
      notices.push(
        L(
          `有 ${queue.total} 件备案申请等待本部门办理。`,
          `${queue.total} filing applications wait for your department.`,
        ),
      );
    // TGT-1, TGT-3: the region's own figures against its targets, its report and the overdue ones below
    const progress = can(actor.role, 'progress.read') ? await homeFigures(deps, ctx) : null;
    notices.push(...(progress?.notices ?? []));
    const todos = [
      ...(queue.total
        ? [{ key: 'filings', label: L('待办备案申请', 'Filings to handle'), count: queue.total, link: '/queue' }]
        : []),
      ...(progress?.todos ?? []),
    ];
    const overdue = await overdueRectificationsFor(deps, ctx);
    if (overdue.length)
      notices.push(
        L(
          `${overdue.map((o) => `${isolate(o.name)}（期限 ${o.deadline}）`).join('、')} 整改期限已过，建议暂停评价`,
          `Rectification deadline passed for ${overdue.map((o) => `${isolate(o.name)} (${o.deadline})`).join(', ')}: suspending evaluations is advised`,
        ) + ruleCitation('INST-5', lang),
      );
    return {
      title: L(`${isolate(actor.scopeLabel)} · ${info.label}工作台`, `${isolate(actor.scopeLabel)} · ${roleLabel}`),
      cards: [
        ...(progress?.cards ?? []),
        { key: 'queue', label: L('待办备案申请', 'Filings to handle'), value: queue.total, unit: L('件', '') },
        {
          key: 'institutions',
          label: L('辖区评价机构', 'Institutions in your area'),
          value: institutions.total,
          unit: L('家', ''),
        },
        { key: 'filed', label: L('已备案机构', 'Filed institutions'), value: filed.total, unit: L('家', '') },
        {
          key: 'regions',
          label: L('辖区行政区划', 'Regions in your area'),
          value: Math.max(regions - 1, 0),
          unit: L('个', ''),
        },
        { key: 'occupations', label: L('职业目录', 'Occupations'), value: occupations, unit: L('个', '') },
        { key: 'onePlusX', label: L('1+X 证书', '1+X certificates'), value: onePlusX, unit: L('种', '') },
      ],
      chart: byChild.length
        ? {
            title: L('辖区评价机构分布', 'Institutions by region'),
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
      notices.push(
        L(
          `本机构备案将于 ${inst.validUntil} 到期（剩余 ${inst.daysLeft} 天），请及时办理延续。`,
          `Your filing expires on ${inst.validUntil} (${inst.daysLeft} days left); apply to renew it in time.`,
        ),
      );
    if (inst.validity === 'expired')
      notices.push(
        L(
          `本机构备案已于 ${inst.validUntil} 到期，不能开展评价和发证。`,
          `Your filing expired on ${inst.validUntil}: no evaluations or certificates until it is renewed.`,
        ),
      );
    if (inst.status === 'rectification')
      notices.push(
        L(
          `本机构被责令限期整改，整改期限 ${inst.rectificationDeadline}。`,
          `You have been ordered to rectify by ${inst.rectificationDeadline}.`,
        ),
      );
    if (inst.status === 'suspended')
      notices.push(L('本机构已被暂停评价活动', 'Your evaluations are suspended') + ruleCitation('INST-5', lang));
    if (inst.status === 'revoked')
      notices.push(L('本机构已被取消备案', 'Your filing has been revoked') + ruleCitation('INST-5', lang));
    if (inst.status === 'unfiled')
      notices.push(
        L(
          '本机构尚未备案：请登记人员、上传备案条件证明材料后提交备案申请。',
          'Not filed yet: register your staff, upload the evidence of the filing prerequisites, then submit a filing application.',
        ),
      );
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
      ...(pending
        ? [
            {
              key: 'registrations',
              label: L('待审核的报名', 'Registrations to review'),
              count: pending,
              link: '/plans',
            },
          ]
        : []),
      ...(unconfirmed
        ? [{ key: 'scores', label: L('待复核的成绩', 'Scores to confirm'), count: unconfirmed, link: '/plans' }]
        : []),
      ...(publicity
        ? [{ key: 'publicity', label: L('公示中的评价计划', 'Plans in publicity'), count: publicity, link: '/plans' }]
        : []),
      ...(progress?.todos ?? []),
    ];
    return {
      title: L(`${isolate(actor.scopeLabel)} · ${info.label}工作台`, `${isolate(actor.scopeLabel)} · ${roleLabel}`),
      cards: [
        {
          key: 'status',
          label: L(
            `备案状态：${inst.statusLabel}${inst.filingNo ? `（${inst.filingNo}）` : ''}`,
            `Filing: ${INSTITUTION_STATUS_EN[inst.status] ?? inst.status}${inst.filingNo ? ` (${inst.filingNo})` : ''}`,
          ),
          value: inst.daysLeft ?? 0,
          unit: inst.daysLeft === null ? '' : L('天有效期', 'days valid'),
        },
        { key: 'occupations', label: L('备案职业', 'Filed occupations'), value: occupations, unit: L('个', '') },
        {
          key: 'scopes',
          label: L('备案职业等级', 'Filed occupation levels'),
          value: scopes.length,
          unit: L('项', ''),
        },
        ...(inst.filingNo
          ? [
              {
                key: 'credit',
                label: L(`信用等级 ${credit.grade}`, `Credit grade ${credit.grade}`),
                value: credit.score,
                unit: L('分', 'points'),
              },
            ]
          : []),
        { key: 'accounts', label: L('本机构账号', 'Accounts'), value: accounts, unit: L('个', '') },
        ...(can(actor.role, 'filing.read')
          ? [{ key: 'queue', label: L('待处理申请', 'Applications to handle'), value: queue.total, unit: L('件', '') }]
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
      title: L('系统管理员工作台', 'System administrator'),
      cards: [
        { key: 'active', label: L('启用账号', 'Active accounts'), value: get('active'), unit: L('个', '') },
        { key: 'disabled', label: L('停用账号', 'Disabled accounts'), value: get('disabled'), unit: L('个', '') },
      ],
      chart: {
        title: L('各角色账号数', 'Accounts by role'),
        items: byRole
          .map((r) => {
            const role = ROLE_INFO[r.role as Role];
            return { name: role ? L(role.label, role.labelEn) : r.role, value: Number(r.n) };
          })
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
      title: L('安全管理员工作台', 'Security administrator'),
      cards: [
        { key: 'locked', label: L('当前锁定账号', 'Locked accounts'), value: locked, unit: L('个', '') },
        {
          key: 'failures',
          label: L('24 小时登录失败', 'Failed sign-ins, 24 hours'),
          value: failures,
          unit: L('次', ''),
        },
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
      title: L('审计管理员工作台', 'Audit administrator'),
      cards: [
        { key: 'total', label: L('审计记录总数', 'Audit records'), value: total, unit: L('条', '') },
        { key: 'week', label: L('近 7 日记录', 'Records, last 7 days'), value: week, unit: L('条', '') },
        { key: 'denied', label: L('近 7 日拒绝访问', 'Denied, last 7 days'), value: denied, unit: L('次', '') },
      ],
      chart: {
        title: L('近 7 日操作分布', 'Actions, last 7 days'),
        // actions in words (登录, not auth.login)
        items: byAction.map((r) => ({ name: auditActionLabel(r.action, lang), value: Number(r.n) })),
      },
      notices,
    };
  }
  return {
    title: L(`${isolate(actor.displayName)}，您好`, `Hello, ${isolate(actor.displayName)}`),
    cards: [],
    chart: null,
    notices,
  };
}
