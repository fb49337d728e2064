/**
 * `npm run keys:rotate-data [-- --reseal-only] [-- --retire-old]`
 * Adds a new data key for personal data at rest (ID numbers, second-factor secrets) and re-seals
 * every stored value under it, in batches, while the platform runs (README "Personal data").
 * - with the keys in the environment (SKILLCERT_DATA_KEYS), put the new key first on every app
 *   server and restart them, then run this: it re-seals under that key;
 * - `--reseal-only`: no new key, only re-seal what is under an older one;
 * - `--retire-old`: once every app server has restarted, removes the older keys from the key file
 *   (refused while any value is still under one). Audited.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/src/config.js';
import { prepareDatabase } from '../server/src/platform.js';
import { appendAudit } from '../server/src/modules/audit/audit.queries.js';
import { rotateDataKeys } from '../server/src/backup/data-keys.js';
import { progressBar } from './lib/progress.js';

const { values } = parseArgs({
  options: { 'reseal-only': { type: 'boolean' }, 'retire-old': { type: 'boolean' } },
});
const config = loadConfig();
const { database } = await prepareDatabase({ ...config, demo: false });
// one line per pass over the sealed values (done / total, rows per second, time left)
const bar: { pass: number; line: ReturnType<typeof progressBar> | null } = { pass: 0, line: null };
try {
  const r = await rotateDataKeys(database.db, config, {
    resealOnly: values['reseal-only'],
    retireOld: values['retire-old'],
    onProgress: (p) => {
      if (!bar.line || bar.pass !== p.pass) {
        bar.line?.done();
        Object.assign(bar, { pass: p.pass, line: progressBar(p.pass === 1 ? 'reseal' : 'check again') });
      }
      bar.line!.update(p);
    },
  });
  bar.line?.done();
  const now = new Date().toISOString();
  await database.db.transaction().execute((trx) =>
    appendAudit(trx, {
      at: now,
      actor_id: null,
      actor_name: 'cli',
      actor_role: null,
      actor_scope: '全平台',
      ip: null,
      action: 'system.rotate_data_key',
      object_type: 'data_key',
      object_id: r.current,
      outcome: 'success',
      request_id: null,
      before_json: null,
      after_json: JSON.stringify(r),
      detail: r.added
        ? `新增数据密钥 ${r.added}`
        : r.retired.length
          ? `停用旧密钥 ${r.retired.join(', ')}`
          : '重新加密',
    }),
  );
  if (r.added) console.log(`已新增数据密钥 ${r.added} 并设为当前密钥（旧密钥保留，用于解密尚未重新加密的数据）。`);
  console.log(
    `已在密钥 ${r.current} 下重新加密：人员证件号码 ${r.resealed.learners} 条，证书持证人证件号码 ${r.resealed.certificates} 条，动态口令密钥 ${r.resealed.secondFactors} 条。`,
  );
  if (r.retired.length) console.log(`已从密钥文件中删除旧密钥：${r.retired.join(', ')}。`);
  else if (r.added)
    console.log(
      '请重启各应用服务器（使新数据用新密钥加密），再运行 npm run keys:rotate-data -- --retire-old 删除旧密钥。',
    );
  await database.close();
} catch (e) {
  await database.close();
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
