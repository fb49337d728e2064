/**
 * Who must hear, inside the same transaction, that a certificate changed: credentials rebuild the
 * status lists after a status change and re-sign the credential after a correction. A module above
 * certificates registers here at app start, so certificates never import it (the arrow points down).
 */
import type { Transaction } from 'kysely';
import type { DB } from '../../database/schema.js';

/** `status`: suspended, reinstated or revoked (CERT-12); `corrected`: what the document carries changed (CERT-11). */
export type CertificateChange = 'status' | 'corrected';
export type CertificateListener = (
  trx: Transaction<DB>,
  certificateId: number,
  change: CertificateChange,
) => Promise<void>;

const listeners = new Set<CertificateListener>();

/** Registers a listener once (registering the same function again changes nothing). */
export function onCertificateChange(listener: CertificateListener) {
  listeners.add(listener);
}

export async function certificateChanged(trx: Transaction<DB>, certificateId: number, change: CertificateChange) {
  for (const listener of listeners) await listener(trx, certificateId, change);
}
