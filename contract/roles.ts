/**
 * Roles (角色) and the kind of scope each one carries. Shared by server and web.
 * A region-scoped role sees its region's subtree; an institution role sees one institution;
 * platform roles are the three separated administrators (三员分立); a learner sees only themself.
 */
export const ROLES = [
  'province_edu',
  'province_hrss',
  'city_edu',
  'city_hrss',
  'county_edu',
  'county_hrss',
  'province_finance',
  'city_finance',
  'institution_admin',
  'examiner',
  'quality_supervisor',
  'expert',
  'learner',
  'system_admin',
  'security_admin',
  'audit_admin',
] as const;
export type Role = (typeof ROLES)[number];

export type ScopeKind = 'region' | 'institution' | 'platform' | 'self';
export type RegionLevel = 'province' | 'city' | 'county';

export interface RoleInfo {
  label: string;
  labelEn: string;
  scope: ScopeKind;
  /** for region roles: the level of region the account must be attached to */
  regionLevel?: RegionLevel;
  /** department family, for routing rules later (INST-2) */
  department?: 'education' | 'hrss' | 'finance';
}

export const ROLE_INFO: Record<Role, RoleInfo> = {
  province_edu: {
    label: '省教育厅',
    labelEn: 'Province education dept',
    scope: 'region',
    regionLevel: 'province',
    department: 'education',
  },
  province_hrss: {
    label: '省人社厅',
    labelEn: 'Province HRSS dept',
    scope: 'region',
    regionLevel: 'province',
    department: 'hrss',
  },
  city_edu: {
    label: '市教育局',
    labelEn: 'City education bureau',
    scope: 'region',
    regionLevel: 'city',
    department: 'education',
  },
  city_hrss: {
    label: '市人社局',
    labelEn: 'City HRSS bureau',
    scope: 'region',
    regionLevel: 'city',
    department: 'hrss',
  },
  county_edu: {
    label: '县教育局',
    labelEn: 'County education bureau',
    scope: 'region',
    regionLevel: 'county',
    department: 'education',
  },
  county_hrss: {
    label: '县人社局',
    labelEn: 'County HRSS bureau',
    scope: 'region',
    regionLevel: 'county',
    department: 'hrss',
  },
  province_finance: {
    label: '省财政厅',
    labelEn: 'Province finance dept',
    scope: 'region',
    regionLevel: 'province',
    department: 'finance',
  },
  city_finance: {
    label: '市财政局',
    labelEn: 'City finance bureau',
    scope: 'region',
    regionLevel: 'city',
    department: 'finance',
  },
  institution_admin: { label: '机构管理员', labelEn: 'Institution administrator', scope: 'institution' },
  examiner: { label: '考评员', labelEn: 'Examiner', scope: 'institution' },
  quality_supervisor: { label: '质量督导员', labelEn: 'Quality supervisor', scope: 'institution' },
  expert: { label: '评审专家', labelEn: 'Expert', scope: 'region' },
  learner: { label: '学员', labelEn: 'Learner', scope: 'self' },
  system_admin: { label: '系统管理员', labelEn: 'System administrator', scope: 'platform' },
  security_admin: { label: '安全管理员', labelEn: 'Security administrator', scope: 'platform' },
  audit_admin: { label: '审计管理员', labelEn: 'Audit administrator', scope: 'platform' },
};

/** Officials: region-scoped department roles. */
export const OFFICIAL_ROLES: readonly Role[] = [
  'province_edu',
  'province_hrss',
  'city_edu',
  'city_hrss',
  'county_edu',
  'county_hrss',
];

/**
 * Finance departments (财政部门): they approve and pay subsidies after the HRSS department and the
 * publicity (SUB-2, SUB-3), and keep each city's fund; they are not officials of the certification
 * programme and read nothing else of it.
 */
export const FINANCE_ROLES: readonly Role[] = ['province_finance', 'city_finance'];

/** The three separated administrators (三员分立): created and managed only from the command line. */
export const ADMINISTRATOR_ROLES: readonly Role[] = ['system_admin', 'security_admin', 'audit_admin'];
