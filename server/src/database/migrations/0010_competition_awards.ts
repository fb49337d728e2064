/**
 * Frozen: competition award rules approved before the contest (CERT-5). A competition becomes a
 * proposal with a contest date that the HRSS department that filed the organiser approves or
 * rejects with a reason; the province caps award rules per contest tier.
 *
 * Competitions registered before this migration were never approved: they start as proposals
 * without a contest date, and count only once revised, submitted and approved before the contest.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ts = 'varchar(30)';
  const competitions = () => db.schema.alterTable('competitions');
  // proposed | submitted | approved | rejected
  await competitions()
    .addColumn('status', 'varchar(12)', (c) => c.notNull().defaultTo('proposed'))
    .execute();
  await competitions().addColumn('contest_date', 'varchar(10)').execute();
  await competitions().addColumn('submitted_at', ts).execute();
  await competitions().addColumn('decided_by', 'integer').execute();
  await competitions().addColumn('decided_by_name', 'varchar(40)').execute();
  await competitions().addColumn('decided_at', ts).execute();
  await competitions().addColumn('decision_reason', 'varchar(1000)').execute();
  await competitions().addColumn('updated_at', ts).execute();
  await db.schema.createIndex('competitions_status_idx').on('competitions').column('status').execute();

  // one row per contest tier: at most max_rank places and/or the top max_percent, no level above max_level
  await db.schema
    .createTable('competition_tier_caps')
    .addColumn('tier', 'varchar(20)', (c) => c.primaryKey())
    .addColumn('max_rank', 'integer')
    .addColumn('max_percent', 'integer')
    .addColumn('max_level', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'integer')
    .addColumn('updated_by_name', 'varchar(40)')
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  // Practice (Tianjin) gives two rows: a city first-class contest's top 10 → 三级, a school contest's
  // top 30% → 四级. The other tiers start at the practice row at or below them (national and
  // province as city first-class, an ordinary city contest as school) until the province sets them.
  const at = new Date().toISOString();
  const rows: [string, number | null, number | null, number][] = [
    ['national', 10, null, 3],
    ['province', 10, null, 3],
    ['city_first', 10, null, 3],
    ['city', null, 30, 4],
    ['school', null, 30, 4],
  ];
  for (const [tier, rank, percent, level] of rows)
    await sql`insert into competition_tier_caps (tier, max_rank, max_percent, max_level, updated_at)
      values (${tier}, ${rank}, ${percent}, ${level}, ${at})`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are frozen');
}
