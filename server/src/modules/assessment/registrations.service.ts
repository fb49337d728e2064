/**
 * Registration (报名) for an evaluation plan: one candidate at a time with the automatic
 * eligibility check (CERT-2), a manual decision with its reason where the check cannot decide,
 * the candidate's photo, and a learner's own list of applications.
 */
import type { Insertable, Transaction } from 'kysely';
import type { DB, LearnerTable, RegistrationTable } from '../../database/schema.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { businessDay } from '../../lib/dates.js';
import { AppError } from '../../lib/errors.js';
import { checkResidentId, identityNotes } from '../../lib/identity.js';
import { recordAudit } from '../audit/audit.service.js';
import {
  assertSameName,
  checkIdentity,
  identityKey,
  insertNewLearners,
  knownPeople,
  learnerSituation,
  newLearner,
  situationStep,
  writeSituationSteps,
  type KnownPerson,
  type LearnerRow,
  type SituationStep,
  type SituationVia,
} from '../people/learners.service.js';
import type { Situation } from '../people/situation.js';
import { parseSnapshot, snapshotOf, sourceOf } from './registration-situation.service.js';
import { populationCheck } from '../institutions/certify-guard.js';
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

/** A registered candidate, as `registerCandidates` answers for each row. */
export interface RegisteredCandidate {
  id: number;
  learnerId: number;
  name: string;
  status: RegistrationTable['status'];
  fee: number;
  identityNotes?: string[];
  situationNote?: string;
}

/** The refusal of one candidate of a batch (`index` in the batch): nothing of the batch is written. */
export class RefusedCandidate extends Error {
  constructor(
    readonly index: number,
    readonly error: AppError,
  ) {
    super(error.message);
  }
}

/**
 * Registers one candidate inside the caller's transaction; throws AppError with the reason. The
 * person's situation this registration states is applied first (or kept as their school recorded
 * it), and the fee (CERT-10) and the 中职 cap (CERT-2) are judged on the situation as it then is,
 * which the registration keeps. One candidate is a batch of one (`registerCandidates`).
 */
export async function registerCandidate(
  trx: Transaction<DB>,
  deps: Deps,
  ctx: RequestContext,
  plan: PlanRow,
  std: Standard,
  c: CandidateInput,
  via: SituationVia = 'registration',
): Promise<RegisteredCandidate> {
  try {
    return (await registerCandidates(trx, deps, ctx, plan, std, [c], via))[0];
  } catch (e) {
    throw e instanceof RefusedCandidate ? e.error : e;
  }
}

/** What a batch reads about the people already on record: one statement each, not one per row. */
async function factsOf(trx: Transaction<DB>, plan: PlanRow, known: Map<string, KnownPerson>) {
  const ids = [...known.values()].map((k) => k.row.id);
  return {
    registered: await q.registeredAmongLearners(trx, plan.id, ids),
    held: await q.heldCertificatesAmong(trx, plan.id, ids),
    // INST-1: a 院校类 institution examines its own students (in school or graduating) and staff
    inPopulation: await populationCheck(trx, plan.institution_id, ids),
  };
}

/**
 * Registers candidates inside the caller's transaction, each exactly as if registered one after
 * another (`registerCandidate`), but reading what they are judged on in a few statements for the
 * whole batch and writing each table in one: the people on record, the plan's registrations among
 * them, their certificates and the staff registry are read once; every row is then decided in
 * order in memory (identity, already registered — also by an earlier row of the batch — the
 * situation it states, INST-1, eligibility, fee); and only then are the new people, situation
 * changes, registrations and decisions written. The first row refused throws `RefusedCandidate`
 * naming it, before anything is written (a refusal only the writing finds — registered by a
 * concurrent request meanwhile — comes after some of it: the caller's transaction rolls it back).
 * `pause` lets other requests in between rows and statements (a roster's chunk).
 */
