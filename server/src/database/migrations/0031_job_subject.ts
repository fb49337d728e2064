/**
 * Frozen: what a job works on (`subject`, e.g. 'plan:12' for the issuance of a plan's
 * certificates), so that at most one job works on a subject at a time: a partial unique index over
 * the subject of the jobs still queued or running (SQLite and PostgreSQL both have them). A job that
 * ended, or that the stale-job sweep failed, frees its subject for the next start.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('jobs').addColumn('subject', 'varchar(60)').execute();
  await db.schema
    .createIndex('jobs_active_subject_uq')
    .on('jobs')
    .column('subject')
    .unique()
    .where(sql.ref('status'), 'in', [sql.lit('queued'), sql.lit('running')])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are frozen');
}
