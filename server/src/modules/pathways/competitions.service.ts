/**
 * CERT-5 competitions. The organiser proposes a competition with its contest date and award rules;
 * the HRSS department that filed the organiser (or its superior, as in INST-5) approves or rejects
 * it, with a reason, before the contest; rules beyond the province's cap for the contest tier are
 * refused at submission and at approval. Results count only once approved and held: awards by
 * rank, with the 中职 cap (CERT-2) and one competition promotion per person per year.
 */
import type { Kysely } from 'kysely';
import { can } from '../../../../contract/access.js';
import {
  COMPETITION_STATUSES,
  COMPETITION_TRANSITIONS,
  competitionStepOpen,
  type AwardRule,
  type CompetitionBody,
  type CompetitionStatus,
  type CompetitionStep,
  type CompetitionTier,
} from '../../../../contract/api-pathways.js';
import { REASON_MIN_LENGTH } from '../../../../contract/limits.js';
import type { DB } from '../../database/schema.js';
import type { Actor, Deps, RequestContext } from '../../lib/context.js';
import { businessDate, businessDay, businessYear } from '../../lib/dates.js';
import { AppError, notFoundOrDenied } from '../../lib/errors.js';
import { studentSituation } from '../assessment/eligibility.js';
import { recordAudit } from '../audit/audit.service.js';
import { filingAuthorityOver } from '../institutions/management.service.js';
import { findOrCreateLearner, learnerSituation, type IdentityInput } from '../people/learners.service.js';
import {
  levelWithinSecondaryVocationalCap,
  malformedRules,
  placesCovered,
  rulesOverCap,
  type TierCapRule,
} from './competition.rules.js';
import * as cq from './competitions.queries.js';
import type { CompetitionRow } from './competitions.queries.js';
import * as q from './pathways.queries.js';
import { competitionLevel } from './pathways.rules.js';
import { recordPathway, situationSource } from './pathways.service.js';

const TIER_NAME: Record<CompetitionTier, string> = {
  national: '国家级',
  province: '省级',
  city_first: '市级一类',
  city: '市级',
  school: '校级',
};
const today = (deps: Deps) => businessDate(deps.clock.now(), deps.config.businessTimeZone);
const rulesOf = (c: { rules_json: string }) => JSON.parse(c.rules_json) as AwardRule[];

/** Each rule names exactly one of a rank cut-off and a top share. */
function checkRules(rules: AwardRule[]) {
  const bad = malformedRules(rules);
  if (bad.length)
    throw new AppError('VALIDATION_FAILED', '每条取证规则须且只能设定“前 N 名”或“前 N%”之一', {
      details: bad.map((i) => ({ field: `/rules/${i}`, message: '须且只能设定名次或比例之一' })),
    });
}

async function capOf(db: Kysely<DB>, tier: CompetitionTier): Promise<TierCapRule> {
  const cap = await cq.tierCap(db, tier);
  if (!cap)
    throw new AppError('COMPETITION_RULE_EXCEEDS_CAP', `省级尚未设定${TIER_NAME[tier]}竞赛的取证上限`, {
      rule: 'CERT-5',
    });
  return { maxRank: cap.max_rank, maxPercent: cap.max_percent, maxLevel: cap.max_level };
}

/** CERT-5: refuses rules beyond the province's cap for the contest tier now in force. */
async function assertWithinCap(db: Kysely<DB>, c: { tier: CompetitionTier; participants: number; rules_json: string }) {
  const over = rulesOverCap(rulesOf(c), c.participants, await capOf(db, c.tier));
  if (over.length)
    throw new AppError('COMPETITION_RULE_EXCEEDS_CAP', over.map((o) => o.message).join('；'), {
      rule: 'CERT-5',
      details: over.map((o) => ({ field: `/rules/${o.index}`, message: o.message })),
    });
}

/** CERT-5: award rules are approved before the contest; submitting or approving on or after its date is too late. */
function assertBeforeContest(contestDate: string | null, on: string, verb: string) {
  if (!contestDate)
    throw new AppError('VALIDATION_FAILED', '须先填写比赛日期', {
      rule: 'CERT-5',
      details: [{ field: '/contestDate', message: '须填写比赛日期' }],
    });
  if (on >= contestDate)
    throw new AppError(
      'COMPETITION_APPROVAL_TOO_LATE',
      `比赛日期为 ${contestDate}，取证规则须在比赛日期之前${verb}（今天是 ${on}）`,
      { rule: 'CERT-5' },
    );
}

