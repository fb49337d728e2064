/**
 * INST-1: whom a 院校类职业技能等级评价机构 evaluates — "面向本校学生（含在职教职工）" (Henan plan
 * 二（一）1). Social candidates go to a 面向社会人员的 institution, which a school may file for
 * separately (二（一）2); the other kinds have no such limit. Pure.
 */
import { inGraduatingYear } from '../../../../contract/school-year.js';

/** What decides it, from the platform's own records (never a client's flag). */
export interface PopulationFacts {
  institution: { kind: string; name: string };
  person: {
    name: string;
    /** the school the person's student record names */
    school_institution_id: number | null;
    in_school: number;
    graduation_year: number | null;
  };
  /** registered in the institution's staff registry as its own (in-service) examiner or internal supervisor */
  ownStaff: boolean;
  institutionId: number;
}

/**
 * Entering an evaluation (registration, roster import): a student of this school who is in school
 * or in the graduating school year (毕业学年, 1 September – 31 August), or its in-service staff.
 * Issuing a certificate: a student or graduate of this school (the time was judged on entry, and
 * CERT-4 recognises graduates), or its in-service staff. Returns why not, or null.
 */
export function outsidePopulation(f: PopulationFacts, stage: 'enter' | 'issue', on: string | Date): string | null {
  if (f.institution.kind !== 'college' || f.ownStaff) return null;
  const { person: p, institution: inst } = f;
  const ownSchool = p.school_institution_id === f.institutionId;
  const where = '院校类评价机构只面向本校学生（含在职教职工），社会人员请到面向社会人员的评价机构申报';
  if (!ownSchool) return `${p.name} 不是${inst.name}的学生或在职教职工；${where}`;
  if (stage === 'issue') return null;
  if (p.in_school === 1 || (p.graduation_year !== null && inGraduatingYear(p.graduation_year, on))) return null;
  return `${p.name} 已不在${inst.name}就读（${p.graduation_year ? `${p.graduation_year} 年毕业，` : ''}不在校且不在毕业学年）；${where}`;
}
