import type { Insertable, Kysely, Updateable } from 'kysely';
import type { DB, EvaluationPlanTable } from '../../database/schema.js';
import type { Actor } from '../../lib/context.js';
import { whereInScope } from '../regions/scope.queries.js';

const plans = (db: Kysely<DB>) =>
  db
    .selectFrom('evaluation_plans as p')
    .innerJoin('institutions as i', 'i.id', 'p.institution_id')
    .innerJoin('occupations as o', 'o.id', 'p.occupation_id');
const PLAN_COLUMNS = [
  'i.name as institution_name',
  'i.school_type as institution_school_type',
  'o.name as occupation_name',
  'o.code as occupation_code',
] as const;

/** Plans an actor may see: officials by the institution's region, an institution its own. */
export function visiblePlans(db: Kysely<DB>, actor: Actor) {
  return whereInScope(db, plans(db), actor, { region: 'i.region_code', institution: 'p.institution_id' })
    .selectAll('p')
    .select(PLAN_COLUMNS);
}
export type PlanRow = NonNullable<Awaited<ReturnType<ReturnType<typeof visiblePlans>['executeTakeFirst']>>>;
export type PlanStatus = PlanRow['status'];

/** One plan without a scope rule (for its own candidates, who see it through their registration). */
export function planById(db: Kysely<DB>, id: number) {
  return plans(db).selectAll('p').select(PLAN_COLUMNS).where('p.id', '=', id).executeTakeFirstOrThrow();
}

export function planExists(db: Kysely<DB>, id: number) {
  return db.selectFrom('evaluation_plans').select('id').where('id', '=', id).executeTakeFirst();
}

/** A plan whose results are public (the statuses are passed in), for the anonymous publicity list. */
export function publicPlan(db: Kysely<DB>, id: number, statuses: readonly PlanStatus[]) {
  return plans(db)
    .select([
      'p.id',
      'p.title',
      'p.level',
      'p.status',
      'p.occupation_id',
      'p.publicity_until',
      'p.results_published_at',
      'i.name as institution_name',
      'o.name as occupation_name',
    ])
    .where('p.id', '=', id)
    .where('p.status', 'in', statuses)
    .executeTakeFirst();
}

export async function insertPlan(db: Kysely<DB>, row: Insertable<EvaluationPlanTable>) {
  return (await db.insertInto('evaluation_plans').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updatePlan(db: Kysely<DB>, id: number, patch: Updateable<EvaluationPlanTable>) {
  await db.updateTable('evaluation_plans').set(patch).where('id', '=', id).execute();
}
