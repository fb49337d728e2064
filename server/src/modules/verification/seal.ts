/**
 * The certificate seal: an Ed25519 signature over the fields a certificate carries, made at
 * issuance (and again on a correction), checked by the public verification. Private keys are
 * generated on first use into the key directory (0700, files 0600), never into the database;
 * public keys are in `signing_keys`, so every app server verifies every seal, and rotation keeps
 * old seals verifiable.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../../database/schema.js';

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
  return Buffer.from(
    JSON.stringify([
      c.number,
      c.holder_name,
      c.holder_id_type,
      c.holder_id_number,
      c.occupation_code,
      c.level,
      c.filing_no,
      c.institution_name,
      c.issued_on,
    ]),
  );
}

interface Signer {
  kid: string;
  key: KeyObject;
}
// per database and key directory (a process may serve, or a bench may load, more than one database)
const signersByDb = new WeakMap<Kysely<DB>, Map<string, Promise<Signer>>>();
const signersOf = (db: Kysely<DB>) => {
  let m = signersByDb.get(db);
  if (!m) signersByDb.set(db, (m = new Map()));
  return m;
};
const publicKeys = new Map<string, KeyObject>();

/** The key this server signs with: the newest active key whose private half it holds, else a new one. */
export function currentSigner(db: Kysely<DB>, keyDir: string): Promise<Signer> {
  const cacheKey = keyDir;
  const signers = signersOf(db);
  if (!signers.has(cacheKey)) {
    signers.set(
      cacheKey,
      (async () => {
        const active = await db
          .selectFrom('signing_keys')
          .select(['kid'])
          .where('retired_at', 'is', null)
          .orderBy('created_at', 'desc')
          .execute();
        for (const k of active) {
          const file = path.join(keyDir, `${k.kid}.pem`);
          if (fs.existsSync(file)) return { kid: k.kid, key: createPrivateKey(fs.readFileSync(file)) };
        }
        return createSigningKey(db, keyDir);
      })().catch((e) => {
        signers.delete(cacheKey);
        throw e;
      }),
    );
  }
  return signers.get(cacheKey)!;
}

export async function createSigningKey(db: Kysely<DB>, keyDir: string): Promise<Signer> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const kid = `ed25519-${new Date().toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(4).toString('hex')}`;
  fs.mkdirSync(keyDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(keyDir, 0o700);
  fs.writeFileSync(path.join(keyDir, `${kid}.pem`), privateKey.export({ type: 'pkcs8', format: 'pem' }), {
    mode: 0o600,
  });
  await db
    .insertInto('signing_keys')
    .values({
      kid,
      algorithm: 'Ed25519',
      public_key_pem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
      created_at: new Date().toISOString(),
      retired_at: null,
    })
    .execute();
  return { kid, key: privateKey };
}

/** Rotation: a new key signs from now on; the old ones stay to verify what they sealed. */
export async function rotateSigningKey(db: Kysely<DB>, keyDir: string) {
  await db
    .updateTable('signing_keys')
    .set({ retired_at: new Date().toISOString() })
    .where('retired_at', 'is', null)
    .execute();
  const s = await createSigningKey(db, keyDir);
  signersOf(db).set(keyDir, Promise.resolve(s));
  return s.kid;
}

export async function sealCertificate(
  db: Kysely<DB>,
  keyDir: string,
  c: SealedFields,
): Promise<{ seal: string; kid: string }> {
  const s = await currentSigner(db, keyDir);
  return { seal: sign(null, sealPayload(c), s.key).toString('base64url'), kid: s.kid };
}

/**
 * Seals already checked by this server, by signature: a hit counts only if the key id and every
 * signed field are the same as when it was checked, so an altered row always misses and is
 * checked afresh. Ed25519 verification costs ~100 µs, a hit well under one microsecond.
 * Bounded; the oldest entries go first.
 */
const checkedSeals = new Map<string, { kid: string; fields: SealedFields; ok: boolean }>();
export const SEAL_CACHE_MAX = 200_000;

const sameFields = (a: SealedFields, b: SealedFields) =>
  a.number === b.number &&
  a.holder_name === b.holder_name &&
  a.holder_id_type === b.holder_id_type &&
  a.holder_id_number === b.holder_id_number &&
  a.occupation_code === b.occupation_code &&
  a.level === b.level &&
  a.filing_no === b.filing_no &&
  a.institution_name === b.institution_name &&
  a.issued_on === b.issued_on;

/** Checks a seal against the public key it names (keys are in the database, so every server checks every seal). */
export function verifySeal(
  db: Kysely<DB>,
  c: SealedFields,
  seal: string | null,
  kid: string | null,
): boolean | Promise<boolean> {
  if (!seal || !kid) return false;
  const hit = checkedSeals.get(seal);
  if (hit && hit.kid === kid && sameFields(hit.fields, c)) return hit.ok; // synchronous: the verification hot path
  return checkSeal(db, c, seal, kid);
}

async function checkSeal(db: Kysely<DB>, c: SealedFields, seal: string, kid: string): Promise<boolean> {
  let pub = publicKeys.get(kid);
  if (!pub) {
    const row = await db.selectFrom('signing_keys').select('public_key_pem').where('kid', '=', kid).executeTakeFirst();
    if (!row) return false;
    pub = createPublicKey(row.public_key_pem);
    publicKeys.set(kid, pub);
  }
  const ok = verify(null, sealPayload(c), pub, Buffer.from(seal, 'base64url'));
  if (checkedSeals.size >= SEAL_CACHE_MAX) checkedSeals.delete(checkedSeals.keys().next().value!);
  const {
    number,
    holder_name,
    holder_id_type,
    holder_id_number,
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
      holder_id_number,
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

/** Seals certificates that have none (a database from before seals existed); returns how many. */
export async function sealMissing(db: Kysely<DB>, keyDir: string, batch = 1000): Promise<number> {
  let total = 0;
  for (;;) {
    const rows = await db
      .selectFrom('certificates')
      .select([
        'id',
        'number',
        'holder_name',
        'holder_id_type',
        'holder_id_number',
        'occupation_code',
        'level',
        'filing_no',
        'institution_name',
        'issued_on',
      ])
      .where('seal', 'is', null)
      .orderBy('id')
      .limit(batch)
      .execute();
    if (!rows.length) return total;
    await db.transaction().execute(async (trx) => {
      for (const r of rows) {
        const { seal, kid } = await sealCertificate(trx, keyDir, r);
        await trx.updateTable('certificates').set({ seal, seal_kid: kid }).where('id', '=', r.id).execute();
      }
    });
    total += rows.length;
  }
}
