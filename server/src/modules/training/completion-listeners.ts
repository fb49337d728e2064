/**
 * Who must hear, inside the same transaction, that a trainee's completion test was recorded:
 * targets count passed completions as training person-times (TGT-1) in their progress aggregates.
 * A module above training registers here at app start, so training never imports it.
 */
import type { Transaction } from 'kysely';
import type { DB } from '../../database/schema.js';

export type CompletionListener = (trx: Transaction<DB>, completionId: number) => Promise<void>;

const listeners = new Set<CompletionListener>();

/** Registers a listener once (registering the same function again changes nothing). */
export function onCompletionRecorded(listener: CompletionListener) {
  listeners.add(listener);
}

export async function completionRecorded(trx: Transaction<DB>, completionId: number) {
  for (const listener of listeners) await listener(trx, completionId);
}
