import { describe, expect, it } from 'vitest';
import { addMonths, assessmentGapViolation, cityUnitOf } from './training.rules.js';
import {
  classPlanChecks,
  occupationCategory,
  ownMajorConflict,
  postMismatch,
  TARGET_GROUPS,
  RESPONSIBLE_DEPARTMENTS,
} from '../../../../contract/training.js';
import { classSteps, CLASS_TRANSITIONS } from '../../../../contract/training-class-workflow.js';

const plan = { capacity: 40, teachers: 2, workstations: 2, minutesPerHour: 45, theoryHours: 14, practicalHours: 26 };
const failing = (p: typeof plan, min: number | null = null) =>
  classPlanChecks(p, min)
    .filter((c) => !c.ok)
    .map((c) => c.key);

describe('class plan (TRAIN-2, TRAIN-3)', () => {
  it('TRAIN-2: 80 trainees pass, 81 do not (每班人数不超过80人)', () => {
    expect(failing({ ...plan, capacity: 80, teachers: 4, workstations: 4 })).toEqual([]);
    expect(failing({ ...plan, capacity: 81, teachers: 5, workstations: 5 })).toEqual(['class_size']);
  });
  it('TRAIN-2: teachers and workstations 1:20 — 41 trainees need 3 of each', () => {
    expect(failing({ ...plan, capacity: 41, teachers: 2, workstations: 3 })).toEqual(['teachers']);
    expect(failing({ ...plan, capacity: 41, teachers: 3, workstations: 2 })).toEqual(['workstations']);
    expect(failing({ ...plan, capacity: 40, teachers: 2, workstations: 2 })).toEqual([]);
  });
  it('TRAIN-2: a class hour of 40 minutes passes, 39 does not', () => {
    expect(failing({ ...plan, minutesPerHour: 40 })).toEqual([]);
    expect(failing({ ...plan, minutesPerHour: 39 })).toEqual(['class_hour']);
  });
  it('TRAIN-2: practical exactly 65% passes, just under does not', () => {
    expect(failing({ ...plan, theoryHours: 7, practicalHours: 13 })).toEqual([]); // 13/20 = 65%
    expect(failing({ ...plan, theoryHours: 35, practicalHours: 65 })).toEqual([]);
    expect(failing({ ...plan, theoryHours: 36, practicalHours: 64 })).toEqual(['practical_share']);
    expect(failing({ ...plan, theoryHours: 0, practicalHours: 0 })).toContain('practical_share');
  });
  it('TRAIN-3: completion-only training needs 40 hours (or the occupation’s own rule)', () => {
    expect(failing({ ...plan, theoryHours: 14, practicalHours: 26 }, 40)).toEqual([]);
    expect(failing({ ...plan, theoryHours: 13, practicalHours: 26 }, 40)).toEqual(['completion_hours']);
    expect(failing({ ...plan, theoryHours: 10, practicalHours: 20 }, 30)).toEqual([]);
    // with a skill certificate available the 40 hours do not apply
    expect(failing({ ...plan, theoryHours: 7, practicalHours: 13 }, null)).toEqual([]);
  });
});

describe('trainees (TRAIN-5, TRAIN-6, TRAIN-7)', () => {
  const lathe = { code: '6-18-01-01', name: '车工' };
  const welder = { code: '6-18-02-04', name: '焊工' };
  const electrician = { code: '6-31-01-03', name: '电工' };
  it('TRAIN-5: the occupation category is the middle group of the code', () => {
    expect(occupationCategory('6-18-01-01')).toBe('6-18');
    expect(occupationCategory('4-10-01-05')).toBe('4-10');
  });
  it('TRAIN-5: an employee trains in the category of the post; a job-transfer worker leaves it', () => {
    expect(postMismatch('enterprise_employee', lathe, welder)).toBeNull();
    expect(postMismatch('enterprise_employee', lathe, electrician)).toContain('相同或相近');
    expect(postMismatch('job_transfer', lathe, electrician)).toBeNull();
    expect(postMismatch('job_transfer', lathe, welder)).toContain('不得隶属于同一职业分类');
    expect(postMismatch('job_transfer', null, welder)).toContain('原岗位');
    expect(postMismatch('laid_off', null, welder)).toBeNull();
  });
  it('TRAIN-6: an in-school student in a major the class corresponds to is refused; another major or not in school passes', () => {
    const s = { inSchool: true, major: '电气自动化技术', schoolName: '某学院' };
    expect(ownMajorConflict(s, ['电气自动化技术专业'], '电工')).toContain('在读专业');
    expect(ownMajorConflict({ ...s, major: '数控技术' }, ['电气自动化技术'], '电工')).toBeNull();
    expect(ownMajorConflict({ ...s, inSchool: false }, ['电气自动化技术'], '电工')).toBeNull();
  });
  it('TRAIN-7: every target group has a responsible department', () => {
    for (const g of Object.values(TARGET_GROUPS)) expect(RESPONSIBLE_DEPARTMENTS[g.department]).toBeTruthy();
    expect(TARGET_GROUPS.in_school_student.department).toBe('education');
    expect(TARGET_GROUPS.veteran.department).toBe('veterans');
    expect(TARGET_GROUPS.enterprise_employee.department).toBe('trade_union');
    expect(TARGET_GROUPS.unemployed_graduate.department).toBe('hrss');
  });
});

describe('places and dates', () => {
  it('TRAIN-13: the city-level unit of a region path', () => {
    expect(cityUnitOf('/410000/410100/410105/')).toBe('410100');
    expect(cityUnitOf('/410000/410181/')).toBe('410181');
    expect(cityUnitOf('/410000/')).toBeNull();
  });
  it('adds calendar months, clamping to the month’s last day', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
    expect(addMonths('2028-01-30', 1)).toBe('2028-02-29');
  });
  it('TRAIN-11: the next subsidised class opens at least a month after the last online project was assessed', () => {
    const prev = {
      classId: 1,
      title: '线上班',
      mode: 'online' as const,
      startDate: '2026-03-01',
      assessedOn: '2026-04-20',
    };
    expect(assessmentGapViolation(prev, { mode: 'offline', startDate: '2026-05-19' })).toContain('不足一个月');
    expect(assessmentGapViolation(prev, { mode: 'offline', startDate: '2026-05-20' })).toBeNull();
    expect(
      assessmentGapViolation({ ...prev, assessedOn: null }, { mode: 'offline', startDate: '2026-09-01' }),
    ).toContain('尚未考核');
    // two offline projects: the online rule does not apply
    expect(
      assessmentGapViolation(
        { ...prev, mode: 'offline', assessedOn: null },
        { mode: 'offline', startDate: '2026-05-01' },
      ),
    ).toBeNull();
    expect(assessmentGapViolation(null, { mode: 'online', startDate: '2026-05-01' })).toBeNull();
  });
});

describe('class workflow (TRAIN-1)', () => {
  it('the provider submits; the HRSS of the place approves or returns; a returned class is revised and submitted again', () => {
    expect(classSteps('draft', 'provider')).toEqual(['update', 'submit', 'withdraw']);
    expect(classSteps('submitted', 'place')).toEqual(['approve', 'return']);
    expect(classSteps('submitted', 'provider')).toEqual(['withdraw']);
    expect(classSteps('returned', 'provider')).toEqual(['update', 'submit', 'withdraw']);
    expect(classSteps('approved', 'provider')).toEqual(['cancel']);
    expect(classSteps('approved', 'place')).toEqual([]);
    expect(CLASS_TRANSITIONS.return.reason).toBe(true);
  });
});
