/**
 * 数据看板 (TGT-2, TGT-3): a unit's progress against its targets — the map of its children coloured
 * by completion (cities and 省直管县, then a city's counties), rankings, the monthly trend against
 * the straight line to 30 November with the year-end forecast, the units at risk — drilling down
 * province → city → county → school within the caller's scope.
 */
import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { Alert, Card, Col, DatePicker, Empty, Row, Segmented, Skeleton, Statistic, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import type { MetricKey } from '../../../../contract/targets.js';
import { api, type UnitProgress } from '../../api';
import { formatNumber, useI18n } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { RuleTag } from '../../components/ApiErrorView';
import { FigureCell, StandingTag, UnitCrumbs, thisYear, useMetric, useUnitParam } from './parts';
import '../home/home.css';

const HenanMap = lazy(() => import('./HenanMap'));
const TrendChart = lazy(() => import('./TrendChart'));
const BarChart = lazy(() => import('../../charts/BarChart'));

const CARDS: MetricKey[] = [
  'certified',
  'high_skill',
  'certificates',
  'one_plus_x',
  'institutions',
  'coverage',
  'training',
];
const FLOW: MetricKey[] = ['certified', 'high_skill', 'one_plus_x', 'training'];

export default function DashboardPage() {
  const { t } = useI18n();
  const metric = useMetric();
  const [unit, setUnit] = useUnitParam();
  const [year, setYear] = useState(thisYear);
  const [shown, setShown] = useState<MetricKey>('certified');
  const { data, error, loading, reload } = useLoad(() => api.dashboard({ unit, year }), [unit, year]);
  const open = useCallback((u: string) => setUnit(u), [setUnit]);
  const regions = useMemo(() => (data?.children ?? []).filter((c) => c.level !== 'school'), [data]);
  const mapItems = useMemo(
    () => regions.map((c) => ({ unit: c.unit, name: c.name, value: c.figures[shown].completion })),
    [regions, shown],
  );
  const ranking = useMemo(
    () =>
      [...(data?.children ?? [])]
        .filter((c) => c.figures[shown].completion !== null)
        .sort((a, b) => (b.figures[shown].completion ?? 0) - (a.figures[shown].completion ?? 0))
        .slice(0, 30)
        .map((c) => ({ name: c.name, value: c.figures[shown].completion ?? 0 })),
    [data, shown],
  );
  const trend = useMemo(() => {
    const m = FLOW.includes(shown) ? shown : 'certified';
    return {
      months: (data?.trend ?? []).map((x) => x.month),
      actual: (data?.trend ?? []).map((x) => x.values[m] ?? 0),
      line: (data?.trend ?? []).map((x) => x.line[m] ?? null),
      labels: { actual: `${metric.label(m)}（${t('progress.cumulative')}）`, line: t('progress.straightLine') },
    };
  }, [data, shown, metric, t]);

  if (error) return <LoadError error={error} onRetry={reload} />;
  if (loading && !data) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (!data) return null;
  const u = data.unit;
  const mapLevel = u.level === 'province' ? 'province' : u.level === 'city' ? 'city' : null;
  const unconnected = new Set(data.unconnected);
  return (
    <div data-testid="dashboard-page">
      <PageHeader
        title={t('dashboard.title', { name: u.name, year: data.year })}
        extra={
          <DatePicker
            picker="year"
            allowClear={false}
            value={dayjs(`${year}-01-01`)}
            onChange={(d) => d && setYear(d.year())}
            data-testid="dashboard-year"
          />
        }
      />
      <UnitCrumbs items={data.breadcrumb} onOpen={open} />
      <Alert
        style={{ margin: '12px 0' }}
        type="info"
        showIcon
        title={
          <span>
            <RuleTag rule="TGT-2" />
            {t('dashboard.hint', { asOf: data.asOf, deadline: data.deadline, expected: data.expected })}
          </span>
        }
      />
      <div className="stat-grid" data-testid="dashboard-cards">
        {CARDS.map((m) => {
          const f = u.figures[m];
          return (
            <Card key={m} className="stat-card" size="small" data-testid={`figure-${m}`}>
              <Statistic
                title={metric.label(m)}
                value={unconnected.has(m) ? t('progress.unconnected') : (f.actual ?? '—')}
                formatter={(v) => (typeof v === 'number' ? formatNumber(v) : String(v))}
                suffix={unconnected.has(m) ? undefined : <span className="stat-unit">{metric.unit(m)}</span>}
              />
              <div className="muted" style={{ marginTop: 4 }}>
                {f.target !== null
                  ? t('progress.targetOf', { target: formatNumber(f.target) })
                  : t('progress.noTarget')}
                {f.completion !== null && ` · ${f.completion}%`}
                {FLOW.includes(m) && !unconnected.has(m) && f.target !== null && (
                  <> · {t('progress.forecast', { n: formatNumber(data.forecast[m] ?? 0) })}</>
                )}
              </div>
              {f.standing !== 'no_target' && <StandingTag s={f.standing} />}
            </Card>
          );
        })}
      </div>
      <Card size="small" style={{ marginTop: 12 }}>
        <Segmented
          value={shown}
          onChange={(v) => setShown(v as MetricKey)}
          options={(['certified', 'high_skill', 'one_plus_x', 'institutions', 'coverage'] as MetricKey[]).map((m) => ({
            value: m,
            label: metric.label(m),
          }))}
          data-testid="dashboard-metric"
        />
      </Card>
      {u.level !== 'school' && (
        <Row gutter={12} style={{ marginTop: 12 }}>
          <Col xs={24} lg={12}>
            <Card
              size="small"
              title={t('dashboard.map', { metric: metric.label(shown) })}
              data-testid="dashboard-map-card"
            >
              {mapLevel ? (
                <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 460 }} />}>
                  <HenanMap
                    level={mapLevel}
                    regionCode={u.regionCode}
                    items={mapItems}
                    onOpen={open}
                    seriesName={t('progress.completion')}
                  />
                </Suspense>
              ) : (
                <Empty description={t('dashboard.noMap')} />
              )}
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card
              size="small"
              title={t('dashboard.ranking', { metric: metric.label(shown) })}
              data-testid="dashboard-ranking"
            >
              {ranking.length ? (
                <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 320 }} />}>
                  <BarChart
                    items={ranking}
                    unit="%"
                    horizontal
                    seriesName={t('progress.completion')}
                    testId="ranking-chart"
                  />
                </Suspense>
              ) : (
                <Empty description={t('dashboard.noRanking')} />
              )}
            </Card>
          </Col>
        </Row>
      )}
      <Row gutter={12} style={{ marginTop: 12 }}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('dashboard.trend')} data-testid="dashboard-trend">
            <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 300 }} />}>
              <TrendChart {...trend} />
            </Suspense>
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card
            size="small"
            title={
              <span>
                {t('dashboard.atRisk')} <Tag color={data.atRisk.length ? 'red' : 'green'}>{data.atRisk.length}</Tag>
              </span>
            }
            data-testid="dashboard-at-risk"
          >
            <Table
              size="small"
              rowKey={(r) => `${r.unit}-${r.metric}`}
              dataSource={data.atRisk}
              pagination={{ pageSize: 6, hideOnSinglePage: true }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.noRisk')} /> }}
              columns={[
                {
                  title: t('progress.unit'),
                  dataIndex: 'name',
                  render: (v, r) => <a onClick={() => open(r.unit)}>{v}</a>,
                },
                { title: t('progress.metric'), dataIndex: 'metric', render: (m: MetricKey) => metric.label(m) },
                { title: t('progress.completion'), dataIndex: 'completion', render: (v: number) => `${v}%`, width: 90 },
              ]}
            />
          </Card>
        </Col>
      </Row>
      {u.level !== 'school' && (
        <Card size="small" title={t('dashboard.children')} style={{ marginTop: 12 }}>
          <Table<UnitProgress>
            data-testid="dashboard-children"
            size="small"
            rowKey="unit"
            dataSource={data.children}
            pagination={{ pageSize: 30, hideOnSinglePage: true }}
            scroll={{ x: 900 }}
            columns={[
              {
                title: t('progress.unit'),
                dataIndex: 'name',
                fixed: 'left',
                render: (v: string, r) => (
                  <a onClick={() => open(r.unit)} data-testid={`open-${r.unit}`}>
                    {v}
                    {r.directCounty && <Tag style={{ marginLeft: 6 }}>{t('progress.direct')}</Tag>}
                  </a>
                ),
              },
              ...(['certified', 'high_skill', 'one_plus_x', 'institutions', 'coverage'] as MetricKey[]).map((m) => ({
                title: metric.label(m),
                key: m,
                render: (_: unknown, r: UnitProgress) => <FigureCell u={r} m={m} />,
              })),
              {
                title: t('progress.standing'),
                key: 'standing',
                render: (_: unknown, r: UnitProgress) => <StandingTag s={r.figures.certified.standing} />,
              },
            ]}
          />
        </Card>
      )}
    </div>
  );
}
