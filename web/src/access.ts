/**
 * Which pages each role may open, as data: the menu and the route guards both read this table,
 * so a menu entry and the page behind it can never disagree. The server enforces the same rules
 * (see the `*_READERS`, `*_EDITORS` … lists beside each route in server/src/modules).
 */
import { OFFICIAL_ROLES, REFERENCE_EDITOR_ROLES, type Role } from '../../contract/roles.js';

export type PageKey =
  | 'home'
  | 'queue'
  | 'filings'
  | 'institutions'
  | 'staff'
  | 'specs'
  | 'plans'
  | 'pathways'
  | 'certificates'
  | 'coverage'
  | 'standards'
  | 'reference'
  | 'accounts'
  | 'audit';

const INSTITUTION_ROLES: readonly Role[] = ['institution_admin', 'examiner', 'quality_supervisor'];
/**
 * officials: 待办, 备案申请, 评价机构, 人员库, 评价规范 (all readable in their region); 评价计划,
 * 证书, 毕业生持证, 职业技能标准 (read; HRSS also revokes, the province HRSS edits standards); 基础数据
 */
const OFFICIAL_PAGES: readonly PageKey[] = [
  'home',
  'queue',
  'filings',
  'institutions',
  'staff',
  'specs',
  'plans',
  'certificates',
  'coverage',
  'standards',
  'reference',
];

export const PAGES_BY_ROLE: Record<Role, readonly PageKey[]> = {
  province_edu: OFFICIAL_PAGES,
  province_hrss: OFFICIAL_PAGES,
  city_edu: OFFICIAL_PAGES,
  city_hrss: OFFICIAL_PAGES,
  county_edu: OFFICIAL_PAGES,
  county_hrss: OFFICIAL_PAGES,
  // 本机构: 机构信息, 备案申请, 人员库, 评价规范; 评价发证: 评价计划, 取证途径, 证书, 毕业生持证, 职业技能标准
  institution_admin: [
    'home',
    'institutions',
    'filings',
    'staff',
    'specs',
    'plans',
    'pathways',
    'certificates',
    'coverage',
    'standards',
  ],
  // examiners enter scores, quality supervisors confirm them (CERT-11)
  examiner: ['home', 'institutions', 'plans'],
  quality_supervisor: ['home', 'institutions', 'plans'],
  // experts read the institutions of their region (server: INSTITUTION_READERS)
  expert: ['home', 'institutions'],
  // the learner's certificates are on the home page
  learner: ['home'],
  system_admin: ['home', 'accounts', 'reference'],
  security_admin: ['home', 'accounts'],
  audit_admin: ['home', 'audit'],
};

export function canOpen(role: Role, page: PageKey): boolean {
  return PAGES_BY_ROLE[role]?.includes(page) ?? false;
}
export const isOfficial = (role: Role) => OFFICIAL_ROLES.includes(role);
export const isInstitutionRole = (role: Role) => INSTITUTION_ROLES.includes(role);
/** May edit regions, occupations and 1+X certificates. */
export const canEditReference = (role: Role) => REFERENCE_EDITOR_ROLES.includes(role);
/** system_admin creates, edits and disables accounts (三员分立). */
export const canManageAccounts = (role: Role) => role === 'system_admin';
/** security_admin unlocks accounts and resets passwords. */
export const canSecureAccounts = (role: Role) => role === 'security_admin';

/** 登记机构: officials inside their region. */
export const canRegisterInstitutions = (role: Role) => isOfficial(role);
/** 导出 Excel: officials and the institution admin (not experts). */
export const canExportInstitutions = (role: Role) => isOfficial(role) || role === 'institution_admin';
/** 动态管理 (INST-5): the HRSS departments that file. */
export const canManageInstitutions = (role: Role) => role === 'province_hrss' || role === 'city_hrss';
/** 信用事件 (INST-8): HRSS and education departments at province and city level. */
export const canRecordCredit = (role: Role) =>
  ['province_hrss', 'city_hrss', 'province_edu', 'city_edu'].includes(role);
/** 人员库: the institution registers its own people; HRSS registers experts and external supervisors. */
export const canEditStaff = (role: Role) =>
  role === 'institution_admin' || role === 'province_hrss' || role === 'city_hrss';
/** 取消资格 (INST-8). */
export const canDisqualifyStaff = (role: Role) => role === 'province_hrss' || role === 'city_hrss';
/** 评价规范 (INST-7): reviews, filing and rejection by the province HRSS. */
export const canReviewSpecs = (role: Role) => role === 'province_hrss';
/** Decides on filing applications at some step of the route (INST-2). */
export const isFilingDecider = (role: Role) =>
  ['province_edu', 'city_edu', 'province_hrss', 'city_hrss'].includes(role);

// ---- skill evaluation and certificates (CERT-2..12)
/** 新建评价计划, 报名, 导入名单, 资格审核, 考场, 公示, 异议, 确认结果, 发证: the institution admin of the plan. */
export const canManagePlans = (role: Role) => role === 'institution_admin';
/** 录入成绩: the institution admin or an examiner of the plan's institution. */
export const canEnterScores = (role: Role) => role === 'institution_admin' || role === 'examiner';
/** 复核成绩 (by a person other than who entered them, CERT-11). */
export const canConfirmScores = (role: Role) =>
  role === 'institution_admin' || role === 'examiner' || role === 'quality_supervisor';
/** 更正成绩 (a new version with its reason, CERT-11). */
export const canCorrectScores = (role: Role) => role === 'institution_admin';
/** 准考证 PDF. */
export const canDownloadTickets = (role: Role) => role === 'institution_admin' || role === 'learner';
/** 暂停 / 恢复 / 撤销证书 (CERT-12): the issuing institution, province and city HRSS. */
export const canSanctionCertificates = (role: Role) =>
  role === 'institution_admin' || role === 'province_hrss' || role === 'city_hrss';
/** 更正证书信息: the issuing institution (INST-6, CERT-11). */
export const canCorrectCertificates = (role: Role) => role === 'institution_admin';
/** 批量下载证书 ZIP: the issuing institution. */
export const canDownloadCertificateZip = (role: Role) => role === 'institution_admin';
/** 职业技能标准 edits: the province HRSS. */
export const canEditStandards = (role: Role) => role === 'province_hrss';
