/**
 * Staff registry (人员库): examiners (考评员, 高级考评员), quality supervisors (质量督导员,
 * internal or external — an external one carries a card number `R` + 8 digits) and experts
 * (评价专家), with qualifications, occupations and assignments. A disqualified person
 * (INST-8) can be assigned to no evaluation work anywhere: `assertAssignable` is the one check.
 */
import type { Kysely } from 'kysely';
import { EXTERNAL_SUPERVISOR_CARD_PATTERN, STAFF_KINDS, type StaffKind } from '../../../../contract/institutions.js';
import type { DB } from '../../database/schema.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError, notFoundOrDenied } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { institutionWithPath } from '../institutions/institutions.queries.js';
import { staffRegistry } from '../institutions/ports.js';
import { occupationsByIds } from '../occupations/occupations.queries.js';
import { getRegion } from '../regions/regions.queries.js';
import * as q from './staff.queries.js';

// the filing workflow (institutions, a floor below) records expert reviewers through this
staffRegistry.provide({ findStaff: q.staffById, assignStaff });

export interface StaffInput {
  kind: StaffKind;
  name: string;
  institutionId?: number | null;
  regionCode?: string | null;
  supervisorType?: 'internal' | 'external' | null;
  cardNo?: string | null;
  qualification?: string | null;
  phone?: string | null;
  occupationIds?: number[];
}

async function toStaff(db: Kysely<DB>, rows: q.StaffRow[]) {
  const occ = await q.occupationsOfStaff(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    kindLabel: STAFF_KINDS[r.kind],
    name: r.name,
    institutionId: r.institution_id,
    institutionName: r.institution_name,
    regionCode: r.region_code,
    supervisorType: r.supervisor_type,
    cardNo: r.card_no,
    qualification: r.qualification,
    phone: r.phone,
    status: r.status,
    disqualifiedReason: r.disqualified_reason,
    disqualifiedAt: r.disqualified_at,
    occupations: occ.filter((o) => o.staff_id === r.id).map((o) => ({ id: o.id, code: o.code, name: o.name })),
  }));
}

export async function listStaff(
  deps: Deps,
  ctx: RequestContext,
  f: q.StaffFilter & { page?: number; pageSize?: number },
) {
  const page = f.page ?? 1;
  const pageSize = f.pageSize ?? 20;
  const { items, total } = await q.listStaff(deps.db, ctx.actor!, f, page, pageSize);
  return { items: await toStaff(deps.db, items), total, page, pageSize };
}

async function loadVisible(deps: Deps, ctx: RequestContext, db: Kysely<DB>, id: number) {
  const row = await q.getVisibleStaff(db, ctx.actor!, id);
  if (!row) {
    throw notFoundOrDenied(await q.staffExists(db, id), `人员 #${id} 不存在或不在您的管辖范围内`, {
      action: 'staff.access',
      objectType: 'staff',
      objectId: id,
    });
  }
  return row;
}

export async function getStaff(deps: Deps, ctx: RequestContext, id: number) {
  const row = await loadVisible(deps, ctx, deps.db, id);
  const [staff] = await toStaff(deps.db, [row]);
  const assignments = await q.assignmentsOf(deps.db, id);
  return {
    ...staff,
    assignments: assignments.map((a) => ({
      workType: a.work_type,
      refType: a.ref_type,
      refId: a.ref_id,
      assignedAt: a.assigned_at,
    })),
  };
}

