/** An account's second factor (动态口令): its TOTP secret and single-use recovery codes. */
import type { Kysely } from 'kysely';
import type { DB, SecondFactorRow } from '../../database/schema.js';

export function findSecondFactor(db: Kysely<DB>, userId: number): Promise<SecondFactorRow | undefined> {
  return db.selectFrom('second_factors').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

/** Starts (or restarts) an enrolment: the new secret (sealed) waits for its first code. */
export async function putPendingSecondFactor(db: Kysely<DB>, userId: number, secretEnc: string, at: string) {
  await db.deleteFrom('second_factors').where('user_id', '=', userId).execute();
  await db
    .insertInto('second_factors')
    .values({ user_id: userId, secret_enc: secretEnc, created_at: at, confirmed_at: null, last_time_step: null })
    .execute();
}

export async function confirmSecondFactor(db: Kysely<DB>, userId: number, at: string, timeStep: number) {
  await db
    .updateTable('second_factors')
    .set({ confirmed_at: at, last_time_step: timeStep })
    .where('user_id', '=', userId)
    .execute();
}

/**
 * Records the time step of an accepted code, only if it is later than the last one: 0 rows
 * changed means another request used this code (or a later one) first.
 */
export async function advanceTimeStep(db: Kysely<DB>, userId: number, timeStep: number): Promise<boolean> {
  const r = await db
    .updateTable('second_factors')
    .set({ last_time_step: timeStep })
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('last_time_step', 'is', null), eb('last_time_step', '<', timeStep)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Removes the second factor and its recovery codes (administrator reset). */
export async function deleteSecondFactor(db: Kysely<DB>, userId: number) {
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  await db.deleteFrom('second_factors').where('user_id', '=', userId).execute();
}

export async function replaceRecoveryCodes(db: Kysely<DB>, userId: number, hashes: string[], at: string) {
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  if (hashes.length)
    await db
      .insertInto('recovery_codes')
      .values(hashes.map((code_hash) => ({ user_id: userId, code_hash, created_at: at, used_at: null })))
      .execute();
}

export function unusedRecoveryCodes(db: Kysely<DB>, userId: number) {
  return db
    .selectFrom('recovery_codes')
    .select(['id', 'code_hash'])
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .orderBy('id')
    .execute();
}

/** Spends a recovery code; false when it was spent meanwhile. */
export async function spendRecoveryCode(db: Kysely<DB>, id: number, at: string): Promise<boolean> {
  const r = await db
    .updateTable('recovery_codes')
    .set({ used_at: at })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function countUnusedRecoveryCodes(db: Kysely<DB>, userId: number): Promise<number> {
  const r = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Sealed secrets after a user id, in order: key rotation re-seals them. */
export const sealedSecretsAfter = (db: Kysely<DB>, afterUserId: number, limit: number) =>
  db
    .selectFrom('second_factors')
    .select(['user_id', 'secret_enc'])
    .where('user_id', '>', afterUserId)
    .orderBy('user_id')
    .limit(limit)
    .execute();

/** How many secrets there are to look at (key rotation's progress). */
export const countSealedSecrets = async (db: Kysely<DB>) =>
  Number(
    (
      await db
        .selectFrom('second_factors')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

export const setSealedSecret = (db: Kysely<DB>, userId: number, secretEnc: string) =>
  db.updateTable('second_factors').set({ secret_enc: secretEnc }).where('user_id', '=', userId).execute();
