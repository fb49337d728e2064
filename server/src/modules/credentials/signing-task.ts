/**
 * Signing Verifiable Credentials in a worker thread (issue 17): a Data Integrity proof needs the
 * RDF canonicalisation of the credential, tens of milliseconds of CPU each, which must not hold up
 * the requests the main thread serves. The main thread claims, builds and stores; this signs.
 */
import * as vc from '@digitalbazaar/vc';
import { workerTask } from '../../lib/workers.js';
import { bundledLoader, suiteOf, type SigningMaterial } from './issuer.js';

// one suite per key in each thread: building it from the JWK costs a little, signing reuses it
let cached: { kid: string; suite: Promise<Awaited<ReturnType<typeof suiteOf>>> } | null = null;

/**
 * Signs each credential (contexts from the bundled loader: nothing is fetched) and returns each as
 * the JSON text to store, in order; with `proofSet` the `proof` is an array (Open Badges 3.0 takes a
 * proof set; a status list keeps the single proof of the Bitstring Status List examples). Text rather than
 * objects: the request thread receives 25 strings instead of 25 trees of small objects to copy,
 * collect and stringify again.
 */
export async function signCredentials(
  key: SigningMaterial,
  credentials: object[],
  proofSet: boolean,
): Promise<string[]> {
  if (cached?.kid !== key.kid) cached = { kid: key.kid, suite: suiteOf(key) };
  const suite = await cached.suite;
  const out: string[] = [];
  for (const credential of credentials) {
    const signed = (await vc.issue({ credential, suite, documentLoader: bundledLoader() as never })) as {
      proof: unknown;
    };
    const proof = proofSet && !Array.isArray(signed.proof) ? [signed.proof] : signed.proof;
    out.push(JSON.stringify({ ...signed, proof }));
  }
  return out;
}

export const SIGN_CREDENTIALS = workerTask<typeof signCredentials>(import.meta.url, 'signCredentials');
