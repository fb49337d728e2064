/**
 * 评价机构 registry as the foundation holds it: scoped list, detail and Excel export.
 * The filing workflow (INST-1..8) builds on these tables.
 */
import ExcelJS from 'exceljs';
import { INSTITUTION_KINDS, OWNERS, SCHOOL_TYPES } from '../../../../contract/institutions.js';
import { EXPORT_ROWS_MAX } from '../../../../contract/limits.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { recordAuditNow } from '../audit/audit.service.js';
import { getRegion as getRegionRow } from '../regions/regions.queries.js';
import * as q from './institutions.queries.js';

type Row = Awaited<ReturnType<typeof q.listInstitutions>>['items'][number];
const toInstitution = (r: Row) => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  schoolType: r.school_type,
  owner: r.owner,
  regionCode: r.region_code,
  regionName: r.region_name,
  createdAt: r.created_at,
});

export interface InstitutionQuery {
  q?: string;
  regionCode?: string;
  page?: number;
  pageSize?: number;
}

async function filterOf(deps: Deps, f: InstitutionQuery): Promise<q.InstitutionFilter> {
  if (!f.regionCode) return { q: f.q };
  const region = await getRegionRow(deps.db, f.regionCode);
  if (!region) throw new AppError('REGION_NOT_FOUND', `行政区划 ${f.regionCode} 不存在`, { details: [{ field: 'querystring:/regionCode', message: '行政区划不存在' }] });
  return { q: f.q, regionPath: region.path };
}

export async function listInstitutions(deps: Deps, ctx: RequestContext, f: InstitutionQuery) {
  const page = f.page ?? 1;
  const pageSize = f.pageSize ?? 20;
  const { items, total } = await q.listInstitutions(deps.db, ctx.actor!, await filterOf(deps, f), page, pageSize);
  return { items: items.map(toInstitution), total, page, pageSize };
}

export async function getInstitution(deps: Deps, ctx: RequestContext, id: number) {
  const row = await q.getVisibleInstitution(deps.db, ctx.actor!, id);
  if (!row) {
    // Out of scope reads answer like a missing record, but the attempt is kept.
    if (await q.institutionExists(deps.db, id)) {
      await recordAuditNow(deps, ctx, { action: 'institution.read', outcome: 'denied', objectType: 'institution', objectId: id, detail: 'out of scope' });
    }
    throw new AppError('NOT_FOUND', `机构 #${id} 不存在或不在您的管辖范围内`);
  }
  return toInstitution(row);
}

export async function exportInstitutions(deps: Deps, ctx: RequestContext, f: InstitutionQuery): Promise<Buffer> {
  const rows = await q.exportInstitutions(deps.db, ctx.actor!, await filterOf(deps, f), EXPORT_ROWS_MAX);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'skillcert';
  const ws = wb.addWorksheet('评价机构');
  ws.columns = [
    { header: '编号', key: 'id', width: 8 },
    { header: '机构名称', key: 'name', width: 36 },
    { header: '机构类别', key: 'kind', width: 30 },
    { header: '办学类型', key: 'schoolType', width: 10 },
    { header: '隶属', key: 'owner', width: 8 },
    { header: '所在地区', key: 'region', width: 14 },
    { header: '登记时间(UTC)', key: 'createdAt', width: 24 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const r of rows) {
    ws.addRow({
      id: r.id,
      name: r.name,
      kind: INSTITUTION_KINDS[r.kind as keyof typeof INSTITUTION_KINDS] ?? r.kind,
      schoolType: r.school_type ? (SCHOOL_TYPES[r.school_type as keyof typeof SCHOOL_TYPES] ?? r.school_type) : '',
      owner: OWNERS[r.owner] ?? r.owner,
      region: r.region_name,
      createdAt: r.created_at,
    });
  }
  await recordAuditNow(deps, ctx, { action: 'institution.export', objectType: 'institution', detail: JSON.stringify({ rows: rows.length, filter: f }) });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Institutions per child region of the actor's region (for the home chart). */
export async function institutionsByChildRegion(deps: Deps, ctx: RequestContext) {
  const actor = ctx.actor!;
  const rows = await q.countVisibleByRegion(deps.db, actor);
  if (!actor.regionPath) return [];
  const depth = actor.regionPath.split('/').filter(Boolean).length;
  const counts = new Map<string, number>();
  for (const r of rows) {
    const child = r.path.split('/').filter(Boolean)[depth] ?? actor.regionCode!;
    counts.set(child, (counts.get(child) ?? 0) + Number(r.n));
  }
  return [...counts.entries()].map(([code, n]) => ({ code, value: n }));
}
