/**
 * The generator's worker thread: plans the batches, seals and hashes the ID numbers and builds the
 * rows, while the main thread writes the batch before. Messages from the main thread, in order:
 * `peek` plans the next batch and answers its first certificate number (a resumed run looks it up);
 * `skip` counts that batch as written before; `produce` builds it and the following batches, each
 * sent in chunks of people (`last` marks a batch's last), at most `ahead` batches beyond what the
 * main thread has taken (`credit` as it starts writing each), then `end`. The plan's last batch's
 * last chunk says `final`, and is followed by the progress aggregates' counts of every planned
 * person (`counts` messages, the last with `last`), which the main thread adds in that batch's
 * transaction: the aggregates and the last batch are written together or not at all.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { personalData } from '../../server/src/lib/personal-data.js';
import { Planner, type PlannedPerson, type PlanSetup } from './generate-rows.js';

const { setup, keys } = workerData as { setup: PlanSetup; keys: Parameters<typeof personalData>[0] };
const planner = new Planner(setup);
const pd = personalData(keys);
const port = parentPort!;
let pending: PlannedPerson[] | null = null;
let credits = 0;
let base = 0;
/** people per message (a batch is written in one transaction, from several messages) */
let chunk = 0;
let producing = false;

function pump() {
  while (producing && credits > 0) {
    const plan = pending ?? planner.plan();
    pending = null;
    if (!plan.length) {
      producing = false;
      port.postMessage({ type: 'end' });
      return;
    }
    credits--;
    // in chunks: each is copied to the writer and written while the next is built
    for (let i = 0; i < plan.length; i += chunk) {
      const rows = planner.rows(plan.slice(i, i + chunk), base + i, pd);
      const last = i + chunk >= plan.length;
      port.postMessage({ type: 'rows', ...rows, last, final: last && planner.exhausted });
    }
    base += plan.length;
    if (planner.exhausted)
      for (const counts of planner.countRows()) port.postMessage({ type: 'counts', ...counts }, [counts.codes.buffer]);
  }
}

port.on(
  'message',
  (m: { type: 'peek' | 'skip' | 'produce' | 'credit'; base?: number; ahead?: number; chunk?: number }) => {
    if (m.type === 'peek') {
      pending = planner.plan();
      port.postMessage({
        type: 'peeked',
        empty: !pending.length,
        firstNumber: pending.length ? planner.firstNumber(pending) : null,
      });
    } else if (m.type === 'skip') {
      port.postMessage({ type: 'skipped', ...planner.skip(pending!) });
      pending = null;
    } else if (m.type === 'produce') {
      base = m.base!;
      chunk = m.chunk!;
      credits += m.ahead!;
      producing = true;
      pump();
    } else {
      credits++;
      pump();
    }
  },
);
