/** Finding or registering a person by identity document, the one way every pathway does it. */
import type { Kysely } from 'kysely';
import type { DB } from '../../database/schema.js';
import type { IdentityBody } from '../../../../contract/api-assessment.js';
import { AppError } from '../../lib/errors.js';
import { checkResidentId, maskIdNumber } from '../../lib/identity.js';
import { insertLearner, learnerByIdentity, learnerRow } from './learners.queries.js';

/**
 * The identity every pathway's request carries (contract `IdentityBody`), with the phone a candidate
 * may add; the roster importer passes the student type it read as text.
 */
export type IdentityInput = Omit<IdentityBody, 'studentType'> & { studentType?: string | null; phone?: string | null };

/** Validates the document (GB 11643 for resident IDs), refuses a known number under another name. */
export async function findOrCreateLearner(
  trx: Kysely<DB>,
  today: Date,
  c: IdentityInput,
  schoolInstitutionId: number | null,
) {
  const idType = c.idType ?? 'resident_id';
  const idNumber = c.idNumber.trim().toUpperCase();
  let birthDate = c.birthDate ?? null;
  if (idType === 'resident_id') {
    const chk = checkResidentId(idNumber, today);
    if (!chk.ok)
      throw new AppError('IDENTITY_INVALID', chk.reason!, { details: [{ field: '/idNumber', message: chk.reason! }] });
    birthDate = chk.birthDate!;
  }
  const existing = await learnerByIdentity(trx, idType, idNumber);
  if (existing) {
    if (existing.name !== c.name.trim()) {
      throw new AppError('IDENTITY_NAME_MISMATCH', `证件号码 ${maskIdNumber(idNumber)} 已登记为另一姓名，请核对`, {
        details: [{ field: '/name', message: '与已登记姓名不一致' }],
      });
    }
    return existing;
  }
  return insertLearner(
    trx,
    learnerRow(
      {
        name: c.name.trim(),
        id_type: idType,
        id_number: idNumber,
        birth_date: birthDate,
        phone: c.phone ?? null,
        student_type: c.studentType ?? null,
        school_institution_id: c.studentType ? schoolInstitutionId : null,
        graduation_year: c.graduationYear ?? null,
        in_school: c.inSchool ? 1 : 0,
      },
      today.toISOString(),
    ),
  );
}
