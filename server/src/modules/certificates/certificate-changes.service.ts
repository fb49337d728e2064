/**
 * Changes to an issued certificate: revocation, suspension and reinstatement (CERT-12) and
 * corrections (CERT-11). A certificate is never deleted; every change is appended to its history.
 */
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { sealCertificate } from '../signing/seal.js';
import { personalData } from '../../lib/personal-data.js';
import { sealedFieldsOf } from './holder-id.js';
import { certificateChanged } from './certificate-listeners.js';
import * as q from './certificates.queries.js';
import { visibleCertificate } from './certificates.service.js';

const TRANSITIONS = {
  suspend: { from: ['valid'], to: 'suspended' },
  reinstate: { from: ['suspended'], to: 'valid' },
  revoke: { from: ['valid', 'suspended'], to: 'revoked' },
} as const;
const ACTION_LABEL = { suspend: '暂停', reinstate: '恢复', revoke: '撤销' } as const;
const EVENT_TYPE = { suspend: 'suspended', reinstate: 'reinstated', revoke: 'revoked' } as const;

/** CERT-12: revoke or suspend (with reason), or reinstate a suspended certificate; never deleted. */
export async function changeCertificateStatus(
  deps: Deps,
  ctx: RequestContext,
  id: number,
  action: keyof typeof TRANSITIONS,
  reason: string,
) {
  await visibleCertificate(deps, ctx, id);
  return deps.db.transaction().execute(async (trx) => {
    const row = (await q.getVisibleCertificate(trx, ctx.actor!, id))!;
    const t = TRANSITIONS[action];
    if (!(t.from as readonly string[]).includes(row.status)) {
      throw new AppError(
        'CERTIFICATE_INVALID_TRANSITION',
        `证书当前为“${{ valid: '有效', suspended: '已暂停', revoked: '已撤销' }[row.status]}”，不能${ACTION_LABEL[action]}`,
        { rule: 'CERT-12' },
      );
    }
    const now = deps.clock.now().toISOString();
    await q.updateCertificate(trx, id, { status: t.to });
    await certificateChanged(trx, id, 'status', { status: row.status }); // status lists rebuilt on next request
    await q.insertCertificateEvent(trx, {
      certificate_id: id,
      type: EVENT_TYPE[action],
      reason,
      evidence_sha256: null,
      status_before: row.status,
      status_after: t.to,
      actor_id: ctx.actor!.id,
      actor_name: ctx.actor!.displayName,
      at: now,
    });
    await recordAudit(trx, deps, ctx, {
      action: `certificate.${action}`,
      objectType: 'certificate',
      objectId: id,
      before: { status: row.status },
      after: { status: t.to, reason },
    });
    return { id, number: row.number, status: t.to };
  });
}

/**
 * CERT-11: a correction of what a certificate carries (a misspelt name, the work type) is a new
 * version: the before and after, the reason and the author are appended to its history.
 */
export async function correctCertificate(
  deps: Deps,
  ctx: RequestContext,
  id: number,
  body: { holderName?: string; workType?: string | null; reason: string },
) {
  await visibleCertificate(deps, ctx, id);
  return deps.db.transaction().execute(async (trx) => {
    const row = (await q.getVisibleCertificate(trx, ctx.actor!, id))!;
    if (ctx.actor!.institutionId !== row.institution_id)
      throw new AppError('DELEGATION_FORBIDDEN', '证书由发证机构更正（谁发证、谁负责）', { rule: 'INST-6' });
    if (row.status === 'revoked')
      throw new AppError('CERTIFICATE_INVALID_TRANSITION', '已撤销的证书不能更正', { rule: 'CERT-12' });
    const before = { holderName: row.holder_name, workType: row.work_type };
    const after = {
      holderName: body.holderName ?? row.holder_name,
      workType: body.workType === undefined ? row.work_type : body.workType,
    };
    if (before.holderName === after.holderName && before.workType === after.workType)
      throw new AppError('VALIDATION_FAILED', '没有需要更正的内容');
    const now = deps.clock.now().toISOString();
    const { seal, kid } = await sealCertificate(
      trx,
      deps.config.keyDir,
      sealedFieldsOf(personalData(deps.config), { ...row, holder_name: after.holderName }),
    );
    await q.updateCertificate(trx, id, {
      holder_name: after.holderName,
      work_type: after.workType,
      seal,
      seal_kid: kid,
    });
    await certificateChanged(trx, id, 'corrected', { status: row.status }); // credential re-signed in the background
    await q.insertCertificateEvent(trx, {
      certificate_id: id,
      type: 'corrected',
      reason: `${body.reason}｜${JSON.stringify({ before, after })}`,
      evidence_sha256: null,
      status_before: row.status,
      status_after: row.status,
      actor_id: ctx.actor!.id,
      actor_name: ctx.actor!.displayName,
      at: now,
    });
    await recordAudit(trx, deps, ctx, {
      action: 'certificate.correct',
      objectType: 'certificate',
      objectId: id,
      before,
      after: { ...after, reason: body.reason },
    });
    return { id, number: row.number, ...after };
  });
}
