/**
 * Frozen: jobs that are imports (a roster of 100,000 rows) and the clean-up of result files.
 * - `phase`: the step a running job is in (an import: `check` 校验, then `write` 写入);
 * - `result_json`: a result that is an answer rather than a file (an import's counts and notes);
 * - `error_json`: the details of a failure beyond code and message (the rule, the rows refused);
 * - `result_expired_at`: when the result file was deleted after the retention period.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('jobs').addColumn('phase', 'varchar(20)').execute();
  await db.schema.alterTable('jobs').addColumn('result_json', 'text').execute();
  await db.schema.alterTable('jobs').addColumn('error_json', 'text').execute();
  await db.schema.alterTable('jobs').addColumn('result_expired_at', 'varchar(30)').execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are frozen');
}
