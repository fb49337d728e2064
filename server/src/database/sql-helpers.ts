/**
 * The few places where SQLite and PostgreSQL differ, named once. Modules call these instead of
 * testing the dialect themselves.
 */
import { PostgresAdapter, sql, type ColumnDefinitionBuilder, type CreateTableBuilder, type Kysely } from 'kysely';

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
