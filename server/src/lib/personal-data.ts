/**
 * Personal data at rest (issue 11, item 3): what the platform stores for an identity document
 * number or a second-factor secret, and the only ways back to the full value.
 *
 * - An ID number is stored as two columns: `<column>_enc`, sealed with AES-256-GCM under the
 *   column's own name as associated data (lib/field-crypto.ts: a value copied into another column
 *   does not open), and `<column>_hash`, the keyed HMAC of the normalised number. The hash is the
 *   same for every column, so a person is found by number, a certificate by its holder's number,
 *   and a unique key holds, without decrypting anything. Nothing stored reads as the number, and
 *   nothing partial is stored either (a masked copy beside the birth date would give most of it away).
 * - Every view shows the masked form (`maskIdNumber`), derived here from the sealed value.
 * - The full number leaves only through `openIdNumber`, which callers use for an audited reveal
 *   with its reason, an export whose purpose is recorded, a document of the holder's own (the
 *   certificate) or the certificate's seal, which signs it.
 *
 * The keys never enter the database: `<keyDir>/data-keys.json` or the environment (README
 * "Personal data"); `npm run keys:rotate-data` adds a key and re-seals every value under it.
 */
import type { Config } from '../config.js';
import { fieldCipher, forgetFieldCipher, type FieldCipher } from './field-crypto.js';
import { maskIdNumber } from './identity.js';

/** The columns that hold a sealed ID number (each value is sealed under its column's name). */
export type IdNumberColumn = 'learners.id_number' | 'certificates.holder_id_number';
/** The columns that hold another sealed secret. */
export type SecretColumn = 'second_factors.secret';

/** The field name of the look-up hash: one for every ID number column, so hashes compare across tables. */
export const ID_NUMBER_LOOKUP = 'id_number';

/** The form an ID number is compared in: trimmed, upper case (an `x` check character is an `X`). */
export function normalizeIdNumber(idNumber: string): string {
  return idNumber.trim().toUpperCase();
}

/** What a column stores for one ID number. */
export interface StoredIdNumber {
  enc: string;
  hash: string;
}

/** What a view shows for a stored number that does not open with this installation's keys. */
export const UNREADABLE_ID_NUMBER = '（证件号码无法解密）';

/** Masked forms by sealed value, so lists and the verification hot path decrypt once per value. */
const MASKED_CACHE_MAX = 50_000;

export class PersonalData {
  readonly #masked = new Map<string, string>();
  #cipher: FieldCipher;
  /**
   * @param reload reads the keys again: a value sealed under a key this process has not seen yet
   *   (another server or `npm run keys:rotate-data` added it to the key file) opens after one reload
   */
  constructor(
    cipher: FieldCipher,
    private readonly reload: (() => FieldCipher) | null = null,
  ) {
    this.#cipher = cipher;
  }

  get cipher(): FieldCipher {
    return this.#cipher;
  }

  #open(sealed: string, field: string): string {
    if (this.reload && !this.#cipher.knowsKeyOf(sealed)) this.#cipher = this.reload();
    return this.#cipher.open(sealed, field);
  }

  /** The sealed value and the look-up hash a column stores for a number (normalised here). */
  storeIdNumber(column: IdNumberColumn, idNumber: string): StoredIdNumber {
    const n = normalizeIdNumber(idNumber);
    return { enc: this.#cipher.seal(n, column), hash: this.idNumberHash(n) };
  }

  /** The keyed hash a number is looked up by, in every table. */
  idNumberHash(idNumber: string): string {
    return this.#cipher.lookup(ID_NUMBER_LOOKUP, normalizeIdNumber(idNumber));
  }

  /**
   * The masked number (`410***********1234`) of a sealed value: what every view shows. A value that
   * does not open (altered, or copied from another column) shows as such rather than failing the
   * whole page; the certificate's seal check fails on it.
   */
  maskedIdNumber(column: IdNumberColumn, enc: string): string {
    const key = `${column}|${enc}`;
    let m = this.#masked.get(key);
    if (m === undefined) {
      try {
        m = maskIdNumber(this.#open(enc, column));
      } catch {
        return UNREADABLE_ID_NUMBER;
      }
      if (this.#masked.size >= MASKED_CACHE_MAX) this.#masked.delete(this.#masked.keys().next().value!);
      this.#masked.set(key, m);
    }
    return m;
  }

  /**
   * The full number of a sealed value. Only for an audited reveal, an export with a recorded
   * purpose, the holder's own document, or a seal that signs it; never for a list or a log.
   */
  openIdNumber(column: IdNumberColumn, enc: string): string {
    return this.#open(enc, column);
  }

  sealSecret(column: SecretColumn, secret: string): string {
    return this.#cipher.seal(secret, column);
  }

  openSecret(column: SecretColumn, sealed: string): string {
    return this.#open(sealed, column);
  }
}

const instances = new WeakMap<FieldCipher, PersonalData>();
const byConfig = new WeakMap<object, PersonalData>();

/** This installation's personal-data keys, from the configuration (the environment's, else the key file). */
export function personalData(config: Pick<Config, 'keyDir' | 'dataKeys' | 'lookupKey'>): PersonalData {
  const known = byConfig.get(config); // the hot paths ask once per request: no key file look-up each time
  if (known) return known;
  const fromEnvironment = !!(config.dataKeys || config.lookupKey);
  const cipher = fieldCipher(
    config.keyDir,
    fromEnvironment ? { SKILLCERT_DATA_KEYS: config.dataKeys, SKILLCERT_LOOKUP_KEY: config.lookupKey } : {},
  );
  let pd = instances.get(cipher);
  if (!pd) {
    // keys from the environment change only with a restart; a key file may gain a key meanwhile
    const reload = fromEnvironment
      ? null
      : () => {
          forgetFieldCipher(config.keyDir);
          return fieldCipher(config.keyDir, {});
        };
    instances.set(cipher, (pd = new PersonalData(cipher, reload)));
  }
  byConfig.set(config, pd);
  return pd;
}

/** Forgets what was read for a configuration (its keys were rotated: the next call reads them again). */
export function forgetPersonalData(config: object): void {
  byConfig.delete(config);
}
