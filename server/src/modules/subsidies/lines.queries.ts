/**
 * The `subsidy_claim_lines` table. SUB-1 lives in the database: the partial unique index
 * `subsidy_lines_once` over (line_kind, learner_id, occupation_id, level) where the line holds its
 * slot (held, paid, reversed — HOLDING_LINE_STATUSES). Moving a line into a holding state is the
 * only write that can break it: `holdDraftLines` does it for a whole claim in one statement inside a
 * savepoint and, when the index refuses, `holdLineOrRefuse` does it line by line so that only the
 * lines another claim won are refused.
 */
import type BetterSqlite from 'better-sqlite3';
import { sql, type Insertable, type Kysely } from 'kysely';
import {
  HOLDING_LINE_STATUSES,
  type IneligibleReason,
  type LineStatus,
} from '../../../../contract/subsidy-workflow.js';
import { classifyDatabaseError } from '../../database/failures.js';
import type { DB, SubsidyClaimLineTable } from '../../database/schema.js';
import type { JudgedLine } from './claim-lines.js';

const HOLDING = [...HOLDING_LINE_STATUSES];
const CHUNK = 400;

const LINE_COLUMNS = [
  'claim_id',
  'line_kind',
  'learner_id',
  'occupation_id',
  'level',
  'source_type',
  'certificate_id',
  'other_certificate_id',
  'training_class_id',
  'trainee_id',
  'pathway',
  'basis_date',
  'rate_id',
  'amount_fen',
  'status',
  'excluded_reason',
  'reversal_id',
] as const;
type NewLine = Insertable<SubsidyClaimLineTable>;

/** The row of a priced, eligible line in a new claim (status `draft` unless given). */
export function draftLine(claimId: number, l: JudgedLine, status: LineStatus = 'draft'): NewLine {
  return {
    claim_id: claimId,
    line_kind: l.lineKind,
    learner_id: l.learnerId,
    occupation_id: l.occupationId,
    level: l.level,
    source_type: l.sourceType,
    certificate_id: l.certificateId ?? null,
    other_certificate_id: l.otherCertificateId ?? null,
    training_class_id: l.trainingClassId ?? null,
    trainee_id: l.traineeId ?? null,
    pathway: l.pathway ?? null,
    basis_date: l.basisDate,
    rate_id: l.rateId!,
    amount_fen: l.amountFen,
    status,
    excluded_reason: null,
    reversal_id: null,
  };
}
const insertStatements = new WeakMap<BetterSqlite.Database, BetterSqlite.Statement>();

/**
 * Inserts claim lines. On SQLite, `sqlite` (the raw handle of the same connection, inside the
 * caller's transaction) runs one prepared statement per row: a claim of 50,000 lines is a bulk
 * write, and Kysely's multi-row inserts spend most of their time building the SQL
 * (docs/ARCHITECTURE.md, "Measuring a hot path"). On PostgreSQL, multi-row inserts.
 */
export async function insertLines(db: Kysely<DB>, rows: NewLine[], sqlite?: BetterSqlite.Database | null) {
  if (sqlite) {
    let stmt = insertStatements.get(sqlite);
    if (!stmt) {
      stmt = sqlite.prepare(
        `insert into subsidy_claim_lines (${LINE_COLUMNS.join(', ')}) values (${LINE_COLUMNS.map(() => '?').join(', ')})`,
      );
      insertStatements.set(sqlite, stmt);
    }
    for (const r of rows)
      stmt.run(
        r.claim_id,
        r.line_kind,
        r.learner_id,
        r.occupation_id,
        r.level,
        r.source_type,
        r.certificate_id ?? null,
        r.other_certificate_id ?? null,
        r.training_class_id ?? null,
        r.trainee_id ?? null,
        r.pathway ?? null,
        r.basis_date,
        r.rate_id,
        r.amount_fen,
        r.status,
        r.excluded_reason ?? null,
        r.reversal_id ?? null,
      );
    return;
  }
  for (let i = 0; i < rows.length; i += CHUNK)
    await db
      .insertInto('subsidy_claim_lines')
      .values(rows.slice(i, i + CHUNK))
      .execute();
}

/**
 * The slots (kind, person, occupation, level) of these people that lines anywhere hold, with the
 * holding line's status and claim: the application's own look before the index decides (SUB-1).
 */
export async function holdingSlotsOf(db: Kysely<DB>, lineKind: string, learnerIds: readonly number[]) {
  const unique = [...new Set(learnerIds)];
  const out: { learner_id: number; occupation_id: number; level: number; status: string; claim_id: number }[] = [];
  for (let i = 0; i < unique.length; i += 1000)
    out.push(
      ...(await db
        .selectFrom('subsidy_claim_lines')
        .select(['learner_id', 'occupation_id', 'level', 'status', 'claim_id'])
        .where('line_kind', '=', lineKind as SubsidyClaimLineTable['line_kind'])
        .where('learner_id', 'in', unique.slice(i, i + 1000))
        .where('status', 'in', HOLDING)
        .execute()),
    );
  return out;
}

