import type { Insertable, Kysely, Updateable } from 'kysely';
import type { DB, LearnerTable, RegistrationDecisionTable, RegistrationTable } from '../../database/schema.js';
import { insertJsonRows, updateJsonRows } from '../../database/bulk.js';
import { inIds } from '../../database/sql-helpers.js';

export function registrationById(db: Kysely<DB>, id: number) {
  return db.selectFrom('registrations').selectAll().where('id', '=', id).executeTakeFirst();
}

export function registrationWithLearner(db: Kysely<DB>, id: number) {
  return db
    .selectFrom('registrations as r')
    .innerJoin('learners as l', 'l.id', 'r.learner_id')
    .select(['r.id', 'r.plan_id', 'r.status', 'r.learner_id', 'l.name', 'l.id_type', 'l.id_number_enc', 'l.user_id'])
    .where('r.id', '=', id)
    .executeTakeFirst();
}

/** A registration with the institution whose plan it is in. */
export function registrationInstitution(db: Kysely<DB>, id: number) {
  return db
    .selectFrom('registrations as r')
    .innerJoin('evaluation_plans as p', 'p.id', 'r.plan_id')
    .select(['r.learner_id', 'p.institution_id'])
    .where('r.id', '=', id)
    .executeTakeFirst();
}

export function registrationsOf(db: Kysely<DB>, planId: number) {
  return db
    .selectFrom('registrations as r')
    .innerJoin('learners as l', 'l.id', 'r.learner_id')
    .selectAll('r')
    .select(['l.name', 'l.id_type', 'l.id_number_enc', 'l.student_type', 'l.graduation_year', 'l.in_school'])
    .where('r.plan_id', '=', planId)
    .orderBy('r.id')
    .execute();
}
export type RegistrationRow = Awaited<ReturnType<typeof registrationsOf>>[number];

/** Id and status of every registration in a plan. */
export function registrationStatuses(db: Kysely<DB>, planId: number) {
  return db.selectFrom('registrations').select(['id', 'status']).where('plan_id', '=', planId).execute();
}

export async function eligibleRegistrationIds(db: Kysely<DB>, planId: number) {
  const rows = await db
    .selectFrom('registrations')
    .select('id')
    .where('plan_id', '=', planId)
    .where('status', '=', 'eligible')
    .execute();
  return rows.map((r) => r.id);
}

/** Those among the given people who are registered in the plan (whatever the status). */
export async function registeredAmongLearners(db: Kysely<DB>, planId: number, learnerIds: readonly number[]) {
  if (!learnerIds.length) return new Set<number>();
  const rows = await db
    .selectFrom('registrations')
    .select('learner_id')
    .where('plan_id', '=', planId)
    .where(inIds(db, 'learner_id', learnerIds))
    .execute();
  return new Set(rows.map((r) => Number(r.learner_id)));
}

/**
 * People of a plan among the given ID numbers (their keyed hashes, of the given document types),
 * with their registration's status. The types let the look-up go through the identity index
 * (type, hash) rather than through every registration of the plan, which a roster being
 * imported grows chunk by chunk.
 */
export async function registeredAmong(
  db: Kysely<DB>,
  planId: number,
  idTypes: readonly LearnerTable['id_type'][],
  idNumberHashes: readonly string[],
  /** lets other requests run between slices (a long roster) */
  pause?: () => Promise<void>,
) {
  if (!idTypes.length) return [];
  const out = [];
  for (let i = 0; i < idNumberHashes.length; i += 500) {
    await pause?.();
    out.push(
      ...(await db
        .selectFrom('registrations as r')
        .innerJoin('learners as l', 'l.id', 'r.learner_id')
        .select(['l.id_type', 'l.id_number_hash', 'l.name', 'r.id', 'r.status'])
        .where('r.plan_id', '=', planId)
        // the people first (identity index), then their registration in the plan (plan, learner):
        // as a plain join SQLite's planner walked every registration of the plan — 50,000 rows
        // per chunk late in a large roster, tens of milliseconds in one synchronous statement
        .where('r.learner_id', 'in', (eb) =>
          eb
            .selectFrom('learners')
            .select('id')
            .where('id_type', 'in', idTypes)
            .where('id_number_hash', 'in', idNumberHashes.slice(i, i + 500)),
        )
        .execute()),
    );
  }
  return out;
}

/** Valid certificates the given people hold in the plan's occupation (the facts for prior-level routes), by person. */
export async function heldCertificatesAmong(db: Kysely<DB>, planId: number, learnerIds: readonly number[]) {
  const held = new Map<number, { level: number; issuedOn: string }[]>();
  if (!learnerIds.length) return held;
  const rows = await db
    .selectFrom('evaluation_plans as p')
    .innerJoin('certificates as c', 'c.occupation_id', 'p.occupation_id')
    .select(['c.learner_id', 'c.level', 'c.issued_on'])
    .where('p.id', '=', planId)
    .where(inIds(db, 'c.learner_id', learnerIds))
    .where('c.status', '=', 'valid')
    .orderBy('c.id')
    .execute();
  for (const r of rows) {
    const id = Number(r.learner_id);
    let list = held.get(id);
    if (!list) held.set(id, (list = []));
    list.push({ level: r.level, issuedOn: r.issued_on });
  }
  return held;
}

