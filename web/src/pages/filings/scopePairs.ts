/**
 * The scope picker's rows (one occupation with its ticked levels, INST-4) and the API's
 * (occupation, level) pairs, both ways. Pure, so it is unit-tested.
 */
import type { ScopeInput } from '../../../../contract/api-institutions.js';

export interface ScopeRow {
  occupationId?: number;
  levels?: number[];
  specId?: number | null;
}
/** An (occupation, level) pair as the filing API takes it. */
export type ScopePair = ScopeInput;

/** Groups an application's pairs back into picker rows, occupations in first-seen order. */
export function rowsOf(scopes: ScopePair[]): ScopeRow[] {
  const byOcc = new Map<number, ScopeRow>();
  for (const s of scopes) {
    const r = byOcc.get(s.occupationId) ?? { occupationId: s.occupationId, levels: [], specId: s.specId ?? null };
    r.levels!.push(s.level);
    byOcc.set(s.occupationId, r);
  }
  return [...byOcc.values()];
}

/** Picker rows → pairs: occupation × each ticked level; rows without an occupation are skipped. */
export function pairsOf(rows: ScopeRow[]): { occupationId: number; level: number; specId?: number }[] {
  return rows.flatMap((r) =>
    r.occupationId
      ? [...new Set(r.levels ?? [])].map((level) => ({
          occupationId: r.occupationId!,
          level,
          ...(r.specId ? { specId: r.specId } : {}),
        }))
      : [],
  );
}
