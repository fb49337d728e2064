/**
 * People as other modules show them: the name and the identity document masked (lib/identity.ts),
 * so a module that refers to a person by id never reads an identity document itself.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../database/schema.js';
import { maskIdNumber } from '../../lib/identity.js';
import { identityRows } from './identities.queries.js';

export interface MaskedIdentity {
  name: string;
  idType: string;
  /** e.g. 410***********1234 */
  idNumberMasked: string;
  gender: string | null;
  birthDate: string | null;
}

/** The masked identity of each person, by learner id. */
export async function maskedIdentities(db: Kysely<DB>, ids: readonly number[]): Promise<Map<number, MaskedIdentity>> {
  const rows = await identityRows(db, ids);
  return new Map(
    rows.map((r) => [
      r.id,
      {
        name: r.name,
        idType: r.id_type,
        idNumberMasked: maskIdNumber(r.id_number),
        gender: r.gender,
        birthDate: r.birth_date,
      },
    ]),
  );
}
