import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import {
  FILING_AWAITING,
  FILING_OPEN_STATUSES,
  FILING_TRANSITIONS,
  type FilingPhase,
} from '../../../../contract/filing-workflow.js';
import type { DB, FilingApplicationTable } from '../../database/schema.js';
import type { Actor } from '../../lib/context.js';
import { whereInScope } from '../regions/scope.queries.js';
import { likeContains } from '../../database/sql-helpers.js';

/** When the application last reached a department: its latest submission or recommendation (INST-2 handling time). */
function reachedAt(eb: ExpressionBuilder<DB & { a: FilingApplicationTable }, 'a'>) {
  return eb
    .selectFrom('filing_steps as s')
    .select((e) => e.fn.max('s.at').as('at'))
    .whereRef('s.application_id', '=', 'a.id')
    .where('s.action', 'in', ['submit', 'recommend'])
    .as('reached_at');
}

/** Applications whose institution the actor may see (the same rule as the registry). */
function visible(db: Kysely<DB>, actor: Actor) {
  const q = db.selectFrom('filing_applications as a').innerJoin('institutions as i', 'i.id', 'a.institution_id');
  return whereInScope(db, q, actor, { region: 'i.region_code', institution: 'a.institution_id' });
}

const LIST_COLUMNS = [
  'a.id',
  'a.institution_id',
  'a.kind',
  'a.status',
  'a.stage',
  'a.review_department',
  'a.review_region_code',
  'a.filing_department',
  'a.filing_region_code',
  'a.submitted_at',
  'a.decided_at',
  'a.created_at',
  'a.updated_at',
  'i.name as institution_name',
] as const;

export interface FilingFilter {
  status?: string;
  institutionId?: number;
  /** part of the institution's name */
  q?: string;
}

