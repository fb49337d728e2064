/**
 * Registration (报名) for an evaluation plan: one candidate at a time with the automatic
 * eligibility check (CERT-2), a manual decision with its reason where the check cannot decide,
 * the candidate's photo, and a learner's own list of applications.
 */
import type { Transaction } from 'kysely';
import type { DB, RegistrationTable } from '../../database/schema.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { businessDay } from '../../lib/dates.js';
import { AppError } from '../../lib/errors.js';
import { checkResidentId, identityNotes } from '../../lib/identity.js';
import { recordAudit } from '../audit/audit.service.js';
import { identifyLearner, learnerSituation, recordLearner, type SituationVia } from '../people/learners.service.js';
import { parseSnapshot, snapshotOf, sourceOf } from './registration-situation.service.js';
import { assertInPopulation } from '../institutions/certify-guard.js';
import { checkPhoto, storeLearnerPhoto } from '../people/photo.service.js';
import { revealIdNumber } from '../people/reveal.service.js';
import { judgeCandidate, secondaryVocationalCap, studentSituation } from './eligibility.js';
import {
  loadOwnPlan,
  planOfRegistration,
  planStandard,
  assertOwnPlan,
  assertPlanAllows,
  resultsArePublic,
} from './plan-guards.js';
import type { PlanRow } from './plans.queries.js';
import * as q from './registrations.queries.js';
import { currentScores, type CurrentScores } from './scores.queries.js';
import type { Standard } from './standards.service.js';
import type { CandidateBody } from '../../../../contract/api-assessment.js';

/** A candidate as entered one by one or read from a roster row. */
export type CandidateInput = CandidateBody;

/**
 * Registers one candidate inside the caller's transaction; throws AppError with the reason. The
 * person's situation this registration states is applied first (or kept as their school recorded
 * it), and the fee (CERT-10) and the 中职 cap (CERT-2) are judged on the situation as it then is,
 * which the registration keeps.
 */
export async function registerCandidate(
  trx: Transaction<DB>,
  deps: Deps,
  ctx: RequestContext,
  plan: PlanRow,
  std: Standard,
  c: CandidateInput,
  via: SituationVia = 'registration',
) {
  const today = deps.clock.now();
  const person = await identifyLearner(trx, deps, c);
  // someone already in the plan is refused before anything about them is written
  if (person.existing && (await q.isRegistered(trx, plan.id, person.existing.id)))
    throw new AppError('ALREADY_REGISTERED', `${person.name} 已报名本计划`);
  const { learner, situation, note } = await recordLearner(trx, deps, ctx, person, c, sourceOf(plan, via));
  const nowIso = today.toISOString();
  // ages, years and eligibility are judged on today's date in China Standard Time
  const on = businessDay(today, deps.config.businessTimeZone);
  // INST-1: a 院校类 institution examines its own students (in school or graduating) and staff
  await assertInPopulation(trx, plan.institution_id, learner, 'enter', on);
  const held = await q.heldCertificates(trx, plan.id, learner.id);
  const { facts, cap, result } = judgeCandidate(
    std.eligibility,
    plan.level,
    { birthDate: learner.birth_date, situation },
    held.map((h) => ({ level: h.level, issuedOn: h.issued_on })),
    c,
    on,
  );
  const status: RegistrationTable['status'] = cap ? 'ineligible' : result.eligible ? 'eligible' : 'pending';
  const reason = cap ?? (result.eligible ? `符合：${result.route}` : '未满足自动审核条件，待人工审核');
  const fee = situation.inSchool ? 0 : plan.fee; // CERT-10: on the situation as it is now
  const id = await q.insertRegistration(trx, {
    plan_id: plan.id,
    learner_id: learner.id,
    status,
    eligibility_json: JSON.stringify({ ...result, cap }),
    years_in_occupation: facts.yearsInOccupation,
    working_in_occupation: facts.workingInOccupation ? 1 : 0,
    title: c.title ?? null,
    title_since: c.titleSince ?? null,
    outstanding_graduate: c.outstandingGraduate ? 1 : 0,
    decision: 'auto',
    decision_reason: reason,
    decided_by: null,
    decided_at: nowIso,
    fee,
    result: null,
    certificate_id: null,
    created_at: nowIso,
    situation_json: JSON.stringify(snapshotOf(situation, note)),
  });
  // registered by a concurrent request since the check above
  if (id === null) throw new AppError('ALREADY_REGISTERED', `${learner.name} 已报名本计划`);
  await q.insertDecision(trx, {
    registration_id: id,
    status,
    decision: 'auto',
    reason,
    decided_by: null,
    decided_by_name: '系统自动审核',
    at: nowIso,
  });
  // a valid number may still need a look (a historic area code): the answer says so, nothing is refused
  const notes = (c.idType ?? 'resident_id') === 'resident_id' ? identityNotes(checkResidentId(c.idNumber, today)) : [];
  return {
    id,
    learnerId: learner.id,
    name: learner.name,
    status,
    fee,
    ...(notes.length ? { identityNotes: notes } : {}),
    ...(note ? { situationNote: note } : {}),
  };
}

