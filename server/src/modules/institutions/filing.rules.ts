/**
 * Pure rules of institution filing: the route an application takes (INST-2), the filing number
 * (备案号), validity, the status machines (INST-5), prerequisites (INST-3) and credit (INST-8).
 * No database here: these are plain functions with plain tests.
 */
import {
  DEPARTMENTS,
  FILING_EXPIRY_WARNING_DAYS,
  FILING_VALID_YEARS,
  MIN_EXAMINERS_PER_OCCUPATION,
  PREREQUISITES,
  type CreditGrade,
  type Department,
  type InstitutionKind,
  type ManagementAction,
  type PrerequisiteItem,
} from '../../../../contract/institutions.js';
import {
  FILING_AWAITING,
  FILING_STEPS,
  FILING_TRANSITIONS,
  filingPhase,
  filingStepOpen,
  type FilingPhase,
  type FilingStage,
  type FilingStep,
  type FilingTransition,
} from '../../../../contract/filing-workflow.js';
import { APPLICATION_STATUSES, type ApplicationStatus } from '../../../../contract/institutions.js';
import { addDays, businessDate, businessParts, daysBetween } from '../../lib/dates.js';
import { addWorkingDays, isWorkday, type CalendarOverrides } from '../../lib/workdays.js';
import { FILING_HANDLING_WORKING_DAYS } from '../../../../contract/limits.js';
import { AppError } from '../../lib/errors.js';

export interface RoutedInstitution {
  kind: string;
  school_type: string | null;
  owner: 'province' | 'local';
  /** the institution's region path in the reporting tree, e.g. /410000/410100/410105/ */
  regionPath: string;
}

export interface FilingRoute {
  /** the education department that does the preliminary (expert) review, or null when none */
  reviewDepartment: Department | null;
  reviewRegionCode: string | null;
  /** the HRSS department that files */
  filingDepartment: Department;
  filingRegionCode: string;
}

/** The city-level unit of a path: a city, 济源示范区, or a 省直管县 (they report to the province). */
export function cityLevelUnit(regionPath: string): string {
  const parts = regionPath.split('/').filter(Boolean);
  return parts[1] ?? parts[0];
}
export const provinceOf = (regionPath: string) => regionPath.split('/').filter(Boolean)[0];

/**
 * INST-2. 本科/高职/省属中职 → province education (expert review) → province HRSS files;
 * local 中职 → the city / 济源示范区 / 省直管县 education dept → the same-level HRSS files;
 * every other kind (incl. 技工院校, enterprises, social organisations): province-owned →
 * province HRSS, local → the city-level HRSS, with no education stage.
 */
export function filingRoute(i: RoutedInstitution): FilingRoute {
  const province = provinceOf(i.regionPath);
  const city = cityLevelUnit(i.regionPath);
  if (
    i.kind === 'college' &&
    (i.school_type === 'undergraduate' ||
      i.school_type === 'higher_vocational' ||
      (i.school_type === 'secondary_vocational' && i.owner === 'province'))
  ) {
    return {
      reviewDepartment: 'province_edu',
      reviewRegionCode: province,
      filingDepartment: 'province_hrss',
      filingRegionCode: province,
    };
  }
  if (i.kind === 'college' && i.school_type === 'secondary_vocational') {
    return {
      reviewDepartment: 'city_edu',
      reviewRegionCode: city,
      filingDepartment: 'city_hrss',
      filingRegionCode: city,
    };
  }
  return i.owner === 'province'
    ? { reviewDepartment: null, reviewRegionCode: null, filingDepartment: 'province_hrss', filingRegionCode: province }
    : { reviewDepartment: null, reviewRegionCode: null, filingDepartment: 'city_hrss', filingRegionCode: city };
}

/** Which role code acts for a department (city_edu is held by city-level education accounts). */
export const departmentRole = (d: Department) => d;

/** The filing workflow's table (INST-2), kept in the contract so the web offers the same steps. */
export { FILING_TRANSITIONS };

export function filingInvalidState(status: string, verb: string) {
  return new AppError(
    'FILING_INVALID_STATE',
    `申请当前状态为“${APPLICATION_STATUSES[status as ApplicationStatus] ?? status}”，不能${verb}`,
  );
}

/** Refuses a step the workflow table does not allow in the application's phase, naming its status. */
export function assertFilingStep(app: { status: string; stage: string }, step: FilingStep): FilingTransition {
  if (!filingStepOpen(app, step)) throw filingInvalidState(app.status, FILING_STEPS[step]);
  return FILING_TRANSITIONS[step];
}

/** What a step writes: its status and stage, and the decision time when it closes the application. */
export function filingStepResult(
  step: FilingStep,
  now: string,
): { status?: ApplicationStatus; stage?: FilingStage; decided_at?: string } {
  const to = FILING_TRANSITIONS[step].to;
  if (!to) return {};
  return {
    status: to.status,
    ...(to.stage ? { stage: to.stage } : {}),
    ...(to.stage === 'done' ? { decided_at: now } : {}),
  };
}

