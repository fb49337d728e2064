/**
 * The pathway tables: imported 1+X holdings, enterprise partnerships and the pathway records
 * that end in a certificate (CERT-3..6); competitions are in competitions.queries.ts.
 */
import type { Insertable, Kysely } from 'kysely';
import type {
  DB,
  EnterprisePartnershipTable,
  OnePlusXHoldingTable,
  PathwayRecordTable,
} from '../../database/schema.js';

// ---------------------------------------------------------------- pathway records
export async function insertPathwayRecord(db: Kysely<DB>, row: Insertable<PathwayRecordTable>) {
  return (await db.insertInto('pathway_records').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** The record already made from a source (a holding, a competition …), if any. */
export function recordFromSource(db: Kysely<DB>, sourceType: string, sourceId: number) {
  return db
    .selectFrom('pathway_records')
    .select('id')
    .where('source_type', '=', sourceType)
    .where('source_id', '=', sourceId)
    .executeTakeFirst();
}

/** A learner's record on one pathway in one year (CERT-5: one promotion per year). */
export function recordOfYear(db: Kysely<DB>, learnerId: number, pathway: PathwayRecordTable['pathway'], year: number) {
  return db
    .selectFrom('pathway_records')
    .select('id')
    .where('learner_id', '=', learnerId)
    .where('pathway', '=', pathway)
    .where('year', '=', year)
    .executeTakeFirst();
}

/** An institution's records with learner, occupation and certificate number, newest first. */
export function recordsOfInstitution(db: Kysely<DB>, institutionId: number, limit: number) {
  return db
    .selectFrom('pathway_records as r')
    .innerJoin('learners as l', 'l.id', 'r.learner_id')
    .innerJoin('occupations as o', 'o.id', 'r.occupation_id')
    .leftJoin('certificates as c', 'c.id', 'r.certificate_id')
    .select([
      'r.id',
      'r.pathway',
      'r.level',
      'r.year',
      'r.evidence_json',
      'r.created_at',
      'l.name',
      'o.name as occupation_name',
      'c.number',
    ])
    .where('r.institution_id', '=', institutionId)
    .orderBy('r.id', 'desc')
    .limit(limit)
    .execute();
}

// ---------------------------------------------------------------- 1+X holdings (CERT-3)
export function holdingNumberTaken(db: Kysely<DB>, number: string) {
  return db.selectFrom('one_plus_x_holdings').select('id').where('number', '=', number).executeTakeFirst();
}

export async function insertHolding(db: Kysely<DB>, row: Insertable<OnePlusXHoldingTable>) {
  return (await db.insertInto('one_plus_x_holdings').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** A holding with its certificate's name and mapped occupation. */
export function holdingWithCertificate(db: Kysely<DB>, id: number) {
  return db
    .selectFrom('one_plus_x_holdings as h')
    .innerJoin('one_plus_x_certificates as x', 'x.id', 'h.certificate_id')
    .select([
      'h.id',
      'h.learner_id',
      'h.level',
      'h.number',
      'h.imported_by_institution',
      'x.name',
      'x.mapped_occupation_id',
    ])
    .where('h.id', '=', id)
    .executeTakeFirst();
}

// ---------------------------------------------------------------- enterprise partnerships (CERT-6)
/** Saves the agreement between an enterprise and a school (one per pair; a new one replaces the old). */
export async function savePartnership(db: Kysely<DB>, row: Insertable<EnterprisePartnershipTable>) {
  const r = await db
    .insertInto('enterprise_partnerships')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['enterprise_id', 'school_id'])
        .doUpdateSet({ agreement: row.agreement, valid_from: row.valid_from, valid_until: row.valid_until }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export function partnershipOf(db: Kysely<DB>, enterpriseId: number, schoolId: number) {
  return db
    .selectFrom('enterprise_partnerships')
    .selectAll()
    .where('enterprise_id', '=', enterpriseId)
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
}

/** The agreements an institution is party to, as enterprise or as school, with both names. */
export function partnershipsOf(db: Kysely<DB>, institutionId: number) {
  return db
    .selectFrom('enterprise_partnerships as p')
    .innerJoin('institutions as s', 's.id', 'p.school_id')
    .innerJoin('institutions as e', 'e.id', 'p.enterprise_id')
    .select([
      'p.id',
      'p.enterprise_id',
      'e.name as enterprise_name',
      'p.school_id',
      's.name as school_name',
      'p.agreement',
      'p.valid_from',
      'p.valid_until',
    ])
    .where((eb) => eb.or([eb('p.enterprise_id', '=', institutionId), eb('p.school_id', '=', institutionId)]))
    .orderBy('p.id', 'desc')
    .execute();
}

/** A page of one pathway's decisions that issued a certificate (the issued-certificate review). */
export function certifyingRecordsAfter(
  db: Kysely<DB>,
  pathway: 'recognition' | 'process' | 'competition' | 'enterprise',
  afterId: number,
  limit: number,
) {
  return db
    .selectFrom('pathway_records')
    .select([
      'id',
      'certificate_id',
      'institution_id',
      'learner_id',
      'occupation_id',
      'level',
      'source_type',
      'source_id',
      'evidence_json',
      'created_at',
    ])
    .where('pathway', '=', pathway)
    .where('id', '>', afterId)
    .where('certificate_id', 'is not', null)
    .$narrowType<{ certificate_id: number }>()
    .orderBy('id')
    .limit(limit)
    .execute();
}
