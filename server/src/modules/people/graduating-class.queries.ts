/**
 * 毕业生名册 (CERT-9): each school's graduating class as the school imported it, the denominator of
 * certificate coverage — students who never registered for anything are on it too.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../database/schema.js';
import { regionCodesUnder } from '../regions/regions.queries.js';

/** Replaces a school's roster for a graduation year with these students (one import is the whole class). */
export async function replaceGraduatingClass(
  db: Kysely<DB>,
  schoolId: number,
  year: number,
  rows: { learnerId: number; major: string | null }[],
  by: number,
  at: string,
) {
  await db
    .deleteFrom('graduating_classes')
    .where('school_institution_id', '=', schoolId)
    .where('graduation_year', '=', year)
    .execute();
  const values = rows.map((r) => ({
    school_institution_id: schoolId,
    graduation_year: year,
    learner_id: r.learnerId,
    major: r.major,
    imported_by: by,
    imported_at: at,
  }));
  for (let i = 0; i < values.length; i += 500)
    await db
      .insertInto('graduating_classes')
      .values(values.slice(i, i + 500))
      .execute();
}

/** The rosters a school has imported: per graduation year, students and when. */
export async function rostersOf(db: Kysely<DB>, schoolId: number) {
  const rows = await db
    .selectFrom('graduating_classes')
    .select((eb) => [
      'graduation_year',
      eb.fn.countAll<number>().as('students'),
      eb.fn.max('imported_at').as('imported_at'),
    ])
    .where('school_institution_id', '=', schoolId)
    .groupBy('graduation_year')
    .orderBy('graduation_year', 'desc')
    .execute();
  return rows.map((r) => ({ year: r.graduation_year, students: Number(r.students), importedAt: r.imported_at }));
}

/**
 * CERT-9 coverage of the imported rosters, per school of a region subtree (or one school): the
 * class of `year`, and how many of them hold, on `asOf`, a valid skill certificate, a recorded
 * 1+X certificate, or a valid recorded 国家职业资格证书 or 专项职业能力证书 issued on or before that day (any occupation, any issuer: students may certify
 * outside their major).
 */
export async function rosterCoverageBySchool(
  db: Kysely<DB>,
  scope: { regionPath: string } | { institutionId: number },
  year: number,
  asOf: string,
) {
  let q = db
    .selectFrom('graduating_classes as g')
    .innerJoin('institutions as i', 'i.id', 'g.school_institution_id')
    .where('g.graduation_year', '=', year);
  q =
    'regionPath' in scope
      ? q.where('i.region_code', 'in', regionCodesUnder(db, scope.regionPath))
      : q.where('g.school_institution_id', '=', scope.institutionId);
  const holds = sql<number>`case when exists (
      select 1 from certificates c where c.learner_id = g.learner_id and c.status = 'valid' and c.issued_on <= ${asOf}
    ) or exists (
      select 1 from one_plus_x_holdings h where h.learner_id = g.learner_id and h.issued_on <= ${asOf}
    ) or exists (
      select 1 from other_certificates oc where oc.learner_id = g.learner_id and oc.status = 'valid'
        and oc.kind in ('qualification', 'special_ability') and oc.issued_on <= ${asOf}
    ) then 1 else 0 end`;
  const rows = await q
    .select((eb) => [
      'i.id as school_id',
      'i.region_code',
      eb.fn.countAll<number>().as('total'),
      eb.fn.sum<number>(holds).as('certified'),
    ])
    .groupBy(['i.id', 'i.region_code'])
    .execute();
  return rows.map((r) => ({
    schoolId: r.school_id,
    regionCode: r.region_code,
    total: Number(r.total),
    certified: Number(r.certified ?? 0),
  }));
}
