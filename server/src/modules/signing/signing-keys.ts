/**
 * The platform's Ed25519 signing keys. Private keys are generated on first use into the key
 * directory (0700, files 0600), never into the database; public keys are in `signing_keys`, so
 * every app server verifies every signature, and rotation keeps old signatures verifiable.
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
import { checkpointSigner } from '../audit/ports.js';
import { activeSigningKeyIds, insertSigningKey, retireActiveSigningKeys, signingKey } from './signing.queries.js';

export interface Signer {
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

/** The key this server signs with: the newest active key whose private half it holds, else a new one. */
export function currentSigner(db: Kysely<DB>, keyDir: string): Promise<Signer> {
  const cacheKey = keyDir;
  const signers = signersOf(db);
  if (!signers.has(cacheKey)) {
    signers.set(
      cacheKey,
      (async () => {
        for (const k of await activeSigningKeyIds(db)) {
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
  await insertSigningKey(db, {
    kid,
    algorithm: 'Ed25519',
    public_key_pem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
    created_at: new Date().toISOString(),
    retired_at: null,
  });
  return { kid, key: privateKey };
}

/** Rotation: a new key signs from now on; the old ones stay to verify what they sealed. */
export async function rotateSigningKey(db: Kysely<DB>, keyDir: string) {
  await retireActiveSigningKeys(db, new Date().toISOString());
  const s = await createSigningKey(db, keyDir);
  signersOf(db).set(keyDir, Promise.resolve(s));
  return s.kid;
}

/** A key id as this module makes them: nothing that could leave the key directory when it names a file. */
const KID = /^[A-Za-z0-9_-]{1,40}$/;

/**
 * The public half of a key: from its private key file when this server holds it (a database
 * writer cannot swap that), else from `signing_keys`.
 */
export async function publicKeyOf(db: Kysely<DB>, keyDir: string, kid: string): Promise<KeyObject | null> {
  if (!KID.test(kid)) return null;
  const file = path.join(keyDir, `${kid}.pem`);
  if (fs.existsSync(file)) return createPublicKey(createPrivateKey(fs.readFileSync(file)));
  const row = await signingKey(db, kid);
  return row ? createPublicKey(row.public_key_pem) : null;
}

// the platform key also signs the audit trail's checkpoints (audit/audit-checkpoints.ts)
checkpointSigner.provide({
  async sign(db, keyDir, payload) {
    const s = await currentSigner(db, keyDir);
    return { kid: s.kid, signature: sign(null, payload, s.key).toString('base64url') };
  },
  async verify(db, keyDir, payload, kid, signature) {
    const key = await publicKeyOf(db, keyDir, kid);
    return !!key && verify(null, payload, key, Buffer.from(signature, 'base64url'));
  },
});

/**
 * The private keys in a key directory held to the public keys in `signing_keys` (after a
 * restore: do the keys belong to this database?). `unknown`: a key file no row names;
 * `activeWithoutPrivate`: an active key this directory cannot sign with.
 */
export async function checkKeyDir(db: Kysely<DB>, keyDir: string) {
  const out = {
    matched: [] as string[],
    mismatched: [] as string[],
    unknown: [] as string[],
    activeWithoutPrivate: [] as string[],
  };
  const files = fs.existsSync(keyDir) ? fs.readdirSync(keyDir).filter((f) => f.endsWith('.pem')) : [];
  const der = (k: KeyObject) => k.export({ type: 'spki', format: 'der' });
  for (const f of files) {
    const kid = f.slice(0, -'.pem'.length);
    const row = KID.test(kid) ? await signingKey(db, kid) : undefined;
    if (!row) {
      out.unknown.push(kid);
      continue;
    }
    const fromFile = createPublicKey(createPrivateKey(fs.readFileSync(path.join(keyDir, f))));
    (der(fromFile).equals(der(createPublicKey(row.public_key_pem))) ? out.matched : out.mismatched).push(kid);
  }
  for (const k of await activeSigningKeyIds(db))
    if (!files.includes(`${k.kid}.pem`)) out.activeWithoutPrivate.push(k.kid);
  return out;
}
