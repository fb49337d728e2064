/** 备案申请 — all applications in the caller's scope (officials) or the institution's own. */
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, App, Button, Card, Select, Table, Tag, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { api, type FilingSummary } from '../../api';
import { isFilingOpen } from '../../../../contract/filing-workflow.js';
import { can } from '../../access';
import { useMe } from '../../auth/AuthContext';
import { formatDateTime, formatNumber, useI18n } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { APPLICATION_STATUS_KEYS, FilingStatusTag, useFilingLabels } from './FilingStatus';
import { FilingEditModal } from './FilingEditModal';
import { notifyQueueChanged } from '../../queueEvents';
import './filings.css';

export function FilingTable({
  items,
  loading,
  pagination,
  testId = 'filing-table',
  showAct = false,
}: {
  items?: FilingSummary[];
  loading: boolean;
  pagination?: false | object;
  testId?: string;
  showAct?: boolean;
}) {
  const { t } = useI18n();
  const L = useFilingLabels();
  const navigate = useNavigate();
  return (
    <Table<FilingSummary>
      data-testid={testId}
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={items}
      pagination={pagination}
      scroll={{ x: 980 }}
      onRow={(r) => ({ onClick: () => navigate(`/filings/${r.id}`), style: { cursor: 'pointer' } })}
      columns={[
        {
          title: t('filing.no'),
          dataIndex: 'id',
          width: 80,
          render: (v: number) => <span className="mono">#{v}</span>,
        },
        {
          title: t('inst.name'),
          dataIndex: 'institutionName',
          render: (v: string) => <Typography.Link>{v}</Typography.Link>,
        },
        { title: t('filing.kind'), dataIndex: 'kind', width: 110, render: (v: string) => <Tag>{L.kind(v)}</Tag> },
        {
          title: t('common.status'),
          dataIndex: 'status',
          width: 100,
          render: (_: string, r) => <FilingStatusTag status={r.status} label={r.statusLabel} />,
        },
        { title: t('filing.stage'), dataIndex: 'stage', width: 140, render: (v: string) => L.stage(v) },
        {
          title: t('filing.submittedAt'),
          dataIndex: 'submittedAt',
          width: 170,
          render: (v: string | null) => formatDateTime(v),
        },
        { title: t('filing.updatedAt'), dataIndex: 'updatedAt', width: 170, render: (v: string) => formatDateTime(v) },
        ...(showAct
          ? [
              {
                title: t('common.actions'),
                width: 90,
                fixed: 'right' as const,
                render: (_: unknown, r: FilingSummary) => (
                  <Button
                    type="primary"
                    size="small"
                    onClick={() => navigate(`/filings/${r.id}`)}
                    data-testid={`handle-${r.id}`}
                  >
                    {t('queue.handle')}
                  </Button>
                ),
              },
            ]
          : []),
      ]}
    />
  );
}

export default function FilingsPage() {
  const me = useMe();
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const institutionId = search.get('institutionId') ? Number(search.get('institutionId')) : undefined;
  const [filter, setFilter] = useState<{ status?: string; page: number; pageSize: number }>({ page: 1, pageSize: 20 });
  const { data, error, loading, reload } = useLoad(
    () => api.filings({ ...filter, institutionId }),
    [filter, institutionId],
  );
  const applicant = can(me.role, 'filing.apply') && !!me.scope.institutionId;
  const [creating, setCreating] = useState(false);
  const open = data?.items.find((f) => isFilingOpen(f.status));

  return (
    <div>
      <PageHeader
        title={applicant ? t('filing.mineTitle') : t('filing.title')}
        extra={
          applicant && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => (open ? message.warning(t('filing.openExists', { id: open.id })) : setCreating(true))}
              data-testid="filing-new"
            >
              {t('filing.new')}
            </Button>
          )
        }
      />
      {applicant && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('filing.applicantHint')} />}
      <Card size="small">
        <div className="page-toolbar">
          <Select
            allowClear
            placeholder={t('filing.statusFilter')}
            style={{ width: 160 }}
            value={filter.status}
            onChange={(v) => setFilter((f) => ({ ...f, status: v, page: 1 }))}
            options={APPLICATION_STATUS_KEYS.map((s) => ({ value: s, label: t(`appStatus.${s}`) }))}
            data-testid="filing-status-filter"
          />
          {institutionId && (
            <Tag closable onClose={() => navigate('/filings')}>
              {t('filing.institutionFilter', { id: institutionId })}
            </Tag>
          )}
          <span className="spacer" />
          <Button icon={<ReloadOutlined />} onClick={() => void reload()}>
            {t('common.refresh')}
          </Button>
        </div>
        {error ? <LoadError error={error} onRetry={reload} /> : null}
        <FilingTable
          items={data?.items}
          loading={loading}
          pagination={{
            current: filter.page,
            pageSize: filter.pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (n: number) => t('common.total', { n: formatNumber(n) }),
            onChange: (page: number, pageSize: number) => setFilter((f) => ({ ...f, page, pageSize })),
          }}
        />
      </Card>
      {applicant && (
        <FilingEditModal
          open={creating}
          institutionId={me.scope.institutionId!}
          onClose={() => setCreating(false)}
          onSaved={(d) => {
            setCreating(false);
            notifyQueueChanged();
            message.success(t('common.created'));
            navigate(`/filings/${d.id}`);
          }}
        />
      )}
    </div>
  );
}
