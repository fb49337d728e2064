import { Progress } from 'antd';
import type { Job } from '../api';
import { formatNumber, useI18n } from '../i18n';

/**
 * A running job's progress (issue 17): the step it is in (an import checks every row, then writes
 * them) and a bar of done / total.
 */
export function JobProgress({ job, testId }: { job: Job; testId?: string }) {
  const { t } = useI18n();
  const vars = { done: formatNumber(job.done), total: formatNumber(job.total) };
  const text =
    job.status === 'queued'
      ? t('job.queued')
      : job.phase === 'check'
        ? job.total
          ? t('job.phase.check', vars)
          : t('job.phase.checkStart')
        : job.phase === 'write'
          ? t('job.phase.write', vars)
          : t('job.progress', vars);
  return (
    <div data-testid={testId} className="job-progress" style={{ margin: '12px 0' }}>
      <span data-testid={testId ? `${testId}-text` : undefined}>{text}</span>
      <Progress
        percent={job.total ? Math.floor((job.done / job.total) * 100) : 0}
        status={job.status === 'failed' ? 'exception' : job.status === 'succeeded' ? 'success' : 'active'}
        size="small"
      />
    </div>
  );
}
