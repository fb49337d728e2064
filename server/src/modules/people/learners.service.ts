/**
 * Finding or registering a person by identity document, the one way every pathway does it; the
 * person's student situation brought by each registration is applied (or kept, with the reason)
 * by the rule in `situation.ts`, with its history and an audit record (CERT-10).
 */
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { DB, LearnerTable } from '../../database/schema.js';
import type { IdentityBody, StudentType } from '../../../../contract/api-assessment.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { checkResidentId, maskIdNumber } from '../../lib/identity.js';
import { normalizeIdNumber, personalData } from '../../lib/personal-data.js';
import { recordAudit } from '../audit/audit.service.js';
import {
  insertLearnerIfAbsent,
  insertSituationChange,
  learnerByIdentity,
  learnerRow,
  learnerSituationRow,
  situationChangesOf,
  updateLearner,
} from './learners.queries.js';
import {
  applyClaim,
  initialSituation,
  type Situation,
  type SituationClaim,
  type SituationOutcome,
} from './situation.js';

/**
 * The identity every pathway's request carries (contract `IdentityBody`), with the phone a candidate
 * may add.
 */
export type IdentityInput = IdentityBody & { phone?: string | null };
type LearnerRow = NonNullable<Awaited<ReturnType<typeof learnerByIdentity>>>;

/** Where a registration's data on a person came from. */
export type SituationVia =
  | 'registration'
  | 'roster'
  | 'process'
  | 'recognition'
  | 'competition'
  | 'enterprise'
  | 'training'
  | 'graduating_class';
export interface SituationSource {
  /** the institution whose registration or record brings the data */
  institutionId: number | null;
  /** the school whose student records the source keeps: the institution itself when it is a school, the partner school under CERT-6; else null */
  school: { id: number; name: string } | null;
  via: SituationVia;
  /** what the data came with, e.g. `plan:12` */
  ref?: string | null;
}

/** A checked identity and the person already known under it, if any. */
export interface IdentifiedPerson {
  idType: LearnerTable['id_type'];
  /** the number as entered, normalised: in memory only, stored sealed */
  idNumber: string;
  /** its keyed look-up hash, as stored */
  idNumberHash: string;
  name: string;
  birthDate: string | null;
  gender: string | null;
  existing: LearnerRow | undefined;
}

const otherName = (idNumber: string) =>
  new AppError('IDENTITY_NAME_MISMATCH', `证件号码 ${maskIdNumber(idNumber)} 已登记为另一姓名，请核对`, {
    details: [{ field: '/name', message: '与已登记姓名不一致' }],
  });

/**
 * Validates the document (GB 11643 for resident IDs), refuses a known number under another name.
 * Writes nothing. The person is found by the keyed hash of the number, never by the number.
 */
export async function identifyLearner(trx: Kysely<DB>, deps: Deps, c: IdentityInput): Promise<IdentifiedPerson> {
  const today = deps.clock.now();
  const idType = c.idType ?? 'resident_id';
  const idNumber = normalizeIdNumber(c.idNumber);
  let birthDate = c.birthDate ?? null;
  let gender = c.gender ?? null;
  if (idType === 'resident_id') {
    const chk = checkResidentId(idNumber, today);
    if (!chk.ok)
      throw new AppError('IDENTITY_INVALID', chk.reason!, { details: [{ field: '/idNumber', message: chk.reason! }] });
    birthDate = chk.birthDate!;
    gender = chk.gender!; // the number says it
  }
  const idNumberHash = personalData(deps.config).idNumberHash(idNumber);
  const existing = await learnerByIdentity(trx, idType, idNumberHash);
  if (existing && existing.name !== c.name.trim()) throw otherName(idNumber);
  return { idType, idNumber, idNumberHash, name: c.name.trim(), birthDate, gender, existing };
}

const claimOf = (c: IdentityInput): SituationClaim => ({
  studentType: c.studentType,
  major: c.major,
  graduationYear: c.graduationYear,
  inSchool: c.inSchool,
});

/** The learner row's situation columns as a `Situation`. */
export async function learnerSituation(trx: Transaction<DB> | Deps['db'], learnerId: number): Promise<Situation> {
  const r = await learnerSituationRow(trx, learnerId);
  return {
    studentType: (r.student_type as StudentType | null) ?? null,
    school: r.school_institution_id ? { id: r.school_institution_id, name: r.school_name ?? '' } : null,
    major: r.major,
    graduationYear: r.graduation_year,
    inSchool: r.in_school === 1,
  };
}

const columnsOf = (s: Situation) => ({
  student_type: s.studentType,
  school_institution_id: s.school?.id ?? null,
  major: s.major,
  graduation_year: s.graduationYear,
  in_school: s.inSchool ? 1 : 0,
});

/**
 * Inserts the identified new person with the given columns. Two requests may register the same new
 * person at once (parallel registrations, a roster and a form): the one that loses the insert goes
 * on with the winner's row, never a unique-key error.
 */
