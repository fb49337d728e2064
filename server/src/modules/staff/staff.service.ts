/**
 * Staff registry (人员库): examiners (考评员, 高级考评员), quality supervisors (质量督导员,
 * internal or external — an external one carries a card number `R` + 8 digits) and experts
 * (评价专家), with qualifications, occupations and assignments.
 *
 * Staff are people (INST-8): each record points at the person (people module, one record per
 * identity document across roles), the identity document is required and validated, and a
 * disqualification bars the person — every record of theirs, in every institution; registering
 * them again anywhere is refused, and so is assigning them (`assertAssignable`, the one check).
 * The policy sets no period and no way back ("取消考评或督导资格，不得参与任何…工作"), so the bar
 * stands with no end date.
 */
import type { Kysely } from 'kysely';
import type { IdType } from '../../../../contract/api-assessment.js';
import { EXTERNAL_SUPERVISOR_CARD_PATTERN, STAFF_KINDS, type StaffKind } from '../../../../contract/institutions.js';
import type { DB } from '../../database/schema.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { businessDate, DEFAULT_BUSINESS_TIME_ZONE } from '../../lib/dates.js';
import { AppError, notFoundOrDenied } from '../../lib/errors.js';
import { personalData } from '../../lib/personal-data.js';
import { revealIdNumber } from '../people/reveal.service.js';
import { recordAudit } from '../audit/audit.service.js';
import { institutionWithPath } from '../institutions/institutions.queries.js';
import { staffRegistry } from '../institutions/ports.js';
import { occupationsByIds } from '../occupations/occupations.queries.js';
import { findOrCreatePerson } from '../people/persons.service.js';
import { getRegion, placeNames } from '../regions/regions.queries.js';
import * as q from './staff.queries.js';

// the filing workflow (institutions, a floor below) records expert reviewers through this
staffRegistry.provide({ findStaff: q.staffById, assignStaff });

export interface StaffInput {
  kind: StaffKind;
  name: string;
  idType?: IdType;
  idNumber: string;
  institutionId?: number | null;
  regionCode?: string | null;
  supervisorType?: 'internal' | 'external' | null;
  cardNo?: string | null;
  qualification?: string | null;
  phone?: string | null;
  occupationIds?: number[];
}

async function toStaff(deps: Deps, db: Kysely<DB>, rows: q.StaffRow[]) {
  const pd = personalData(deps.config);
  const [occ, places] = await Promise.all([
    q.occupationsOfStaff(
      db,
      rows.map((r) => r.id),
    ),
    // a record registered by a region (an expert, an external supervisor) is shown by the region's name
    placeNames(
      db,
      rows.map((r) => r.region_code),
    ),
  ]);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    kindLabel: STAFF_KINDS[r.kind],
    name: r.name,
    idType: r.person_id_type,
    idNumber: r.person_id_number_enc ? pd.maskedIdNumber('learners.id_number', r.person_id_number_enc) : null,
    institutionId: r.institution_id,
    institutionName: r.institution_name,
    regionCode: r.region_code,
    regionName: places.get(r.region_code) ?? r.region_code,
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
  const qIdNumberHash = f.q ? personalData(deps.config).idNumberHash(f.q) : undefined;
  const { items, total } = await q.listStaff(deps.db, ctx.actor!, { ...f, qIdNumberHash }, page, pageSize);
  return { items: await toStaff(deps, deps.db, items), total, page, pageSize };
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

/** The full ID number of a staff member the actor may see (else 404, audited as denied), with the reason; audited. */
export async function revealStaffId(deps: Deps, ctx: RequestContext, id: number, reason: string) {
  const row = await loadVisible(deps, ctx, deps.db, id);
  if (row.person_id === null || !row.person_id_number_enc || !row.person_id_type)
    throw new AppError('NOT_FOUND', `${row.name} 尚未登记证件号码`);
  return revealIdNumber(
    deps,
    ctx,
    {
      learnerId: row.person_id,
      idType: row.person_id_type,
      enc: row.person_id_number_enc,
      column: 'learners.id_number',
      via: 'staff',
      recordId: row.id,
    },
    reason,
  );
}

export async function getStaff(deps: Deps, ctx: RequestContext, id: number) {
  const row = await loadVisible(deps, ctx, deps.db, id);
  const [staff] = await toStaff(deps, deps.db, [row]);
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
    // INST-8: the person, by identity document; a barred person is registered nowhere
    const person = await findOrCreatePerson(trx, deps, body);
    await assertNotBarred(trx, person.id, person.name);
    await assertNotRegistered(trx, person, body.kind, institutionId, regionCode);
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
      name: person.name,
      person_id: person.id,
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
    const [after] = await toStaff(deps, trx, [(await q.getVisibleStaff(trx, actor, id))!]);
    await recordAudit(trx, deps, ctx, { action: 'staff.create', objectType: 'staff', objectId: id, after });
    return after;
  });
}

