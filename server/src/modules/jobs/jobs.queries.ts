import type { Kysely, Selectable } from 'kysely';
import type { DB, JobTable } from '../../database/schema.js';

export type JobRow = Selectable<JobTable>;

export async function insertJob(
  db: Kysely<DB>,
  j: { kind: string; ownerUserId: number; params: string; total: number; now: string; subject?: string | null },
): Promise<number> {
  const r = await db
    .insertInto('jobs')
    .values({
      kind: j.kind,
      owner_user_id: j.ownerUserId,
      status: 'running',
      params: j.params,
      progress_done: 0,
      progress_total: j.total,
      result_file: null,
      result_name: null,
      result_size: null,
      error_code: null,
      error_message: null,
      created_at: j.now,
      started_at: j.now,
      finished_at: null,
      updated_at: j.now,
      // a second active job on the same subject is refused by the unique index (migration 0031)
      subject: j.subject ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

/** A job of this owner (another user's job is not found). */
export async function ownJob(db: Kysely<DB>, id: number, ownerUserId: number) {
  const r = await db
    .selectFrom('jobs')
    .selectAll()
    .where('id', '=', id)
    .where('owner_user_id', '=', ownerUserId)
    .executeTakeFirst();
  return r ? { ...r, id: Number(r.id) } : undefined;
}

export async function activeJobCount(db: Kysely<DB>, ownerUserId: number): Promise<number> {
  const r = await db
    .selectFrom('jobs')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('owner_user_id', '=', ownerUserId)
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The caller's own most recent jobs, newest first. */
export async function ownJobs(db: Kysely<DB>, ownerUserId: number, limit: number) {
  const rows = await db
    .selectFrom('jobs')
    .selectAll()
    .where('owner_user_id', '=', ownerUserId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export async function setJobProgress(
  db: Kysely<DB>,
  id: number,
  done: number,
  total: number,
  phase: string | null,
  now: string,
) {
  await db
    .updateTable('jobs')
    .set({ progress_done: done, progress_total: total, phase, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

export async function finishJob(
  db: Kysely<DB>,
  id: number,
  r: {
    file: string | null;
    name: string | null;
    size: number | null;
    result: string | null;
    done: number;
    now: string;
  },
) {
  await db
    .updateTable('jobs')
    .set({
      status: 'succeeded',
      progress_done: r.done,
      phase: null,
      result_file: r.file,
      result_name: r.name,
      result_size: r.size,
      result_json: r.result,
      finished_at: r.now,
      updated_at: r.now,
    })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

export async function failJob(
  db: Kysely<DB>,
  id: number,
  code: string,
  message: string,
  now: string,
  detail: string | null = null,
) {
  await db
    .updateTable('jobs')
    .set({
      status: 'failed',
      error_code: code,
      error_message: message.slice(0, 500),
      error_json: detail,
      finished_at: now,
      updated_at: now,
    })
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running'])
    .execute();
}

/** A running job's heartbeat: its server is alive and still on it. */
export async function touchJob(db: Kysely<DB>, id: number, now: string) {
  await db.updateTable('jobs').set({ updated_at: now }).where('id', '=', id).where('status', '=', 'running').execute();
}

/**
 * Fails every job still queued or running whose server has not touched it since `staleBefore`
 * (the server that ran it is gone); returns their ids.
 */
export async function failUnfinishedJobs(
  db: Kysely<DB>,
  code: string,
  message: string,
  now: string,
  staleBefore: string,
) {
  const rows = await db
    .updateTable('jobs')
    .set({ status: 'failed', error_code: code, error_message: message, finished_at: now, updated_at: now })
    .where('status', 'in', ['queued', 'running'])
    .where('updated_at', '<', staleBefore)
    .returning('id')
    .execute();
  return rows.map((r) => Number(r.id));
}

/** Succeeded jobs whose result file is older than `finishedBefore` and not yet cleaned up. */
export async function jobFilesFinishedBefore(db: Kysely<DB>, finishedBefore: string) {
  const rows = await db
    .selectFrom('jobs')
    .select(['id', 'result_file'])
    .where('status', '=', 'succeeded')
    .where('result_file', 'is not', null)
    .where('result_expired_at', 'is', null)
    .where('finished_at', '<', finishedBefore)
    .execute();
  return rows.map((r) => ({ id: Number(r.id), file: r.result_file! }));
}

/** The job's result file has been deleted: the row says so from now on. */
export async function markJobFileExpired(db: Kysely<DB>, id: number, now: string) {
  await db.updateTable('jobs').set({ result_expired_at: now, updated_at: now }).where('id', '=', id).execute();
}
