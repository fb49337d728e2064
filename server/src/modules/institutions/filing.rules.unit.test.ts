import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  filingHandling,
  checkPrerequisites,
  creditGrade,
  filingCategoryLetter,
  filingRoute,
  FILING_NUMBER_RE,
  formatFilingNumber,
  managementActionsFor,
  managesFiling,
  MANAGEMENT_TRANSITIONS,
  rectificationOverdue,
  validity,
  validUntil,
} from './filing.rules.js';

const ZZ = '/410000/410100/410105/';
const GONGYI = '/410000/410181/';
const JIYUAN = '/410000/419001/';

describe('INST-2: the filing route is computed from the institution', () => {
  it.each([
    [
      '本科',
      { kind: 'college', school_type: 'undergraduate', owner: 'province' },
      ZZ,
      'province_edu',
      '410000',
      'province_hrss',
      '410000',
    ],
    [
      '高职 (local owner too)',
      { kind: 'college', school_type: 'higher_vocational', owner: 'local' },
      ZZ,
      'province_edu',
      '410000',
      'province_hrss',
      '410000',
    ],
    [
      '省属中职',
      { kind: 'college', school_type: 'secondary_vocational', owner: 'province' },
      ZZ,
      'province_edu',
      '410000',
      'province_hrss',
      '410000',
    ],
    [
      'local 中职 in 郑州',
      { kind: 'college', school_type: 'secondary_vocational', owner: 'local' },
      ZZ,
      'city_edu',
      '410100',
      'city_hrss',
      '410100',
    ],
    [
      'local 中职 in 省直管县 巩义',
      { kind: 'college', school_type: 'secondary_vocational', owner: 'local' },
      GONGYI,
      'city_edu',
      '410181',
      'city_hrss',
      '410181',
    ],
    [
      'local 中职 in 济源示范区',
      { kind: 'college', school_type: 'secondary_vocational', owner: 'local' },
      JIYUAN,
      'city_edu',
      '419001',
      'city_hrss',
      '419001',
    ],
    [
      'local 技工院校',
      { kind: 'college', school_type: 'technical', owner: 'local' },
      ZZ,
      null,
      null,
      'city_hrss',
      '410100',
    ],
    [
      'province-owned 技工院校',
      { kind: 'college', school_type: 'technical', owner: 'province' },
      ZZ,
      null,
      null,
      'province_hrss',
      '410000',
    ],
    [
      'local enterprise',
      { kind: 'enterprise', school_type: null, owner: 'local' },
      ZZ,
      null,
      null,
      'city_hrss',
      '410100',
    ],
    [
      'province-owned social organisation',
      { kind: 'social', school_type: null, owner: 'province' },
      ZZ,
      null,
      null,
      'province_hrss',
      '410000',
    ],
    [
      'local 1+X organisation in 巩义',
      { kind: 'training_org', school_type: null, owner: 'local' },
      GONGYI,
      null,
      null,
      'city_hrss',
      '410181',
    ],
  ] as const)('%s', (_label, inst, path, reviewDept, reviewRegion, filingDept, filingRegion) => {
    expect(filingRoute({ ...inst, regionPath: path })).toEqual({
      reviewDepartment: reviewDept,
      reviewRegionCode: reviewRegion,
      filingDepartment: filingDept,
      filingRegionCode: filingRegion,
    });
  });
});

describe('filing number (备案号)', () => {
  it('is the category letter, 0000, the province code and a 6-digit site serial', () => {
    expect(formatFilingNumber('Y', '41', 123)).toBe('Y000041000123');
    expect(filingCategoryLetter('college')).toBe('Y');
    expect(filingCategoryLetter('enterprise')).toBe('Y');
    expect(filingCategoryLetter('training_org')).toBe('S');
    expect(filingCategoryLetter('social')).toBe('S');
  });
  it('property: every serial in range gives a 13-character number matching the pattern, distinct serials distinct numbers', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<'Y' | 'S'>('Y', 'S'),
        fc.integer({ min: 1, max: 999_999 }),
        fc.integer({ min: 1, max: 999_999 }),
        (l, a, b) => {
          const x = formatFilingNumber(l, '41', a);
          expect(x).toHaveLength(13);
          expect(x).toMatch(FILING_NUMBER_RE);
          if (a !== b) expect(formatFilingNumber(l, '41', b)).not.toBe(x);
        },
      ),
    );
    expect(() => formatFilingNumber('Y', '41', 1_000_000)).toThrow();
    expect(() => formatFilingNumber('Y', '41', 0)).toThrow();
  });
});

