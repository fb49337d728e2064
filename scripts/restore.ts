/**
 * `npm run restore -- --from <backup dir> [--database-url <url>] [--data-dir <dir>] [--key-dir <dir>]
 * [--force] [--pg-bin <dir>]`: restores a backup onto a fresh database (default: DATABASE_URL,
 * SKILLCERT_DATA_DIR, SKILLCERT_KEY_DIR) and checks it: digests, integrity, row counts, migrations,
 * the audit chain against its signed checkpoint, the keys against their public halves. Refuses a
 * target that holds data unless --force. Exit 1 when refused or when a check fails.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/src/config.js';
import { progressBar } from './lib/progress.js';
import { restore, RestoreRefused } from '../server/src/backup/restore.js';

const { values } = parseArgs({
  options: {
    from: { type: 'string' },
    'database-url': { type: 'string' },
    'data-dir': { type: 'string' },
    'key-dir': { type: 'string' },
    force: { type: 'boolean', default: false },
    'pg-bin': { type: 'string' },
  },
});
if (!values.from) {
  console.error('用法：npm run restore -- --from <备份目录> [--database-url <url>] [--force]');
  process.exit(2);
}
const env = { ...process.env };
if (values['database-url'] !== undefined) env.DATABASE_URL = values['database-url'];
if (values['data-dir']) env.SKILLCERT_DATA_DIR = path.resolve(values['data-dir']);
if (values['key-dir']) env.SKILLCERT_KEY_DIR = path.resolve(values['key-dir']);
const config = loadConfig(env);
try {
  const bar = progressBar('audit chain');
  const r = await restore({
    config,
    from: values.from,
    force: values.force,
    pgBin: values['pg-bin'],
    log: (l) => console.log(l),
    onAuditProgress: (p) => bar.update(p),
  });
  bar.done();
  for (const c of r.checks) console.log(`${c.ok ? '✓' : '✗'} ${c.name}：${c.detail}`);
  for (const w of r.warnings) console.warn(`注意：${w}`);
  if (r.movedAside)
    console.warn(
      `注意：原有的审计检查点文件已移到 ${r.movedAside}；用 npm run audit:verify -- --checkpoints ${r.movedAside} 可列出备份之后写入、本次恢复丢失的记录。`,
    );
  if (r.ok) console.log(`恢复完成：${r.manifest.createdAt} 的备份已恢复并通过校验。`);
  else console.error('恢复后的校验未通过（见上）：请勿以此数据库对外服务。');
  process.exitCode = r.ok ? 0 : 1;
} catch (e) {
  console.error(
    `${e instanceof RestoreRefused ? '拒绝恢复' : '恢复失败'}：${e instanceof Error ? e.message : String(e)}`,
  );
  process.exitCode = 1;
}
