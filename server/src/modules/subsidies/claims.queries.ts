/**
 * The `subsidy_claims` and `subsidy_claim_steps` tables. Visibility is decided in one place: the
 * claiming institution sees its own claims; HRSS and finance officials those of institutions in
 * their region subtree (the list, the queue counts, the detail and the export share it).
 *
 * A training claim is handled by the place where its class is held (TRAIN-13, seed 002 “跨区域开展
 * 培训的要按照属地管理原则，向培训所在地人力资源社会保障局报备同意并接受监管”): officials over that
 * place see it and handle it (its queue, its steps); officials over the provider's home region,
 * which keeps the provider's catalogue entry and 年检, still see it, read only.
 */
import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { DB, SubsidyClaimStepTable, SubsidyClaimTable } from '../../database/schema.js';
import type { Actor } from '../../lib/context.js';
import { likeContains } from '../../database/sql-helpers.js';
import { regionCodesUnder } from '../regions/regions.queries.js';

export async function insertClaim(db: Kysely<DB>, row: Insertable<SubsidyClaimTable>) {
  return (await db.insertInto('subsidy_claims').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** The fields a claim is created with; the rest (payee, dates, fund) comes with later steps. */
export type NewClaim = Pick<
  Insertable<SubsidyClaimTable>,
  'institution_id' | 'kind' | 'title' | 'fund_region_code' | 'line_count' | 'amount_fen' | 'created_by'
> &
  Partial<Insertable<SubsidyClaimTable>>;

/** Inserts a claim as a draft (unless `row` says otherwise), every later field empty; its id. */
export function insertDraftClaim(db: Kysely<DB>, row: NewClaim, nowIso: string) {
  return insertClaim(db, {
    status: 'draft',
    payee_name: null,
    payee_bank: null,
    payee_account: null,
    payee_account_masked: null,
    submitted_on: null,
    submitted_at: null,
    publicity_from: null,
    publicity_until: null,
    due_on: null,
    fund_source: null,
    fund_year: null,
    last_reason: null,
    created_at: nowIso,
    updated_at: nowIso,
    ...row,
  });
}

/** Updates a claim only if it is still in `from` (a concurrent step loses); true when it did. */
export async function updateClaim(
  db: Kysely<DB>,
  id: number,
  from: string,
  patch: Omit<Updateable<SubsidyClaimTable>, 'id'>,
): Promise<boolean> {
  const r = await db
    .updateTable('subsidy_claims')
    .set(patch)
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

function base(db: Kysely<DB>) {
  return db
    .selectFrom('subsidy_claims as c')
    .innerJoin('institutions as i', 'i.id', 'c.institution_id')
    .innerJoin('regions as fr', 'fr.code', 'c.fund_region_code')
    .innerJoin('regions as home', 'home.code', 'i.region_code')
    .leftJoin('regions as place', 'place.code', 'c.review_region_code');
}
const COLUMNS = [
  'c.id',
  'c.institution_id',
  'c.kind',
  'c.title',
  'c.fund_region_code',
  'c.status',
  'c.line_count',
  'c.amount_fen',
  'c.payee_name',
  'c.payee_bank',
  'c.payee_account',
  'c.payee_account_masked',
  'c.submitted_on',
  'c.submitted_at',
  'c.publicity_from',
  'c.publicity_until',
  'c.due_on',
  'c.fund_source',
  'c.fund_year',
  'c.last_reason',
  'c.created_by',
  'c.created_at',
  'c.updated_at',
  'i.name as institution_name',
  'i.region_code as institution_region_code',
  'fr.name as fund_region_name',
  'c.review_region_code',
  'home.path as institution_region_path',
  'place.path as review_region_path',
  'place.name as review_region_name',
] as const;

/** Claims an actor sees: its institution's; officials' over the institution's or the place's region. */
function visible(db: Kysely<DB>, actor: Actor) {
  const q = base(db);
  if (actor.regionPath) {
    const under = regionCodesUnder(db, actor.regionPath);
    return q.where((eb) => eb.or([eb('i.region_code', 'in', under), eb('c.review_region_code', 'in', under)]));
  }
  if (actor.institutionId) return q.where('c.institution_id', '=', actor.institutionId);
  return q.where(sql<boolean>`1 = 0`);
}

/** Claims an official handles: those whose handling region (the place, else the institution's) is in the subtree. */
function handled(db: Kysely<DB>, actor: Actor) {
  if (!actor.regionPath) return visible(db, actor);
  return base(db).where(
    sql<string>`coalesce(c.review_region_code, i.region_code)`,
    'in',
    regionCodesUnder(db, actor.regionPath),
  );
}

/** A claim whoever asks (to tell "not there" from "not yours"). */
export function claimById(db: Kysely<DB>, id: number) {
  return base(db).select(COLUMNS).where('c.id', '=', id).executeTakeFirst();
}
export type ClaimRow = NonNullable<Awaited<ReturnType<typeof claimById>>>;

export function visibleClaim(db: Kysely<DB>, actor: Actor, id: number) {
  return visible(db, actor).select(COLUMNS).where('c.id', '=', id).executeTakeFirst();
}

export interface ClaimFilter {
  status?: string;
  /** only these statuses (a stage of the queue) */
  statuses?: readonly string[];
  overdue?: boolean;
  q?: string;
}

function filtered(db: Kysely<DB>, actor: Actor, f: ClaimFilter, today: string) {
  let q = visible(db, actor);
  if (f.status) q = q.where('c.status', '=', f.status);
  if (f.statuses) q = q.where('c.status', 'in', [...f.statuses]);
  if (f.overdue !== undefined)
    q = f.overdue
      ? q.where('c.due_on', '<', today)
      : q.where((eb) => eb.or([eb('c.due_on', 'is', null), eb('c.due_on', '>=', today)]));
  if (f.q)
    q = q.where((eb) => eb.or([eb('c.title', 'like', likeContains(f.q!)), eb('i.name', 'like', likeContains(f.q!))]));
  return q;
}

/**
 * The claims an actor sees, with the total: those with a deadline first, the nearest (or most
 * overdue) first, then the finished ones (no deadline), newest first. The null order is stated,
 * since SQLite and PostgreSQL sort nulls at opposite ends. `today` decides what is overdue (SUB-2).
 */
export async function listVisibleClaims(
  db: Kysely<DB>,
  actor: Actor,
  f: ClaimFilter,
  today: string,
  page: number,
  pageSize: number,
) {
  const q = filtered(db, actor, f, today);
  const [items, total] = await Promise.all([
    q
      .select(COLUMNS)
      .orderBy(sql`case when c.due_on is null then 1 else 0 end`)
      .orderBy('c.due_on')
      .orderBy('c.id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export function claimsForExport(db: Kysely<DB>, actor: Actor, f: ClaimFilter, today: string, limit: number) {
  return filtered(db, actor, f, today).select(COLUMNS).orderBy('c.id').limit(limit).execute();
}

/** Claims per status the actor sees, with how many are past their deadline and their amount. */
export async function claimCountsByStatus(db: Kysely<DB>, actor: Actor, today: string) {
  const rows = await handled(db, actor)
    .select((eb) => [
      'c.status',
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>('c.amount_fen').as('amount'),
      eb.fn.sum<number>(eb.case().when('c.due_on', '<', today).then(1).else(0).end()).as('overdue'),
    ])
    .groupBy('c.status')
    .execute();
  return rows.map((r) => ({
    status: r.status,
    count: Number(r.n),
    amountFen: Number(r.amount ?? 0),
    overdue: Number(r.overdue ?? 0),
  }));
}

export async function insertStep(db: Kysely<DB>, row: Insertable<SubsidyClaimStepTable>) {
  await db.insertInto('subsidy_claim_steps').values(row).execute();
}

export function stepsOf(db: Kysely<DB>, claimId: number) {
  return db.selectFrom('subsidy_claim_steps').selectAll().where('claim_id', '=', claimId).orderBy('id').execute();
}

/** Claims in publicity (SUB-3), for the public page (all, or one): no personal data here. */
export function claimsInPublicity(db: Kysely<DB>, limit: number, id?: number) {
  let q = base(db)
    .innerJoin('regions as ir', 'ir.code', 'i.region_code')
    .select([
      'c.id',
      'c.title',
      'c.kind',
      'c.line_count',
      'c.amount_fen',
      'c.publicity_from',
      'c.publicity_until',
      'i.name as institution_name',
      'i.region_code',
      'ir.name as region_name',
      'fr.name as fund_region_name',
    ])
    .where('c.status', '=', 'publicity');
  if (id !== undefined) q = q.where('c.id', '=', id);
  return q.orderBy('c.publicity_from', 'desc').orderBy('c.id', 'desc').limit(limit).execute();
}
