/**
 * People as other modules show them: the name and the identity document masked (lib/identity.ts),
 * so a module that refers to a person by id never reads an identity document itself.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../database/schema.js';
import type { Config } from '../../config.js';
import { personalData } from '../../lib/personal-data.js';
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
export async function maskedIdentities(
  db: Kysely<DB>,
  config: Pick<Config, 'keyDir' | 'dataKeys' | 'lookupKey'>,
  ids: readonly number[],
): Promise<Map<number, MaskedIdentity>> {
  const rows = await identityRows(db, ids);
  const pd = personalData(config);
  return new Map(
    rows.map((r) => [
      r.id,
      {
        name: r.name,
        idType: r.id_type,
        idNumberMasked: pd.maskedIdNumber('learners.id_number', r.id_number_enc),
        gender: r.gender,
        birthDate: r.birth_date,
      },
    ]),
  );
}
