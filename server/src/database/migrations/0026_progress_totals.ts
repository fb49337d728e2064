/**
 * Frozen: two coarse progress aggregates beside `progress_daily` (TGT-3), kept by the same deltas
 * in the same transaction and rebuilt by the same recount: per metric × month × institution (the
 * dashboard's and the monthly reports' whole months — about 12 × institutions × metrics rows
 * whatever the number of certificates) and per metric × business date × institution (the days of
 * a month not yet over). `progress_daily` keeps occupation and level for the sheets that need them.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('progress_by_month')
    .addColumn('metric', 'varchar(30)', (c) => c.notNull())
    .addColumn('month', 'varchar(7)', (c) => c.notNull())
    .addColumn('institution_id', 'integer', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('progress_by_month_pk', ['metric', 'month', 'institution_id'])
    .execute();
  await db.schema
    .createTable('progress_by_day')
    .addColumn('metric', 'varchar(30)', (c) => c.notNull())
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('institution_id', 'integer', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('progress_by_day_pk', ['metric', 'day', 'institution_id'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are frozen');
}