function assertStep(c: { status: CompetitionStatus }, step: CompetitionStep) {
  if (!competitionStepOpen(c.status, step))
    throw new AppError(
      'INVALID_TRANSITION',
      `竞赛当前状态为“${COMPETITION_STATUSES[c.status]}”，不能${COMPETITION_TRANSITIONS[step].label}`,
      { rule: 'CERT-5' },
    );
}

async function loadVisible(db: Kysely<DB>, actor: Actor, id: number, action: string): Promise<CompetitionRow> {
  const c = await cq.visibleCompetitions(db, actor).where('c.id', '=', id).executeTakeFirst();
  if (!c)
    throw notFoundOrDenied(await cq.competitionExists(db, id), `竞赛 #${id} 不存在或不在您的管辖范围内`, {
      action,
      objectType: 'competition',
      objectId: id,
    });
  return c;
}

const authorityInput = (c: CompetitionRow) => ({
  id: c.institution_id,
  kind: c.kind,
  school_type: c.school_type,
  owner: c.owner,
  region_path: c.region_path,
});

function view(
  actor: Actor,
  c: CompetitionRow,
  authority: { filedBy: string; ok: boolean } | undefined,
  cap: TierCapRule | undefined,
) {
  const rules = rulesOf(c);
  return {
    id: c.id,
    institutionId: c.institution_id,
    institutionName: c.institution_name,
    name: c.name,
    tier: c.tier,
    year: c.year,
    contestDate: c.contest_date,
    occupationId: c.occupation_id,
    occupationName: c.occupation_name,
    participants: c.participants,
    rules,
    status: c.status,
    submittedAt: c.submitted_at,
    decidedAt: c.decided_at,
    decidedByName: c.decided_by_name,
    decisionReason: c.decision_reason,
    filedBy: authority?.filedBy ?? '',
    mayDecide: c.status === 'submitted' && can(actor.role, 'competition.decide') && !!authority?.ok,
    places: placesCovered(rules, c.participants),
    awarded: Number(c.awarded ?? 0),
    overCap: cap ? rulesOverCap(rules, c.participants, cap).map((o) => o.message) : [],
  };
}
export type CompetitionView = ReturnType<typeof view>;

/** The competitions the caller sees, each with who approves it and whether the caller may. */
export async function listCompetitions(deps: Deps, ctx: RequestContext, query: { status?: CompetitionStatus } = {}) {
  const actor = ctx.actor!;
  let qb = cq.visibleCompetitions(deps.db, actor);
  if (query.status) qb = qb.where('c.status', '=', query.status);
  const rows = await qb.orderBy('c.id', 'desc').limit(500).execute();
  return views(deps.db, actor, rows);
}

async function views(db: Kysely<DB>, actor: Actor, rows: CompetitionRow[]) {
  const inputs = [...new Map(rows.map((r) => [r.institution_id, authorityInput(r)])).values()];
  const authorities = await filingAuthorityOver(db, actor, inputs);
  const caps = new Map(
    (await cq.tierCaps(db)).map((c) => [
      c.tier,
      { maxRank: c.max_rank, maxPercent: c.max_percent, maxLevel: c.max_level } as TierCapRule,
    ]),
  );
  return rows.map((r) => view(actor, r, authorities.get(r.institution_id), caps.get(r.tier)));
}

async function viewOne(db: Kysely<DB>, actor: Actor, id: number) {
  const c = await cq.visibleCompetitions(db, actor).where('c.id', '=', id).executeTakeFirstOrThrow();
  return (await views(db, actor, [c]))[0];
}

const fields = (body: CompetitionBody) => ({
  name: body.name.trim(),
  tier: body.tier,
  contest_date: body.contestDate,
  year: Number(body.contestDate.slice(0, 4)),
  occupation_id: body.occupationId,
  participants: body.participants,
  rules_json: JSON.stringify(body.rules),
});

