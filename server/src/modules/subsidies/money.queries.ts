/**
 * Money that moved: payments (to the claiming institution's account, stored sealed), reversals and
 * the money recovered against them (SUB-4), and each city's yearly special-account fund (专账资金)
 * with what is committed, paid and recovered against it — always computed from these records.
 */
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { DB, SubsidyPaymentTable, SubsidyRecoveryTable, SubsidyReversalTable } from '../../database/schema.js';
import { lockChain } from '../../database/sql-helpers.js';

export async function insertPayment(db: Kysely<DB>, row: Insertable<SubsidyPaymentTable>) {
  await db.insertInto('subsidy_payments').values(row).execute();
}

export function paymentOf(db: Kysely<DB>, claimId: number) {
  return db.selectFrom('subsidy_payments').selectAll().where('claim_id', '=', claimId).executeTakeFirst();
}

export async function insertReversal(db: Kysely<DB>, row: Insertable<SubsidyReversalTable>) {
  return (await db.insertInto('subsidy_reversals').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateReversal(db: Kysely<DB>, id: number, patch: Updateable<SubsidyReversalTable>) {
  await db.updateTable('subsidy_reversals').set(patch).where('id', '=', id).execute();
}

export function reversalById(db: Kysely<DB>, id: number) {
  return db.selectFrom('subsidy_reversals').selectAll().where('id', '=', id).executeTakeFirst();
}

export function reversalsOf(db: Kysely<DB>, claimId: number) {
  return db.selectFrom('subsidy_reversals').selectAll().where('claim_id', '=', claimId).orderBy('id').execute();
}

export async function insertRecovery(db: Kysely<DB>, row: Insertable<SubsidyRecoveryTable>) {
  await db.insertInto('subsidy_recoveries').values(row).execute();
}

export function recoveriesOf(db: Kysely<DB>, reversalIds: readonly number[]) {
  if (!reversalIds.length) return Promise.resolve([]);
  return db
    .selectFrom('subsidy_recoveries')
    .selectAll()
    .where('reversal_id', 'in', [...reversalIds])
    .orderBy('id')
    .execute();
}

// ---------------------------------------------------------------- funds

/** Commitments against one fund are made one at a time (on SQLite the write lock already does this). */
const FUND_LOCK = 7_041_019;
export const lockFunds = (db: Kysely<DB>) => lockChain(db, FUND_LOCK);

export function fundsOf(db: Kysely<DB>, regionCodes: readonly string[], year: number) {
  if (!regionCodes.length) return Promise.resolve([]);
  return db
    .selectFrom('subsidy_funds')
    .selectAll()
    .where('region_code', 'in', [...regionCodes])
    .where('year', '=', year)
    .execute();
}

export async function upsertFund(
  db: Kysely<DB>,
  row: {
    region_code: string;
    year: number;
    budget_fen: number;
    note: string | null;
    updated_by: number;
    updated_by_name: string;
    updated_at: string;
  },
) {
  await db
    .insertInto('subsidy_funds')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['region_code', 'year']).doUpdateSet({
        budget_fen: row.budget_fen,
        note: row.note,
        updated_by: row.updated_by,
        updated_by_name: row.updated_by_name,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

export interface FundMovements {
  committed: number;
  paid: number;
  recovered: number;
  pending: number;
  employment: number;
}

/**
 * Per fund region, for a year: committed (approved by finance, not paid) and paid from the special
 * account, recovered against those payments, committed or paid from the employment fund; and what
 * is in publicity now (approved by HRSS, next for finance).
 */
export async function fundMovements(
  db: Kysely<DB>,
  regionCodes: readonly string[],
  year: number,
): Promise<Map<string, FundMovements>> {
  const out = new Map<string, FundMovements>();
  const get = (code: string) => {
    let m = out.get(code);
    if (!m) out.set(code, (m = { committed: 0, paid: 0, recovered: 0, pending: 0, employment: 0 }));
    return m;
  };
  if (!regionCodes.length) return out;
  const codes = [...regionCodes];
  const committed = await db
    .selectFrom('subsidy_claims')
    .select((eb) => ['fund_region_code', 'fund_source', eb.fn.sum<number>('amount_fen').as('amount')])
    .where('status', '=', 'finance_approved')
    .where('fund_year', '=', year)
    .where('fund_region_code', 'in', codes)
    .groupBy(['fund_region_code', 'fund_source'])
    .execute();
  for (const r of committed) {
    const m = get(r.fund_region_code);
    if (r.fund_source === 'employment_fund') m.employment += Number(r.amount ?? 0);
    else m.committed += Number(r.amount ?? 0);
  }
  const paid = await db
    .selectFrom('subsidy_payments')
    .select((eb) => ['fund_region_code', 'fund_source', eb.fn.sum<number>('amount_fen').as('amount')])
    .where('fund_year', '=', year)
    .where('fund_region_code', 'in', codes)
    .groupBy(['fund_region_code', 'fund_source'])
    .execute();
  for (const r of paid) {
    const m = get(r.fund_region_code);
    if (r.fund_source === 'employment_fund') m.employment += Number(r.amount ?? 0);
    else m.paid += Number(r.amount ?? 0);
  }
  const recovered = await db
    .selectFrom('subsidy_recoveries as rc')
    .innerJoin('subsidy_reversals as rv', 'rv.id', 'rc.reversal_id')
    .innerJoin('subsidy_payments as p', 'p.claim_id', 'rv.claim_id')
    .select((eb) => ['p.fund_region_code', eb.fn.sum<number>('rc.amount_fen').as('amount')])
    .where('p.fund_year', '=', year)
    .where('p.fund_source', '=', 'special_account')
    .where('p.fund_region_code', 'in', codes)
    .groupBy('p.fund_region_code')
    .execute();
  for (const r of recovered) get(r.fund_region_code).recovered += Number(r.amount ?? 0);
  const pending = await db
    .selectFrom('subsidy_claims')
    .select((eb) => ['fund_region_code', eb.fn.sum<number>('amount_fen').as('amount')])
    .where('status', '=', 'publicity')
    .where('fund_region_code', 'in', codes)
    .groupBy('fund_region_code')
    .execute();
  for (const r of pending) get(r.fund_region_code).pending += Number(r.amount ?? 0);
  return out;
}

/** Paid lines (not reversed) of the year's payments per city-level unit and line kind: people subsidised. */
export async function paidLineCounts(db: Kysely<DB>, regionCodes: readonly string[], year: number) {
  if (!regionCodes.length) return [];
  const rows = await db
    .selectFrom('subsidy_claim_lines as l')
    .innerJoin('subsidy_payments as p', 'p.claim_id', 'l.claim_id')
    .select((eb) => ['p.fund_region_code', 'l.line_kind', eb.fn.countAll<number>().as('n')])
    .where('p.fund_year', '=', year)
    .where('p.fund_region_code', 'in', [...regionCodes])
    .where('l.status', '=', 'paid')
    .groupBy(['p.fund_region_code', 'l.line_kind'])
    .execute();
  return rows.map((r) => ({ regionCode: r.fund_region_code, lineKind: r.line_kind, count: Number(r.n) }));
}

/** The city-level units with a budget entered or a payment made, in any year. */
export async function fundRegionCodes(db: Kysely<DB>): Promise<string[]> {
  const [budgets, payments] = await Promise.all([
    db.selectFrom('subsidy_funds').select('region_code as code').distinct().execute(),
    db.selectFrom('subsidy_payments').select('fund_region_code as code').distinct().execute(),
  ]);
  return [...new Set([...budgets, ...payments].map((r) => r.code))];
}

/** The years with a budget entered or a payment made, newest first. */
export async function fundYears(db: Kysely<DB>): Promise<number[]> {
  const [budgets, payments] = await Promise.all([
    db.selectFrom('subsidy_funds').select('year').distinct().execute(),
    db.selectFrom('subsidy_payments').select('fund_year as year').distinct().execute(),
  ]);
  return [...new Set([...budgets, ...payments].map((r) => Number(r.year)))].sort((a, b) => b - a);
}
