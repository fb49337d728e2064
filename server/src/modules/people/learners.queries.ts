/** The `learners` table: one row per person (证件类型 + 证件号码), whatever roles or records they have. */
import { sql, type Kysely } from 'kysely';
import type { DB, LearnerSituationChangeTable, LearnerTable } from '../../database/schema.js';
import type { Insertable, Updateable } from 'kysely';
import {
  bulkInsert,
  foreignKeyViolations,
  insertJsonRows,
  updateJsonRows,
  type BulkTarget,
} from '../../database/bulk.js';
import { inIds, inTexts } from '../../database/sql-helpers.js';

export const learnerById = (db: Kysely<DB>, id: number) =>
  db.selectFrom('learners').selectAll().where('id', '=', id).executeTakeFirst();

/** Many people by id (in no particular order). */
export async function learnersByIds(db: Kysely<DB>, ids: number[]) {
  if (!ids.length) return [];
  return db
    .selectFrom('learners')
    .selectAll()
    .where(inIds(db, 'id', ids))
    .execute();
}

/** The person with this document, by the keyed hash of its number (lib/personal-data.ts). */
export const learnerByIdentity = (db: Kysely<DB>, idType: LearnerTable['id_type'], idNumberHash: string) =>
  db
    .selectFrom('learners')
    .selectAll()
    .where('id_type', '=', idType)
    .where('id_number_hash', '=', idNumberHash)
    .executeTakeFirst();

/** The people with these documents of one type (their numbers' keyed hashes), each with the name of the school on record. */
export async function learnersByIdentities(
  db: Kysely<DB>,
  idType: LearnerTable['id_type'],
  idNumberHashes: readonly string[],
) {
  if (!idNumberHashes.length) return [];
  return db
    .selectFrom('learners as l')
    .leftJoin('institutions as i', 'i.id', 'l.school_institution_id')
    .selectAll('l')
    .select('i.name as school_name')
    .where('l.id_type', '=', idType)
    .where(inTexts(db, 'l.id_number_hash', idNumberHashes))
    .execute();
}

/** The person behind a learner account, if the account is linked to one. */
export const learnerIdOfUser = async (db: Kysely<DB>, userId: number) =>
  (await db.selectFrom('learners').select('id').where('user_id', '=', userId).executeTakeFirst())?.id ?? null;

/** A new person's row: what is given, everything else empty (no student data, not in school, no photo or account). */
export function learnerRow(
  f: Pick<Insertable<LearnerTable>, 'name' | 'id_type' | 'id_number_enc' | 'id_number_hash'> &
    Partial<Insertable<LearnerTable>>,
  nowIso: string,
): Insertable<LearnerTable> {
  return {
    gender: null,
    birth_date: null,
    phone: null,
    student_type: null,
    school_institution_id: null,
    major: null,
    graduation_year: null,
    in_school: 0,
    photo_sha256: null,
    user_id: null,
    created_at: nowIso,
    updated_at: nowIso,
    ...f,
  };
}

/**
 * Inserts a new person unless one with the same identity document exists, committed or being
 * committed by a concurrent transaction (PostgreSQL waits for it): the inserted row, or undefined
 * when the identity is taken. No unique-key error is raised, so the caller's transaction lives on.
 */
