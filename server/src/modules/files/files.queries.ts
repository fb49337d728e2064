/**
 * Stored files (evidence, photos): content-addressed blobs in `evidence_blobs`, shared by every
 * module that keeps an uploaded file. The owner of the table; other modules call these functions.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../database/schema.js';

/** Stores `content` once per SHA-256 (a second upload of the same bytes is a no-op) and returns the digest. */
export async function putBlob(db: Kysely<DB>, content: Buffer): Promise<string> {
  const sha256 = createHash('sha256').update(content).digest('hex');
  await db
    .insertInto('evidence_blobs')
    .values({ sha256, content, size: content.length })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
  return sha256;
}

/** The bytes stored under `sha256`, or null. */
export async function getBlob(db: Kysely<DB>, sha256: string): Promise<Buffer | null> {
  const row = await db.selectFrom('evidence_blobs').select('content').where('sha256', '=', sha256).executeTakeFirst();
  return row ? Buffer.from(row.content) : null;
}
