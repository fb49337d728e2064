/** CERT-3 direct recognition: importing a learner's 1+X certificate, then recognizing it in its mapped occupation. */
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { findOrCreateLearner, type IdentityInput } from '../people/learners.service.js';
import { getOnePlusX } from '../occupations/occupations.queries.js';
import * as q from './pathways.queries.js';
import { recognitionLevel } from './pathways.rules.js';
import { recordPathway, situationSource } from './pathways.service.js';

export async function importHolding(
  deps: Deps,
  ctx: RequestContext,
  body: IdentityInput & {
    certificateId: number;
    xLevel: 'junior' | 'intermediate' | 'senior';
    number: string;
    issuedOn: string;
  },
) {
  return deps.db.transaction().execute(async (trx) => {
    const x = await getOnePlusX(trx, body.certificateId);
    if (!x || x.active !== 1)
      throw new AppError('VALIDATION_FAILED', '1+X 证书不存在或已停用', {
        details: [{ field: '/certificateId', message: '不存在' }],
      });
    if (await q.holdingNumberTaken(trx, body.number))
      throw new AppError('CONFLICT', `1+X 证书编号 ${body.number} 已导入`, {
        details: [{ field: '/number', message: '已导入' }],
      });
    const learner = await findOrCreateLearner(trx, deps, ctx, body, await situationSource(trx, ctx, 'recognition'));
    const id = await q.insertHolding(trx, {
      learner_id: learner.id,
      certificate_id: x.id,
      level: body.xLevel,
      number: body.number,
      issued_on: body.issuedOn,
      imported_by_institution: ctx.actor!.institutionId!,
      created_at: deps.clock.now().toISOString(),
    });
    await recordAudit(trx, deps, ctx, {
      action: 'oneplusx.holding.import',
      objectType: 'one_plus_x_holding',
      objectId: id,
      after: { learnerId: learner.id, certificate: x.name, level: body.xLevel, number: body.number },
    });
    return { id, learnerId: learner.id, certificate: x.name, xLevel: body.xLevel, number: body.number };
  });
}

export async function recognize(deps: Deps, ctx: RequestContext, holdingId: number) {
  return deps.db.transaction().execute(async (trx) => {
    const h = await q.holdingWithCertificate(trx, holdingId);
    if (!h || h.imported_by_institution !== ctx.actor!.institutionId)
      throw new AppError('NOT_FOUND', `1+X 持证记录 #${holdingId} 不存在`);
    if (!h.mapped_occupation_id)
      throw new AppError('NOT_MAPPED', `“${h.name}”尚未对应职业，请省级在基础数据中维护对应关系`, { rule: 'CERT-3' });
    const done = await q.recordFromSource(trx, 'one_plus_x_holding', h.id);
    if (done) throw new AppError('CONFLICT', '该 1+X 证书已认定过', { rule: 'CERT-8' });
    return recordPathway(trx, deps, ctx, {
      pathway: 'recognition',
      learner_id: h.learner_id,
      occupation_id: h.mapped_occupation_id,
      level: recognitionLevel(h.level),
      source_type: 'one_plus_x_holding',
      source_id: h.id,
      evidence_json: JSON.stringify({ oneplusx: h.name, xLevel: h.level, number: h.number }),
    });
  });
}
