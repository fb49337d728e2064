/**
 * Following a tracked job (issue 17) to its end: the job is polled until it has succeeded or
 * failed; a failure is thrown as the ApiError a request that did the work itself would have
 * thrown (code, Chinese message, rule, the rows refused), so pages show it the same way.
 */
import { ERROR_CODES } from '../../../contract/errors.js';
import type { Job } from '../../../contract/api-jobs.js';
import { ApiError, request } from './client';

export const jobEnded = (j: Job) => j.status === 'succeeded' || j.status === 'failed';

export async function followJob(job: Job, onUpdate: (j: Job) => void, everyMs = 1000): Promise<Job> {
  let j = job;
  onUpdate(j);
  while (!jobEnded(j)) {
    await new Promise((r) => setTimeout(r, everyMs));
    j = await request<Job>('GET', `/jobs/${j.id}`);
    onUpdate(j);
  }
  if (j.status === 'failed') {
    const e = j.error ?? { code: 'INTERNAL', message: ERROR_CODES.INTERNAL.message };
    throw new ApiError({
      code: e.code,
      message: e.message,
      status: (ERROR_CODES as Record<string, { status: number }>)[e.code]?.status ?? 500,
      rule: e.rule,
      details: e.details,
    });
  }
  return j;
}
