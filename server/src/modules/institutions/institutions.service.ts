/**
 * 评价机构 registry as the foundation holds it: scoped list, detail and Excel export.
 * The filing workflow (INST-1..8) builds on these tables.
 */
import ExcelJS from 'exceljs';
import { INSTITUTION_KINDS, INSTITUTION_STATUSES, OWNERS, SCHOOL_TYPES } from '../../../../contract/institutions.js';
import { validity } from './filing.rules.js';
import { businessDate } from '../../lib/dates.js';
import { EXPORT_ROWS_MAX } from '../../../../contract/limits.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError, notFoundOrDenied } from '../../lib/errors.js';
import { recordAudit, recordAuditNow } from '../audit/audit.service.js';
import { scopesOf } from './filings.queries.js';
import { creditOf, creditOfMany, eventsOf, managementView } from './management.service.js';
import { getRegion as getRegionRow } from '../regions/regions.queries.js';
import * as q from './institutions.queries.js';
import { institutionDirectory } from '../accounts/ports.js';
import { DATE_FORMAT, dateCell, textCell } from '../../lib/workbook.js';

// accounts, a floor below, finds the institution an account is bound to through this
institutionDirectory.provide({ findInstitution: q.findInstitution });

const today = (deps: Deps) => businessDate(deps.clock.now(), deps.config.businessTimeZone);

type Row = Awaited<ReturnType<typeof q.listInstitutions>>['items'][number];
/** A district with its city (郑州市 金水区); a city or a 省直管县 alone. */
export const placeOf = (r: { city_name: string | null; region_name: string }) =>
  r.city_name && r.city_name !== r.region_name ? `${r.city_name} ${r.region_name}` : r.region_name;
/** `today`: the business date (`YYYY-MM-DD`, China Standard Time) validity is judged on */
export const toInstitution = (r: Row, today: string) => {
  const v = validity(r.valid_until, today);
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    schoolType: r.school_type,
    owner: r.owner,
    regionCode: r.region_code,
    regionName: r.region_name,
    place: placeOf(r),
    createdAt: r.created_at,
    filingNo: r.filing_no,
    status: r.status,
    statusLabel: INSTITUTION_STATUSES[r.status],
    filedAt: r.filed_at,
    validUntil: r.valid_until,
    validity: v.state,
    daysLeft: v.daysLeft,
    rectificationDeadline: r.rectification_deadline,
    creditCode: r.credit_code,
    contactName: r.contact_name,
    contactPhone: r.contact_phone,
    address: r.address,
  };
};

export interface InstitutionQuery {
  q?: string;
  status?: string;
  kind?: string;
  regionCode?: string;
  page?: number;
  pageSize?: number;
}

async function filterOf(deps: Deps, f: InstitutionQuery): Promise<q.InstitutionFilter> {
  if (!f.regionCode) return { q: f.q, status: f.status, kind: f.kind };
  const region = await getRegionRow(deps.db, f.regionCode);
  if (!region)
    throw new AppError('REGION_NOT_FOUND', `行政区划 ${f.regionCode} 不存在`, {
      details: [{ field: 'querystring:/regionCode', message: '行政区划不存在' }],
    });
  return { q: f.q, status: f.status, kind: f.kind, regionPath: region.path };
}

export async function listInstitutions(deps: Deps, ctx: RequestContext, f: InstitutionQuery) {
  const page = f.page ?? 1;
  const pageSize = f.pageSize ?? 20;
  const { items, total } = await q.listInstitutions(deps.db, ctx.actor!, await filterOf(deps, f), page, pageSize);
  return { items: items.map((r) => toInstitution(r, today(deps))), total, page, pageSize };
}

async function visibleRow(deps: Deps, ctx: RequestContext, id: number) {
  const row = await q.getVisibleInstitution(deps.db, ctx.actor!, id);
  if (!row) {
    // Out of scope reads answer like a missing record, but the attempt is kept.
    throw notFoundOrDenied(await q.institutionExists(deps.db, id), `机构 #${id} 不存在或不在您的管辖范围内`, {
      action: 'institution.read',
      objectType: 'institution',
      objectId: id,
    });
  }
  return row;
}

