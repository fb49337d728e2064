/**
 * Frozen: accounts that sign in with a second factor (等保 level 3 身份鉴别), and demo accounts
 * marked as such (issue 11 finding 5).
 * - users.is_demo: an account of the demo data set, whose password is public; it signs in only in
 *   demo mode. A database seeded in demo mode before this migration has its demo accounts marked
 *   here (the seed's usernames as they were; the seed marks new ones itself).
 * - second_factors: one TOTP secret per account (RFC 6238); `confirmed_at` null while enrolling;
 *   `last_time_step` refuses a code used once already. The secret is stored as issued (base32):
 *   the column is to be encrypted once the platform has a key for data at rest.
 * - recovery_codes: single-use codes, Argon2id-hashed like passwords.
 * - sessions.pending_second_factor: 1 between an accepted password and the accepted code; such a
 *   session reaches nothing but the second step.
 * - login_failures.kind: `password` or `second_factor`, so a right password never wipes the count
 *   of wrong codes.
 */
import type { Kysely } from 'kysely';
import { withIdColumn } from '../sql-helpers.js';

const SEEDED_DEMO_USERNAMES = [
  'province-admin',
  'province-edu',
  'city-admin',
  'city-edu',
  'school-admin',
  'zhongzhi-admin',
  'audit-admin',
  'learner',
  'system-admin',
  'security-admin',
  'luoyang-admin',
  'school-reviewer',
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  const seeded = await db
    .selectFrom('audit_log')
    .select('id')
    .where('action', '=', 'system.seed_demo')
    .limit(1)
    .executeTakeFirst();
  if (seeded)
    await db.updateTable('users').set({ is_demo: 1 }).where('username', 'in', SEEDED_DEMO_USERNAMES).execute();

  await db.schema
    .alterTable('sessions')
    .addColumn('pending_second_factor', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('login_failures')
    .addColumn('kind', 'varchar(20)', (c) => c.notNull().defaultTo('password'))
    .execute();

  await db.schema
    .createTable('second_factors')
    .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id'))
    .addColumn('secret', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('confirmed_at', 'varchar(30)')
    .addColumn('last_time_step', 'integer') // 30-second steps since 1970: about 6e7, far below 2^31
    .execute();

  await withIdColumn(db, db.schema.createTable('recovery_codes'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('code_hash', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('used_at', 'varchar(30)')
    .execute();
  await db.schema.createIndex('recovery_codes_user_idx').on('recovery_codes').column('user_id').execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are frozen');
}