export interface RoutedApplication {
  status: string;
  stage: string;
  review_department: string | null;
  review_region_code: string | null;
  filing_department: string;
  filing_region_code: string;
}

/** The department (and its region) whose turn it is, or null when it is nobody's (INST-2). */
export function awaitingDepartment(app: RoutedApplication): { dept: string; region: string } | null {
  const which = FILING_AWAITING[filingPhase(app) as FilingPhase];
  if (which === 'review') return { dept: app.review_department!, region: app.review_region_code! };
  if (which === 'filing') return { dept: app.filing_department, region: app.filing_region_code };
  return null;
}

/** How long the awaited department has had an application, and whether its time is up. */
export interface FilingHandling {
  /** the business date the application reached the department */
  since: string;
  /** the last day of the department's working days (FILING_HANDLING_WORKING_DAYS) */
  due: string;
  overdue: boolean;
  /** working days past `due` (0 while in time) */
  workingDaysLate: number;
}

/**
 * INST-2 (平台口径): the awaited department's handling time, from the day the application reached it
 * (its latest submission or recommendation, `reachedAt`), in working days on the official calendar.
 * Null when no department is awaited (a draft, a returned application, a decision made).
 */
export function filingHandling(
  app: RoutedApplication,
  reachedAt: string | null,
  today: string,
  timeZone: string,
  overrides: CalendarOverrides = new Map(),
): FilingHandling | null {
  if (!reachedAt || !awaitingDepartment(app)) return null;
  const since = businessDate(new Date(reachedAt), timeZone);
  const due = addWorkingDays(since, FILING_HANDLING_WORKING_DAYS, overrides).date;
  let workingDaysLate = 0;
  for (let d = addDays(due, 1); d <= today; d = addDays(d, 1)) if (isWorkday(d, overrides)) workingDaysLate++;
  return { since, due, overdue: today > due, workingDaysLate };
}

/** `Y` employer-type (colleges certifying their own students, enterprises), `S` social organisations. */
export function filingCategoryLetter(kind: InstitutionKind | string): 'Y' | 'S' {
  return kind === 'college' || kind === 'enterprise' ? 'Y' : 'S';
}

export const FILING_NUMBER_RE = /^[YS]0000\d{2}\d{6}$/;
/** 备案号: category letter, `0000` (filed with a province), province code, 6-digit site serial. */
export function formatFilingNumber(letter: 'Y' | 'S', provinceCode: string, serial: number): string {
  if (!/^\d{2}$/.test(provinceCode)) throw new Error(`bad province code ${provinceCode}`);
  if (!Number.isInteger(serial) || serial < 1 || serial > 999_999)
    throw new Error(`site serial out of range: ${serial}`);
  return `${letter}0000${provinceCode}${String(serial).padStart(6, '0')}`;
}

/**
 * A filing is valid for three years: the last valid day is the day before the third anniversary of
 * the filing date (a date in the business time zone, China Standard Time).
 */
export function validUntil(filedAt: Date, timeZone: string): string {
  const { year, month, day } = businessParts(filedAt, timeZone);
  // day − 1 days after the 1st is the anniversary (29 February's, in a common year, is 1 March); one day before it
  return addDays(`${year + FILING_VALID_YEARS}-${String(month).padStart(2, '0')}-01`, day - 2);
}

export type Validity = 'none' | 'valid' | 'expiring' | 'expired';
/** `today` is the business date (`YYYY-MM-DD`, China Standard Time). */
export function validity(validUntilDate: string | null, today: string): { state: Validity; daysLeft: number | null } {
  if (!validUntilDate) return { state: 'none', daysLeft: null };
  const days = daysBetween(today, validUntilDate);
  if (days < 0) return { state: 'expired', daysLeft: days };
  return { state: days <= FILING_EXPIRY_WARNING_DAYS ? 'expiring' : 'valid', daysLeft: days };
}

/** INST-5: the dynamic-management transitions, from → to. */
export const MANAGEMENT_TRANSITIONS: Record<ManagementAction, { from: string[]; to: string }> = {
  rectify: { from: ['filed'], to: 'rectification' },
  complete_rectification: { from: ['rectification'], to: 'filed' },
  suspend: { from: ['filed', 'rectification'], to: 'suspended' },
  reinstate: { from: ['suspended'], to: 'filed' },
  revoke: { from: ['filed', 'rectification', 'suspended'], to: 'revoked' },
};

/** Who filed an institution: the department and region of its filing (备案部门). */
export interface FilingAuthority {
  department: Department | string;
  regionCode: string;
  /** the filing region's path in the reporting tree, e.g. /410000/410100/ */
  regionPath: string;
  regionName: string;
}

/** A department's name as people say it: 河南省人社厅, 郑州市人社局, 郑州市教育局. */
export function departmentName(dept: Department | string, regionName: string): string {
  if (dept === 'province_edu') return `${regionName}教育厅`;
  if (dept === 'province_hrss') return `${regionName}人社厅`;
  if (dept === 'city_edu') return `${regionName}教育局`;
  if (dept === 'city_hrss') return `${regionName}人社局`;
  return DEPARTMENTS[dept as Department] ?? dept;
}

