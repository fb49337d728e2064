/**
 * Revocation and suspension published as signed Bitstring Status Lists, one pair per 131,072
 * certificates, rebuilt on the first request after a change in their range; and the offline
 * document loader that resolves our DID and our status lists without the network.
 */
import * as bsl from '@digitalbazaar/vc-bitstring-status-list';
import type { Deps } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { certificateIdsWithStatus } from '../certificates/certificates.queries.js';
import { runTask } from '../../lib/workers.js';
import { bundledLoader, didDocument, issuerDid, signingMaterial, VC_V2 } from './issuer.js';
import { SIGN_CREDENTIALS } from './signing-task.js';
import { storedStatusList, storeStatusList } from './credentials.queries.js';

export const LIST_SIZE = 131_072; // bits per status list (16 KB, the minimum for herd privacy)

export const statusUrl = (deps: Deps, listId: number, purpose: string) =>
  `${deps.config.publicBaseUrl}/api/public/status/${listId}/${purpose}`;

/** A signed BitstringStatusListCredential, rebuilt after any status change in its range. */
export async function statusListCredential(deps: Deps, listId: number, purpose: 'revocation' | 'suspension') {
  if (!Number.isInteger(listId) || listId < 0 || (purpose !== 'revocation' && purpose !== 'suspension'))
    throw new AppError('NOT_FOUND', '状态列表不存在');
  const cached = await storedStatusList(deps.db, listId, purpose);
  if (cached) return JSON.parse(cached);
  const list = await bsl.createList({ length: LIST_SIZE });
  const flagged = await certificateIdsWithStatus(
    deps.db,
    listId * LIST_SIZE,
    (listId + 1) * LIST_SIZE,
    purpose === 'revocation' ? 'revoked' : 'suspended',
  );
  for (const id of flagged) list.setStatus(id % LIST_SIZE, true);
  const unsigned = await bsl.createCredential({
    id: statusUrl(deps, listId, purpose),
    list,
    statusPurpose: purpose,
    context: [VC_V2],
  });
  // signed in a worker thread (RDF canonicalisation), like every credential
  const [credential] = await runTask(deps, SIGN_CREDENTIALS, await signingMaterial(deps), [
    { ...unsigned, issuer: issuerDid(deps.config.publicBaseUrl), validFrom: deps.clock.now().toISOString() },
  ]);
  await storeStatusList(deps.db, listId, purpose, JSON.stringify(credential), deps.clock.now().toISOString());
  return credential;
}

/** Offline document loader: bundled contexts, our DID document and our status lists. */
export function documentLoader(deps: Deps) {
  const did = issuerDid(deps.config.publicBaseUrl);
  const statusPrefix = `${deps.config.publicBaseUrl}/api/public/status/`;
  return async (url: string) => {
    if (url === did || url.startsWith(`${did}#`)) {
      const doc = await didDocument(deps);
      if (url === did) return { contextUrl: null, documentUrl: url, document: doc };
      const vm = doc.verificationMethod.find((m) => m.id === url);
      if (!vm) throw new Error(`unknown verification method ${url}`);
      return {
        contextUrl: null,
        documentUrl: url,
        document: { '@context': 'https://w3id.org/security/multikey/v1', ...vm },
      };
    }
    if (url.startsWith(statusPrefix)) {
      const [listId, purpose] = url.slice(statusPrefix.length).split('/');
      return {
        contextUrl: null,
        documentUrl: url,
        document: await statusListCredential(deps, Number(listId), purpose as 'revocation' | 'suspension'),
      };
    }
    return bundledLoader()(url);
  };
}
