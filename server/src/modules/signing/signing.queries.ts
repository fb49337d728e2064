/** The `signing_keys` table: the public half of every key that ever signed (private halves stay in the key directory). */
import type { Insertable, Kysely } from 'kysely';
import type { DB, SigningKeyTable } from '../../database/schema.js';

/** Keys still in use, newest first. */
export const activeSigningKeyIds = (db: Kysely<DB>) =>
  db.selectFrom('signing_keys').select(['kid']).where('retired_at', 'is', null).orderBy('created_at', 'desc').execute();

export async function insertSigningKey(db: Kysely<DB>, row: Insertable<SigningKeyTable>) {
  await db.insertInto('signing_keys').values(row).execute();
}

export async function retireActiveSigningKeys(db: Kysely<DB>, retiredAt: string) {
  await db.updateTable('signing_keys').set({ retired_at: retiredAt }).where('retired_at', 'is', null).execute();
}

export const signingKey = (db: Kysely<DB>, kid: string) =>
  db.selectFrom('signing_keys').selectAll().where('kid', '=', kid).executeTakeFirst();

/** Every key that ever signed, oldest first. */
export const allSigningKeys = (db: Kysely<DB>) =>
  db.selectFrom('signing_keys').selectAll().orderBy('created_at').execute();
