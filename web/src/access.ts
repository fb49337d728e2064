/**
 * Which pages each role may open, as data: the menu and the route guards both read this table,
 * so a menu entry and the page behind it can never disagree. The server enforces the same rules.
 */
import { OFFICIAL_ROLES, REFERENCE_EDITOR_ROLES, type Role } from '../../contract/roles.js';

export type PageKey = 'home' | 'institutions' | 'reference' | 'accounts' | 'audit';

const INSTITUTION_ROLES: readonly Role[] = ['institution_admin', 'examiner', 'quality_supervisor'];

export const PAGES_BY_ROLE: Record<Role, readonly PageKey[]> = {
  province_edu: ['home', 'institutions', 'reference'],
  province_hrss: ['home', 'institutions', 'reference'],
  city_edu: ['home', 'institutions', 'reference'],
  city_hrss: ['home', 'institutions', 'reference'],
  county_edu: ['home', 'institutions', 'reference'],
  county_hrss: ['home', 'institutions', 'reference'],
  institution_admin: ['home', 'institutions'],
  examiner: ['home', 'institutions'],
  quality_supervisor: ['home', 'institutions'],
  expert: ['home'],
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