describe('validity: three years, warned 90 days ahead', () => {
  it('ends the day before the third anniversary', () => {
    expect(validUntil(new Date('2026-11-21T10:00:00Z'), 'Asia/Shanghai')).toBe('2029-11-20');
    expect(validUntil(new Date('2024-02-29T00:00:00Z'), 'Asia/Shanghai')).toBe('2027-02-28');
  });
  it('is valid, expiring within 90 days, then expired', () => {
    expect(validity('2029-11-20', '2026-11-21').state).toBe('valid');
    expect(validity('2026-12-31', '2026-11-21')).toEqual({ state: 'expiring', daysLeft: 40 });
    expect(validity('2026-11-20', '2026-11-21').state).toBe('expired');
    expect(validity(null, '2026-11-21').state).toBe('none');
  });
});

describe('INST-5: dynamic management transitions', () => {
  it('a revoked institution cannot come back; a suspended one is reinstated', () => {
    for (const [, t] of Object.entries(MANAGEMENT_TRANSITIONS)) expect(t.from).not.toContain('revoked');
    expect(MANAGEMENT_TRANSITIONS.reinstate).toEqual({ from: ['suspended'], to: 'filed' });
  });
});

describe('INST-3: prerequisites', () => {
  const full = {
    evidence: new Set(['unit', 'rules', 'sites', 'funding', 'supervision']),
    questionBanks: new Set([1, 2]),
    examinersByOccupation: new Map([
      [1, 3],
      [2, 4],
    ]),
    qualitySupervisors: 1,
    experts: 2,
    occupations: [
      { id: 1, name: '养老护理员' },
      { id: 2, name: '电工' },
    ],
  };
  it('passes when everything is shown', () => {
    expect(checkPrerequisites(full).every((c) => c.ok)).toBe(true);
  });
  it('names each missing thing, per occupation where it applies', () => {
    const r = checkPrerequisites({
      ...full,
      evidence: new Set(['unit']),
      questionBanks: new Set([1]),
      examinersByOccupation: new Map([
        [1, 3],
        [2, 2],
      ]),
      qualitySupervisors: 0,
    });
    const missing = Object.fromEntries(r.filter((c) => !c.ok).map((c) => [c.item, c.missing]));
    expect(missing.examiners).toEqual(['电工：考评员 2 名，至少需 3 名']);
    expect(missing.question_bank).toEqual(['电工：未上传题库材料']);
    expect(missing.quality_supervisors).toEqual(['尚未登记质量督导员']);
    expect(Object.keys(missing).sort()).toEqual([
      'examiners',
      'funding',
      'quality_supervisors',
      'question_bank',
      'rules',
      'sites',
      'supervision',
    ]);
  });
});

describe('INST-8: credit grade', () => {
  const none = {
    violations: 0,
    rectifications: 0,
    complaintsUpheld: 0,
    lateReports: 0,
    rectificationsCompleted: 0,
    revoked: false,
  };
  it.each([
    [none, 100, 'A'],
    [{ ...none, lateReports: 2 }, 90, 'A'],
    [{ ...none, rectifications: 1, lateReports: 1 }, 85, 'B'],
    [{ ...none, rectifications: 1, rectificationsCompleted: 1, lateReports: 1 }, 90, 'A'],
    [{ ...none, violations: 1, complaintsUpheld: 1 }, 65, 'C'],
    [{ ...none, violations: 3 }, 40, 'D'],
    [{ ...none, violations: 9 }, 0, 'D'],
    [{ ...none, revoked: true }, 100, 'D'],
  ])('%j → %i %s', (f, score, grade) => expect(creditGrade(f)).toEqual({ score, grade }));
});

