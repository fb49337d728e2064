import { lazy, Suspense } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, Badge, Card, Empty, List, Skeleton, Space, Statistic } from 'antd';
import { RightOutlined } from '@ant-design/icons';
import type { Role } from '../../../../contract/roles.js';
import { api } from '../../api';
import { useMe } from '../../auth/AuthContext';
import { canOpen } from '../../access';
import { formatNumber, useI18n } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { LearnerHome } from './LearnerHome';
import './home.css';

// ECharts is loaded only when there is a chart to draw.
const BarChart = lazy(() => import('../../charts/BarChart'));

const CARD_COLORS = ['#1456f0', '#13a8a8', '#fa8c16', '#722ed1', '#52c41a', '#eb2f96'];

/** Where a home card leads, when the role may open that page. */
function cardLink(key: string, role: Role): string | null {
  if (key.startsWith('progress-')) return canOpen(role, 'dashboard') ? '/dashboard' : null;
  if (key === 'queue') return canOpen(role, 'queue') ? '/queue' : canOpen(role, 'filings') ? '/filings' : null;
  if (key === 'plans') return canOpen(role, 'plans') ? '/plans' : null;
  if (key === 'certificates') return canOpen(role, 'certificates') ? '/certificates' : null;
  if (key === 'institutions' || key === 'filed' || key === 'status' || key === 'scopes' || key === 'credit')
    return canOpen(role, 'institutions') ? '/institutions' : null;
  return null;
}

export default function HomePage() {
  const { t } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const { data, error, loading, reload } = useLoad(() => api.home(), []);

  if (error) return <LoadError error={error} onRetry={reload} />;
  if (loading && !data) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (!data) return null;
  if (me.role === 'learner') return <LearnerHome home={data} />;

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
      {(data.todos?.length ?? 0) > 0 && (
        <Card size="small" title={t('home.todo')} style={{ marginBottom: 16 }} data-testid="home-todos">
          <List
            size="small"
            dataSource={data.todos}
            renderItem={(x) => (
              <List.Item
                data-testid={`todo-${x.key}`}
                style={{ cursor: 'pointer' }}
                onClick={() => navigate(x.link)}
                extra={<RightOutlined />}
              >
                <Space>
                  <Badge
                    count={x.count}
                    overflowCount={999}
                    color={x.key.includes('overdue') || x.key === 'at-risk' ? 'red' : 'blue'}
                  />
                  {x.label}
                </Space>
              </List.Item>
            )}
          />
        </Card>
      )}
      <div className="stat-grid">
        {data.cards.map((c, i) => {
          const link = cardLink(c.key, me.role);
          return (
            <Card
              key={c.key}
              className={link ? 'stat-card stat-card-link' : 'stat-card'}
              style={{ borderTopColor: CARD_COLORS[i % CARD_COLORS.length] }}
              data-testid={`card-${c.key}`}
              onClick={link ? () => navigate(link) : undefined}
              role={link ? 'link' : undefined}
              tabIndex={link ? 0 : undefined}
              onKeyDown={link ? (e) => e.key === 'Enter' && navigate(link) : undefined}
            >
              <Statistic
                title={c.label}
                value={c.value}
                formatter={(v) => formatNumber(Number(v))}
                suffix={c.unit ? <span className="stat-unit">{c.unit}</span> : undefined}
              />
              {link && (
                <span className="stat-link">
                  {c.key === 'queue' ? t('home.handle') : t('home.view')} <RightOutlined />
                </span>
              )}
            </Card>
          );
        })}
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
