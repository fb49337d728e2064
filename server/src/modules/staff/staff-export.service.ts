/**
 * 人员库 as an Excel workbook: the people the caller's list shows under the same filters (the
 * list's own query), ID numbers and phone numbers masked, audited.
 */
import { EXPORT_ROWS_MAX } from '../../../../contract/limits.js';
import type { StaffFilter } from '../../../../contract/api-institutions.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { pick } from '../../lib/lang.js';
import { workbookOf, type SheetColumn } from '../../lib/xlsx.js';
import { recordAuditNow } from '../audit/audit.service.js';
import { listStaff } from './staff.service.js';

const KINDS: Record<string, readonly [string, string]> = {
  examiner: ['考评员', 'Examiner'],
  senior_examiner: ['高级考评员', 'Senior examiner'],
  quality_supervisor: ['质量督导员', 'Quality supervisor'],
  expert: ['评价专家', 'Expert'],
};

/** `138****5678`: the first three and the last four digits kept. */
export function maskPhone(phone: string | null): string {
  if (!phone) return '';
  const p = phone.trim();
  return p.length > 7 ? p.slice(0, 3) + '*'.repeat(p.length - 7) + p.slice(-4) : '*'.repeat(p.length);
}

type Row = Awaited<ReturnType<typeof listStaff>>['items'][number];

export async function exportStaff(deps: Deps, ctx: RequestContext, f: StaffFilter): Promise<Buffer> {
  const lang = ctx.lang ?? 'zh';
  const { items } = await listStaff(deps, ctx, { ...f, page: 1, pageSize: EXPORT_ROWS_MAX });
  const columns: SheetColumn<Row>[] = [
    { header: ['姓名', 'Name'], width: 10, value: (r) => r.name },
    {
      header: ['类别', 'Kind'],
      width: 12,
      value: (r) => (KINDS[r.kind] ? pick(lang, KINDS[r.kind][0], KINDS[r.kind][1]) : r.kind),
    },
    {
      header: ['督导员类型', 'Supervisor'],
      width: 10,
      value: (r) =>
        r.supervisorType ? pick(lang, r.supervisorType === 'external' ? '外部' : '内部', r.supervisorType) : '',
    },
    // the list already masks it; an export never carries more
    { header: ['证件号码（脱敏）', 'ID number (masked)'], width: 22, text: true, value: (r) => r.idNumber },
    {
      header: ['所属机构或辖区', 'Institution or region'],
      width: 30,
      value: (r) => r.institutionName ?? r.regionName,
    },
    { header: ['考评职业', 'Occupations'], width: 30, value: (r) => r.occupations.map((o) => o.name).join('、') },
    { header: ['证卡号', 'Card number'], width: 14, text: true, value: (r) => r.cardNo },
    { header: ['资格', 'Qualification'], width: 20, value: (r) => r.qualification },
    { header: ['联系电话（脱敏）', 'Phone (masked)'], width: 16, text: true, value: (r) => maskPhone(r.phone) },
    {
      header: ['状态', 'Status'],
      width: 10,
      value: (r) =>
        r.status === 'disqualified' ? pick(lang, '已取消资格', 'Disqualified') : pick(lang, '在册', 'Active'),
    },
  ];
  const buf = await workbookOf(['人员库', 'Staff'], columns, items, lang);
  await recordAuditNow(deps, ctx, {
    action: 'staff.export',
    objectType: 'staff',
    detail: JSON.stringify({ rows: items.length, filter: f }),
  });
  return buf;
}