describe('INST-5: the filing authority or its superior manages an institution', () => {
  const province = { department: 'province_hrss', regionCode: '410000', regionPath: '/410000/', regionName: '河南省' };
  const zhengzhou = {
    department: 'city_hrss',
    regionCode: '410100',
    regionPath: '/410000/410100/',
    regionName: '郑州市',
  };
  const gongyi = { department: 'city_hrss', regionCode: '410181', regionPath: GONGYI, regionName: '巩义市' };
  const provinceHrss = { role: 'province_hrss', regionCode: '410000', regionPath: '/410000/' };
  const zzHrss = { role: 'city_hrss', regionCode: '410100', regionPath: '/410000/410100/' };
  const zzEdu = { role: 'city_edu', regionCode: '410100', regionPath: '/410000/410100/' };
  const lyHrss = { role: 'city_hrss', regionCode: '410300', regionPath: '/410000/410300/' };
  const otherProvince = { role: 'province_hrss', regionCode: '510000', regionPath: '/510000/' };
  it.each([
    ['the province manages what it filed', provinceHrss, province, true],
    ['郑州 does not manage what the province filed, though it lies in 郑州', zzHrss, province, false],
    ['郑州 manages what it filed', zzHrss, zhengzhou, true],
    ['the province is the superior of 郑州’s filing', provinceHrss, zhengzhou, true],
    ['the province is the superior of a 省直管县’s filing', provinceHrss, gongyi, true],
    ['洛阳 does not manage 郑州’s filing', lyHrss, zhengzhou, false],
    ['郑州 does not manage 巩义’s filing (巩义 reports to the province)', zzHrss, gongyi, false],
    ['the education bureau files nothing and manages nothing', zzEdu, zhengzhou, false],
    ['another province is no superior', otherProvince, zhengzhou, false],
  ])('%s', (_t, actor, authority, expected) => {
    expect(managesFiling(actor, authority)).toBe(expected);
  });

  it('a rectification is overdue only after its deadline day, and only while under rectification', () => {
    expect(rectificationOverdue('rectification', '2026-03-10', '2026-03-10')).toBe(false);
    expect(rectificationOverdue('rectification', '2026-03-10', '2026-03-11')).toBe(true);
    expect(rectificationOverdue('suspended', '2026-03-10', '2026-03-11')).toBe(false);
    expect(rectificationOverdue('rectification', null, '2026-03-11')).toBe(false);
  });

  it('the actions follow the transition table; an overdue rectification proposes suspension first', () => {
    expect(managementActionsFor('filed', false)).toEqual({ actions: ['rectify', 'suspend', 'revoke'], proposed: null });
    expect(managementActionsFor('rectification', false).actions).toEqual([
      'complete_rectification',
      'suspend',
      'revoke',
    ]);
    expect(managementActionsFor('rectification', true)).toEqual({
      actions: ['suspend', 'complete_rectification', 'revoke'],
      proposed: 'suspend',
    });
    expect(managementActionsFor('revoked', false).actions).toEqual([]);
    for (const status of ['unfiled', 'filed', 'rectification', 'suspended', 'revoked'])
      for (const a of managementActionsFor(status, status === 'rectification').actions)
        expect(MANAGEMENT_TRANSITIONS[a].from).toContain(status);
  });
});

describe('INST-2: a department’s handling time (20 working days, 平台口径)', () => {
  const atHrss = {
    status: 'recommended',
    stage: 'hrss',
    review_department: 'province_edu',
    review_region_code: '410000',
    filing_department: 'province_hrss',
    filing_region_code: '410000',
  };
  const TZ = 'Asia/Shanghai';
  it('an application recommended on 2024-12-29 is due on 2025-01-26 (New Year’s Day off, the Spring Festival’s adjusted Sunday worked) and overdue after', () => {
    // 2024-12-29 04:21 UTC is 12:21 that day in China
    const reached = '2024-12-29T04:21:41.651Z';
    expect(filingHandling(atHrss, reached, '2025-01-24', TZ)).toEqual({
      since: '2024-12-29',
      due: '2025-01-26',
      overdue: false,
      workingDaysLate: 0,
    });
    expect(filingHandling(atHrss, reached, '2025-01-26', TZ)?.overdue).toBe(false);
    // the Spring Festival holiday (28 January – 4 February 2025) adds no working days late
    expect(filingHandling(atHrss, reached, '2025-02-05', TZ)).toMatchObject({ overdue: true, workingDaysLate: 2 });
    expect(filingHandling(atHrss, reached, '2026-12-02', TZ)?.workingDaysLate).toBeGreaterThan(400);
  });
  it('a submission late on a Friday evening in UTC counts from its date in China; the holiday is not counted', () => {
    // 2025-01-23 17:00 UTC is 2025-01-24 01:00 in China
    expect(
      filingHandling({ ...atHrss, status: 'submitted', stage: 'education' }, '2025-01-23T17:00:00Z', '2025-02-27', TZ),
    ).toMatchObject({ since: '2025-01-24', due: '2025-02-27', overdue: false });
  });
  it('nobody’s turn, no time limit: a draft, a returned or a decided application', () => {
    for (const status of ['draft', 'returned', 'filed', 'rejected', 'withdrawn'])
      expect(filingHandling({ ...atHrss, status, stage: 'done' }, '2024-01-01T00:00:00Z', '2026-12-02', TZ)).toBeNull();
    expect(filingHandling(atHrss, null, '2026-12-02', TZ)).toBeNull();
  });
});
