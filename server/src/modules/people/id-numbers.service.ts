/**
 * The people module's side of personal data at rest (lib/personal-data.ts): a new person's row with
 * the number sealed, the start-up check that the keys fit the data, and re-sealing after a key
 * rotation (`npm run keys:rotate-data`).
 */
import type { Insertable, Kysely } from 'kysely';
import type { DB, LearnerTable } from '../../database/schema.js';
import { type PersonalData } from '../../lib/personal-data.js';
import { anySealedIdentity, learnerRow, sealedIdNumbersAfter, setSealedIdNumber } from './learners.queries.js';

/** A new person's row from a plain number (seeds, benchmarks, tests that build people directly). */
export function newPersonRow(
  pd: PersonalData,
  f: Pick<Insertable<LearnerTable>, 'name' | 'id_type'> & { id_number: string } & Partial<Insertable<LearnerTable>>,
  nowIso: string,
): Insertable<LearnerTable> {
  const { id_number, ...rest } = f;
  const stored = pd.storeIdNumber('learners.id_number', id_number);
  return learnerRow({ ...rest, id_number_enc: stored.enc, id_number_hash: stored.hash }, nowIso);
}

/**
 * Refuses to go on with keys that do not fit the data: a lost or replaced key file would
 * otherwise make every stored number unreadable and, worse, every look-up miss, so that known
 * people were registered again. Throws with what to do.
 */
export async function assertIdNumberKeysFit(db: Kysely<DB>, pd: PersonalData): Promise<void> {
  const r = await anySealedIdentity(db);
  if (!r) return;
  let plain: string;
  try {
    plain = pd.openIdNumber('learners.id_number', r.id_number_enc);
  } catch (e) {
    throw new Error(
      `个人信息数据密钥与数据库不符，无法解密证件号码（人员 #${r.id}：${e instanceof Error ? e.message : String(e)}）。` +
        '请恢复原密钥目录中的 data-keys.json，或设置原来的 SKILLCERT_DATA_KEYS / SKILLCERT_LOOKUP_KEY。',
    );
  }
  if (pd.idNumberHash(plain) !== r.id_number_hash)
    throw new Error(
      '个人信息查找密钥（lookup）与数据库不符：按证件号码查找将全部落空。请恢复原 data-keys.json 或原 SKILLCERT_LOOKUP_KEY。',
    );
}

/** Re-seals every person's number not under the current key, a batch at a time; returns how many. */
export async function resealIdNumbers(
  db: Kysely<DB>,
  pd: PersonalData,
  batch = 500,
  onRows?: (looked: number) => void,
): Promise<number> {
  let after = 0;
  let n = 0;
  for (;;) {
    const rows = await sealedIdNumbersAfter(db, after, batch);
    if (!rows.length) return n;
    after = rows[rows.length - 1].id;
    onRows?.(rows.length);
    const stale = rows.filter((r) => !pd.cipher.isCurrent(r.id_number_enc));
    if (!stale.length) continue;
    await db.transaction().execute(async (trx) => {
      for (const r of stale) {
        const plain = pd.openIdNumber('learners.id_number', r.id_number_enc);
        await setSealedIdNumber(trx, r.id, pd.storeIdNumber('learners.id_number', plain).enc);
      }
    });
    n += stale.length;
  }
}
