/**
 * Starting the whole platform: open the database, migrate, load reference data (and the demo
 * data in demo mode), build the app and listen. Used by `npm start`, the tests and the e2e suite.
 */
import type { FastifyInstance } from 'fastify';
import { WorkerPool } from './lib/workers.js';
import { buildApp } from './app.js';
import { loadConfig, type Config } from './config.js';
import { openDatabase, type Database } from './database/connection.js';
import { migrateToLatest } from './database/migrate.js';
import { systemClock, type Clock } from './lib/clock.js';
import type { Deps } from './lib/context.js';
import { seedDemo } from './seed/demo.js';
import { sealMissing } from './modules/certificates/seal-backfill.service.js';
import { signPendingCredentials } from './modules/credentials/credentials.service.js';
import { ensureReferenceData } from './seed/reference.js';
import { startCheckpointLoop } from './modules/audit/audit-checkpoints.js';
import { checkpointStoreOf } from './modules/audit/audit.service.js';
import './modules/signing/signing-keys.js'; // signs the audit checkpoints
import { startBackgroundLoop } from './lib/background.js';
import { expireJobResults, recoverJobs } from './modules/jobs/jobs.service.js';
import { removeStaleSpools } from './lib/spool.js';
import { countActiveDemoAccounts } from './modules/accounts/accounts.queries.js';
import { personalData } from './lib/personal-data.js';
import { assertIdNumberKeysFit } from './modules/people/id-numbers.service.js';
import { rebuildAggregates } from './modules/targets/aggregates.service.js';

/** The read path's settings (database/connection.ts `ReadSide`). */
export const readOptions = (config: Config) => ({
  readUrl: config.databaseReadUrl || undefined,
  readPoolSize: config.readPoolSize,
  readMaxStalenessSeconds: config.readMaxStalenessSeconds,
});

export interface PrepareResult {
  database: Database;
  migrated: string[];
  reference: Record<string, number>;
  demo: { institutions: number; accounts: number } | null;
  /** outside demo mode: active demo accounts in the database, which cannot sign in */
  disabledDemoAccounts: number;
}

/**
 * Opens the database, migrates it and loads the reference (and demo) data. `checkpointThread`
 * (SQLite; default on, the server's setting): copy the write-ahead log back from a thread of its
 * own (wal-checkpointer.ts). A bulk load turns it off: that thread syncs the log every tick, which
 * a load that commits without waiting for the disk does not want (`bulkLoadSettings`).
 */
export async function prepareDatabase(
  config: Config,
  opts: { searchPath?: string; checkpointThread?: boolean } = {},
): Promise<PrepareResult> {
  const database = openDatabase(config.databaseUrl, config.dataDir, {
    pgPoolSize: config.pgPoolSize,
    searchPath: opts.searchPath,
    ...readOptions(config),
    // SQLite: commits on the request thread never copy the log back (wal-checkpointer.ts)
    checkpointThread: opts.checkpointThread ?? true,
  });
  try {
    // personal data is sealed with keys outside the database (lib/personal-data.ts); a migration
    // that seals existing rows asks for them, and keys that do not fit the data stop the start
    const pd = () => personalData(config);
    const migrated = await migrateToLatest(database.db, { personalDataKeys: () => pd().cipher });
    await assertIdNumberKeysFit(database.db, pd());
    const reference = await ensureReferenceData(database.db);
    const demo = config.demo ? await seedDemo(database.db, config, config.businessTimeZone) : null;
    const sealed = await sealMissing(database.db, config);
    if (sealed) reference.sealed = sealed;
    // the progress aggregates (TGT-3) start from a recount when they are new or the demo data was
    // loaded around the services; afterwards the services keep them up to date
    if (demo || migrated.includes('0020_targets_reports') || migrated.includes('0026_progress_totals'))
      await rebuildAggregates(database.db);
    const disabledDemoAccounts = config.demo ? 0 : await countActiveDemoAccounts(database.db);
    return { database, migrated, reference, demo, disabledDemoAccounts };
  } catch (e) {
    await database.close();
    throw e;
  }
}

