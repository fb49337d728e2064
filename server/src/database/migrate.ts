import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import { dialectOf } from './sql-helpers.js';
import type { Kysely } from 'kysely';
import * as m0001 from './migrations/0001_foundation.js';
import * as m0002 from './migrations/0002_institutions.js';
import * as m0003 from './migrations/0003_certificates.js';
import * as m0004 from './migrations/0004_assessment.js';
import * as m0005 from './migrations/0005_pathways.js';
import * as m0006 from './migrations/0006_decision_ledger.js';
import * as m0007 from './migrations/0007_verification.js';
import * as m0008 from './migrations/0008_credentials.js';
import * as m0009 from './migrations/0009_partnerships_recognition.js';
import * as m0010 from './migrations/0010_competition_awards.js';
import * as m0011 from './migrations/0011_staff_identity.js';
import * as m0012 from './migrations/0012_learner_history.js';
import * as m0014 from './migrations/0014_second_factor.js';
import * as m0015 from './migrations/0015_challenges.js';
import * as m0020 from './migrations/0020_targets_reports.js';

/** Migrations are listed here in order; their files are frozen once landed. */
const MIGRATIONS: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_institutions': m0002,
  '0003_certificates': m0003,
  '0004_assessment': m0004,
  '0005_pathways': m0005,
  '0006_decision_ledger': m0006,
  '0007_verification': m0007,
  '0008_credentials': m0008,
  '0009_partnerships_recognition': m0009,
  '0010_competition_awards': m0010,
  '0011_staff_identity': m0011,
  '0012_learner_history': m0012,
  '0014_second_factor': m0014,
  '0015_challenges': m0015,
  '0020_targets_reports': m0020,
};

class StaticProvider implements MigrationProvider {
  async getMigrations() {
    return MIGRATIONS;
  }
}

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  // On PostgreSQL, keep Kysely's bookkeeping tables in the schema we migrate (it otherwise finds
  // them in any schema of the database and skips creating its own).
  let migrationTableSchema: string | undefined;
  if (dialectOf(db) === 'postgres') {
    const r = await sql<{ s: string }>`select current_schema() as s`.execute(db);
    migrationTableSchema = r.rows[0].s;
  }
  const migrator = new Migrator({ db, provider: new StaticProvider(), migrationTableSchema });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(
      `数据库迁移失败${failed ? `（${failed.migrationName}）` : ''}：${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
