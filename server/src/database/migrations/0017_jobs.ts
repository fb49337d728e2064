/**
 * Frozen: tracked jobs (issue 17) — work that takes longer than a request (a ZIP of certificate
 * PDFs, and later large imports and signing backlogs) runs in the background as a job its owner
 * follows: status, progress (done of total), the result file kept in the data directory, or the
 * reason it failed. A server that dies leaves no job 'running': at start-up such jobs are failed
 * with a reason (`jobs/recover.service.ts`).
 */
import type { Kysely } from 'kysely';
import { withIdColumn } from '../sql-helpers.js';

export async function up(db: Kysely<any>): Promise<void> {
  const ts = 'varchar(30)';
  await withIdColumn(db, db.schema.createTable('jobs'))
    .addColumn('kind', 'varchar(40)', (c) => c.notNull())
    .addColumn('owner_user_id', 'integer', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull()) // queued | running | succeeded | failed
    .addColumn('params', 'text', (c) => c.notNull()) // JSON
    .addColumn('progress_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('progress_total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('result_file', 'varchar(200)') // a name under <dataDir>/jobs
    .addColumn('result_name', 'varchar(200)') // the name the owner downloads it as
    .addColumn('result_size', 'integer')
    .addColumn('error_code', 'varchar(60)')
    .addColumn('error_message', 'varchar(500)')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('started_at', ts)
    .addColumn('finished_at', ts)
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('jobs_owner').on('jobs').columns(['owner_user_id', 'id']).execute();
  await db.schema.createIndex('jobs_status').on('jobs').column('status').execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are frozen');
}
