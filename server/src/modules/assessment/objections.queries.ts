import type { Insertable, Kysely, Updateable } from 'kysely';
import type { DB, ObjectionTable } from '../../database/schema.js';

export async function insertObjection(db: Kysely<DB>, row: Insertable<ObjectionTable>) {
  return (await db.insertInto('objections').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function objectionById(db: Kysely<DB>, id: number) {
  return db.selectFrom('objections').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateObjection(db: Kysely<DB>, id: number, patch: Updateable<ObjectionTable>) {
  await db.updateTable('objections').set(patch).where('id', '=', id).execute();
}

/** The objections raised in a plan, oldest first, with the candidate's name. */
export function objectionsOfPlan(db: Kysely<DB>, planId: number) {
  return db
    .selectFrom('objections as o')
    .innerJoin('registrations as r', 'r.id', 'o.registration_id')
    .innerJoin('learners as l', 'l.id', 'r.learner_id')
    .select([
      'o.id',
      'o.registration_id',
      'l.name',
      'o.text',
      'o.status',
      'o.resolution',
      'o.created_at',
      'o.resolved_at',
    ])
    .where('r.plan_id', '=', planId)
    .orderBy('o.id')
    .execute();
}

export async function openObjectionCount(db: Kysely<DB>, planId: number) {
  const open = await db
    .selectFrom('objections as o')
    .innerJoin('registrations as r', 'r.id', 'o.registration_id')
    .select('o.id')
    .where('r.plan_id', '=', planId)
    .where('o.status', '=', 'open')
    .execute();
  return open.length;
}
