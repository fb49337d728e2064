/**
 * Who must hear, inside the same transaction, that a 1+X certificate was recorded: targets count it
 * in their progress aggregates (CERT-8, apart from skill certificates). A module above pathways
 * registers here at app start, so pathways never import it (the arrow points down).
 */
import type { Transaction } from 'kysely';
import type { DB } from '../../database/schema.js';

export type HoldingListener = (trx: Transaction<DB>, holdingId: number) => Promise<void>;

const listeners = new Set<HoldingListener>();

/** Registers a listener once (registering the same function again changes nothing). */
export function onHoldingRecorded(listener: HoldingListener) {
  listeners.add(listener);
}

export async function holdingRecorded(trx: Transaction<DB>, holdingId: number) {
  for (const listener of listeners) await listener(trx, holdingId);
}
