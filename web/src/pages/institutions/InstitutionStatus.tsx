import { Space, Tag, Tooltip } from 'antd';
import type { Institution } from '../../../../contract/api.js';
import { CREDIT_GRADES } from '../../../../contract/institutions.js';
import { LEVELS } from '../../../../contract/levels.js';
import { formatDate, useI18n, type Lang } from '../../i18n';

/** 已备案 green, 限期整改 orange, 暂停 red, 取消备案 grey (INST-5). */
export const STATUS_COLOR: Record<string, string> = {
  filed: 'green',
  unfiled: 'default',
  rectification: 'orange',
  suspended: 'red',
  revoked: 'default',
};

/** 备案状态 as a coloured tag (label from the server); 限期整改 carries its deadline. */
export function StatusTag({
  inst,
  withDeadline = false,
}: {
  inst: Pick<Institution, 'status' | 'statusLabel'> & { rectificationDeadline?: string | null };
  withDeadline?: boolean;
}) {
  const { t, lang } = useI18n();
  const revoked = inst.status === 'revoked';
  const known = ['unfiled', 'filed', 'rectification', 'suspended', 'revoked'].includes(inst.status);
  return (
    <Tag
      color={STATUS_COLOR[inst.status] ?? 'default'}
      className={revoked ? 'tag-revoked' : undefined}
      data-testid="status-tag"
    >
      {lang === 'en' && known ? t(`instStatus.${inst.status as 'filed'}`) : inst.statusLabel}
      {withDeadline && inst.status === 'rectification' && inst.rectificationDeadline
        ? ` · ${t('inst.deadlineShort', { date: formatDate(inst.rectificationDeadline) })}`
        : ''}
    </Tag>
  );
}

/** 有效期至 with a warning when the filing expires within 90 days or has expired. */
export function Validity({
  inst,
}: {
  inst: Pick<Institution, 'validUntil' | 'validity'> & { daysLeft?: number | null };
}) {
  const { t } = useI18n();
  if (!inst.validUntil) return <span>—</span>;
  return (
    <Space size={4} wrap>
      <span>{formatDate(inst.validUntil)}</span>
      {inst.validity === 'expiring' && (
        <Tag color="warning">
          {inst.daysLeft != null ? t('inst.validity.expiring', { n: inst.daysLeft }) : t('inst.validity.expiringSoon')}
        </Tag>
      )}
      {inst.validity === 'expired' && <Tag color="red">{t('inst.validity.expired')}</Tag>}
    </Space>
  );
}

const GRADE_COLOR: Record<string, string> = { A: '#389e0d', B: '#1456f0', C: '#d46b08', D: '#cf1322' };

/** 信用等级 A/B/C/D as a small badge with the score (INST-8). */
export function CreditBadge({
  grade,
  score,
  compact = false,
}: {
  grade: string;
  score?: number | null;
  compact?: boolean;
}) {
  const { t, lang } = useI18n();
  const word = lang === 'zh' ? (CREDIT_GRADES as Record<string, string>)[grade] : undefined;
  return (
    <Tooltip title={t('credit.tooltip', { grade, score: score ?? '—' })}>
      <span
        className="credit-badge"
        style={{ borderColor: GRADE_COLOR[grade] ?? '#8c8c8c', color: GRADE_COLOR[grade] ?? '#8c8c8c' }}
        data-testid="credit-badge"
      >
        <b style={{ background: GRADE_COLOR[grade] ?? '#8c8c8c' }}>{grade}</b>
        {!compact && (
          <span>
            {word ? `${t('credit.grade')}${word}` : t('credit.grade')}
            {score != null ? ` ${score}` : ''}
          </span>
        )}
      </span>
    </Tooltip>
  );
}

/** 四级/中级工 in Chinese, "Level 4 (Intermediate)" in English; `short` gives 四级 only. */
export function levelText(d: number, lang: Lang, short = false): string {
  const l = LEVELS.find((x) => x.digit === d);
  if (!l) return String(d);
  if (lang === 'en') return short ? `L${d}` : l.nameEn;
  return short ? l.name : `${l.name}/${l.title}`;
}

/** Level tags, 五级 first; `short` (四级 with 四级/中级工 on hover) for dense tables. */
export function LevelTags({ levels, labels, short = false }: { levels: number[]; labels?: string[]; short?: boolean }) {
  const { lang } = useI18n();
  const sorted = levels.map((l, i) => ({ l, label: labels?.[i] })).sort((a, b) => b.l - a.l);
  return (
    <span className="level-tags">
      {sorted.map(({ l, label }) => {
        const full = lang === 'zh' && label ? label : levelText(l, lang);
        return (
          <Tag key={l} color={l <= 3 ? 'geekblue' : 'blue'} data-testid="level-tag" title={short ? full : undefined}>
            {short ? levelText(l, lang, true) : full}
          </Tag>
        );
      })}
    </span>
  );
}
