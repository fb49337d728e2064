/** A holder's photo for the certificate: a JPEG or PNG up to 2 MB, checked by content. */
import type { Transaction } from 'kysely';
import type { DB } from '../../database/schema.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { putBlob } from '../files/files.queries.js';
import { sniffMime } from '../files/sniff.js';
import { learnerIdOfUser, setLearnerPhotoSha } from './learners.queries.js';

export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;

/** Refuses anything but a JPEG or PNG of at most 2 MB; returns its type. */
export function checkPhoto(data: Buffer, truncated: boolean): 'image/jpeg' | 'image/png' {
  if (truncated || data.length > PHOTO_MAX_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', '照片不能超过 2 MB');
  const mime = sniffMime(data);
  if (mime !== 'image/jpeg' && mime !== 'image/png')
    throw new AppError('EVIDENCE_TYPE_REFUSED', '照片须为 JPEG 或 PNG 图片');
  return mime;
}

/**
 * Stores the photo and links it to the learner, audited, inside `trx`. The caller has decided who
 * the learner is and that the actor may set their photo.
 */
export async function storeLearnerPhoto(
  trx: Transaction<DB>,
  deps: Deps,
  ctx: RequestContext,
  learnerId: number,
  data: Buffer,
  mime: string,
) {
  const sha256 = await putBlob(trx, data);
  await setLearnerPhotoSha(trx, learnerId, sha256, deps.clock.now().toISOString());
  await recordAudit(trx, deps, ctx, {
    action: 'learner.photo',
    objectType: 'learner',
    objectId: learnerId,
    after: { sha256, size: data.length, mime },
  });
  return { learnerId, size: data.length, mime };
}

/** A learner sets their own photo. */
export async function setOwnPhoto(deps: Deps, ctx: RequestContext, data: Buffer, truncated: boolean) {
  const mime = checkPhoto(data, truncated);
  return deps.db.transaction().execute(async (trx) => {
    const learnerId = await learnerIdOfUser(trx, ctx.actor!.id);
    if (!learnerId) throw new AppError('LEARNER_NOT_FOUND', '您的账号尚未关联考生信息');
    return storeLearnerPhoto(trx, deps, ctx, learnerId, data, mime);
  });
}
