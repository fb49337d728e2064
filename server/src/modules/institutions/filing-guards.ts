/**
 * What every step of the filing workflow (INST-2, INST-4) shares: loading an application the
 * actor may see, the check that the step may be taken now and by this actor, the departments'
 * names, and the timeline entry each step writes.
 */
import type { Kysely } from 'kysely';
import { departmentName } from './filing.rules.js';
import { can } from '../../../../contract/access.js';
import { FILING_TRANSITIONS, type ExpertReview, type FilingStep } from '../../../../contract/filing-workflow.js';
import type { Department } from '../../../../contract/institutions.js';
import type { DB } from '../../database/schema.js';
import type { Actor, Deps, RequestContext } from '../../lib/context.js';
import { AppError, notFoundOrDenied } from '../../lib/errors.js';
import { regionNames } from '../regions/regions.queries.js';
import { assertFilingStep, awaitingDepartment } from './filing.rules.js';
import * as q from './filings.queries.js';

/** "郑州市教育局", "河南省人社厅", "巩义市人社局" … */
export async function departmentLabel(
  db: Kysely<DB>,
  dept: Department | string | null,
  regionCode: string | null,
): Promise<string | null> {
  if (!dept || !regionCode) return null;
  const [r] = await regionNames(db, [regionCode]);
  return departmentName(dept, r?.name ?? regionCode);
}

/** The application if the actor may see it; otherwise not found (or denied, audited). */
export async function loadVisibleFiling(deps: Deps, ctx: RequestContext, db: Kysely<DB>, id: number) {
  const row = await q.getVisibleFiling(db, ctx.actor!, id);
  if (!row) {
    throw notFoundOrDenied(await q.filingExists(db, id), `备案申请 #${id} 不存在或不在您的管辖范围内`, {
      action: 'filing.access',
      objectType: 'filing',
      objectId: id,
    });
  }
  return row;
}
export type VisibleFiling = Awaited<ReturnType<typeof loadVisibleFiling>>;

function assertOwnInstitution(actor: Actor, institutionId: number) {
  // INST-4: an institution acts for itself only
  if (actor.institutionId !== institutionId)
    throw new AppError('DELEGATION_FORBIDDEN', '只能办理本机构的备案申请', { rule: 'INST-4' });
}

/**
 * The workflow table (contract/filing-workflow.ts) decides whether a step may be taken now and
 * by whom: the applying institution itself (INST-4), or the department the route names for the
 * current stage, in its region, and never the person who created or submitted it (INST-2).
 */
export async function assertStep(trx: Kysely<DB>, ctx: RequestContext, app: q.FilingRow, step: FilingStep) {
  const a = ctx.actor!;
  if (FILING_TRANSITIONS[step].by === 'applicant') assertOwnInstitution(a, app.institution_id);
  const t = assertFilingStep(app, step);
  if (t.by === 'applicant') return t;
  const exp = awaitingDepartment(app)!;
  if (!can(a.role, t.action) || a.role !== exp.dept || a.regionCode !== exp.region) {
    const who = await departmentLabel(trx, exp.dept, exp.region);
    throw new AppError(
      'FILING_WRONG_DEPARTMENT',
      `该申请当前应由${who}办理（INST-2 按院校类型和隶属关系确定办理部门）`,
      { rule: 'INST-2' },
    );
  }
  if (app.submitted_by === a.id || app.created_by === a.id) throw new AppError('SELF_APPROVAL_FORBIDDEN');
  return t;
}

/**
 * INST-2 经专家初审后推荐: the education department recommends only when the current round has at
 * least the required number of expert opinions and enough of them agree (contract/filing-workflow.ts
 * expertReview); the refusal counts the opinions, dissent included.
 */
export function assertExpertReviewPassed(r: ExpertReview) {
  const counted = `现有 ${r.total} 份（同意 ${r.agree} 份，不同意 ${r.disagree} 份）`;
  if (r.verdict === 'insufficient')
    throw new AppError(
      'EXPERT_OPINIONS_INSUFFICIENT',
      `推荐前须经专家初审：需至少 ${r.required} 份专家意见，${counted}`,
      {
        rule: 'INST-2',
      },
    );
  if (r.verdict === 'disagree')
    throw new AppError(
      'EXPERTS_DISAGREE',
      `专家初审未通过：须至少 ${r.required} 份同意且同意多于不同意，${counted}，不能推荐`,
      { rule: 'INST-2' },
    );
}

/** One entry of the application's timeline: the step, who took it for which department, and why. */
export async function recordFilingStep(
  trx: Kysely<DB>,
  deps: Deps,
  ctx: RequestContext,
  applicationId: number,
  action: string,
  reason: string | null,
  detail?: unknown,
  department?: string | null,
) {
  const a = ctx.actor!;
  await q.insertStep(trx, {
    application_id: applicationId,
    action,
    actor_id: a.id,
    actor_name: a.displayName,
    actor_role: a.role,
    department:
      department ??
      (a.regionCode ? ((await departmentLabel(trx, a.role, a.regionCode)) ?? a.scopeLabel) : a.scopeLabel),
    reason,
    detail_json: detail === undefined ? null : JSON.stringify(detail),
    at: deps.clock.now().toISOString(),
  });
}
