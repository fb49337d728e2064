/**
 * 公开资金使用情况 (seed 002 三（三）“规范资金管理，公开资金使用情况，主动接受社会监督”), public and
 * without sign-in, for phones too: each city-level unit's special account for a year — budget,
 * committed, paid, recovered, what the employment fund carried, what is left — and how many people
 * were paid for training and for evaluation. City totals only: no person, claim or account.
 */
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Card, Segmented, Skeleton, Table } from 'antd';
import { FundOutlined } from '@ant-design/icons';
import { api, type PublicFundUse } from '../../api';
import { formatNumber, useI18n } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { PublicLayout } from '../catalog/PublicLayout';
import { yuanText } from './labels';
import '../catalog/catalog.css';

type Unit = PublicFundUse['units'][number];
const money = (v: number | null) => (v === null ? '—' : yuanText(v));

export default function PublicFundUsePage() {
  const { t } = useI18n();
  const [year, setYear] = useState<number | undefined>(undefined);
  const { data, error, loading } = useLoad(() => api.publicFundUse(year), [year]);
  useEffect(() => {
    document.title = `${t('sub.fundUse.title')} · ${t('app.name')}`;
  }, [t]);
  const sum = (k: 'paidFen' | 'paidTraining' | 'paidEvaluation') => (data?.units ?? []).reduce((s, u) => s + u[k], 0);
  return (
    <PublicLayout title={t('sub.fundUse.title')}>
      <section className="catalog-hero">
        <h1>
          <FundOutlined /> {t('sub.fundUse.title')}
        </h1>
        <p>{t('sub.fundUse.intro')}</p>
        <Link to="/subsidy-publicity">{t('sub.public.title')}</Link>
      </section>
      {error ? (
        <Alert type="error" showIcon title={String(error instanceof Error ? error.message : error)} />
      ) : !data ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : (
        <Card
          size="small"
          title={t('sub.fundUse.year', { year: data.year })}
          extra={
            data.years.length > 1 ? (
              <Segmented
                size="small"
                value={data.year}
                options={data.years.map((y) => ({ label: String(y), value: y }))}
                onChange={(v) => setYear(Number(v))}
                data-testid="fund-use-years"
              />
            ) : null
          }
        >
          <p data-testid="fund-use-summary">
            {t('sub.fundUse.summary', {
              paid: yuanText(sum('paidFen')),
              training: formatNumber(sum('paidTraining')),
              evaluation: formatNumber(sum('paidEvaluation')),
            })}
          </p>
          <Table<Unit>
            size="small"
            rowKey="regionCode"
            loading={loading}
            dataSource={data.units}
            pagination={false}
            scroll={{ x: 900 }}
            data-testid="fund-use"
            columns={[
              { title: t('sub.fundUse.unit'), dataIndex: 'regionName', width: 100, fixed: 'left' },
              { title: t('sub.funds.budget'), dataIndex: 'budgetFen', align: 'right', render: money },
              { title: t('sub.funds.paid'), dataIndex: 'paidFen', align: 'right', render: money },
              { title: t('sub.funds.committed'), dataIndex: 'committedFen', align: 'right', render: money },
              { title: t('sub.funds.recovered'), dataIndex: 'recoveredFen', align: 'right', render: money },
              { title: t('sub.funds.remaining'), dataIndex: 'remainingFen', align: 'right', render: money },
              { title: t('sub.funds.employment'), dataIndex: 'employmentFundFen', align: 'right', render: money },
              {
                title: t('sub.fundUse.training'),
                dataIndex: 'paidTraining',
                align: 'right',
                width: 90,
                render: (v: number) => formatNumber(v),
              },
              {
                title: t('sub.fundUse.evaluation'),
                dataIndex: 'paidEvaluation',
                align: 'right',
                width: 90,
                render: (v: number) => formatNumber(v),
              },
            ]}
          />
        </Card>
      )}
    </PublicLayout>
  );
}
