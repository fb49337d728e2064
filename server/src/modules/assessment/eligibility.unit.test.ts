import fc from 'fast-check';
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
    // on 2026-11-21 the class of 2027 is in its graduating school year (毕业学年); the class of 2028 is not
    expect(
      checkEligibility(TEMPLATE_2022, 4, { ...base, studentType: 'secondary_vocational', graduationYear: 2027 }, on)
        .route,
    ).toContain('毕业年度在校生');
    expect(
      checkEligibility(TEMPLATE_2022, 4, { ...base, studentType: 'secondary_vocational', graduationYear: 2028 }, on)
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
      checkEligibility(TEMPLATE_2022, 3, { ...base, studentType: 'junior_college', graduationYear: 2027 }, on).eligible,
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
  // on 2026-11-21 the class of 2027 is in its graduating school year (1 September 2026 – 31 August 2027)
  const zz = { studentType: 'secondary_vocational', graduationYear: 2027, graduated: false };
  it.each([
    [4, zz, false, null],
    [3, zz, false, '仅优秀毕业生'],
    [3, zz, true, null],
    [3, { ...zz, graduationYear: 2028 }, true, '仅优秀毕业生'],
    [3, { ...zz, graduationYear: 2026 }, true, '仅优秀毕业生'],
    [3, { ...zz, graduationYear: 2026, graduated: true }, true, null],
    [2, zz, true, '最高取得四级'],
    [3, { studentType: 'junior_college', graduationYear: 2027, graduated: false }, false, null],
  ] as const)('level %i, %j, outstanding %s', (level, f, outstanding, refusal) => {
    const r = secondaryVocationalCap(level, f, outstanding, on);
    if (refusal) expect(r).toContain(refusal);
    else expect(r).toBeNull();
  });
});

