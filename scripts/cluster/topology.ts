/**
 * Province mode on one machine: a pg_auto_failover monitor, a PostgreSQL primary and a synchronous
 * standby, HAProxy in front of both (a primary port: writes go to whichever is primary now; a
 * standby port: to whichever is standby now, for the app servers' reads that tolerate bounded
 * staleness, DATABASE_READ_URL) and in front of the app servers, and N app servers — all on loopback ports, each with its own data directory under one
 * temp folder. `startCluster` starts it, `Cluster.stop` stops it and removes what it made. Used by
 * `npm run cluster` (scripts/cluster.ts) and the fault test `npm run test:cluster`
 * (scripts/test-cluster.ts). The same topology on real hosts: docs/DEPLOYMENT.md.
 *
 * What the machine needs: Debian's `postgresql-15-auto-failover`, `pg-auto-failover-cli` and
 * `haproxy`. `pg_autoctl` refuses to run as root (initdb), so PostgreSQL runs as the `postgres`
 * OS user: this runs as root (and hands PostgreSQL to `postgres`) or as `postgres` itself.
 */
import { SERVER_NODE_FLAGS } from '../../server/src/lib/heap.js';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ROOT_DIR } from '../../server/src/config.js';

export interface ClusterOptions {
  /** number of app servers (default 3) */
  apps?: number;
  /** first port tried (default 6000, env CLUSTER_BASE_PORT); ports in use are skipped */
  basePort?: number;
  /** the temp folder (default a new one under the OS temp dir) */
  dir?: string;
  /** extra environment of every app server (e.g. limits for a load test) */
  appEnv?: Record<string, string>;
  /** demo data on first start (default true) */
  demo?: boolean;
  log?: (line: string) => void;
}

export interface ClusterPorts {
  monitor: number;
  nodes: number[];
  /** HAProxy: PostgreSQL, always the current primary */
  postgres: number;
  /** HAProxy: PostgreSQL, the current standby (none while it is down: the app servers then read from the primary) */
  postgresStandby: number;
  /** HAProxy: HTTP, spread over the app servers */
  http: number;
  /** HAProxy's status page */
  stats: number;
  apps: number[];
}

export interface NodeState {
  name: string;
  port: number;
  reportedState: string;
  goalState: string;
}

export interface Cluster {
  dir: string;
  ports: ClusterPorts;
  /** the app servers' DATABASE_URL: through HAProxy to the current primary */
  databaseUrl: string;
  /** the app servers' DATABASE_READ_URL: through HAProxy to the current standby */
  databaseReadUrl: string;
  /** what clients use: HAProxy in front of the app servers */
  url: string;
  /** the nodes as the monitor sees them */
  nodeStates(): Promise<NodeState[]>;
  /** index (0/1) of the node the monitor has as primary, or -1 */
  primaryIndex(): Promise<number>;
  /** waits until the monitor has a primary (writable) and a secondary; returns the primary's index */
  waitHealthy(timeoutMs?: number): Promise<number>;
  /** SIGKILL of a whole node: pg_autoctl and its PostgreSQL */
  killNode(i: number): void;
  /**
   * `pg_autoctl run` again on a killed node's data directory, after a crash recovery of its own
   * (see `recoverCrashed`)
   */
  startNode(i: number): Promise<void>;
  killApp(i: number): void;
  startApp(i: number): Promise<void>;
  /** resident memory (MiB) of each running app server */
  appMemoryMiB(): number[];
  /** stops everything (app servers, HAProxy, nodes, monitor) and removes the temp folder unless keep */
  stop(opts?: { keep?: boolean }): Promise<void>;
}

const PG_BIN = '/usr/lib/postgresql/15/bin';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Short monitor timeouts: failover in ~12 s instead of ~50 s (measured on these machines). */
const MONITOR_SETTINGS: Record<string, string> = {
  'pgautofailover.health_check_period': '1s',
  'pgautofailover.health_check_timeout': '1s',
  'pgautofailover.health_check_max_retries': '1',
  'pgautofailover.health_check_retry_delay': '500ms',
  'pgautofailover.node_considered_unhealthy_timeout': '3s',
  'pgautofailover.primary_demote_timeout': '8s',
};
/** kept below the monitor's demote timeout */
const NODE_NETWORK_PARTITION_TIMEOUT = '5';