export async function listFilings(db: Kysely<DB>, actor: Actor, f: FilingFilter, page: number, pageSize: number) {
  let q = visible(db, actor);
  if (f.status) q = q.where('a.status', '=', f.status as FilingApplicationTable['status']);
  if (f.institutionId) q = q.where('a.institution_id', '=', f.institutionId);
  if (f.q?.trim()) q = q.where('i.name', 'like', likeContains(f.q.trim()));
  const [items, total] = await Promise.all([
    q
      .select(LIST_COLUMNS)
      .select(reachedAt)
      .orderBy('a.updated_at', 'desc')
      .orderBy('a.id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** `a` is in the phase (contract/filing-workflow.ts): its status, and its stage when the phase names one. */
function inPhase(eb: ExpressionBuilder<DB & { a: FilingApplicationTable }, 'a'>, phase: FilingPhase) {
  const [status, stage] = phase.split('@') as [FilingApplicationTable['status'], FilingApplicationTable['stage']?];
  return stage ? eb.and([eb('a.status', '=', status), eb('a.stage', '=', stage)]) : eb('a.status', '=', status);
}

/** The phases with a step left (the workflow table) that no department is awaited in: the applicant's turn. */
const APPLICANT_TURN = [...new Set(Object.values(FILING_TRANSITIONS).flatMap((t) => t.from))].filter(
  (p) => !(p in FILING_AWAITING),
);
/** The columns naming the department (and its region) the route gives each of its two stages. */
const ROUTE_COLUMNS = {
  review: ['a.review_department', 'a.review_region_code'],
  filing: ['a.filing_department', 'a.filing_region_code'],
} as const;

/** Applications waiting for this actor's own department (INST-2 work queue, 待办) or institution. */
export function queueFor(db: Kysely<DB>, actor: Actor) {
  let q = visible(db, actor);
  if (actor.institutionId) {
    q = q.where((eb) => eb.or(APPLICANT_TURN.map((p) => inPhase(eb, p))));
  } else {
    const role = actor.role;
    const region = actor.regionCode ?? '';
    q = q.where((eb) =>
      eb.or(
        Object.entries(FILING_AWAITING).map(([phase, which]) =>
          eb.and([
            inPhase(eb, phase as FilingPhase),
            eb(ROUTE_COLUMNS[which][0], '=', role),
            eb(ROUTE_COLUMNS[which][1], '=', region),
          ]),
        ),
      ),
    );
  }
  return q.select(LIST_COLUMNS).select(reachedAt).orderBy('a.submitted_at').orderBy('a.id').limit(500).execute();
}

export function getVisibleFiling(db: Kysely<DB>, actor: Actor, id: number) {
  return visible(db, actor)
    .selectAll('a')
    .select('i.name as institution_name')
    .select(reachedAt)
    .where('a.id', '=', id)
    .executeTakeFirst();
}
export function filingExists(db: Kysely<DB>, id: number) {
  return db.selectFrom('filing_applications').select('id').where('id', '=', id).executeTakeFirst();
}
export function getFiling(db: Kysely<DB>, id: number) {
  return db.selectFrom('filing_applications').selectAll().where('id', '=', id).executeTakeFirst();
}
export type FilingRow = NonNullable<Awaited<ReturnType<typeof getFiling>>>;

export function openFilingOf(db: Kysely<DB>, institutionId: number) {
  return db
    .selectFrom('filing_applications')
    .select(['id', 'status'])
    .where('institution_id', '=', institutionId)
    .where('status', 'in', FILING_OPEN_STATUSES)
    .executeTakeFirst();
}

export async function insertFiling(db: Kysely<DB>, row: Omit<FilingApplicationTable, 'id'>) {
  return (await db.insertInto('filing_applications').values(row).returning('id').executeTakeFirstOrThrow()).id;
}
export async function updateFiling(db: Kysely<DB>, id: number, patch: Partial<Omit<FilingApplicationTable, 'id'>>) {
  await db.updateTable('filing_applications').set(patch).where('id', '=', id).execute();
}

export function filingScopes(db: Kysely<DB>, applicationId: number) {
  return db
    .selectFrom('filing_application_scopes as s')
    .innerJoin('occupations as o', 'o.id', 's.occupation_id')
    .leftJoin('evaluation_specs as e', 'e.id', 's.spec_id')
    .select([
      's.occupation_id',
      's.level',
      's.spec_id',
      'e.status as spec_status',
      'o.code as occupation_code',
      'o.name as occupation_name',
      'o.has_national_standard',
    ])
    .where('s.application_id', '=', applicationId)
    .orderBy('o.code')
    .orderBy('s.level', 'desc')
    .execute();
}
export async function replaceFilingScopes(
  db: Kysely<DB>,
  applicationId: number,
  scopes: { occupationId: number; level: number; specId?: number | null }[],
) {
  await db.deleteFrom('filing_application_scopes').where('application_id', '=', applicationId).execute();
  if (scopes.length) {
    await db
      .insertInto('filing_application_scopes')
      .values(
        scopes.map((s) => ({
          application_id: applicationId,
          occupation_id: s.occupationId,
          level: s.level,
          spec_id: s.specId ?? null,
        })),
      )
      .execute();
  }
}

export async function insertStep(
  db: Kysely<DB>,
  row: {
    application_id: number;
    action: string;
    actor_id: number | null;
    actor_name: string | null;
    actor_role: string | null;
    department: string | null;
    reason: string | null;
    detail_json: string | null;
    at: string;
  },
) {
  await db.insertInto('filing_steps').values(row).execute();
}
export function filingSteps(db: Kysely<DB>, applicationId: number) {
  return db.selectFrom('filing_steps').selectAll().where('application_id', '=', applicationId).orderBy('id').execute();
}

/** The institution's own evaluation specifications among `ids` (a spec of another institution is not found). */
export function specsOfInstitution(db: Kysely<DB>, institutionId: number, ids: number[]) {
  if (!ids.length) return Promise.resolve([]);
  return db
    .selectFrom('institutions as i')
    .innerJoin('evaluation_specs as e', 'e.institution_id', 'i.id')
    .select(['e.id', 'e.institution_id', 'e.occupation_id', 'e.levels', 'e.status'])
    .where('i.id', '=', institutionId)
    .where('e.id', 'in', ids)
    .execute();
}

/** Occupations named in the institution's applications still in progress. */
export function pendingScopeOccupations(db: Kysely<DB>, institutionId: number) {
  return db
    .selectFrom('filing_application_scopes as s')
    .innerJoin('filing_applications as a', 'a.id', 's.application_id')
    .select('s.occupation_id')
    .where('a.institution_id', '=', institutionId)
    .where('a.status', 'in', FILING_OPEN_STATUSES)
    .execute();
}

export function scopesOf(db: Kysely<DB>, institutionId: number) {
  return db
    .selectFrom('institution_scopes as s')
    .innerJoin('occupations as o', 'o.id', 's.occupation_id')
    .select([
      's.occupation_id',
      's.level',
      's.spec_id',
      's.granted_at',
      'o.code as occupation_code',
      'o.name as occupation_name',
    ])
    .where('s.institution_id', '=', institutionId)
    .orderBy('o.code')
    .orderBy('s.level', 'desc')
    .execute();
}

export async function grantScopes(
  db: Kysely<DB>,
  institutionId: number,
  applicationId: number,
  at: string,
  scopes: { occupation_id: number; level: number; spec_id: number | null }[],
) {
  for (const s of scopes) {
    await db
      .insertInto('institution_scopes')
      .values({
        institution_id: institutionId,
        occupation_id: s.occupation_id,
        level: s.level,
        spec_id: s.spec_id,
        application_id: applicationId,
        granted_at: at,
      })
      .onConflict((oc) => oc.columns(['institution_id', 'occupation_id', 'level']).doNothing())
      .execute();
  }
}

/** Next site serial in a province: atomic on both databases (upsert … returning). */
export async function nextSiteSerial(db: Kysely<DB>, provinceCode: string): Promise<number> {
  const r = await db
    .insertInto('filing_serials')
    .values({ province_code: provinceCode, last_serial: 1 })
    .onConflict((oc) => oc.column('province_code').doUpdateSet({ last_serial: sql`filing_serials.last_serial + 1` }))
    .returning('last_serial')
    .executeTakeFirstOrThrow();
  return r.last_serial;
}

export async function setInstitutionFiled(
  db: Kysely<DB>,
  id: number,
  patch: { filing_no?: string; filed_at: string; valid_until: string; status: 'filed'; updated_at: string },
) {
  await db.updateTable('institutions').set(patch).where('id', '=', id).execute();
}

/** Facts for the INST-3 checklist of one institution over a set of occupations (staff read through the institution). */
export async function prerequisiteFacts(db: Kysely<DB>, institutionId: number, occupationIds: number[]) {
  const activeStaff = () =>
    db
      .selectFrom('institutions as i')
      .innerJoin('staff as s', 's.institution_id', 'i.id')
      .where('i.id', '=', institutionId)
      .where('s.status', '=', 'active');
  const [evidence, examiners, others] = await Promise.all([
    db
      .selectFrom('prerequisite_evidence')
      .select(['item', 'occupation_id'])
      .where('institution_id', '=', institutionId)
      .where('removed_at', 'is', null)
      .execute(),
    occupationIds.length
      ? activeStaff()
          .innerJoin('staff_occupations as so', 'so.staff_id', 's.id')
          .select(['so.occupation_id', (eb) => eb.fn.countAll<number>().as('n')])
          .where('s.kind', 'in', ['examiner', 'senior_examiner'])
          .where('so.occupation_id', 'in', occupationIds)
          .groupBy('so.occupation_id')
          .execute()
      : Promise.resolve([]),
    activeStaff()
      .select(['s.kind', (eb) => eb.fn.countAll<number>().as('n')])
      .where('s.kind', 'in', ['quality_supervisor', 'expert'])
      .groupBy('s.kind')
      .execute(),
  ]);
  const ofKind = (k: string) => Number(others.find((o) => o.kind === k)?.n ?? 0);
  return {
    evidence: new Set(evidence.filter((e) => e.item !== 'question_bank').map((e) => e.item)),
    questionBanks: new Set(
      evidence.filter((e) => e.item === 'question_bank' && e.occupation_id !== null).map((e) => e.occupation_id!),
    ),
    examinersByOccupation: new Map(examiners.map((e) => [e.occupation_id, Number(e.n)])),
    qualitySupervisors: ofKind('quality_supervisor'),
    experts: ofKind('expert'),
  };
}
