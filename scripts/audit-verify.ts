/**
 * `npm run audit:verify [-- --checkpoints <file>]`: walks the audit hash chain and holds it to the
 * signed checkpoints of its head (default: the configured checkpoint file; a backup's copy, or the
 * file a restore moved aside, can be given instead). Exits 1 naming the first broken record, or
 * the newest records that were deleted.
 */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { loadConfig } from '../server/src/config.js';
import { openDatabase } from '../server/src/database/connection.js';
import { checkpointStoreOf, verifyAuditChain } from '../server/src/modules/audit/audit.service.js';
import '../server/src/modules/signing/signing-keys.js'; // supplies the checkpoint signature check
import { progressBar } from './lib/progress.js';

const { values } = parseArgs({ options: { checkpoints: { type: 'string' } } });
const config = loadConfig();
const store = checkpointStoreOf(config);
if (values.checkpoints) store.file = path.resolve(values.checkpoints);
const database = openDatabase(config.databaseUrl, config.dataDir);
try {
  const bar = progressBar('audit chain');
  const r = await verifyAuditChain(database.db, store, (p) => bar.update(p));
  bar.done();
  for (const w of r.warnings) console.warn(`注意：${w}`);
  const cp = r.checkpoint
    ? `，最新签名检查点：#${r.checkpoint.auditId}（共 ${r.checkpoint.count} 条，${r.checkpoint.at}）`
    : `，没有签名检查点（${store.file}）`;
  if (r.ok) console.log(`审计链完整：已校验 ${r.checked} 条记录${cp}。`);
  else {
    console.error(
      `审计链断裂：第一处在记录 #${r.firstBroken!.id}（已校验 ${r.checked} 条${cp}）：${r.firstBroken!.reason}`,
    );
    if (r.missing)
      console.error(
        `缺失的记录：${r.missing.ids ? r.missing.ids.map((id) => `#${id}`).join(', ') : `#${r.missing.fromId}–#${r.missing.toId} 范围内 ${r.missing.count} 条`}`,
      );
  }
  process.exitCode = r.ok ? 0 : 1;
} finally {
  await database.close();
}
