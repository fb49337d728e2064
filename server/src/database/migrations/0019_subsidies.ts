/**
 * Frozen: subsidies (补贴, SUB-1 … SUB-4) — the province's rates with their validity, claims with
 * their lines and steps, payments to the claiming institution's bank account (encrypted), reversals
 * with the money recovered (追缴), and each city's yearly special-account fund (专账资金).
 *
 * SUB-1 ("同一人员同一职业同一等级不得重复申领") is a partial unique index over the lines that hold
 * the once-only slot: (kind, person, occupation, level) where the line is claimed, paid, or
 * reversed and not yet recovered. Both dialects support `create unique index … where`. Amounts are
 * whole fen; totals and budgets are bigint (a province's fund exceeds 2^31 fen).
 */
import { sql, type Kysely } from 'kysely';
import { withIdColumn } from '../sql-helpers.js';

export async function up(db: Kysely<any>): Promise<void> {
  const ts = 'varchar(30)';
  const day = 'varchar(10)';

  // training | evaluation | special_ability (amount by level; level 0 when the kind has none) | recognition_share (percent)
  await withIdColumn(db, db.schema.createTable('subsidy_rates'))
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('amount_fen', 'integer')
    .addColumn('percent', 'integer')
    .addColumn('valid_from', day, (c) => c.notNull())
    .addColumn('valid_to', day) // inclusive; null: until further notice
    .addColumn('source', 'varchar(200)')
    .addColumn('updated_by', 'integer')
    .addColumn('updated_by_name', 'varchar(40)')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('subsidy_rates_kind_idx').on('subsidy_rates').columns(['kind', 'level']).execute();

  await withIdColumn(db, db.schema.createTable('subsidy_claims'))
    .addColumn('institution_id', 'integer', (c) => c.notNull().references('institutions.id'))
    .addColumn('kind', 'varchar(20)', (c) => c.notNull()) // evaluation | training | special_ability
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    // the city-level unit of the reporting tree whose fund pays it (a 省直管县 is its own)
    .addColumn('fund_region_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('line_count', 'integer', (c) => c.notNull())
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('payee_name', 'varchar(120)')
    .addColumn('payee_bank', 'varchar(120)')
    .addColumn('payee_account', 'varchar(200)') // sealed (lib/field-crypto.ts)
    .addColumn('payee_account_masked', 'varchar(40)')
    .addColumn('submitted_on', day)
    .addColumn('submitted_at', ts)
    .addColumn('publicity_from', day)
    .addColumn('publicity_until', day)
    // SUB-2: the current stage's deadline (working days on the official calendar)
    .addColumn('due_on', day)
    .addColumn('fund_source', 'varchar(20)')
    .addColumn('fund_year', 'integer')
    .addColumn('last_reason', 'varchar(1000)')
    .addColumn('created_by', 'integer', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('subsidy_claims_inst_idx').on('subsidy_claims').column('institution_id').execute();
  await db.schema.createIndex('subsidy_claims_status_idx').on('subsidy_claims').columns(['status', 'due_on']).execute();
  await db.schema
    .createIndex('subsidy_claims_fund_idx')
    .on('subsidy_claims')
    .columns(['fund_region_code', 'fund_year'])
    .execute();

  await withIdColumn(db, db.schema.createTable('subsidy_claim_lines'))
    .addColumn('claim_id', 'integer', (c) => c.notNull().references('subsidy_claims.id'))
    .addColumn('line_kind', 'varchar(20)', (c) => c.notNull())
    // the person (people module); never an ID number
    .addColumn('learner_id', 'integer', (c) => c.notNull())
    .addColumn('occupation_id', 'integer', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    // certificate | training: what the line is for
    .addColumn('source_type', 'varchar(20)', (c) => c.notNull())
    .addColumn('certificate_id', 'integer')
    .addColumn('training_class_id', 'integer')
    .addColumn('trainee_id', 'integer')
    .addColumn('pathway', 'varchar(20)')
    // the date the rate is taken on (a certificate's issue date, a class's completion date)
    .addColumn('basis_date', day, (c) => c.notNull())
    .addColumn('rate_id', 'integer', (c) => c.notNull())
    .addColumn('amount_fen', 'integer', (c) => c.notNull())
    .addColumn('status', 'varchar(12)', (c) => c.notNull())
    .addColumn('excluded_reason', 'varchar(30)')
    .addColumn('reversal_id', 'integer')
    .execute();
  await sql`create unique index subsidy_lines_once on subsidy_claim_lines (line_kind, learner_id, occupation_id, level)
    where status in ('held', 'paid', 'reversed')`.execute(db);
  await db.schema
    .createIndex('subsidy_lines_claim_idx')
    .on('subsidy_claim_lines')
    .columns(['claim_id', 'status'])
    .execute();
  await db.schema.createIndex('subsidy_lines_learner_idx').on('subsidy_claim_lines').column('learner_id').execute();
  await db.schema
    .createIndex('subsidy_lines_certificate_idx')
    .on('subsidy_claim_lines')
    .column('certificate_id')
    .execute();
  await db.schema.createIndex('subsidy_lines_rate_idx').on('subsidy_claim_lines').column('rate_id').execute();

  // the claim's history: every step, who took it, when (and its business date), why
  await withIdColumn(db, db.schema.createTable('subsidy_claim_steps'))
    .addColumn('claim_id', 'integer', (c) => c.notNull().references('subsidy_claims.id'))
    .addColumn('step', 'varchar(20)', (c) => c.notNull())
    .addColumn('from_status', 'varchar(20)')
    .addColumn('to_status', 'varchar(20)', (c) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('actor_name', 'varchar(40)')
    .addColumn('actor_role', 'varchar(30)')
    .addColumn('reason', 'varchar(1000)')
    .addColumn('detail', 'varchar(1000)')
    .addColumn('on_date', day, (c) => c.notNull())
    .addColumn('at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('subsidy_steps_claim_idx').on('subsidy_claim_steps').column('claim_id').execute();

  await withIdColumn(db, db.schema.createTable('subsidy_payments'))
    .addColumn('claim_id', 'integer', (c) => c.notNull().unique().references('subsidy_claims.id'))
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('paid_on', day, (c) => c.notNull())
    .addColumn('voucher_no', 'varchar(60)', (c) => c.notNull())
    .addColumn('payee_name', 'varchar(120)', (c) => c.notNull())
    .addColumn('bank_name', 'varchar(120)', (c) => c.notNull())
    .addColumn('bank_account', 'varchar(200)', (c) => c.notNull()) // sealed (lib/field-crypto.ts)
    .addColumn('bank_account_masked', 'varchar(40)', (c) => c.notNull())
    .addColumn('fund_source', 'varchar(20)', (c) => c.notNull())
    .addColumn('fund_region_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('fund_year', 'integer', (c) => c.notNull())
    .addColumn('paid_by', 'integer', (c) => c.notNull())
    .addColumn('paid_by_name', 'varchar(40)')
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('subsidy_payments_fund_idx')
    .on('subsidy_payments')
    .columns(['fund_region_code', 'fund_year'])
    .execute();

  // SUB-4: a reversal of paid lines, and the money recovered against it (追缴)
  await withIdColumn(db, db.schema.createTable('subsidy_reversals'))
    .addColumn('claim_id', 'integer', (c) => c.notNull().references('subsidy_claims.id'))
    .addColumn('reason', 'varchar(1000)', (c) => c.notNull())
    .addColumn('line_count', 'integer', (c) => c.notNull())
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('recovered_fen', 'bigint', (c) => c.notNull())
    .addColumn('status', 'varchar(12)', (c) => c.notNull()) // recovering | recovered
    .addColumn('created_by', 'integer', (c) => c.notNull())
    .addColumn('created_by_name', 'varchar(40)')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('recovered_at', ts)
    .execute();
  await db.schema.createIndex('subsidy_reversals_claim_idx').on('subsidy_reversals').column('claim_id').execute();
  await withIdColumn(db, db.schema.createTable('subsidy_recoveries'))
    .addColumn('reversal_id', 'integer', (c) => c.notNull().references('subsidy_reversals.id'))
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('received_on', day, (c) => c.notNull())
    .addColumn('note', 'varchar(500)')
    .addColumn('recorded_by', 'integer', (c) => c.notNull())
    .addColumn('recorded_by_name', 'varchar(40)')
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('subsidy_recoveries_reversal_idx')
    .on('subsidy_recoveries')
    .column('reversal_id')
    .execute();

  // 专账资金: one budget per city-level unit and year; committed, paid and recovered are computed
  await db.schema
    .createTable('subsidy_funds')
    .addColumn('region_code', 'varchar(12)', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('budget_fen', 'bigint', (c) => c.notNull())
    .addColumn('note', 'varchar(500)')
    .addColumn('updated_by', 'integer')
    .addColumn('updated_by_name', 'varchar(40)')
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('subsidy_funds_pk', ['region_code', 'year'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are frozen');
}
