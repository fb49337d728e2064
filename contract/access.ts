/**
 * Who may do what (权限表), as data: one line per action, read by the server's route guard
 * (`config: { access: { action } }`), by services that check a role, and by the web's menu and
 * buttons, so the three can never disagree. An action names the roles allowed and the kind of
 * scope it works in; *which* records (the region subtree, the own institution, the learner
 * themself) is applied inside the queries, never here.
 */
import { ADMINISTRATOR_ROLES, FINANCE_ROLES, OFFICIAL_ROLES, ROLES, type Role } from './roles.js';

/**
 * The records an action reaches:
 * - `jurisdiction` the actor's region subtree, own institution, or (a learner) own records
 * - `reference`    national reference data every signed-in user reads alike
 * - `national`     one national list or calendar, maintained by province officials
 * - `platform`     platform-wide administration (三员分立): no region or institution applies
 * - `self`         only the caller's own session, account or registrations
 */
export type ActionScope = 'jurisdiction' | 'reference' | 'national' | 'platform' | 'self';

export interface ActionRule {
  roles: readonly Role[];
  scope: ActionScope;
  /** what the action is, in one line */
  label: string;
  /** the policy rule behind the permission, when there is one */
  rule?: string;
}

const OFFICIALS_AND_INSTITUTION: readonly Role[] = [...OFFICIAL_ROLES, 'institution_admin'];

