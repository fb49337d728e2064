/**
 * What the subsidy pages share: amounts in yuan (the server speaks fen), the claim and line states
 * in the current language, a claim's deadline with how many working days it is late (SUB-2), and
 * an ineligible line's reason with its rule.
 */
import { Space, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import {
  CLAIM_STATUSES,
  CLAIM_STATUSES_EN,
  CLAIM_STEPS,
  CLAIM_STEPS_EN,
  FUND_SOURCES,
  INELIGIBLE_REASONS,
  LINE_STATUSES,
  LINE_STATUSES_EN,
  RATE_KINDS,
  RATE_KINDS_EN,
  yuan,
  type ClaimStatus,
  type ClaimStep,
  type FundSource,
  type IneligibleReason,
  type LineStatus,
  type RateKind,
} from '../../../../contract/subsidy-workflow.js';
import type { ClaimLine, ClaimSummary } from '../../api';
import { useI18n, type Lang, type Translate } from '../../i18n';
import { RuleTag } from '../../components/ApiErrorView';
import { CertStatusTag, pathwayLabel, plainDate } from '../plans/labels';
import { levelText } from '../institutions/InstitutionStatus';

export const yuanText = (fen: number | null | undefined) => (fen === null || fen === undefined ? '—' : `¥${yuan(fen)}`);

const CLAIM_COLOR: Record<ClaimStatus, string> = {
  draft: 'default',
  submitted: 'blue',
  returned: 'orange',
  accepted: 'geekblue',
  publicity: 'purple',
  finance_approved: 'cyan',
  paid: 'green',
  reversed: 'magenta',
  rejected: 'red',
  withdrawn: 'default',
};
export const claimStatusText = (s: ClaimStatus, lang: Lang) =>
  lang === 'zh' ? CLAIM_STATUSES[s] : CLAIM_STATUSES_EN[s];
export function ClaimStatusTag({ status }: { status: ClaimStatus }) {
  const { lang } = useI18n();
  return (
    <Tag color={CLAIM_COLOR[status]} data-testid="claim-status">
      {claimStatusText(status, lang)}
    </Tag>
  );
}

const LINE_COLOR: Record<LineStatus, string> = {
  draft: 'default',
  held: 'blue',
  paid: 'green',
  reversed: 'magenta',
  recovered: 'default',
  excluded: 'red',
  void: 'default',
};
export const lineStatusText = (s: LineStatus, lang: Lang) => (lang === 'zh' ? LINE_STATUSES[s] : LINE_STATUSES_EN[s]);
export function LineStatusTag({ status }: { status: LineStatus }) {
  const { lang } = useI18n();
  return <Tag color={LINE_COLOR[status]}>{lineStatusText(status, lang)}</Tag>;
}

export const stepText = (s: ClaimStep, lang: Lang) => (lang === 'zh' ? CLAIM_STEPS[s] : CLAIM_STEPS_EN[s]);
export const rateKindText = (k: RateKind, lang: Lang) => (lang === 'zh' ? RATE_KINDS[k] : RATE_KINDS_EN[k]);
export const fundSourceText = (f: FundSource, t: Translate) =>
  f === 'special_account' ? t('sub.fund.special') : t('sub.fund.employment');
export const fundSourceZh = (f: FundSource) => FUND_SOURCES[f];

/** An ineligible line's reason, with the rule behind it. */
export function ReasonCell({ reason }: { reason: IneligibleReason | null }) {
  const { lang } = useI18n();
  if (!reason) return null;
  const r = INELIGIBLE_REASONS[reason];
  return (
    <Space size={4} data-testid="line-reason">
      <RuleTag rule={r.rule} />
      <span className="err-text">{lang === 'zh' ? r.zh : r.en}</span>
    </Space>
  );
}
export const reasonText = (reason: IneligibleReason, lang: Lang) =>
  lang === 'zh' ? INELIGIBLE_REASONS[reason].zh : INELIGIBLE_REASONS[reason].en;

/** SUB-2: the deadline of the stage a claim waits in, red with the working days past it. */
export function DueCell({ c }: { c: Pick<ClaimSummary, 'dueOn' | 'overdue' | 'overdueWorkingDays' | 'stage'> }) {
  const { t } = useI18n();
  if (!c.dueOn) return <span className="muted">—</span>;
  return (
    <Space size={4}>
      <Tooltip title={c.stage ? t(`sub.stage.${c.stage}`) : undefined}>
        <span className={c.overdue ? 'err-text' : undefined}>{plainDate(c.dueOn)}</span>
      </Tooltip>
      {c.overdue && (
        <Tag color="red" data-testid="claim-overdue">
          {c.overdueWorkingDays ? t('sub.overdueDays', { n: c.overdueWorkingDays }) : t('sub.overdue')}
        </Tag>
      )}
    </Space>
  );
}

/** The columns of claim lines: the person (masked), what for, the amount, and the state or reason. */
export function lineColumns(t: Translate, lang: Lang, withStatus: boolean): ColumnsType<ClaimLine> {
  return [
    { title: t('sub.person'), dataIndex: 'name', width: 90 },
    {
      title: t('sub.occupation'),
      key: 'occ',
      width: 180,
      render: (_: unknown, r) => (
        <span>
          {r.occupationName} <span className="muted small">{r.occupationCode}</span>
        </span>
      ),
    },
    {
      title: t('sub.level'),
      dataIndex: 'level',
      width: 110,
      // a training line of level 0 is a 培训合格证书 (TRAIN-9)
      render: (v: number, r) =>
        r.lineKind === 'training' && v === 0 ? t('sub.tc.completionLevel') : levelText(v, lang),
    },
    {
      title: t('sub.pathway'),
      dataIndex: 'pathway',
      width: 100,
      render: (v: string | null) => (v ? pathwayLabel(t, v) : '—'),
    },
    {
      title: t('sub.certificate'),
      key: 'cert',
      width: 260,
      render: (_: unknown, r) =>
        r.certificateNumber ? (
          <Space size={4}>
            <span className="mono small">{r.certificateNumber}</span>
            {r.certificateStatus && r.certificateStatus !== 'valid' && <CertStatusTag status={r.certificateStatus} />}
          </Space>
        ) : r.trainingClassId ? (
          t('sub.trainingClass', { id: r.trainingClassId })
        ) : (
          '—'
        ),
    },
    { title: t('sub.basisDate'), dataIndex: 'basisDate', width: 110, render: (v: string) => plainDate(v) },
    {
      title: t('sub.amount'),
      dataIndex: 'amountFen',
      width: 110,
      align: 'right',
      render: (v: number, r) => (r.reason && !r.status ? <span className="muted">—</span> : yuanText(v)),
    },
    ...(withStatus
      ? [
          {
            title: t('common.status'),
            dataIndex: 'status',
            width: 130,
            render: (v: LineStatus | null) => (v ? <LineStatusTag status={v} /> : null),
          },
        ]
      : []),
    {
      title: t('sub.reason'),
      dataIndex: 'reason',
      width: 300,
      render: (_: unknown, r) => <ReasonCell reason={r.reason} />,
    },
  ];
}
