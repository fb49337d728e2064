/** The `evaluation_specs` and `spec_reviews` tables (INST-7). */
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { DB, EvaluationSpecTable, SpecReviewTable } from '../../database/schema.js';
import type { Actor } from '../../lib/context.js';
import { whereInScope } from '../regions/scope.queries.js';

/** Specifications whose institution the actor may see, with institution and occupation names. */
function visible(db: Kysely<DB>, actor: Actor) {
  const q = db
    .selectFrom('evaluation_specs as e')
    .innerJoin('institutions as i', 'i.id', 'e.institution_id')
    .innerJoin('occupations as o', 'o.id', 'e.occupation_id');
  return whereInScope(db, q, actor, { region: 'i.region_code', institution: 'e.institution_id' })
    .selectAll('e')
    .select([
      'i.name as institution_name',
      'o.name as occupation_name',
      'o.code as occupation_code',
      'o.has_national_standard',
    ]);
}

export function listVisibleSpecs(db: Kysely<DB>, actor: Actor, limit: number) {
  return visible(db, actor).orderBy('e.id', 'desc').limit(limit).execute();
}
export function getVisibleSpec(db: Kysely<DB>, actor: Actor, id: number) {
  return visible(db, actor).where('e.id', '=', id).executeTakeFirst();
}
export type SpecRow = NonNullable<Awaited<ReturnType<typeof getVisibleSpec>>>;

export function specExists(db: Kysely<DB>, id: number) {
  return db.selectFrom('evaluation_specs').select('id').where('id', '=', id).executeTakeFirst();
}

export async function insertSpec(db: Kysely<DB>, row: Insertable<EvaluationSpecTable>) {
  return (await db.insertInto('evaluation_specs').values(row).returning('id').executeTakeFirstOrThrow()).id;
}
export async function updateSpec(db: Kysely<DB>, id: number, patch: Updateable<EvaluationSpecTable>) {
  await db.updateTable('evaluation_specs').set(patch).where('id', '=', id).execute();
}

/** The reviews of a specification with each expert's name and current status. */
export function specReviews(db: Kysely<DB>, specId: number) {
  return db
    .selectFrom('spec_reviews as r')
    .innerJoin('staff as s', 's.id', 'r.expert_id')
    .select(['r.expert_id', 's.name', 's.status', 'r.opinion', 'r.comment', 'r.at'])
    .where('r.spec_id', '=', specId)
    .orderBy('r.id')
    .execute();
}
export function reviewOf(db: Kysely<DB>, specId: number, expertId: number) {
  return db
    .selectFrom('spec_reviews')
    .select('id')
    .where('spec_id', '=', specId)
    .where('expert_id', '=', expertId)
    .executeTakeFirst();
}
export async function insertSpecReview(db: Kysely<DB>, row: Insertable<SpecReviewTable>) {
  await db.insertInto('spec_reviews').values(row).execute();
}
