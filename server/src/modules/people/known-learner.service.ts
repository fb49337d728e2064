/**
 * Finding a person already registered, without registering anyone: for a pathway whose candidates
 * must already be on a school's roster (CERT-6: the enterprise evaluates the partner school's
 * students, it does not enrol them).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../database/schema.js';
import type { IdType } from '../../../../contract/api-assessment.js';
import { AppError } from '../../lib/errors.js';
import { maskIdNumber } from '../../lib/identity.js';
import { learnerByIdentity } from './learners.queries.js';

/** The person registered under this document, or null; a known number under another name is refused. */
export async function knownLearner(trx: Kysely<DB>, c: { name: string; idType?: IdType; idNumber: string }) {
  const idNumber = c.idNumber.trim().toUpperCase();
  const existing = await learnerByIdentity(trx, c.idType ?? 'resident_id', idNumber);
  if (existing && existing.name !== c.name.trim())
    throw new AppError('IDENTITY_NAME_MISMATCH', `证件号码 ${maskIdNumber(idNumber)} 已登记为另一姓名，请核对`, {
      details: [{ field: '/name', message: '与已登记姓名不一致' }],
    });
  return existing ?? null;
}
