/**
 * A person in a role other than candidate (考评员, 质量督导员, 专家): the same identity record as a
 * learner's (`learners`, one row per identity document), so a person who is both is one record.
 */
import type { Kysely } from 'kysely';
import type { IdType } from '../../../../contract/api-assessment.js';
import type { DB } from '../../database/schema.js';
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
export function findOrCreatePerson(trx: Kysely<DB>, today: Date, who: PersonIdentity) {
  return findOrCreateIdentity(trx, today, { name: who.name, idType: who.idType, idNumber: who.idNumber });
}
