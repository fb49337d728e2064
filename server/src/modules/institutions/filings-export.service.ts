/**
 * 备案申请 as an Excel workbook: the applications the caller's list shows under the same filters
 * (the list's own query), with the awaited department's handling time (INST-2), audited.
 */
import { EXPORT_ROWS_MAX } from '../../../../contract/limits.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { businessDate } from '../../lib/dates.js';
import { pick } from '../../lib/lang.js';
import { workbookOf, type SheetColumn } from '../../lib/xlsx.js';
import { recordAuditNow } from '../audit/audit.service.js';
import { listFilings } from './filings.service.js';

const KINDS: Record<string, readonly [string, string]> = {
  initial: ['首次备案', 'Initial filing'],
  scope_extension: ['扩充范围', 'Scope extension'],
};
const STATUSES: Record<string, readonly [string, string]> = {
  draft: ['草稿', 'Draft'],
  submitted: ['已提交', 'Submitted'],
  recommended: ['已推荐', 'Recommended'],
  returned: ['已退回', 'Returned'],
  filed: ['已备案', 'Filed'],
  rejected: ['不予备案', 'Rejected'],
  withdrawn: ['已撤回', 'Withdrawn'],
};
const STAGES: Record<string, readonly [string, string]> = {
  education: ['教育部门初审', 'Education review'],
  hrss: ['人社部门备案', 'HRSS filing'],
  done: ['已办结', 'Closed'],
};

type Row = Awaited<ReturnType<typeof listFilings>>['items'][number];

export async function exportFilings(
  deps: Deps,
  ctx: RequestContext,
  f: { status?: string; institutionId?: number; q?: string },
): Promise<Buffer> {
  const lang = ctx.lang ?? 'zh';
  const say = (table: Record<string, readonly [string, string]>, v: string) =>
    table[v] ? pick(lang, table[v][0], table[v][1]) : v;
  const { items } = await listFilings(deps, ctx, { ...f, page: 1, pageSize: EXPORT_ROWS_MAX });
  // a moment as the business day it fell on (China Standard Time), not its UTC date
  const date = (iso: string | null) => (iso ? businessDate(new Date(iso), deps.config.businessTimeZone) : null);
  const columns: SheetColumn<Row>[] = [
    { header: ['申请编号', 'Application'], width: 10, value: (r) => r.id },
    { header: ['机构名称', 'Institution'], width: 32, value: (r) => r.institutionName },
    { header: ['申请类型', 'Kind'], width: 12, value: (r) => say(KINDS, r.kind) },
    { header: ['状态', 'Status'], width: 10, value: (r) => say(STATUSES, r.status) },
    { header: ['当前环节', 'Stage'], width: 14, value: (r) => say(STAGES, r.stage) },
    { header: ['提交日期', 'Submitted on'], width: 12, date: true, value: (r) => date(r.submittedAt) },
    { header: ['送达本环节', 'At this stage since'], width: 12, date: true, value: (r) => r.handling?.since },
    { header: ['办理期限', 'Due'], width: 12, date: true, value: (r) => r.handling?.due },
    {
      header: ['超期工作日', 'Working days overdue'],
      width: 12,
      value: (r) => (r.handling ? r.handling.workingDaysLate : null),
    },
    { header: ['最后更新', 'Updated on'], width: 12, date: true, value: (r) => date(r.updatedAt) },
  ];
  const buf = await workbookOf(['备案申请', 'Filing applications'], columns, items, lang);
  await recordAuditNow(deps, ctx, {
    action: 'filing.export',
    objectType: 'filing',
    detail: JSON.stringify({ rows: items.length, filter: f }),
  });
  return buf;
}