export function checkPrerequisites(): void {
  const missing: string[] = [];
  if (!fs.existsSync('/usr/bin/pg_autoctl')) missing.push('pg-auto-failover-cli');
  if (!fs.existsSync(`${PG_BIN}/pg_ctl`)) missing.push('postgresql-15');
  if (!fs.existsSync('/usr/lib/postgresql/15/lib/pgautofailover.so')) missing.push('postgresql-15-auto-failover');
  if (!findHaproxy()) missing.push('haproxy');
  if (missing.length)
    throw new Error(
      `缺少软件包：${missing.join(' ')}（Debian：apt-get install --no-install-recommends postgresql-15-auto-failover pg-auto-failover-cli haproxy）`,
    );
  const uid = process.getuid?.();
  if (uid !== 0 && os.userInfo().username !== 'postgres')
    throw new Error('pg_autoctl 须以 postgres 用户运行：请以 root（本脚本切换到 postgres）或 postgres 用户运行');
}

function findHaproxy(): string | null {
  for (const p of ['/usr/sbin/haproxy', '/usr/bin/haproxy', '/usr/local/sbin/haproxy']) if (fs.existsSync(p)) return p;
  return null;
}

/** The postgres user's uid/gid when running as root (spawned children switch to it), else null. */
function postgresUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** `count` free loopback ports from `base` upwards (within base…base+99), or a clear error. */
export async function findFreePorts(base: number, count: number): Promise<number[]> {
  const out: number[] = [];
  for (let p = base; p < base + 100 && out.length < count; p++) if (await portFree(p)) out.push(p);
  if (out.length < count)
    throw new Error(`端口 ${base}–${base + 99} 中找不到 ${count} 个空闲端口（CLUSTER_BASE_PORT 可改起始端口）`);
  return out;
}

/** PostgreSQL wire messages for HAProxy's health check (trust auth): who is primary now. */
export function pgCheckMessages(user: string, database: string, want: 'primary' | 'standby' = 'primary') {
  const cstr = (s: string) => Buffer.concat([Buffer.from(s, 'utf8'), Buffer.from([0])]);
  const params = Buffer.concat([cstr('user'), cstr(user), cstr('database'), cstr(database), Buffer.from([0])]);
  const startup = Buffer.alloc(8 + params.length);
  startup.writeInt32BE(startup.length, 0);
  startup.writeInt32BE(196608, 4); // protocol 3.0
  params.copy(startup, 8);
  // a promoted standby stays read-only until the failover completes: both must say primary
  const sql =
    "select 'role=' || case when pg_is_in_recovery() or current_setting('transaction_read_only') = 'on' then 'standby' else 'primary' end";
  const text = cstr(sql);
  const query = Buffer.alloc(5 + text.length);
  query.write('Q', 0);
  query.writeInt32BE(4 + text.length, 1);
  text.copy(query, 5);
  const terminate = Buffer.from([0x58, 0, 0, 0, 4]);
  return {
    startup: startup.toString('hex'),
    /** AuthenticationOk: 'R', length 8, 0 */
    authOk: '520000000800000000',
    queryAndTerminate: Buffer.concat([query, terminate]).toString('hex'),
    expect: `role=${want}`,
  };
}

