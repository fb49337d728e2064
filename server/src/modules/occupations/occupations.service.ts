/**
 * What can be certified: occupations (职业, code + edition of the classification), 1+X
 * certificates with their organisations, and the five levels. Province officials maintain them.
 */
import type { Static } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { OccupationBody, OccupationPatchBody, OnePlusXBody, OnePlusXPatchBody } from '../../../../contract/api.js';
import type { DB, OccupationRow, OnePlusXRow } from '../../database/schema.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import * as q from './occupations.queries.js';

const toOccupation = (r: OccupationRow) => ({
  id: r.id,
  code: r.code,
  name: r.name,
  edition: r.edition,
  note: r.note,
  active: r.active === 1,
  hasNationalStandard: r.has_national_standard === 1,
});
/**
 * Active occupations by code (6-18-01-01) or name (车工), for the occupation column of a workbook
 * import (handed to its worker thread as data).
 */
export async function occupationKeys(db: Kysely<DB>): Promise<[string, number][]> {
  const all = (await q.listOccupations(db, {}, 1, Number.MAX_SAFE_INTEGER)).items.filter((o) => o.active === 1);
  const byKey = new Map<string, number>();
  for (const o of all) {
    byKey.set(o.code, o.id);
    if (!byKey.has(o.name)) byKey.set(o.name, o.id);
  }
  return [...byKey];
}

const toOnePlusX = (r: OnePlusXRow) => ({
  id: r.id,
  batch: r.batch,
  name: r.name,
  organisation: r.organisation,
  active: r.active === 1,
  mappedOccupationId: r.mapped_occupation_id,
});

export async function listOccupations(deps: Deps, f: { q?: string; page?: number; pageSize?: number }) {
  const page = f.page ?? 1;
  const pageSize = f.pageSize ?? 20;
  const { items, total } = await q.listOccupations(deps.db, f, page, pageSize);
  return { items: items.map(toOccupation), total, page, pageSize };
}

export async function createOccupation(deps: Deps, ctx: RequestContext, body: Static<typeof OccupationBody>) {
  return deps.db.transaction().execute(async (trx) => {
    if (await q.findOccupation(trx, body.code, body.edition)) {
      throw new AppError('CONFLICT', `职业编码 ${body.code}（${body.edition} 版）已存在`, {
        details: [{ field: '/code', message: '该版本下编码已存在' }],
      });
    }
    const now = deps.clock.now().toISOString();
    const id = await q.insertOccupation(trx, {
      code: body.code,
      name: body.name,
      edition: body.edition,
      note: body.note ?? null,
      created_at: now,
      updated_at: now,
    });
    const after = toOccupation((await q.getOccupation(trx, id))!);
    await recordAudit(trx, deps, ctx, { action: 'occupation.create', objectType: 'occupation', objectId: id, after });
    return after;
  });
}

export async function updateOccupation(
  deps: Deps,
  ctx: RequestContext,
  id: number,
  body: Static<typeof OccupationPatchBody>,
) {
  return deps.db.transaction().execute(async (trx) => {
    const row = await q.getOccupation(trx, id);
    if (!row) throw new AppError('NOT_FOUND', `职业 #${id} 不存在`);
    await q.updateOccupation(trx, id, {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.note !== undefined ? { note: body.note } : {}),
      ...(body.active !== undefined ? { active: body.active ? 1 : 0 } : {}),
      ...(body.hasNationalStandard !== undefined ? { has_national_standard: body.hasNationalStandard ? 1 : 0 } : {}),
      updated_at: deps.clock.now().toISOString(),
    });
    const after = toOccupation((await q.getOccupation(trx, id))!);
    await recordAudit(trx, deps, ctx, {
      action: 'occupation.update',
      objectType: 'occupation',
      objectId: id,
      before: toOccupation(row),
      after,
    });
    return after;
  });
}

export async function listOnePlusX(deps: Deps, f: { q?: string; page?: number; pageSize?: number }) {
  const page = f.page ?? 1;
  const pageSize = f.pageSize ?? 20;
  const { items, total } = await q.listOnePlusX(deps.db, f, page, pageSize);
  return { items: items.map(toOnePlusX), total, page, pageSize };
}

export async function createOnePlusX(deps: Deps, ctx: RequestContext, body: Static<typeof OnePlusXBody>) {
  return deps.db.transaction().execute(async (trx) => {
    if (await q.findOnePlusXByName(trx, body.name)) {
      throw new AppError('CONFLICT', `1+X 证书“${body.name}”已存在`, {
        details: [{ field: '/name', message: '名称已存在' }],
      });
    }
    const now = deps.clock.now().toISOString();
    const id = await q.insertOnePlusX(trx, { ...body, created_at: now, updated_at: now });
    const after = toOnePlusX((await q.getOnePlusX(trx, id))!);
    await recordAudit(trx, deps, ctx, { action: 'oneplusx.create', objectType: 'one_plus_x', objectId: id, after });
    return after;
  });
}

export async function updateOnePlusX(
  deps: Deps,
  ctx: RequestContext,
  id: number,
  body: Static<typeof OnePlusXPatchBody>,
) {
  return deps.db.transaction().execute(async (trx) => {
    const row = await q.getOnePlusX(trx, id);
    if (!row) throw new AppError('NOT_FOUND', `1+X 证书 #${id} 不存在`);
    if (body.mappedOccupationId && !(await q.getOccupation(trx, body.mappedOccupationId)))
      throw new AppError('OCCUPATION_NOT_FOUND', undefined, {
        details: [{ field: '/mappedOccupationId', message: '职业不存在' }],
      });
    if (body.name && body.name !== row.name && (await q.findOnePlusXByName(trx, body.name))) {
      throw new AppError('CONFLICT', `1+X 证书“${body.name}”已存在`, {
        details: [{ field: '/name', message: '名称已存在' }],
      });
    }
    await q.updateOnePlusX(trx, id, {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.organisation !== undefined ? { organisation: body.organisation } : {}),
      ...(body.active !== undefined ? { active: body.active ? 1 : 0 } : {}),
      ...(body.mappedOccupationId !== undefined ? { mapped_occupation_id: body.mappedOccupationId } : {}),
      updated_at: deps.clock.now().toISOString(),
    });
    const after = toOnePlusX((await q.getOnePlusX(trx, id))!);
    await recordAudit(trx, deps, ctx, {
      action: 'oneplusx.update',
      objectType: 'one_plus_x',
      objectId: id,
      before: toOnePlusX(row),
      after,
    });
    return after;
  });
}

export async function listLevels(deps: Deps) {
  return (await q.listLevels(deps.db)).map((l) => ({
    digit: l.digit,
    name: l.name,
    title: l.title,
    nameEn: l.name_en,
    highSkill: l.high_skill === 1,
  }));
}
