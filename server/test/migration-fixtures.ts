/**
 * Rows the migration tests write into a database held at an older migration (a `Kysely<any>`:
 * the typed schema is the latest one): a filed institution and the 电工 occupation their
 * certificates need.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../src/database/connection.js';
import { PG_URL, TEST_DB } from './harness.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function oldInstitutionAndOccupation(db: Kysely<any>, institutionName: string, now: string) {
  const inst = (await db
    .insertInto('institutions')
    .values({
      name: institutionName,
      kind: 'social',
      owner: 'local',
      region_code: '410000',
      filing_no: 'Y000041000009',
      status: 'filed',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()) as { id: number };
  const occ = (await db
    .insertInto('occupations')
    .values({ code: '6-31-01-03', name: '电工', edition: '2022', created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow()) as { id: number };
  return { inst, occ };
}

/**
 * An empty database of the suite's kind for a migration test to bring to an older version: a
 * SQLite file in a temp folder, or a schema of its own on PostgreSQL. `close` drops it all.
 */
export async function openOldDatabase(prefix: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  let url = `sqlite:${path.join(dir, 'old.db')}`;
  let schema: string | null = null;
  if (TEST_DB === 'postgres') {
    schema = `m_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    url = PG_URL;
  }
  const database = openDatabase(url, dir, { pgPoolSize: 2, searchPath: schema ?? undefined });
  return {
    database,
    dir,
    url,
    async close() {
      await database.close();
      if (schema) {
        const admin = new pg.Client({ connectionString: PG_URL });
        await admin.connect();
        await admin.query(`drop schema ${schema} cascade`);
        await admin.end();
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
