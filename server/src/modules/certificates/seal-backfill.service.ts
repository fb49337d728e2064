/** Seals for certificates issued before seals existed: run at start, before the server answers verifications. */
import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { DB } from '../../database/schema.js';
import { personalData } from '../../lib/personal-data.js';
import { sealCertificate } from '../signing/seal.js';
import { unsealedCertificates, updateCertificate } from './certificates.queries.js';
import { sealedFieldsOf } from './holder-id.js';

/** Seals certificates that have none; returns how many. */
export async function sealMissing(
  db: Kysely<DB>,
  config: Pick<Config, 'keyDir' | 'dataKeys' | 'lookupKey'>,
  batch = 1000,
): Promise<number> {
  const pd = personalData(config);
  let total = 0;
  for (;;) {
    const rows = await unsealedCertificates(db, batch);
    if (!rows.length) return total;
    await db.transaction().execute(async (trx) => {
      for (const r of rows) {
        const { seal, kid } = await sealCertificate(trx, config.keyDir, sealedFieldsOf(pd, r));
        await updateCertificate(trx, r.id, { seal, seal_kid: kid });
      }
    });
    total += rows.length;
  }
}