export const ACCESS = {
  // ---- every signed-in user
  'session.own': { roles: ROLES, scope: 'self', label: '退出登录、查看本人信息与管辖范围、修改本人密码' },
  'second_factor.own': {
    roles: ROLES,
    scope: 'self',
    label: '绑定本人的动态口令（双因素认证），重新生成恢复码',
  },
  'home.read': { roles: ROLES, scope: 'jurisdiction', label: '工作台（按管辖范围统计）' },
  'reference.read': {
    roles: ROLES,
    scope: 'reference',
    label: '查阅行政区划、职业、1+X 证书、技能等级、职业技能标准与工作日历',
  },

  // ---- reference data
  'region.edit': { roles: ['province_hrss', 'province_edu'], scope: 'jurisdiction', label: '更正本省行政区划' },
  'reference.edit': {
    roles: ['province_hrss', 'province_edu'],
    scope: 'national',
    label: '维护职业目录与 1+X 证书目录',
  },
  'calendar.edit': { roles: ['province_hrss'], scope: 'national', label: '设定工作日、法定节假日与调休' },
  'standard.edit': {
    roles: ['province_hrss'],
    scope: 'national',
    label: '修改职业技能标准（考核项目、合格线、考务人员配比、申报条件）',
  },

  // ---- institutions (INST-1, INST-3, INST-5, INST-6, INST-8)
  'institution.read': {
    roles: [...OFFICIAL_ROLES, 'expert', 'institution_admin', 'examiner', 'quality_supervisor', 'system_admin'],
    scope: 'jurisdiction',
    label: '查阅评价机构、备案范围与动态管理记录',
  },
  'institution.register': { roles: OFFICIAL_ROLES, scope: 'jurisdiction', label: '登记评价机构', rule: 'INST-1' },
  'institution.export': { roles: OFFICIALS_AND_INSTITUTION, scope: 'jurisdiction', label: '导出评价机构 Excel' },
  'institution.edit': {
    roles: OFFICIALS_AND_INSTITUTION,
    scope: 'jurisdiction',
    label: '修改机构信息（名称仅限备案前）',
    rule: 'INST-6',
  },
  'institution.manage': {
    roles: ['province_hrss', 'city_hrss'],
    scope: 'jurisdiction',
    label: '动态管理：责令整改、整改完成、暂停、恢复、取消备案',
    rule: 'INST-5',
  },
  'institution.credit': {
    roles: ['province_hrss', 'city_hrss', 'province_edu', 'city_edu'],
    scope: 'jurisdiction',
    label: '记录信用事件（违规、投诉查实、逾期报送）',
    rule: 'INST-8',
  },
  'evidence.read': {
    roles: OFFICIALS_AND_INSTITUTION,
    scope: 'jurisdiction',
    label: '查阅备案条件核查清单与证明材料',
    rule: 'INST-3',
  },
  'evidence.manage': {
    roles: ['institution_admin'],
    scope: 'jurisdiction',
    label: '上传、移除本机构的证明材料',
    rule: 'INST-3',
  },

  // ---- the filing workflow (INST-2, INST-4); each step's turn is in contract/filing-workflow.ts
  'filing.read': {
    roles: OFFICIALS_AND_INSTITUTION,
    scope: 'jurisdiction',
    label: '查阅备案申请与待办',
    rule: 'INST-2',
  },
  'filing.export': {
    roles: OFFICIALS_AND_INSTITUTION,
    scope: 'jurisdiction',
    label: '导出备案申请列表 Excel（按当前筛选）',
  },
  'filing.apply': {
    roles: ['institution_admin'],
    scope: 'jurisdiction',
    label: '新建、修改、提交、撤回本机构的备案申请',
    rule: 'INST-4',
  },
  'filing.decide': {
    roles: ['province_edu', 'city_edu', 'province_hrss', 'city_hrss'],
    scope: 'jurisdiction',
    label: '办理备案申请：记录专家初审意见、退回修改、不予备案',
    rule: 'INST-2',
  },
  'filing.review': {
    roles: ['province_edu', 'city_edu'],
    scope: 'jurisdiction',
    label: '教育部门初审通过，推荐至人社部门',
    rule: 'INST-2',
  },
  'filing.file': {
    roles: ['province_hrss', 'city_hrss'],
    scope: 'jurisdiction',
    label: '人社部门备案（首次备案赋备案号）',
    rule: 'INST-2',
  },

  // ---- staff (INST-3, INST-8)
  'staff.read': { roles: OFFICIALS_AND_INSTITUTION, scope: 'jurisdiction', label: '查阅考评员、质量督导员、专家名录' },
  'staff.export': {
    roles: OFFICIALS_AND_INSTITUTION,
    scope: 'jurisdiction',
    label: '导出人员库 Excel（按当前筛选，证件号码与电话脱敏）',
  },
  'staff.edit': {
    roles: ['institution_admin', 'province_hrss', 'city_hrss'],
    scope: 'jurisdiction',
    label: '登记、修改人员（机构登记本机构人员，人社部门登记专家与外部督导员）',
    rule: 'INST-3',
  },
  'staff.disqualify': {
    roles: ['province_hrss', 'city_hrss'],
    scope: 'jurisdiction',
    label: '取消人员资格',
    rule: 'INST-8',
  },

  // ---- evaluation specifications (INST-7)
  'spec.read': { roles: OFFICIALS_AND_INSTITUTION, scope: 'jurisdiction', label: '查阅评价规范与专家评审' },
  'spec.apply': {
    roles: ['institution_admin'],
    scope: 'jurisdiction',
    label: '新建评价规范并提交省级评审',
    rule: 'INST-7',
  },
  'spec.review': {
    roles: ['province_hrss'],
    scope: 'jurisdiction',
    label: '评价规范：记录专家评审、省级备案或不予备案',
    rule: 'INST-7',
  },

  // ---- skill evaluation (CERT-2, CERT-11)
  'plan.read': {
    roles: [...OFFICIAL_ROLES, 'institution_admin', 'examiner', 'quality_supervisor'],
    scope: 'jurisdiction',
    label: '查阅评价计划、考场、成绩台账与异议',
  },
  'plan.manage': {
    roles: ['institution_admin'],
    scope: 'jurisdiction',
    label: '办理评价计划：公告、报名与名单、资格审核、考场、公示、异议、确认结果、发证',
    rule: 'CERT-2',
  },
  'score.enter': {
    roles: ['institution_admin', 'examiner'],
    scope: 'jurisdiction',
    label: '录入成绩',
    rule: 'CERT-11',
  },
  'score.confirm': {
    roles: ['institution_admin', 'examiner', 'quality_supervisor'],
    scope: 'jurisdiction',
    label: '复核他人录入的成绩',
    rule: 'CERT-11',
  },
  'score.correct': {
    roles: ['institution_admin'],
    scope: 'jurisdiction',
    label: '更正成绩（新版本并说明理由）',
    rule: 'CERT-11',
  },
  'ticket.download': { roles: ['institution_admin', 'learner'], scope: 'jurisdiction', label: '下载准考证' },
  'objection.raise': { roles: ['institution_admin', 'learner'], scope: 'jurisdiction', label: '公示期内提出异议' },
  'pathway.manage': {
    roles: ['institution_admin'],
    scope: 'jurisdiction',
    label: '非考试途径取证：1+X 认定、过程化考核、竞赛、企校合作',
  },
  'partnership.read': {
    roles: OFFICIALS_AND_INSTITUTION,
    scope: 'jurisdiction',
    label: '查阅企校合作协议（院校接受后在企业的备案部门登记）',
    rule: 'CERT-6',
  },
  'partnership.manage': {
    roles: ['institution_admin'],
    scope: 'jurisdiction',
    label: '企校合作协议：企业提出或撤回，院校接受或拒绝，双方终止',
    rule: 'CERT-6',
  },
  // ---- competitions (CERT-5): the organiser proposes with 'pathway.manage'; the filing HRSS approves
  'competition.read': {
    roles: ['province_hrss', 'city_hrss', 'institution_admin'],
    scope: 'jurisdiction',
    label: '查阅竞赛及其取证规则与审批情况（人社部门按辖区，机构本机构）',
    rule: 'CERT-5',
  },
  'competition.decide': {
    roles: ['province_hrss', 'city_hrss'],
    scope: 'jurisdiction',
    label: '赛前审批竞赛取证规则（由备案该机构的人社部门或其上级批准、不批准）',
    rule: 'CERT-5',
  },
  'competition.cap.edit': {
    roles: ['province_hrss'],
    scope: 'national',
    label: '设定各级别竞赛的取证上限（名次、比例与最高等级）',
    rule: 'CERT-5',
  },
  'learner.own': { roles: ['learner'], scope: 'self', label: '本人报名、成绩与结果，上传本人证件照' },

  // ---- subsidised training (TRAIN-1…13): providers, classes, trainees
  'training.read': {
    roles: OFFICIALS_AND_INSTITUTION,
    scope: 'jurisdiction',
    label: '查阅培训机构目录清单、专职师资、跨区域培训报备、培训班与学员',
  },
  'training.provider.manage': {
    roles: ['province_hrss', 'city_hrss'],
    scope: 'jurisdiction',
    label: '管理培训机构目录清单：纳入、培训职业（工种）、年检结果、退出目录清单（公开曝光）与恢复',
  },
  'training.trainer.manage': {
    roles: ['institution_admin'],
    scope: 'jurisdiction',
    label: '报备本机构的专职师资及其职业（工种），登记离职',
    rule: 'TRAIN-12',
  },
  'training.filing.apply': {
    roles: ['institution_admin'],
    scope: 'jurisdiction',
    label: '向培训所在地人社部门申请跨区域培训报备',
    rule: 'TRAIN-13',
  },
  'training.filing.decide': {
    roles: ['province_hrss', 'city_hrss', 'county_hrss'],
    scope: 'jurisdiction',
    label: '办理跨区域培训报备：同意或不同意（培训所在地人社部门）',
    rule: 'TRAIN-13',
  },
  'training.class.apply': {
    roles: ['institution_admin'],
    scope: 'jurisdiction',
    label: '开班申请：新建、修改、提交、撤回，取消已批准的培训班',
    rule: 'TRAIN-1',
  },
  'training.class.decide': {
    roles: ['province_hrss', 'city_hrss', 'county_hrss'],
    scope: 'jurisdiction',
    label: '审批开班申请：批准或退回（培训所在地人社部门）',
    rule: 'TRAIN-1',
  },
  'training.trainee.manage': {
    roles: ['institution_admin'],
    scope: 'jurisdiction',
    label: '登记、导入培训班学员，登记退学',
    rule: 'TRAIN-7',
  },
  'training.hours.record': {
    roles: ['institution_admin'],
    scope: 'jurisdiction',
    label: '培训过程：本机构培训班的排课、考勤（请假与补课）、课时录像、导入线上学习记录',
    rule: 'TRAIN-4',
  },
  'training.class.inspect': {
    roles: ['province_hrss', 'city_hrss', 'county_hrss'],
    scope: 'jurisdiction',
    label: '实地抽查培训班在位人数（培训所在地人社部门）',
    rule: 'TRAIN-10',
  },
  'training.completion.record': {
    roles: ['province_hrss', 'city_hrss', 'county_hrss'],
    scope: 'jurisdiction',
    label: '登记培训合格证书类考核结果（县级以上人社部门组织，培训所在地），发放培训合格证书',
    rule: 'TRAIN-9',
  },
  'training.survey.print': {
    roles: ['institution_admin'],
    scope: 'jurisdiction',
    label: '打印本机构培训班的满意度调查二维码（每名学员一个，匿名作答）',
    rule: 'TRAIN-8',
  },
  'training.survey.close': {
    roles: ['province_hrss', 'city_hrss', 'county_hrss'],
    scope: 'jurisdiction',
    label: '结束培训班的满意度调查（培训所在地人社部门）：低于85%的培训机构停止开班整改一个月',
    rule: 'TRAIN-8',
  },
  'training.export': {
    roles: OFFICIALS_AND_INSTITUTION,
    scope: 'jurisdiction',
    label: '导出培训班列表、学员名单与考勤表 Excel（证件号码脱敏）',
  },
  'training.settings.edit': {
    roles: ['province_hrss'],
    scope: 'national',
    label: '设定职业（工种）的培训规定：学时规定、可取得的其他证书、线下实训学时',
    rule: 'TRAIN-3',
  },

  // ---- certificates (CERT-9, CERT-11, CERT-12)
  'certificate.read': {
    roles: [...OFFICIAL_ROLES, 'institution_admin', 'learner'],
    scope: 'jurisdiction',
    label: '查阅、下载证书与数字凭证',
  },
  'certificate.export': {
    roles: [...OFFICIAL_ROLES, 'institution_admin'],
    scope: 'jurisdiction',
    label: '导出证书列表 Excel（按当前筛选，证件号码脱敏）',
  },
  'certificate.batch': { roles: ['institution_admin'], scope: 'jurisdiction', label: '批量下载本机构证书（ZIP）' },
  // background jobs (issue 17): whoever may start one follows it — the certificate ZIP
  // (certificate.batch), the workbook imports and a plan's issuance (plan.manage): all institution_admin
  'job.own': {
    // the roles that start background jobs: institutions (ZIPs, rosters, trainee lists) and the HRSS
    // departments that import certificates of other kinds
    roles: ['institution_admin', 'province_hrss', 'city_hrss'],
    scope: 'self',
    label: '查看本人发起的后台任务的进度，下载其结果',
  },
  'certificate.correct': {
    roles: ['institution_admin'],
    scope: 'jurisdiction',
    label: '更正证书信息（新版本，保留原记录）',
    rule: 'CERT-11',
  },
  'certificate.revoke': {
    roles: ['institution_admin', 'province_hrss', 'city_hrss'],
    scope: 'jurisdiction',
    label: '暂停、恢复或撤销证书',
    rule: 'CERT-12',
  },
  // 国家职业资格证书, 专项职业能力证书, 特种作业操作证: issued outside the platform's chain, recorded by HRSS
  'other_certificate.read': {
    roles: ['province_hrss', 'city_hrss', 'county_hrss', 'learner'],
    scope: 'jurisdiction',
    label: '查阅登记的国家职业资格证书、专项职业能力证书、特种作业操作证（人社部门按辖区，本人查阅本人）',
    rule: 'TRAIN-9',
  },
  'other_certificate.record': {
    roles: ['province_hrss', 'city_hrss'],
    scope: 'jurisdiction',
    label: '登记、撤销国家职业资格证书、专项职业能力证书、特种作业操作证',
    rule: 'TRAIN-9',
  },
  'coverage.read': {
    roles: OFFICIALS_AND_INSTITUTION,
    scope: 'jurisdiction',
    label: '毕业生持证情况（查阅与导出）',
    rule: 'CERT-9',
  },

  // ---- personal data (issue 11): ID numbers are masked in every view and export by default
  'person.reveal_id': {
    // an institution for its own candidates, certificates, staff and graduates (registration,
    // subsidy and filing paperwork); HRSS at province and city level, which verify complaints and
    // reports and revoke certificates (鉴定指导中心“受理投诉举报并核实处理”); nobody else
    roles: ['institution_admin', 'province_hrss', 'city_hrss'],
    scope: 'jurisdiction',
    label: '查看完整证件号码、导出含完整证件号码的名单（须写明理由或用途，逐次审计，每小时限次）',
  },

  // ---- subsidies (SUB-1 … SUB-4); each step's party is in contract/subsidy-workflow.ts
  'subsidy.read': {
    roles: ['province_hrss', 'city_hrss', 'county_hrss', ...FINANCE_ROLES, 'institution_admin'],
    scope: 'jurisdiction',
    label: '查阅补贴申领、明细、时限与待办（机构本机构，人社、财政部门按辖区），导出 Excel',
    rule: 'SUB-2',
  },
  'subsidy.claim': {
    roles: ['institution_admin'],
    scope: 'jurisdiction',
    label: '本机构申领补贴：预览可申领与不可申领的明细、建立、提交、撤回申领',
    rule: 'SUB-1',
  },
  'subsidy.review': {
    roles: ['province_hrss', 'city_hrss'],
    scope: 'jurisdiction',
    label: '人社部门受理、退回、审核补贴申领并公示',
    rule: 'SUB-2',
  },
  'subsidy.finance': {
    roles: FINANCE_ROLES,
    scope: 'jurisdiction',
    label: '财政部门审核（公示期满后）、不予拨付、拨付补贴',
    rule: 'SUB-3',
  },
  'subsidy.reverse': {
    roles: ['province_hrss', 'city_hrss'],
    scope: 'jurisdiction',
    label: '冲销已拨付的补贴明细并责令追缴',
    rule: 'SUB-4',
  },
  'subsidy.recover': {
    roles: ['province_hrss', 'city_hrss', ...FINANCE_ROLES],
    scope: 'jurisdiction',
    label: '登记追回的补贴资金',
    rule: 'SUB-4',
  },
  'subsidy.rate.edit': {
    roles: ['province_hrss'],
    scope: 'national',
    label: '设定补贴标准（培训、评价按等级，专项职业能力，直接认定比例）及其有效期',
    rule: 'SUB-1',
  },
  'subsidy.fund.read': {
    roles: ['province_hrss', 'city_hrss', ...FINANCE_ROLES],
    scope: 'jurisdiction',
    label: '查阅各市职业技能提升行动专账资金：预算、已承诺、已拨付、已追回、结余',
  },
  'subsidy.fund.edit': {
    roles: ['province_hrss', 'city_hrss', ...FINANCE_ROLES],
    scope: 'jurisdiction',
    label: '录入本辖区各市年度专账资金预算',
  },

  // ---- targets, progress and monthly reports (TGT-1…4, SUP-3)
  'progress.read': {
    roles: OFFICIALS_AND_INSTITUTION,
    scope: 'jurisdiction',
    label: '查阅取证任务与完成进度、数据看板、月报与通报、年度考核表',
    rule: 'TGT-3',
  },
  'target.edit': {
    roles: OFFICIAL_ROLES,
    scope: 'jurisdiction',
    label: '分解下达下级单位的年度任务（省级另可设定本省任务），Excel 导入',
    rule: 'TGT-1',
  },
  'report.submit': {
    roles: OFFICIALS_AND_INSTITUTION,
    scope: 'jurisdiction',
    label: '确认并向上级报送本单位月报',
    rule: 'SUP-3',
  },
  'report.delay': {
    roles: OFFICIAL_ROLES,
    scope: 'jurisdiction',
    label: '将下级机构逾期未报送月报计入其信用记录',
    rule: 'SUP-3',
  },
  'graduates.import': {
    roles: ['institution_admin'],
    scope: 'jurisdiction',
    label: '导入本校毕业生名册（持证率的分母）',
    rule: 'CERT-9',
  },

  // ---- the three separated administrators (三员分立)
  'account.read': { roles: ['system_admin', 'security_admin'], scope: 'platform', label: '查阅账号' },
  'account.manage': { roles: ['system_admin'], scope: 'platform', label: '创建、修改、启用或停用账号' },
  'account.secure': { roles: ['security_admin'], scope: 'platform', label: '解除登录锁定、重置密码、重置动态口令' },
  'audit.read': { roles: ['audit_admin'], scope: 'platform', label: '查询审计日志、校验哈希链' },
} as const satisfies Record<string, ActionRule>;