/**
 * INST-5: the filing authority manages what it filed, and the province HRSS is the superior of
 * every filing in its province (四川试点通知 六（一）（三）: the province centre manages the schools it
 * filed and checks the cities'; a city centre manages the local 中职 it filed). Nobody else does,
 * even when the institution lies in their region.
 */
export function managesFiling(
  actor: { role: string; regionCode: string | null; regionPath: string | null },
  authority: FilingAuthority,
): boolean {
  if (actor.role === authority.department && actor.regionCode === authority.regionCode) return true;
  return actor.role === 'province_hrss' && !!actor.regionPath && authority.regionPath.startsWith(actor.regionPath);
}

/**
 * INST-5: a rectification whose deadline (the last day to rectify) has passed. A business date
 * compared with today's business date, as the order's own "deadline after today" check does.
 */
export function rectificationOverdue(status: string, deadline: string | null, today: string): boolean {
  return status === 'rectification' && !!deadline && deadline < today;
}

/**
 * INST-5: the management actions a status allows, in the table's order; the step proposed next
 * comes first. A passed rectification deadline proposes suspension but does not apply it: the
 * sanction follows the circumstances (视情节, 四川试点通知 七（五）), so the filing authority decides,
 * with a reason, and the institution stays under rectification until it does.
 */
export function managementActionsFor(
  status: string,
  overdue: boolean,
): { actions: ManagementAction[]; proposed: ManagementAction | null } {
  const actions = (Object.keys(MANAGEMENT_TRANSITIONS) as ManagementAction[]).filter((a) =>
    MANAGEMENT_TRANSITIONS[a].from.includes(status),
  );
  if (!overdue || !actions.includes('suspend')) return { actions, proposed: null };
  return { actions: ['suspend', ...actions.filter((a) => a !== 'suspend')], proposed: 'suspend' };
}

export interface PrerequisiteFacts {
  /** evidence items with at least one current file; question_bank keyed per occupation id */
  evidence: Set<string>;
  questionBanks: Set<number>;
  /** active (not disqualified) examiners of this institution per occupation id */
  examinersByOccupation: Map<number, number>;
  qualitySupervisors: number;
  experts: number;
  /** occupations in the requested scope, with names for messages */
  occupations: { id: number; name: string }[];
}

export interface PrerequisiteCheck {
  item: PrerequisiteItem;
  label: string;
  ok: boolean;
  missing: string[];
}

/** INST-3: every item, each passed or with what is missing, in plain Chinese. */
export function checkPrerequisites(f: PrerequisiteFacts): PrerequisiteCheck[] {
  const out: PrerequisiteCheck[] = [];
  for (const item of Object.keys(PREREQUISITES) as PrerequisiteItem[]) {
    const label = PREREQUISITES[item].label;
    const missing: string[] = [];
    if (item === 'examiners') {
      for (const o of f.occupations) {
        const n = f.examinersByOccupation.get(o.id) ?? 0;
        if (n < MIN_EXAMINERS_PER_OCCUPATION)
          missing.push(`${o.name}：考评员 ${n} 名，至少需 ${MIN_EXAMINERS_PER_OCCUPATION} 名`);
      }
      if (!f.occupations.length) missing.push('尚未申报任何职业');
    } else if (item === 'quality_supervisors') {
      if (f.qualitySupervisors < 1) missing.push('尚未登记质量督导员');
    } else if (item === 'experts') {
      if (f.experts < 1) missing.push('尚未登记评价专家');
    } else if (item === 'question_bank') {
      for (const o of f.occupations) if (!f.questionBanks.has(o.id)) missing.push(`${o.name}：未上传题库材料`);
    } else if (!f.evidence.has(item)) {
      missing.push('未上传证明材料');
    }
    out.push({ item, label, ok: missing.length === 0, missing });
  }
  return out;
}

export interface CreditFacts {
  violations: number;
  rectifications: number;
  complaintsUpheld: number;
  lateReports: number;
  rectificationsCompleted: number;
  revoked: boolean;
}

/**
 * INST-8 credit grade from the events of the last three years:
 * score = 100 − 20·violations − 10·rectifications ordered − 15·upheld complaints − 5·late reports
 *         + 5·rectifications completed (at most +10), clamped to 0..100;
 * A ≥ 90, B ≥ 75, C ≥ 60, else D; a revoked institution is D.
 */
export function creditGrade(f: CreditFacts): { score: number; grade: CreditGrade } {
  const raw =
    100 -
    20 * f.violations -
    10 * f.rectifications -
    15 * f.complaintsUpheld -
    5 * f.lateReports +
    Math.min(10, 5 * f.rectificationsCompleted);
  const score = Math.max(0, Math.min(100, raw));
  if (f.revoked) return { score, grade: 'D' };
  return { score, grade: score >= 90 ? 'A' : score >= 75 ? 'B' : score >= 60 ? 'C' : 'D' };
}
