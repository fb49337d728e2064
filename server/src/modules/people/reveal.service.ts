/**
 * Showing a full ID number (查看完整证件号码, issue 11): every view masks it; the full number is
 * shown only on an explicit request with its reason, by a role the access table allows
 * (`person.reveal_id`), for a record the actor may see. The module that owns the record (a
 * certificate, a candidate, a staff member, a graduate) reads it in the actor's scope — another
 * scope's record answers 404, audited as denied — and hands the sealed number here, where it is
 * opened, audited (who, whose, through which record, why) and counted against the actor's hourly
 * limit. Exports that must carry full numbers record their purpose the same way (`recordIdExport`).
 */
import { can } from '../../../../contract/access.js';
import {
  ID_REVEAL_SHOW_SECONDS,
  ID_REVEALS_PER_HOUR,
  PERSONAL_DATA_REASON_MIN_LENGTH,
} from '../../../../contract/limits.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { personalData, type IdNumberColumn } from '../../lib/personal-data.js';
import { countActorActionSince } from '../audit/audit.queries.js';
import { recordAuditNow } from '../audit/audit.service.js';

export const REVEAL_ACTION = 'person.reveal_id';
export const EXPORT_ACTION = 'person.export_ids';

/** The record a number is revealed through, as the owning module read it in the actor's scope. */
export interface RevealTarget {
  /** the person (learners.id) */
  learnerId: number;
  idType: string;
  /** the sealed number and the column it was sealed for */
  enc: string;
  column: IdNumberColumn;
  /** what the number was shown through, e.g. `certificate` and its id */
  via: 'certificate' | 'registration' | 'staff' | 'graduate';
  recordId: number;
}

function assertMayReveal(ctx: RequestContext, what: string) {
  if (!can(ctx.actor!.role, 'person.reveal_id'))
    throw new AppError('FORBIDDEN_ROLE', `您的角色不能${what}：证件号码默认脱敏显示`);
}

/** The reason or purpose as kept: trimmed, a few characters at least. */
function stated(text: string, field: string, what: string): string {
  const t = text.trim();
  if ([...t].length < PERSONAL_DATA_REASON_MIN_LENGTH)
    throw new AppError('VALIDATION_FAILED', `请写明${what}（至少 ${PERSONAL_DATA_REASON_MIN_LENGTH} 个字）`, {
      details: [{ field, message: `至少 ${PERSONAL_DATA_REASON_MIN_LENGTH} 个字` }],
    });
  return t;
}

async function assertUnderHourlyLimit(deps: Deps, ctx: RequestContext) {
  const since = new Date(deps.clock.now().getTime() - 3600_000).toISOString();
  const n = await countActorActionSince(deps.db, ctx.actor!.id, REVEAL_ACTION, since);
  if (n >= ID_REVEALS_PER_HOUR)
    throw new AppError(
      'RATE_LIMITED',
      `一小时内最多查看 ${ID_REVEALS_PER_HOUR} 个完整证件号码，请稍后再试；批量需要请导出并写明用途`,
    );
}

/** Opens the number for the actor, after the role, the reason and the hourly limit; audited. */
export async function revealIdNumber(deps: Deps, ctx: RequestContext, t: RevealTarget, reason: string) {
  assertMayReveal(ctx, '查看完整证件号码');
  const why = stated(reason, '/reason', '查看完整证件号码的理由');
  await assertUnderHourlyLimit(deps, ctx);
  const idNumber = personalData(deps.config).openIdNumber(t.column, t.enc);
  await recordAuditNow(deps, ctx, {
    action: REVEAL_ACTION,
    objectType: 'learner',
    objectId: t.learnerId,
    after: { via: t.via, recordId: t.recordId, reason: why },
    detail: `${t.via} #${t.recordId}：${why}`,
  });
  return { idType: t.idType, idNumber, showSeconds: ID_REVEAL_SHOW_SECONDS };
}

/**
 * An export with full numbers: allowed to the roles that may reveal, with its purpose recorded
 * before the file is built. Returns whether full numbers go into the file (a purpose was given).
 */
export async function recordIdExport(
  deps: Deps,
  ctx: RequestContext,
  e: { what: string; purpose: string | undefined; rows: number; filter?: unknown },
): Promise<boolean> {
  if (e.purpose === undefined) return false;
  assertMayReveal(ctx, '导出完整证件号码');
  const purpose = stated(e.purpose, 'querystring:/purpose', '导出完整证件号码的用途');
  await recordAuditNow(deps, ctx, {
    action: EXPORT_ACTION,
    objectType: e.what,
    after: { purpose, rows: e.rows, filter: e.filter ?? null },
    detail: `${e.what}（${e.rows} 行）：${purpose}`,
  });
  return true;
}
