/**
 * Deferred index builds (database/bulk.ts) on SQLite: built from their saved definitions with the
 * sorter's own settings (small page cache, temporary files, helper threads), and the connection's
 * settings as they were afterwards — the load's (a 1 GiB page cache, sorts in memory) or the
 * server's.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDeferredIndexes, bulkLoadSettings, deferIndexes } from './bulk.js';

describe('deferred index builds (SQLite)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulk-'));
  const raw = new Database(path.join(dir, 'db.sqlite'));
  afterAll(() => {
    raw.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const settings = () =>
    Object.fromEntries(['cache_size', 'temp_store', 'threads'].map((n) => [n, raw.pragma(n, { simple: true })]));
  const indexes = () =>
    (raw.prepare(`select name from sqlite_master where type = 'index' and tbl_name = 't'`).all() as { name: string }[])
      .map((r) => r.name)
      .sort();

  it('builds the deferred indexes and leaves the connection as it was, under the load settings and without them', async () => {
    raw.pragma('journal_mode = WAL');
    raw.exec('create table t (id integer primary key, a text, b integer)');
    raw.exec('create index t_a_idx on t (a)');
    raw.exec('create unique index t_b_uq on t (b)');
    const target = { sqlite: raw };
    for (const underLoad of [true, false]) {
      expect(await deferIndexes(target, ['t_a_idx', 't_b_uq'])).toBe(2);
      expect(indexes()).toEqual([]);
      const insert = raw.prepare('insert into t (a, b) values (?, ?)');
      const base = underLoad ? 0 : 50_000;
      raw.transaction(() => {
        for (let i = 0; i < 50_000; i++) insert.run(`k${(i * 7919) % 50_000}`, base + i);
      })();
      const restore = underLoad ? bulkLoadSettings(target) : () => {};
      const before = settings();
      expect(await buildDeferredIndexes(target)).toEqual(['t_a_idx', 't_b_uq']);
      expect(settings()).toEqual(before);
      restore();
      expect(indexes()).toEqual(['t_a_idx', 't_b_uq']);
      // the unique index holds
      expect(() => raw.prepare('insert into t (a, b) values (?, ?)').run('x', 1)).toThrow(/UNIQUE/);
      expect(raw.prepare(`select count(*) as n from t indexed by t_a_idx where a = 'k7'`).get()).toEqual({
        n: underLoad ? 1 : 2,
      });
    }
  });
});
