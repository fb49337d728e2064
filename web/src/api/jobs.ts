/**
 * Following a tracked job (issue 17) to its end: the job is polled, soon at first and then less
 * often (`followDelay`), until it has succeeded or failed; a failure is thrown as the ApiError a request that did the work itself would have
 * thrown (code, Chinese message, rule, the rows refused), so pages show it the same way.
 */
import { ERROR_CODES } from '../../../contract/errors.js';
import type { Job } from '../../../contract/api-jobs.js';
import { ApiError, request } from './client';

export const jobEnded = (j: Job) => j.status === 'succeeded' || j.status === 'failed';

/** the first poll comes this soon (a small job has ended by then), each next one half as late again … */
export const FOLLOW_FIRST_MS = 150;
/** … up to this */
export const FOLLOW_MAX_MS = 1000;

/** How long to wait before poll number `n` (0-based): 150 ms, then ×1.5 each time, at most 1 s. */
export function followDelay(n: number, maxMs = FOLLOW_MAX_MS): number {
  return Math.min(maxMs, Math.round(FOLLOW_FIRST_MS * 1.5 ** n));
}

export async function followJob(job: Job, onUpdate: (j: Job) => void, maxEveryMs = FOLLOW_MAX_MS): Promise<Job> {
  let j = job;
  onUpdate(j);
  for (let n = 0; !jobEnded(j); n++) {
    await new Promise((r) => setTimeout(r, followDelay(n, maxEveryMs)));
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
