/**
 * Migration 0032 on a database 0031 left: SQLite's leftover unique constraint over learners'
 * sealed ID numbers (id_type, id_number_enc) is gone — two rows may hold the same sealed text —
 * while the rows, their ids, the AUTOINCREMENT counter, the other indexes, the identity's unique
 * key by hash and the foreign keys of the tables that point at people all stay as they were.
 * PostgreSQL dropped the constraint in 0016: there the migration changes nothing.
 */
import { sql, type Kysely } from 'kysely';
import { oldInstitutionAndOccupation, openOldDatabase } from './migration-fixtures.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/database/connection.js';
import { migrateTo, migrateToLatest, type MigrationContext } from '../src/database/migrate.js';
import { TEST_DB } from './harness.js';

const ctx: MigrationContext = {
  personalDataKeys: () => {
    throw new Error('no row to seal');
  },
};
const now = '2026-01-01T02:00:00.000Z';
const person = (name: string, enc: string, hash: string) => ({
  name,
  id_type: 'resident_id',
  id_number_enc: enc,
  id_number_hash: hash,
  in_school: 0,
  created_at: now,
  updated_at: now,
});

describe(`migration 0032 drops the unique key over sealed ID numbers, keeping the people (${TEST_DB})`, () => {
  let old: Awaited<ReturnType<typeof openOldDatabase>> | undefined;
  let database: Database;
  let db: Kysely<any>;
  const indexesOf = async () =>
    TEST_DB === 'sqlite'
      ? (
          await sql<{
            name: string;
            sql: string | null;
          }>`select name, sql from sqlite_master where type = 'index' and tbl_name = 'learners' order by name`.execute(
            db,
          )
        ).rows
      : (
          await sql<{
            name: string;
            sql: string;
          }>`select indexname as name, indexdef as sql from pg_indexes where schemaname = current_schema() and tablename = 'learners' order by indexname`.execute(
            db,
          )
        ).rows;

  beforeAll(async () => {
    old = await openOldDatabase('skillcert-0032-');
    database = old.database;
    db = database.db as unknown as Kysely<any>;
    await migrateTo(database.db, '0031_job_subject', ctx);
  });

  afterAll(async () => {
    await old?.close();
  });

  it('before: SQLite refuses a second row with the same sealed text; after: it takes it, and nothing else changed', async () => {
    await db
      .insertInto('regions')
      .values({
        code: '410000',
        name: '河南省',
        level: 'province',
        parent_code: null,
        path: '/410000/',
        updated_at: now,
      })
      .execute();
    const { inst, occ } = await oldInstitutionAndOccupation(db, '评价机构', now);
    for (const [i, p] of ['甲', '乙', '丙'].entries())
      await db
        .insertInto('learners')
        .values(person(p, `f1.k.sealed-${i}`, `hash-${i}`))
        .execute();
    // the last id is used, then deleted: the counter stays above the largest id
    await db.deleteFrom('learners').where('id', '=', 3).execute();
    await db
      .insertInto('certificates')
      .values({
        number: 'Y000041000009264000001',
        kind: 'skill',
        institution_id: inst.id,
        learner_id: 2,
        occupation_id: occ.id,
        level: 4,
        pathway: 'exam',
        issued_on: '2026-06-28',
        status: 'valid',
        verify_code: 'CODE000000',
        fee: 0,
        holder_name: '乙',
        holder_id_type: 'resident_id',
        holder_id_number_enc: 'f1.k.sealed-1',
        holder_id_number_hash: 'hash-1',
        institution_name: '评价机构',
        filing_no: 'Y000041000009',
        occupation_code: '6-31-01-03',
        occupation_name: '电工',
        issued_by: 0,
        created_at: now,
      })
      .execute();
    const sameSealed = () =>
      db
        .insertInto('learners')
        .values(person('丁', 'f1.k.sealed-0', 'hash-9'))
        .execute();
    if (TEST_DB === 'sqlite') await expect(sameSealed()).rejects.toThrow(/UNIQUE/);

    const rowsBefore = await db.selectFrom('learners').selectAll().orderBy('id').execute();
    const indexesBefore = await indexesOf();
    expect(await migrateToLatest(database.db, ctx)).toContain('0032_learners_sealed_unique');

    expect(await db.selectFrom('learners').selectAll().orderBy('id').execute()).toEqual(rowsBefore);
    const indexesAfter = await indexesOf();
    // SQLite: the constraint's own index (no SQL of its own) went, every named index is as it was
    const named = (xs: { name: string; sql: string | null }[]) => xs.filter((x) => x.sql !== null);
    expect(named(indexesAfter)).toEqual(named(indexesBefore));
    if (TEST_DB === 'sqlite') {
      expect(indexesBefore.filter((x) => x.sql === null)).toHaveLength(1);
      expect(indexesAfter.filter((x) => x.sql === null)).toHaveLength(0);
      expect(Number((await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db)).rows[0].foreign_keys)).toBe(
        1,
      );
    } else expect(indexesAfter).toEqual(indexesBefore);

    // the same sealed text is taken now, under the next id after the deleted one
    await sameSealed();
    const added = await db.selectFrom('learners').select('id').where('name', '=', '丁').executeTakeFirstOrThrow();
    expect(added.id).toBe(4);
    // the identity stays unique by its keyed hash
    await expect(
      db
        .insertInto('learners')
        .values(person('戊', 'f1.k.sealed-7', 'hash-1'))
        .execute(),
    ).rejects.toThrow();
    // the certificates still point at their person, and a missing person is still refused
    const cert = await db.selectFrom('certificates').select('learner_id').executeTakeFirstOrThrow();
    expect(cert.learner_id).toBe(2);
    await expect(db.deleteFrom('learners').where('id', '=', 2).execute()).rejects.toThrow(/FOREIGN KEY|foreign key/);
  });
});
