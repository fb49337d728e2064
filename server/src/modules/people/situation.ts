/**
 * A person's student situation (学生身份: 学生类型、学校、专业、毕业年份、是否在校) and who may change it.
 * A person is not a record (CERT-10): someone registered as a worker may later be a school's
 * student, and the fee and the 中职 cap (CERT-2) follow the situation as it is now. Pure.
 *
 * Our reading of who may change what (documented in docs/ARCHITECTURE.md, "People and their situation"):
 * - A school (院校) is the authority on its own students. Facts a school recorded (its in-school
 *   student, or a student type or graduation year it gave) belong to it: only that school changes
 *   them — it may also say the student has left (不在校).
 * - Another school that enrols the person as its own in-school student takes the situation over
 *   (the person has gone on to study there: 中职 → 高职, 专升本).
 * - Any other institution (an enterprise, a social evaluation body, or a school registering a
 *   social candidate) may not silently erase or rewrite a school's record: what it asks for is
 *   kept in the history as "not applied", with the reason, and the registration is judged on the
 *   school's record (an in-school student stays free of charge).
 * - A person with no school on record takes the newest statement of whoever registers them; an
 *   in-school status stated by an institution that is not a school names no school.
 * - A field left out (an empty roster cell, an omitted property) states nothing and changes
 *   nothing: leaving out a student type never erases one.
 */
import type { StudentType } from '../../../../contract/api-assessment.js';

/** The situation as stored on the learner (school by id, with its name for people to read). */
export interface Situation {
  studentType: StudentType | null;
  school: { id: number; name: string } | null;
  major: string | null;
  graduationYear: number | null;
  inSchool: boolean;
}
export type SituationField = keyof Situation;
export const SITUATION_FIELDS: readonly SituationField[] = [
  'studentType',
  'school',
  'major',
  'graduationYear',
  'inSchool',
] as const;

/** What a registration states; `undefined` (and, for the descriptive fields, `null`) states nothing. */
export interface SituationClaim {
  studentType?: StudentType | null;
  major?: string | null;
  graduationYear?: number | null;
  inSchool?: boolean;
}

/** Who states it: the school whose student records the source keeps (itself if a school), or none. */
export interface ClaimSource {
  school: { id: number; name: string } | null;
}

export type SituationOutcome =
  /** nothing stated differs from the record */
  | { kind: 'same'; situation: Situation }
  /** the record becomes `situation`; `before`/`after` hold the fields that changed */
  | { kind: 'changed'; situation: Situation; before: Partial<Situation>; after: Partial<Situation> }
  /** the source may not change the school's record: it stays; `after` is what was asked for */
  | { kind: 'kept'; situation: Situation; before: Partial<Situation>; after: Partial<Situation>; note: string };

const sameSchool = (a: Situation['school'], b: Situation['school']) => (a?.id ?? null) === (b?.id ?? null);
const differs = (f: SituationField, a: Situation, b: Situation) =>
  f === 'school' ? !sameSchool(a.school, b.school) : a[f] !== b[f];

/**
 * CERT-10: an in-school student is a student of some kind. A situation that says 在校 with no
 * student type (a worker registered with the in-school switch left on) would waive a worker's
 * fees, so it is refused, never stored.
 */
export function inSchoolWithoutType(s: Situation): boolean {
  return s.inSchool && !s.studentType;
}

/** A new person's situation from what the first registration states. */
export function initialSituation(claim: SituationClaim, source: ClaimSource): Situation {
  return {
    studentType: claim.studentType ?? null,
    major: claim.major?.trim() || null,
    graduationYear: claim.graduationYear ?? null,
    inSchool: claim.inSchool === true,
    // as before: a student type or an in-school status stated by a school records that school
    school: (claim.studentType || claim.inSchool) && source.school ? source.school : null,
  };
}

/** The record after `claim` from `source`, or why it stays as it is. */
export function applyClaim(current: Situation, claim: SituationClaim, source: ClaimSource): SituationOutcome {
  const stated: Partial<Situation> = {};
  if (claim.studentType) stated.studentType = claim.studentType;
  if (claim.major?.trim()) stated.major = claim.major.trim();
  if (claim.graduationYear) stated.graduationYear = claim.graduationYear;
  if (claim.inSchool !== undefined) stated.inSchool = claim.inSchool;
  const proposed: Situation = { ...current, ...stated };
  const by = source.school;
  if (claim.inSchool === true) {
    // a school enrols its own student; an in-school status stated by anyone else names no school
    if (by) proposed.school = by;
    else if (!current.inSchool) proposed.school = null;
  } else if (by && stated.studentType && !current.school) proposed.school = by;
  const changed = SITUATION_FIELDS.filter((f) => differs(f, current, proposed));
  if (!changed.length) return { kind: 'same', situation: current };
  const before = Object.fromEntries(changed.map((f) => [f, current[f]])) as Partial<Situation>;
  const after = Object.fromEntries(changed.map((f) => [f, proposed[f]])) as Partial<Situation>;
  const owner = current.school;
  if (owner && !sameSchool(owner, by)) {
    // another school enrols the person only once the owner's programme is over: not while they
    // are its in-school student (INST-1 would otherwise let any school claim any student), except
    // for a later programme (中职 class of 2026 → 高职 class of 2029)
    const laterProgramme =
      current.graduationYear !== null && !!claim.graduationYear && claim.graduationYear > current.graduationYear;
    const takesOver = !!by && claim.inSchool === true && (!current.inSchool || laterProgramme);
    if (!takesOver)
      return {
        kind: 'kept',
        situation: current,
        before,
        after,
        note: `学生身份由${owner.name}登记，只能由该校更改${current.inSchool && by ? '（已转学或毕业的，请该校更新）' : ''}；本次报名按该校登记的情况办理`,
      };
  }
  return { kind: 'changed', situation: proposed, before, after };
}
