/**
 * The server's SQLite connection beside the import write thread's (jobs/spool-write.ts).
 *
 * The write thread's connection attaches no rate-limit file: SQLite's
 * `BEGIN IMMEDIATE` takes the write lock of every file attached to the connection, so a transaction
 * of seconds on a connection with `rl` attached would make the server's rate-limit counters wait
 * (a busy wait on the request thread: measured 2.5 s in the soak bench before this).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Kysely } from 'kysely';
import { openSqlite, ServerSqliteDialect } from './sqlite-dialect.js';

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

/**
 * The server's driver while another connection writes (`whileWritingElsewhere`, the import write
 * thread): this connection's reads go on, its writes — a transaction, or a changing statement
 * outside one — wait until the other transaction has ended, and they are then written.
 */
describe('ServerSqliteDialect.whileWritingElsewhere', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlite-gate-'));
  let n = 0;
  const open = () => {
    const raw = openSqlite(path.join(dir, `db${++n}.sqlite`));
    raw.exec('create table t (x integer)');
    const dialect = new ServerSqliteDialect(raw);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { raw, dialect, db: new Kysely<any>({ dialect }) };
  };
  /** a promise to settle by hand: the other connection's transaction */
  const gate = () => {
    let open!: () => void;
    let fail!: (e: Error) => void;
    const p = new Promise<void>((res, rej) => ((open = res), (fail = rej)));
    return { p, open, fail };
  };
  const settled = async (p: Promise<unknown>) => {
    let done = false;
    void p.then(
      () => (done = true),
      () => (done = true),
    );
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    return done;
  };

  it('reads go on, a changing statement and a transaction wait for the other writer, then are written', async () => {
    const { db, dialect } = open();
    await db.insertInto('t').values({ x: 1 }).execute();
    const g = gate();
    const writing = dialect.whileWritingElsewhere(() => g.p);
    expect(await db.selectFrom('t').select('x').execute()).toEqual([{ x: 1 }]);
    const insert = db.insertInto('t').values({ x: 2 }).execute();
    const trx = db.transaction().execute((t) => t.insertInto('t').values({ x: 3 }).execute());
    expect(await settled(insert)).toBe(false);
    expect(await settled(trx)).toBe(false);
    // reads still answer while those writes wait
    expect(await db.selectFrom('t').select('x').execute()).toEqual([{ x: 1 }]);
    g.open();
    await writing;
    await Promise.all([insert, trx]);
    expect((await db.selectFrom('t').select('x').orderBy('x').execute()).map((r) => r.x)).toEqual([1, 2, 3]);
    await db.destroy();
  });

  it('a failed transaction elsewhere lets the writes go too; two run one after the other', async () => {
    const { db, dialect } = open();
    const a = gate();
    const b = gate();
    const first = dialect.whileWritingElsewhere(() => a.p);
    let secondStarted = false;
    const second = dialect.whileWritingElsewhere(() => ((secondStarted = true), b.p));
    expect(await settled(second)).toBe(false);
    expect(secondStarted).toBe(false);
    a.fail(new Error('rolled back'));
    await expect(first).rejects.toThrow('rolled back');
    for (let i = 0; !secondStarted && i < 100; i++) await new Promise((r) => setImmediate(r));
    expect(secondStarted).toBe(true);
    const insert = db.insertInto('t').values({ x: 4 }).execute();
    expect(await settled(insert)).toBe(false);
    b.open();
    await second;
    await insert;
    expect(await db.selectFrom('t').select('x').execute()).toEqual([{ x: 4 }]);
    await db.destroy();
  });
});
