/** Labels and tags shared by the evaluation pages: plan status, parts, eligibility, certificates. */
import { Tag } from 'antd';
import type { Condition, Part, PlanStatus, RegistrationStatus } from '../../api';
import { useI18n, type Translate } from '../../i18n';
import { levelText } from '../institutions/InstitutionStatus';
import type { Lang } from '../../i18n';

export const PARTS: Part[] = ['theory', 'practical', 'panel'];
export const STUDENT_TYPES = ['undergraduate', 'junior_college', 'secondary_vocational', 'technical'] as const;
export const TITLES = ['junior', 'intermediate', 'senior'] as const;
export const PATHWAYS = ['exam', 'recognition', 'process', 'competition', 'enterprise'] as const;

const PLAN_COLOR: Record<string, string> = {
  draft: 'default',
  published: 'blue',
  results_published: 'orange',
  finalized: 'green',
  cancelled: 'default',
};

/** 草稿 / 已公告 / 成绩公示中 / 已确认结果, coloured. */
export function PlanStatusTag({ status, label }: { status: PlanStatus | string; label?: string }) {
  const { t, lang } = useI18n();
  const known = status in PLAN_COLOR;
  return (
    <Tag color={PLAN_COLOR[status] ?? 'default'} data-testid="plan-status">
      {lang === 'zh' && label ? label : known ? t(`planStatus.${status as PlanStatus}`) : (label ?? status)}
    </Tag>
  );
}

const REG_COLOR: Record<RegistrationStatus, string> = {
  eligible: 'green',
  pending: 'gold',
  ineligible: 'red',
  withdrawn: 'default',
};
export function RegStatusTag({ status }: { status: RegistrationStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={REG_COLOR[status]} data-testid="reg-status">
      {t(`regStatus.${status}`)}
    </Tag>
  );
}

const CERT_COLOR: Record<string, string> = { valid: 'green', suspended: 'orange', revoked: 'default' };
export function CertStatusTag({ status }: { status: string }) {
  const { t } = useI18n();
  const known = status in CERT_COLOR;
  return (
    <Tag
      color={CERT_COLOR[status] ?? 'default'}
      className={status === 'revoked' ? 'tag-revoked' : undefined}
      data-testid="cert-status"
    >
      {known ? t(`certStatus.${status as 'valid'}`) : status}
    </Tag>
  );
}

export const partLabel = (t: Translate, p: Part | string) => (PARTS.includes(p as Part) ? t(`part.${p as Part}`) : p);
export const pathwayLabel = (t: Translate, p: string) =>
  (PATHWAYS as readonly string[]).includes(p) ? t(`pathway.${p as 'exam'}`) : p;
export const studentTypeLabel = (t: Translate, s: string) =>
  (STUDENT_TYPES as readonly string[]).includes(s) ? t(`studentType.${s as 'junior_college'}`) : s;
export const titleLabel = (t: Translate, s: string) =>
  (TITLES as readonly string[]).includes(s) ? t(`title.${s as 'junior'}`) : s;

/** One eligibility condition as people read it: 「从事本职业满 5 年」. */
export function conditionText(c: Condition, t: Translate, lang: Lang): string {
  switch (c.type) {
    case 'age_min':
      return t('cond.text.age_min', { years: c.years });
    case 'working_in_occupation':
      return t('cond.text.working_in_occupation');
    case 'years_in_occupation':
      return t('cond.text.years_in_occupation', { years: c.years });
    case 'prior_level':
      return t(c.years ? 'cond.text.prior_level' : 'cond.text.prior_levelAny', {
        level: levelText(c.level, lang, true),
        years: c.years,
      });
    case 'graduate':
      return t(c.graduationYearStudents ? 'cond.text.graduateYear' : 'cond.text.graduate', {
        types: c.studentTypes.map((s) => studentTypeLabel(t, s)).join(lang === 'zh' ? '、' : ', '),
      });
    case 'professional_title':
      return t(c.years ? 'cond.text.professional_title' : 'cond.text.professional_titleAny', {
        title: titleLabel(t, c.title),
        years: c.years,
      });
    default:
      return JSON.stringify(c);
  }
}

/** "2026-11-29T09:00" → "2026/11/29 09:00" (session times are local wall-clock times). */
export function wallClock(s: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(s);
  return m ? `${m[1]}/${m[2]}/${m[3]} ${m[4]}:${m[5]}` : s;
}

/** "2026-11-27" → "2026/11/27" without a time-zone shift. */
export function plainDate(s: string | null | undefined): string {
  if (!s) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return m ? `${m[1]}/${m[2]}/${m[3]}` : s;
}

/**
 * Staff needed in one room for a part, by the standard (mirrors server staffing.ts): theory
 * invigilators 1:ratio with a minimum; practical examiners 1:ratio with a minimum, odd; panel odd.
 */
export function requiredStaff(
  part: Part,
  candidates: number,
  s: {
    invigilatorRatio: number;
    minInvigilators: number;
    examinerRatio: number;
    minExaminers: number;
    minPanel: number;
  },
): { min: number; odd: boolean } {
  if (part === 'theory')
    return { min: Math.max(s.minInvigilators, Math.ceil(candidates / s.invigilatorRatio)), odd: false };
  if (part === 'practical') {
    const n = Math.max(s.minExaminers, Math.ceil(candidates / s.examinerRatio));
    return { min: n % 2 ? n : n + 1, odd: true };
  }
  return { min: s.minPanel % 2 ? s.minPanel : s.minPanel + 1, odd: true };
}
