/**
 * Pure rules of who the school pathways reach (CERT-3, CERT-6): a school's own students, and
 * institutions that are filed and may act. Plain functions with plain tests.
 */
import { inGraduatingYear } from '../../../../contract/school-year.js';

/** What a learner's record says about their school. */
export interface StudentRecord {
  name: string;
  school_institution_id: number | null;
  student_type: string | null;
  in_school: number;
  graduation_year: number | null;
}

/**
 * CERT-3 (院校对取得1+X证书的学生可直接认定) and CERT-6 (企业……为院校学生提供认定服务): the
 * school's students on a business day (`YYYY-MM-DD`) are the people on its roster — recorded with
 * the school and a student type — who are in school, or who graduate at the end of the school year
 * now running (毕业学年, contract/school-year.ts). A former graduate, another school's student or
 * a person without student data is not. Returns why not, or null.
 */
export function notSchoolStudent(l: StudentRecord, school: { id: number; name: string }, day: string): string | null {
  if (l.school_institution_id !== school.id || !l.student_type) return `${l.name} 不在${school.name}的学生名册上`;
  if (l.in_school === 1) return null;
  if (l.graduation_year !== null && inGraduatingYear(l.graduation_year, day)) return null;
  return `${l.name} 已不在${school.name}就读（${l.graduation_year ?? '—'} 届），不是在校或毕业学年学生`;
}

/** An institution's filing state, as the registry keeps it. */
export interface FilingState {
  name: string;
  status: string;
  filing_no: string | null;
  valid_until: string | null;
}

/**
 * CERT-6 (由已备案开展职业技能等级认定的企业……; 院校经人力资源社会保障部门备案后……): a party to
 * enterprise cooperation is filed, not suspended or revoked, and within its filing's validity on
 * `day`. Returns why not, or null.
 */
export function notFiledParty(i: FilingState, day: string): string | null {
  if (i.status === 'unfiled' || !i.filing_no) return `${i.name} 尚未备案`;
  if (i.status === 'revoked') return `${i.name} 已被取消备案`;
  if (i.status === 'suspended') return `${i.name} 已暂停评价活动`;
  if (i.valid_until && i.valid_until < day) return `${i.name} 的备案已于 ${i.valid_until} 到期`;
  return null;
}
