/** What waits for a school on its home page (工作台待办): candidates to review, scores to confirm, plans in publicity. */
import type { Kysely } from 'kysely';
import type { DB } from '../../database/schema.js';

/** Registrations waiting for a manual eligibility decision (CERT-2). */
export async function countPendingRegistrations(db: Kysely<DB>, institutionId: number) {
  const r = await db
    .selectFrom('registrations as r')
    .innerJoin('evaluation_plans as p', 'p.id', 'r.plan_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('p.institution_id', '=', institutionId)
    .where('r.status', '=', 'pending')
    .where('p.status', '!=', 'cancelled')
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Score entries nobody has confirmed yet (CERT-11: two people). */
export async function countUnconfirmedScores(db: Kysely<DB>, institutionId: number) {
  const r = await db
    .selectFrom('score_entries as e')
    .innerJoin('registrations as r', 'r.id', 'e.registration_id')
    .innerJoin('evaluation_plans as p', 'p.id', 'r.plan_id')
    .leftJoin('score_confirmations as c', 'c.entry_id', 'e.id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('p.institution_id', '=', institutionId)
    .where('p.status', 'in', ['published', 'results_published'])
    .where('c.id', 'is', null)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Plans whose results are in their publicity period on `today`. */
export async function countPlansInPublicity(db: Kysely<DB>, institutionId: number, today: string) {
  const r = await db
    .selectFrom('evaluation_plans')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('institution_id', '=', institutionId)
    .where('status', '=', 'results_published')
    .where('publicity_until', '>=', today)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}
