/**
 * Which pages each role may open, as data: the menu and the route guards both read this table,
 * so a menu entry and the page behind it can never disagree. The server enforces the same rules
 * (see the `*_READERS`, `*_EDITORS` … lists beside each route in server/src/modules).
 */
import { OFFICIAL_ROLES, REFERENCE_EDITOR_ROLES, type Role } from '../../contract/roles.js';

export type PageKey = 'home' | 'queue' | 'filings' | 'institutions' | 'staff' | 'specs' | 'reference' | 'accounts' | 'audit';

const INSTITUTION_ROLES: readonly Role[] = ['institution_admin', 'examiner', 'quality_supervisor'];
/** officials: 待办, 备案申请, 评价机构, 人员库, 评价规范 (all readable in their region), 基础数据 */
const OFFICIAL_PAGES: readonly PageKey[] = ['home', 'queue', 'filings', 'institutions', 'staff', 'specs', 'reference'];

export const PAGES_BY_ROLE: Record<Role, readonly PageKey[]> = {
  province_edu: OFFICIAL_PAGES,
  province_hrss: OFFICIAL_PAGES,
  city_edu: OFFICIAL_PAGES,
  city_hrss: OFFICIAL_PAGES,
  county_edu: OFFICIAL_PAGES,
  county_hrss: OFFICIAL_PAGES,
  // 本机构: 机构信息, 备案申请, 人员库, 评价规范
  institution_admin: ['home', 'institutions', 'filings', 'staff', 'specs'],
  examiner: ['home', 'institutions'],
  quality_supervisor: ['home', 'institutions'],
  // experts read the institutions of their region (server: INSTITUTION_READERS)
  expert: ['home', 'institutions'],
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
export const canRecordCredit = (role: Role) => ['province_hrss', 'city_hrss', 'province_edu', 'city_edu'].includes(role);
/** 人员库: the institution registers its own people; HRSS registers experts and external supervisors. */
export const canEditStaff = (role: Role) => role === 'institution_admin' || role === 'province_hrss' || role === 'city_hrss';
/** 取消资格 (INST-8). */
export const canDisqualifyStaff = (role: Role) => role === 'province_hrss' || role === 'city_hrss';
/** 评价规范 (INST-7): reviews, filing and rejection by the province HRSS. */
export const canReviewSpecs = (role: Role) => role === 'province_hrss';
/** Decides on filing applications at some step of the route (INST-2). */
export const isFilingDecider = (role: Role) => ['province_edu', 'city_edu', 'province_hrss', 'city_hrss'].includes(role);
