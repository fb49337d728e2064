/**
 * The province's training settings per occupation: what the seeds leave to the occupation — its own
 * hour rule for completion-only training (TRAIN-3 “有明确学时规定的除外”), a certificate other than the
 * skill-level one that training in it leads to (国家职业资格证书, 特种作业操作证, 专项职业能力证书), and
 * the offline practical hours online training in it needs (TRAIN-11, 附件3).
 */
import type { Kysely } from 'kysely';
import type { OccupationSettingBody } from '../../../../contract/api-training.js';
import type { DB } from '../../database/schema.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { getOccupation } from '../occupations/occupations.queries.js';
import * as q from './settings.queries.js';

type SettingRow = NonNullable<Awaited<ReturnType<typeof q.settingOf>>>;
const view = (r: SettingRow) => ({
  occupationId: r.occupation_id,
  occupationCode: r.occupation_code,
  occupationName: r.occupation_name,
  minHours: r.min_hours,
  otherCertificate: r.other_certificate,
  offlinePracticalHours: r.offline_practical_hours,
  updatedAt: r.updated_at,
  updatedByName: r.updated_by_name,
});

export async function listSettings(deps: Deps) {
  return (await q.listSettings(deps.db)).map(view);
}

/** The occupation's settings, or none (the defaults of the seeds apply). */
export const occupationSetting = (db: Kysely<DB>, occupationId: number) => q.settingOf(db, occupationId);

export async function putSetting(deps: Deps, ctx: RequestContext, occupationId: number, body: OccupationSettingBody) {
  return deps.db.transaction().execute(async (trx) => {
    if (!(await getOccupation(trx, occupationId))) throw new AppError('OCCUPATION_NOT_FOUND');
    const before = await q.settingOf(trx, occupationId);
    await q.upsertSetting(trx, {
      occupation_id: occupationId,
      min_hours: body.minHours,
      other_certificate: body.otherCertificate,
      offline_practical_hours: body.offlinePracticalHours,
      updated_by: ctx.actor!.id,
      updated_by_name: ctx.actor!.displayName,
      updated_at: deps.clock.now().toISOString(),
    });
    const after = view((await q.settingOf(trx, occupationId))!);
    await recordAudit(trx, deps, ctx, {
      action: 'training.setting.update',
      objectType: 'occupation',
      objectId: occupationId,
      before: before ? view(before) : null,
      after,
    });
    return after;
  });
}
