/** A backup's manifest (`manifest.json`): what it holds, how it was made, and a digest of every file. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AuditCheckpoint, ChainHead } from '../modules/audit/audit-checkpoints.js';

export const MANIFEST = 'manifest.json';
export const SQLITE_FILE = 'database.sqlite';
export const PG_FILE = 'database.pgdump';
export const CHECKPOINT_FILE = 'audit-checkpoints.jsonl';
export const KEYS_DIR = 'keys';

export interface BackupFile {
  /** relative to the backup directory, `/`-separated */
  path: string;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  format: 'skillcert-backup';
  version: 1;
  createdAt: string;
  app: { version: string; node: string };
  database:
    | { dialect: 'sqlite'; file: string; sqliteVersion: string }
    | {
        dialect: 'postgres';
        file: string;
        /** the schema dumped (the application's current schema) */
        schema: string;
        serverVersion: string;
        pgDumpVersion: string;
      };
  migrations: string[];
  /** rows per table in the snapshot that was dumped */
  tables: Record<string, number>;
  audit: {
    /** the chain head in the snapshot; a signed checkpoint of it is in the backup's checkpoint file */
    head: ChainHead | null;
    checkpoint: AuditCheckpoint | null;
    /** the snapshot's chain held to its checkpoints when the backup was made */
    verified: boolean;
    problem: string | null;
  };
  /** private key files copied from the key directory (secret!) */
  keys: string[];
  files: BackupFile[];
  notes: string[];
}

export function sha256File(file: string): string {
  const h = createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0;) h.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return h.digest('hex');
}

export function describeFile(dir: string, rel: string): BackupFile {
  const p = path.join(dir, rel);
  return { path: rel, bytes: fs.statSync(p).size, sha256: sha256File(p) };
}

/** Flushes a file (or directory) to disk. */
export function fsyncPath(p: string): void {
  const fd = fs.openSync(p, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** A path from a manifest that stays inside the backup directory. */
export function safeRelative(rel: string): boolean {
  return !!rel && !path.isAbsolute(rel) && !rel.split(/[\\/]/).includes('..');
}

export function readManifest(dir: string): Manifest {
  const file = path.join(dir, MANIFEST);
  if (!fs.existsSync(file)) throw new Error(`${dir} 不是 skillcert 备份：没有 ${MANIFEST}`);
  const m = JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
  if (m.format !== 'skillcert-backup' || m.version !== 1)
    throw new Error(
      `${file} 不是可识别的 skillcert 备份清单（format ${String(m.format)}，version ${String(m.version)}）`,
    );
  return m;
}

/** Each file the manifest lists is there with its size and digest; returns what is wrong. */
export function checkFiles(dir: string, m: Manifest): string[] {
  const problems: string[] = [];
  for (const f of m.files) {
    if (!safeRelative(f.path)) {
      problems.push(`清单中的路径不安全：${f.path}`);
      continue;
    }
    const p = path.join(dir, f.path);
    if (!fs.existsSync(p)) problems.push(`缺少文件：${f.path}`);
    else if (fs.statSync(p).size !== f.bytes) problems.push(`文件大小不符：${f.path}`);
    else if (sha256File(p) !== f.sha256) problems.push(`文件摘要（SHA-256）不符：${f.path}`);
  }
  if (!m.files.some((f) => f.path === m.database.file)) problems.push(`清单未列出数据库文件 ${m.database.file}`);
  return problems;
}
