/**
 * 补贴公示 (SUB-3), public and without sign-in, for phones too: the claims the HRSS departments have
 * approved, during their publicity of at least 3 working days before finance may pay, with each
 * line's masked name (张*), occupation, level and amount — no ID number, no certificate number.
 */
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, Card, Descriptions, Empty, List, Skeleton, Table, Tag } from 'antd';
import { NotificationOutlined } from '@ant-design/icons';
import { api, type PublicClaim } from '../../api';
import { businessDate, formatNumber, useI18n } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { levelText } from '../institutions/InstitutionStatus';
import { PublicLayout } from '../catalog/PublicLayout';
import { plainDate } from '../plans/labels';
import { LINE_KINDS, type LineKind } from '../../../../contract/subsidy-workflow.js';
import { yuanText } from './labels';
import '../catalog/catalog.css';
import '../plans/plans.css';

function Running({ until }: { until: string }) {
  const { t } = useI18n();
  return businessDate() > until ? (
    <Tag>{t('sub.public.ended')}</Tag>
  ) : (
    <Tag color="orange">{t('sub.public.running')}</Tag>
  );
}

const kindText = (k: LineKind, lang: string) =>
  lang === 'zh' ? LINE_KINDS[k] : k === 'evaluation' ? 'Evaluation' : k === 'training' ? 'Training' : 'Special ability';

function ClaimList() {
  const { t, lang } = useI18n();
  const { data, error, loading } = useLoad(() => api.publicSubsidies(), []);
  if (error) return <Alert type="error" showIcon title={String(error instanceof Error ? error.message : error)} />;
  if (loading || !data) return <Skeleton active paragraph={{ rows: 6 }} />;
  return (
    <List<PublicClaim>
      data-testid="public-subsidies"
      dataSource={data}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sub.public.none')} /> }}
      renderItem={(c) => (
        <List.Item key={c.id}>
          <Card
            size="small"
            style={{ width: '100%' }}
            title={<Link to={`/subsidy-publicity/${c.id}`}>{c.title}</Link>}
            extra={<Running until={c.publicityUntil} />}
          >
            <Descriptions
              size="small"
              column={{ xs: 1, md: 3 }}
              items={[
                { key: 'inst', label: t('sub.institution'), children: c.institutionName },
                { key: 'region', label: t('sub.public.region'), children: c.regionName },
                { key: 'kind', label: t('sub.public.kind'), children: kindText(c.kind, lang) },
                { key: 'lines', label: t('sub.public.people'), children: formatNumber(c.lineCount) },
                { key: 'amount', label: t('sub.amount'), children: <b>{yuanText(c.amountFen)}</b> },
                {
                  key: 'pub',
                  label: t('sub.publicity'),
                  children: `${plainDate(c.publicityFrom)} ~ ${plainDate(c.publicityUntil)}`,
                },
              ]}
            />
          </Card>
        </List.Item>
      )}
    />
  );
}

function ClaimLines({ id }: { id: number }) {
  const { t, lang } = useI18n();
  const [page, setPage] = useState({ page: 1, pageSize: 50 });
  const { data, error, loading } = useLoad(() => api.publicSubsidy(id, page), [id, page]);
  useEffect(() => {
    if (data) document.title = `${data.title} · ${t('sub.public.title')}`;
  }, [data, t]);
  if (error)
    return (
      <Alert
        type="error"
        showIcon
        title={t('sub.public.notFound')}
        description={error instanceof Error ? error.message : String(error)}
        data-testid="public-subsidy-error"
      />
    );
  if (!data) return <Skeleton active paragraph={{ rows: 8 }} />;
  return (
    <div data-testid="public-subsidy">
      <Card size="small" className="plan-card" title={data.title} extra={<Running until={data.publicityUntil} />}>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          items={[
            { key: 'inst', label: t('sub.institution'), children: data.institutionName },
            { key: 'region', label: t('sub.public.region'), children: data.regionName },
            { key: 'kind', label: t('sub.public.kind'), children: kindText(data.kind, lang) },
            { key: 'lines', label: t('sub.public.people'), children: formatNumber(data.lineCount) },
            { key: 'amount', label: t('sub.amount'), children: <b>{yuanText(data.amountFen)}</b> },
            {
              key: 'pub',
              label: t('sub.publicity'),
              children: `${plainDate(data.publicityFrom)} ~ ${plainDate(data.publicityUntil)}`,
            },
          ]}
        />
      </Card>
      <Alert
        type="info"
        showIcon
        className="plan-alert"
        title={t('sub.public.objection', { until: plainDate(data.publicityUntil) })}
      />
      <Card size="small" title={t('sub.public.list', { n: formatNumber(data.lines.total) })}>
        <Table
          size="small"
          rowKey={(_, i) => String(i)}
          loading={loading}
          dataSource={data.lines.items}
          data-testid="public-subsidy-lines"
          pagination={{
            current: page.page,
            pageSize: page.pageSize,
            total: data.lines.total,
            onChange: (p, s) => setPage({ page: p, pageSize: s }),
          }}
          columns={[
            {
              title: t('publicResults.seq'),
              key: 'seq',
              width: 56,
              render: (_: unknown, __: unknown, i: number) => (page.page - 1) * page.pageSize + i + 1,
            },
            { title: t('sub.person'), dataIndex: 'name', width: 72 },
            { title: t('sub.occupation'), dataIndex: 'occupationName' },
            // the short level (三级) keeps the table readable on a phone
            {
              title: t('sub.level'),
              dataIndex: 'level',
              width: 64,
              render: (v: number) =>
                data.kind === 'training' && v === 0 ? t('sub.tc.completionLevel') : levelText(v, lang, true),
            },
            {
              title: t('sub.amount'),
              dataIndex: 'amountFen',
              width: 96,
              align: 'right',
              render: (v: number) => yuanText(v),
            },
          ]}
        />
      </Card>
    </div>
  );
}

export default function PublicSubsidyPage() {
  const { id } = useParams();
  const { t } = useI18n();
  useEffect(() => {
    document.title = `${t('sub.public.title')} · ${t('app.name')}`;
  }, [t]);
  return (
    <PublicLayout title={t('sub.public.title')}>
      <section className="catalog-hero">
        <h1>
          <NotificationOutlined /> {t('sub.public.title')}
        </h1>
        <p>{t('sub.public.intro')}</p>
        {id ? (
          <Link to="/subsidy-publicity">{t('sub.public.back')}</Link>
        ) : (
          <Link to="/subsidy-fund-use" data-testid="public-fund-use-link">
            {t('sub.fundUse.title')}
          </Link>
        )}
      </section>
      {id ? <ClaimLines id={Number(id)} /> : <ClaimList />}
    </PublicLayout>
  );
}
