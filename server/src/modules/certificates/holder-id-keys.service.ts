/** Re-sealing the holders' ID numbers on certificates after a data key rotation (`npm run keys:rotate-data`). */
import type { Kysely } from 'kysely';
import type { DB } from '../../database/schema.js';
import type { PersonalData } from '../../lib/personal-data.js';
import { sealedHolderIdsAfter, setSealedHolderId } from './certificates.queries.js';
import { HOLDER_ID } from './holder-id.js';

/**
 * Re-seals every holder number not under the current key, a batch at a time; returns how many.
 * The value it seals is the same number, so the seal (which signs the plain number) still holds.
 */
export async function resealHolderIds(
  db: Kysely<DB>,
  pd: PersonalData,
  batch = 500,
  onRows?: (looked: number) => void,
): Promise<number> {
  let after = 0;
  let n = 0;
  for (;;) {
    const rows = await sealedHolderIdsAfter(db, after, batch);
    if (!rows.length) return n;
    after = rows[rows.length - 1].id;
    onRows?.(rows.length);
    const stale = rows.filter((r) => !pd.cipher.isCurrent(r.holder_id_number_enc));
    if (!stale.length) continue;
    await db.transaction().execute(async (trx) => {
      for (const r of stale)
        await setSealedHolderId(
          trx,
          r.id,
          pd.storeIdNumber(HOLDER_ID, pd.openIdNumber(HOLDER_ID, r.holder_id_number_enc)).enc,
        );
    });
    n += stale.length;
  }
}
