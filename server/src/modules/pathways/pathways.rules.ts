/** Pure rules of the non-exam pathways (CERT-3, CERT-4, CERT-5). */
import type { AwardRule } from '../../../../contract/api-pathways.js';
import { graduatingClassOn, inGraduatingYear } from '../../../../contract/school-year.js';

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

/**
 * CERT-4: 毕业生或毕业学年学生 — a student in the graduating school year (1 September – 31 August),
 * or a graduate: out of school and past the graduating year.
 */
export function graduateOrGraduatingYear(graduationYear: number | null, inSchool: boolean, on: string | Date): boolean {
  if (graduationYear === null) return false;
  if (inGraduatingYear(graduationYear, on)) return true;
  return !inSchool && graduationYear < graduatingClassOn(on);
}

/** A course or skill assessment result as sent: the score, and perhaps the sender's own verdict. */
export interface SentResult {
  name: string;
  score: number;
  passed?: boolean;
}

/**
 * CERT-4: the platform's verdict on each result from its score and the standard's pass mark
 * (a score at or above the pass mark passes), and the sent verdicts that contradict it.
 */
export function judgeResults(results: SentResult[], passMark: number) {
  const judged = results.map((r) => ({ name: r.name, score: r.score, passed: r.score >= passMark }));
  return {
    judged,
    failed: judged.filter((r) => !r.passed).map((r) => r.name),
    contradicted: results
      .map((r, i) => ({ ...judged[i], index: i, sent: r.passed }))
      .filter((r) => r.sent !== undefined && r.sent !== r.passed),
  };
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