export async function updateStaff(
  deps: Deps,
  ctx: RequestContext,
  id: number,
  body: Partial<
    Pick<StaffInput, 'name' | 'idType' | 'idNumber' | 'qualification' | 'phone' | 'occupationIds' | 'cardNo'>
  >,
) {
  return deps.db.transaction().execute(async (trx) => {
    const row = await loadVisible(deps, ctx, trx, id);
    if (ctx.actor!.institutionId && row.institution_id !== ctx.actor!.institutionId)
      throw new AppError('DELEGATION_FORBIDDEN', '只能修改本机构的人员', { rule: 'INST-4' });
    const [before] = await toStaff(deps, trx, [row]);
    const identity = await linkIdentity(deps, trx, row, body);
    if (body.cardNo !== undefined) {
      checkCard(row.kind, row.supervisor_type, body.cardNo);
      if (body.cardNo && (await q.cardTaken(trx, body.cardNo, id)))
        throw new AppError('CONFLICT', `卡号 ${body.cardNo} 已被登记`);
    }
    await q.updateStaff(trx, id, {
      ...identity.patch,
      ...(body.name !== undefined && !identity.patch.name ? { name: body.name } : {}),
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
    const [after] = await toStaff(deps, trx, [(await q.getVisibleStaff(trx, ctx.actor!, id))!]);
    await recordAudit(trx, deps, ctx, {
      action: 'staff.update',
      objectType: 'staff',
      objectId: id,
      before,
      after: identity.alsoBarred.length ? { ...after, alsoBarred: identity.alsoBarred } : after,
    });
    return after;
  });
}

/**
 * INST-8: a person found at fault loses the qualification everywhere: every record of the person,
 * in any institution or region, is disqualified in the same transaction.
 */
export async function disqualifyStaff(deps: Deps, ctx: RequestContext, id: number, reason: string) {
  return deps.db.transaction().execute(async (trx) => {
    const row = await loadVisible(deps, ctx, trx, id);
    if (row.status === 'disqualified')
      throw new AppError('STAFF_DISQUALIFIED', `${row.name} 已于 ${dayOf(row.disqualified_at)} 被取消资格`, {
        rule: 'INST-8',
      });
    const now = deps.clock.now().toISOString();
    await q.updateStaff(trx, id, {
      status: 'disqualified' as never,
      disqualified_reason: reason,
      disqualified_at: now,
      updated_at: now,
    });
    const alsoBarred = row.person_id ? await q.barPerson(trx, row.person_id, reason, now) : [];
    await recordAudit(trx, deps, ctx, {
      action: 'staff.disqualify',
      objectType: 'staff',
      objectId: id,
      before: { status: row.status },
      after: { status: 'disqualified', reason, ...(alsoBarred.length ? { alsoBarred } : {}) },
    });
    const [after] = await toStaff(deps, trx, [(await q.getVisibleStaff(trx, ctx.actor!, id))!]);
    return after;
  });
}

/**
 * The one check before assigning anyone to evaluation work (INST-8): the record is not
 * disqualified, it names a person (a bar follows the person, so a person of unknown identity
 * cannot be cleared), and no record of that person anywhere is disqualified.
 */
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
  if (s.person_id === null)
    throw new AppError(
      'STAFF_IDENTITY_MISSING',
      `${s.name} 尚未在人员库登记证件号码，补录后方可安排评价工作（取消资格按人员本人认定）`,
      { rule: 'INST-8' },
    );
  await assertNotBarred(db, s.person_id, s.name);
  return s;
}

const dayOf = (iso: string | null) => (iso ? businessDate(new Date(iso), DEFAULT_BUSINESS_TIME_ZONE) : '');

/** INST-8: refuses a person with a disqualified record anywhere (the bar has no end date). */
async function assertNotBarred(db: Kysely<DB>, personId: number, name: string) {
  const bar = await q.personBar(db, personId);
  if (bar)
    throw new AppError(
      'STAFF_DISQUALIFIED',
      `${name} 已于 ${dayOf(bar.disqualified_at)} 被取消${STAFF_KINDS[bar.kind]}资格（${bar.disqualified_reason ?? ''}），` +
        '不得在任何机构登记或参与任何评价工作',
      // no field detail: the form shows the whole refusal, with its reason and rule, not a field hint
      { rule: 'INST-8' },
    );
}

/** One record per person, kind and institution (or region, for the region's own pool). */
async function assertNotRegistered(
  db: Kysely<DB>,
  person: { id: number; name: string },
  kind: StaffKind,
  institutionId: number | null,
  regionCode: string,
  exceptId?: number,
) {
  const same = (await q.staffOfPerson(db, person.id)).find(
    (r) =>
      r.id !== exceptId &&
      r.kind === kind &&
      r.institution_id === institutionId &&
      (institutionId !== null || r.region_code === regionCode),
  );
  if (same)
    throw new AppError('CONFLICT', `${person.name} 已登记为${STAFF_KINDS[kind]}（人员 #${same.id}），不能重复登记`, {
      details: [{ field: '/idNumber', message: '该人员已登记' }],
    });
}

/**
 * The identity document of a record: entered once. A record from before identities were required
 * is linked to the person here (and refused if the person is barred); a record that was itself
 * disqualified passes its bar on to the person's other records. Returns the patch and the ids it barred.
 */
async function linkIdentity(
  deps: Deps,
  trx: Kysely<DB>,
  row: q.StaffRow,
  body: { name?: string; idType?: IdType; idNumber?: string },
): Promise<{ patch: { person_id?: number; name?: string }; alsoBarred: number[] }> {
  if (body.idNumber === undefined) {
    if (row.person_id !== null && body.name !== undefined && body.name.trim() !== row.name)
      throw new AppError('VALIDATION_FAILED', '姓名以证件登记的为准，不能在人员库中修改', {
        details: [{ field: '/name', message: `证件登记姓名为 ${row.name}` }],
      });
    return { patch: {}, alsoBarred: [] };
  }
  const person = await findOrCreatePerson(trx, deps, {
    name: body.name ?? row.name,
    idType: body.idType,
    idNumber: body.idNumber,
  });
  if (row.person_id !== null) {
    if (person.id !== row.person_id)
      throw new AppError('CONFLICT', '证件号码登记后不能更改', {
        details: [{ field: '/idNumber', message: '证件号码已登记' }],
      });
    return { patch: {}, alsoBarred: [] };
  }
  if (row.status === 'active') await assertNotBarred(trx, person.id, person.name);
  await assertNotRegistered(trx, person, row.kind, row.institution_id, row.region_code, row.id);
  const alsoBarred =
    row.status === 'disqualified'
      ? await q.barPerson(
          trx,
          person.id,
          row.disqualified_reason ?? '',
          row.disqualified_at ?? deps.clock.now().toISOString(),
        )
      : [];
  return { patch: { person_id: person.id, name: person.name }, alsoBarred };
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