/** A claim's lines in `status`, with their certificate's issuer and status now (re-checked at each step). */
export function linesWithSourceOf(db: Kysely<DB>, claimId: number, statuses: readonly LineStatus[]) {
  return db
    .selectFrom('subsidy_claim_lines as l')
    .leftJoin('certificates as cert', 'cert.id', 'l.certificate_id')
    .leftJoin('other_certificates as oc', 'oc.id', 'l.other_certificate_id')
    .select([
      'l.id',
      'l.line_kind',
      'l.learner_id',
      'l.occupation_id',
      'l.level',
      'l.certificate_id',
      'l.other_certificate_id',
      'l.amount_fen',
      'cert.status as certificate_status',
      'oc.status as other_certificate_status',
      'cert.institution_id as certificate_institution_id',
    ])
    .where('l.claim_id', '=', claimId)
    .where('l.status', 'in', [...statuses])
    .orderBy('l.id')
    .execute();
}

/** Sets lines aside with their reason (an ineligible line found at a step). */
export async function excludeLines(db: Kysely<DB>, byReason: ReadonlyMap<IneligibleReason, number[]>) {
  for (const [reason, ids] of byReason)
    for (let i = 0; i < ids.length; i += 1000)
      await db
        .updateTable('subsidy_claim_lines')
        .set({ status: 'excluded', excluded_reason: reason })
        .where('id', 'in', ids.slice(i, i + 1000))
        .execute();
}

