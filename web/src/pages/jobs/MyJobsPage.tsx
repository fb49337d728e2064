import { App, Button, Card, Progress, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { useEffect } from 'react';
import { api, jobEnded, type Job } from '../../api';
import { formatDateTime, formatNumber, useI18n } from '../../i18n';
import { useLoad } from '../../components/useLoad';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { errorContent } from '../../components/ApiErrorView';
import { IMPORT_JOB_KINDS } from '../../../../contract/api-jobs.js';

const STATUS_COLOR = { queued: 'default', running: 'processing', succeeded: 'success', failed: 'error' } as const;

/** 我的任务: the signed-in user's own recent background jobs (issue 17), newest first, with their results. */
export default function MyJobsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useLoad(() => api.jobs(), []);
  // while a job runs, the list follows it
  const running = !!data?.some((j) => !jobEnded(j));
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => void reload(), 2000);
    return () => clearInterval(timer);
  }, [running, reload]);
  const download = async (j: Job) => {
    try {
      const name = await api.jobFile(j.id, j.resultName ?? 'result');
      message.success(t('jobs.saved', { name }));
    } catch (e) {
      message.error(errorContent(e));
      void reload();
    }
  };
  return (
    <div>
      <PageHeader
        title={t('jobs.title')}
        extra={<Button icon={<ReloadOutlined />} onClick={() => void reload()} aria-label={t('common.refresh')} />}
      />
      <Card size="small">
        <Typography.Paragraph type="secondary">{t('jobs.hint')}</Typography.Paragraph>
        {error ? <LoadError error={error} onRetry={reload} /> : null}
        <Table<Job>
          data-testid="jobs-table"
          rowKey="id"
          size="middle"
          loading={loading && !data}
          dataSource={data ?? []}
          pagination={false}
          scroll={{ x: 900 }}
          columns={[
            { title: t('jobs.kind'), dataIndex: 'kind', render: (k: Job['kind']) => t(`job.kind.${k}`) },
            {
              title: t('jobs.status'),
              dataIndex: 'status',
              width: 110,
              render: (s: Job['status']) => <Tag color={STATUS_COLOR[s]}>{t(`job.status.${s}`)}</Tag>,
            },
            {
              title: t('jobs.progress'),
              width: 200,
              render: (_, j) => (
                <div>
                  <span className="small">
                    {formatNumber(j.done)} / {formatNumber(j.total)}
                  </span>
                  <Progress
                    percent={j.total ? Math.floor((j.done / j.total) * 100) : j.status === 'succeeded' ? 100 : 0}
                    status={j.status === 'failed' ? 'exception' : j.status === 'succeeded' ? 'success' : 'active'}
                    size="small"
                    showInfo={false}
                  />
                </div>
              ),
            },
            { title: t('jobs.created'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
            {
              title: t('jobs.finished'),
              dataIndex: 'finishedAt',
              width: 170,
              render: (v: string | null) => (v ? formatDateTime(v) : '—'),
            },
            {
              title: t('jobs.result'),
              render: (_, j) =>
                j.status === 'failed' ? (
                  <Typography.Text type="danger" data-testid={`job-error-${j.id}`}>
                    {j.error?.message}
                  </Typography.Text>
                ) : j.resultExpired ? (
                  <span className="muted" data-testid={`job-expired-${j.id}`}>
                    {t('jobs.expired')}
                  </span>
                ) : j.resultUrl ? (
                  <Button
                    type="link"
                    size="small"
                    icon={<DownloadOutlined />}
                    onClick={() => void download(j)}
                    data-testid={`job-download-${j.id}`}
                  >
                    {j.resultName ?? t('jobs.download')}
                  </Button>
                ) : IMPORT_JOB_KINDS.includes(j.kind) && j.status === 'succeeded' ? (
                  t('import.done', { n: (j.result as { imported?: number } | null)?.imported ?? 0 })
                ) : (
                  '—'
                ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
