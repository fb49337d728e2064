/**
 * `npm run keys:rotate-data`: a new data key for personal data at rest (lib/personal-data.ts),
 * and every sealed value re-sealed under it, a batch at a time, while the platform keeps running.
 *
 * - Key file (`<keyDir>/data-keys.json`): a key is added and made current; older keys stay, so a
 *   value not yet re-sealed still opens. Running app servers read the file again when they meet a
 *   value under a key they do not know; they seal new values under the new key once restarted.
 * - Environment (`SKILLCERT_DATA_KEYS`): the operator puts the new key first in the list on every
 *   app server and restarts them; this then re-seals what is stored under the older keys.
 * - `retireOld`: afterwards (app servers restarted), one more pass; only when nothing is left
 *   under an older key are the older keys removed from the key file.
 * The look-up key is not rotated: the hashes are what people are found by (README "Personal data").
 */
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { DB } from '../database/schema.js';
import { forgetFieldCipher, retireOldFieldKeys, rotateFieldKey } from '../lib/field-crypto.js';
import { forgetPersonalData, personalData } from '../lib/personal-data.js';
import { resealSecondFactorSecrets } from '../modules/accounts/sealed-secrets.service.js';
import { resealHolderIds } from '../modules/certificates/holder-id-keys.service.js';
import { resealIdNumbers } from '../modules/people/id-numbers.service.js';

type KeyConfig = Pick<Config, 'keyDir' | 'dataKeys' | 'lookupKey'>;

export interface RotationResult {
  /** the key values are now sealed under */
  current: string;
  /** a key was added (key file), or the environment's first key was used */
  added: string | null;
  resealed: { learners: number; certificates: number; secondFactors: number };
  /** keys removed from the key file (retireOld) */
  retired: string[];
}

/** Re-seals every value not under the current key; returns how many per table. */
export async function resealAll(db: Kysely<DB>, config: KeyConfig) {
  const pd = personalData(config);
  return {
    learners: await resealIdNumbers(db, pd),
    certificates: await resealHolderIds(db, pd),
    secondFactors: await resealSecondFactorSecrets(db, pd),
  };
}

export async function rotateDataKeys(
  db: Kysely<DB>,
  config: KeyConfig,
  opts: { resealOnly?: boolean; retireOld?: boolean } = {},
): Promise<RotationResult> {
  const fromEnvironment = !!(config.dataKeys || config.lookupKey);
  let added: string | null = null;
  if (!fromEnvironment && !opts.resealOnly && !opts.retireOld) {
    personalData(config); // the key file exists (made on first use) before a key is added to it
    added = rotateFieldKey(config.keyDir);
  }
  forgetFieldCipher(config.keyDir);
  forgetPersonalData(config);
  const resealed = await resealAll(db, config);
  let retired: string[] = [];
  if (opts.retireOld) {
    if (fromEnvironment)
      throw new Error('数据密钥来自环境变量：请从 SKILLCERT_DATA_KEYS 中删去旧密钥并重启各应用服务器');
    // a second pass: anything written under an older key since the first one
    const again = await resealAll(db, config);
    if (again.learners + again.certificates + again.secondFactors > 0)
      throw new Error('仍有数据在旧密钥下写入：请先重启所有应用服务器（使其用新密钥加密），再执行 --retire-old');
    retired = retireOldFieldKeys(config.keyDir);
    forgetPersonalData(config);
  }
  return { current: personalData(config).cipher.currentKid, added, resealed, retired };
}
