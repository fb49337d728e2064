/** Pure rules of the non-exam pathways (CERT-3, CERT-4, CERT-5). */
import type { AwardRule } from '../../../../contract/api-pathways.js';

/** CERT-3: 1+X 高级 or 中级 → 三级/高级工; 1+X 初级 → 四级/中级工. */
export function recognitionLevel(xLevel: 'junior' | 'intermediate' | 'senior'): number {
  return xLevel === 'junior' ? 4 : 3;
}

/** CERT-4: 本科/专科 students → 三级; secondary vocational → 四级; anyone else has no process-based route. */
export function processLevel(studentType: string | null): number | null {
  if (studentType === 'undergraduate' || studentType === 'junior_college') return 3;
  if (studentType === 'secondary_vocational') return 4;
  return null;
}

/** A competition's award rule: a rank cut-off or a top percentage earns a level. */
export type { AwardRule };

/** CERT-5: the best level any rule grants for a rank among `participants` (null when none). */
export function competitionLevel(rules: AwardRule[], rank: number, participants: number): number | null {
  let best: number | null = null;
  for (const r of rules) {
    const byRank = r.maxRank !== undefined && rank <= r.maxRank;
    const byPercent = r.topPercent !== undefined && rank <= Math.floor((participants * r.topPercent) / 100);
    if ((byRank || byPercent) && (best === null || r.level < best)) best = r.level;
  }
  return best;
}

/** Example rules from the Tianjin practice (shared/domain/README.md). */
export const TIANJIN_RULES: Record<string, AwardRule[]> = {
  city_first: [{ maxRank: 10, level: 3 }],
  school: [{ topPercent: 30, level: 4 }],
};
