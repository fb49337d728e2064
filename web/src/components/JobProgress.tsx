import { Progress } from 'antd';
import { useRef } from 'react';
import type { Job } from '../api';
import { durationText, formatNumber, timeLeft, useI18n } from '../i18n';

/**
 * A running job's progress (issue 17): the step it is in (an import checks every row, then writes
 * them), a bar of done / total, and the time left at the pace seen so far in this step.
 */
export function JobProgress({ job, testId }: { job: Job; testId?: string }) {
  const { t, lang } = useI18n();
  // the first sight of this step: the pace is measured from here
  const since = useRef<{ phase: string | null; at: number; done: number } | null>(null);
  const now = Date.now();
  if (!since.current || since.current.phase !== job.phase)
    since.current = { phase: job.phase, at: now, done: job.done };
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
          : job.kind === 'certificate_issue'
            ? t('issue.progress', vars)
            : t('job.progress', vars);
  const left = job.status === 'running' && job.total ? timeLeft(since.current, now, job.done, job.total) : null;
  return (
    <div data-testid={testId} className="job-progress" style={{ margin: '12px 0' }}>
      <span data-testid={testId ? `${testId}-text` : undefined}>{text}</span>
      {left !== null && (
        <span data-testid={testId ? `${testId}-left` : undefined} style={{ marginLeft: 12, color: '#8c8c8c' }}>
          {t('job.timeLeft', { time: durationText(left, lang) })}
        </span>
      )}
      <Progress
        percent={job.total ? Math.floor((job.done / job.total) * 100) : 0}
        status={job.status === 'failed' ? 'exception' : job.status === 'succeeded' ? 'success' : 'active'}
        size="small"
      />
    </div>
  );
}
