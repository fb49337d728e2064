/**
 * Staffing of an exam room, per the occupation standard (typical figures: theory invigilators
 * 1:15 and at least 2 per room; practical examiners 1:5 and at least 3, an odd number; review
 * panels at least 3, odd). Pure.
 */
export interface StaffingRule {
  invigilator_ratio: number;
  min_invigilators: number;
  examiner_ratio: number;
  min_examiners: number;
  min_panel: number;
}

export function requiredStaff(
  part: 'theory' | 'practical' | 'panel',
  candidates: number,
  r: StaffingRule,
): { duty: 'invigilator' | 'examiner' | 'panel'; min: number; odd: boolean } {
  if (part === 'theory')
    return {
      duty: 'invigilator',
      min: Math.max(r.min_invigilators, Math.ceil(candidates / r.invigilator_ratio)),
      odd: false,
    };
  if (part === 'practical') {
    const n = Math.max(r.min_examiners, Math.ceil(candidates / r.examiner_ratio));
    return { duty: 'examiner', min: n % 2 ? n : n + 1, odd: true };
  }
  const n = r.min_panel;
  return { duty: 'panel', min: n % 2 ? n : n + 1, odd: true };
}

/** Returns what is wrong with a room's staffing, or null when it meets the standard. */
export function staffingProblem(
  part: 'theory' | 'practical' | 'panel',
  candidates: number,
  staff: number,
  r: StaffingRule,
): string | null {
  const need = requiredStaff(part, candidates, r);
  const label = { invigilator: '监考人员', examiner: '考评员', panel: '评审专家' }[need.duty];
  if (staff < need.min) return `${candidates} 名考生至少需 ${need.min} 名${label}，现有 ${staff} 名`;
  if (need.odd && staff % 2 === 0) return `${label}人数须为奇数，现有 ${staff} 名`;
  return null;
}

/** A person put on duty in a room, with the occupations the staff registry qualifies them for. */
export interface DutyPerson {
  name: string;
  kind: 'examiner' | 'senior_examiner' | 'quality_supervisor' | 'expert';
  occupationIds: readonly number[];
}

/**
 * INST-3: who may examine. Examiners (考评人员) are qualified per occupation (工种): everyone who
 * examines a practical part or sits on a review panel holds a qualification in the session's
 * occupation. 二级/一级 (技师/高级技师) are examined by 高级考评员 only; industry experts on a review
 * panel are not examiners and need no examiner grade. Invigilating a theory exam is not 考评, so
 * invigilators are not checked. Returns one message per person who does not qualify. Pure.
 */
export function qualificationProblems(
  part: 'theory' | 'practical' | 'panel',
  occupation: { id: number; name: string },
  level: number,
  people: readonly DutyPerson[],
): string[] {
  if (part === 'theory') return [];
  const out: string[] = [];
  for (const p of people) {
    if (!p.occupationIds.includes(occupation.id)) out.push(`${p.name} 不具备${occupation.name}的考评资格`);
    else if (level <= 2 && p.kind === 'examiner')
      out.push(`${p.name} 不是高级考评员，不能考评${occupation.name}${LEVEL_NAMES[level]}`);
  }
  return out;
}

const LEVEL_NAMES: Record<number, string> = { 1: '一级/高级技师', 2: '二级/技师' };
