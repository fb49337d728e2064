/**
 * `npm run cluster`: province mode on this machine — a PostgreSQL primary and a synchronous standby
 * managed by pg_auto_failover, HAProxy in front of them and of three app servers, on loopback
 * ports under a temp folder (scripts/cluster/topology.ts). Ctrl-C stops everything and removes the
 * folder (`--keep` keeps it). Options: `--apps N`, `--base-port P` (default 6000, env CLUSTER_BASE_PORT).
 * Needs root (PostgreSQL is handed to the `postgres` user) or the `postgres` user, and Debian's
 * postgresql-15-auto-failover, pg-auto-failover-cli and haproxy. Real hosts: docs/DEPLOYMENT.md.
 */
import { parseArgs } from 'node:util';
import { startCluster } from './cluster/topology.js';
import { buildWebIfStale } from './lib/build-web.js';

const { values } = parseArgs({
  options: {
    apps: { type: 'string', default: '3' },
    'base-port': { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});

try {
  // the app servers serve the web client, as under `npm start`
  buildWebIfStale();
  const cluster = await startCluster({
    apps: Number(values.apps),
    ...(values['base-port'] ? { basePort: Number(values['base-port']) } : {}),
  });
  const p = cluster.ports;
  console.log(`
  省级部署（单机演示）已启动
    平台（HAProxy → ${p.apps.length} 台应用服务器）：${cluster.url}   演示账号密码：Skill@2026
    PostgreSQL（HAProxy → 当前主库）：${cluster.databaseUrl}
    PostgreSQL 只读（HAProxy → 当前备库，供核验、目录、看板读取）：${cluster.databaseReadUrl}
    节点：node1 :${p.nodes[0]}  node2 :${p.nodes[1]}  monitor :${p.monitor}
    HAProxy 状态页：http://127.0.0.1:${p.stats}/
    状态：pg_autoctl show state --monitor postgres://autoctl_node@127.0.0.1:${p.monitor}/pg_auto_failover
    日志与数据：${cluster.dir}
  Ctrl-C 停止${values.keep ? '（保留临时目录）' : '并删除临时目录'}。
`);
  let stopping = false;
  const stop = async (sig: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${sig}: 正在停止…`);
    await cluster.stop({ keep: values.keep });
    console.log('已停止。');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGHUP', () => void stop('SIGHUP'));
} catch (e) {
  console.error(`启动失败：${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