export async function getInstitution(deps: Deps, ctx: RequestContext, id: number) {
  return toInstitution(await visibleRow(deps, ctx, id), today(deps));
}

/** The detail page's answer: the record and what dynamic management offers the caller (INST-5). */
export async function getInstitutionDetail(deps: Deps, ctx: RequestContext, id: number) {
  const row = await visibleRow(deps, ctx, id);
  const on = today(deps);
  return { ...toInstitution(row, on), ...(await managementView(deps.db, ctx.actor!, row, on)) };
}

export async function exportInstitutions(deps: Deps, ctx: RequestContext, f: InstitutionQuery): Promise<Buffer> {
  const rows = await q.exportInstitutions(deps.db, ctx.actor!, await filterOf(deps, f), EXPORT_ROWS_MAX);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'skillcert';
  const ws = wb.addWorksheet('评价机构');
  ws.columns = [
    { header: '编号', key: 'id', width: 8 },
    { header: '机构名称', key: 'name', width: 36 },
    { header: '备案号', key: 'filingNo', width: 16 },
    { header: '状态', key: 'status', width: 10 },
    { header: '有效期至', key: 'validUntil', width: 12, style: { numFmt: DATE_FORMAT } },
    { header: '机构类别', key: 'kind', width: 30 },
    { header: '办学类型', key: 'schoolType', width: 10 },
    { header: '隶属', key: 'owner', width: 8 },
    { header: '所在地区', key: 'region', width: 14 },
    { header: '评价范围', key: 'scopes', width: 60 },
    { header: '信用等级', key: 'credit', width: 10 },
    { header: '联系人', key: 'contact', width: 12 },
    { header: '联系电话', key: 'phone', width: 16 },
  ];
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  const now = deps.clock.now();
  const credit = await creditOfMany(deps.db, rows, now);
  const scopeRows = await q.scopesOfMany(
    deps.db,
    rows.map((r) => r.id),
  );
  for (const r of rows) {
    const scopes = new Map<string, number[]>();
    for (const s of scopeRows.filter((x) => x.institution_id === r.id))
      scopes.set(s.name, [...(scopes.get(s.name) ?? []), s.level]);
    const c = credit.get(r.id)!;
    ws.addRow({
      id: r.id,
      name: r.name,
      filingNo: textCell(r.filing_no),
      status: INSTITUTION_STATUSES[r.status],
      validUntil: dateCell(r.valid_until),
      kind: INSTITUTION_KINDS[r.kind as keyof typeof INSTITUTION_KINDS] ?? r.kind,
      schoolType: r.school_type ? (SCHOOL_TYPES[r.school_type as keyof typeof SCHOOL_TYPES] ?? r.school_type) : null,
      owner: OWNERS[r.owner] ?? r.owner,
      region: placeOf(r),
      scopes: textCell([...scopes.entries()].map(([n, l]) => `${n}（${l.join('、')}级）`).join('；')),
      credit: r.filing_no ? `${c.grade}（${c.score}）` : null,
      contact: textCell(r.contact_name),
      phone: textCell(r.contact_phone),
    });
  }
  await recordAuditNow(deps, ctx, {
    action: 'institution.export',
    objectType: 'institution',
    detail: JSON.stringify({ rows: rows.length, filter: f }),
  });
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

export interface InstitutionInput {
  name: string;
  kind: string;
  schoolType?: string | null;
  owner: 'province' | 'local';
  regionCode: string;
  creditCode?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
  address?: string | null;
}

/** An official registers an institution in their subtree; its filing starts from here (INST-1). */
export async function createInstitution(deps: Deps, ctx: RequestContext, body: InstitutionInput) {
  const actor = ctx.actor!;
  if (body.kind === 'college' && !body.schoolType) {
    throw new AppError('VALIDATION_FAILED', '院校须注明办学类型（本科、高职、中职或技工院校）', {
      rule: 'INST-2',
      details: [{ field: '/schoolType', message: '院校须选择办学类型' }],
    });
  }
  if (body.kind !== 'college' && body.schoolType) {
    throw new AppError('VALIDATION_FAILED', '只有院校填写办学类型', {
      details: [{ field: '/schoolType', message: '非院校不填' }],
    });
  }
  return deps.db.transaction().execute(async (trx) => {
    const region = await getRegionRow(trx, body.regionCode);
    if (!region)
      throw new AppError('REGION_NOT_FOUND', `行政区划 ${body.regionCode} 不存在`, {
        details: [{ field: '/regionCode', message: '行政区划不存在' }],
      });
    if (!actor.regionPath || !region.path.startsWith(actor.regionPath))
      throw new AppError('FORBIDDEN_SCOPE', `${region.name} 不在您的管辖范围内`);
    const now = deps.clock.now().toISOString();
    const id = await q.insertInstitution(trx, {
      name: body.name,
      kind: body.kind,
      school_type: body.schoolType ?? null,
      owner: body.owner,
      region_code: body.regionCode,
      credit_code: body.creditCode ?? null,
      contact_name: body.contactName ?? null,
      contact_phone: body.contactPhone ?? null,
      address: body.address ?? null,
      filing_no: null,
      filed_at: null,
      valid_until: null,
      rectification_deadline: null,
      created_at: now,
      updated_at: now,
    });
    const after = toInstitution((await q.getVisibleInstitution(trx, actor, id))!, today(deps));
    await recordAudit(trx, deps, ctx, {
      action: 'institution.create',
      objectType: 'institution',
      objectId: id,
      after,
    });
    return after;
  });
}

export async function updateInstitution(
  deps: Deps,
  ctx: RequestContext,
  id: number,
  body: Partial<Omit<InstitutionInput, 'kind' | 'owner' | 'regionCode' | 'schoolType'>>,
) {
  return deps.db.transaction().execute(async (trx) => {
    const row = await q.getVisibleInstitution(trx, ctx.actor!, id);
    if (!row) {
      throw notFoundOrDenied(await q.institutionExists(trx, id), `机构 #${id} 不存在或不在您的管辖范围内`, {
        action: 'institution.update',
        objectType: 'institution',
        objectId: id,
      });
    }
    // the certificate carries the name exactly as filed: it changes only before filing
    if (body.name !== undefined && body.name !== row.name && row.filing_no) {
      throw new AppError('VALIDATION_FAILED', '已备案机构的名称须通过备案变更办理，不能直接修改', {
        rule: 'INST-6',
        details: [{ field: '/name', message: '已备案机构不能直接改名' }],
      });
    }
    const before = toInstitution(row, today(deps));
    await q.updateInstitution(trx, id, {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.creditCode !== undefined ? { credit_code: body.creditCode } : {}),
      ...(body.contactName !== undefined ? { contact_name: body.contactName } : {}),
      ...(body.contactPhone !== undefined ? { contact_phone: body.contactPhone } : {}),
      ...(body.address !== undefined ? { address: body.address } : {}),
      updated_at: deps.clock.now().toISOString(),
    });
    const after = toInstitution((await q.getVisibleInstitution(trx, ctx.actor!, id))!, today(deps));
    await recordAudit(trx, deps, ctx, {
      action: 'institution.update',
      objectType: 'institution',
      objectId: id,
      before,
      after,
    });
    return after;
  });
}

export async function institutionScopes(deps: Deps, ctx: RequestContext, id: number) {
  await getInstitution(deps, ctx, id);
  return (await scopesOf(deps.db, id)).map((s) => ({
    occupationId: s.occupation_id,
    occupationCode: s.occupation_code,
    occupationName: s.occupation_name,
    level: s.level,
    specId: s.spec_id,
    grantedAt: s.granted_at,
  }));
}

export async function institutionEvents(deps: Deps, ctx: RequestContext, id: number) {
  await getInstitution(deps, ctx, id);
  const [events, credit] = await Promise.all([eventsOf(deps.db, id), creditOf(deps.db, id, deps.clock.now())]);
  return { events, credit };
}
