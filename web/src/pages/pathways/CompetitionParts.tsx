/**
 * Pieces of a competition (竞赛取证, CERT-5) that the organiser's tab and the officials' approval page
 * show alike: the approval state, the award rules, a tier's cap in words, the columns that describe it.
 */
import { Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { AwardRule, Competition, CompetitionStatus, CompetitionTier, TierCap } from '../../api';
import { formatDateTime, useI18n, type Translate } from '../../i18n';
import { levelText } from '../institutions/InstitutionStatus';

/** A tier's cap in words: 前 10 名 → 三级; 前 30% → 四级 (CERT-5). */
export function capText(c: TierCap, t: Translate, lang: 'zh' | 'en'): string {
  const reach = [
    c.maxRank !== null ? t('competition.capRank', { n: c.maxRank }) : null,
    c.maxPercent !== null ? t('competition.capPercent', { n: c.maxPercent }) : null,
  ]
    .filter(Boolean)
    .join(t('competition.capAnd'));
  return `${reach} → ${levelText(c.maxLevel, lang)}`;
}

const COMPETITION_STATUS_COLOR: Record<CompetitionStatus, string> = {
  proposed: 'default',
  submitted: 'processing',
  approved: 'green',
  rejected: 'red',
};

/** A competition's approval state: the status, and who approved it or why not (CERT-5). */
export function CompetitionStatusCell({ c }: { c: Competition }) {
  const { t } = useI18n();
  return (
    <div>
      <Tag color={COMPETITION_STATUS_COLOR[c.status]} data-testid="competition-status">
        {t(`competition.status.${c.status}`)}
      </Tag>
      {c.status === 'approved' && c.decidedByName && (
        <div className="muted small">
          {t('competition.approvedBy', { name: c.decidedByName, at: formatDateTime(c.decidedAt) })}
        </div>
      )}
      {c.status === 'rejected' && c.decisionReason && (
        <div className="small" style={{ color: '#cf1322' }}>
          {t('competition.rejectedReason', { reason: c.decisionReason })}
        </div>
      )}
      {c.overCap.length > 0 && c.status !== 'approved' && (
        <Tooltip title={c.overCap.join('；')}>
          <Tag color="warning">{t('competition.overCap')}</Tag>
        </Tooltip>
      )}
    </div>
  );
}

export function RulesCell({ rules }: { rules: AwardRule[] }) {
  const { t, lang } = useI18n();
  return (
    <>
      {rules.map((r, i) => (
        <Tag key={i} color="blue">
          {r.maxRank !== undefined
            ? t('pathway.ruleRank', { n: r.maxRank, level: levelText(r.level, lang) })
            : t('pathway.rulePercent', { n: r.topPercent ?? 0, level: levelText(r.level, lang) })}
        </Tag>
      ))}
    </>
  );
}

/**
 * The columns both competition tables show, from the contest's tier to its approval state: the
 * organiser's tab and the officials' approval page differ only in the columns around these and in
 * two widths.
 */
export function competitionColumns(
  t: Translate,
  widths: { tier: number; occupation: number },
): ColumnsType<Competition> {
  return [
    {
      title: t('pathway.tier'),
      dataIndex: 'tier',
      width: widths.tier,
      render: (v: CompetitionTier) => <Tag>{t(`tier.${v}`)}</Tag>,
    },
    {
      title: t('competition.contestDate'),
      dataIndex: 'contestDate',
      width: 110,
      render: (v: string | null) => v ?? '—',
    },
    { title: t('plan.occupation'), dataIndex: 'occupationName', width: widths.occupation },
    { title: t('pathway.participants'), dataIndex: 'participants', width: 80 },
    {
      title: t('pathway.awardRules'),
      dataIndex: 'rules',
      width: 200,
      render: (v: AwardRule[]) => <RulesCell rules={v} />,
    },
    {
      title: t('common.status'),
      key: 'status',
      width: 200,
      render: (_: unknown, r) => <CompetitionStatusCell c={r} />,
    },
  ];
}