export async function register(deps: Deps, ctx: RequestContext, planId: number, c: CandidateInput) {
  return deps.db.transaction().execute(async (trx) => {
    const plan = await loadOwnPlan(ctx, trx, planId, 'register');
    const r = await registerCandidate(trx, deps, ctx, plan, await planStandard(trx, plan), c);
    await recordAudit(trx, deps, ctx, {
      action: 'registration.create',
      objectType: 'registration',
      objectId: r.id,
      after: {
        planId,
        learnerId: r.learnerId,
        status: r.status,
        fee: r.fee,
        identityNotes: r.identityNotes,
        situationNote: r.situationNote,
      },
    });
    return r;
  });
}

/** A manual eligibility decision, always with its reason; the history of decisions is kept. */
export async function decideRegistration(
  deps: Deps,
  ctx: RequestContext,
  registrationId: number,
  body: { eligible: boolean; reason: string },
) {
  return deps.db.transaction().execute(async (trx) => {
    const { reg, plan } = await planOfRegistration(ctx, trx, registrationId);
    assertOwnPlan(ctx, plan);
    assertPlanAllows(plan, 'decide');
    if (reg.status === 'withdrawn')
      throw new AppError('REGISTRATION_WITHDRAWN', '该报名已撤回，不能再审核', { rule: 'CERT-11' });
    const elig = reg.eligibility_json ? JSON.parse(reg.eligibility_json) : {};
    if (body.eligible) {
      // CERT-2: the cap is judged again on the person's situation on the day of registration (the
      // snapshot the registration kept), so a refusal recorded under an earlier reading (an adult
      // 中职 graduate capped) does not bind them, and a later change of the person does not either
      const on = businessDay(new Date(reg.created_at), deps.config.businessTimeZone);
      const kept = parseSnapshot(reg.situation_json);
      const situation = studentSituation(kept ?? (await learnerSituation(trx, reg.learner_id)), on);
      const cap = elig.cap ? secondaryVocationalCap(plan.level, situation, reg.outstanding_graduate === 1, on) : null;
      if (cap) throw new AppError('NOT_ELIGIBLE', cap, { rule: 'CERT-2' });
    }
    const now = deps.clock.now().toISOString();
    const status = body.eligible ? 'eligible' : 'ineligible';
    await q.updateRegistration(trx, registrationId, {
      status,
      decision: 'manual',
      decision_reason: body.reason,
      decided_by: ctx.actor!.id,
      decided_at: now,
    });
    await q.insertDecision(trx, {
      registration_id: registrationId,
      status,
      decision: 'manual',
      reason: body.reason,
      decided_by: ctx.actor!.id,
      decided_by_name: ctx.actor!.displayName,
      at: now,
    });
    await recordAudit(trx, deps, ctx, {
      action: 'registration.decide',
      objectType: 'registration',
      objectId: registrationId,
      before: { status: reg.status, reason: reg.decision_reason },
      after: { status, reason: body.reason },
    });
    return { id: registrationId, status, reason: body.reason };
  });
}

/** A learner's own applications: plan, status, decision, scores once published, result, ticket. */
export async function myRegistrations(deps: Deps, ctx: RequestContext) {
  const rows = await q.registrationsOfUser(deps.db, ctx.actor!.id);
  const out = [];
  for (const r of rows) {
    const published = resultsArePublic(r.plan_status);
    const latest: CurrentScores = published ? (await currentScores(deps.db, r.plan_id)).latest : new Map();
    const std = await planStandard(deps.db, r);
    out.push({
      registrationId: r.id,
      planId: r.plan_id,
      title: r.title,
      institutionName: r.institution_name,
      occupationName: r.occupation_name,
      level: r.level,
      status: r.status,
      decisionReason: r.decision_reason,
      planStatus: r.plan_status,
      publicityUntil: r.publicity_until,
      scores: published
        ? Object.fromEntries(
            std.parts.map((p) => [
              p,
              (latest.get(`${r.id}:${p}`)?.score_x10 ?? null) === null
                ? null
                : latest.get(`${r.id}:${p}`)!.score_x10 / 10,
            ]),
          )
        : null,
      result: r.result,
      certificateId: r.certificate_id,
    });
  }
  return out;
}

/** An institution sets the photo of a candidate registered in one of its own plans. */
export async function setCandidatePhoto(
  deps: Deps,
  ctx: RequestContext,
  registrationId: number,
  data: Buffer,
  truncated: boolean,
) {
  const mime = checkPhoto(data, truncated);
  return deps.db.transaction().execute(async (trx) => {
    const r = await q.registrationInstitution(trx, registrationId);
    if (!r || r.institution_id !== ctx.actor!.institutionId)
      throw new AppError('NOT_FOUND', `报名 #${registrationId} 不存在`);
    return storeLearnerPhoto(trx, deps, ctx, r.learner_id, data, mime);
  });
}

/**
 * A candidate's full ID number, for the institution running the plan or an official over it (the
 * plan in scope, else 404, audited as denied), with the reason; audited and limited.
 */
export async function revealCandidateId(deps: Deps, ctx: RequestContext, registrationId: number, reason: string) {
  await planOfRegistration(ctx, deps.db, registrationId);
  const person = (await q.registrationWithLearner(deps.db, registrationId))!;
  return revealIdNumber(
    deps,
    ctx,
    {
      learnerId: person.learner_id,
      idType: person.id_type,
      enc: person.id_number_enc,
      column: 'learners.id_number',
      via: 'registration',
      recordId: registrationId,
    },
    reason,
  );
}