function checkCard(kind: StaffKind, supervisorType: string | null | undefined, cardNo: string | null | undefined) {
  if (kind === 'quality_supervisor' && !supervisorType) {
    throw new AppError('VALIDATION_FAILED', '质量督导员须注明内部或外部', {
      details: [{ field: '/supervisorType', message: '须选择内部或外部' }],
    });
  }
  if (kind !== 'quality_supervisor' && supervisorType) {
    throw new AppError('VALIDATION_FAILED', '只有质量督导员区分内部或外部', {
      details: [{ field: '/supervisorType', message: '不适用' }],
    });
  }
  if (
    kind === 'quality_supervisor' &&
    supervisorType === 'external' &&
    !(cardNo && new RegExp(EXTERNAL_SUPERVISOR_CARD_PATTERN).test(cardNo))
  ) {
    throw new AppError('VALIDATION_FAILED', '外部质量督导员须填写督导员卡号：R 加 8 位数字，例如 R41000123', {
      rule: 'INST-8',
      details: [{ field: '/cardNo', message: '格式应为 R + 8 位数字' }],
    });
  }
}

export async function createStaff(deps: Deps, ctx: RequestContext, body: StaffInput) {
  const actor = ctx.actor!;
  return deps.db.transaction().execute(async (trx) => {
    // an institution registers its own people; an official registers experts and external supervisors in the region
    let institutionId: number | null = null;
    let regionCode: string;
    if (actor.institutionId) {
      if (body.institutionId && body.institutionId !== actor.institutionId)
        throw new AppError('DELEGATION_FORBIDDEN', '只能登记本机构的人员', { rule: 'INST-4' });
      institutionId = actor.institutionId;
      regionCode = (await institutionWithPath(trx, institutionId))!.region_code;
    } else {
      if (body.institutionId) {
        const inst = await institutionWithPath(trx, body.institutionId);
        if (!inst || !actor.regionPath || !inst.region_path.startsWith(actor.regionPath))
          throw new AppError('FORBIDDEN_SCOPE', '该机构不在您的管辖范围内');
        institutionId = inst.id;
        regionCode = inst.region_code;
      } else {
        regionCode = body.regionCode ?? actor.regionCode!;
        const region = await getRegion(trx, regionCode);
        if (!region) throw new AppError('REGION_NOT_FOUND', `行政区划 ${regionCode} 不存在`);
        if (!region.path.startsWith(actor.regionPath!))
          throw new AppError('FORBIDDEN_SCOPE', '该地区不在您的管辖范围内');
      }
    }
    checkCard(body.kind, body.supervisorType, body.cardNo);
    if (body.cardNo && (await q.cardTaken(trx, body.cardNo)))
      throw new AppError('CONFLICT', `卡号 ${body.cardNo} 已被登记`, {
        details: [{ field: '/cardNo', message: '卡号已存在' }],
      });
    const occIds = [...new Set(body.occupationIds ?? [])];
    const occs = await occupationsByIds(trx, occIds);
    if (occs.length !== occIds.length)
      throw new AppError('OCCUPATION_NOT_FOUND', '所选职业不存在', {
        details: [{ field: '/occupationIds', message: '含不存在的职业' }],
      });
    if ((body.kind === 'examiner' || body.kind === 'senior_examiner') && !occIds.length) {
      throw new AppError('VALIDATION_FAILED', '考评员须至少对应一个职业', {
        details: [{ field: '/occupationIds', message: '至少选择一个职业' }],
      });
    }
    const now = deps.clock.now().toISOString();
    const id = await q.insertStaff(trx, {
      kind: body.kind,
      institution_id: institutionId,
      region_code: regionCode,
      name: body.name,
      supervisor_type: body.supervisorType ?? null,
      card_no: body.cardNo ?? null,
      qualification: body.qualification ?? null,
      phone: body.phone ?? null,
      disqualified_reason: null,
      disqualified_at: null,
      created_at: now,
      updated_at: now,
    });
    await q.setStaffOccupations(trx, id, occIds);
    const [after] = await toStaff(trx, [(await q.getVisibleStaff(trx, actor, id))!]);
    await recordAudit(trx, deps, ctx, { action: 'staff.create', objectType: 'staff', objectId: id, after });
    return after;
  });
}

