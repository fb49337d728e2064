/** Finding a catalogue entry as the caller may see it, and the business date: shared by the training services. */
import type { Kysely } from 'kysely';
import type { DB } from '../../database/schema.js';
import type { Actor, Deps } from '../../lib/context.js';
import { businessDate } from '../../lib/dates.js';
import { AppError, notFoundOrDenied } from '../../lib/errors.js';
import * as q from './providers.queries.js';

/** Today's business date (China Standard Time), yyyy-mm-dd. */
export const todayOf = (deps: Deps) => businessDate(deps.clock.now(), deps.config.businessTimeZone);

/** A catalogue entry the caller may see (else 404, audited as a denial when it exists). */
export async function loadVisibleProvider(db: Kysely<DB>, actor: Actor, id: number, action = 'training.provider.read') {
  const row = await q.visibleProvider(db, actor, id);
  if (!row)
    throw notFoundOrDenied(await q.providerById(db, id), `培训机构 #${id} 不存在或不在您的管辖范围内`, {
      action,
      objectType: 'training_provider',
      objectId: id,
    });
  return row;
}

/** The caller's own catalogue entry (an institution's administrator), or a refusal saying it is not listed. */
export async function ownProvider(db: Kysely<DB>, actor: Actor) {
  const row = actor.institutionId ? await q.providerOfInstitution(db, actor.institutionId) : undefined;
  if (!row) throw new AppError('PROVIDER_NOT_LISTED', '本机构尚未纳入培训机构目录清单，请向所在地人社部门申请纳入');
  return row;
}
