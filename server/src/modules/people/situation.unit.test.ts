import { describe, expect, it } from 'vitest';
import { applyClaim, initialSituation, type Situation } from './situation.js';

const SCHOOL = { id: 1, name: '郑州智能制造职业学院' };
const OTHER_SCHOOL = { id: 2, name: '郑州市第一技师学院' };
const worker: Situation = { studentType: null, school: null, major: null, graduationYear: null, inSchool: false };
const student: Situation = {
  studentType: 'junior_college',
  school: SCHOOL,
  major: '电气自动化技术',
  graduationYear: 2027,
  inSchool: true,
};

describe('a person’s student situation (CERT-10: a person is not a record)', () => {
  it('CERT-10: a worker later enrolled by a school becomes its in-school student; the changed fields are listed', () => {
    const out = applyClaim(
      worker,
      { studentType: 'junior_college', major: '电气自动化技术', graduationYear: 2027, inSchool: true },
      { school: SCHOOL },
    );
    expect(out).toEqual({
      kind: 'changed',
      situation: student,
      before: { studentType: null, school: null, major: null, graduationYear: null, inSchool: false },
      after: {
        studentType: 'junior_college',
        school: SCHOOL,
        major: '电气自动化技术',
        graduationYear: 2027,
        inSchool: true,
      },
    });
  });

  it('CERT-10: an employer registering the school’s student as a worker does not erase the status; it is kept with the reason', () => {
    const out = applyClaim(student, { studentType: null, inSchool: false }, { school: null });
    expect(out.kind).toBe('kept');
    expect(out.situation).toBe(student);
    if (out.kind !== 'kept') return;
    expect(out.before).toEqual({ inSchool: true });
    expect(out.after).toEqual({ inSchool: false });
    expect(out.note).toBe('学生身份由郑州智能制造职业学院登记，只能由该校更改；本次报名按该校登记的情况办理');
  });

  it('CERT-10: nor can another institution rewrite the school’s graduation year or major, or another school call its student a social candidate', () => {
    expect(applyClaim(student, { graduationYear: 2030, major: '焊接' }, { school: null }).kind).toBe('kept');
    expect(applyClaim(student, { inSchool: false }, { school: OTHER_SCHOOL }).kind).toBe('kept');
  });

  it('CERT-10: the school itself may say its student has left; the rest of the record stays', () => {
    const out = applyClaim(student, { inSchool: false }, { school: SCHOOL });
    expect(out).toMatchObject({
      kind: 'changed',
      situation: { ...student, inSchool: false },
      after: { inSchool: false },
    });
  });

  it('CERT-10: another school enrolling the person as its own in-school student takes the situation over (中职 → 高职)', () => {
    const zz: Situation = {
      ...student,
      studentType: 'secondary_vocational',
      school: OTHER_SCHOOL,
      graduationYear: 2025,
    };
    const out = applyClaim(
      zz,
      { studentType: 'junior_college', graduationYear: 2028, inSchool: true },
      { school: SCHOOL },
    );
    expect(out).toMatchObject({
      kind: 'changed',
      situation: { studentType: 'junior_college', school: SCHOOL, graduationYear: 2028, inSchool: true },
      before: { school: OTHER_SCHOOL, studentType: 'secondary_vocational', graduationYear: 2025 },
    });
  });

  it('a field left out states nothing: an empty student type never erases one; the same data is no change', () => {
    expect(applyClaim(student, {}, { school: null })).toEqual({ kind: 'same', situation: student });
    expect(applyClaim(student, { studentType: null, major: '  ', graduationYear: null }, { school: null }).kind).toBe(
      'same',
    );
    expect(applyClaim(student, { inSchool: true, studentType: 'junior_college' }, { school: null }).kind).toBe('same');
  });

  it('a person with no school on record takes the newest statement; an in-school status from a non-school names no school', () => {
    const out = applyClaim(worker, { studentType: 'technical', inSchool: true }, { school: null });
    expect(out).toMatchObject({
      kind: 'changed',
      situation: { studentType: 'technical', school: null, inSchool: true },
    });
    // and such a self-declared status is not a school's record: the next statement replaces it
    const back = applyClaim(out.situation, { inSchool: false }, { school: null });
    expect(back).toMatchObject({ kind: 'changed', situation: { inSchool: false } });
  });

  it('a new person: a school records itself for its student, a non-school records no school', () => {
    expect(
      initialSituation({ studentType: 'junior_college', graduationYear: 2027, inSchool: true }, { school: SCHOOL }),
    ).toEqual({ studentType: 'junior_college', school: SCHOOL, major: null, graduationYear: 2027, inSchool: true });
    expect(initialSituation({ inSchool: false }, { school: SCHOOL }).school).toBeNull();
    expect(initialSituation({ studentType: 'junior_college', inSchool: true }, { school: null }).school).toBeNull();
  });
});
