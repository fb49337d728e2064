/**
 * `npm run backup [-- --out <dir>] [--pg-bin <dir>]`: backs up the database named by DATABASE_URL
 * (SQLite: VACUUM INTO; PostgreSQL: pg_dump of the application's schema) with the private signing
 * keys, the signed audit checkpoints and a manifest, into `<out>/skillcert-backup-<time>/`
 * (default out: `backups/`). The platform may keep running. Exit 1 when the backup fails, or when
 * it was written but its audit chain did not verify.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, ROOT_DIR } from '../server/src/config.js';
import { backup } from '../server/src/backup/backup.js';
import { progressBar } from './lib/progress.js';

const { values } = parseArgs({ options: { out: { type: 'string' }, 'pg-bin': { type: 'string' } } });
const config = loadConfig();
const outDir = path.resolve(values.out ?? process.env.SKILLCERT_BACKUP_DIR ?? path.join(ROOT_DIR, 'backups'));
try {
  const bar = progressBar('audit chain');
  const { dir, manifest } = await backup({
    config,
    outDir,
    pgBin: values['pg-bin'],
    log: (l) => console.log(l),
    onAuditProgress: (p) => bar.update(p),
  });
  bar.done();
  const rows = Object.values(manifest.tables).reduce((a, b) => a + b, 0);
  console.log(`备份完成：${dir}`);
  console.log(
    `  ${Object.keys(manifest.tables).length} 个表共 ${rows} 行；${manifest.keys.length} 把私钥；审计链头 #${manifest.audit.head?.id ?? '-'}（已签名检查点）`,
  );
  for (const n of manifest.notes) console.log(`  ${n}`);
  console.log('  备份中有私钥：请按机密件保管（加密存放，异地留存）。');
  if (!manifest.audit.verified) {
    console.error(`备份已写出，但审计链校验未通过：${manifest.audit.problem}`);
    process.exitCode = 1;
  }
} catch (e) {
  console.error(`备份失败：${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
}