/** An action in the table; a misspelt one does not compile. */
export type Action = keyof typeof ACCESS;
export const ACTIONS = Object.keys(ACCESS) as Action[];

/** May this role do this action (anywhere in its own scope)? */
export function can(role: Role, action: Action): boolean {
  return (ACCESS[action].roles as readonly Role[]).includes(role);
}

/** The roles allowed an action, in the order of ROLES. */
export function rolesFor(action: Action): Role[] {
  return ROLES.filter((r) => can(r, action));
}

/**
 * Roles that must sign in with a second factor (等保 level 3 身份鉴别) unless SECOND_FACTOR_ROLES
 * says otherwise: the three administrators and the officials who approve filings (INST-2).
 */
export const SECOND_FACTOR_DEFAULT_ROLES: readonly Role[] = ROLES.filter(
  (r) => ADMINISTRATOR_ROLES.includes(r) || can(r, 'filing.review') || can(r, 'filing.file'),
);

/**
 * What a confined session may still do until the person acts (MeSchema.restriction): a password
 * that must change reaches only the session itself; a role that must enrol a second factor also
 * reaches the enrolment. Every other route answers 403 with the restriction's code.
 */
export const RESTRICTION_ALLOWS = {
  password_change: ['session.own'],
  second_factor_enrolment: ['session.own', 'second_factor.own'],
} as const satisfies Record<string, readonly Action[]>;
export type SessionRestriction = keyof typeof RESTRICTION_ALLOWS;