export async function registerCandidates(
  trx: Transaction<DB>,
  deps: Deps,
  ctx: RequestContext,
  plan: PlanRow,
  std: Standard,
  inputs: readonly CandidateInput[],
  via: SituationVia = 'registration',
  pause: () => Promise<void> = async () => {},
): Promise<RegisteredCandidate[]> {
  const today = deps.clock.now();
  const nowIso = today.toISOString();
  // ages, years and eligibility are judged on today's date in China Standard Time
  const on = businessDay(today, deps.config.businessTimeZone);
  const source = sourceOf(plan, via);
  const refused = (index: number, e: unknown) => (e instanceof AppError ? new RefusedCandidate(index, e) : e);
  // every document checked first; a refusal waits for its row's turn, as rows are refused in order
  const identities = inputs.map((c) => {
    try {
      return checkIdentity(deps, c, today);
    } catch (e) {
      if (e instanceof AppError) return e;
      throw e;
    }
  });
  const checked = identities.filter((i): i is Exclude<typeof i, AppError> => !(i instanceof AppError));
  let known = await knownPeople(trx, checked);
  await pause();
  let facts = await factsOf(trx, plan, known);
  await pause();
  // the people this batch registers, by identity key, as it inserted them
  const created = new Map<string, LearnerRow>();
  for (;;) {
    const decided = await decide();
    const fresh = decided.filter((d) => d.newRow && !created.has(d.key));
    const { created: inserted, taken } = await insertNewLearners(
      trx,
      fresh.map((d) => d.newRow!),
    );
    for (const [k, row] of inserted) created.set(k, row);
    if (!taken.length) return write(decided);
    // PostgreSQL: a concurrent transaction registered some of these people first; as one by one,
    // they go on as the people on record it made (decided again, with what is read about them)
    const winners = await knownPeople(
      trx,
      fresh.filter((d) => taken.includes(d.key)).map((d) => identities[d.index] as (typeof checked)[number]),
    );
    const lost = fresh.find((d) => taken.includes(d.key) && !winners.has(d.key));
    if (lost) throw refused(lost.index, new AppError('CONFLICT', '该证件号码的人员正由另一操作登记，请稍后重试'));
    known = new Map([...known, ...winners]);
    facts = await factsOf(trx, plan, known);
  }

  /** Every row in order, in memory: what it writes, or the first refusal. */
  async function decide() {
    const out = [];
    const seen = new Map<string, LearnerRow | Omit<LearnerRow, 'id'>>();
    for (const [index, c] of inputs.entries()) {
      await pause();
      try {
        const person = identities[index];
        if (person instanceof AppError) throw person;
        const key = identityKey(person.idType, person.idNumberHash);
        // an earlier row of the batch registered this person: on record now, and in the plan
        const earlier = seen.get(key);
        if (earlier) {
          assertSameName(earlier, person);
          throw new AppError('ALREADY_REGISTERED', `${person.name} 已报名本计划`);
        }
        const onRecord = known.get(key);
        assertSameName(onRecord?.row, person);
        // someone already in the plan is refused before anything about them is written
        if (onRecord && facts.registered.has(onRecord.row.id))
          throw new AppError('ALREADY_REGISTERED', `${person.name} 已报名本计划`);
        let learner: LearnerRow | Omit<LearnerRow, 'id'>;
        let situation: Situation;
        let note: string | null = null;
        let step: SituationStep | undefined;
        let newRow: Insertable<LearnerTable> | undefined;
        if (onRecord) {
          step = situationStep(onRecord.row, onRecord.situation, c, source, ctx, nowIso);
          ({ learner, situation, note } = step);
        } else {
          const made = newLearner(deps, person, c, source, nowIso);
          newRow = made.row;
          situation = made.situation;
          learner = created.get(key) ?? (made.row as Omit<LearnerRow, 'id'>);
        }
        const learnerId = 'id' in learner ? learner.id : null;
        facts.inPopulation({ ...learner, id: onRecord ? learnerId : null }, on);
        const {
          facts: f,
          cap,
          result,
        } = judgeCandidate(
          std.eligibility,
          plan.level,
          { birthDate: learner.birth_date, situation },
          (learnerId !== null && facts.held.get(learnerId)) || [],
          c,
          on,
        );
        const status: RegistrationTable['status'] = cap ? 'ineligible' : result.eligible ? 'eligible' : 'pending';
        const reason = cap ?? (result.eligible ? `符合：${result.route}` : '未满足自动审核条件，待人工审核');
        const fee = situation.inSchool ? 0 : plan.fee; // CERT-10: on the situation as it is now
        // a valid number may still need a look (a historic area code): the answer says so, nothing is refused
        const notes =
          (c.idType ?? 'resident_id') === 'resident_id' ? identityNotes(checkResidentId(c.idNumber, today)) : [];
        seen.set(key, learner);
        out.push({
          index,
          key,
          learner,
          newRow,
          step,
          status,
          reason,
          fee,
          notes,
          note,
          registration: {
            plan_id: plan.id,
            status,
            eligibility_json: JSON.stringify({ ...result, cap }),
            years_in_occupation: f.yearsInOccupation,
            working_in_occupation: f.workingInOccupation ? 1 : 0,
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
          } satisfies Omit<Insertable<RegistrationTable>, 'learner_id'>,
        });
      } catch (e) {
        throw refused(index, e);
      }
    }
    return out;
  }

  /** The batch's writes, a statement per table, once every row has been decided and every person is on record. */
  async function write(decided: Awaited<ReturnType<typeof decide>>): Promise<RegisteredCandidate[]> {
    const learnerOf = (d: (typeof decided)[number]) => (d.newRow ? created.get(d.key)! : (d.learner as LearnerRow));
    await writeSituationSteps(
      trx,
      deps,
      ctx,
      decided.flatMap((d) => (d.step ? [d.step] : [])),
    );
    await pause();
    const ids = await q.insertRegistrations(
      trx,
      decided.map((d) => ({ ...d.registration, learner_id: learnerOf(d).id })),
    );
    // registered by a concurrent request since the check above
    const late = decided.find((d) => !ids.has(learnerOf(d).id));
    if (late) throw refused(late.index, new AppError('ALREADY_REGISTERED', `${learnerOf(late).name} 已报名本计划`));
    await pause();
    await q.insertDecisions(
      trx,
      decided.map((d) => ({
        registration_id: ids.get(learnerOf(d).id)!,
        status: d.status,
        decision: 'auto',
        reason: d.reason,
        decided_by: null,
        decided_by_name: '系统自动审核',
        at: nowIso,
      })),
    );
    return decided.map((d) => {
      const learner = learnerOf(d);
      return {
        id: ids.get(learner.id)!,
        learnerId: learner.id,
        name: learner.name,
        status: d.status,
        fee: d.fee,
        ...(d.notes.length ? { identityNotes: d.notes } : {}),
        ...(d.note ? { situationNote: d.note } : {}),
      };
    });
  }
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
