/**
 * Finding or registering a person by identity document, the one way every pathway does it; the
 * person's student situation brought by each registration is applied (or kept, with the reason)
 * by the rule in `situation.ts`, with its history and an audit record (CERT-10).
 */
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { DB, LearnerSituationChangeTable, LearnerTable } from '../../database/schema.js';
import type { IdentityBody, StudentType } from '../../../../contract/api-assessment.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { checkResidentId, maskIdNumber } from '../../lib/identity.js';
import { normalizeIdNumber, personalData } from '../../lib/personal-data.js';
import { recordAudits, type AuditEntry } from '../audit/audit.service.js';
import {
  insertLearnerIfAbsent,
  insertLearnersIfAbsent,
  insertSituationChanges,
  learnerByIdentity,
  learnerRow,
  learnersByIdentities,
  learnerSituationRow,
  situationChangesOf,
  updateLearners,
} from './learners.queries.js';
import {
  applyClaim,
  inSchoolWithoutType,
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
export type LearnerRow = NonNullable<Awaited<ReturnType<typeof learnerByIdentity>>>;

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

/** CERT-10: 在校 needs a student type; the fee waiver is never granted on a bare switch. */
const inSchoolNeedsType = () =>
  new AppError('SITUATION_INCONSISTENT', '“在校学生”须同时注明学生类型（本科、专科、中职或技工）；非学生请勿勾选在校', {
    rule: 'CERT-10',
    details: [{ field: '/studentType', message: '在校学生须注明学生类型' }],
  });

const otherName = (idNumber: string) =>
  new AppError('IDENTITY_NAME_MISMATCH', `证件号码 ${maskIdNumber(idNumber)} 已登记为另一姓名，请核对`, {
    details: [{ field: '/name', message: '与已登记姓名不一致' }],
  });

/**
 * Validates the document (GB 11643 for resident IDs) and gives the keyed hash the person is found
 * by, never the number. Reads and writes nothing.
 */
export function checkIdentity(
  deps: Deps,
  c: IdentityInput,
  today = deps.clock.now(),
): Omit<IdentifiedPerson, 'existing'> {
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
  return { idType, idNumber, idNumberHash, name: c.name.trim(), birthDate, gender };
}

/** A number already on record under another name is refused. */
export function assertSameName(existing: { name: string } | undefined, person: { name: string; idNumber: string }) {
  if (existing && existing.name !== person.name) throw otherName(person.idNumber);
}

/**
 * Validates the document (`checkIdentity`), refuses a known number under another name. Writes
 * nothing. The person is found by the keyed hash of the number, never by the number.
 */
export async function identifyLearner(trx: Kysely<DB>, deps: Deps, c: IdentityInput): Promise<IdentifiedPerson> {
  const person = checkIdentity(deps, c);
  const existing = await learnerByIdentity(trx, person.idType, person.idNumberHash);
  assertSameName(existing, person);
  return { ...person, existing };
}

/** One key per identity document (type and keyed hash of the number), as the unique index has it. */
export const identityKey = (idType: string, idNumberHash: string) => `${idType}:${idNumberHash}`;

/** A person on record and their situation as it is. */
export interface KnownPerson {
  row: LearnerRow;
  situation: Situation;
}

/** The people on record under the given identities, by `identityKey` (one read per document type). */
export async function knownPeople(
  trx: Kysely<DB>,
  identities: readonly { idType: LearnerTable['id_type']; idNumberHash: string }[],
): Promise<Map<string, KnownPerson>> {
  const byType = new Map<LearnerTable['id_type'], Set<string>>();
  for (const i of identities) {
    let hashes = byType.get(i.idType);
    if (!hashes) byType.set(i.idType, (hashes = new Set()));
    hashes.add(i.idNumberHash);
  }
  const out = new Map<string, KnownPerson>();
  for (const [idType, hashes] of byType)
    for (const { school_name, ...row } of await learnersByIdentities(trx, idType, [...hashes]))
      out.set(identityKey(row.id_type, row.id_number_hash), { row, situation: situationOf({ ...row, school_name }) });
  return out;
}

const claimOf = (c: IdentityInput): SituationClaim => ({
  studentType: c.studentType,
  major: c.major,
  graduationYear: c.graduationYear,
  inSchool: c.inSchool,
});

/** The situation columns of a learner row (with its school's name) as a `Situation`. */
const situationOf = (r: Awaited<ReturnType<typeof learnerSituationRow>>): Situation => ({
  studentType: (r.student_type as StudentType | null) ?? null,
  school: r.school_institution_id ? { id: r.school_institution_id, name: r.school_name ?? '' } : null,
  major: r.major,
  graduationYear: r.graduation_year,
  inSchool: r.in_school === 1,
});

/** The learner row's situation columns as a `Situation`. */
export async function learnerSituation(trx: Transaction<DB> | Deps['db'], learnerId: number): Promise<Situation> {
  return situationOf(await learnerSituationRow(trx, learnerId));
}

const columnsOf = (s: Situation) => ({
  student_type: s.studentType,
  school_institution_id: s.school?.id ?? null,
  major: s.major,
  graduation_year: s.graduationYear,
  in_school: s.inSchool ? 1 : 0,
});

/** The row of an identified new person with the given columns, the number sealed. */
function identifiedRow(
  deps: Deps,
  person: Omit<IdentifiedPerson, 'existing'>,
  columns: Partial<Insertable<LearnerTable>>,
  nowIso: string,
): Insertable<LearnerTable> {
  return learnerRow(
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
  );
}

/**
 * Inserts the identified new person with the given columns. Two requests may register the same new
 * person at once (parallel registrations, a roster and a form): the one that loses the insert goes
 * on with the winner's row, never a unique-key error.
 */
async function insertIdentified(
  trx: Kysely<DB>,
  person: IdentifiedPerson,
  row: Insertable<LearnerTable>,
): Promise<{ row: LearnerRow; inserted: boolean }> {
  const inserted = await insertLearnerIfAbsent(trx, row);
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
  return (
    person.existing ??
    (await insertIdentified(trx, person, identifiedRow(deps, person, {}, deps.clock.now().toISOString()))).row
  );
}

/**
 * A new person's situation from what their first registration states (CERT-10: 在校 needs a
 * student type) and their row to insert. Pure but for sealing the number.
 */
export function newLearner(
  deps: Deps,
  person: Omit<IdentifiedPerson, 'existing'>,
  c: IdentityInput,
  source: SituationSource,
  nowIso: string,
): { row: Insertable<LearnerTable>; situation: Situation } {
  const situation = initialSituation(claimOf(c), source);
  if (inSchoolWithoutType(situation)) throw inSchoolNeedsType();
  return { row: identifiedRow(deps, person, { phone: c.phone ?? null, ...columnsOf(situation) }, nowIso), situation };
}

/** What a registration's statement does to a known person's situation, and what that writes (nothing when the same). */
export interface SituationStep {
  learner: LearnerRow;
  situation: Situation;
  outcome: SituationOutcome['kind'];
  note: string | null;
  /** the history row, its audit record and, when applied, the learner's new columns */
  change?: Insertable<LearnerSituationChangeTable>;
  audit?: AuditEntry;
  patch?: ReturnType<typeof columnsOf> & { updated_at: string };
}

/**
 * Applies to a known person (`current`: their situation as it is) what this registration states:
 * changed, kept as the school recorded it (with the note), or the same (situation.ts). Pure.
 */
export function situationStep(
  learner: LearnerRow,
  current: Situation,
  c: IdentityInput,
  source: SituationSource,
  ctx: RequestContext,
  nowIso: string,
): SituationStep {
  const out = applyClaim(current, claimOf(c), source);
  if (out.kind === 'changed' && inSchoolWithoutType(out.situation)) throw inSchoolNeedsType();
  if (out.kind === 'same') return { learner, situation: current, outcome: 'same', note: null };
  const note = out.kind === 'kept' ? out.note : null;
  const change = {
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
    at: nowIso,
  };
  const audit: AuditEntry = {
    action: out.kind === 'changed' ? 'learner.situation.change' : 'learner.situation.keep',
    objectType: 'learner',
    objectId: learner.id,
    before: out.before,
    after: out.after,
    detail: [source.via, source.ref, note].filter(Boolean).join('；'),
  };
  if (out.kind === 'kept') return { learner, situation: current, outcome: 'kept', note, change, audit };
  const patch = { ...columnsOf(out.situation), updated_at: nowIso };
  return {
    learner: { ...learner, ...patch },
    situation: out.situation,
    outcome: 'changed',
    note: null,
    change,
    audit,
    patch,
  };
}

/**
 * Writes the situation steps of many people in order: their history rows, audit records and new
 * columns, a statement each.
 */
export async function writeSituationSteps(
  trx: Transaction<DB>,
  deps: Deps,
  ctx: RequestContext,
  steps: readonly SituationStep[],
): Promise<void> {
  const changed = steps.filter((s) => s.change);
  if (!changed.length) return;
  await insertSituationChanges(
    trx,
    changed.map((s) => s.change!),
  );
  await recordAudits(
    trx,
    deps,
    ctx,
    changed.map((s) => s.audit!),
  );
  const patched = changed.filter((s) => s.patch);
  if (patched.length)
    await updateLearners(
      trx,
      patched.map((s) => ({ id: s.learner.id, ...s.patch! })),
    );
}

/**
 * Inserts new people (`newLearner` rows) in one statement: the rows as they now are, by
 * `identityKey`; identities another transaction registered first (PostgreSQL) come back as `taken`.
 */
export async function insertNewLearners(
  trx: Kysely<DB>,
  rows: readonly Insertable<LearnerTable>[],
): Promise<{ created: Map<string, LearnerRow>; taken: string[] }> {
  const ids = new Map(
    (await insertLearnersIfAbsent(trx, rows)).map((r) => [identityKey(r.id_type, r.id_number_hash), Number(r.id)]),
  );
  const created = new Map<string, LearnerRow>();
  const taken: string[] = [];
  for (const r of rows) {
    const key = identityKey(r.id_type, r.id_number_hash);
    const id = ids.get(key);
    if (id === undefined) taken.push(key);
    else created.set(key, { ...(r as Omit<LearnerRow, 'id'>), id });
  }
  return { created, taken };
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
    const { row, situation } = newLearner(deps, person, c, source, now);
    const created = await insertIdentified(trx, person, row);
    if (created.inserted) return { learner: created.row, situation, outcome: 'same', note: null };
    existing = created.row;
  }
  const step = situationStep(existing, await learnerSituation(trx, existing.id), c, source, ctx, now);
  await writeSituationSteps(trx, deps, ctx, [step]);
  return { learner: step.learner, situation: step.situation, outcome: step.outcome, note: step.note };
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