describe('CERT-2: 毕业学年 is the school year (1 September – 31 August), not the calendar year', () => {
  const dec1 = new Date('2026-12-01T00:00:00Z');
  const zz = (graduationYear: number) => ({ studentType: 'secondary_vocational', graduationYear, graduated: false });
  it('CERT-2: on 2026-12-01 an outstanding 中职 student graduating in 2027 may sit 三级; one graduating in 2028 may not', () => {
    expect(secondaryVocationalCap(3, zz(2027), true, dec1)).toBeNull();
    expect(secondaryVocationalCap(3, zz(2028), true, dec1)).toContain('仅优秀毕业生');
  });
  it('CERT-2: on 2026-12-01 a 中职 student graduating in 2027 is a graduation-year student for 四级; 2028 is not', () => {
    const facts = (g: number) => ({ ...base, studentType: 'secondary_vocational', graduationYear: g });
    expect(checkEligibility(TEMPLATE_2022, 4, facts(2027), dec1).eligible).toBe(true);
    expect(checkEligibility(TEMPLATE_2022, 4, facts(2028), dec1).eligible).toBe(false);
  });
  const DAY = 86_400_000;
  const day = fc
    .integer({ min: Date.UTC(2000, 0, 1) / DAY, max: Date.UTC(2099, 11, 31) / DAY })
    .map((n) => new Date(n * DAY));
  it('property: an outstanding 中职 student still in school may sit 三级 exactly from 1 September before graduation to 31 August after', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2100 }), day, (g, on) => {
        const t = on.getTime();
        const schoolYear = Date.UTC(g - 1, 8, 1) <= t && t <= Date.UTC(g, 7, 31);
        expect(secondaryVocationalCap(3, zz(g), true, on) === null).toBe(schoolYear);
        // 四级 by the 2022 template's graduation-year route follows the same school year
        const f = { ...base, studentType: 'secondary_vocational', graduationYear: g };
        expect(checkEligibility(TEMPLATE_2022, 4, f, on).eligible).toBe(schoolYear);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('CERT-2: the 中职 cap binds 中职 students (in school or in their graduating school year), not adults whose education was 中职', () => {
  // 优秀中等职业学校毕业生（含毕业学年学生）可参加高级工等级考试考核 — a rule for the school's students
  const dec1 = new Date('2026-12-01T00:00:00Z');
  const adult2003: CandidateFacts = {
    ...base,
    age: 40,
    yearsInOccupation: 15,
    studentType: 'secondary_vocational',
    graduationYear: 2003,
    graduated: true,
  };
  it('CERT-2: a 中职 graduate of 2003, not in school, with 15 years in the trade — the cap does not apply; the standard’s routes judge 三级', () => {
    expect(secondaryVocationalCap(3, adult2003, false, dec1)).toBeNull();
    expect(secondaryVocationalCap(2, adult2003, false, dec1)).toBeNull();
    expect(checkEligibility(TEMPLATE_2022, 3, adult2003, dec1)).toMatchObject({
      eligible: true,
      route: '累计从事本职业10年',
    });
  });
  it('CERT-2: an in-school 中职 student is capped at 四级 by exam whatever the years on record; the adult graduate is not', () => {
    const inSchool = { ...adult2003, age: 17, graduationYear: 2028, graduated: false };
    expect(secondaryVocationalCap(4, inSchool, false, dec1)).toBeNull();
    expect(secondaryVocationalCap(3, inSchool, false, dec1)).toContain('仅优秀毕业生');
    expect(secondaryVocationalCap(3, inSchool, true, dec1)).toContain('仅优秀毕业生');
    expect(secondaryVocationalCap(2, inSchool, true, dec1)).toContain('最高取得四级');
    expect(secondaryVocationalCap(3, adult2003, false, dec1)).toBeNull();
  });
  it('CERT-2: a graduating-year 中职 student (in school, or graduated this summer until 31 August) may sit 三级 only if outstanding; from 1 September the former student is an adult', () => {
    const inFinalYear = { ...adult2003, age: 18, graduationYear: 2027, graduated: false };
    expect(secondaryVocationalCap(3, inFinalYear, true, dec1)).toBeNull();
    expect(secondaryVocationalCap(3, inFinalYear, false, dec1)).toContain('仅优秀毕业生');
    expect(secondaryVocationalCap(2, inFinalYear, true, dec1)).toContain('最高取得四级');
    const graduatedThisSummer = { ...inFinalYear, graduated: true };
    const aug31 = new Date('2027-08-31T00:00:00Z');
    expect(secondaryVocationalCap(3, graduatedThisSummer, true, aug31)).toBeNull();
    expect(secondaryVocationalCap(3, graduatedThisSummer, false, aug31)).toContain('仅优秀毕业生');
    const sep1 = new Date('2027-09-01T00:00:00Z');
    expect(secondaryVocationalCap(3, graduatedThisSummer, false, sep1)).toBeNull();
  });
  const DAY = 86_400_000;
  const day = fc
    .integer({ min: Date.UTC(2000, 0, 1) / DAY, max: Date.UTC(2099, 11, 31) / DAY })
    .map((n) => new Date(n * DAY));
  it('CERT-2 property: a 中职 graduate not in school is capped exactly while in the graduating school year; an in-school student always', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1990, max: 2100 }), day, fc.boolean(), (g, on, outstanding) => {
        const t = on.getTime();
        const finalYear = Date.UTC(g - 1, 8, 1) <= t && t <= Date.UTC(g, 7, 31);
        const before = t > Date.UTC(g, 7, 31);
        const f = { studentType: 'secondary_vocational', graduationYear: g };
        if (before) expect(secondaryVocationalCap(3, { ...f, graduated: true }, outstanding, on)).toBeNull();
        if (finalYear)
          expect(secondaryVocationalCap(3, { ...f, graduated: true }, outstanding, on) === null).toBe(outstanding);
        expect(secondaryVocationalCap(3, { ...f, graduated: false }, outstanding, on) === null).toBe(
          outstanding && finalYear,
        );
        expect(secondaryVocationalCap(2, { ...f, graduated: false }, outstanding, on)).not.toBeNull();
      }),
      { numRuns: 1000 },
    );
  });
});
