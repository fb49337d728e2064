import { INSTITUTION_KINDS, SCHOOL_TYPES } from '../../../../contract/institutions.js';
import type { Lang } from '../../i18n';

/** Short names for the table; the detail shows the contract's full Chinese names. */
const KIND_SHORT: Record<string, [string, string]> = {
  college: ['院校', 'College'],
  social: ['社会评价机构', 'Social evaluation body'],
  appraisal: ['考核鉴定机构', 'Appraisal body'],
  special_ability: ['专项能力考核机构', 'Special-ability assessor'],
  training_org: ['社会培训评价组织', 'Training & evaluation org'],
  enterprise: ['企业评价机构', 'Enterprise'],
  training: ['培训机构', 'Training provider'],
};
const SCHOOL_TYPE_EN: Record<string, string> = {
  undergraduate: 'Undergraduate',
  higher_vocational: 'Higher vocational',
  secondary_vocational: 'Secondary vocational',
  technical: 'Technical school',
};

export function kindLabel(v: string, lang: Lang, full = false): string {
  if (full && lang === 'zh' && v in INSTITUTION_KINDS) return INSTITUTION_KINDS[v as keyof typeof INSTITUTION_KINDS];
  const l = KIND_SHORT[v];
  return l ? l[lang === 'zh' ? 0 : 1] : v;
}
export function schoolTypeLabel(v: string | null, lang: Lang): string {
  if (!v) return '—';
  if (lang === 'en') return SCHOOL_TYPE_EN[v] ?? v;
  return (SCHOOL_TYPES as Record<string, string>)[v] ?? v;
}