export async function updateStaff(
  deps: Deps,
  ctx: RequestContext,
  id: number,
  body: Partial<Pick<StaffInput, 'name' | 'qualification' | 'phone' | 'occupationIds' | 'cardNo'>>,
) {
  return deps.db.transaction().execute(async (trx) => {
    const row = await loadVisible(deps, ctx, trx, id);
    if (ctx.actor!.institutionId && row.institution_id !== ctx.actor!.institutionId)
      throw new AppError('DELEGATION_FORBIDDEN', '只能修改本机构的人员', { rule: 'INST-4' });
    const [before] = await toStaff(trx, [row]);
    if (body.cardNo !== undefined) {
      checkCard(row.kind, row.supervisor_type, body.cardNo);
      if (body.cardNo && (await q.cardTaken(trx, body.cardNo, id)))
        throw new AppError('CONFLICT', `卡号 ${body.cardNo} 已被登记`);
    }
    await q.updateStaff(trx, id, {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.qualification !== undefined ? { qualification: body.qualification } : {}),
      ...(body.phone !== undefined ? { phone: body.phone } : {}),
      ...(body.cardNo !== undefined ? { card_no: body.cardNo } : {}),
      updated_at: deps.clock.now().toISOString(),
    });
    if (body.occupationIds) {
      const occs = await occupationsByIds(trx, body.occupationIds);
      if (occs.length !== new Set(body.occupationIds).size)
        throw new AppError('OCCUPATION_NOT_FOUND', '所选职业不存在');
      await q.setStaffOccupations(trx, id, [...new Set(body.occupationIds)]);
    }
    const [after] = await toStaff(trx, [(await q.getVisibleStaff(trx, ctx.actor!, id))!]);
    await recordAudit(trx, deps, ctx, { action: 'staff.update', objectType: 'staff', objectId: id, before, after });
    return after;
  });
}

/** INST-8: a person found at fault loses the qualification everywhere. */
export async function disqualifyStaff(deps: Deps, ctx: RequestContext, id: number, reason: string) {
  return deps.db.transaction().execute(async (trx) => {
    const row = await loadVisible(deps, ctx, trx, id);
    if (row.status === 'disqualified')
      throw new AppError('STAFF_DISQUALIFIED', `${row.name} 已于 ${row.disqualified_at} 被取消资格`, {
        rule: 'INST-8',
      });
    const now = deps.clock.now().toISOString();
    await q.updateStaff(trx, id, {
      status: 'disqualified' as never,
      disqualified_reason: reason,
      disqualified_at: now,
      updated_at: now,
    });
    await recordAudit(trx, deps, ctx, {
      action: 'staff.disqualify',
      objectType: 'staff',
      objectId: id,
      before: { status: row.status },
      after: { status: 'disqualified', reason },
    });
    const [after] = await toStaff(trx, [(await q.getVisibleStaff(trx, ctx.actor!, id))!]);
    return after;
  });
}

/** The one check before assigning anyone to evaluation work (INST-8). */
export async function assertAssignable(
  db: Kysely<DB>,
  staffId: number,
): Promise<{ id: number; name: string; kind: StaffKind; institution_id: number | null }> {
  const s = await q.staffById(db, staffId);
  if (!s) throw new AppError('NOT_FOUND', `人员 #${staffId} 不存在`);
  if (s.status === 'disqualified')
    throw new AppError(
      'STAFF_DISQUALIFIED',
      `${s.name} 已被取消资格（${s.disqualified_reason ?? ''}），不能参与任何评价工作`,
      { rule: 'INST-8' },
    );
  return s;
}

export async function assignStaff(
  deps: Deps,
  ctx: RequestContext,
  body: { staffId: number; workType: string; refType: string; refId: number },
  trx?: Kysely<DB>,
) {
  const run = async (t: Kysely<DB>) => {
    const s = await assertAssignable(t, body.staffId);
    await q.insertAssignment(t, {
      staff_id: s.id,
      work_type: body.workType,
      ref_type: body.refType,
      ref_id: body.refId,
      assigned_by: ctx.actor!.id,
      assigned_at: deps.clock.now().toISOString(),
    });
    return s;
  };
  return trx ? run(trx) : deps.db.transaction().execute(run);
}
