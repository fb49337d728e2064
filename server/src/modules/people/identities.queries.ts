/** The identity documents of people, read for display by the one module that holds them. */
import type { Kysely } from 'kysely';
import type { DB } from '../../database/schema.js';

/** Name and identity document of each listed person (any number of ids, in chunks the drivers accept). */
export async function identityRows(db: Kysely<DB>, ids: readonly number[]) {
  const unique = [...new Set(ids)];
  const out: {
    id: number;
    name: string;
    id_type: string;
    id_number_enc: string;
    gender: string | null;
    birth_date: string | null;
  }[] = [];
  for (let i = 0; i < unique.length; i += 500)
    out.push(
      ...(await db
        .selectFrom('learners')
        .select(['id', 'name', 'id_type', 'id_number_enc', 'gender', 'birth_date'])
        .where('id', 'in', unique.slice(i, i + 500))
        .execute()),
    );
  return out;
}
