/**
 * Running PostgreSQL's own tools (`pg_dump`, `pg_restore`): the connection goes to them in
 * libpq's environment variables, so a password never appears on a command line.
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';

/** A tool from `binDir` (e.g. /usr/lib/postgresql/16/bin), else from PATH. */
export const pgTool = (binDir: string | undefined, tool: 'pg_dump' | 'pg_restore') =>
  binDir ? path.join(binDir, tool) : tool;

/** The tool's major version, e.g. 15 for "pg_dump (PostgreSQL) 15.20". */
export function pgToolMajor(bin: string): { major: number; version: string } {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0)
    throw new Error(
      `找不到 ${path.basename(bin)}（${r.error?.message ?? r.stderr}）：请安装 PostgreSQL 客户端（Debian：postgresql-client），或用 --pg-bin 指定其目录`,
    );
  const m = /\(PostgreSQL\)\s+(\d+)(\.\d+)?/.exec(r.stdout);
  if (!m) throw new Error(`无法识别 ${bin} 的版本：${r.stdout.trim()}`);
  return { major: Number(m[1]), version: `${m[1]}${m[2] ?? ''}` };
}

/** libpq environment for a postgres:// URL (host, port, user, password, database, sslmode, options). */
export function pgEnv(url: string): NodeJS.ProcessEnv {
  const u = new URL(url);
  const q = u.searchParams;
  const env: NodeJS.ProcessEnv = { ...process.env };
  const host = q.get('host') ?? decodeURIComponent(u.hostname);
  if (host) env.PGHOST = host;
  if (u.port || q.get('port')) env.PGPORT = u.port || q.get('port')!;
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (database) env.PGDATABASE = database;
  if (q.get('sslmode')) env.PGSSLMODE = q.get('sslmode')!;
  if (q.get('options')) env.PGOPTIONS = q.get('options')!;
  return env;
}

/** Runs a tool to completion; rejects with its error output. */
export function runPgTool(bin: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(out)
        : reject(new Error(`${path.basename(bin)} 失败（退出码 ${code}）：${err.trim() || out.trim()}`)),
    );
  });
}
