/**
 * Stopping an import job at the start of its writing, the same way on both databases: every worker
 * thread is held so the import's check waits in the queue (its reads done), then the database is
 * held (`hold`: a transaction locking what the import's writing locks first), the workers are let
 * go, and once the job is in its writing phase the server stops its jobs, as the app's close does.
 */
import { MessageChannel } from 'node:worker_threads';
import type { Transaction } from 'kysely';
import type { DB } from '../src/database/schema.js';
import { liveProgress, stopJobs } from '../src/modules/jobs/jobs.service.js';
import type { TestPlatform } from './harness.js';
import { HOLD } from './worker-tasks.js';

const until = async (what: string, ok: () => boolean) => {
  for (let i = 0; !ok(); i++) {
    if (i > 24_000) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

export async function stopImportAtItsWriting(
  p: TestPlatform,
  start: () => Promise<{ statusCode: number; body: string }>,
  hold: (trx: Transaction<DB>) => Promise<void>,
): Promise<number> {
  const workers = p.deps.workers!;
  const gates = Array.from({ length: workers.options.threads }, () => new MessageChannel());
  const running = gates.map((g) => new Promise((r) => g.port1.once('message', r)));
  const held = gates.map((g) => workers.run(HOLD, g.port2));
  await Promise.all(running);
  const res = await start();
  if (res.statusCode !== 202) throw new Error(`the import was not started: ${res.statusCode} ${res.body}`);
  const id = (JSON.parse(res.body) as { id: number }).id;
  // the import's check waits for a thread: its reads are done
  await until('the import queued for a worker', () => workers.queued >= 1);
  let free!: () => void;
  const gate = new Promise<void>((r) => (free = r));
  let holding!: () => void;
  const isHolding = new Promise<void>((r) => (holding = r));
  const holder = p.deps.db.transaction().execute(async (trx) => {
    await hold(trx);
    holding();
    await gate;
  });
  await isHolding;
  for (const g of gates) g.port1.postMessage('go');
  await Promise.all(held);
  for (const g of gates) g.port1.close();
  // checked, and waiting for the database to write
  await until('the import in its writing', () => liveProgress(p.deps, id)?.phase === 'write');
  const stopping = stopJobs(p.deps); // aborts at once, then waits for the job to end
  free();
  await holder;
  await stopping;
  return id;
}