export async function insertLearnerIfAbsent(db: Kysely<DB>, values: Insertable<LearnerTable>) {
  const r = await db
    .insertInto('learners')
    .values(values)
    .onConflict((oc) => oc.columns(['id_type', 'id_number_hash']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r ? db.selectFrom('learners').selectAll().where('id', '=', r.id).executeTakeFirstOrThrow() : undefined;
}

/**
 * `insertLearnerIfAbsent` for many people in one statement: the rows inserted, with their ids; an
 * identity taken (by a concurrent transaction) is left out of the answer, not an error.
 */
export async function insertLearnersIfAbsent(db: Kysely<DB>, rows: readonly Insertable<LearnerTable>[]) {
  return insertJsonRows<{ id: number; id_type: LearnerTable['id_type']; id_number_hash: string }>(
    db,
    'learners',
    rows as readonly Record<string, unknown>[],
    ['id', 'id_type', 'id_number_hash'],
    ['id_type', 'id_number_hash'],
  );
}

export const setLearnerPhotoSha = (db: Kysely<DB>, learnerId: number, sha256: string, nowIso: string) =>
  db.updateTable('learners').set({ photo_sha256: sha256, updated_at: nowIso }).where('id', '=', learnerId).execute();

/** The learners of `userId`'s account, as a subquery for `where learner_id in (…)`. */
export const learnerIdsOfUserQuery = (db: Kysely<DB>, userId: number) =>
  db.selectFrom('learners').select('id').where('user_id', '=', userId);

/** A learner's student situation columns, with the name of the school on record. */
export const learnerSituationRow = (db: Kysely<DB>, learnerId: number) =>
  db
    .selectFrom('learners as l')
    .leftJoin('institutions as i', 'i.id', 'l.school_institution_id')
    .select([
      'l.student_type',
      'l.school_institution_id',
      'i.name as school_name',
      'l.major',
      'l.graduation_year',
      'l.in_school',
    ])
    .where('l.id', '=', learnerId)
    .executeTakeFirstOrThrow();

/** Many situation changes in one statement, in the order given. */
export async function insertSituationChanges(db: Kysely<DB>, rows: readonly Insertable<LearnerSituationChangeTable>[]) {
  await insertJsonRows(db, 'learner_situation_changes', rows as readonly Record<string, unknown>[]);
}

/** Sets the situation columns of many people in one statement (`rows` carry `id` and the same columns). */
export async function updateLearners(db: Kysely<DB>, rows: readonly ({ id: number } & Updateable<LearnerTable>)[]) {
  await updateJsonRows(db, 'learners', rows);
}

/** The situation history of a learner, oldest first, with the name of the institution the data came from. */
export const situationChangesOf = (db: Kysely<DB>, learnerId: number) =>
  db
    .selectFrom('learner_situation_changes as c')
    .leftJoin('institutions as i', 'i.id', 'c.institution_id')
    .selectAll('c')
    .select('i.name as institution_name')
    .where('c.learner_id', '=', learnerId)
    .orderBy('c.id')
    .execute();

/** One person's sealed number and its hash, to check at start-up that the keys fit the data. */
export const anySealedIdentity = (db: Kysely<DB>) =>
  db.selectFrom('learners').select(['id', 'id_number_enc', 'id_number_hash']).orderBy('id').limit(1).executeTakeFirst();

/** Sealed numbers after an id, in id order: key rotation re-seals them a batch at a time. */
export const sealedIdNumbersAfter = (db: Kysely<DB>, afterId: number, limit: number) =>
  db
    .selectFrom('learners')
    .select(['id', 'id_number_enc'])
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();

/** How many sealed numbers there are to look at (key rotation's progress). */
export const countSealedIdNumbers = async (db: Kysely<DB>) =>
  Number(
    (
      await db
        .selectFrom('learners')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

export const setSealedIdNumber = (db: Kysely<DB>, learnerId: number, enc: string) =>
  db.updateTable('learners').set({ id_number_enc: enc }).where('id', '=', learnerId).execute();

/** The secondary indexes of `learners` a bulk load builds once at its end (`database/bulk.ts`). */
export const LEARNER_DEFERRABLE_INDEXES = [
  'learners_identity_hash_uq',
  'learners_school_idx',
  'learners_user_idx',
] as const;

/** The columns of a bulk load of people, in the order `insertLearnersBulk` takes their values (without the columns it is given one value for). */
export const LEARNER_BULK_COLUMNS = [
  'id',
  'name',
  'id_type',
  'id_number_enc',
  'id_number_hash',
  'gender',
  'birth_date',
  'in_school',
  'created_at',
  'updated_at',
] as const;

/**
 * Inserts many people with ids chosen by the caller (the generator numbers them after
 * `maxLearnerId`), inside the caller's transaction; `syncLearnerIds` afterwards on PostgreSQL.
 */
export function insertLearnersBulk(
  target: BulkTarget,
  values: readonly unknown[],
  fixed: Readonly<Record<string, string | number>> = {},
) {
  return bulkInsert(target, 'learners', LEARNER_BULK_COLUMNS, values, fixed);
}

/** People whose school or account is missing (a bulk load checks no foreign key row by row on SQLite). */
export function learnersMissingParents(target: BulkTarget) {
  return foreignKeyViolations(target, ['learners']);
}

export async function maxLearnerId(db: Kysely<DB>): Promise<number> {
  const r = await db
    .selectFrom('learners')
    .select((eb) => eb.fn.max<number>('id').as('id'))
    .executeTakeFirst();
  return Number(r?.id ?? 0);
}

/** After ids were given explicitly: PostgreSQL's identity continues after the largest (SQLite does by itself). */
export async function syncLearnerIds(db: Kysely<DB>, dialect: 'sqlite' | 'postgres') {
  if (dialect === 'postgres')
    await sql`select setval(pg_get_serial_sequence('learners', 'id'), greatest((select max(id) from learners), 1))`.execute(
      db,
    );
}

/** Whether a person with this document's hash exists (the generator's resume point). */
export async function learnerExists(db: Kysely<DB>, idType: LearnerTable['id_type'], idNumberHash: string) {
  const r = await db
    .selectFrom('learners')
    .select('id')
    .where('id_type', '=', idType)
    .where('id_number_hash', '=', idNumberHash)
    .executeTakeFirst();
  return !!r;
}
