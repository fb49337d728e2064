/**
 * 补贴申领 — the work queue and the list. The institution sees its own claims and starts a new one;
 * the HRSS department those it accepts and reviews, the finance department those it approves and
 * pays, each with its deadline in working days and how late it is (SUB-2). Excel export of the
 * claims and their lines (names masked, no ID numbers).
 */
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { App, Button, Card, Col, Input, Row, Select, Space, Statistic, Switch, Table } from 'antd';
import { CloudDownloadOutlined, NotificationOutlined, PlusOutlined } from '@ant-design/icons';
import type { ClaimListQuery, ClaimSummary } from '../../api';
import { api } from '../../api';
import { useMe } from '../../auth/AuthContext';
import { can } from '../../access';
import { formatNumber, useI18n } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { errorContent } from '../../components/ApiErrorView';
import { serverPagination } from '../../components/pagination';
import { RuleHint } from '../pathways/PathwayParts';
import { plainDate } from '../plans/labels';
import { CLAIM_STATUSES, type ClaimStatus } from '../../../../contract/subsidy-workflow.js';
import { claimStatusText, ClaimStatusTag, DueCell, yuanText } from './labels';
import '../plans/plans.css';

type Filter = Partial<ClaimListQuery> & { page: number; pageSize: number };

export default function ClaimsPage() {
  const me = useMe();
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [filter, setFilter] = useState<Filter>({ page: 1, pageSize: 20 });
  const [qText, setQText] = useState('');
  const { data, error, loading, reload } = useLoad(() => api.claims(filter), [filter]);
  const queue = useLoad(() => api.claimQueue(), []);
  const [exporting, setExporting] = useState(false);
  const set = (p: Partial<ClaimListQuery>) => setFilter((f) => ({ ...f, ...p, page: 1 }));
  const institution = can(me.role, 'subsidy.claim');

  const exportXlsx = async () => {
    setExporting(true);
    try {
      const { page: _p, pageSize: _s, ...rest } = filter;
      await api.exportClaims(rest);
    } catch (e) {
      message.error(errorContent(e));
    } finally {
      setExporting(false);
    }
  };

  return (
    <div>
      <PageHeader
        title={t('sub.claimsTitle')}
        extra={
          <Space>
            <Link to="/subsidy-publicity" target="_blank" data-testid="sub-public-link">
              <NotificationOutlined /> {t('sub.publicLink')}
            </Link>
            <Button icon={<CloudDownloadOutlined />} loading={exporting} onClick={exportXlsx} data-testid="sub-export">
              {t('sub.export')}
            </Button>
            {institution && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => navigate('/subsidies/new')}
                data-testid="sub-new"
              >
                {t('sub.newClaim')}
              </Button>
            )}
            {institution && (
              <Button
                icon={<PlusOutlined />}
                onClick={() => navigate('/subsidies/new-training')}
                data-testid="sub-new-training"
              >
                {t('sub.newTrainingClaim')}
              </Button>
            )}
          </Space>
        }
      />
      <RuleHint rule="SUB-2">{institution ? t('sub.introInstitution') : t('sub.introOfficial')}</RuleHint>
      {queue.data && (
        <Row gutter={12} style={{ marginBottom: 12 }} data-testid="sub-queue">
          {queue.data.stages.map((s) => (
            <Col xs={12} md={6} key={s.status}>
              <Card
                size="small"
                hoverable
                onClick={() => set({ status: s.status, overdue: undefined })}
                data-testid={`sub-queue-${s.status}`}
              >
                <Statistic
                  title={claimStatusText(s.status, lang)}
                  value={s.count}
                  suffix={t('sub.unitClaims')}
                  styles={{ content: { fontSize: 22 } }}
                />
                <div className="small">
                  {s.overdue > 0 ? (
                    <span className="err-text" data-testid={`sub-queue-overdue-${s.status}`}>
                      {t('sub.queueOverdue', { n: s.overdue })}
                    </span>
                  ) : (
                    <span className="muted">{t('sub.queueOnTime')}</span>
                  )}
                  <span className="muted"> · {yuanText(s.amountFen)}</span>
                </div>
              </Card>
            </Col>
          ))}
        </Row>
      )}
      <Card size="small">
        <div className="page-toolbar">
          <Input.Search
            allowClear
            placeholder={t('sub.searchPlaceholder')}
            style={{ width: 240 }}
            value={qText}
            onChange={(e) => setQText(e.target.value)}
            onSearch={(v) => set({ q: v.trim() || undefined })}
            data-testid="sub-search"
          />
          <Select
            allowClear
            placeholder={t('common.status')}
            style={{ width: 190 }}
            value={filter.status}
            onChange={(v) => set({ status: v })}
            options={(Object.keys(CLAIM_STATUSES) as ClaimStatus[]).map((s) => ({
              value: s,
              label: claimStatusText(s, lang),
            }))}
            data-testid="sub-status-filter"
          />
          <Space>
            <Switch
              checked={filter.overdue === true}
              onChange={(v) => set({ overdue: v ? true : undefined })}
              data-testid="sub-overdue-filter"
            />
            <span>{t('sub.onlyOverdue')}</span>
          </Space>
        </div>
        {error ? <LoadError error={error} onRetry={reload} /> : null}
        <Table<ClaimSummary>
          size="small"
          rowKey="id"
          loading={loading}
          dataSource={data?.items ?? []}
          pagination={serverPagination(filter, setFilter, data?.total, t)}
          scroll={{ x: 1200 }}
          data-testid="sub-claims"
          onRow={(r) => ({ onClick: () => navigate(`/subsidies/${r.id}`), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('sub.claimNo'), dataIndex: 'id', width: 70 },
            {
              title: t('sub.claimTitle'),
              dataIndex: 'title',
              width: 260,
              render: (v: string, r) => (
                <Link to={`/subsidies/${r.id}`} onClick={(e) => e.stopPropagation()}>
                  {v}
                </Link>
              ),
            },
            { title: t('sub.institution'), dataIndex: 'institutionName', width: 200 },
            { title: t('sub.fundRegion'), dataIndex: 'fundRegionName', width: 90 },
            {
              title: t('sub.place'),
              dataIndex: 'placeName',
              width: 130,
              render: (v: string | null) => v ?? '—',
            },
            {
              title: t('common.status'),
              dataIndex: 'status',
              width: 150,
              render: (v: ClaimStatus) => <ClaimStatusTag status={v} />,
            },
            {
              title: t('sub.lines'),
              dataIndex: 'lineCount',
              width: 80,
              align: 'right',
              render: (v: number) => formatNumber(v),
            },
            {
              title: t('sub.amount'),
              dataIndex: 'amountFen',
              width: 130,
              align: 'right',
              render: (v: number) => yuanText(v),
            },
            {
              title: t('sub.submittedOn'),
              dataIndex: 'submittedOn',
              width: 110,
              render: (v: string | null) => plainDate(v),
            },
            { title: t('sub.dueOn'), key: 'due', width: 190, render: (_: unknown, r) => <DueCell c={r} /> },
            {
              title: t('sub.publicity'),
              key: 'pub',
              width: 200,
              render: (_: unknown, r) =>
                r.publicityFrom ? `${plainDate(r.publicityFrom)} ~ ${plainDate(r.publicityUntil)}` : '—',
            },
          ]}
        />
      </Card>
    </div>
  );
}
