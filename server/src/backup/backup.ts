/**
 * `npm run backup`: a consistent copy of the database while the platform keeps running, with
 * what lives beside it — the private signing keys, the personal-data keys (`data-keys.json`,
 * without which the sealed ID numbers never open again) and the audit checkpoints — and a manifest.
 *
 * - SQLite: `VACUUM INTO` (one read transaction: writers carry on, the copy is one moment).
 * - PostgreSQL: `pg_dump --format=custom` of the application's schema, run on a snapshot exported
 *   by a REPEATABLE READ transaction, so the row counts and the audit head in the manifest are
 *   those of the dump itself.
 * A signed checkpoint of the snapshot's audit head is appended to the live checkpoint file and
 * kept in the backup with the earlier ones. The directory is written as `<name>.partial` and
 * renamed when complete (0700, files 0600: it holds the private keys).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { VERSION, type Config } from '../config.js';
import { openDatabase, openSqliteFile, parseDatabaseUrl } from '../database/connection.js';
import {
  appliedMigrations,
  currentSchema,
  exportSnapshot,
  pgServerMajor,
  sqliteProblems,
  sqliteSingleFile,
  sqliteSnapshotInto,
  tableCounts,
} from '../database/inventory.js';
import type { DB } from '../database/schema.js';
import {
  appendCheckpoint,
  chainHead,
  checkpointLinesUpTo,
  type AuditCheckpoint,
  type ChainHead,
} from '../modules/audit/audit-checkpoints.js';
import { checkpointStoreOf, verifyAuditChain, type AuditChainProgress } from '../modules/audit/audit.service.js';
import '../modules/signing/signing-keys.js'; // signs the checkpoint
import {
  CHECKPOINT_FILE,
  describeFile,
  fsyncPath,
  KEYS_DIR,
  MANIFEST,
  PG_FILE,
  SQLITE_FILE,
  type Manifest,
} from './manifest.js';
import { pgEnv, pgTool, pgToolMajor, runPgTool } from './pg-tools.js';

export interface BackupOptions {
  config: Config;
  /** the directory the backup directory is created in */
  outDir: string;
  /** where pg_dump is (default: PATH) */
  pgBin?: string;
  now?: () => Date;
  log?: (line: string) => void;
  /** the backup's audit chain being verified (a progress line) */
  onAuditProgress?: AuditChainProgress;
}

interface SnapshotFacts {
  tables: Record<string, number>;
  migrations: string[];
  head: ChainHead | null;
}

const stamp = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

