/**
 * 申报条件 (eligibility) as data: each occupation standard holds, per level, alternative routes;
 * a candidate is eligible when every condition of at least one route holds. Expressive enough
 * for the 2022-style and the 2018–2021-style templates (shared/domain/README.md). Pure functions.
 */
import type { Condition, EligibilityRoute } from '../../../../contract/api-assessment.js';
import { graduatingClassOn, inGraduatingYear } from '../../../../contract/school-year.js';
import { ageOn } from '../../lib/identity.js';

export type { Condition, EligibilityRoute };

/** level digit → alternative routes */
export type EligibilityRules = Record<string, EligibilityRoute[]>;

export interface CandidateFacts {
  age: number;
  workingInOccupation: boolean;
  yearsInOccupation: number;
  /** certificates held in this occupation */
  certificates: { level: number; issuedOn: string }[];
  studentType: string | null;
  graduationYear: number | null;
  /** already graduated (not in school) */
  graduated: boolean;
  title: { title: 'junior' | 'intermediate' | 'senior'; since: string } | null;
}

export interface EligibilityResult {
  eligible: boolean;
  route: string | null;
  /** per route, what failed (empty when it matched) */
  checks: { route: string; failed: string[] }[];
}

const TITLE_RANK = { junior: 1, intermediate: 2, senior: 3 } as const;
const yearsSince = (date: string, on: Date) => (on.getTime() - Date.parse(`${date}T00:00:00Z`)) / (365.25 * 86_400_000);
const LEVEL_NAME: Record<number, string> = { 5: '五级', 4: '四级', 3: '三级', 2: '二级', 1: '一级' };
/** 毕业年度/毕业学年: the school year (1 September – 31 August) that ends with the candidate's graduation. */
const inFinalYear = (f: Pick<CandidateFacts, 'graduationYear'>, on: Date) =>
  f.graduationYear !== null && inGraduatingYear(f.graduationYear, on);

function failure(c: Condition, f: CandidateFacts, on: Date): string | null {
  switch (c.type) {
    case 'age_min':
      return f.age >= c.years ? null : `年龄须满 ${c.years} 周岁（现 ${f.age} 岁）`;
    case 'working_in_occupation':
      return f.workingInOccupation ? null : '须从事或准备从事本职业';
    case 'years_in_occupation':
      return f.yearsInOccupation >= c.years ? null : `须累计从事本职业 ${c.years} 年（现 ${f.yearsInOccupation} 年）`;
    case 'prior_level': {
      const ok = f.certificates.some((x) => x.level <= c.level && yearsSince(x.issuedOn, on) >= c.years);
      return ok ? null : `须取得本职业${LEVEL_NAME[c.level]}及以上证书后从事本职业 ${c.years} 年`;
    }
    case 'graduate': {
      if (!f.studentType || !(c.studentTypes as readonly string[]).includes(f.studentType))
        return '须为相关专业对应学历的毕业生';
      if (f.graduated) return null;
      if (c.graduationYearStudents && inFinalYear(f, on)) return null;
      return c.graduationYearStudents ? '须为毕业生或毕业年度在校生' : '须为毕业生';
    }
    case 'professional_title': {
      if (!f.title || TITLE_RANK[f.title.title] < TITLE_RANK[c.title])
        return `须取得${{ junior: '初级', intermediate: '中级', senior: '高级' }[c.title]}及以上职称`;
      return yearsSince(f.title.since, on) >= c.years ? null : `取得职称后须从事本职业 ${c.years} 年`;
    }
  }
}

export function checkEligibility(
  rules: EligibilityRules,
  level: number,
  f: CandidateFacts,
  on: Date,
): EligibilityResult {
  const routes = rules[String(level)] ?? [];
  if (!routes.length)
    return {
      eligible: false,
      route: null,
      checks: [{ route: '—', failed: [`该职业标准未设${LEVEL_NAME[level] ?? level}申报条件`] }],
    };
  const checks = routes.map((r) => ({
    route: r.label,
    failed: r.all.map((c) => failure(c, f, on)).filter((x): x is string => x !== null),
  }));
  const match = checks.find((c) => c.failed.length === 0);
  return { eligible: !!match, route: match?.route ?? null, checks };
}

/** The template of standards published from 2022 (five to three; two and one by title/years). */
export const TEMPLATE_2022: EligibilityRules = {
  '5': [
    {
      label: '年满16周岁，从事或准备从事本职业',
      all: [{ type: 'age_min', years: 16 }, { type: 'working_in_occupation' }],
    },
  ],
  '4': [
    { label: '累计从事本职业5年', all: [{ type: 'years_in_occupation', years: 5 }] },
    { label: '取得五级证书后从事本职业3年', all: [{ type: 'prior_level', level: 5, years: 3 }] },
    {
      label: '技工院校、中职或以上相关专业毕业生（含毕业年度在校生）',
      all: [
        {
          type: 'graduate',
          studentTypes: ['technical', 'secondary_vocational', 'junior_college', 'undergraduate'],
          graduationYearStudents: true,
        },
      ],
    },
  ],
  '3': [
    { label: '累计从事本职业10年', all: [{ type: 'years_in_occupation', years: 10 }] },
    { label: '取得四级证书后从事本职业4年', all: [{ type: 'prior_level', level: 4, years: 4 }] },
    { label: '取得初级职称后从事本职业1年', all: [{ type: 'professional_title', title: 'junior', years: 1 }] },
    {
      label: '取得四级证书的高职毕业生',
      all: [
        { type: 'prior_level', level: 4, years: 0 },
        { type: 'graduate', studentTypes: ['junior_college'], graduationYearStudents: false },
      ],
    },
    {
      label: '经评估论证的高职及以上相关专业毕业生（含毕业年度在校生）',
      all: [{ type: 'graduate', studentTypes: ['junior_college', 'undergraduate'], graduationYearStudents: true }],
    },
  ],
  '2': [
    { label: '取得三级证书后从事本职业5年', all: [{ type: 'prior_level', level: 3, years: 5 }] },
    { label: '取得中级职称后从事本职业1年', all: [{ type: 'professional_title', title: 'intermediate', years: 1 }] },
  ],
  '1': [
    { label: '取得二级证书后从事本职业5年', all: [{ type: 'prior_level', level: 2, years: 5 }] },
    { label: '取得高级职称后从事本职业1年', all: [{ type: 'professional_title', title: 'senior', years: 1 }] },
  ],
};

