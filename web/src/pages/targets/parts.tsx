/** Pieces the 取证任务 pages share: metric names in the current language, standing tags, the unit breadcrumb. */
import { Breadcrumb, Progress, Tag, Tooltip } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { METRICS, type MetricKey } from '../../../../contract/targets.js';
import type { UnitProgress } from '../../api';
import { formatNumber, useI18n } from '../../i18n';

export function useMetric() {
  const { lang } = useI18n();
  return {
    label: (m: MetricKey) => (lang === 'zh' ? METRICS[m].label : METRICS[m].labelEn),
    unit: (m: MetricKey) => (lang === 'zh' ? METRICS[m].unit : METRICS[m].unitEn),
  };
}

/** The unit a page shows: `?unit=` in the address (drill-down is a link), else the caller's own. */
export function useUnitParam(): [string | undefined, (unit: string | undefined) => void] {
  const [params, setParams] = useSearchParams();
  const unit = params.get('unit') ?? undefined;
  return [
    unit,
    (u) => {
      const next = new URLSearchParams(params);
      if (u) next.set('unit', u);
      else next.delete('unit');
      setParams(next);
    },
  ];
}

const STANDING_COLOR = { done: 'green', on_track: 'blue', at_risk: 'red', no_target: 'default' } as const;
export function StandingTag({ s }: { s: keyof typeof STANDING_COLOR }) {
  const { t } = useI18n();
  return <Tag color={STANDING_COLOR[s]}>{t(`progress.standing.${s}`)}</Tag>;
}

/** A figure: actual (of target), with a completion bar; 未接入 for a source not on the platform yet. */
export function FigureCell({ u, m, unconnected }: { u: UnitProgress; m: MetricKey; unconnected?: boolean }) {
  const { t } = useI18n();
  const f = u.figures[m];
  if (unconnected) return <Tag>{t('progress.unconnected')}</Tag>;
  if (f.actual === null) return <span className="muted">—</span>;
  const value = m === 'coverage' ? `${f.actual}%` : formatNumber(f.actual);
  return (
    <div style={{ minWidth: 110 }}>
      <span>{value}</span>
      {f.target !== null && (
        <span className="muted">
          {' / '}
          {m === 'coverage' ? `${f.target}%` : formatNumber(f.target)}
        </span>
      )}
      {f.completion !== null && (
        <Tooltip title={`${f.completion}%`}>
          <Progress
            percent={Math.min(100, f.completion)}
            size="small"
            showInfo={false}
            strokeColor={f.standing === 'at_risk' ? '#ff4d4f' : f.standing === 'done' ? '#52c41a' : '#1456f0'}
          />
        </Tooltip>
      )}
    </div>
  );
}

export function UnitCrumbs({
  items,
  onOpen,
}: {
  items: { unit: string; name: string }[];
  onOpen: (u: string) => void;
}) {
  return (
    <Breadcrumb
      data-testid="unit-crumbs"
      items={items.map((c, i) => ({
        title:
          i < items.length - 1 ? (
            <a onClick={() => onOpen(c.unit)} data-testid={`crumb-${c.unit}`}>
              {c.name}
            </a>
          ) : (
            c.name
          ),
      }))}
    />
  );
}

export const thisYear = () =>
  Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
/** The last month whose report is due (the month before the current one, in China time). */
export function lastMonth(): string {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' })
    .format(new Date())
    .split('-')
    .map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
