/**
 * 评价规范 (INST-7): where no national occupational skill standard exists, an institution writes
 * an evaluation specification; it needs at least five agreeing expert reviews and a filing by the
 * province HRSS before any scope can use it.
 */
import type { Kysely } from 'kysely';
import { MIN_SPEC_EXPERT_REVIEWS } from '../../../../contract/institutions.js';
import type { DB } from '../../database/schema.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError, notFoundOrDenied } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { getOccupation } from '../occupations/occupations.queries.js';
import { staffById } from '../staff/staff.queries.js';
import { assignStaff } from '../staff/staff.service.js';
import * as q from './specs.queries.js';

const SPEC_STATUS = { draft: '草稿', under_review: '评审中', filed: '已备案', rejected: '不予备案' } as const;

async function load(deps: Deps, ctx: RequestContext, db: Kysely<DB>, id: number) {
  const row = await q.getVisibleSpec(db, ctx.actor!, id);
  if (!row) {
    throw notFoundOrDenied(await q.specExists(db, id), `评价规范 #${id} 不存在或不在您的管辖范围内`, {
      action: 'spec.access',
      objectType: 'spec',
      objectId: id,
    });
  }
  return row;
}

async function toSpec(db: Kysely<DB>, r: q.SpecRow) {
  const reviews = await q.specReviews(db, r.id);
  const agreeing = reviews.filter((x) => x.opinion === 'agree' && x.status === 'active').length;
  return {
    id: r.id,
    institutionId: r.institution_id,
    institutionName: r.institution_name,
    occupationId: r.occupation_id,
    occupationCode: r.occupation_code,
    occupationName: r.occupation_name,
    hasNationalStandard: r.has_national_standard === 1,
    title: r.title,
    levels: r.levels.split(',').map(Number),
    status: r.status,
    statusLabel: SPEC_STATUS[r.status],
    filedAt: r.filed_at,
    agreeingReviews: agreeing,
    requiredReviews: MIN_SPEC_EXPERT_REVIEWS,
    reviews: reviews.map((x) => ({
      expertId: x.expert_id,
      expertName: x.name,
      opinion: x.opinion,
      comment: x.comment,
      at: x.at,
      expertActive: x.status === 'active',
    })),
  };
}

/** INST-7: a specification is written only where no national occupational skill standard exists. */
function nationalStandardExists(occupationName: string) {
  return new AppError(
    'NATIONAL_STANDARD_EXISTS',
    `${occupationName} 已颁布国家职业技能标准，应按国家标准开展认定，不能另行开发评价规范`,
    {
      rule: 'INST-7',
      details: [{ field: '/occupationId', message: '该职业已有国家职业技能标准' }],
    },
  );
}

export async function listSpecs(deps: Deps, ctx: RequestContext) {
  const rows = await q.listVisibleSpecs(deps.db, ctx.actor!, 500);
  return Promise.all(rows.map((r) => toSpec(deps.db, r)));
}
export async function getSpec(deps: Deps, ctx: RequestContext, id: number) {
  return toSpec(deps.db, await load(deps, ctx, deps.db, id));
}

export async function createSpec(
  deps: Deps,
  ctx: RequestContext,
  body: { occupationId: number; title: string; levels: number[] },
) {
  return deps.db.transaction().execute(async (trx) => {
    const occ = await getOccupation(trx, body.occupationId);
    if (!occ || occ.active !== 1)
      throw new AppError('OCCUPATION_NOT_FOUND', undefined, {
        details: [{ field: '/occupationId', message: '职业不存在或已停用' }],
      });
    if (occ.has_national_standard === 1) throw nationalStandardExists(occ.name);
    const now = deps.clock.now().toISOString();
    const id = await q.insertSpec(trx, {
      institution_id: ctx.actor!.institutionId!,
      occupation_id: occ.id,
      title: body.title,
      levels: [...new Set(body.levels)].sort((a, b) => b - a).join(','),
      status: 'draft',
      filed_by: null,
      filed_at: null,
      created_at: now,
      updated_at: now,
    });
    const spec = await toSpec(trx, await load(deps, ctx, trx, id));
    await recordAudit(trx, deps, ctx, {
      action: 'spec.create',
      objectType: 'spec',
      objectId: id,
      after: { title: spec.title, occupation: occ.name, levels: spec.levels },
    });
    return spec;
  });
}

