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

/** Signs each credential (contexts from the bundled loader: nothing is fetched) and returns them in order. */
export async function signCredentials(key: SigningMaterial, credentials: object[]): Promise<object[]> {
  if (cached?.kid !== key.kid) cached = { kid: key.kid, suite: suiteOf(key) };
  const suite = await cached.suite;
  const out: object[] = [];
  for (const credential of credentials)
    out.push(await vc.issue({ credential, suite, documentLoader: bundledLoader() as never }));
  return out;
}

export const SIGN_CREDENTIALS = workerTask<typeof signCredentials>(import.meta.url, 'signCredentials');
