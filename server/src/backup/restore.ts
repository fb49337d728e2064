/**
 * `npm run restore`: a backup onto a fresh database, then the checks that it came back whole —
 * every file's digest against the manifest before anything is written; afterwards SQLite's
 * integrity and foreign-key checks, the row count of every table and the migrations against the
 * manifest, the audit chain held to the backup's signed checkpoints with the same head, the
 * private keys against the public keys in the restored `signing_keys`, and the personal-data keys
 * (`data-keys.json`, or the environment's) against the sealed ID numbers.
 *
 * A target that already holds data (a SQLite file, tables in the PostgreSQL schema, a different
 * key file of the same name) is refused unless `force`. An existing checkpoint file is moved
 * aside, not overwritten: held to the restored chain (`npm run audit:verify -- --checkpoints
 * <file>`) it names the records written after the backup, which the restore lost.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../config.js';
import { openDatabase, openSqliteFile, parseDatabaseUrl, type Database } from '../database/connection.js';
import {
  appliedMigrations,
  dropAndCreateSchema,
  sqliteProblems,
  tableCounts,
  tablesInSchema,
} from '../database/inventory.js';
import { chainHead } from '../modules/audit/audit-checkpoints.js';
import { checkpointStoreOf, verifyAuditChain, type AuditChainProgress } from '../modules/audit/audit.service.js';
import { checkKeyDir } from '../modules/signing/signing-keys.js';
import { forgetFieldCipher } from '../lib/field-crypto.js';
import { forgetPersonalData, personalData } from '../lib/personal-data.js';
import { assertIdNumberKeysFit } from '../modules/people/id-numbers.service.js';
import { CHECKPOINT_FILE, checkFiles, fsyncPath, KEYS_DIR, readManifest, type Manifest } from './manifest.js';
import { pgEnv, pgTool, runPgTool } from './pg-tools.js';

export interface RestoreOptions {
  /** the target: its DATABASE_URL, data directory, key directory and checkpoint file */
  config: Config;
  /** the backup directory */
  from: string;
  /** replace what the target already holds */
  force?: boolean;
  pgBin?: string;
  now?: () => Date;
  log?: (line: string) => void;
  /** the restored audit chain being verified (a progress line) */
  onAuditProgress?: AuditChainProgress;
}

