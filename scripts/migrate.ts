/** `npm run migrate`: migrates the database named by DATABASE_URL and loads missing reference data. */
import { loadConfig } from '../server/src/config.js';
import { prepareDatabase } from '../server/src/platform.js';

const config = loadConfig(process.env, { demo: process.env.SKILLCERT_DEMO === '1' });
try {
  const r = await prepareDatabase(config);
  console.log(`数据库：${r.database.dialect}（${r.database.description}）`);
  console.log(r.migrated.length ? `已执行迁移：${r.migrated.join(', ')}` : '数据库结构已是最新。');
  if (Object.keys(r.reference).length) console.log(`已载入基础数据：${JSON.stringify(r.reference)}`);
  if (r.demo) console.log(`已载入演示数据：${JSON.stringify(r.demo)}`);
  await r.database.close();
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
