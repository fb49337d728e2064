/**
 * Graduates and their certificates (CERT-9, 毕业生持证情况): per school and graduation year, in the
 * actor's scope. A report over `learners`; it reads `certificates` only to ask whether a valid one exists.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../database/schema.js';
import type { Actor } from '../../lib/context.js';
import { whereInScope } from '../regions/scope.queries.js';

export interface GraduateFilter {
  graduationYear: number;
  schoolId?: number;
}

function graduates(db: Kysely<DB>, actor: Actor, f: GraduateFilter) {
  let q = db
    .selectFrom('learners as l')
    .innerJoin('institutions as i', 'i.id', 'l.school_institution_id')
    .where('l.graduation_year', '=', f.graduationYear);
  if (f.schoolId) q = q.where('l.school_institution_id', '=', f.schoolId);
  return whereInScope(db, q, actor, { region: 'i.region_code', institution: 'l.school_institution_id' });
}

const holdsValid = sql`exists (select 1 from certificates c where c.learner_id = l.id and c.status = 'valid')`;
const holds = sql<number>`case when ${holdsValid} then 1 else 0 end`;

/** Per school: graduates, and how many hold at least one valid certificate. */
export function graduateCertificationBySchool(db: Kysely<DB>, actor: Actor, f: GraduateFilter) {
  return graduates(db, actor, f)
    .select([
      'i.id as school_id',
      'i.name as school_name',
      (eb) => eb.fn.countAll<number>().as('total'),
      (eb) => eb.fn.sum<number>(holds).as('certified'),
    ])
    .groupBy(['i.id', 'i.name'])
    .orderBy('i.name')
    .execute();
}

/** Graduates without a valid certificate, by school, at most `limit`. */
export function graduatesWithoutCertificate(db: Kysely<DB>, actor: Actor, f: GraduateFilter, limit: number) {
  return graduates(db, actor, f)
    .select(['l.id', 'l.name', 'l.id_type', 'l.id_number_enc', 'l.major', 'i.name as school_name'])
    .where(sql<boolean>`not ${holdsValid}`)
    .orderBy('i.name')
    .orderBy('l.id')
    .limit(limit)
    .execute();
}

/** A student or graduate of a school in the actor's scope (the coverage report's people), or undefined. */
export function visibleGraduate(db: Kysely<DB>, actor: Actor, learnerId: number) {
  const q = db
    .selectFrom('learners as l')
    .innerJoin('institutions as i', 'i.id', 'l.school_institution_id')
    .select(['l.id', 'l.id_type', 'l.id_number_enc'])
    .where('l.id', '=', learnerId);
  return whereInScope(db, q, actor, {
    region: 'i.region_code',
    institution: 'l.school_institution_id',
  }).executeTakeFirst();
}

export function learnerExists(db: Kysely<DB>, learnerId: number) {
  return db.selectFrom('learners').select('id').where('id', '=', learnerId).executeTakeFirst();
}
