/** `npm run audit:verify`: walks the audit hash chain; exits 1 and names the first broken record. */
import { loadConfig } from '../server/src/config.js';
import { openDatabase } from '../server/src/database/connection.js';
import { verifyAuditChain } from '../server/src/modules/audit/audit.service.js';

const config = loadConfig();
const database = openDatabase(config.databaseUrl, config.dataDir);
try {
  const r = await verifyAuditChain(database.db);
  if (r.ok) console.log(`审计链完整：已校验 ${r.checked} 条记录。`);
  else
    console.error(`审计链断裂：第一处在记录 #${r.firstBroken!.id}（已校验 ${r.checked} 条）：${r.firstBroken!.reason}`);
  process.exitCode = r.ok ? 0 : 1;
} finally {
  await database.close();
}
