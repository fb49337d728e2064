/** People's names by id, for lists that show a person (masked by the caller where the view asks). */
import type { Kysely } from 'kysely';
import type { DB } from '../../database/schema.js';

export async function learnerNames(db: Kysely<DB>, ids: readonly number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 1000) {
    const rows = await db
      .selectFrom('learners')
      .select(['id', 'name'])
      .where('id', 'in', unique.slice(i, i + 1000))
      .execute();
    for (const r of rows) out.set(r.id, r.name);
  }
  return out;
}
