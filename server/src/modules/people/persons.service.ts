/**
 * A person in a role other than candidate (考评员, 质量督导员, 专家): the same identity record as a
 * learner's (`learners`, one row per identity document), so a person who is both is one record.
 *
 * This is also how any module finds a person by identity document: it never stores or queries an
 * ID number itself (numbers are sealed, lib/personal-data.ts), it calls `findOrCreatePerson` or
 * `findPersonByIdNumber` and keeps the person's id.
 */
import type { Kysely } from 'kysely';
import type { IdType } from '../../../../contract/api-assessment.js';
import type { DB } from '../../database/schema.js';
import type { Deps } from '../../lib/context.js';
import { personalData } from '../../lib/personal-data.js';
import { learnerByIdentity } from './learners.queries.js';
import { findOrCreateIdentity } from './learners.service.js';

export interface PersonIdentity {
  name: string;
  idType?: IdType;
  idNumber: string;
}

/**
 * Finds the person by identity document or registers them with no student data; the document is
 * validated as every learner's is (GB 11643 with province and check character for resident IDs),
 * and a known number under another name is refused.
 */
export function findOrCreatePerson(trx: Kysely<DB>, deps: Deps, who: PersonIdentity) {
  return findOrCreateIdentity(trx, deps, { name: who.name, idType: who.idType, idNumber: who.idNumber });
}

/** The person registered under this document, if any (by the keyed hash of the number; no name check). */
export function findPersonByIdNumber(db: Kysely<DB>, deps: Pick<Deps, 'config'>, idType: IdType, idNumber: string) {
  return learnerByIdentity(db, idType, personalData(deps.config).idNumberHash(idNumber));
}
