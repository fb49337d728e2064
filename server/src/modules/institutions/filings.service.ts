/**
 * 备案申请 — the filing workflow (INST-2, INST-3, INST-4, INST-7), reading: the list, the work
 * queue (待办) and one application's detail (scopes, the INST-3 checklist, the route, the timeline).
 * The steps are in filing-drafts.service.ts (the applicant's) and filing-decisions.service.ts
 * (the departments'); what they share is in filing-guards.ts.
 */
import type { Kysely } from 'kysely';
import { expertReview } from '../../../../contract/filing-workflow.js';
import { APPLICATION_STATUSES } from '../../../../contract/institutions.js';
import { MIN_EXPERT_OPINIONS } from '../../../../contract/limits.js';
import type { DB } from '../../database/schema.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { prerequisitesFor } from './filing-checks.js';
import { departmentLabel, loadVisibleFiling, type VisibleFiling } from './filing-guards.js';
import { awaitingDepartment, filingHandling } from './filing.rules.js';
import { businessDate } from '../../lib/dates.js';
import type { CalendarOverrides } from '../../lib/workdays.js';
import { calendarOverrides } from '../regions/calendar.queries.js';
import * as q from './filings.queries.js';

/** What a summary's handling time is judged on: today in China and the working-day calendar. */
async function handlingClock(deps: Deps, db: Kysely<DB>): Promise<HandlingClock> {
  return {
    today: businessDate(deps.clock.now(), deps.config.businessTimeZone),
    timeZone: deps.config.businessTimeZone,
    overrides: await calendarOverrides(db),
  };
}
interface HandlingClock {
  today: string;
  timeZone: string;
  overrides: CalendarOverrides;
}

async function detailOf(deps: Deps, db: Kysely<DB>, app: VisibleFiling) {
  const [scopes, steps, reviewBy, fileBy, clock] = await Promise.all([
    q.filingScopes(db, app.id),
    q.filingSteps(db, app.id),
    departmentLabel(db, app.review_department, app.review_region_code),
    departmentLabel(db, app.filing_department, app.filing_region_code),
    handlingClock(deps, db),
  ]);
  const prerequisites = await prerequisitesFor(db, app.institution_id, [
    ...new Set(scopes.map((s) => s.occupation_id)),
  ]);
  const exp = awaitingDepartment(app);
  const timeline = steps.map((s) => ({
    action: s.action,
    actorName: s.actor_name,
    actorRole: s.actor_role,
    department: s.department,
    reason: s.reason,
    detail: s.detail_json ? JSON.parse(s.detail_json) : null,
    at: s.at,
  }));
  return {
    ...summaryOf(app, clock),
    note: app.note,
    route: { reviewDepartment: app.review_department, reviewBy, filingDepartment: app.filing_department, fileBy },
    awaiting: exp ? await departmentLabel(db, exp.dept, exp.region) : null,
    scopes: scopes.map((s) => ({
      occupationId: s.occupation_id,
      occupationCode: s.occupation_code,
      occupationName: s.occupation_name,
      level: s.level,
      specId: s.spec_id,
      hasNationalStandard: s.has_national_standard === 1,
    })),
    prerequisites: prerequisites.map((c) => ({ item: c.item, label: c.label, ok: c.ok, missing: c.missing })),
    expertReview: expertReview(timeline, MIN_EXPERT_OPINIONS),
    timeline,
  };
}

function summaryOf(
  a: Pick<
    VisibleFiling,
    | 'id'
    | 'institution_id'
    | 'institution_name'
    | 'kind'
    | 'status'
    | 'stage'
    | 'submitted_at'
    | 'decided_at'
    | 'created_at'
    | 'updated_at'
    | 'review_department'
    | 'review_region_code'
    | 'filing_department'
    | 'filing_region_code'
  > & { reached_at: string | null },
  clock: HandlingClock,
) {
  return {
    id: a.id,
    institutionId: a.institution_id,
    institutionName: a.institution_name,
    kind: a.kind,
    status: a.status,
    statusLabel: APPLICATION_STATUSES[a.status],
    stage: a.stage,
    submittedAt: a.submitted_at,
    decidedAt: a.decided_at,
    createdAt: a.created_at,
    updatedAt: a.updated_at,
    handling: filingHandling(a, a.reached_at, clock.today, clock.timeZone, clock.overrides),
  };
}

export async function getFilingDetail(deps: Deps, ctx: RequestContext, id: number) {
  return detailOf(deps, deps.db, await loadVisibleFiling(deps, ctx, deps.db, id));
}

/** The detail as it stands after a step, read inside the step's transaction. */
export async function filingDetailIn(deps: Deps, trx: Kysely<DB>, ctx: RequestContext, id: number) {
  return detailOf(deps, trx, (await q.getVisibleFiling(trx, ctx.actor!, id))!);
}

export async function listFilings(
  deps: Deps,
  ctx: RequestContext,
  f: { status?: string; institutionId?: number; q?: string; page?: number; pageSize?: number },
) {
  const page = f.page ?? 1;
  const pageSize = f.pageSize ?? 20;
  const [{ items, total }, clock] = await Promise.all([
    q.listFilings(deps.db, ctx.actor!, f, page, pageSize),
    handlingClock(deps, deps.db),
  ]);
  return { items: items.map((a) => summaryOf(a, clock)), total, page, pageSize };
}

export async function filingQueue(deps: Deps, ctx: RequestContext) {
  const [items, clock] = await Promise.all([q.queueFor(deps.db, ctx.actor!), handlingClock(deps, deps.db)]);
  return { items: items.map((a) => summaryOf(a, clock)), total: items.length };
}