/** The organiser proposes a competition and its award rules (not yet submitted for approval). */
export async function createCompetition(deps: Deps, ctx: RequestContext, body: CompetitionBody) {
  checkRules(body.rules);
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now().toISOString();
    const id = await cq.insertCompetition(trx, {
      institution_id: ctx.actor!.institutionId!,
      ...fields(body),
      status: 'proposed',
      created_by: ctx.actor!.id,
      created_at: now,
      updated_at: now,
    });
    await recordAudit(trx, deps, ctx, {
      action: 'competition.create',
      objectType: 'competition',
      objectId: id,
      after: body,
    });
    return viewOne(trx, ctx.actor!, id);
  });
}

/** The organiser revises a proposal not yet submitted, or one rejected (it becomes a proposal again). */
export async function reviseCompetition(deps: Deps, ctx: RequestContext, id: number, body: CompetitionBody) {
  checkRules(body.rules);
  return deps.db.transaction().execute(async (trx) => {
    const c = await loadVisible(trx, ctx.actor!, id, 'competition.revise');
    assertStep(c, 'revise');
    await cq.updateCompetition(trx, id, {
      ...fields(body),
      status: COMPETITION_TRANSITIONS.revise.to,
      updated_at: deps.clock.now().toISOString(),
    });
    await recordAudit(trx, deps, ctx, {
      action: 'competition.revise',
      objectType: 'competition',
      objectId: id,
      before: {
        name: c.name,
        tier: c.tier,
        contestDate: c.contest_date,
        occupationId: c.occupation_id,
        participants: c.participants,
        rules: rulesOf(c),
        status: c.status,
      },
      after: body,
    });
    return viewOne(trx, ctx.actor!, id);
  });
}

/** The organiser submits the proposal for approval: before the contest, within the tier's cap. */
export async function submitCompetition(deps: Deps, ctx: RequestContext, id: number) {
  return deps.db.transaction().execute(async (trx) => {
    const c = await loadVisible(trx, ctx.actor!, id, 'competition.submit');
    assertStep(c, 'submit');
    assertBeforeContest(c.contest_date, today(deps), '提交并获批准');
    await assertWithinCap(trx, c);
    const now = deps.clock.now().toISOString();
    await cq.updateCompetition(trx, id, {
      status: COMPETITION_TRANSITIONS.submit.to,
      submitted_at: now,
      updated_at: now,
    });
    await recordAudit(trx, deps, ctx, {
      action: 'competition.submit',
      objectType: 'competition',
      objectId: id,
      before: { status: c.status },
      after: { status: 'submitted', contestDate: c.contest_date, rules: rulesOf(c) },
    });
    return viewOne(trx, ctx.actor!, id);
  });
}

/**
 * The HRSS that filed the organiser, or its superior, approves the award rules before the contest
 * (within the cap in force) or rejects them with a reason.
 */
export async function decideCompetition(
  deps: Deps,
  ctx: RequestContext,
  id: number,
  body: { decision: 'approve' | 'reject'; reason?: string | null },
) {
  return deps.db.transaction().execute(async (trx) => {
    const actor = ctx.actor!;
    const c = await loadVisible(trx, actor, id, `competition.${body.decision}`);
    const authority = (await filingAuthorityOver(trx, actor, [authorityInput(c)])).get(c.institution_id)!;
    if (!authority.ok)
      throw new AppError(
        'NOT_FILING_AUTHORITY',
        `${c.institution_name}由${authority.filedBy}备案，竞赛取证规则应由备案部门或其上级审批`,
        {
          rule: 'CERT-5',
          audit: {
            action: `competition.${body.decision}`,
            objectType: 'competition',
            objectId: id,
            detail: `not the filing authority (${authority.filedBy})`,
          },
        },
      );
    assertStep(c, body.decision);
    const reason = body.reason?.trim() || null;
    if (body.decision === 'reject' && (!reason || reason.length < REASON_MIN_LENGTH))
      throw new AppError('VALIDATION_FAILED', '不予批准须说明理由', {
        rule: 'CERT-5',
        details: [{ field: '/reason', message: '须填写理由' }],
      });
    if (body.decision === 'approve') {
      assertBeforeContest(c.contest_date, today(deps), '批准');
      await assertWithinCap(trx, c);
    }
    const to = COMPETITION_TRANSITIONS[body.decision].to;
    const now = deps.clock.now().toISOString();
    await cq.updateCompetition(trx, id, {
      status: to,
      decided_by: actor.id,
      decided_by_name: actor.displayName,
      decided_at: now,
      decision_reason: reason,
      updated_at: now,
    });
    await recordAudit(trx, deps, ctx, {
      action: `competition.${body.decision}`,
      objectType: 'competition',
      objectId: id,
      before: { status: c.status },
      after: { status: to, reason, contestDate: c.contest_date, rules: rulesOf(c) },
    });
    return viewOne(trx, actor, id);
  });
}

