/**
 * Frozen: credentials signed before Open Badges 3.0 schema conformance (two `credentialStatus`
 * entries, one `proof` object) are re-issued in the background in the new shape (one Bitstring
 * Status List entry carrying both revocation and suspension, `proof` as an array). This queue names
 * them; the signer empties it. Copies already handed out keep verifying: the old revocation and
 * suspension lists are still published.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('credential_reissue')
    .addColumn('certificate_id', 'integer', (c) => c.primaryKey().references('certificates.id'))
    .execute();
  await sql`insert into credential_reissue (certificate_id)
    select certificate_id from certificate_credentials where credential_json is not null`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are frozen');
}
