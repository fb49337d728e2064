/** Kinds of evaluation institution (INST-1) and school types (INST-2 routing). */
export const INSTITUTION_KINDS = {
  college: '院校类职业技能等级评价机构',
  social: '面向社会人员的职业技能等级评价机构',
  appraisal: '职业技能考核鉴定机构',
  special_ability: '专项职业能力考核机构',
  training_org: '社会培训评价组织',
  enterprise: '用人单位（企业）评价机构',
  /** a body that trains only (a 民办职业培训学校, an enterprise training centre, an online platform): listed in the training catalogue, never filed to evaluate */
  training: '职业培训机构（不开展评价）',
} as const;
export type InstitutionKind = keyof typeof INSTITUTION_KINDS;

export const SCHOOL_TYPES = {
  undergraduate: '本科',
  higher_vocational: '高职',
  secondary_vocational: '中职',
  technical: '技工院校',
} as const;
export type SchoolType = keyof typeof SCHOOL_TYPES;

export const OWNERS = { province: '省属', local: '地方' } as const;

export const INSTITUTION_STATUSES = {
  unfiled: '未备案',
  filed: '已备案',
  rectification: '限期整改',
  suspended: '暂停',
  revoked: '取消备案',
} as const;
export type InstitutionStatusCode = keyof typeof INSTITUTION_STATUSES;

export const APPLICATION_STATUSES = {
  draft: '草稿',
  submitted: '已提交',
  recommended: '已推荐',
  returned: '已退回',
  filed: '已备案',
  rejected: '不予备案',
  withdrawn: '已撤回',
} as const;
export type ApplicationStatus = keyof typeof APPLICATION_STATUSES;

export const DEPARTMENTS = {
  province_edu: '省教育厅',
  city_edu: '市级教育部门',
  province_hrss: '省人社厅',
  city_hrss: '市级人社部门',
} as const;
export type Department = keyof typeof DEPARTMENTS;

/** INST-3: what a filing must show. `computed` items are checked from the staff registry. */
export const PREREQUISITES = {
  unit: { label: '专门的评价工作机构', evidence: true },
  rules: { label: '工作制度和考务规程', evidence: true },
  examiners: { label: '每个申报职业至少 3 名考评员（含高级考评员）', evidence: false },
  quality_supervisors: { label: '质量督导员', evidence: false },
  experts: { label: '评价专家', evidence: false },
  sites: { label: '考核场地、设备和视频监控', evidence: true },
  question_bank: { label: '每个申报职业的题库', evidence: true },
  funding: { label: '经费保障', evidence: true },
  supervision: { label: '接受监督的承诺', evidence: true },
} as const;
export type PrerequisiteItem = keyof typeof PREREQUISITES;
export const EVIDENCE_ITEMS = (Object.keys(PREREQUISITES) as PrerequisiteItem[]).filter(
  (k) => PREREQUISITES[k].evidence,
);
export const MIN_EXAMINERS_PER_OCCUPATION = 3; // INST-3
export const MIN_SPEC_EXPERT_REVIEWS = 5; // INST-7
export const FILING_VALID_YEARS = 3;
export const FILING_EXPIRY_WARNING_DAYS = 90;
export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;
export const EVIDENCE_MIME = ['application/pdf', 'image/png', 'image/jpeg'] as const;

export const STAFF_KINDS = {
  examiner: '考评员',
  senior_examiner: '高级考评员',
  quality_supervisor: '质量督导员',
  expert: '评价专家',
} as const;
export type StaffKind = keyof typeof STAFF_KINDS;
export const EXTERNAL_SUPERVISOR_CARD_PATTERN = '^R\\d{8}$';

export const MANAGEMENT_ACTIONS = {
  rectify: '责令限期整改',
  complete_rectification: '整改完成',
  suspend: '暂停评价',
  reinstate: '恢复',
  revoke: '取消备案',
} as const;
export type ManagementAction = keyof typeof MANAGEMENT_ACTIONS;

export const CREDIT_EVENTS = { violation: '违规行为', complaint_upheld: '投诉查实', late_report: '逾期报送' } as const;
export type CreditEventType = keyof typeof CREDIT_EVENTS;
export const CREDIT_GRADES = { A: '优', B: '良', C: '中', D: '差' } as const;
export type CreditGrade = keyof typeof CREDIT_GRADES;
