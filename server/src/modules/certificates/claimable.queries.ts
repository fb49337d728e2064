/**
 * What a subsidy claim (SUB-1, the subsidies module above) reads of certificates: the facts a claim
 * line is judged on — who, which occupation and level, how and when obtained, by whom, and its
 * status now. Never the holder's ID number.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../database/schema.js';

const COLUMNS = [
  'id',
  'number',
  'institution_id',
  'learner_id',
  'occupation_id',
  'level',
  'pathway',
  'issued_on',
  'status',
] as const;

/** An institution's certificates issued between two dates (both included), oldest first. */
export function certificatesIssuedBy(
  db: Kysely<DB>,
  institutionId: number,
  issuedFrom: string,
  issuedTo: string,
  limit: number,
) {
  return db
    .selectFrom('certificates')
    .select(COLUMNS)
    .where('institution_id', '=', institutionId)
    .where('issued_on', '>=', issuedFrom)
    .where('issued_on', '<=', issuedTo)
    .orderBy('issued_on')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Certificates by id, whoever issued them (a claim names them; the claim rules on the issuer). */
export async function certificatesByIds(db: Kysely<DB>, ids: readonly number[]) {
  const out: Awaited<ReturnType<typeof certificatesIssuedBy>> = [];
  for (let i = 0; i < ids.length; i += 1000)
    out.push(
      ...(await db
        .selectFrom('certificates')
        .select(COLUMNS)
        .where('id', 'in', ids.slice(i, i + 1000))
        .orderBy('id')
        .execute()),
    );
  return out;
}

/**
 * The certificates of some people in one occupation issued on or after a date (a training claim,
 * TRAIN-9: what the trainees of a class obtained by evaluation after it began), oldest first.
 */
export function certificatesOfLearners(
  db: Kysely<DB>,
  learnerIds: readonly number[],
  occupationId: number,
  issuedFrom: string,
) {
  if (!learnerIds.length) return Promise.resolve([]);
  return db
    .selectFrom('certificates')
    .select(COLUMNS)
    .where('learner_id', 'in', [...learnerIds])
    .where('occupation_id', '=', occupationId)
    .where('issued_on', '>=', issuedFrom)
    .orderBy('issued_on')
    .orderBy('id')
    .execute();
}
