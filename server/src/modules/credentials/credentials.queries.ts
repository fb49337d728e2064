/** `certificate_credentials` (one signed Open Badges credential per certificate) and `status_list_credentials`. */
import type { Kysely } from 'kysely';
import type { DB, StatusListCredentialTable } from '../../database/schema.js';

type Purpose = StatusListCredentialTable['purpose'];

/** The signed credential's JSON, or null while it waits to be signed (undefined: never claimed). */
export async function credentialJsonOf(db: Kysely<DB>, certificateId: number) {
  const row = await db
    .selectFrom('certificate_credentials')
    .select('credential_json')
    .where('certificate_id', '=', certificateId)
    .executeTakeFirst();
  return row?.credential_json ?? null;
}

/**
 * Claims a certificate for signing: true if this server got it first (primary key) or retook a
 * claim older than `staleClaim` that never finished; false if another server holds it.
 */
export async function claimCredential(db: Kysely<DB>, certificateId: number, now: string, staleClaim: string) {
  const claimed = await db
    .insertInto('certificate_credentials')
    .values({ certificate_id: certificateId, credential_json: null, kid: null, claimed_at: now, signed_at: null })
    .onConflict((oc) =>
      oc
        .column('certificate_id')
        .doUpdateSet({ claimed_at: now })
        .where('certificate_credentials.credential_json', 'is', null)
        .where('certificate_credentials.claimed_at', '<', staleClaim),
    )
    .returning('certificate_id')
    .executeTakeFirst();
  return !!claimed;
}

export async function storeSignedCredential(
  db: Kysely<DB>,
  certificateId: number,
  credentialJson: string,
  kid: string,
  signedAt: string,
) {
  await db
    .updateTable('certificate_credentials')
    .set({ credential_json: credentialJson, kid, signed_at: signedAt })
    .where('certificate_id', '=', certificateId)
    .execute();
}

/** Forgets a certificate's credential, so the background signer signs it afresh. */
export async function dropCredential(db: Kysely<DB>, certificateId: number) {
  await db.deleteFrom('certificate_credentials').where('certificate_id', '=', certificateId).execute();
}

export async function storedStatusList(db: Kysely<DB>, listId: number, purpose: Purpose) {
  const row = await db
    .selectFrom('status_list_credentials')
    .select('credential_json')
    .where('list_id', '=', listId)
    .where('purpose', '=', purpose)
    .executeTakeFirst();
  return row?.credential_json ?? null;
}

export async function storeStatusList(
  db: Kysely<DB>,
  listId: number,
  purpose: Purpose,
  credentialJson: string,
  builtAt: string,
) {
  await db
    .insertInto('status_list_credentials')
    .values({ list_id: listId, purpose, credential_json: credentialJson, built_at: builtAt })
    .onConflict((oc) =>
      oc.columns(['list_id', 'purpose']).doUpdateSet({ credential_json: credentialJson, built_at: builtAt }),
    )
    .execute();
}

/** Drops both lists (revocation and suspension) of one range; they are rebuilt on next request. */
export async function dropStatusLists(db: Kysely<DB>, listId: number) {
  await db.deleteFrom('status_list_credentials').where('list_id', '=', listId).execute();
}