async function insertIdentified(
  trx: Kysely<DB>,
  deps: Deps,
  person: IdentifiedPerson,
  columns: Partial<Insertable<LearnerTable>>,
  nowIso: string,
): Promise<{ row: LearnerRow; inserted: boolean }> {
  const inserted = await insertLearnerIfAbsent(
    trx,
    learnerRow(
      {
        ...columns,
        name: person.name,
        id_type: person.idType,
        id_number_enc: personalData(deps.config).storeIdNumber('learners.id_number', person.idNumber).enc,
        id_number_hash: person.idNumberHash,
        birth_date: person.birthDate,
        gender: person.gender,
      },
      nowIso,
    ),
  );
  if (inserted) return { row: inserted, inserted: true };
  const winner = await learnerByIdentity(trx, person.idType, person.idNumberHash);
  if (!winner) throw new AppError('CONFLICT', '该证件号码的人员正由另一操作登记，请稍后重试');
  if (winner.name !== person.name) throw otherName(person.idNumber);
  return { row: winner, inserted: false };
}

/**
 * The person with this identity document, registered with no student data if new: the identity
 * behind a role other than candidate (persons.service.ts). Validated as every learner's document.
 */
export async function findOrCreateIdentity(trx: Kysely<DB>, deps: Deps, c: IdentityInput): Promise<LearnerRow> {
  const person = await identifyLearner(trx, deps, c);
  return person.existing ?? (await insertIdentified(trx, deps, person, {}, deps.clock.now().toISOString())).row;
}

/**
 * Registers the identified person, or applies to the known one the situation this registration
 * states: changed (history + audit), kept as the school recorded it (history + audit, with the
 * note), or the same. Returns the learner as it now is and what happened to its situation.
 */
export async function recordLearner(
  trx: Transaction<DB>,
  deps: Deps,
  ctx: RequestContext,
  person: IdentifiedPerson,
  c: IdentityInput,
  source: SituationSource,
): Promise<{ learner: LearnerRow; situation: Situation; outcome: SituationOutcome['kind']; note: string | null }> {
  const now = deps.clock.now().toISOString();
  let existing = person.existing;
  if (!existing) {
    const situation = initialSituation(claimOf(c), source);
    const created = await insertIdentified(trx, deps, person, { phone: c.phone ?? null, ...columnsOf(situation) }, now);
    if (created.inserted) return { learner: created.row, situation, outcome: 'same', note: null };
    existing = created.row;
  }
  const learner = existing;
  const current = await learnerSituation(trx, learner.id);
  const out = applyClaim(current, claimOf(c), source);
  if (out.kind === 'same') return { learner, situation: current, outcome: 'same', note: null };
  const note = out.kind === 'kept' ? out.note : null;
  await insertSituationChange(trx, {
    learner_id: learner.id,
    before_json: JSON.stringify(out.before),
    after_json: JSON.stringify(out.after),
    applied: out.kind === 'changed' ? 1 : 0,
    note,
    source: source.via,
    source_ref: source.ref ?? null,
    institution_id: source.institutionId,
    changed_by: ctx.actor?.id ?? null,
    changed_by_name: ctx.actor?.displayName ?? null,
    at: now,
  });
  await recordAudit(trx, deps, ctx, {
    action: out.kind === 'changed' ? 'learner.situation.change' : 'learner.situation.keep',
    objectType: 'learner',
    objectId: learner.id,
    before: out.before,
    after: out.after,
    detail: [source.via, source.ref, note].filter(Boolean).join('；'),
  });
  if (out.kind === 'kept') return { learner, situation: current, outcome: 'kept', note };
  const patch = { ...columnsOf(out.situation), updated_at: now };
  await updateLearner(trx, learner.id, patch);
  return { learner: { ...learner, ...patch }, situation: out.situation, outcome: 'changed', note: null };
}

/** Identifies the person and registers them or applies their situation: the learner as it now is. */
export async function findOrCreateLearner(
  trx: Transaction<DB>,
  deps: Deps,
  ctx: RequestContext,
  c: IdentityInput,
  source: SituationSource,
) {
  const person = await identifyLearner(trx, deps, c);
  return (await recordLearner(trx, deps, ctx, person, c, source)).learner;
}

/** The situation history of a learner, oldest first: what changed, applied or kept, when, by whom, from where. */
export async function situationHistory(db: Deps['db'], learnerId: number) {
  const rows = await situationChangesOf(db, learnerId);
  return rows.map((r) => {
    const before = JSON.parse(r.before_json) as Partial<Situation>;
    const after = JSON.parse(r.after_json) as Partial<Situation>;
    return {
      at: r.at,
      by: r.changed_by_name,
      institutionName: r.institution_name,
      source: r.source,
      sourceRef: r.source_ref,
      applied: r.applied === 1,
      note: r.note,
      changes: (Object.keys(after) as (keyof Situation)[]).map((field) => ({
        field,
        before: display(before[field]),
        after: display(after[field]),
      })),
    };
  });
}
const display = (v: unknown): string | number | boolean | null =>
  v && typeof v === 'object' && 'name' in v ? String((v as { name: string }).name) : ((v as never) ?? null);
