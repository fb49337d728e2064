/**
 * What audit needs from the signing module (a higher floor): signing a checkpoint of the chain
 * head with the platform key, and checking such a signature. Signing supplies it when it loads.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../database/schema.js';
import { port } from '../../lib/port.js';

export interface CheckpointSigner {
  /** signs with the platform's current Ed25519 key */
  sign(db: Kysely<DB>, keyDir: string, payload: Buffer): Promise<{ kid: string; signature: string }>;
  /** true when `signature` is the named key's signature of `payload` */
  verify(db: Kysely<DB>, keyDir: string, payload: Buffer, kid: string, signature: string): Promise<boolean>;
}
export const checkpointSigner = port<CheckpointSigner>('audit checkpoint signer (signing module)');
