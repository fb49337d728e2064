/**
 * The few places where SQLite and PostgreSQL differ, named once. Modules call these instead of
 * testing the dialect themselves.
 */
import {
  PostgresAdapter,
  sql,
  type ColumnDefinitionBuilder,
  type CreateTableBuilder,
  type Kysely,
  type SqlBool,
} from 'kysely';

export function dialectOf(db: Kysely<any>): 'sqlite' | 'postgres' {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** An auto-increment integer primary key `id`. */
export function withIdColumn<T extends string, C extends string>(db: Kysely<any>, tb: CreateTableBuilder<T, C>) {
  return dialectOf(db) === 'postgres'
    ? tb.addColumn('id', 'integer', (c: ColumnDefinitionBuilder) => c.primaryKey().generatedByDefaultAsIdentity())
    : tb.addColumn('id', 'integer', (c: ColumnDefinitionBuilder) => c.primaryKey().autoIncrement());
}

/** Now, as the ISO-8601 UTC text we store. */
export const isoNow = (d: Date = new Date()) => d.toISOString();

/** `LIKE` pattern for a literal prefix (escapes % and _). */
export function likePrefix(prefix: string): string {
  return prefix.replace(/[\\%_]/g, (m) => '\\' + m) + '%';
}
export function likeContains(text: string): string {
  return '%' + text.replace(/[\\%_]/g, (m) => '\\' + m) + '%';
}

/** Serialises concurrent writers of one logical chain (the audit log) across app servers. */
export async function lockChain(trx: Kysely<any>, key: number): Promise<void> {
  // SQLite: the transaction already began IMMEDIATE and holds the only write lock.
  if (dialectOf(trx) === 'postgres') await sql`select pg_advisory_xact_lock(${key})`.execute(trx);
}

/**
 * Before a bulk write on PostgreSQL: forgets this connection's cached plans, so the statements that
 * follow — the foreign-key checks run once per inserted row among them — are planned for the
 * tables as large as they are now. A connection keeps the plan of a check it has run often, made
 * when the referenced table was small (a sequential scan, the cheapest way through a page or two),
 * until the table's statistics change; a batch of 10,000 rows checked that way scans the table
 * once per row (seconds, growing with the square of the batch). SQLite plans each statement anew.
 */
export async function replanForBulk(trx: Kysely<any>): Promise<void> {
  if (dialectOf(trx) === 'postgres') await sql`discard plans`.execute(trx);
}

/**
 * `column in (ids)` with one parameter however many ids (PostgreSQL `= any($1::integer[])`, SQLite
 * `json_each`): a list of 10,000 placeholders costs more to build, send and parse than the look-up.
 */
export function inIds(db: Kysely<any>, column: string, ids: readonly number[]) {
  return dialectOf(db) === 'postgres'
    ? sql<SqlBool>`${sql.ref(column)} = any(${[...ids]}::integer[])`
    : sql<SqlBool>`${sql.ref(column)} in (select value from json_each(${JSON.stringify(ids)}))`;
}

/** `column in (texts)` with one parameter however many texts, as `inIds` (keyed hashes, codes). */
export function inTexts(db: Kysely<any>, column: string, texts: readonly string[]) {
  return dialectOf(db) === 'postgres'
    ? sql<SqlBool>`${sql.ref(column)} = any(${[...texts]}::text[])`
    : sql<SqlBool>`${sql.ref(column)} in (select value from json_each(${JSON.stringify(texts)}))`;
}