export function haproxyConfig(ports: ClusterPorts, database: string): string {
  const m = pgCheckMessages('postgres', database);
  const st = pgCheckMessages('postgres', database, 'standby');
  return `# written by scripts/cluster/topology.ts
global
  maxconn 4000

defaults
  timeout connect 2s
  timeout check 2s
  timeout client 1h
  timeout server 1h

# PostgreSQL: only the node that answers primary and writable takes connections; connections to a
# node marked down are cut, so the app servers' pools reconnect to the new primary
listen postgres
  bind 127.0.0.1:${ports.postgres}
  mode tcp
  option tcp-check
  tcp-check connect
  tcp-check send-binary ${m.startup}
  tcp-check expect binary ${m.authOk}
  tcp-check send-binary ${m.queryAndTerminate}
  tcp-check expect string ${m.expect}
  default-server inter 1s fall 1 rise 1 on-marked-down shutdown-sessions
${ports.nodes.map((p, i) => `  server node${i + 1} 127.0.0.1:${p} check`).join('\n')}

# PostgreSQL, reads that tolerate bounded staleness (DATABASE_READ_URL): only the node that answers
# standby. No backup server: while no node is standby the app servers read from the primary
# themselves (and pass over a standby that lags, which HAProxy cannot see)
listen postgres-standby
  bind 127.0.0.1:${ports.postgresStandby}
  mode tcp
  option tcp-check
  tcp-check connect
  tcp-check send-binary ${st.startup}
  tcp-check expect binary ${st.authOk}
  tcp-check send-binary ${st.queryAndTerminate}
  tcp-check expect string ${st.expect}
  default-server inter 1s fall 1 rise 1 on-marked-down shutdown-sessions
${ports.nodes.map((p, i) => `  server node${i + 1} 127.0.0.1:${p} check`).join('\n')}

# the app servers
listen app
  bind 127.0.0.1:${ports.http}
  mode http
  timeout client 60s
  timeout server 60s
  balance roundrobin
  option forwardfor
  option httpchk GET /api/health/live
  http-check expect status 200
  # a server that refuses the connection (dead) is skipped for the next one; a request it took and
  # never answered (killed meanwhile) is sent again elsewhere only if it is a GET or HEAD
  retries 3
  retry-on conn-failure empty-response response-timeout
  http-request disable-l7-retry if !METH_GET !METH_HEAD
  option redispatch 1
  default-server inter 1s fall 2 rise 1
${ports.apps.map((p, i) => `  server app${i + 1} 127.0.0.1:${p} check`).join('\n')}

listen stats
  bind 127.0.0.1:${ports.stats}
  mode http
  stats enable
  stats uri /
`;
}

interface Proc {
  child: ChildProcess | null;
}

