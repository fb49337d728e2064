/** Second-factor secrets are sealed at rest (lib/personal-data.ts): re-sealing them after a key rotation. */
import type { Kysely } from 'kysely';
import type { DB } from '../../database/schema.js';
import type { PersonalData } from '../../lib/personal-data.js';
import { sealedSecretsAfter, setSealedSecret } from './second-factor.queries.js';

/** Re-seals every secret not under the current key, a batch at a time; returns how many. */
export async function resealSecondFactorSecrets(
  db: Kysely<DB>,
  pd: PersonalData,
  batch = 500,
  onRows?: (looked: number) => void,
): Promise<number> {
  let after = 0;
  let n = 0;
  for (;;) {
    const rows = await sealedSecretsAfter(db, after, batch);
    if (!rows.length) return n;
    after = rows[rows.length - 1].user_id;
    onRows?.(rows.length);
    const stale = rows.filter((r) => !pd.cipher.isCurrent(r.secret_enc));
    if (!stale.length) continue;
    await db.transaction().execute(async (trx) => {
      for (const r of stale)
        await setSealedSecret(
          trx,
          r.user_id,
          pd.sealSecret('second_factors.secret', pd.openSecret('second_factors.secret', r.secret_enc)),
        );
    });
    n += stale.length;
  }
}
