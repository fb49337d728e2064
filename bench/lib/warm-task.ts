/** A task that does nothing: run once so the worker pool has a thread up before a measurement, as a busy server has. */
import { workerTask } from '../../server/src/lib/workers.js';

export function warm(): number {
  return 1;
}

export const WARM = workerTask<typeof warm>(import.meta.url, 'warm');
