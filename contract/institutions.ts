/** Kinds of evaluation institution (INST-1) and school types (INST-2 routing). */
export const INSTITUTION_KINDS = {
  college: '院校类职业技能等级评价机构',
  social: '面向社会人员的职业技能等级评价机构',
  appraisal: '职业技能考核鉴定机构',
  special_ability: '专项职业能力考核机构',
  training_org: '社会培训评价组织',
  enterprise: '用人单位（企业）评价机构',
} as const;
export type InstitutionKind = keyof typeof INSTITUTION_KINDS;

export const SCHOOL_TYPES = { undergraduate: '本科', higher_vocational: '高职', secondary_vocational: '中职', technical: '技工院校' } as const;
export type SchoolType = keyof typeof SCHOOL_TYPES;

export const OWNERS = { province: '省属', local: '地方' } as const;