/**
 * An award by rank: only in a competition approved before its contest and held; the level its
 * approved rules give the rank, within the 中职 cap (CERT-2); an award per covered place at most;
 * one competition promotion per person per year.
 */
export async function awardCompetition(
  deps: Deps,
  ctx: RequestContext,
  competitionId: number,
  body: IdentityInput & { rank: number; outstandingGraduate?: boolean },
) {
  return deps.db.transaction().execute(async (trx) => {
    const c = await loadVisible(trx, ctx.actor!, competitionId, 'competition.award');
    if (c.status !== 'approved')
      throw new AppError(
        'COMPETITION_NOT_APPROVED',
        `竞赛“${c.name}”的取证规则${c.status === 'submitted' ? '尚在审批中' : '未经批准'}：须经备案该机构的人社部门在赛前批准，成绩才能认定等级`,
        { rule: 'CERT-5' },
      );
    const on = today(deps);
    if (c.contest_date && on < c.contest_date)
      throw new AppError('COMPETITION_NOT_HELD', `比赛日期为 ${c.contest_date}，比赛举行后才能认定获奖`, {
        rule: 'CERT-5',
      });
    if (body.rank < 1 || body.rank > c.participants)
      throw new AppError('VALIDATION_FAILED', `名次须在 1–${c.participants} 之间`, {
        details: [{ field: '/rank', message: '名次超出参赛人数' }],
      });
    const rules = rulesOf(c);
    const ruleLevel = competitionLevel(rules, body.rank, c.participants);
    if (ruleLevel === null)
      throw new AppError(
        'PATHWAY_NOT_APPLICABLE',
        `第 ${body.rank} 名（共 ${c.participants} 人）未达到本竞赛的取证规则`,
        { rule: 'CERT-5' },
      );
    const places = placesCovered(rules, c.participants);
    if (Number(c.awarded ?? 0) >= places)
      throw new AppError('CONFLICT', `本竞赛的取证规则覆盖前 ${places} 名，已认定 ${places} 人，不能再认定`, {
        rule: 'CERT-5',
      });
    const now = deps.clock.now();
    const learner = await findOrCreateLearner(trx, deps, ctx, body, await situationSource(trx, ctx, 'competition'));
    const already = await q.recordOfYear(
      trx,
      learner.id,
      'competition',
      businessYear(now, deps.config.businessTimeZone),
    );
    if (already)
      throw new AppError('ONE_PROMOTION_PER_YEAR', `${learner.name} 本年度已通过竞赛晋升过一次`, { rule: 'CERT-5' });
    // CERT-2: the 中职 cap binds the level a competition grants as it binds the exam
    const day = businessDay(now, deps.config.businessTimeZone);
    const { level, capped } = levelWithinSecondaryVocationalCap(
      ruleLevel,
      studentSituation(await learnerSituation(trx, learner.id), day),
      !!body.outstandingGraduate,
      day,
    );
    return recordPathway(trx, deps, ctx, {
      pathway: 'competition',
      learner_id: learner.id,
      occupation_id: c.occupation_id,
      level,
      source_type: 'competition',
      source_id: c.id,
      evidence_json: JSON.stringify({
        competition: c.name,
        tier: c.tier,
        contestDate: c.contest_date,
        rank: body.rank,
        participants: c.participants,
        ruleLevel,
        approvedBy: c.decided_by_name,
        approvedAt: c.decided_at,
        ...(capped ? { secondaryVocationalCap: capped } : {}),
      }),
    });
  });
}
