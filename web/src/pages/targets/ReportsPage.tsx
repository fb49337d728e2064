/**
 * 月报 (TGT-3, SUP-3): a unit's figures for a month as of its last day in China time — frozen once
 * submitted, with later corrections listed as differences — the Excel workbook and the bulletin
 * (通报) to download, the report to confirm and submit, and which units below have not reported.
 */
import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Descriptions, Popconfirm, Skeleton, Space, Table, Tag } from 'antd';
import { FileExcelOutlined, FilePdfOutlined, SendOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { METRIC_KEYS, type MetricKey } from '../../../../contract/targets.js';
import { api } from '../../api';
import { useMe } from '../../auth/AuthContext';
import { can } from '../../access';
import { formatNumber, useI18n } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { errorContent, RuleTag } from '../../components/ApiErrorView';
import { StandingTag, UnitCrumbs, lastMonth, useMetric, useUnitParam } from './parts';

export default function ReportsPage() {
  const { t } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const metric = useMetric();
  const [unit, setUnit] = useUnitParam();
  const [month, setMonth] = useState(lastMonth);
  const [busy, setBusy] = useState(false);
  const { data, error, loading, reload } = useLoad(() => api.report({ unit, month }), [unit, month]);
  if (error) return <LoadError error={error} onRetry={reload} />;
  if (loading && !data) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (!data) return null;
  const f = data.figures;
  const unconnected = new Set(data.unconnected);
  const overdue = data.children.filter((c) => c.overdue);
  const act = async (fn: () => Promise<unknown>, ok: string) => {
    setBusy(true);
    try {
      await fn();
      message.success(ok);
      await reload();
    } catch (e) {
      message.error(errorContent(e), 8);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div data-testid="reports-page">
      <PageHeader
        title={t('reports.title', { name: f.unit.name, month: data.month })}
        extra={
          <Space wrap>
            <DatePicker
              picker="month"
              allowClear={false}
              value={dayjs(`${month}-01`)}
              onChange={(d) => d && setMonth(d.format('YYYY-MM'))}
              data-testid="report-month"
            />
            <Button icon={<FileExcelOutlined />} onClick={() => void api.reportWorkbook({ unit, month })}>
              {t('reports.workbook')}
            </Button>
            <Button icon={<FilePdfOutlined />} onClick={() => void api.bulletin({ unit, month })}>
              {t('reports.bulletin')}
            </Button>
            <Button onClick={() => void api.assessmentSheet({ unit, year: data.year })}>
              {t('reports.assessment')}
            </Button>
            {data.maySubmit && (
              <Popconfirm
                title={t('reports.submitConfirm')}
                onConfirm={() => act(() => api.submitReport(month), t('reports.submitted'))}
              >
                <Button type="primary" icon={<SendOutlined />} loading={busy} data-testid="report-submit">
                  {t('reports.submit')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        }
      />
      <UnitCrumbs items={[{ unit: f.unit.unit, name: f.unit.name }]} onOpen={setUnit} />
      <Alert
        style={{ margin: '12px 0' }}
        type={data.submission ? 'success' : 'info'}
        showIcon
        data-testid="report-state"
        title={
          <span>
            <RuleTag rule="TGT-3" />
            {data.submission
              ? t('reports.frozen', {
                  at: data.submission.at.slice(0, 16).replace('T', ' '),
                  by: data.submission.by ?? '',
                }) + (data.submission.late ? t('reports.late') : '')
              : t('reports.live', { asOf: data.asOf, due: data.dueOn })}
          </span>
        }
      />
      {data.differences.length > 0 && (
        <Card
          size="small"
          title={t('reports.differences')}
          style={{ marginBottom: 12 }}
          data-testid="report-differences"
        >
          <Table
            size="small"
            rowKey={(r) => `${r.unit}-${r.metric}`}
            dataSource={data.differences}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            columns={[
              { title: t('progress.unit'), dataIndex: 'name' },
              { title: t('progress.metric'), dataIndex: 'metric', render: (m: MetricKey) => metric.label(m) },
              {
                title: t('reports.submittedValue'),
                dataIndex: 'submitted',
                render: (v) => (v === null ? '—' : formatNumber(v)),
              },
              { title: t('reports.nowValue'), dataIndex: 'now', render: (v) => (v === null ? '—' : formatNumber(v)) },
            ]}
          />
        </Card>
      )}
      <Card size="small" title={t('reports.figures')} style={{ marginBottom: 12 }}>
        <Descriptions size="small" bordered column={{ xs: 1, md: 2, xl: 3 }} data-testid="report-figures">
          {METRIC_KEYS.map((m) => {
            const x = f.unit.figures[m];
            return (
              <Descriptions.Item key={m} label={metric.label(m)}>
                {unconnected.has(m) ? (
                  <Tag>{t('progress.unconnected')}</Tag>
                ) : (
                  <>
                    {x.actual === null ? '—' : m === 'coverage' ? `${x.actual}%` : formatNumber(x.actual)}
                    {x.target !== null && <span className="muted"> / {formatNumber(x.target)}</span>}
                    {f.unit.month[m] !== undefined && (
                      <span className="muted"> · {t('reports.thisMonth', { n: formatNumber(f.unit.month[m]) })}</span>
                    )}{' '}
                    {x.standing !== 'no_target' && <StandingTag s={x.standing} />}
                  </>
                )}
              </Descriptions.Item>
            );
          })}
        </Descriptions>
      </Card>
      <Card
        size="small"
        title={
          <span>
            <RuleTag rule="SUP-3" />
            {t('reports.duty')}{' '}
            <Tag color={overdue.length ? 'red' : 'green'}>{t('reports.overdueCount', { n: overdue.length })}</Tag>
          </span>
        }
        extra={
          can(me.role, 'report.delay') && overdue.some((c) => c.unit.startsWith('I') && !c.delayRecorded) ? (
            <Popconfirm
              title={t('reports.delaysConfirm')}
              onConfirm={() => act(() => api.recordDelays(month), t('reports.delaysDone'))}
            >
              <Button size="small" danger loading={busy} data-testid="report-delays">
                {t('reports.delays')}
              </Button>
            </Popconfirm>
          ) : null
        }
      >
        <Table
          size="small"
          rowKey="unit"
          data-testid="report-duty"
          dataSource={data.children}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            {
              title: t('progress.unit'),
              dataIndex: 'name',
              render: (v, r) => <a onClick={() => setUnit(r.unit)}>{v}</a>,
            },
            {
              title: t('reports.status'),
              key: 'status',
              render: (_, r) =>
                r.submittedAt ? (
                  <Tag color={r.late ? 'orange' : 'green'}>
                    {r.late ? t('reports.submittedLate') : t('reports.submittedOk')}
                  </Tag>
                ) : r.overdue ? (
                  <Tag color="red">{t('reports.overdue')}</Tag>
                ) : (
                  <Tag>{t('reports.pending')}</Tag>
                ),
            },
            {
              title: t('reports.submittedAt'),
              dataIndex: 'submittedAt',
              render: (v: string | null) => v?.slice(0, 16).replace('T', ' ') ?? '—',
            },
            {
              title: t('reports.credit'),
              dataIndex: 'delayRecorded',
              render: (v: boolean) => (v ? <Tag color="orange">{t('reports.creditRecorded')}</Tag> : '—'),
            },
          ]}
        />
      </Card>
    </div>
  );
}
