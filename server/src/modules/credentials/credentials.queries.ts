/**
 * `certificate_credentials` (one signed Open Badges credential per certificate), `status_list_credentials`
 * `credential_reissue` (credentials signed in an older shape, to sign afresh) and
 * `credential_signing_batches` (each signing batch run: the measured rate).
 */
import { sql, type Kysely } from 'kysely';
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
 * Claims a certificate for signing (a lease): true if this server got it first (primary key) or
 * retook a claim older than `staleClaim` that never finished (its server died or lost the
 * database); false if another server holds it. Two servers claiming at once: one inserts, the
 * other's insert meets the row and takes it only if that claim is stale.
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

/**
 * Stores a signed credential, only while the claim made at `claimedAt` is still this server's and
 * nothing is stored yet: a server whose lease was taken over meanwhile stores nothing, so each
 * certificate is signed into the table once. True if stored.
 */
export async function storeSignedCredential(
  db: Kysely<DB>,
  certificateId: number,
  credentialJson: string,
  kid: string,
  signedAt: string,
  claimedAt: string,
) {
  const r = await db
    .updateTable('certificate_credentials')
    .set({ credential_json: credentialJson, kid, signed_at: signedAt })
    .where('certificate_id', '=', certificateId)
    .where('claimed_at', '=', claimedAt)
    .where('credential_json', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * `claimCredential` for a batch in one statement (one commit: on SQLite each commit is an fsync
 * that holds up the request thread): the ids this server got, each as `claimCredential` decides.
 */
export async function claimCredentials(db: Kysely<DB>, certificateIds: number[], now: string, staleClaim: string) {
  if (!certificateIds.length) return [];
  const rows = await db
    .insertInto('certificate_credentials')
    .values(
      certificateIds.map((id) => ({
        certificate_id: id,
        credential_json: null,
        kid: null,
        claimed_at: now,
        signed_at: null,
      })),
    )
    .onConflict((oc) =>
      oc
        .column('certificate_id')
        .doUpdateSet({ claimed_at: now })
        .where('certificate_credentials.credential_json', 'is', null)
        .where('certificate_credentials.claimed_at', '<', staleClaim),
    )
    .returning('certificate_id')
    .execute();
  return rows.map((r) => r.certificate_id);
}

/** `storeSignedCredential` for a batch claimed at once, in one statement; how many were stored. */
export async function storeSignedCredentials(
  db: Kysely<DB>,
  signed: { certificateId: number; json: string }[],
  kid: string,
  signedAt: string,
  claimedAt: string,
) {
  if (!signed.length) return 0;
  const json = sql<string>`case certificate_id ${sql.join(
    signed.map((x) => sql`when ${x.certificateId} then ${x.json}`),
    sql` `,
  )} end`;
  const r = await db
    .updateTable('certificate_credentials')
    .set({ credential_json: json, kid, signed_at: signedAt })
    .where(
      'certificate_id',
      'in',
      signed.map((x) => x.certificateId),
    )
    .where('claimed_at', '=', claimedAt)
    .where('credential_json', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Credentials queued to be signed afresh, with when their current copy was signed (null: none now). */
export async function credentialsToReissue(db: Kysely<DB>, limit: number) {
  const rows = await db
    .selectFrom('credential_reissue as q')
    .leftJoin('certificate_credentials as cc', 'cc.certificate_id', 'q.certificate_id')
    .select(['q.certificate_id', 'cc.signed_at'])
    .orderBy('q.certificate_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ certificateId: r.certificate_id, signedAt: r.signed_at ?? null }));
}

/**
 * Replaces a re-signed credential, only if the copy it replaces is still the one signed at
 * `signedAt` (a correction meanwhile wins), and takes it off the queue; true if replaced.
 */
export async function storeReissuedCredential(
  db: Kysely<DB>,
  certificateId: number,
  signedAt: string | null,
  credentialJson: string | null,
  kid: string,
  now: string,
) {
  return db.transaction().execute(async (trx) => {
    let replaced = false;
    if (credentialJson && signedAt) {
      const r = await trx
        .updateTable('certificate_credentials')
        .set({ credential_json: credentialJson, kid, signed_at: now })
        .where('certificate_id', '=', certificateId)
        .where('signed_at', '=', signedAt)
        .executeTakeFirst();
      replaced = Number(r.numUpdatedRows) > 0;
    }
    await trx.deleteFrom('credential_reissue').where('certificate_id', '=', certificateId).execute();
    return replaced;
  });
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

/** Records a signing batch and forgets those that ended before `forgetBefore`. */
export async function recordSigningBatch(
  db: Kysely<DB>,
  b: { started_at: string; finished_at: string; signed: number; threads: number },
  forgetBefore: string,
) {
  await db.insertInto('credential_signing_batches').values(b).execute();
  await db.deleteFrom('credential_signing_batches').where('finished_at', '<', forgetBefore).execute();
}

/** Signing batches that ended at or after `since`, oldest first. */
export function signingBatchesSince(db: Kysely<DB>, since: string) {
  return db
    .selectFrom('credential_signing_batches')
    .select(['started_at', 'finished_at', 'signed'])
    .where('finished_at', '>=', since)
    .orderBy('finished_at')
    .execute();
}