export async function startCluster(opts: ClusterOptions = {}): Promise<Cluster> {
  checkPrerequisites();
  const log = opts.log ?? ((s: string) => console.log(s));
  const nApps = opts.apps ?? 3;
  const basePort = opts.basePort ?? Number(process.env.CLUSTER_BASE_PORT || 6000);
  const free = await findFreePorts(basePort, 7 + nApps);
  const ports: ClusterPorts = {
    monitor: free[0],
    nodes: [free[1], free[2]],
    postgres: free[3],
    http: free[4],
    stats: free[5],
    postgresStandby: free[6],
    apps: free.slice(7),
  };
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-cluster-'));
  // the postgres user must reach its data directories below it
  fs.chmodSync(dir, 0o755);
  const pgDir = path.join(dir, 'pg');
  const logDir = path.join(dir, 'logs');
  fs.mkdirSync(pgDir, { recursive: true });
  fs.mkdirSync(logDir, { recursive: true });
  const pgUser = postgresUser();
  // pg_autoctl keeps its configuration, state and pid files under XDG_* (falling back to the
  // postgres user's home and /tmp when they are missing): all of it below the temp folder
  for (const d of ['xdg/config', 'xdg/data', 'xdg/run', 'tmp'])
    fs.mkdirSync(path.join(pgDir, d), { recursive: true, mode: 0o700 });
  if (pgUser)
    for (const d of ['', 'xdg', 'xdg/config', 'xdg/data', 'xdg/run', 'tmp'])
      fs.chownSync(path.join(pgDir, d), pgUser.uid, pgUser.gid);
  const semaphoresBefore = semaphoreIds();
  const DB = 'skillcert';
  const databaseUrl = `postgres://postgres@127.0.0.1:${ports.postgres}/${DB}`;
  const databaseReadUrl = `postgres://postgres@127.0.0.1:${ports.postgresStandby}/${DB}`;
  const url = `http://127.0.0.1:${ports.http}`;
  const pgEnv = {
    PATH: `${PG_BIN}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    PG_CONFIG: `${PG_BIN}/pg_config`,
    XDG_CONFIG_HOME: path.join(pgDir, 'xdg', 'config'),
    XDG_DATA_HOME: path.join(pgDir, 'xdg', 'data'),
    XDG_RUNTIME_DIR: path.join(pgDir, 'xdg', 'run'),
    HOME: pgDir,
    TMPDIR: path.join(pgDir, 'tmp'),
    LANG: 'C.UTF-8',
  };
  const monitorData = path.join(pgDir, 'monitor');
  const nodeData = [path.join(pgDir, 'node1'), path.join(pgDir, 'node2')];
  const monitorUri = `postgres://autoctl_node@127.0.0.1:${ports.monitor}/pg_auto_failover?sslmode=disable`;

  /** runs pg_autoctl as postgres to completion */
  const autoctl = (args: string[], logName: string) =>
    new Promise<void>((resolve, reject) => {
      const out = fs.openSync(path.join(logDir, logName), 'a');
      const child = spawn('pg_autoctl', args, {
        env: pgEnv,
        cwd: pgDir,
        stdio: ['ignore', out, out],
        ...(pgUser ?? {}),
      });
      child.on('error', reject);
      child.on('exit', (code) => {
        fs.closeSync(out);
        if (code === 0) resolve();
        else
          reject(new Error(`pg_autoctl ${args.slice(0, 2).join(' ')} 失败（退出码 ${code}），见 ${logDir}/${logName}`));
      });
    });
  /** `pg_autoctl run` in the background, in a process group of its own (killed as a whole) */
  const runService = (pgdata: string, logName: string): ChildProcess => {
    const out = fs.openSync(path.join(logDir, logName), 'a');
    const child = spawn('pg_autoctl', ['run', '--pgdata', pgdata], {
      env: pgEnv,
      cwd: pgDir,
      stdio: ['ignore', out, out],
      detached: true,
      ...(pgUser ?? {}),
    });
    fs.closeSync(out);
    child.on('error', () => undefined);
    return child;
  };

  const monitor: Proc = { child: null };
  const nodes: Proc[] = [{ child: null }, { child: null }];
  const apps: Proc[] = Array.from({ length: nApps }, () => ({ child: null }));
  let haproxy: ChildProcess | null = null;
  const monitorPool = new pg.Pool({
    connectionString: `postgres://postgres@127.0.0.1:${ports.monitor}/pg_auto_failover`,
    max: 2,
    connectionTimeoutMillis: 3000,
  });
  monitorPool.on('error', () => undefined);

  const nodeStates = async (): Promise<NodeState[]> => {
    const r = await monitorPool.query<{ nodename: string; nodeport: number; reportedstate: string; goalstate: string }>(
      'select nodename, nodeport, reportedstate::text, goalstate::text from pgautofailover.node order by nodeid',
    );
    return r.rows.map((x) => ({
      name: x.nodename,
      port: x.nodeport,
      reportedState: x.reportedstate,
      goalState: x.goalstate,
    }));
  };
  const primaryIndex = async () => {
    const states = await nodeStates();
    // a killed primary keeps its last reported state: the monitor's goal for it has moved on
    const p = states.find(
      (s) => s.reportedState === s.goalState && ['primary', 'wait_primary', 'single'].includes(s.reportedState),
    );
    return p ? ports.nodes.indexOf(p.port) : -1;
  };
  const waitFor = async (what: string, timeoutMs: number, ok: () => Promise<boolean>) => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      try {
        if (await ok()) return;
      } catch {
        /* not yet */
      }
      if (Date.now() > until) throw new Error(`等待超时（${Math.round(timeoutMs / 1000)} 秒）：${what}`);
      await sleep(300);
    }
  };
  const waitHealthy = async (timeoutMs = 90_000) => {
    await waitFor('主库与同步备库就绪', timeoutMs, async () => {
      const s = await nodeStates();
      return (
        s.length === 2 &&
        s.some((x) => x.reportedState === 'primary' && x.goalState === 'primary') &&
        s.some((x) => x.reportedState === 'secondary' && x.goalState === 'secondary')
      );
    });
    return primaryIndex();
  };

  const appEnv = (i: number): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: process.env.LANG ?? 'C.UTF-8',
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    DATABASE_READ_URL: databaseReadUrl,
    PORT: String(ports.apps[i]),
    HOST: '127.0.0.1',
    SKILLCERT_DEMO: opts.demo === false ? '0' : '1',
    SKILLCERT_DATA_DIR: path.join(dir, `app${i + 1}`),
    SKILLCERT_KEY_DIR: path.join(dir, `app${i + 1}`, 'keys'),
    PUBLIC_BASE_URL: url,
    TRUST_PROXY: '1',
    PG_POOL_SIZE: '5',
    LOG_LEVEL: 'warn',
    // glibc reads it as the process starts: two malloc arenas, not one per thread (docs/DEPLOYMENT.md, "Memory and CPU of an app server")
    MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2',
    ...opts.appEnv,
  });
  const startApp = async (i: number) => {
    const out = fs.openSync(path.join(logDir, `app${i + 1}.log`), 'a');
    // one process (node with tsx's loader), its own group: SIGKILL takes the whole server
    const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, '--import', 'tsx', 'server/src/main.ts'], {
      cwd: ROOT_DIR,
      env: appEnv(i),
      stdio: ['ignore', out, out],
      detached: true,
    });
    fs.closeSync(out);
    child.on('error', () => undefined);
    apps[i].child = child;
    let exited: number | null = null;
    child.once('exit', (code) => (exited = code ?? -1));
    await waitFor(`应用服务器 app${i + 1} 启动（日志 ${logDir}/app${i + 1}.log）`, 180_000, async () => {
      if (exited !== null) throw new Error(`app${i + 1} 启动失败（退出码 ${exited}），见 ${logDir}/app${i + 1}.log`);
      const r = await fetch(`http://127.0.0.1:${ports.apps[i]}/api/health`, { signal: AbortSignal.timeout(2000) });
      return r.ok;
    }).catch((e) => {
      if (exited !== null) throw new Error(`app${i + 1} 启动失败（退出码 ${exited}），见 ${logDir}/app${i + 1}.log`);
      throw e;
    });
  };
  const killGroup = (c: ChildProcess | null, sig: NodeJS.Signals) => {
    if (!c?.pid || c.exitCode !== null || c.signalCode !== null) return;
    try {
      process.kill(-c.pid, sig);
    } catch {
      /* gone */
    }
  };
  const exitOf = (c: ChildProcess | null, ms: number) =>
    new Promise<void>((resolve) => {
      if (!c || c.exitCode !== null || c.signalCode !== null) return resolve();
      const t = setTimeout(resolve, ms);
      c.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
    });

  /**
   * A node killed mid-flight was not shut down cleanly, and pg_auto_failover 2.0 (Debian 12) fails
   * to pg_rewind such a data directory on PostgreSQL 15 (it writes standby.signal first, then
   * pg_rewind's single-user crash recovery refuses standby mode) and falls back to a full
   * pg_basebackup: tens of seconds here, as long as copying the database in a province. So the
   * crash recovery is done first, with no TCP listener (nobody can reach it), and a clean stop;
   * the keeper then rewinds the node in seconds.
   */
  const recoverCrashed = async (i: number) => {
    const data = nodeData[i];
    if (!fs.existsSync(path.join(data, 'postmaster.pid')) || fs.existsSync(path.join(data, 'standby.signal'))) return;
    const pgctl = (args: string[]) =>
      new Promise<void>((resolve, reject) => {
        const out = fs.openSync(path.join(logDir, `node${i + 1}.log`), 'a');
        const child = spawn(`${PG_BIN}/pg_ctl`, args, {
          env: pgEnv,
          cwd: pgDir,
          stdio: ['ignore', out, out],
          ...(pgUser ?? {}),
        });
        child.on('error', reject);
        child.on('exit', (code) => {
          fs.closeSync(out);
          if (code === 0) resolve();
          else reject(new Error(`pg_ctl ${args[0]} node${i + 1} 失败（退出码 ${code}）`));
        });
      });
    const sockets = path.join(pgDir, 'tmp');
    await pgctl([
      'start',
      '-w',
      '-D',
      data,
      '-o',
      `-c listen_addresses='' -c unix_socket_directories='${sockets}' -p ${ports.nodes[i]}`,
    ]);
    await pgctl(['stop', '-w', '-m', 'fast', '-D', data]);
  };

  let stopped = false;
  const stop = async (o: { keep?: boolean } = {}) => {
    if (stopped) return;
    stopped = true;
    for (const a of apps) killGroup(a.child, 'SIGTERM');
    await Promise.all(apps.map((a) => exitOf(a.child, 10_000)));
    for (const a of apps) killGroup(a.child, 'SIGKILL');
    killGroup(haproxy, 'SIGTERM');
    await exitOf(haproxy, 5000);
    await monitorPool.end().catch(() => undefined);
    // pg_autoctl stops its PostgreSQL on SIGTERM (fast shutdown)
    for (const n of nodes) killGroup(n.child, 'SIGTERM');
    await Promise.all(nodes.map((n) => exitOf(n.child, 20_000)));
    killGroup(monitor.child, 'SIGTERM');
    await exitOf(monitor.child, 20_000);
    for (const p of [...nodes, monitor]) killGroup(p.child, 'SIGKILL');
    await sleep(200);
    removeDeadSemaphores(semaphoresBefore);
    if (!o.keep) fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    // ---- monitor, with short timeouts
    log(`[cluster] 临时目录 ${dir}`);
    log(`[cluster] monitor :${ports.monitor}`);
    await autoctl(
      [
        'create',
        'monitor',
        '--pgdata',
        monitorData,
        '--pgport',
        String(ports.monitor),
        '--hostname',
        '127.0.0.1',
        '--auth',
        'trust',
        '--no-ssl',
        '--pgctl',
        `${PG_BIN}/pg_ctl`,
      ],
      'monitor.log',
    );
    await autoctl(
      ['config', 'set', '--pgdata', monitorData, 'postgresql.listen_addresses', '127.0.0.1'],
      'monitor.log',
    );
    monitor.child = runService(monitorData, 'monitor.log');
    await waitFor('monitor 就绪', 30_000, async () => {
      await monitorPool.query('select 1 from pgautofailover.formation limit 1');
      return true;
    });
    for (const [k, v] of Object.entries(MONITOR_SETTINGS)) await monitorPool.query(`alter system set ${k} = '${v}'`);
    await monitorPool.query('select pg_reload_conf()');

    // ---- two nodes: the first becomes primary, the second its synchronous standby
    const startPgNode = async (i: number) => {
      log(`[cluster] node${i + 1} :${ports.nodes[i]}`);
      await autoctl(
        [
          'create',
          'postgres',
          '--pgdata',
          nodeData[i],
          '--pgport',
          String(ports.nodes[i]),
          '--pgctl',
          `${PG_BIN}/pg_ctl`,
          '--hostname',
          '127.0.0.1',
          '--listen',
          '127.0.0.1',
          '--name',
          `node${i + 1}`,
          '--dbname',
          DB,
          '--auth',
          'trust',
          '--no-ssl',
          '--monitor',
          monitorUri,
        ],
        `node${i + 1}.log`,
      );
      await autoctl(
        ['config', 'set', '--pgdata', nodeData[i], 'timeout.network_partition_timeout', NODE_NETWORK_PARTITION_TIMEOUT],
        `node${i + 1}.log`,
      );
      nodes[i].child = runService(nodeData[i], `node${i + 1}.log`);
    };
    await startPgNode(0);
    await waitFor('node1 成为主库', 60_000, async () =>
      (await nodeStates()).some((s) => s.port === ports.nodes[0] && ['single', 'primary'].includes(s.reportedState)),
    );
    await startPgNode(1);
    await waitHealthy();

    // ---- HAProxy
    const cfg = path.join(dir, 'haproxy.cfg');
    fs.writeFileSync(cfg, haproxyConfig(ports, DB));
    const hout = fs.openSync(path.join(logDir, 'haproxy.log'), 'a');
    haproxy = spawn(findHaproxy()!, ['-f', cfg, '-db'], { stdio: ['ignore', hout, hout], detached: true });
    fs.closeSync(hout);
    haproxy.on('error', () => undefined);
    log(
      `[cluster] HAProxy postgres :${ports.postgres}  standby :${ports.postgresStandby}  http :${ports.http}  stats :${ports.stats}`,
    );
    await waitFor('HAProxy 把连接转到主库', 30_000, async () => {
      const c = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 2000 });
      c.on('error', () => undefined);
      try {
        await c.connect();
        const r = await c.query<{ w: boolean }>(
          "select not pg_is_in_recovery() and current_setting('transaction_read_only') = 'off' as w",
        );
        return r.rows[0].w;
      } finally {
        await c.end().catch(() => undefined);
      }
    });

    // ---- app servers: the first migrates and seeds; the others get a copy of its keys
    log(`[cluster] app1 :${ports.apps[0]}（迁移数据库${opts.demo === false ? '' : '、演示数据'}）`);
    await startApp(0);
    for (let i = 1; i < nApps; i++) copyDir(path.join(dir, 'app1', 'keys'), path.join(dir, `app${i + 1}`, 'keys'));
    log(`[cluster] app2…app${nApps} :${ports.apps.slice(1).join(' :')}`);
    await Promise.all(apps.slice(1).map((_, k) => startApp(k + 1)));
    await waitFor('HAProxy 看到应用服务器', 15_000, async () => (await fetch(`${url}/api/health/live`)).ok);
  } catch (e) {
    await stop({ keep: true });
    throw new Error(`${e instanceof Error ? e.message : String(e)}（日志在 ${logDir}）`, { cause: e });
  }

  return {
    dir,
    ports,
    databaseUrl,
    databaseReadUrl,
    url,
    nodeStates,
    primaryIndex,
    waitHealthy,
    killNode: (i) => killGroup(nodes[i].child, 'SIGKILL'),
    startNode: async (i) => {
      if (nodes[i].child && nodes[i].child!.exitCode === null && nodes[i].child!.signalCode === null)
        throw new Error(`node${i + 1} 仍在运行`);
      await recoverCrashed(i);
      nodes[i].child = runService(nodeData[i], `node${i + 1}.log`);
    },
    killApp: (i) => killGroup(apps[i].child, 'SIGKILL'),
    appMemoryMiB: () =>
      apps.map((a) => {
        try {
          const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${a.child?.pid}/status`, 'utf8'));
          return m ? Math.round(Number(m[1]) / 1024) : 0;
        } catch {
          return 0;
        }
      }),
    startApp,
    stop,
  };
}

function copyDir(from: string, to: string) {
  fs.mkdirSync(to, { recursive: true, mode: 0o700 });
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const a = path.join(from, e.name);
    const b = path.join(to, e.name);
    if (e.isDirectory()) copyDir(a, b);
    else fs.copyFileSync(a, b);
    fs.chmodSync(b, fs.statSync(a).mode & 0o777);
  }
}

/** SysV semaphore ids (pg_autoctl makes one per process, left behind when it is SIGKILLed). */
function semaphoreIds(): Set<number> {
  try {
    const out = execFileSync('ipcs', ['-s'], { encoding: 'utf8' });
    return new Set(
      out
        .split('\n')
        .map((l) => l.trim().split(/\s+/))
        .filter((f) => /^0x[0-9a-f]+$/i.test(f[0]))
        .map((f) => Number(f[1])),
    );
  } catch {
    return new Set();
  }
}

/** Removes semaphores made since `before` whose last user is no longer running (never another's live one). */
function removeDeadSemaphores(before: Set<number>) {
  for (const id of semaphoreIds()) {
    if (before.has(id)) continue;
    try {
      const info = execFileSync('ipcs', ['-s', '-i', String(id)], { encoding: 'utf8' });
      // per semaphore: semnum value ncount zcount pid
      const pids = info
        .split('\n')
        .map((l) => l.trim().split(/\s+/))
        .filter((f) => f.length === 5 && /^\d+$/.test(f[0]) && /^\d+$/.test(f[4]))
        .map((f) => Number(f[4]))
        .filter((p) => p > 0);
      if (pids.some((p) => fs.existsSync(`/proc/${p}`))) continue;
      execFileSync('ipcrm', ['-s', String(id)]);
    } catch {
      /* already gone */
    }
  }
}