export async function submitSpec(deps: Deps, ctx: RequestContext, id: number) {
  return deps.db.transaction().execute(async (trx) => {
    const row = await load(deps, ctx, trx, id);
    if (row.institution_id !== ctx.actor!.institutionId)
      throw new AppError('DELEGATION_FORBIDDEN', '只能提交本机构的评价规范', { rule: 'INST-4' });
    if (row.status !== 'draft' && row.status !== 'rejected')
      throw new AppError('FILING_INVALID_STATE', `评价规范当前为“${SPEC_STATUS[row.status]}”，不能提交`);
    if (row.has_national_standard === 1) throw nationalStandardExists(row.occupation_name);
    await q.updateSpec(trx, id, { status: 'under_review', updated_at: deps.clock.now().toISOString() });
    await recordAudit(trx, deps, ctx, {
      action: 'spec.submit',
      objectType: 'spec',
      objectId: id,
      before: { status: row.status },
      after: { status: 'under_review' },
    });
    return toSpec(trx, await load(deps, ctx, trx, id));
  });
}

export async function recordSpecReview(
  deps: Deps,
  ctx: RequestContext,
  id: number,
  body: { expertId: number; opinion: 'agree' | 'disagree'; comment?: string | null },
) {
  return deps.db.transaction().execute(async (trx) => {
    const row = await load(deps, ctx, trx, id);
    if (row.status !== 'under_review')
      throw new AppError('FILING_INVALID_STATE', `评价规范当前为“${SPEC_STATUS[row.status]}”，不能记录评审意见`);
    const kind = await staffById(trx, body.expertId);
    if (kind && kind.institution_id === row.institution_id) {
      throw new AppError('CONFLICT_OF_INTEREST', `${kind.name} 是申请单位的人员，应当回避，不能评审本单位的评价规范`, {
        rule: 'INST-7',
        details: [{ field: '/expertId', message: '申请单位人员须回避' }],
      });
    }
    if (kind && kind.kind !== 'expert')
      throw new AppError('VALIDATION_FAILED', `人员 #${body.expertId} 不是评价专家`, {
        details: [{ field: '/expertId', message: '不是评价专家' }],
      });
    const dup = await q.reviewOf(trx, id, body.expertId);
    if (dup)
      throw new AppError('CONFLICT', '该专家已提交过评审意见', {
        details: [{ field: '/expertId', message: '同一专家只计一次' }],
      });
    await assignStaff(deps, ctx, { staffId: body.expertId, workType: 'spec_review', refType: 'spec', refId: id }, trx);
    await q.insertSpecReview(trx, {
      spec_id: id,
      expert_id: body.expertId,
      opinion: body.opinion,
      comment: body.comment ?? null,
      recorded_by: ctx.actor!.id,
      at: deps.clock.now().toISOString(),
    });
    await recordAudit(trx, deps, ctx, {
      action: 'spec.review',
      objectType: 'spec',
      objectId: id,
      after: { expertId: body.expertId, opinion: body.opinion },
    });
    return toSpec(trx, await load(deps, ctx, trx, id));
  });
}

export async function decideSpec(
  deps: Deps,
  ctx: RequestContext,
  id: number,
  decision: 'file' | 'reject',
  reason: string | null,
) {
  return deps.db.transaction().execute(async (trx) => {
    const row = await load(deps, ctx, trx, id);
    if (row.status !== 'under_review')
      throw new AppError(
        'FILING_INVALID_STATE',
        `评价规范当前为“${SPEC_STATUS[row.status]}”，不能${decision === 'file' ? '备案' : '不予备案'}`,
      );
    const spec = await toSpec(trx, row);
    if (decision === 'file' && spec.agreeingReviews < MIN_SPEC_EXPERT_REVIEWS) {
      throw new AppError(
        'SPEC_REVIEWS_INSUFFICIENT',
        `评价规范须经至少 ${MIN_SPEC_EXPERT_REVIEWS} 名专家评审同意，目前 ${spec.agreeingReviews} 名`,
        { rule: 'INST-7' },
      );
    }
    const now = deps.clock.now().toISOString();
    const status = decision === 'file' ? 'filed' : 'rejected';
    await q.updateSpec(trx, id, {
      status,
      ...(decision === 'file' ? { filed_by: ctx.actor!.id, filed_at: now } : {}),
      updated_at: now,
    });
    await recordAudit(trx, deps, ctx, {
      action: `spec.${decision}`,
      objectType: 'spec',
      objectId: id,
      before: { status: row.status },
      after: { status, reason },
    });
    return toSpec(trx, await load(deps, ctx, trx, id));
  });
}