/** Moves every line of a claim from some statuses to another; returns how many moved. */
export async function moveClaimLines(
  db: Kysely<DB>,
  claimId: number,
  from: readonly LineStatus[],
  to: LineStatus,
): Promise<number> {
  const r = await db
    .updateTable('subsidy_claim_lines')
    .set({ status: to })
    .where('claim_id', '=', claimId)
    .where('status', 'in', [...from])
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

const isUnique = (e: unknown) => classifyDatabaseError(e) === 'unique';

/**
 * SUB-1: a claim's draft lines take their slots, in one statement inside a savepoint. Returns the
 * number held, or null when the unique index refused one (another claim holds that slot): the
 * statement is undone and the caller holds the lines one by one.
 */
export async function holdDraftLines(db: Kysely<DB>, claimId: number): Promise<number | null> {
  await sql`savepoint subsidy_hold`.execute(db);
  try {
    const r = await db
      .updateTable('subsidy_claim_lines')
      .set({ status: 'held' })
      .where('claim_id', '=', claimId)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    await sql`release savepoint subsidy_hold`.execute(db);
    return Number(r.numUpdatedRows);
  } catch (e) {
    if (!isUnique(e)) throw e;
    await sql`rollback to savepoint subsidy_hold`.execute(db);
    await sql`release savepoint subsidy_hold`.execute(db);
    return null;
  }
}

/** The ids of a claim's draft lines. */
export async function draftLineIds(db: Kysely<DB>, claimId: number) {
  return (
    await db
      .selectFrom('subsidy_claim_lines')
      .select('id')
      .where('claim_id', '=', claimId)
      .where('status', '=', 'draft')
      .orderBy('id')
      .execute()
  ).map((r) => r.id);
}

/** SUB-1: one line takes its slot, or — the unique index refusing — is excluded as already claimed. */
export async function holdLineOrRefuse(db: Kysely<DB>, lineId: number): Promise<boolean> {
  await sql`savepoint subsidy_line`.execute(db);
  try {
    await db
      .updateTable('subsidy_claim_lines')
      .set({ status: 'held' })
      .where('id', '=', lineId)
      .where('status', '=', 'draft')
      .execute();
    await sql`release savepoint subsidy_line`.execute(db);
    return true;
  } catch (e) {
    if (!isUnique(e)) throw e;
    await sql`rollback to savepoint subsidy_line`.execute(db);
    await sql`release savepoint subsidy_line`.execute(db);
    await db
      .updateTable('subsidy_claim_lines')
      .set({ status: 'excluded', excluded_reason: 'already_claimed' })
      .where('id', '=', lineId)
      .execute();
    return false;
  }
}

/** Count and amount of a claim's lines per status. */
export async function lineTotals(db: Kysely<DB>, claimId: number) {
  const rows = await db
    .selectFrom('subsidy_claim_lines')
    .select((eb) => ['status', eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('amount_fen').as('amount')])
    .where('claim_id', '=', claimId)
    .groupBy('status')
    .execute();
  return rows.map((r) => ({ status: r.status as LineStatus, count: Number(r.n), amountFen: Number(r.amount ?? 0) }));
}

/** Count and amount per level of a claim's lines in some statuses. */
export async function levelTotals(db: Kysely<DB>, claimId: number, statuses: readonly LineStatus[]) {
  const rows = await db
    .selectFrom('subsidy_claim_lines')
    .select((eb) => ['level', eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('amount_fen').as('amount')])
    .where('claim_id', '=', claimId)
    .where('status', 'in', [...statuses])
    .groupBy('level')
    .orderBy('level')
    .execute();
  return rows.map((r) => ({ level: r.level, count: Number(r.n), amountFen: Number(r.amount ?? 0) }));
}

/** How many of a claim's lines in some statuses stand on a certificate that is no longer valid. */
export async function linesOnInvalidCertificates(db: Kysely<DB>, claimId: number, statuses: readonly LineStatus[]) {
  const r = await db
    .selectFrom('subsidy_claim_lines as l')
    .innerJoin('certificates as cert', 'cert.id', 'l.certificate_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('l.claim_id', '=', claimId)
    .where('l.status', 'in', [...statuses])
    .where('cert.status', '!=', 'valid')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

function linesView(db: Kysely<DB>) {
  return (
    db
      .selectFrom('subsidy_claim_lines as l')
      .innerJoin('learners as p', 'p.id', 'l.learner_id')
      .innerJoin('occupations as o', 'o.id', 'l.occupation_id')
      .leftJoin('certificates as cert', 'cert.id', 'l.certificate_id')
      // a training line paid on a recorded 国家职业资格证书 / 专项职业能力证书 / 特种作业操作证 shows that certificate
      .leftJoin('other_certificates as oc', 'oc.id', 'l.other_certificate_id')
      .select([
        'l.id',
        'l.claim_id',
        'l.line_kind',
        'l.learner_id',
        'p.name',
        'o.code as occupation_code',
        'o.name as occupation_name',
        'l.level',
        'l.pathway',
        'l.certificate_id',
        sql<string | null>`coalesce(cert.number, oc.number)`.as('certificate_number'),
        sql<string | null>`coalesce(cert.status, oc.status)`.as('certificate_status'),
        'l.training_class_id',
        'l.basis_date',
        'l.rate_id',
        'l.amount_fen',
        'l.status',
        'l.excluded_reason',
      ])
  );
}
export type LineViewRow = Awaited<ReturnType<typeof claimLinesPage>>['items'][number];

/** A page of a claim's lines (optionally of one status), with the person's name and the occupation. */
export async function claimLinesPage(
  db: Kysely<DB>,
  claimId: number,
  status: LineStatus | undefined,
  page: number,
  pageSize: number,
) {
  let q = linesView(db).where('l.claim_id', '=', claimId);
  if (status) q = q.where('l.status', '=', status);
  let c = db.selectFrom('subsidy_claim_lines').where('claim_id', '=', claimId);
  if (status) c = c.where('status', '=', status);
  const [items, total] = await Promise.all([
    q
      .orderBy('l.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    c.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** The lines of many claims, for the Excel export. */
export function linesOfClaims(db: Kysely<DB>, claimIds: readonly number[], limit: number) {
  if (!claimIds.length) return Promise.resolve([]);
  return linesView(db)
    .where('l.claim_id', 'in', [...claimIds])
    .orderBy('l.claim_id')
    .orderBy('l.id')
    .limit(limit)
    .execute();
}

/** SUB-3: the lines of a claim in publicity: a name (masked by the caller), occupation, level, amount. */
export async function publicLinesPage(db: Kysely<DB>, claimId: number, page: number, pageSize: number) {
  const q = db
    .selectFrom('subsidy_claim_lines as l')
    .innerJoin('learners as p', 'p.id', 'l.learner_id')
    .innerJoin('occupations as o', 'o.id', 'l.occupation_id')
    .where('l.claim_id', '=', claimId)
    .where('l.status', '=', 'held');
  const [items, total] = await Promise.all([
    q
      .select(['p.name', 'o.name as occupation_name', 'l.level', 'l.amount_fen'])
      .orderBy('l.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** Paid lines of a claim (all, or these ids), to reverse. */
export function paidLinesOf(db: Kysely<DB>, claimId: number, ids?: readonly number[]) {
  let q = db
    .selectFrom('subsidy_claim_lines')
    .select(['id', 'amount_fen'])
    .where('claim_id', '=', claimId)
    .where('status', '=', 'paid');
  if (ids) q = q.where('id', 'in', [...ids]);
  return q.orderBy('id').execute();
}

/** SUB-4: lines reversed under a reversal (they keep their slot until the money is back). */
export async function reverseLines(db: Kysely<DB>, ids: readonly number[], reversalId: number) {
  for (let i = 0; i < ids.length; i += 1000)
    await db
      .updateTable('subsidy_claim_lines')
      .set({ status: 'reversed', reversal_id: reversalId })
      .where('id', 'in', ids.slice(i, i + 1000))
      .where('status', '=', 'paid')
      .execute();
}

/** SUB-4: the money of a reversal is back in full: its lines free their slots. */
export async function recoverLines(db: Kysely<DB>, reversalId: number) {
  await db
    .updateTable('subsidy_claim_lines')
    .set({ status: 'recovered' })
    .where('reversal_id', '=', reversalId)
    .where('status', '=', 'reversed')
    .execute();
}