export async function backup(opts: BackupOptions): Promise<{ dir: string; manifest: Manifest }> {
  const { config } = opts;
  const now = opts.now ?? (() => new Date());
  const log = opts.log ?? (() => {});
  const { dialect, target } = parseDatabaseUrl(config.databaseUrl, config.dataDir);
  if (dialect === 'sqlite' && !fs.existsSync(target)) throw new Error(`数据库文件不存在：${target}`);

  const started = now();
  fs.mkdirSync(opts.outDir, { recursive: true });
  let name = `skillcert-backup-${stamp(started)}`;
  for (let i = 2; fs.existsSync(path.join(opts.outDir, name)); i++) name = `skillcert-backup-${stamp(started)}-${i}`;
  const dir = path.join(opts.outDir, name);
  const partial = `${dir}.partial`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { mode: 0o700 });

  const store = checkpointStoreOf(config);
  const backupStore = { file: path.join(partial, CHECKPOINT_FILE), keyDir: config.keyDir };
  const database = openDatabase(config.databaseUrl, config.dataDir, { pgPoolSize: 3 });
  let checkpoint: AuditCheckpoint | null = null;
  let verified = { ok: true, problem: null as string | null };

  /** The snapshot's head checkpointed (live file and backup), then its chain held to the backup's checkpoints. */
  const anchorAndVerify = async (snapshotDb: Kysely<DB>, head: ChainHead | null) => {
    if (head) checkpoint = await appendCheckpoint(database.db, store, head, now());
    fs.writeFileSync(backupStore.file, head ? checkpointLinesUpTo(store.file, head.id) : '', { mode: 0o600 });
    const v = await verifyAuditChain(snapshotDb, backupStore, opts.onAuditProgress);
    verified = { ok: v.ok, problem: v.firstBroken ? `#${v.firstBroken.id}：${v.firstBroken.reason}` : null };
  };
  const facts = async (db: Kysely<DB>): Promise<SnapshotFacts> => ({
    tables: await tableCounts(db),
    migrations: await appliedMigrations(db),
    head: (await chainHead(db)) ?? null,
  });

  let snapshot: SnapshotFacts;
  let dbInfo: Manifest['database'];
  const notes: string[] = [];
  try {
    if (dialect === 'sqlite') {
      log(`SQLite：VACUUM INTO 复制 ${target} …`);
      sqliteSnapshotInto(database.sqlite!, path.join(partial, SQLITE_FILE));
      const copy = openSqliteFile(path.join(partial, SQLITE_FILE));
      try {
        sqliteSingleFile(copy.sqlite!);
        const problems = sqliteProblems(copy.sqlite!);
        if (problems.length) throw new Error(`数据库副本完整性检查未通过：${problems.slice(0, 5).join('；')}`);
        snapshot = await facts(copy.db);
        await anchorAndVerify(copy.db, snapshot.head);
        dbInfo = {
          dialect: 'sqlite',
          file: SQLITE_FILE,
          sqliteVersion: String((copy.sqlite!.prepare('select sqlite_version() as v').get() as { v: string }).v),
        };
      } finally {
        await copy.close();
      }
      notes.push('限流计数（<数据库文件>-ratelimit）是临时数据，不在备份中；恢复后自动重建。');
    } else {
      const dump = pgTool(opts.pgBin ?? process.env.PG_BIN, 'pg_dump');
      const tool = pgToolMajor(dump);
      const server = await pgServerMajor(database.db);
      if (tool.major < server.major)
        throw new Error(
          `pg_dump ${tool.version} 不能备份 PostgreSQL ${server.version} 服务器（pg_dump 的主版本须不低于服务器）：请安装 postgresql-client-${server.major}，或用 --pg-bin 指定其 bin 目录`,
        );
      const schema = await currentSchema(database.db);
      log(`PostgreSQL ${server.version}：pg_dump ${tool.version} 导出模式 ${schema} …`);
      snapshot = await database.db
        .transaction()
        .setIsolationLevel('repeatable read')
        .setAccessMode('read only')
        .execute(async (trx) => {
          const id = await exportSnapshot(trx);
          const f = await facts(trx);
          await runPgTool(
            dump,
            [
              '--format=custom',
              `--schema=${schema}`,
              `--snapshot=${id}`,
              '--no-unlogged-table-data',
              `--file=${path.join(partial, PG_FILE)}`,
            ],
            pgEnv(config.databaseUrl),
          );
          await anchorAndVerify(trx, f.head);
          return f;
        });
      dbInfo = {
        dialect: 'postgres',
        file: PG_FILE,
        schema,
        serverVersion: server.version,
        pgDumpVersion: tool.version,
      };
      notes.push('限流计数（UNLOGGED 表 rate_limits）只备份表结构，不备份数据。');
      notes.push('恢复时用 pg_restore --no-owner --no-privileges：对象归执行恢复的数据库角色所有。');
    }
  } catch (e) {
    await database.close();
    fs.rmSync(partial, { recursive: true, force: true });
    throw e;
  }
  await database.close();

  // the private keys (secret): every file of the key directory
  const keys: string[] = [];
  if (fs.existsSync(config.keyDir)) {
    fs.mkdirSync(path.join(partial, KEYS_DIR), { mode: 0o700 });
    for (const f of fs.readdirSync(config.keyDir, { withFileTypes: true })) {
      if (!f.isFile()) continue;
      fs.copyFileSync(path.join(config.keyDir, f.name), path.join(partial, KEYS_DIR, f.name));
      fs.chmodSync(path.join(partial, KEYS_DIR, f.name), 0o600);
      keys.push(f.name);
    }
  } else notes.push(`密钥目录 ${config.keyDir} 不存在：备份中没有私钥。`);
  if (config.dataKeys || config.lookupKey)
    notes.push(
      '个人信息数据密钥来自环境变量 SKILLCERT_DATA_KEYS / SKILLCERT_LOOKUP_KEY，不在备份中：没有它们，备份中的证件号码无法解密。请另行保管，恢复时设置同样的值。',
    );
  else if (!keys.includes('data-keys.json'))
    notes.push('密钥目录中没有 data-keys.json：备份中的证件号码（若有）无法解密。');

  const rels = [dbInfo.file, CHECKPOINT_FILE, ...keys.map((k) => `${KEYS_DIR}/${k}`)];
  for (const r of rels) {
    fs.chmodSync(path.join(partial, r), 0o600);
    fsyncPath(path.join(partial, r));
  }
  const manifest: Manifest = {
    format: 'skillcert-backup',
    version: 1,
    createdAt: started.toISOString(),
    app: { version: VERSION, node: process.version },
    database: dbInfo,
    migrations: snapshot.migrations,
    tables: snapshot.tables,
    audit: { head: snapshot.head, checkpoint, verified: verified.ok, problem: verified.problem },
    keys,
    files: rels.map((r) => describeFile(partial, r)),
    notes,
  };
  fs.writeFileSync(path.join(partial, MANIFEST), JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600 });
  fsyncPath(path.join(partial, MANIFEST));
  if (keys.length) fsyncPath(path.join(partial, KEYS_DIR));
  fsyncPath(partial);
  fs.renameSync(partial, dir);
  fsyncPath(opts.outDir);
  return { dir, manifest };
}
