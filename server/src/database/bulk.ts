/**
 * Bulk writes for generators and loads of many rows (the province-scale generator): the owning
 * module's queries file names its table and columns, this file only runs them. On SQLite one
 * prepared statement runs per row on the raw handle inside the caller's transaction (Kysely spends
 * most of a multi-row insert building the SQL); on PostgreSQL multi-row inserts of a fixed size
 * reuse one named prepared statement on one pooled connection.
 */
import type BetterSqlite from 'better-sqlite3';
import type pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { dialectOf } from './sql-helpers.js';

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

/**
 * Inserts many rows with one statement and one parameter, whatever their number: the rows travel
 * as one JSON array, read back in the table's own column types (PostgreSQL
 * `json_populate_recordset(null::table, …)`; SQLite `json_each`, which gives integers, reals, text
 * and nulls as they are), so neither PostgreSQL's 65,535-parameter limit nor SQLite's 32,766 splits
 * a batch into several round trips. Every row has the keys of the first; columns left out keep
 * their defaults. The rows are inserted in the order given (ids ascend in it: the audit chain
 * relies on that); returns their `returning` columns.
 */
export async function insertJsonRows<R extends Record<string, unknown> = Record<string, unknown>>(
  db: Kysely<any>,
  table: string,
  rows: readonly Record<string, unknown>[],
  returning: readonly string[] = [],
): Promise<R[]> {
  if (!rows.length) return [];
  const cols = Object.keys(rows[0]);
  const colList = sql.join(cols.map((c) => sql.ref(c)));
  const ret = returning.length ? sql` returning ${sql.join(returning.map((c) => sql.ref(c)))}` : sql``;
  let source;
  if (dialectOf(db) === 'postgres') {
    const text = JSON.stringify(rows.map((r) => Object.fromEntries(cols.map((c) => [c, r[c] ?? null]))));
    source = sql`select ${sql.join(cols.map((c) => sql.ref(`r.${c}`)))} from rows from (json_populate_recordset(null::${sql.table(table)}, ${text}::json)) with ordinality as r order by r.ordinality`;
  } else {
    const text = JSON.stringify(rows.map((r) => cols.map((c) => r[c] ?? null)));
    source = sql`select ${sql.join(cols.map((_c, i) => sql`r.value ->> ${sql.lit(i)}`))} from json_each(${text}) as r order by r.key`;
  }
  const r = await sql<R>`insert into ${sql.table(table)} (${colList}) ${source}${ret}`.execute(db);
  return r.rows;
}

/**
 * Updates many rows by id with one statement and one parameter: `rows` carry `id` and the columns
 * to set (the same keys in every row), as in `insertJsonRows`.
 */
export async function updateJsonRows(db: Kysely<any>, table: string, rows: readonly Record<string, unknown>[]) {
  if (!rows.length) return;
  const cols = Object.keys(rows[0]).filter((c) => c !== 'id');
  if (dialectOf(db) === 'postgres') {
    const text = JSON.stringify(rows.map((r) => Object.fromEntries(['id', ...cols].map((c) => [c, r[c] ?? null]))));
    await sql`update ${sql.table(table)} as t set ${sql.join(cols.map((c) => sql`${sql.ref(c)} = ${sql.ref(`v.${c}`)}`))} from json_populate_recordset(null::${sql.table(table)}, ${text}::json) as v where t.id = v.id`.execute(
      db,
    );
  } else {
    const text = JSON.stringify(rows.map((r) => ['id', ...cols].map((c) => r[c] ?? null)));
    await sql`update ${sql.table(table)} set ${sql.join(cols.map((c, i) => sql`${sql.ref(c)} = v.value ->> ${sql.lit(i + 1)}`))} from json_each(${text}) as v where ${sql.table(table)}.id = v.value ->> 0`.execute(
      db,
    );
  }
}
