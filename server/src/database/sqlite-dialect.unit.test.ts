/**
 * The import write thread's connection (jobs/spool-write.ts) attaches no rate-limit file: SQLite's
 * `BEGIN IMMEDIATE` takes the write lock of every file attached to the connection, so a transaction
 * of seconds on a connection with `rl` attached would make the server's rate-limit counters wait
 * (a busy wait on the request thread: measured 2.5 s in the soak bench before this).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite } from './sqlite-dialect.js';

describe('openSqlite', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlite-dialect-'));
  const file = path.join(dir, 'db.sqlite');
  const open: { close(): void }[] = [];
  afterEach(() => {
    for (const c of open.splice(0)) c.close();
  });

  /** a rate-limit write on the server's connection while `writer` holds a write transaction */
  const rateLimitWriteWhileWriting = (rateLimits: boolean) => {
    const server = openSqlite(file);
    const writer = openSqlite(file, { rateLimits });
    open.push(writer, server);
    server.pragma('busy_timeout = 0');
    writer.exec('create table if not exists t (x integer)');
    writer.exec('begin immediate');
    writer.prepare('insert into t values (1)').run();
    try {
      server.prepare("insert or replace into rl.rate_limits values ('k', 1, 1)").run();
      return 'written';
    } catch (e) {
      return (e as { code?: string }).code;
    } finally {
      writer.exec('rollback');
    }
  };

  it('a writer with the rate-limit file attached locks it for its whole transaction (why the write thread does not attach it)', () => {
    expect(rateLimitWriteWhileWriting(true)).toBe('SQLITE_BUSY');
  });

  it('the write thread’s connection (rateLimits: false) leaves the rate-limit file free while it writes', () => {
    expect(rateLimitWriteWhileWriting(false)).toBe('written');
  });
});
