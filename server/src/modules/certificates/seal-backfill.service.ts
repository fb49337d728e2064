/** Seals for certificates issued before seals existed: run at start, before the server answers verifications. */
import type { Kysely } from 'kysely';
import type { DB } from '../../database/schema.js';
import { sealCertificate } from '../signing/seal.js';
import { unsealedCertificates, updateCertificate } from './certificates.queries.js';

/** Seals certificates that have none; returns how many. */
export async function sealMissing(db: Kysely<DB>, keyDir: string, batch = 1000): Promise<number> {
  let total = 0;
  for (;;) {
    const rows = await unsealedCertificates(db, batch);
    if (!rows.length) return total;
    await db.transaction().execute(async (trx) => {
      for (const r of rows) {
        const { seal, kid } = await sealCertificate(trx, keyDir, r);
        await updateCertificate(trx, r.id, { seal, seal_kid: kid });
      }
    });
    total += rows.length;
  }
}
