import type { Insertable, Kysely } from 'kysely';
import type { DB, ScoreEntryTable } from '../../database/schema.js';

/** The current (latest) score version per registration and part, with its confirmation. */
export async function currentScores(db: Kysely<DB>, planId: number) {
  const rows = await db
    .selectFrom('score_entries as e')
    .innerJoin('registrations as r', 'r.id', 'e.registration_id')
    .leftJoin('score_confirmations as c', 'c.entry_id', 'e.id')
    .select([
      'e.id',
      'e.registration_id',
      'e.part',
      'e.version',
      'e.score_x10',
      'e.reason',
      'e.entered_by',
      'e.entered_at',
      'c.confirmed_by',
      'c.confirmed_at',
    ])
    .where('r.plan_id', '=', planId)
    .orderBy('e.registration_id')
    .orderBy('e.part')
    .orderBy('e.version')
    .execute();
  const latest = new Map<string, (typeof rows)[number]>();
  for (const r of rows) latest.set(`${r.registration_id}:${r.part}`, r);
  return { latest, all: rows };
}
/** Current score versions keyed `registrationId:part`. */
export type CurrentScores = Awaited<ReturnType<typeof currentScores>>['latest'];

/** Whether any score (of any part, confirmed or not) has been entered for a registration. */
export async function hasScores(db: Kysely<DB>, registrationId: number) {
  return !!(await db
    .selectFrom('score_entries')
    .select('id')
    .where('registration_id', '=', registrationId)
    .limit(1)
    .executeTakeFirst());
}

export async function insertScoreEntry(db: Kysely<DB>, row: Insertable<ScoreEntryTable>) {
  await db.insertInto('score_entries').values(row).execute();
}

export async function confirmScoreEntry(db: Kysely<DB>, entryId: number, confirmedBy: number, at: string) {
  await db
    .insertInto('score_confirmations')
    .values({ entry_id: entryId, confirmed_by: confirmedBy, confirmed_at: at })
    .execute();
}

export function lastScoreEntry(db: Kysely<DB>, registrationId: number, part: ScoreEntryTable['part']) {
  return db
    .selectFrom('score_entries')
    .selectAll()
    .where('registration_id', '=', registrationId)
    .where('part', '=', part)
    .orderBy('version', 'desc')
    .executeTakeFirst();
}

/** Every version of a registration's scores, with who entered and who confirmed each. */
export function scoreLedger(db: Kysely<DB>, registrationId: number) {
  return db
    .selectFrom('score_entries as e')
    .leftJoin('score_confirmations as c', 'c.entry_id', 'e.id')
    .leftJoin('users as u', 'u.id', 'e.entered_by')
    .leftJoin('users as v', 'v.id', 'c.confirmed_by')
    .select([
      'e.part',
      'e.version',
      'e.score_x10',
      'e.reason',
      'e.entered_at',
      'u.display_name as entered_by',
      'c.confirmed_at',
      'v.display_name as confirmed_by',
    ])
    .where('e.registration_id', '=', registrationId)
    .orderBy('e.part')
    .orderBy('e.version')
    .execute();
}
