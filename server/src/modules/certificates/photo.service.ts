/** A holder's photo for the certificate: a JPEG or PNG up to 2 MB, checked by content. */
import { createHash } from 'node:crypto';
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { sniffMime } from '../institutions/evidence.service.js';

export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;

export async function setPhoto(
  deps: Deps,
  ctx: RequestContext,
  target: { learnerId?: number; registrationId?: number },
  data: Buffer,
  truncated: boolean,
) {
  if (truncated || data.length > PHOTO_MAX_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', '照片不能超过 2 MB');
  const mime = sniffMime(data);
  if (mime !== 'image/jpeg' && mime !== 'image/png')
    throw new AppError('EVIDENCE_TYPE_REFUSED', '照片须为 JPEG 或 PNG 图片');
  return deps.db.transaction().execute(async (trx) => {
    let learnerId: number;
    if (target.registrationId) {
      // an institution sets the photo of a candidate registered in one of its own plans
      const r = await trx
        .selectFrom('registrations as r')
        .innerJoin('evaluation_plans as p', 'p.id', 'r.plan_id')
        .select(['r.learner_id', 'p.institution_id'])
        .where('r.id', '=', target.registrationId)
        .executeTakeFirst();
      if (!r || r.institution_id !== ctx.actor!.institutionId)
        throw new AppError('NOT_FOUND', `报名 #${target.registrationId} 不存在`);
      learnerId = r.learner_id;
    } else {
      const l = await trx.selectFrom('learners').select('id').where('user_id', '=', ctx.actor!.id).executeTakeFirst();
      if (!l) throw new AppError('LEARNER_NOT_FOUND', '您的账号尚未关联考生信息');
      learnerId = l.id;
    }
    const sha256 = createHash('sha256').update(data).digest('hex');
    await trx
      .insertInto('evidence_blobs')
      .values({ sha256, content: data, size: data.length })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute();
    await trx
      .updateTable('learners')
      .set({ photo_sha256: sha256, updated_at: deps.clock.now().toISOString() })
      .where('id', '=', learnerId)
      .execute();
    await recordAudit(trx, deps, ctx, {
      action: 'learner.photo',
      objectType: 'learner',
      objectId: learnerId,
      after: { sha256, size: data.length, mime },
    });
    return { learnerId, size: data.length, mime };
  });
}
