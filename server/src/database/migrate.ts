import { Migrator, sql, type Migration, type MigrationProvider, type MigrationResult } from 'kysely';
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
import { personalDataMigration, type MigrationCipher } from './migrations/0016_personal_data.js';
import * as m0017 from './migrations/0017_jobs.js';
import * as m0018 from './migrations/0018_training.js';
import * as m0019 from './migrations/0019_subsidies.js';
import * as m0020 from './migrations/0020_targets_reports.js';
import * as m0022 from './migrations/0022_training_hours.js';
import * as m0024 from './migrations/0024_credential_reissue.js';
import * as m0025 from './migrations/0025_job_results.js';
import * as m0026 from './migrations/0026_progress_totals.js';
import * as m0027 from './migrations/0027_training_survey.js';
import * as m0029 from './migrations/0029_signing_batches.js';
import * as m0030 from './migrations/0030_other_certificates.js';
import * as m0031 from './migrations/0031_job_subject.js';
import * as m0032 from './migrations/0032_learners_sealed_unique.js';
import * as m0033 from './migrations/0033_certificates_learner_index.js';

/**
 * What some migrations need from outside the database: 0016 seals existing personal data with
 * the installation's keys (asked for only when there is a row to convert).
 */
export interface MigrationContext {
  personalDataKeys: () => MigrationCipher;
}

/** Migrations are listed here in order; their files are frozen once landed. */
function migrations(ctx: MigrationContext): Record<string, Migration> {
  return {
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
    '0016_personal_data': personalDataMigration(ctx.personalDataKeys),
    '0017_jobs': m0017,
    '0018_training': m0018,
    '0019_subsidies': m0019,
    '0020_targets_reports': m0020,
    '0022_training_hours': m0022,
    '0024_credential_reissue': m0024,
    '0025_job_results': m0025,
    '0026_progress_totals': m0026,
    '0027_training_survey': m0027,
    '0029_signing_batches': m0029,
    '0030_other_certificates': m0030,
    '0031_job_subject': m0031,
    '0032_learners_sealed_unique': m0032,
    '0033_certificates_learner_index': m0033,
  };
}

class StaticProvider implements MigrationProvider {
  constructor(private readonly ctx: MigrationContext) {}
  async getMigrations() {
    return migrations(this.ctx);
  }
}

async function migrator(db: Kysely<any>, ctx: MigrationContext): Promise<Migrator> {
  // On PostgreSQL, keep Kysely's bookkeeping tables in the schema we migrate (it otherwise finds
  // them in any schema of the database and skips creating its own).
  let migrationTableSchema: string | undefined;
  if (dialectOf(db) === 'postgres') {
    const r = await sql<{ s: string }>`select current_schema() as s`.execute(db);
    migrationTableSchema = r.rows[0].s;
  }
  // Numbers are reserved per branch and land out of order (0020 after 0024): a database that has
  // run later migrations still runs an earlier one it has not (each migration is independent of
  // the ones numbered after it), instead of refusing to start.
  return new Migrator({ db, provider: new StaticProvider(ctx), migrationTableSchema, allowUnorderedMigrations: true });
}

function outcome(error: unknown, results: readonly MigrationResult[] | undefined): string[] {
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(
      `数据库迁移失败${failed ? `（${failed.migrationName}）` : ''}：${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Once personal data has just been sealed in place, the pages that held the plain values are
 * rewritten, so no copy stays in free pages or dead tuples (SQLite: VACUUM and a truncated WAL;
 * PostgreSQL: VACUUM FULL of the three tables). Old backups and PostgreSQL's WAL archive still
 * hold them: README "Personal data" says what to do.
 */
async function compactAfterSealing(db: Kysely<any>, applied: string[]) {
  if (!applied.includes('0016_personal_data')) return;
  if (dialectOf(db) === 'postgres') await sql`vacuum full learners, certificates, second_factors`.execute(db);
  else {
    await sql`vacuum`.execute(db);
    await sql`pragma wal_checkpoint(truncate)`.execute(db);
  }
}

export async function migrateToLatest(db: Kysely<any>, ctx: MigrationContext): Promise<string[]> {
  const m = await migrator(db, ctx);
  const { error, results } = await m.migrateToLatest();
  const applied = outcome(error, results);
  await compactAfterSealing(db, applied);
  return applied;
}

/** Migrates up (or down) to the named migration: tests build a database as an older version left it. */
export async function migrateTo(db: Kysely<any>, name: string, ctx: MigrationContext): Promise<string[]> {
  const m = await migrator(db, ctx);
  const { error, results } = await m.migrateTo(name);
  const applied = outcome(error, results);
  await compactAfterSealing(db, applied);
  return applied;
}
