/**
 * `npm start`: builds the web client if it is missing or older than its sources, then runs the
 * platform on http://localhost:3000 (PORT overrides). Without DATABASE_URL it uses the embedded
 * SQLite file under data/, created, migrated and filled with the demo data on first start.
 * Demo mode is on unless SKILLCERT_DEMO=0.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT_DIR } from '../server/src/config.js';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

const index = path.join(ROOT_DIR, 'web', 'dist', 'index.html');
const sources = Math.max(newestMtime(path.join(ROOT_DIR, 'web', 'src')), newestMtime(path.join(ROOT_DIR, 'contract')), fs.statSync(path.join(ROOT_DIR, 'web', 'index.html')).mtimeMs);
if (!fs.existsSync(index) || fs.statSync(index).mtimeMs < sources) {
  console.log('构建 Web 客户端（首次启动或源码已更新）…');
  const r = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT_DIR, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

process.env.SKILLCERT_DEMO ??= '1';
await import('../server/src/main.js');
