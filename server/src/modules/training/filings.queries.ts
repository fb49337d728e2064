/** 跨区域培训报备 (TRAIN-13): a provider's filings with the HRSS of the places where it trains. */
import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { DB, TrainingFilingTable } from '../../database/schema.js';
import type { Actor } from '../../lib/context.js';
import { regionCodesUnder } from '../regions/regions.queries.js';

const joined = (db: Kysely<DB>) =>
  db
    .selectFrom('training_filings as f')
    .innerJoin('training_providers as p', 'p.id', 'f.provider_id')
    .innerJoin('institutions as i', 'i.id', 'p.institution_id')
    .innerJoin('regions as r', 'r.code', 'f.region_code')
    .selectAll('f')
    .select([
      'i.name as provider_name',
      'i.region_code as provider_region_code',
      'r.name as region_name',
      'r.path as region_path',
    ]);

/**
 * Filings an actor may see: the provider its own; an official those made to a place in the region
 * subtree (the HRSS of the place) or by a provider in it.
 */
export function visibleFilings(db: Kysely<DB>, actor: Actor) {
  const q = joined(db);
  if (actor.regionPath) {
    const under = regionCodesUnder(db, actor.regionPath);
    return q.where((eb) => eb.or([eb('f.region_code', 'in', under), eb('i.region_code', 'in', under)]));
  }
  if (actor.institutionId) return q.where('p.institution_id', '=', actor.institutionId);
  return q.where(sql<boolean>`1 = 0`);
}
export type FilingRow = NonNullable<Awaited<ReturnType<ReturnType<typeof visibleFilings>['executeTakeFirst']>>>;

export const filingExists = (db: Kysely<DB>, id: number) =>
  db.selectFrom('training_filings').select('id').where('id', '=', id).executeTakeFirst();

export const filingsOfProvider = (db: Kysely<DB>, providerId: number) =>
  joined(db).where('f.provider_id', '=', providerId).orderBy('f.id', 'desc').execute();

export async function insertFiling(db: Kysely<DB>, row: Insertable<TrainingFilingTable>) {
  return (await db.insertInto('training_filings').values(row).returning('id').executeTakeFirstOrThrow()).id;
}
export async function updateFiling(db: Kysely<DB>, id: number, patch: Updateable<TrainingFilingTable>) {
  await db.updateTable('training_filings').set(patch).where('id', '=', id).execute();
}

/** TRAIN-13: an approved filing of the provider with this place that covers the whole period. */
export const approvedFilingCovering = (
  db: Kysely<DB>,
  providerId: number,
  regionCode: string,
  from: string,
  until: string,
) =>
  db
    .selectFrom('training_filings')
    .select(['id', 'valid_from', 'valid_until'])
    .where('provider_id', '=', providerId)
    .where('region_code', '=', regionCode)
    .where('status', '=', 'approved')
    .where('valid_from', '<=', from)
    .where('valid_until', '>=', until)
    .orderBy('id', 'desc')
    .executeTakeFirst();
