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

/** Hears a batch of new certificates at once (a batch issuance), instead of one `issued` call each. */
export type CertificatesIssuedListener = (trx: Transaction<DB>, certificateIds: readonly number[]) => Promise<void>;

const listeners = new Map<CertificateListener, CertificatesIssuedListener | undefined>();

/**
 * Registers a listener once (registering the same function again changes nothing); `issued`, when
 * given, hears a batch of new certificates in one call (it must do what the listener would do for
 * each of them), else the listener is called once per certificate.
 */
export function onCertificateChange(listener: CertificateListener, issued?: CertificatesIssuedListener) {
  listeners.set(listener, issued);
}

/** New certificates (CERT-7), all in the caller's transaction. */
export async function certificatesIssued(trx: Transaction<DB>, certificateIds: readonly number[]) {
  for (const [listener, issued] of listeners) {
    if (issued) await issued(trx, certificateIds);
    else for (const id of certificateIds) await listener(trx, id, 'issued', { status: null });
  }
}

export async function certificateChanged(
  trx: Transaction<DB>,
  certificateId: number,
  change: CertificateChange,
  before: CertificateBefore,
) {
  for (const listener of listeners.keys()) await listener(trx, certificateId, change, before);
}
