/**
 * What the web offers each role, read from the one access table the server enforces
 * (contract/access.ts): a button is shown when `can(role, action)`, and a page when the role may
 * do the action its data needs. The menu and the route guards both read `canOpen`, so a menu
 * entry and the page behind it can never disagree, and neither can disagree with the server.
 */
import { ACCESS, can, type Action } from '../../contract/access.js';
import { OFFICIAL_ROLES, ROLE_INFO, ROLES, type Role, type ScopeKind } from '../../contract/roles.js';

export { can };

export type PageKey =
  | 'home'
  | 'jobs'
  | 'dashboard'
  | 'targets'
  | 'reports'
  | 'queue'
  | 'filings'
  | 'institutions'
  | 'staff'
  | 'specs'
  | 'plans'
  | 'pathways'
  | 'competitions'
  | 'certificates'
  | 'coverage'
  | 'otherCertificates'
  | 'standards'
  | 'subsidies'
  | 'subsidyFunds'
  | 'subsidyRates'
  | 'training'
  | 'trainingProviders'
  | 'reference'
  | 'accounts'
  | 'audit';

const ofScope = (...kinds: ScopeKind[]): readonly Role[] => ROLES.filter((r) => kinds.includes(ROLE_INFO[r].scope));

interface Page {
  /** the action the page's data needs: the server answers it for exactly the roles allowed it */
  action: Action;
  /** where the menu offers the page to fewer roles than may read its data: who it is for */
  only?: readonly Role[];
}

/** In menu order within each group. */
const PAGES: Record<PageKey, Page> = {
  home: { action: 'home.read' },
  // 取证任务 (TGT-1…4): officials over their subtree, an institution over itself
  dashboard: { action: 'progress.read' },
  targets: { action: 'progress.read' },
  reports: { action: 'progress.read' },
  // 待办 is the officials' work queue; an institution follows its own application under 备案申请
  queue: { action: 'filing.read', only: OFFICIAL_ROLES },
  // the system administrator reads institutions only to attach accounts to them
  institutions: { action: 'institution.read', only: ofScope('region', 'institution') },
  filings: { action: 'filing.read' },
  staff: { action: 'staff.read' },
  specs: { action: 'spec.read' },
  plans: { action: 'plan.read' },
  pathways: { action: 'pathway.manage' },
  // 竞赛审批 is the HRSS officials' (CERT-5); an institution follows its competitions under 取证途径
  competitions: { action: 'competition.read', only: ['province_hrss', 'city_hrss'] },
  // a learner's own certificates are on the home page
  certificates: { action: 'certificate.read', only: ofScope('region', 'institution') },
  coverage: { action: 'coverage.read' },
  // 其他类证书 for the HRSS departments that record them; a learner's own are on the home page
  otherCertificates: { action: 'other_certificate.read', only: ['province_hrss', 'city_hrss', 'county_hrss'] },
  // 职业技能标准 sits under 评价发证 for the officials and the institution that plans evaluations
  standards: { action: 'reference.read', only: [...OFFICIAL_ROLES, 'institution_admin'] },
  // 补贴 (SUB-1 … SUB-4): claims for the claiming institution, HRSS and finance; funds for the departments;
  // the rates are reference data, shown to those who work with subsidies
  subsidies: { action: 'subsidy.read' },
  subsidyFunds: { action: 'subsidy.fund.read' },
  subsidyRates: { action: 'reference.read', only: ACCESS['subsidy.read'].roles },
  // 职业培训: classes (开班申请 and their approval) and the provider catalogue (TRAIN-1…13)
  training: { action: 'training.read' },
  trainingProviders: { action: 'training.read' },
  // 基础数据 for the officials who work with it and the system administrator who keeps the platform
  reference: { action: 'reference.read', only: [...OFFICIAL_ROLES, 'system_admin'] },
  accounts: { action: 'account.read' },
  audit: { action: 'audit.read' },
  // 我的任务 (issue 17): reached from the account corner of the header, not the side menu
  jobs: { action: 'job.own' },
};
export const PAGE_ACTIONS: Readonly<Record<PageKey, Action>> = Object.fromEntries(
  Object.entries(PAGES).map(([k, p]) => [k, p.action]),
) as Record<PageKey, Action>;

export function canOpen(role: Role, page: PageKey): boolean {
  const p = PAGES[page];
  return !!p && can(role, p.action) && (!p.only || p.only.includes(role));
}

/** The pages of each role, in menu order. */
export const PAGES_BY_ROLE = {} as Record<Role, readonly PageKey[]>;
for (const r of ROLES) PAGES_BY_ROLE[r] = (Object.keys(PAGES) as PageKey[]).filter((p) => canOpen(r, p));

export const isOfficial = (role: Role) => OFFICIAL_ROLES.includes(role);
/** institution admin, examiner, quality supervisor: they work inside one institution */
export const isInstitutionRole = (role: Role) => ROLE_INFO[role]?.scope === 'institution';
