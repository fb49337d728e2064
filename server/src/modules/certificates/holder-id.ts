/**
 * The holder's ID number on a certificate: stored sealed as issued (`certificates.holder_id_number`,
 * lib/personal-data.ts), shown masked, opened only for the seal that signs it, the holder's own
 * document and an audited reveal.
 */
import type { IdNumberColumn, PersonalData } from '../../lib/personal-data.js';
import type { SealedFields, StoredSealedFields } from '../signing/seal.js';

export const HOLDER_ID: IdNumberColumn = 'certificates.holder_id_number';

/** The fields the seal signs, with the holder's number opened. */
export function sealedFieldsOf(pd: PersonalData, r: StoredSealedFields): SealedFields {
  return {
    number: r.number,
    holder_name: r.holder_name,
    holder_id_type: r.holder_id_type,
    holder_id_number: pd.openIdNumber(HOLDER_ID, r.holder_id_number_enc),
    occupation_code: r.occupation_code,
    level: r.level,
    filing_no: r.filing_no,
    institution_name: r.institution_name,
    issued_on: r.issued_on,
  };
}

/** The masked number every view of a certificate shows. */
export const maskedHolderId = (pd: PersonalData, enc: string) => pd.maskedIdNumber(HOLDER_ID, enc);

/** Opens a holder's number: for `verifySeal` and the holder's document only. */
export const holderIdOpener = (pd: PersonalData) => (enc: string) => pd.openIdNumber(HOLDER_ID, enc);
