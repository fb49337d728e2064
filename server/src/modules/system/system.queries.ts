import { sql, type Kysely } from 'kysely';
import type { DB } from '../../database/schema.js';

/** A round trip to the database (the health check); throws when it does not answer. */
export async function pingDatabase(db: Kysely<DB>): Promise<void> {
  await sql`select 1`.execute(db);
}
