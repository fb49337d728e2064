/**
 * Who must hear, inside the same transaction, that a certificate changed: credentials rebuild the
 * status lists after a status change and re-sign the credential after a correction; targets keep
 * their progress aggregates equal to a recount after an issue or a status change. A module above
 * certificates registers here at app start, so certificates never import it (the arrow points down).
 */
import type { Transaction } from 'kysely';
import type { DB } from '../../database/schema.js';

/**
 * `issued`: a new certificate (CERT-7); `status`: suspended, reinstated or revoked (CERT-12);
 * `corrected`: what the document carries changed (CERT-11).
 */
export type CertificateChange = 'issued' | 'status' | 'corrected';
/** What the certificate was before the change: its status (null for a new one). */
export interface CertificateBefore {
  status: 'valid' | 'suspended' | 'revoked' | null;
}
export type CertificateListener = (
  trx: Transaction<DB>,
  certificateId: number,
  change: CertificateChange,
  before: CertificateBefore,
) => Promise<void>;

const listeners = new Set<CertificateListener>();

/** Registers a listener once (registering the same function again changes nothing). */
export function onCertificateChange(listener: CertificateListener) {
  listeners.add(listener);
}

export async function certificateChanged(
  trx: Transaction<DB>,
  certificateId: number,
  change: CertificateChange,
  before: CertificateBefore,
) {
  for (const listener of listeners) await listener(trx, certificateId, change, before);
}
