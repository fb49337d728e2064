/** The server process: start, log where it listens, stop cleanly on SIGINT/SIGTERM. */
import { loadConfig } from './config.js';
import { applyHeapGrowing, singleThreadedGc } from './lib/heap.js';
import { startPlatform } from './platform.js';

const t0 = performance.now();
try {
  const config = loadConfig();
  // before any work: V8 reads the factor at each collection, in this thread and the workers
  const heap = applyHeapGrowing(config.heapGrowingPercent);
  const p = await startPlatform({ logger: true });
  const d = p.deps.database;
  p.app.log.info(
    {
      database: d.dialect,
      where: d.description,
      demo: config.demo,
      heap: heap ?? 'V8 default',
      // node --single-threaded-gc (npm start sets it): each thread collects its own garbage (lib/heap.ts)
      gc: singleThreadedGc() ? 'each thread its own' : 'V8 helper threads',
      workerNice: config.workers.nice,
      ms: Math.round(performance.now() - t0),
    },
    `技能人才评价与证书管理平台 listening on ${p.url}${config.demo ? '（演示模式）' : ''}`,
  );
  console.log(
    `\n  skillcert 已启动：${p.url}  数据库：${d.dialect}（${d.description}）${config.demo ? '  演示账号密码：Skill@2026' : ''}\n`,
  );
  for (const w of p.warnings) console.warn(`  ⚠ ${w}\n`);
  const stop = async (sig: string) => {
    p.app.log.info(`${sig}: shutting down`);
    await p.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
} catch (e) {
  console.error(`启动失败：${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
