/**
 * Frozen: each credential-signing batch a server ran (when it started and ended, how many it
 * signed), so a pending credential can say when it will be ready from the rate actually measured
 * across the cluster, and how far the backlog has come. The signer keeps a day of them.
 */
import type { Kysely } from 'kysely';
import { withIdColumn } from '../sql-helpers.js';

export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable('credential_signing_batches'))
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text', (c) => c.notNull())
    .addColumn('signed', 'integer', (c) => c.notNull())
    .addColumn('threads', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('credential_signing_batches_finished_idx')
    .on('credential_signing_batches')
    .column('finished_at')
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are frozen');
}