/** The older template (2018–2021 standards) with longer years. */
export const TEMPLATE_2018: EligibilityRules = {
  '5': [
    { label: '累计从事本职业1年', all: [{ type: 'years_in_occupation', years: 1 }] },
    { label: '本职业学徒期满', all: [{ type: 'working_in_occupation' }, { type: 'age_min', years: 16 }] },
  ],
  '4': [
    { label: '取得五级证书后从事本职业4年', all: [{ type: 'prior_level', level: 5, years: 4 }] },
    { label: '累计从事本职业6年', all: [{ type: 'years_in_occupation', years: 6 }] },
    {
      label: '技工院校或中职相关专业毕业生',
      all: [{ type: 'graduate', studentTypes: ['technical', 'secondary_vocational'], graduationYearStudents: false }],
    },
  ],
  '3': [
    { label: '取得四级证书后从事本职业5年', all: [{ type: 'prior_level', level: 4, years: 5 }] },
    {
      label: '高职相关专业毕业生',
      all: [{ type: 'graduate', studentTypes: ['junior_college', 'undergraduate'], graduationYearStudents: false }],
    },
  ],
  '2': [{ label: '取得三级证书后从事本职业4年', all: [{ type: 'prior_level', level: 3, years: 4 }] }],
  '1': [{ label: '取得二级证书后从事本职业4年', all: [{ type: 'prior_level', level: 2, years: 4 }] }],
};

/**
 * The person's student situation on a business day (the 中职 cap reads it, CERT-2): 中职 or not,
 * graduation year, graduated (not in school).
 */
export function studentSituation(
  l: { studentType: string | null; graduationYear: number | null; inSchool: boolean },
  on: Date,
): Pick<CandidateFacts, 'studentType' | 'graduationYear' | 'graduated'> {
  return {
    studentType: l.studentType,
    graduationYear: l.graduationYear,
    graduated: !l.inSchool && !!l.graduationYear && l.graduationYear <= on.getUTCFullYear(),
  };
}

/**
 * CERT-2: a secondary vocational student may reach at most 四级 by exam, except an outstanding
 * graduate (students in their graduating school year, 毕业学年, included), who may sit 三级.
 * The cap binds 中职 students — those in school or in their graduating school year at
 * registration — not every person whose education is 中职: an adult who graduated before the
 * current graduating class (not in school) is judged by the standard's routes like anyone else.
 * Returns the refusal, or null.
 */
export function secondaryVocationalCap(
  level: number,
  f: Pick<CandidateFacts, 'studentType' | 'graduationYear' | 'graduated'>,
  outstanding: boolean,
  on: Date,
): string | null {
  if (f.studentType !== 'secondary_vocational' || level >= 4) return null;
  if (isFormerSecondaryVocationalGraduate(f, on)) return null;
  const graduateOrFinalYear = f.graduated || inFinalYear(f, on);
  if (level === 3 && outstanding && graduateOrFinalYear) return null;
  return level === 3
    ? '中职学生通过考试最高取得四级，仅优秀毕业生（含毕业学年学生）可申报三级'
    : '中职学生通过考试最高取得四级';
}

/** Not in school and graduated before the class now in its graduating school year: no longer a 中职 student. */
function isFormerSecondaryVocationalGraduate(
  f: Pick<CandidateFacts, 'graduationYear' | 'graduated'>,
  on: Date,
): boolean {
  return f.graduated && f.graduationYear !== null && f.graduationYear < graduatingClassOn(on);
}

/** What a candidate states beyond the person's record (contract `EligibilityStatementFields`). */
export interface EligibilityStatement {
  workingInOccupation?: boolean;
  yearsInOccupation?: number;
  title?: 'junior' | 'intermediate' | 'senior' | null;
  titleSince?: string | null;
  outstandingGraduate?: boolean;
}

/**
 * CERT-2: one candidate judged at one level on a business day — the standard's routes and the
 * 中职 cap — from the person's record, the certificates they hold in the occupation and what they
 * state. The exam registration and the enterprise evaluation (CERT-6) both judge with it.
 */
export function judgeCandidate(
  routes: EligibilityRoute[],
  level: number,
  person: {
    birthDate: string | null;
    situation: { studentType: string | null; graduationYear: number | null; inSchool: boolean };
  },
  held: { level: number; issuedOn: string }[],
  s: EligibilityStatement,
  on: Date,
): { facts: CandidateFacts; cap: string | null; result: EligibilityResult } {
  const facts: CandidateFacts = {
    age: person.birthDate ? ageOn(person.birthDate, on) : 0,
    workingInOccupation: s.workingInOccupation ?? true,
    yearsInOccupation: s.yearsInOccupation ?? 0,
    certificates: held,
    ...studentSituation(person.situation, on),
    title: s.title && s.titleSince ? { title: s.title, since: s.titleSince } : null,
  };
  return {
    facts,
    cap: secondaryVocationalCap(level, facts, !!s.outstandingGraduate, on),
    result: checkEligibility({ [String(level)]: routes }, level, facts, on),
  };
}
