/**
 * Pure rules of competition awards (CERT-5): the places an award rule covers, the province's cap
 * per contest tier, and the 中职 cap (CERT-2) on the level a rule grants.
 */
import type { AwardRule } from '../../../../contract/api-pathways.js';
import { secondaryVocationalCap, type CandidateFacts } from '../assessment/eligibility.js';

/** The province's cap of a contest tier: places by rank and/or share, and the highest level (a digit). */
export interface TierCapRule {
  maxRank: number | null;
  maxPercent: number | null;
  maxLevel: number;
}

const LEVEL_NAME: Record<number, string> = { 1: '一级', 2: '二级', 3: '三级', 4: '四级', 5: '五级' };
const share = (participants: number, percent: number) => Math.floor((participants * percent) / 100);

/** The places (ranks 1..n) a rule covers among `participants`: its rank cut-off or its top share, rounded down. */
export function placesOf(rule: AwardRule, participants: number): number {
  const byRank = rule.maxRank ?? 0;
  const byShare = rule.topPercent !== undefined ? share(participants, rule.topPercent) : 0;
  return Math.min(participants, Math.max(byRank, byShare));
}

/** The places a tier's cap allows among `participants`: both limits apply when both are set. */
export function capPlaces(cap: TierCapRule, participants: number): number {
  let n = participants;
  if (cap.maxRank !== null) n = Math.min(n, cap.maxRank);
  if (cap.maxPercent !== null) n = Math.min(n, share(participants, cap.maxPercent));
  return n;
}

/** A cap in words: 前 10 名 → 三级; 前 30% → 四级; 前 10 名且不超过前 30% → 三级. */
export function capText(cap: TierCapRule): string {
  const reach = [
    cap.maxRank !== null ? `前 ${cap.maxRank} 名` : null,
    cap.maxPercent !== null ? `前 ${cap.maxPercent}%` : null,
  ]
    .filter(Boolean)
    .join('且不超过');
  return `${reach} → ${LEVEL_NAME[cap.maxLevel] ?? cap.maxLevel}`;
}

export const ruleText = (r: AwardRule) =>
  `${r.maxRank !== undefined ? `前 ${r.maxRank} 名` : `前 ${r.topPercent}%`} → ${LEVEL_NAME[r.level] ?? r.level}`;

/** Rules that name neither or both of a rank cut-off and a top share (each names exactly one). */
export function malformedRules(rules: AwardRule[]): number[] {
  return rules.flatMap((r, i) => ((r.maxRank === undefined) === (r.topPercent === undefined) ? [i] : []));
}

/**
 * CERT-5: every rule beyond the tier's cap, with why: a level above the highest grantable, or more
 * places than the cap allows among the declared entrants. Empty when all are within it.
 */
export function rulesOverCap(
  rules: AwardRule[],
  participants: number,
  cap: TierCapRule,
): { index: number; message: string }[] {
  const allowed = capPlaces(cap, participants);
  return rules.flatMap((r, index) => {
    const problems: string[] = [];
    if (r.level < cap.maxLevel)
      problems.push(`${LEVEL_NAME[r.level]}高于本级别竞赛最高可认定的${LEVEL_NAME[cap.maxLevel]}`);
    const places = placesOf(r, participants);
    if (places > allowed) problems.push(`覆盖前 ${places} 名，超过上限允许的前 ${allowed} 名（共 ${participants} 人）`);
    return problems.length
      ? [{ index, message: `规则 ${index + 1}（${ruleText(r)}）${problems.join('，')}；上限为${capText(cap)}` }]
      : [];
  });
}

/** The places the rules of a competition cover together: an award per place at most. */
export const placesCovered = (rules: AwardRule[], participants: number) =>
  Math.max(0, ...rules.map((r) => placesOf(r, participants)));

/**
 * CERT-2 on a competition award: the highest level, at or below the one the rule grants, that the
 * 中职 cap allows — 四级 for a 中职 student, 三级 for an outstanding graduate (graduating year
 * included). `capped` says why when the level was lowered.
 */
export function levelWithinSecondaryVocationalCap(
  level: number,
  situation: Pick<CandidateFacts, 'studentType' | 'graduationYear' | 'graduated'>,
  outstanding: boolean,
  on: Date,
): { level: number; capped: string | null } {
  for (const l of [level, 3, 4].filter((x, i, all) => x >= level && all.indexOf(x) === i))
    if (!secondaryVocationalCap(l, situation, outstanding, on))
      return {
        level: l,
        capped:
          l === level
            ? null
            : `中职学生最高认定四级，优秀毕业生（含毕业学年学生）最高三级：规则所定${LEVEL_NAME[level]}按${LEVEL_NAME[l]}认定`,
      };
  // unreachable: the cap never binds at 四级 or below
  return { level: Math.max(level, 4), capped: null };
}
