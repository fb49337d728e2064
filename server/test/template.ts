/**
 * Prepared test databases, built once per run: migrating and seeding the demo data set takes
 * seconds on SQLite and tens of seconds on PostgreSQL, and most test files start from exactly
 * that state. `buildTemplate` prepares one database (with its keys and side files in a
 * directory) and closes it; `cloneTemplate` gives a test platform its own copy — the SQLite file
 * copied, or a PostgreSQL database created from the template with `CREATE DATABASE … TEMPLATE`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { prepareDatabase } from '../src/platform.js';

export interface Template {
  /** the prepared directory (keys, side files and, on SQLite, `test.db`) */
  dir: string;
  /** PostgreSQL: the template database's name */
  database?: string;
}

/** Config overrides a test may pass that do not change what is stored on preparation. */
export const TEMPLATE_SAFE_OVERRIDES = new Set([
  'verifyPerClient',
  'verifyPerIdentity',
  'verifyFreeIdLookups',
  'verifyChallengeMaxNumber',
  'sessionIdleMinutes',
  'sessionAbsoluteHours',
  'cookieSecure',
  'pgPoolSize',
  'databaseReadUrl',
  'readPoolSize',
  'readMaxStalenessSeconds',
]);

export function databaseNamed(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = '/' + name;
  return u.toString();
}

async function admin<T>(pgUrl: string, f: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: pgUrl });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}

export async function buildTemplate(
  dialect: 'sqlite' | 'postgres',
  pgUrl: string,
  opts: { demo: boolean },
): Promise<Template> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-template-'));
  let databaseUrl = `sqlite:${path.join(dir, 'test.db')}`;
  let database: string | undefined;
  if (dialect === 'postgres') {
    database = `${new URL(pgUrl).pathname.slice(1)}_tpl_${randomBytes(4).toString('hex')}`;
    await admin(pgUrl, (c) => c.query(`create database "${database}"`));
    databaseUrl = databaseNamed(pgUrl, database);
  }
  const config = loadConfig(
    {},
    { databaseUrl, demo: opts.demo, webDist: null, pgPoolSize: 4, dataDir: dir, keyDir: path.join(dir, 'keys') },
  );
  const prepared = await prepareDatabase(config);
  await prepared.database.close();
  return { dir, database };
}

/** A fresh copy of the template in `dir` (which must exist, empty); returns its database URL. */
export async function cloneTemplate(
  t: Template,
  pgUrl: string,
  dir: string,
): Promise<{ databaseUrl: string; database?: string }> {
  fs.cpSync(t.dir, dir, { recursive: true });
  if (!t.database) return { databaseUrl: `sqlite:${path.join(dir, 'test.db')}` };
  const database = `${new URL(pgUrl).pathname.slice(1)}_t_${randomBytes(6).toString('hex')}`;
  await admin(pgUrl, (c) => c.query(`create database "${database}" template "${t.database}"`));
  return { databaseUrl: databaseNamed(pgUrl, database), database };
}

export async function dropDatabase(pgUrl: string, database: string): Promise<void> {
  await admin(pgUrl, (c) => c.query(`drop database if exists "${database}" with (force)`));
}

export async function dropTemplate(t: Template, pgUrl: string): Promise<void> {
  if (t.database) await dropDatabase(pgUrl, t.database);
  fs.rmSync(t.dir, { recursive: true, force: true });
}