/**
 * Inserts registrations in one statement, in the order given: the ids of those inserted, by person;
 * a person already registered in the plan (by a concurrent request) is left out of the answer.
 */
export async function insertRegistrations(db: Kysely<DB>, rows: readonly Insertable<RegistrationTable>[]) {
  const ids = await insertJsonRows<{ id: number; learner_id: number }>(
    db,
    'registrations',
    rows as readonly Record<string, unknown>[],
    ['id', 'learner_id'],
    ['plan_id', 'learner_id'],
  );
  return new Map(ids.map((r) => [Number(r.learner_id), Number(r.id)]));
}

export async function updateRegistration(db: Kysely<DB>, id: number, patch: Updateable<RegistrationTable>) {
  await db.updateTable('registrations').set(patch).where('id', '=', id).execute();
}

/** Links many registrations to their certificates in one statement. */
export async function linkCertificates(db: Kysely<DB>, links: readonly { id: number; certificate_id: number }[]) {
  await updateJsonRows(db, 'registrations', links);
}

export async function insertDecision(db: Kysely<DB>, row: Insertable<RegistrationDecisionTable>) {
  await db.insertInto('registration_decisions').values(row).execute();
}

/** Many decisions in one statement, in the order given. */
export async function insertDecisions(db: Kysely<DB>, rows: readonly Insertable<RegistrationDecisionTable>[]) {
  await insertJsonRows(db, 'registration_decisions', rows as readonly Record<string, unknown>[]);
}

/** The decision history of the given registrations, oldest first. */
export async function decisionsOf(db: Kysely<DB>, registrationIds: number[]) {
  if (!registrationIds.length) return [];
  return db
    .selectFrom('registration_decisions')
    .selectAll()
    .where('registration_id', 'in', registrationIds)
    .orderBy('id')
    .execute();
}

/** Passed candidates of a plan still without a certificate, in registration order. */
export function passedWithoutCertificate(db: Kysely<DB>, planId: number) {
  return db
    .selectFrom('registrations')
    .select(['id', 'learner_id'])
    .where('plan_id', '=', planId)
    .where('result', '=', 'passed')
    .where('certificate_id', 'is', null)
    .orderBy('id')
    .execute();
}

/** A learner's own registrations (by their user account), newest first, with plan, institution and occupation. */
export function registrationsOfUser(db: Kysely<DB>, userId: number) {
  return db
    .selectFrom('registrations as r')
    .innerJoin('learners as l', 'l.id', 'r.learner_id')
    .innerJoin('evaluation_plans as p', 'p.id', 'r.plan_id')
    .innerJoin('institutions as i', 'i.id', 'p.institution_id')
    .innerJoin('occupations as o', 'o.id', 'p.occupation_id')
    .select([
      'r.id',
      'r.status',
      'r.decision_reason',
      'r.result',
      'r.certificate_id',
      'p.id as plan_id',
      'p.title',
      'p.level',
      'p.status as plan_status',
      'p.publicity_until',
      'p.occupation_id',
      'i.name as institution_name',
      'o.name as occupation_name',
    ])
    .where('l.user_id', '=', userId)
    .orderBy('r.id', 'desc')
    .execute();
}

/** A page of plans that issued certificates (the issued-certificate review walks them one by one). */
export function certifyingPlansAfter(db: Kysely<DB>, afterId: number, limit: number) {
  return db
    .selectFrom('evaluation_plans as p')
    .innerJoin('occupations as o', 'o.id', 'p.occupation_id')
    .select(['p.id', 'p.occupation_id', 'p.level', 'p.institution_id', 'o.name as occupation_name'])
    .where('p.id', '>', afterId)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('registrations as r')
          .select('r.id')
          .whereRef('r.plan_id', '=', 'p.id')
          .where('r.certificate_id', 'is not', null),
      ),
    )
    .orderBy('p.id')
    .limit(limit)
    .execute();
}

/** A plan's registrations that led to a certificate, with the person's student situation. */
export function certifiedRegistrationsOf(db: Kysely<DB>, planId: number) {
  return db
    .selectFrom('registrations as r')
    .innerJoin('learners as l', 'l.id', 'r.learner_id')
    .select([
      'r.id',
      'r.certificate_id',
      'r.created_at',
      'r.outstanding_graduate',
      'r.situation_json',
      'l.student_type',
      'l.graduation_year',
      'l.in_school',
    ])
    .where('r.plan_id', '=', planId)
    .where('r.certificate_id', 'is not', null)
    .$narrowType<{ certificate_id: number }>()
    .orderBy('r.id')
    .execute();
}
