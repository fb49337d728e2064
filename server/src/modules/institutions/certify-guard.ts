/**
 * The one check every evaluation and issuance calls (INST-4, INST-5, INST-7): the institution is
 * filed, active, within its validity, acts for itself, and the occupation × level is in its scope
 * (with a filed specification where no national standard exists); and, per person, that a 院校类
 * institution evaluates and certifies only its own students and in-service staff (INST-1).
 * Refusals name the rule.
 */
import type { Kysely } from 'kysely';
import { levelLabel } from '../../../../contract/levels.js';
import type { DB } from '../../database/schema.js';
import type { Actor } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { businessDate, DEFAULT_BUSINESS_TIME_ZONE } from '../../lib/dates.js';
import { getOccupation } from '../occupations/occupations.queries.js';
import {
  certifyingInstitution,
  grantedScope,
  institutionKind,
  isOwnStaff,
  ownStaffAmong,
} from './institutions.queries.js';
import { outsidePopulation, type PopulationFacts } from './population.rules.js';

export interface CertifyRequest {
  institutionId: number;
  occupationId: number;
  level: number;
  /** the business date (`YYYY-MM-DD`, China Standard Time) of the evaluation or issuance; defaults to today there */
  on?: string;
}

export async function assertMayCertify(db: Kysely<DB>, actor: Actor | null, r: CertifyRequest): Promise<void> {
  if (actor && actor.institutionId !== r.institutionId) {
    throw new AppError('DELEGATION_FORBIDDEN', '只能以本机构名义开展评价和发证，不得委托或代替其他机构', {
      rule: 'INST-4',
    });
  }
  const inst = await certifyingInstitution(db, r.institutionId);
  if (!inst) throw new AppError('INSTITUTION_NOT_FOUND');
  if (inst.status === 'unfiled' || !inst.filing_no)
    throw new AppError('INSTITUTION_NOT_FILED', `${inst.name} 尚未备案，不能开展评价或发证`, { rule: 'INST-5' });
  if (inst.status === 'revoked')
    throw new AppError('INSTITUTION_REVOKED', `${inst.name} 已被取消备案，不能开展评价或发证`, { rule: 'INST-5' });
  if (inst.status === 'suspended')
    throw new AppError('INSTITUTION_SUSPENDED', `${inst.name} 已暂停评价，不能开展评价或发证`, { rule: 'INST-5' });
  const day = r.on ?? businessDate(new Date(), DEFAULT_BUSINESS_TIME_ZONE);
  if (inst.valid_until && inst.valid_until < day)
    throw new AppError('INSTITUTION_EXPIRED', `${inst.name} 的备案已于 ${inst.valid_until} 到期`, { rule: 'INST-5' });
  const scope = await grantedScope(db, r.institutionId, r.occupationId, r.level);
  if (!scope) {
    const occ = await getOccupation(db, r.occupationId);
    throw new AppError(
      'OUT_OF_SCOPE',
      `${occ?.name ?? `职业 #${r.occupationId}`} ${levelLabel(r.level)} 不在 ${inst.name} 的备案评价范围内`,
      { rule: 'INST-4' },
    );
  }
  if (scope.has_national_standard === 0 && scope.spec_status !== 'filed') {
    throw new AppError('SPEC_NOT_FILED', `${scope.name} 没有国家职业技能标准，所用评价规范未经省级备案`, {
      rule: 'INST-7',
    });
  }
}

/**
 * INST-1: a 院校类 institution registers (`enter`, judged on the business date `on`) and certifies
 * (`issue`) only its own students and in-service staff; other kinds are not limited here.
 */
export async function assertInPopulation(
  db: Kysely<DB>,
  institutionId: number,
  person: PopulationFacts['person'] & { id: number },
  stage: 'enter' | 'issue',
  on: string | Date,
): Promise<void> {
  const inst = await institutionKind(db, institutionId);
  if (!inst) throw new AppError('INSTITUTION_NOT_FOUND');
  const facts = { institution: inst, person, ownStaff: false, institutionId };
  // the registry is read only for a person who is not one of the school's students
  const why =
    outsidePopulation(facts, stage, on) &&
    outsidePopulation({ ...facts, ownStaff: await isOwnStaff(db, institutionId, person.id) }, stage, on);
  if (why) throw new AppError('NOT_OWN_STUDENT_OR_STAFF', why, { rule: 'INST-1' });
}

/**
 * `assertInPopulation` at entry for the people of one batch of registrations: the institution read
 * once and, for a 院校类 institution, the staff registry once for the people already on record
 * (`knownIds`); returns the check of one person, which throws as `assertInPopulation` does. A
 * person not yet on record (no id) is nobody's staff.
 */
export async function populationCheck(db: Kysely<DB>, institutionId: number, knownIds: readonly number[]) {
  const inst = await institutionKind(db, institutionId);
  const staff = inst?.kind === 'college' ? await ownStaffAmong(db, institutionId, knownIds) : new Set<number>();
  return (person: PopulationFacts['person'] & { id: number | null }, on: string | Date): void => {
    if (!inst) throw new AppError('INSTITUTION_NOT_FOUND');
    const ownStaff = person.id !== null && staff.has(person.id);
    const why = outsidePopulation({ institution: inst, person, ownStaff, institutionId }, 'enter', on);
    if (why) throw new AppError('NOT_OWN_STUDENT_OR_STAFF', why, { rule: 'INST-1' });
  };
}

/** `assertInPopulation` for many people at once: the institution read once, the staff registry only for those outside. */
export async function assertAllInPopulation(
  db: Kysely<DB>,
  institutionId: number,
  people: readonly (PopulationFacts['person'] & { id: number })[],
  stage: 'enter' | 'issue',
  on: string | Date,
): Promise<void> {
  const inst = await institutionKind(db, institutionId);
  if (!inst) throw new AppError('INSTITUTION_NOT_FOUND');
  for (const person of people) {
    const facts = { institution: inst, person, ownStaff: false, institutionId };
    const why =
      outsidePopulation(facts, stage, on) &&
      outsidePopulation({ ...facts, ownStaff: await isOwnStaff(db, institutionId, person.id) }, stage, on);
    if (why) throw new AppError('NOT_OWN_STUDENT_OR_STAFF', why, { rule: 'INST-1' });
  }
}
