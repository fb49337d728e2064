/**
 * Fixed-window rate limits kept in the database (`rate_limits`), so every app server counts the
 * same hits: one upsert per key per request, outside any business transaction.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../database/schema.js';
import { dialectOf } from '../../database/sql-helpers.js';

/** Counts a hit on `key` in the current window of `windowSeconds`; returns the hits so far. */
export async function hit(db: Kysely<DB>, key: string, windowSeconds: number, now: Date): Promise<number> {
  const window = Math.floor(now.getTime() / 1000 / windowSeconds);
  // SQLite: the attached `rl` file (no fsync); PostgreSQL: an UNLOGGED table in the same schema
  const r = await (dialectOf(db) === 'sqlite' ? db.withSchema('rl') : db)
    .insertInto('rate_limits')
    .values({ key, window_start: window, hits: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        hits: sql`case when rate_limits.window_start = ${window} then rate_limits.hits + 1 else 1 end`,
        window_start: window,
      }),
    )
    .returning('hits')
    .executeTakeFirstOrThrow();
  return r.hits;
}
