import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT_DIR } from '../../server/src/config.js';

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const e of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

/** Builds web/dist when it is missing or older than the web client's or the contract's sources. */
export function buildWebIfStale(): void {
  const index = path.join(ROOT_DIR, 'web', 'dist', 'index.html');
  const sources = Math.max(
    ...['web/src', 'web/index.html', 'web/vite.config.ts', 'web/public', 'contract'].map((p) =>
      newestMtime(path.join(ROOT_DIR, p)),
    ),
  );
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= sources) return;
  console.log('构建 Web 客户端（首次启动或源码已更新）…');
  const r = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: ROOT_DIR,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error('Web 客户端构建失败');
}
