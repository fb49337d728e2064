import { describe, expect, it } from 'vitest';
import { notFiledParty, notSchoolStudent, type StudentRecord } from './partners.rules.js';

const school = { id: 7, name: '开封市中等职业学校' };
const person = (f: Partial<StudentRecord>): StudentRecord => ({
  name: '学生甲',
  school_institution_id: 7,
  student_type: 'secondary_vocational',
  in_school: 1,
  graduation_year: 2028,
  ...f,
});

describe('the school’s students (CERT-3, CERT-6)', () => {
  it('CERT-3: a student on the school’s roster and in school is the school’s student', () => {
    expect(notSchoolStudent(person({}), school, '2026-12-01')).toBeNull();
  });
  it('CERT-3: a person of another school, or with no student data, is not', () => {
    expect(notSchoolStudent(person({ school_institution_id: 8 }), school, '2026-12-01')).toContain('不在');
    expect(notSchoolStudent(person({ school_institution_id: null }), school, '2026-12-01')).toContain('不在');
    expect(notSchoolStudent(person({ student_type: null }), school, '2026-12-01')).toContain('学生名册');
  });
  it('CERT-3: a class that has left counts until the end of its graduating school year (31 August), not after', () => {
    const left = person({ in_school: 0, graduation_year: 2026 });
    expect(notSchoolStudent(left, school, '2026-07-15')).toBeNull();
    expect(notSchoolStudent(left, school, '2026-08-31')).toBeNull();
    expect(notSchoolStudent(left, school, '2026-09-01')).toContain('不是在校或毕业学年学生');
    expect(notSchoolStudent(person({ in_school: 0, graduation_year: null }), school, '2026-07-15')).not.toBeNull();
  });
});

describe('filed parties (CERT-6)', () => {
  const filed = {
    name: '郑州宇通客车股份有限公司',
    status: 'filed',
    filing_no: 'Y000041000123',
    valid_until: '2027-05-01',
  };
  it('CERT-6: a filed institution within its validity may be a party; under rectification too', () => {
    expect(notFiledParty(filed, '2026-12-01')).toBeNull();
    expect(notFiledParty({ ...filed, status: 'rectification' }, '2026-12-01')).toBeNull();
  });
  it('CERT-6: an unfiled, suspended, revoked or expired institution may not', () => {
    expect(notFiledParty({ ...filed, status: 'unfiled', filing_no: null }, '2026-12-01')).toContain('尚未备案');
    expect(notFiledParty({ ...filed, status: 'suspended' }, '2026-12-01')).toContain('暂停');
    expect(notFiledParty({ ...filed, status: 'revoked' }, '2026-12-01')).toContain('取消备案');
    expect(notFiledParty(filed, '2027-05-02')).toContain('到期');
  });
});
