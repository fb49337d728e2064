/**
 * The checkpoint thread (wal-checkpointer.ts): the server's commits no longer copy the log back
 * into the database file; the thread does, for the main file and the attached rate-limit file;
 * when the thread stops or cannot start, commits checkpoint again (SQLite's default).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openSqlite } from './sqlite-dialect.js';
import { BACKSTOP_PAGES, SQLITE_DEFAULT_AUTOCHECKPOINT, startWalCheckpointer } from './wal-checkpointer.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function freshFile() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-ckpt-'));
  dirs.push(dir);
  return path.join(dir, 'server.db');
}
const PAGE = 4096;
/** `pages` pages of rows in commits of ~25 pages, as the server writes signed credentials */
function write(raw: ReturnType<typeof openSqlite>, pages: number, table = 'main.t') {
  raw.exec(`create table if not exists ${table} (id integer primary key, body blob not null)`);
  const insert = raw.prepare(`insert into ${table} (body) values (?)`);
  // 3,000 bytes: one row per page, no overflow pages
  const body = Buffer.alloc(3000, 1);
  const commit = raw.transaction((n: number) => {
    for (let i = 0; i < n; i++) insert.run(body);
  });
  for (let done = 0; done < pages; done += 25) commit(25);
}
async function until(check: () => boolean, ms = 10_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

it(
  'commits on the server connection no longer checkpoint: 3,000 pages stay in the log while the thread waits',
  { timeout: 30_000 },
  async () => {
    const file = freshFile();
    const raw = openSqlite(file);
    // the thread's first checkpoint is an hour away: whatever reaches the database file, a commit copied
    const c = startWalCheckpointer(raw, file, { intervalMs: 3_600_000 });
    try {
      expect(raw.pragma('wal_autocheckpoint', { simple: true })).toBe(BACKSTOP_PAGES);
      const before = fs.statSync(file).size;
      write(raw, 3_000); // three times SQLite's default automatic checkpoint
      expect(fs.statSync(file).size).toBe(before);
      expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(3_000 * PAGE);
    } finally {
      await c.close();
      raw.close();
    }
  },
);

it(
  'the thread copies the log into the database file, the rate-limit file too, and nothing is lost',
  { timeout: 30_000 },
  async () => {
    const file = freshFile();
    const raw = openSqlite(file);
    const c = startWalCheckpointer(raw, file, { intervalMs: 20 });
    try {
      write(raw, 3_000);
      write(raw, 500, 'rl.t');
      await until(() => fs.statSync(file).size >= 3_000 * PAGE && fs.statSync(`${file}-ratelimit`).size >= 500 * PAGE);
      await until(() => c.stats().frames >= 3_500);
      const s = c.stats();
      expect(s.running).toBe(true);
      expect(s.runs).toBeGreaterThan(0);
      expect(s.errors).toBe(0);
    } finally {
      await c.close();
    }
    // after the close, commits checkpoint again as SQLite does by default
    expect(raw.pragma('wal_autocheckpoint', { simple: true })).toBe(SQLITE_DEFAULT_AUTOCHECKPOINT);
    raw.close();
    const again = openSqlite(file);
    expect(again.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(again.prepare('select count(*) as n from t').get()).toEqual({ n: 3_000 });
    expect(again.prepare('select count(*) as n from rl.t').get()).toEqual({ n: 500 });
    again.close();
  },
);

it('a thread that cannot start is reported, and commits checkpoint again', async () => {
  const file = freshFile();
  const raw = openSqlite(file);
  const problems: { message: string; stopped: boolean }[] = [];
  const c = startWalCheckpointer(raw, path.join(path.dirname(file), 'missing', 'none.db'), {
    onProblem: (p) => problems.push(p),
  });
  await until(() => !c.stats().running);
  expect(problems).toEqual([expect.objectContaining({ stopped: true })]);
  expect(raw.pragma('wal_autocheckpoint', { simple: true })).toBe(SQLITE_DEFAULT_AUTOCHECKPOINT);
  await c.close(); // already stopped: returns
  raw.close();
});

it(
  'prepareDatabase starts the thread for the server, and not for a bulk load that asks it not to',
  { timeout: 60_000 },
  async () => {
    const { loadConfig } = await import('../config.js');
    const { prepareDatabase } = await import('../platform.js');
    for (const checkpointThread of [undefined, false]) {
      const file = freshFile();
      const config = loadConfig(
        { SKILLCERT_DATA_DIR: path.dirname(file) },
        { databaseUrl: `sqlite:${file}`, demo: false },
      );
      const { database } = await prepareDatabase(config, checkpointThread === undefined ? {} : { checkpointThread });
      try {
        const autocheckpoint = database.sqlite!.pragma('wal_autocheckpoint', { simple: true });
        if (checkpointThread === false) {
          expect(database.checkpoints).toBeNull();
          // the connection checkpoints its own commits, as SQLite does by default
          expect(autocheckpoint).toBe(SQLITE_DEFAULT_AUTOCHECKPOINT);
        } else {
          expect(database.checkpoints).not.toBeNull();
          expect(autocheckpoint).toBe(BACKSTOP_PAGES);
        }
      } finally {
        await database.close();
      }
    }
  },
);
