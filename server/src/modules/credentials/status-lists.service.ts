/**
 * Revocation and suspension published as signed Bitstring Status Lists, rebuilt on the first
 * request after a change in their range; and the offline document loader that resolves our DID and
 * our status lists without the network.
 *
 * A credential carries ONE status entry (Open Badges 3.0 allows one `credentialStatus`): a
 * `message` list with a 2-bit value per certificate (0 valid, 1 suspended, 2 revoked). Verifiers
 * that read `statusSize` find the value at bits 2i…2i+1 of the list; verifiers that do not yet
 * (today's @digitalbazaar and DCC libraries read the single bit i) find bit i set when the
 * certificate is not valid. Indexes start at LIST_SIZE so the two never share a bit: bits
 * [LIST_SIZE, 2·LIST_SIZE) hold the single-bit flags, bits [2·LIST_SIZE, 4·LIST_SIZE) the 2-bit
 * values. The size and the meaning of each value are in the credential's entry (`statusSize`,
 * `statusMessage`: the VC 2.0 context defines them there, not on the list). Credentials signed before carry two entries (`revocation`, `suspension`); those lists
 * are still published so every copy handed out keeps verifying.
 */
import * as bsl from '@digitalbazaar/vc-bitstring-status-list';
import type { Deps } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { certificateIdsWithStatus } from '../certificates/certificates.queries.js';
import { runTask } from '../../lib/workers.js';
import { bundledLoader, didDocument, issuerDid, signingMaterial, VC_V2 } from './issuer.js';
import { SIGN_CREDENTIALS } from './signing-task.js';
import { storedStatusList, storeStatusList } from './credentials.queries.js';

export const LIST_SIZE = 131_072; // certificates per status list (the minimum for herd privacy)

export type StatusPurpose = 'message' | 'revocation' | 'suspension';
const PURPOSES: readonly StatusPurpose[] = ['message', 'revocation', 'suspension'];

/** Bits per entry of the message list, and what each value means (the credential commits to these). */
export const STATUS_SIZE = 2;
export const STATUS_MESSAGES = [
  { status: '0x0', message: 'valid' },
  { status: '0x1', message: 'suspended' },
  { status: '0x2', message: 'revoked' },
  { status: '0x3', message: 'undefined' },
] as const;
const STATUS_VALUE = { suspended: 1, revoked: 2 } as const;

export const statusUrl = (deps: Deps, listId: number, purpose: StatusPurpose) =>
  `${deps.config.publicBaseUrl}/api/public/status/${listId}/${purpose}`;

/** The list and the entry index of a certificate in the message list. */
export function messageListPosition(certificateId: number) {
  return { listId: Math.floor(certificateId / LIST_SIZE), index: LIST_SIZE + (certificateId % LIST_SIZE) };
}

/** The 2-bit value at an entry of a decoded message list (first bit most significant). */
export function messageValueAt(list: { getStatus(i: number): boolean }, index: number): number {
  return (Number(list.getStatus(index * STATUS_SIZE)) << 1) | Number(list.getStatus(index * STATUS_SIZE + 1));
}

async function messageList(deps: Deps, listId: number) {
  const list = await bsl.createList({ length: 2 * LIST_SIZE * STATUS_SIZE });
  for (const status of ['suspended', 'revoked'] as const) {
    const ids = await certificateIdsWithStatus(deps.db, listId * LIST_SIZE, (listId + 1) * LIST_SIZE, status);
    for (const id of ids) {
      const { index } = messageListPosition(id);
      const value = STATUS_VALUE[status];
      list.setStatus(index * STATUS_SIZE, (value & 2) !== 0);
      list.setStatus(index * STATUS_SIZE + 1, (value & 1) !== 0);
      list.setStatus(index, true); // the single bit for verifiers that ignore statusSize
    }
  }
  return list;
}

async function singleBitList(deps: Deps, listId: number, purpose: 'revocation' | 'suspension') {
  const list = await bsl.createList({ length: LIST_SIZE });
  const flagged = await certificateIdsWithStatus(
    deps.db,
    listId * LIST_SIZE,
    (listId + 1) * LIST_SIZE,
    purpose === 'revocation' ? 'revoked' : 'suspended',
  );
  for (const id of flagged) list.setStatus(id % LIST_SIZE, true);
  return list;
}

/** A signed BitstringStatusListCredential, rebuilt after any status change in its range. */
export async function statusListCredential(deps: Deps, listId: number, purpose: StatusPurpose) {
  if (!Number.isInteger(listId) || listId < 0 || !PURPOSES.includes(purpose))
    throw new AppError('NOT_FOUND', '状态列表不存在');
  const cached = await storedStatusList(deps.db, listId, purpose);
  if (cached) return JSON.parse(cached);
  const list = purpose === 'message' ? await messageList(deps, listId) : await singleBitList(deps, listId, purpose);
  const unsigned = await bsl.createCredential({
    id: statusUrl(deps, listId, purpose),
    list,
    statusPurpose: purpose,
    context: [VC_V2],
  });
  // signed in a worker thread (RDF canonicalisation), like every credential
  const [json] = await runTask(
    deps,
    SIGN_CREDENTIALS,
    await signingMaterial(deps),
    [{ ...unsigned, issuer: issuerDid(deps.config.publicBaseUrl), validFrom: deps.clock.now().toISOString() }],
    false,
  );
  await storeStatusList(deps.db, listId, purpose, json, deps.clock.now().toISOString());
  return JSON.parse(json);
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
        document: await statusListCredential(deps, Number(listId), purpose as StatusPurpose),
      };
    }
    return bundledLoader()(url);
  };
}
