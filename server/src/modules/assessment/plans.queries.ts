import type { Kysely } from 'kysely';
import type { DB } from '../../database/schema.js';
import type { Actor } from '../../lib/context.js';
import { whereInScope } from '../regions/scope.js';

const plans = (db: Kysely<DB>) =>
  db
    .selectFrom('evaluation_plans as p')
    .innerJoin('institutions as i', 'i.id', 'p.institution_id')
    .innerJoin('occupations as o', 'o.id', 'p.occupation_id');
const PLAN_COLUMNS = ['i.name as institution_name', 'o.name as occupation_name', 'o.code as occupation_code'] as const;

/** Plans an actor may see: officials by the institution's region, an institution its own. */
export function visiblePlans(db: Kysely<DB>, actor: Actor) {
  return whereInScope(db, plans(db), actor, { region: 'i.region_code', institution: 'p.institution_id' })
    .selectAll('p')
    .select(PLAN_COLUMNS);
}

/** One plan without a scope rule (for its own candidates, who see it through their registration). */
export function planById(db: Kysely<DB>, id: number) {
  return plans(db).selectAll('p').select(PLAN_COLUMNS).where('p.id', '=', id).executeTakeFirstOrThrow();
}

export function registrationWithLearner(db: Kysely<DB>, id: number) {
  return db
    .selectFrom('registrations as r')
    .innerJoin('learners as l', 'l.id', 'r.learner_id')
    .select(['r.id', 'r.plan_id', 'r.status', 'l.name', 'l.id_number', 'l.user_id'])
    .where('r.id', '=', id)
    .executeTakeFirst();
}
export type PlanRow = NonNullable<Awaited<ReturnType<ReturnType<typeof visiblePlans>['executeTakeFirst']>>>;

export function planExists(db: Kysely<DB>, id: number) {
  return db.selectFrom('evaluation_plans').select('id').where('id', '=', id).executeTakeFirst();
}

export function registrationsOf(db: Kysely<DB>, planId: number) {
  return db
    .selectFrom('registrations as r')
    .innerJoin('learners as l', 'l.id', 'r.learner_id')
    .selectAll('r')
    .select(['l.name', 'l.id_type', 'l.id_number', 'l.student_type', 'l.graduation_year', 'l.in_school'])
    .where('r.plan_id', '=', planId)
    .orderBy('r.id')
    .execute();
}
export type RegistrationRow = Awaited<ReturnType<typeof registrationsOf>>[number];

/** The current (latest) score version per registration and part, with its confirmation. */
export async function currentScores(db: Kysely<DB>, planId: number) {
  const rows = await db
    .selectFrom('score_entries as e')
    .innerJoin('registrations as r', 'r.id', 'e.registration_id')
    .leftJoin('score_confirmations as c', 'c.entry_id', 'e.id')
    .select([
      'e.id',
      'e.registration_id',
      'e.part',
      'e.version',
      'e.score_x10',
      'e.reason',
      'e.entered_by',
      'e.entered_at',
      'c.confirmed_by',
      'c.confirmed_at',
    ])
    .where('r.plan_id', '=', planId)
    .orderBy('e.registration_id')
    .orderBy('e.part')
    .orderBy('e.version')
    .execute();
  const latest = new Map<string, (typeof rows)[number]>();
  for (const r of rows) latest.set(`${r.registration_id}:${r.part}`, r);
  return { latest, all: rows };
}
