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
import { countSealedSecrets } from '../modules/accounts/second-factor.queries.js';
import { countSealedHolderIds } from '../modules/certificates/certificates.queries.js';
import { countSealedIdNumbers } from '../modules/people/learners.queries.js';

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

/** Progress of a pass over the sealed values: `rows` looked at since the last call, `done` of `total`. */
export type ResealProgress = (p: { pass: number; rows: number; done: number; total: number }) => void;

/**
 * Re-seals every value not under the current key; returns how many per table. `onProgress` is told
 * the rows looked at after each batch, of every sealed value there is (`pass` 1, or 2 for the
 * second pass of `retireOld`).
 */
export async function resealAll(db: Kysely<DB>, config: KeyConfig, onProgress?: ResealProgress, pass = 1) {
  const pd = personalData(config);
  let total = 0;
  let done = 0;
  if (onProgress)
    total = (await countSealedIdNumbers(db)) + (await countSealedHolderIds(db)) + (await countSealedSecrets(db));
  const onRows = onProgress
    ? (rows: number) => {
        done += rows;
        onProgress({ pass, rows, done, total: Math.max(total, done) });
      }
    : undefined;
  return {
    learners: await resealIdNumbers(db, pd, undefined, onRows),
    certificates: await resealHolderIds(db, pd, undefined, onRows),
    secondFactors: await resealSecondFactorSecrets(db, pd, undefined, onRows),
  };
}

export async function rotateDataKeys(
  db: Kysely<DB>,
  config: KeyConfig,
  opts: { resealOnly?: boolean; retireOld?: boolean; onProgress?: ResealProgress } = {},
): Promise<RotationResult> {
  const fromEnvironment = !!(config.dataKeys || config.lookupKey);
  let added: string | null = null;
  if (!fromEnvironment && !opts.resealOnly && !opts.retireOld) {
    personalData(config); // the key file exists (made on first use) before a key is added to it
    added = rotateFieldKey(config.keyDir);
  }
  forgetFieldCipher(config.keyDir);
  forgetPersonalData(config);
  const resealed = await resealAll(db, config, opts.onProgress);
  let retired: string[] = [];
  if (opts.retireOld) {
    if (fromEnvironment)
      throw new Error('数据密钥来自环境变量：请从 SKILLCERT_DATA_KEYS 中删去旧密钥并重启各应用服务器');
    // a second pass: anything written under an older key since the first one
    const again = await resealAll(db, config, opts.onProgress, 2);
    if (again.learners + again.certificates + again.secondFactors > 0)
      throw new Error('仍有数据在旧密钥下写入：请先重启所有应用服务器（使其用新密钥加密），再执行 --retire-old');
    retired = retireOldFieldKeys(config.keyDir);
    forgetPersonalData(config);
  }
  return { current: personalData(config).cipher.currentKid, added, resealed, retired };
}
