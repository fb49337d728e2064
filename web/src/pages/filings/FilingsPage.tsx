/** 备案申请 — all applications in the caller's scope (officials) or the institution's own. */
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, App, Button, Card, Input, Select, Table, Tag, Tooltip, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { api, type FilingListFilter, type FilingSummary } from '../../api';
import { isFilingOpen } from '../../../../contract/filing-workflow.js';
import { can } from '../../access';
import { useMe } from '../../auth/AuthContext';
import { formatDateTime, useI18n } from '../../i18n';
import { serverPagination } from '../../components/pagination';
import { useUrlState } from '../../components/useUrlState';
import type { UrlSchema } from '../../components/urlState';
import { ExportButton } from '../../components/ExportButton';
import { useLoad } from '../../components/useLoad';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { APPLICATION_STATUS_KEYS, FilingStatusTag, useFilingLabels } from './FilingStatus';
import { FilingEditModal } from './FilingEditModal';
import { notifyQueueChanged } from '../../queueEvents';
import './filings.css';

type Filter = FilingListFilter & { page: number; pageSize: number };
const FILTER_SCHEMA: UrlSchema<Filter> = {
  q: 'string',
  status: 'string',
  institutionId: 'number',
  page: 'number',
  pageSize: 'number',
};

/** INST-2 (平台口径): how long the awaited department has had it — overdue in red, else the due date. */
export function HandlingTag({ handling }: { handling: FilingSummary['handling'] }) {
  const { t } = useI18n();
  if (!handling) return <span className="muted">—</span>;
  return (
    <Tooltip title={t('filing.handlingHint', { since: handling.since, due: handling.due })}>
      {handling.overdue ? (
        <Tag color="red" data-testid="filing-overdue">
          {t('filing.overdueDays', { n: handling.workingDaysLate })}
        </Tag>
      ) : (
        <span className="muted" data-testid="filing-due">
          {t('filing.dueOn', { date: handling.due })}
        </span>
      )}
    </Tooltip>
  );
}

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
          title: t('filing.handling'),
          dataIndex: 'handling',
          width: 150,
          render: (v: FilingSummary['handling']) => <HandlingTag handling={v} />,
        },
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
  const [filter, setFilter] = useUrlState<Filter>({ page: 1, pageSize: 20 }, FILTER_SCHEMA);
  const { institutionId } = filter;
  const { data, error, loading, reload } = useLoad(() => api.filings(filter), [filter]);
  const [qText, setQText] = useState(filter.q ?? '');
  useEffect(() => setQText(filter.q ?? ''), [filter.q]);
  const { page: _page, pageSize: _size, ...listed } = filter;
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
          <Input.Search
            allowClear
            placeholder={t('filing.searchPlaceholder')}
            style={{ width: 240 }}
            value={qText}
            onChange={(e) => setQText(e.target.value)}
            onSearch={(v) => setFilter((f) => ({ ...f, q: v.trim() || undefined, page: 1 }))}
            data-testid="filing-search"
          />
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
            <Tag closable onClose={() => setFilter((f) => ({ ...f, institutionId: undefined, page: 1 }))}>
              {t('filing.institutionFilter', { id: institutionId })}
            </Tag>
          )}
          <span className="spacer" />
          {can(me.role, 'filing.export') && (
            <ExportButton onExport={() => api.exportFilings(listed)} testId="filing-export" />
          )}
          <Button icon={<ReloadOutlined />} onClick={() => void reload()}>
            {t('common.refresh')}
          </Button>
        </div>
        {error ? <LoadError error={error} onRetry={reload} /> : null}
        <FilingTable
          items={data?.items}
          loading={loading}
          pagination={serverPagination(filter, setFilter, data?.total, t)}
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
