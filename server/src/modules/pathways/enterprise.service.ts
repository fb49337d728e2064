/** CERT-6 enterprise cooperation: a filed enterprise's agreements with schools, and its evaluation of a partner school's students. */
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { findOrCreateLearner, type IdentityInput } from '../people/learners.service.js';
import { businessDate } from '../../lib/dates.js';
import { institutionKind } from '../institutions/institutions.queries.js';
import * as q from './pathways.queries.js';
import { recordPathway, situationSource } from './pathways.service.js';

export async function createPartnership(
  deps: Deps,
  ctx: RequestContext,
  body: { schoolId: number; agreement: string; validFrom: string; validUntil: string },
) {
  return deps.db.transaction().execute(async (trx) => {
    const me = await institutionKind(trx, ctx.actor!.institutionId!);
    if (!me) throw new Error(`institution #${ctx.actor!.institutionId} of the signed-in account is missing`);
    if (me.kind !== 'enterprise')
      throw new AppError('PATHWAY_NOT_APPLICABLE', '企校合作评价须由备案的企业（用人单位）评价机构开展', {
        rule: 'CERT-6',
      });
    const school = await institutionKind(trx, body.schoolId);
    if (!school || school.kind !== 'college')
      throw new AppError('VALIDATION_FAILED', '合作对象须为院校', {
        details: [{ field: '/schoolId', message: '不是院校' }],
      });
    if (body.validUntil <= body.validFrom)
      throw new AppError('VALIDATION_FAILED', '协议终止日期须晚于起始日期', {
        details: [{ field: '/validUntil', message: '须晚于起始日期' }],
      });
    const id = await q.savePartnership(trx, {
      enterprise_id: ctx.actor!.institutionId!,
      school_id: school.id,
      agreement: body.agreement,
      valid_from: body.validFrom,
      valid_until: body.validUntil,
      created_by: ctx.actor!.id,
      created_at: deps.clock.now().toISOString(),
    });
    await recordAudit(trx, deps, ctx, {
      action: 'partnership.save',
      objectType: 'partnership',
      objectId: id,
      after: body,
    });
    return { id, schoolName: school.name, ...body };
  });
}

export async function enterpriseEvaluation(
  deps: Deps,
  ctx: RequestContext,
  body: IdentityInput & { schoolId: number; occupationId: number; level: number; theory: number; practical: number },
) {
  return deps.db.transaction().execute(async (trx) => {
    const today = businessDate(deps.clock.now(), deps.config.businessTimeZone);
    const p = await q.partnershipOf(trx, ctx.actor!.institutionId!, body.schoolId);
    if (!p || p.valid_from > today || p.valid_until < today)
      throw new AppError('PARTNERSHIP_MISSING', '本企业与该院校没有有效期内的合作协议', { rule: 'CERT-6' });
    const learner = await findOrCreateLearner(
      trx,
      deps,
      ctx,
      body,
      await situationSource(trx, ctx, 'enterprise', body.schoolId),
    );
    if (learner.school_institution_id !== body.schoolId)
      throw new AppError('PATHWAY_NOT_APPLICABLE', `${learner.name} 不是合作院校的学生`, { rule: 'CERT-6' });
    if (body.theory < 60 || body.practical < 60)
      throw new AppError(
        'PATHWAY_NOT_APPLICABLE',
        `理论 ${body.theory} 分、实操 ${body.practical} 分，须均达到 60 分`,
        { rule: 'CERT-2' },
      );
    return recordPathway(trx, deps, ctx, {
      pathway: 'enterprise',
      learner_id: learner.id,
      occupation_id: body.occupationId,
      level: body.level,
      source_type: 'partnership',
      source_id: p.id,
      evidence_json: JSON.stringify({
        schoolId: body.schoolId,
        agreement: p.agreement,
        theory: body.theory,
        practical: body.practical,
      }),
    });
  });
}

/** The agreements of the caller's enterprise (or, for a school, those it is party to). */
export async function listPartnerships(deps: Deps, ctx: RequestContext) {
  const me = ctx.actor!.institutionId!;
  const rows = await q.partnershipsOf(deps.db, me);
  const today = businessDate(deps.clock.now(), deps.config.businessTimeZone);
  return rows.map((r) => ({
    id: r.id,
    enterpriseId: r.enterprise_id,
    enterpriseName: r.enterprise_name,
    schoolId: r.school_id,
    schoolName: r.school_name,
    agreement: r.agreement,
    validFrom: r.valid_from,
    validUntil: r.valid_until,
    inForce: r.valid_from <= today && today <= r.valid_until,
  }));
}
