/**
 * Graduates and their certificates (CERT-9, 毕业生持证情况): per school and graduation year, in the
 * actor's scope. A school's graduates are its imported roster of the graduating class where it has
 * one (graduating-class.queries.ts: every student, registered for anything or not), else the
 * learners it recorded with that graduation year. It reads `certificates` and the recorded 1+X
 * certificates only to ask whether a valid one exists.
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
  let roster = db
    .selectFrom('graduating_classes as g')
    .innerJoin('learners as l', 'l.id', 'g.learner_id')
    .innerJoin('institutions as i', 'i.id', 'g.school_institution_id')
    .where('g.graduation_year', '=', f.graduationYear);
  let records = db
    .selectFrom('learners as l')
    .innerJoin('institutions as i', 'i.id', 'l.school_institution_id')
    .where('l.graduation_year', '=', f.graduationYear)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('graduating_classes as r')
            .select('r.id')
            .whereRef('r.school_institution_id', '=', 'l.school_institution_id')
            .where('r.graduation_year', '=', f.graduationYear),
        ),
      ),
    );
  if (f.schoolId) {
    roster = roster.where('g.school_institution_id', '=', f.schoolId);
    records = records.where('l.school_institution_id', '=', f.schoolId);
  }
  roster = whereInScope(db, roster, actor, { region: 'i.region_code', institution: 'g.school_institution_id' });
  records = whereInScope(db, records, actor, { region: 'i.region_code', institution: 'l.school_institution_id' });
  const rows = roster
    .select([
      'l.id as id',
      'l.name as name',
      'l.id_type as id_type',
      'l.id_number_enc as id_number_enc',
      sql<string | null>`coalesce(g.major, l.major)`.as('major'),
      'i.id as school_id',
      'i.name as school_name',
      sql<number>`1`.as('from_roster'),
    ])
    .unionAll(
      records.select([
        'l.id as id',
        'l.name as name',
        'l.id_type as id_type',
        'l.id_number_enc as id_number_enc',
        'l.major as major',
        'i.id as school_id',
        'i.name as school_name',
        sql<number>`0`.as('from_roster'),
      ]),
    );
  return db.selectFrom(rows.as('l'));
}

// a valid skill certificate, a recorded 1+X certificate, or a valid recorded 国家职业资格证书 or
// 专项职业能力证书 (CERT-9, seed 001 三.1 “国家职业资格证书、职业技能等级证书、专项职业能力证书等各类职业技能证书”)
const holdsValid = sql`(exists (select 1 from certificates c where c.learner_id = l.id and c.status = 'valid')
  or exists (select 1 from one_plus_x_holdings h where h.learner_id = l.id)
  or exists (select 1 from other_certificates oc where oc.learner_id = l.id and oc.status = 'valid'
    and oc.kind in ('qualification', 'special_ability')))`;
const holds = sql<number>`case when ${holdsValid} then 1 else 0 end`;

/** Per school: graduates, how many hold at least one valid certificate, and whether they come from an imported roster. */
export function graduateCertificationBySchool(db: Kysely<DB>, actor: Actor, f: GraduateFilter) {
  return graduates(db, actor, f)
    .select([
      'l.school_id',
      'l.school_name',
      (eb) => eb.fn.countAll<number>().as('total'),
      (eb) => eb.fn.sum<number>(holds).as('certified'),
      (eb) => eb.fn.max<number>('l.from_roster').as('from_roster'),
    ])
    .groupBy(['l.school_id', 'l.school_name'])
    .orderBy('l.school_name')
    .execute();
}

/** Graduates without a valid certificate, by school, at most `limit`. */
export function graduatesWithoutCertificate(db: Kysely<DB>, actor: Actor, f: GraduateFilter, limit: number) {
  return graduates(db, actor, f)
    .select(['l.id', 'l.name', 'l.id_type', 'l.id_number_enc', 'l.major', 'l.school_name'])
    .where(sql<boolean>`not ${holdsValid}`)
    .orderBy('l.school_name')
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
