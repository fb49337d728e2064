/**
 * The script every pooled worker thread starts with (lib/workers.ts). It is plain JavaScript so
 * Node loads it in any setting — `npm start` and the benches under tsx, the tests under vitest —
 * then registers tsx's loader in the thread, so the TypeScript task modules load the same way
 * everywhere. The thread first lowers its own priority (WORKER_NICE, lib/thread-priority.ts).
 */
import Tinypool from 'tinypool';
import { register } from 'tsx/esm/api';

register();
const { lowerThisThreadPriority } = await import('./thread-priority.ts');
lowerThisThreadPriority(Tinypool.workerData?.nice ?? 0);
const { runTask } = await import('./worker-run.ts');
export default runTask;