export interface Platform {
  app: FastifyInstance;
  deps: Deps;
  url: string;
  /** what the operator must know at start-up (printed by main.ts) */
  warnings: string[];
  close(): Promise<void>;
}

export interface StartOptions extends Partial<Config> {
  clock?: Clock;
  logger?: boolean;
  searchPath?: string;
  credentialIntervalMs?: number;
}

export async function startPlatform(opts: StartOptions = {}): Promise<Platform> {
  const { clock = systemClock, logger, searchPath, credentialIntervalMs: _i, ...overrides } = opts;
  const config = loadConfig(process.env, overrides);
  const prepared = await prepareDatabase(config, { searchPath });
  // heavy work (workbooks, PDFs, signing) in worker threads, off the request thread (issue 17)
  const workers = new WorkerPool(config.workers);
  const deps: Deps = { database: prepared.database, db: prepared.database.db, config, clock, workers };
  const app = await buildApp(deps, { logger: logger ?? false });
  app.addHook('onClose', () => workers.close());
  // jobs a server that died left queued or running are failed with the reason, never left
  // 'running': at start-up and then every minute (another server of a cluster may be the one that died)
  const interrupted = await recoverJobs(deps);
  if (interrupted.length)
    app.log.warn({ jobs: interrupted }, `${interrupted.length} job(s) interrupted by a restart marked failed`);
  const jobSweeper = startBackgroundLoop({
    name: 'interrupted jobs',
    intervalMs: 60_000,
    run: async () => {
      const ids = await recoverJobs(deps);
      if (ids.length) app.log.warn({ jobs: ids }, `${ids.length} job(s) whose server stopped marked failed`);
      // and finished jobs' result files past JOB_RESULT_RETENTION_DAYS are deleted, with the
      // spools imports left behind when their server died (a day old: no import runs that long)
      const expired = await expireJobResults(deps);
      if (expired.length)
        app.log.info({ jobs: expired }, `${expired.length} job result file(s) past retention deleted`);
      await removeStaleSpools(config.dataDir, 86_400_000);
    },
    log: app.log,
  });
  app.addHook('onClose', () => jobSweeper.stop());
  const warnings = prepared.disabledDemoAccounts > 0 ? [demoAccountsWarning(prepared.disabledDemoAccounts)] : [];
  for (const w of warnings) app.log.warn(w);
  // signing credentials is slow (RDF canonicalisation): a background loop, never in the request
  // path; it backs off while the database is away and carries on when it returns
  const signer = startBackgroundLoop({
    name: 'credential signing',
    intervalMs: opts.credentialIntervalMs ?? 2000,
    // while there is work the next batch starts at once (for up to 10 s, then the loop's turn
    // again): a backlog is signed at the rate the threads reach, not one batch per interval
    run: async () => {
      const until = Date.now() + 10_000;
      while ((await signPendingCredentials(deps)) > 0 && Date.now() < until);
    },
    log: app.log,
  });
  app.addHook('onClose', () => signer.stop());
  // the audit chain head, signed, into a file outside the database: deleting the newest records shows
  const checkpoints = startCheckpointLoop(
    deps.db,
    checkpointStoreOf(config),
    () => clock.now(),
    config.auditCheckpointSeconds * 1000,
    (e) => app.log.error({ err: e }, 'audit checkpoint failed'),
  );
  void checkpoints.tick();
  app.addHook('onClose', () => checkpoints.stop());
  await app.listen({ port: config.port, host: config.host });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const host = config.host === '0.0.0.0' ? 'localhost' : config.host;
  return {
    app,
    deps,
    url: `http://${host}:${port}`,
    warnings,
    close: async () => {
      await app.close();
      await prepared.database.close();
    },
  };
}

/**
 * The start-up warning for a database seeded in demo mode and started outside it: its demo
 * accounts (public password) are refused at sign-in until an administrator disables or removes them.
 */
export function demoAccountsWarning(n: number): string {
  return `非演示模式：数据库中有 ${n} 个演示账号（公开密码），已禁止其登录。请由系统管理员停用这些账号，或改用新建的数据库。`;
}