export interface RestoreCheck {
  name: string;
  ok: boolean;
  detail: string;
}
export interface RestoreReport {
  ok: boolean;
  manifest: Manifest;
  checks: RestoreCheck[];
  /** where an existing checkpoint file was moved */
  movedAside: string | null;
  /** PostgreSQL: the schema the data is in (the application must use it as its search_path) */
  schema: string | null;
  warnings: string[];
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export class RestoreRefused extends Error {}

export async function restore(opts: RestoreOptions): Promise<RestoreReport> {
  const { config, force = false } = opts;
  const log = opts.log ?? (() => {});
  const now = opts.now ?? (() => new Date());
  const from = path.resolve(opts.from);
  const manifest = readManifest(from);
  const bad = checkFiles(from, manifest);
  if (bad.length) throw new RestoreRefused(`备份不完整或被改动，未做任何恢复：${bad.join('；')}`);
  const { dialect, target } = parseDatabaseUrl(config.databaseUrl, config.dataDir);
  if (dialect !== manifest.database.dialect)
    throw new RestoreRefused(`备份来自 ${manifest.database.dialect}，目标是 ${dialect}：不能跨数据库恢复`);
  const schema = manifest.database.dialect === 'postgres' ? manifest.database.schema : null;
  if (schema !== null && !SCHEMA_NAME.test(schema)) throw new RestoreRefused(`备份清单中的模式名不合法：${schema}`);

  // --- preflight: nothing is written until every refusal has had its chance
  const occupied: string[] = [];
  let admin: Database | null = null;
  if (dialect === 'sqlite') {
    if (fs.existsSync(target) && fs.statSync(target).size > 0) occupied.push(`数据库文件 ${target} 已存在`);
  } else {
    admin = openDatabase(config.databaseUrl, config.dataDir, { pgPoolSize: 2 });
    const n = await tablesInSchema(admin.db, schema!);
    if (n > 0) occupied.push(`目标数据库的模式 ${schema} 中已有 ${n} 个表或对象`);
  }
  const keyFiles = manifest.keys;
  for (const k of keyFiles) {
    const dest = path.join(config.keyDir, k);
    if (fs.existsSync(dest) && !fs.readFileSync(dest).equals(fs.readFileSync(path.join(from, KEYS_DIR, k))))
      occupied.push(`密钥目录中已有同名而内容不同的密钥 ${dest}`);
  }
  if (occupied.length && !force) {
    await admin?.close();
    throw new RestoreRefused(`目标不是空的，未做任何恢复（确认要覆盖请加 --force）：${occupied.join('；')}`);
  }

  // --- the database
  try {
    if (dialect === 'sqlite') {
      log(`SQLite：恢复到 ${target} …`);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const tmp = `${target}.restoring`;
      fs.copyFileSync(path.join(from, manifest.database.file), tmp);
      fsyncPath(tmp);
      // a replaced database's journals (and throwaway rate-limit counters) must not be replayed onto the copy
      for (const suffix of ['-wal', '-shm', '-journal', '-ratelimit', '-ratelimit-wal', '-ratelimit-shm'])
        fs.rmSync(`${target}${suffix}`, { force: true });
      fs.renameSync(tmp, target);
      fsyncPath(path.dirname(target));
    } else {
      const bin = pgTool(opts.pgBin ?? process.env.PG_BIN, 'pg_restore');
      const env = pgEnv(config.databaseUrl);
      delete env.PGOPTIONS; // the dump names its schema itself
      log(`PostgreSQL：pg_restore 到模式 ${schema} …`);
      // the schema is made here (it may exist, empty, like `public`), so the dump's CREATE SCHEMA is left out
      await dropAndCreateSchema(admin!.db, schema!, occupied.length > 0);
      const dump = path.join(from, manifest.database.file);
      const own = new RegExp(
        `^\\d+; \\d+ \\d+ (SCHEMA - ${schema}|COMMENT - SCHEMA ${schema}|ACL - SCHEMA ${schema}) `,
      );
      const list = (await runPgTool(bin, ['--list', dump], env))
        .split('\n')
        .filter((l) => !own.test(l))
        .join('\n');
      const tmpList = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-restore-'));
      try {
        fs.writeFileSync(path.join(tmpList, 'toc.list'), list);
        await runPgTool(
          bin,
          [
            '--no-owner',
            '--no-privileges',
            '--exit-on-error',
            '--single-transaction',
            `--use-list=${path.join(tmpList, 'toc.list')}`,
            `--dbname=${env.PGDATABASE ?? env.PGUSER ?? 'postgres'}`,
            dump,
          ],
          env,
        );
      } finally {
        fs.rmSync(tmpList, { recursive: true, force: true });
      }
    }
  } finally {
    await admin?.close();
  }

  // --- the keys (secret: 0700 / 0600)
  if (keyFiles.length) {
    fs.mkdirSync(config.keyDir, { recursive: true, mode: 0o700 });
    fs.chmodSync(config.keyDir, 0o700);
    for (const k of keyFiles) {
      const dest = path.join(config.keyDir, k);
      fs.copyFileSync(path.join(from, KEYS_DIR, k), dest);
      fs.chmodSync(dest, 0o600);
      fsyncPath(dest);
    }
    fsyncPath(config.keyDir);
  }

  // --- the checkpoints: an existing file is kept aside (it knows what came after the backup)
  const store = checkpointStoreOf(config);
  const restoredLines = fs.readFileSync(path.join(from, CHECKPOINT_FILE));
  let movedAside: string | null = null;
  if (fs.existsSync(store.file) && !fs.readFileSync(store.file).equals(restoredLines)) {
    movedAside = `${store.file}.before-restore-${now()
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z')}`;
    fs.renameSync(store.file, movedAside);
  }
  fs.mkdirSync(path.dirname(store.file), { recursive: true });
  fs.writeFileSync(store.file, restoredLines, { mode: 0o600 });
  fsyncPath(store.file);

  // --- the checks
  const checks: RestoreCheck[] = [];
  const warnings: string[] = [];
  const check = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });
  const restored =
    dialect === 'sqlite'
      ? openSqliteFile(target)
      : openDatabase(config.databaseUrl, config.dataDir, { pgPoolSize: 2, searchPath: schema! });
  try {
    if (restored.sqlite) {
      const problems = sqliteProblems(restored.sqlite);
      check(
        'integrity',
        problems.length === 0,
        problems.length ? problems.slice(0, 5).join('；') : 'integrity_check ok',
      );
    }
    const counts = await tableCounts(restored.db);
    const diff = [...new Set([...Object.keys(manifest.tables), ...Object.keys(counts)])]
      .filter((t) => manifest.tables[t] !== counts[t])
      .map((t) => `${t}：备份 ${manifest.tables[t] ?? '无此表'}，恢复后 ${counts[t] ?? '无此表'}`);
    const rows = Object.values(counts).reduce((a, b) => a + b, 0);
    check(
      'counts',
      diff.length === 0,
      diff.length ? diff.join('；') : `${Object.keys(counts).length} 个表共 ${rows} 行，与清单一致`,
    );
    const migrations = await appliedMigrations(restored.db);
    check(
      'migrations',
      migrations.join() === manifest.migrations.join(),
      `${migrations.length} 个迁移${migrations.join() === manifest.migrations.join() ? '，与清单一致' : `，清单为 ${manifest.migrations.length} 个`}`,
    );
    const v = await verifyAuditChain(restored.db, store, opts.onAuditProgress);
    const head = (await chainHead(restored.db)) ?? null;
    const sameHead =
      (head === null && manifest.audit.head === null) ||
      (!!head && !!manifest.audit.head && head.id === manifest.audit.head.id && head.hash === manifest.audit.head.hash);
    check(
      'audit',
      v.ok && sameHead,
      v.ok
        ? sameHead
          ? `审计链完整：${v.checked} 条，链头 #${head?.id ?? '-'} 与备份时的签名检查点一致`
          : `审计链完整，但链头 #${head?.id ?? '-'} 不是备份时的 #${manifest.audit.head?.id ?? '-'}`
        : `审计链校验未通过：#${v.firstBroken?.id}：${v.firstBroken?.reason}`,
    );
    warnings.push(...v.warnings);
    const keys = await checkKeyDir(restored.db, config.keyDir);
    check(
      'keys',
      keys.mismatched.length === 0,
      keys.mismatched.length
        ? `私钥与数据库中的公钥不符：${keys.mismatched.join(', ')}`
        : `${keys.matched.length} 把私钥与数据库中的公钥一致`,
    );
    if (keys.activeWithoutPrivate.length)
      warnings.push(
        `在用的签名密钥 ${keys.activeWithoutPrivate.join(', ')} 没有私钥（它在别的应用服务器的密钥目录中？）：本服务器将生成自己的新密钥`,
      );
    if (keys.unknown.length) warnings.push(`密钥目录中有数据库不认识的密钥文件：${keys.unknown.join(', ')}`);
    // personal data is sealed: the restored key file (or the environment's keys) must open it
    forgetFieldCipher(config.keyDir);
    forgetPersonalData(config);
    try {
      await assertIdNumberKeysFit(restored.db, personalData(config));
      check('personal-data', true, '个人信息数据密钥能解密恢复后的证件号码，查找哈希一致');
    } catch (e) {
      check('personal-data', false, e instanceof Error ? e.message : String(e));
    }
  } finally {
    await restored.close();
  }
  if (schema && schema !== 'public')
    warnings.push(`数据恢复在模式 ${schema} 中：应用须以它为 search_path（例如 PGOPTIONS="-c search_path=${schema}"）`);
  return { ok: checks.every((c) => c.ok), manifest, checks, movedAside, schema, warnings };
}
