/**
 * Database errors mean the same on both databases (503 unavailable or busy, 409 unique or
 * conflict), and what is logged of them names constraints, never the key values they quote.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  briefDatabaseError,
  classifyDatabaseError,
  DatabaseUnavailableError,
  errorForLog,
  scrubDriverText,
  scrubIdNumbers,
} from './failures.js';

/** an error shaped as node-postgres reports a backend error */
function pgError(code: string, message: string, extra: Record<string, unknown> = {}) {
  return Object.assign(new Error(message), { name: 'error', severity: 'ERROR', code, ...extra });
}
const netError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });

describe('classifyDatabaseError', () => {
  it('PostgreSQL going away, refusing or failing over is unavailable', () => {
    for (const code of ['57P01', '57P02', '57P03', '53300', '08006', '08001', '08P01', '25006', '3D000'])
      expect(classifyDatabaseError(pgError(code, 'x')), code).toBe('unavailable');
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND'])
      expect(classifyDatabaseError(netError(code)), code).toBe('unavailable');
    expect(classifyDatabaseError(new Error('Connection terminated unexpectedly'))).toBe('unavailable');
    expect(classifyDatabaseError(new Error('Connection terminated due to connection timeout'))).toBe('unavailable');
    expect(classifyDatabaseError(new Error('Client has encountered a connection error and is not queryable'))).toBe(
      'unavailable',
    );
    // Node's happy-eyeballs connect reports every address tried
    expect(classifyDatabaseError(new AggregateError([netError('ECONNREFUSED'), netError('ECONNREFUSED')]))).toBe(
      'unavailable',
    );
    expect(classifyDatabaseError(new DatabaseUnavailableError(new Error('anything')))).toBe('unavailable');
    expect(classifyDatabaseError(new Error('wrapped', { cause: pgError('57P01', 'x') }))).toBe('unavailable');
  });

  it('unique keys are unique, serialisation failures and deadlocks conflicts, waits busy', () => {
    expect(classifyDatabaseError(pgError('23505', 'duplicate key value violates unique constraint "x"'))).toBe(
      'unique',
    );
    expect(classifyDatabaseError(pgError('40001', 'could not serialize access'))).toBe('conflict');
    expect(classifyDatabaseError(pgError('40P01', 'deadlock detected'))).toBe('conflict');
    expect(classifyDatabaseError(pgError('55P03', 'lock not available'))).toBe('busy');
    expect(classifyDatabaseError(new Error('timeout exceeded when trying to connect'))).toBe('busy');
  });

  it('other errors are none of these: they stay 500 INTERNAL', () => {
    expect(classifyDatabaseError(pgError('23503', 'violates foreign key constraint'))).toBeNull();
    expect(classifyDatabaseError(pgError('42P01', 'relation "x" does not exist'))).toBeNull();
    expect(classifyDatabaseError(new TypeError('x is undefined'))).toBeNull();
    expect(classifyDatabaseError(null)).toBeNull();
    expect(classifyDatabaseError('ECONNREFUSED')).toBeNull();
  });

  it('SQLite: a busy or locked database is busy, a unique key unique (real better-sqlite3 errors)', () => {
    const db = new Database(':memory:');
    try {
      db.exec('create table t (k text primary key, u text unique)');
      db.prepare('insert into t values (?, ?)').run('a', '1');
      const err = (f: () => unknown) => {
        try {
          f();
        } catch (e) {
          return e;
        }
        throw new Error('no error');
      };
      expect(classifyDatabaseError(err(() => db.prepare('insert into t values (?, ?)').run('b', '1')))).toBe('unique');
      expect(classifyDatabaseError(err(() => db.prepare('insert into t values (?, ?)').run('a', '2')))).toBe('unique');
      expect(classifyDatabaseError(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }))).toBe(
        'busy',
      );
      expect(classifyDatabaseError(err(() => db.prepare('insert into nope values (1)').run()))).toBeNull();
    } finally {
      db.close();
    }
  });
});

describe('what reaches the log', () => {
  const idNumber = '410105199001012345';
  const unique = pgError('23505', 'duplicate key value violates unique constraint "learners_identity_uq"', {
    detail: `Key (id_type, id_number)=(resident_id, ${idNumber}) already exists.`,
    constraint: 'learners_identity_uq',
    table: 'learners',
    schema: 't_abc',
    where: `SQL statement "insert … ${idNumber}"`,
  });

  it('a PostgreSQL error keeps its code, constraint and table, and loses detail, where and every value', () => {
    const logged = errorForLog(unique) as Record<string, unknown>;
    expect(logged).toMatchObject({ code: '23505', constraint: 'learners_identity_uq', table: 'learners' });
    expect(logged).not.toHaveProperty('detail');
    expect(logged).not.toHaveProperty('where');
    expect(JSON.stringify(logged)).not.toContain(idNumber);
    const wrapped = errorForLog(new Error('while registering', { cause: unique }));
    expect(JSON.stringify(wrapped)).not.toContain(idNumber);
    expect(JSON.stringify(wrapped)).toContain('learners_identity_uq');
    expect(JSON.stringify(briefDatabaseError(new Error('x', { cause: unique })))).not.toContain(idNumber);
  });

  it('values quoted in messages are masked; names are kept', () => {
    expect(scrubDriverText(`Key (id_type, id_number)=(resident_id, ${idNumber}) already exists.`)).toBe(
      'Key (id_type, id_number)=(…) already exists.',
    );
    expect(scrubDriverText(`invalid input syntax for type integer: "${idNumber}"`)).toBe(
      'invalid input syntax for type integer: "…"',
    );
    expect(scrubDriverText(`Failing row contains (7, 张三, ${idNumber}, null).`)).toBe('Failing row contains (…).');
    expect(scrubDriverText('UNIQUE constraint failed: learners.id_type, learners.id_number')).toBe(
      'UNIQUE constraint failed: learners.id_type, learners.id_number',
    );
  });

  it('anything shaped like an ID number is masked wherever it stands in a logged text; certificate numbers are not', () => {
    expect(scrubIdNumbers(`registering ${idNumber} failed`)).toBe('registering 410***********2345 failed');
    expect(scrubIdNumbers('check 11010519491231002x')).toBe('check 110***********002x');
    expect(scrubDriverText(`some driver said ${idNumber}`)).not.toContain(idNumber);
    const certificate = 'Y000041000001254000001';
    expect(scrubIdNumbers(`certificate ${certificate}`)).toBe(`certificate ${certificate}`);
    const e = errorForLog(new Error(`could not open ${idNumber}`)) as { message: string; stack: string };
    expect(JSON.stringify(e)).not.toContain(idNumber);
  });

  it('no client, pool or connection parameters ride along on an error', () => {
    const e = Object.assign(new Error('Connection terminated unexpectedly'), {
      client: { connectionParameters: { password: 'secret' } },
    });
    expect(JSON.stringify(errorForLog(e))).not.toContain('secret');
    expect(errorForLog('not an error')).toBe('not an error');
  });
});
