/**
 * 成绩公示 (public, no sign-in): a plan's results during and after the 5-working-day publicity,
 * with names and ID numbers masked (张*、410***********1234), per-part scores and the outcome.
 */
import { useEffect, useMemo, useState } from 'react';
import { useParams } from 'react-router-dom';
import { Alert, Card, Descriptions, Empty, Grid, Input, Skeleton, Table, Tag } from 'antd';
import { NotificationOutlined } from '@ant-design/icons';
import { api, type Part, type PublicResults } from '../../api';
import { businessDate, formatDateTime, formatNumber, useI18n } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { levelText } from '../institutions/InstitutionStatus';
import { PublicLayout } from '../catalog/PublicLayout';
import { partLabel, plainDate, PARTS } from '../plans/labels';
import { matchesOwn } from './findResult';
import '../catalog/catalog.css';
import '../plans/plans.css';

type Row = PublicResults['candidates'][number];

export default function PublicResultsPage() {
  const { planId } = useParams();
  const id = Number(planId);
  const { t, lang } = useI18n();
  const { data, error, loading } = useLoad(() => api.publicResults(id), [id]);
  useEffect(() => {
    document.title = `${t('publicResults.title')} · ${t('app.name')}`;
  }, [t]);
  const parts = data ? PARTS.filter((p) => data.candidates.some((c) => c.scores[p] !== undefined)) : [];
  const passed = data?.candidates.filter((c) => c.result === '合格').length ?? 0;
  // a phone lists each candidate as one card; a wider screen as the table
  const phone = Grid.useBreakpoint().md === false;
  const [query, setQuery] = useState('');
  const rows = useMemo(
    () => (data?.candidates ?? []).map((c, i) => ({ ...c, seq: i + 1 })).filter((c) => matchesOwn(c, query)),
    [data, query],
  );
  const resultTag = (v: string) => (
    <Tag color={v === '合格' ? 'green' : 'red'}>
      {lang === 'zh' ? v : v === '合格' ? t('result.passed') : t('result.failed')}
    </Tag>
  );
  const ended = !!data?.publicityUntil && businessDate() > data.publicityUntil;

  return (
    <PublicLayout title={t('publicResults.title')}>
      <section className="catalog-hero">
        <h1>
          <NotificationOutlined /> {data ? data.title : t('publicResults.title')}
        </h1>
        <p>{t('publicResults.intro')}</p>
      </section>
      {error ? (
        <Alert
          type="error"
          showIcon
          title={t('publicResults.notFound')}
          description={error instanceof Error ? error.message : String(error)}
          data-testid="public-results-error"
        />
      ) : loading || !data ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <div data-testid="public-results">
          <Card size="small" className="plan-card">
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2, xl: 3 }}
              items={[
                { key: 'inst', label: t('inst.name'), children: data.institutionName },
                { key: 'occ', label: t('plan.occupation'), children: data.occupationName },
                { key: 'level', label: t('plan.level'), children: levelText(data.level, lang) },
                { key: 'pub', label: t('results.publishedAt'), children: formatDateTime(data.publishedAt) },
                {
                  key: 'until',
                  label: t('plan.publicityUntil'),
                  children: (
                    <span>
                      <b>{plainDate(data.publicityUntil)}</b>{' '}
                      {ended ? (
                        <Tag>{t('publicResults.ended')}</Tag>
                      ) : (
                        <Tag color="orange">{t('publicResults.running')}</Tag>
                      )}
                    </span>
                  ),
                },
                { key: 'pass', label: t('std.passMark'), children: t('publicResults.passRule', { n: data.passMark }) },
              ]}
            />
          </Card>
          <Alert
            type="info"
            showIcon
            className="plan-alert"
            title={t('publicResults.objectionHint', {
              inst: data.institutionName,
              date: plainDate(data.publicityUntil),
            })}
          />
          <Card
            size="small"
            title={t('publicResults.list', { n: formatNumber(data.candidates.length), passed: formatNumber(passed) })}
          >
            <Input.Search
              allowClear
              className="results-find"
              placeholder={t('publicResults.find')}
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              maxLength={24}
              data-testid="public-results-find"
            />
            {query.trim() && (
              <div className="muted results-found" data-testid="public-results-found">
                {rows.length ? t('publicResults.found', { n: rows.length }) : t('publicResults.noMatch')}
              </div>
            )}
            {phone ? (
              <ol className="result-cards" data-testid="public-results-cards">
                {rows.map((r) => (
                  <li key={r.seq} className="result-card" data-testid="public-result-card">
                    <div className="result-card-head">
                      <span className="result-card-seq">{r.seq}</span>
                      <span className="result-card-name" translate="no">
                        {r.name}
                      </span>
                      <span className="mono result-card-id">{r.idNumber}</span>
                      {resultTag(r.result)}
                    </div>
                    <div className="result-card-scores">
                      {parts.map((p) => (
                        <span key={p}>
                          {partLabel(t, p)}{' '}
                          <b className={(r.scores[p] ?? 0) < data.passMark ? 'err-text' : undefined}>
                            {(r.scores[p] ?? 0).toFixed(1)}
                          </b>
                        </span>
                      ))}
                    </div>
                  </li>
                ))}
              </ol>
            ) : (
              <Table<Row & { seq: number }>
                size="small"
                rowKey="seq"
                dataSource={rows}
                pagination={rows.length > 50 ? { pageSize: 50 } : false}
                data-testid="public-results-table"
                locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
                columns={[
                  { title: t('publicResults.seq'), dataIndex: 'seq', width: 70 },
                  { title: t('reg.name'), dataIndex: 'name', width: 120 },
                  {
                    title: t('reg.idNumber'),
                    dataIndex: 'idNumber',
                    width: 220,
                    render: (v: string) => <span className="mono">{v}</span>,
                  },
                  ...parts.map((p: Part) => ({
                    title: partLabel(t, p),
                    key: p,
                    width: 140,
                    align: 'right' as const,
                    render: (_: unknown, r: Row) => (
                      <span className={(r.scores[p] ?? 0) < data.passMark ? 'err-text' : undefined}>
                        {(r.scores[p] ?? 0).toFixed(1)}
                      </span>
                    ),
                  })),
                  { title: t('score.outcome'), dataIndex: 'result', width: 100, render: resultTag },
                ]}
              />
            )}
          </Card>
        </div>
      )}
    </PublicLayout>
  );
}
