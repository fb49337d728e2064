import { lazy, Suspense } from 'react';
import { Alert, Card, Empty, Skeleton, Space, Statistic } from 'antd';
import { api } from '../../api';
import { formatNumber, useI18n } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import './home.css';

// ECharts is loaded only when there is a chart to draw.
const BarChart = lazy(() => import('../../charts/BarChart'));

const CARD_COLORS = ['#1456f0', '#13a8a8', '#fa8c16', '#722ed1', '#52c41a', '#eb2f96'];

export default function HomePage() {
  const { t } = useI18n();
  const { data, error, loading, reload } = useLoad(() => api.home(), []);

  if (error) return <LoadError error={error} onRetry={reload} />;
  if (loading && !data) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (!data) return null;

  return (
    <div data-testid="home">
      <PageHeader title={data.title} testId="home-title" />
      {data.notices.length > 0 && (
        <Space orientation="vertical" style={{ width: '100%', marginBottom: 16 }} size={8}>
          {data.notices.map((n, i) => (
            <Alert key={i} type="info" showIcon title={n} data-testid="home-notice" />
          ))}
        </Space>
      )}
      <div className="stat-grid">
        {data.cards.map((c, i) => (
          <Card key={c.key} className="stat-card" style={{ borderTopColor: CARD_COLORS[i % CARD_COLORS.length] }} data-testid={`card-${c.key}`}>
            <Statistic title={c.label} value={c.value} formatter={(v) => formatNumber(Number(v))} suffix={c.unit ? <span className="stat-unit">{c.unit}</span> : undefined} />
          </Card>
        ))}
      </div>
      {data.chart && (
        <Card title={data.chart.title} style={{ marginTop: 16 }} size="small" data-testid="home-chart-card">
          {data.chart.items.length === 0 ? (
            <Empty description={t('home.empty')} />
          ) : (
            <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 320 }} />}>
              <BarChart items={data.chart.items} seriesName={data.chart.title} testId="home-chart" />
            </Suspense>
          )}
        </Card>
      )}
    </div>
  );
}
