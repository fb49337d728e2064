/**
 * Certificate seals signed in a worker thread: an Ed25519 signature costs tens of microseconds,
 * so a batch of 10,000 certificates is about half a second of CPU that would otherwise hold up
 * every request the main thread serves, and that can run while the database writes the batch's
 * earlier certificates. Only `node:crypto` here: the thread loads nothing else.
 */
import { sign, type KeyObject } from 'node:crypto';
import { workerTask } from '../../lib/workers.js';

/** Signs each payload (a certificate's sealed fields as `sealPayload` writes them); the seals in order, base64url. */
export function signSeals(key: KeyObject, payloads: string[]): string[] {
  return payloads.map((p) => sign(null, Buffer.from(p), key).toString('base64url'));
}

export const SIGN_SEALS = workerTask<typeof signSeals>(import.meta.url, 'signSeals');
