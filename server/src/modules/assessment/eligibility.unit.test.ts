import { describe, expect, it } from 'vitest';
import {
  checkEligibility,
  secondaryVocationalCap,
  TEMPLATE_2018,
  TEMPLATE_2022,
  type CandidateFacts,
} from './eligibility.js';

const on = new Date('2026-11-21T00:00:00Z');
const base: CandidateFacts = {
  age: 20,
  workingInOccupation: true,
  yearsInOccupation: 0,
  certificates: [],
  studentType: null,
  graduationYear: null,
  graduated: false,
  title: null,
};

describe('eligibility rule sets (2022 and 2018 templates)', () => {
  it('五级: aged 16+ and working in the occupation', () => {
    expect(checkEligibility(TEMPLATE_2022, 5, base, on)).toMatchObject({
      eligible: true,
      route: '年满16周岁，从事或准备从事本职业',
    });
    const young = checkEligibility(TEMPLATE_2022, 5, { ...base, age: 15 }, on);
    expect(young.eligible).toBe(false);
    expect(young.checks[0].failed).toEqual(['年龄须满 16 周岁（现 15 岁）']);
  });
  it('四级: 5 years, or 五级 + 3 years, or a matching graduate / graduation-year student', () => {
    expect(checkEligibility(TEMPLATE_2022, 4, { ...base, yearsInOccupation: 5 }, on).eligible).toBe(true);
    expect(
      checkEligibility(TEMPLATE_2022, 4, { ...base, certificates: [{ level: 5, issuedOn: '2023-11-01' }] }, on)
        .eligible,
    ).toBe(true);
    expect(
      checkEligibility(TEMPLATE_2022, 4, { ...base, certificates: [{ level: 5, issuedOn: '2024-01-01' }] }, on)
        .eligible,
    ).toBe(false);
    expect(
      checkEligibility(TEMPLATE_2022, 4, { ...base, studentType: 'secondary_vocational', graduationYear: 2026 }, on)
        .route,
    ).toContain('毕业年度在校生');
    expect(
      checkEligibility(TEMPLATE_2022, 4, { ...base, studentType: 'secondary_vocational', graduationYear: 2027 }, on)
        .eligible,
    ).toBe(false);
  });
  it('三级: 10 years, 四级 + 4 years, junior title + 1 year, 四级 + higher-vocational graduate, assessed programme graduate', () => {
    expect(checkEligibility(TEMPLATE_2022, 3, { ...base, yearsInOccupation: 10 }, on).eligible).toBe(true);
    expect(
      checkEligibility(TEMPLATE_2022, 3, { ...base, title: { title: 'junior', since: '2025-01-01' } }, on).eligible,
    ).toBe(true);
    expect(
      checkEligibility(TEMPLATE_2022, 3, { ...base, title: { title: 'junior', since: '2026-06-01' } }, on).eligible,
    ).toBe(false);
    expect(
      checkEligibility(TEMPLATE_2022, 3, { ...base, studentType: 'junior_college', graduationYear: 2026 }, on).eligible,
    ).toBe(true);
    const r = checkEligibility(TEMPLATE_2022, 3, { ...base, yearsInOccupation: 3 }, on);
    expect(r.eligible).toBe(false);
    expect(r.checks).toHaveLength(5);
    expect(r.checks[0].failed[0]).toContain('10 年');
  });
  it('the older template counts different years', () => {
    expect(checkEligibility(TEMPLATE_2018, 4, { ...base, yearsInOccupation: 5 }, on).eligible).toBe(false);
    expect(checkEligibility(TEMPLATE_2018, 4, { ...base, yearsInOccupation: 6 }, on).eligible).toBe(true);
    expect(
      checkEligibility(TEMPLATE_2018, 4, { ...base, studentType: 'secondary_vocational', graduationYear: 2026 }, on)
        .eligible,
    ).toBe(false);
  });
  it('a level without rules is not eligible, with the reason', () => {
    expect(checkEligibility({}, 3, base, on).checks[0].failed[0]).toContain('未设三级申报条件');
  });
});

describe('CERT-2: secondary vocational students reach 四级 by exam; outstanding graduates may sit 三级', () => {
  const zz = { studentType: 'secondary_vocational', graduationYear: 2026, graduated: false };
  it.each([
    [4, zz, false, null],
    [3, zz, false, '仅优秀毕业生'],
    [3, zz, true, null],
    [3, { ...zz, graduationYear: 2027 }, true, '仅优秀毕业生'],
    [2, zz, true, '最高取得四级'],
    [3, { studentType: 'junior_college', graduationYear: 2026, graduated: false }, false, null],
  ] as const)('level %i, %j, outstanding %s', (level, f, outstanding, refusal) => {
    const r = secondaryVocationalCap(level, f, outstanding, on);
    if (refusal) expect(r).toContain(refusal);
    else expect(r).toBeNull();
  });
});
