/**
 * The pathway tables: recorded 1+X holdings, enterprise–school agreements and the pathway
 * records that end in a certificate (CERT-3..6); competitions are in competitions.queries.ts.
 */
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { DB, OnePlusXHoldingTable, PartnershipTable, PathwayRecordTable } from '../../database/schema.js';
import type { Actor } from '../../lib/context.js';
import { regionCodesUnder } from '../regions/regions.queries.js';

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

function holdingsBase(db: Kysely<DB>) {
  return db
    .selectFrom('one_plus_x_holdings as h')
    .innerJoin('one_plus_x_certificates as x', 'x.id', 'h.certificate_id')
    .innerJoin('learners as l', 'l.id', 'h.learner_id')
    .leftJoin('occupations as o', 'o.id', 'x.mapped_occupation_id')
    .selectAll('h')
    .select([
      'x.name as certificate_name',
      'x.mapped_occupation_id',
      'o.name as mapped_occupation_name',
      'l.name',
      'l.school_institution_id',
      'l.student_type',
      'l.in_school',
      'l.graduation_year',
    ]);
}
export type HoldingRow = NonNullable<Awaited<ReturnType<typeof holdingOf>>>;

/** One holding recorded by the institution, with its certificate, mapped occupation and student. */
export function holdingOf(db: Kysely<DB>, institutionId: number, id: number) {
  return holdingsBase(db)
    .where('h.id', '=', id)
    .where('h.imported_by_institution', '=', institutionId)
    .executeTakeFirst();
}

/** The holdings an institution recorded, newest first. */
export function holdingsOf(db: Kysely<DB>, institutionId: number, limit: number) {
  return holdingsBase(db)
    .where('h.imported_by_institution', '=', institutionId)
    .orderBy('h.id', 'desc')
    .limit(limit)
    .execute();
}

/** Marks a holding used for a recognition, if it is not yet: true when this call did (CERT-3: once). */
export async function claimHolding(db: Kysely<DB>, id: number, at: string): Promise<boolean> {
  const r = await db
    .updateTable('one_plus_x_holdings')
    .set({ recognised_at: at })
    .where('id', '=', id)
    .where('recognised_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---------------------------------------------------------------- enterprise–school agreements (CERT-6)
export async function insertPartnership(db: Kysely<DB>, row: Insertable<PartnershipTable>) {
  return (await db.insertInto('partnerships').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/**
 * Moves an agreement on from the status it was read in; false when another request moved it first
 * (the update matches no row then), so two answers to one proposal cannot both succeed.
 */
export async function updatePartnership(
  db: Kysely<DB>,
  id: number,
  fromStatus: PartnershipTable['status'],
  patch: Updateable<PartnershipTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('partnerships')
    .set(patch)
    .where('id', '=', id)
    .where('status', '=', fromStatus)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

function partnershipsBase(db: Kysely<DB>) {
  return db
    .selectFrom('partnerships as p')
    .innerJoin('institutions as e', 'e.id', 'p.enterprise_id')
    .innerJoin('institutions as s', 's.id', 'p.school_id')
    .leftJoin('regions as r', 'r.code', 'p.recorded_region_code')
    .selectAll('p')
    .select(['e.name as enterprise_name', 's.name as school_name', 'r.name as recorded_region_name']);
}
export type PartnershipRow = NonNullable<Awaited<ReturnType<typeof partnershipById>>>;

export function partnershipById(db: Kysely<DB>, id: number) {
  return partnershipsBase(db).where('p.id', '=', id).executeTakeFirst();
}

/** The open agreement (proposed or accepted) of an enterprise with a school, if any: a pair has one at a time. */
export function openPartnershipOf(db: Kysely<DB>, enterpriseId: number, schoolId: number) {
  return db
    .selectFrom('partnerships')
    .select(['id', 'status'])
    .where('enterprise_id', '=', enterpriseId)
    .where('school_id', '=', schoolId)
    .where('status', 'in', ['proposed', 'accepted'])
    .executeTakeFirst();
}

/**
 * The agreements an actor sees: an institution those it is party to, as enterprise or school; an
 * official the agreements recorded (accepted, then perhaps ended) where either party lies in the
 * official's region subtree; anyone else none. Newest first.
 */
export function partnershipsVisibleTo(db: Kysely<DB>, actor: Actor, limit: number) {
  let q = partnershipsBase(db);
  if (actor.regionPath) {
    const under = regionCodesUnder(db, actor.regionPath);
    q = q
      .where('p.recorded_department', 'is not', null)
      .where((eb) => eb.or([eb('e.region_code', 'in', under), eb('s.region_code', 'in', under)]));
  } else if (actor.institutionId) {
    const me = actor.institutionId;
    q = q.where((eb) => eb.or([eb('p.enterprise_id', '=', me), eb('p.school_id', '=', me)]));
  } else return Promise.resolve([]);
  return q.orderBy('p.id', 'desc').limit(limit).execute();
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

// ---------------------------------------------------------------- what progress counts (CERT-8, docs/METRICS.md)
/** One recorded 1+X certificate as progress counts it: its date, the recording school, the mapped occupation. */
export function holdingCountingFacts(db: Kysely<DB>, id: number) {
  return db
    .selectFrom('one_plus_x_holdings as h')
    .innerJoin('one_plus_x_certificates as x', 'x.id', 'h.certificate_id')
    .select(['h.id', 'h.issued_on', 'h.imported_by_institution', 'x.mapped_occupation_id'])
    .where('h.id', '=', id)
    .executeTakeFirst();
}

/** Recorded 1+X certificates per issue date × recording school × mapped occupation (0 when none): the full recount. */
export async function recountHoldings(db: Kysely<DB>) {
  const rows = await db
    .selectFrom('one_plus_x_holdings as h')
    .innerJoin('one_plus_x_certificates as x', 'x.id', 'h.certificate_id')
    .select((eb) => [
      'h.issued_on as day',
      'h.imported_by_institution as institution_id',
      eb.fn.coalesce('x.mapped_occupation_id', eb.lit(0)).as('occupation_id'),
      eb.fn.countAll<number>().as('n'),
    ])
    .groupBy(['h.issued_on', 'h.imported_by_institution', 'x.mapped_occupation_id'])
    .execute();
  return rows.map((r) => ({ ...r, occupation_id: Number(r.occupation_id), level: 0, n: Number(r.n) }));
}
