/** Pure rules of the training module that need no database: places (TRAIN-13) and the gap after an assessment (TRAIN-11). */
import { ASSESSMENT_GAP_MONTHS } from '../../../../contract/limits.js';

/** `date` (yyyy-mm-dd) plus `months` calendar months; a day the month lacks falls to its last day (01-31 + 1 → 02-28). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const idx = y * 12 + (m - 1) + months;
  const year = Math.floor(idx / 12);
  const month = (idx % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * The city-level unit (市、济源示范区、省直管县) of a region, from its path in the reporting tree:
 * /410000/410100/410105/ → 410100; a 省直管县 /410000/410181/ is its own; the province has none.
 * TRAIN-13 calls training outside the provider's unit cross-region (“可在全市范围内组织开展培训工作”).
 */
export function cityUnitOf(path: string): string | null {
  return path.split('/').filter(Boolean)[1] ?? null;
}

export interface PreviousProject {
  classId: number;
  title: string;
  mode: 'offline' | 'online';
  startDate: string;
  assessedOn: string | null;
}

/**
 * TRAIN-11 (online training): a person whose last project was not assessed, or was assessed less than
 * a month before the next class opens, may not join the next subsidised class. Applies when this
 * class or the last project is online training. Returns why not, or null.
 */
export function assessmentGapViolation(
  prev: PreviousProject | null,
  next: { mode: 'offline' | 'online'; startDate: string },
): string | null {
  if (!prev || (prev.mode !== 'online' && next.mode !== 'online')) return null;
  const what = `上一个补贴性培训项目“${prev.title}”（${prev.startDate} 开班）`;
  if (!prev.assessedOn) return `${what}尚未考核，不得参加下一次补贴性培训`;
  const from = addMonths(prev.assessedOn, ASSESSMENT_GAP_MONTHS);
  if (next.startDate < from)
    return `${what}于 ${prev.assessedOn} 考核，距本班开班（${next.startDate}）不足一个月，须 ${from} 及以后开班的培训方可参加`;
  return null;
}
