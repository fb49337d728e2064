/**
 * The certificate seal: an Ed25519 signature over the fields a certificate carries, made at
 * issuance (and again on a correction), checked by the public verification. The caller hands in
 * the fields, so sealing never reads `certificates` itself; the keys are in `signing-keys.ts`.
 */
import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../database/schema.js';
import type { Deps } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { SIGN_SEALS, signSeals } from './seal-task.js';
import { currentSigner } from './signing-keys.js';
import { signingKey } from './signing.queries.js';

export interface SealedFields {
  number: string;
  holder_name: string;
  holder_id_type: string;
  holder_id_number: string;
  occupation_code: string;
  level: number;
  filing_no: string;
  institution_name: string;
  issued_on: string;
}

export function sealPayload(c: SealedFields): Buffer {
  return Buffer.from(sealPayloadText(c));
}

/** The text a seal signs: the fields in a fixed order, as JSON. */
function sealPayloadText(c: SealedFields): string {
  return JSON.stringify([
    c.number,
    c.holder_name,
    c.holder_id_type,
    c.holder_id_number,
    c.occupation_code,
    c.level,
    c.filing_no,
    c.institution_name,
    c.issued_on,
  ]);
}

export async function sealCertificate(
  db: Kysely<DB>,
  keyDir: string,
  c: SealedFields,
): Promise<{ seal: string; kid: string }> {
  const s = await currentSigner(db, keyDir);
  return { seal: sign(null, sealPayload(c), s.key).toString('base64url'), kid: s.kid };
}

/** Certificates whose seals one worker task signs (a few tens of milliseconds of CPU). */
export const SEAL_SHARE = 2_000;
/** Fewer certificates than this are sealed here: a trip to a worker costs more than their signatures. */
const POOLED_FROM = 100;

/**
 * Seals many certificates with the current key (read once), signed in the worker pool a share at a
 * time: one promise per share of `SEAL_SHARE` certificates, in order, so a caller can write the
 * first share while the next ones are signed. When every worker is busy and the pool's queue is
 * full, the share is signed here instead (the same signature): an issuance is never refused for
 * that. Without a pool (a script), or for a few certificates, every share is signed here.
 */
export async function sealShares(
  deps: Pick<Deps, 'workers'>,
  db: Kysely<DB>,
  keyDir: string,
  cs: readonly SealedFields[],
): Promise<Promise<{ seal: string; kid: string }[]>[]> {
  const s = await currentSigner(db, keyDir);
  const shares: Promise<{ seal: string; kid: string }[]>[] = [];
  for (let i = 0; i < cs.length; i += SEAL_SHARE) {
    const payloads = cs.slice(i, i + SEAL_SHARE).map(sealPayloadText);
    if (!deps.workers || cs.length < POOLED_FROM) {
      shares.push(Promise.resolve(signSeals(s.key, payloads).map((seal) => ({ seal, kid: s.kid }))));
      continue;
    }
    const signed = deps.workers.run(SIGN_SEALS, s.key, payloads).catch((e: unknown) => {
      if (e instanceof AppError && e.code === 'WORKERS_BUSY') return signSeals(s.key, payloads);
      throw e;
    });
    shares.push(signed.then((seals) => seals.map((seal) => ({ seal, kid: s.kid }))));
    // a share that fails is reported by the caller's await; none is left unhandled meanwhile
    shares.at(-1)!.catch(() => undefined);
  }
  return shares;
}

/**
 * The sealed fields as a certificate row stores them: the holder's ID number sealed at rest
 * (lib/personal-data.ts). The seal signs the plain number; it is opened only to check a seal this
 * server has not checked yet.
 */
export type StoredSealedFields = Omit<SealedFields, 'holder_id_number'> & { holder_id_number_enc: string };

/**
 * Seals already checked by this server, by signature: a hit counts only if the key id and every
 * stored field (the sealed ID number as stored) are the same as when it was checked, so an altered
 * row always misses and is checked afresh. Ed25519 verification costs ~100 µs, a hit well under
 * one microsecond and no decryption. Bounded; the oldest entries go first.
 */
const checkedSeals = new Map<string, { kid: string; fields: StoredSealedFields; ok: boolean }>();
export const SEAL_CACHE_MAX = 200_000;

const sameFields = (a: StoredSealedFields, b: StoredSealedFields) =>
  a.number === b.number &&
  a.holder_name === b.holder_name &&
  a.holder_id_type === b.holder_id_type &&
  a.holder_id_number_enc === b.holder_id_number_enc &&
  a.occupation_code === b.occupation_code &&
  a.level === b.level &&
  a.filing_no === b.filing_no &&
  a.institution_name === b.institution_name &&
  a.issued_on === b.issued_on;

/**
 * Checks a seal against the public key it names (keys are in the database, so every server checks
 * every seal). `openIdNumber` turns the stored number into the plain one the seal signs.
 */
export function verifySeal(
  db: Kysely<DB>,
  c: StoredSealedFields,
  seal: string | null,
  kid: string | null,
  openIdNumber: (enc: string) => string,
): boolean | Promise<boolean> {
  if (!seal || !kid) return false;
  const hit = checkedSeals.get(seal);
  if (hit && hit.kid === kid && sameFields(hit.fields, c)) return hit.ok; // synchronous: the verification hot path
  return checkSeal(db, c, seal, kid, openIdNumber);
}

/** Public keys by id, parsed once: a key's public half never changes. */
const publicKeys = new Map<string, KeyObject>();

async function checkSeal(
  db: Kysely<DB>,
  c: StoredSealedFields,
  seal: string,
  kid: string,
  openIdNumber: (enc: string) => string,
): Promise<boolean> {
  let pub = publicKeys.get(kid);
  if (!pub) {
    const row = await signingKey(db, kid);
    if (!row) return false;
    pub = createPublicKey(row.public_key_pem);
    publicKeys.set(kid, pub);
  }
  let holderIdNumber: string;
  try {
    holderIdNumber = openIdNumber(c.holder_id_number_enc);
  } catch {
    return false; // a sealed number that does not open was altered or moved: the data is not as sealed
  }
  const ok = verify(null, sealPayload({ ...c, holder_id_number: holderIdNumber }), pub, Buffer.from(seal, 'base64url'));
  if (checkedSeals.size >= SEAL_CACHE_MAX) checkedSeals.delete(checkedSeals.keys().next().value!);
  const {
    number,
    holder_name,
    holder_id_type,
    holder_id_number_enc,
    occupation_code,
    level,
    filing_no,
    institution_name,
    issued_on,
  } = c;
  checkedSeals.set(seal, {
    kid,
    fields: {
      number,
      holder_name,
      holder_id_type,
      holder_id_number_enc,
      occupation_code,
      level,
      filing_no,
      institution_name,
      issued_on,
    },
    ok,
  });
  return ok;
}
