/**
 * Bulk writes for generators and loads of many rows (the province-scale generator): the owning
 * module's queries file names its table and columns, this file only runs them. On SQLite one
 * prepared statement runs per row on the raw handle inside the caller's transaction (Kysely spends
 * most of a multi-row insert building the SQL); on PostgreSQL multi-row inserts of a fixed size
 * reuse one named prepared statement on one pooled connection.
 */
import type BetterSqlite from 'better-sqlite3';
import type pg from 'pg';

/** A connection holding an open transaction: SQLite's raw handle or one pooled PostgreSQL client. */
export type BulkTarget = { sqlite: BetterSqlite.Database; pg?: undefined } | { pg: pg.PoolClient; sqlite?: undefined };

const PG_ROWS = 500;
const statements = new WeakMap<BetterSqlite.Database, Map<string, BetterSqlite.Statement>>();

/** Inserts `rows` (values in the order of `columns`) into `table`. */
export async function bulkInsert(
  target: BulkTarget,
  table: string,
  columns: readonly string[],
  rows: readonly unknown[][],
): Promise<void> {
  if (target.sqlite) {
    let byText = statements.get(target.sqlite);
    if (!byText) statements.set(target.sqlite, (byText = new Map()));
    const text = `insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`;
    let stmt = byText.get(text);
    if (!stmt) byText.set(text, (stmt = target.sqlite.prepare(text)));
    for (const r of rows) stmt.run(r);
    return;
  }
  const values = (n: number) =>
    Array.from(
      { length: n },
      (_, i) => `(${columns.map((_c, j) => `$${i * columns.length + j + 1}`).join(', ')})`,
    ).join(', ');
  for (let i = 0; i < rows.length; i += PG_ROWS) {
    const chunk = rows.slice(i, i + PG_ROWS);
    const text = `insert into ${table} (${columns.join(', ')}) values ${values(chunk.length)}`;
    await target.pg.query({
      // one plan per table and chunk size (the last chunk of a load is shorter)
      name: chunk.length === PG_ROWS ? `bulk_${table}_${PG_ROWS}` : undefined,
      text,
      values: chunk.flat(),
    });
  }
}

/** Runs `work` in one transaction on the target. */
export async function bulkTransaction<T>(target: BulkTarget, work: () => Promise<T>): Promise<T> {
  const run = (text: string) => (target.sqlite ? target.sqlite.exec(text) : target.pg.query(text));
  await run(target.sqlite ? 'begin immediate' : 'begin');
  try {
    const r = await work();
    await run('commit');
    return r;
  } catch (e) {
    await run('rollback');
    throw e;
  }
}

/**
 * A bulk load touches index pages all over large indexes (the keyed hashes are random): on SQLite
 * the connection's page cache grows to `mib` for the load; returns the function that restores it.
 */
export function widenCache(target: BulkTarget, mib = 1024): () => void {
  if (!target.sqlite) return () => {};
  const before = target.sqlite.pragma('cache_size', { simple: true });
  target.sqlite.pragma(`cache_size = ${-mib * 1024}`);
  return () => target.sqlite!.pragma(`cache_size = ${Number(before)}`);
}
