/**
 * Bulk writes for generators and loads of many rows (the province-scale generator): the owning
 * module's queries file names its table and columns, this file only runs them. On SQLite
 * multi-row inserts of 50 rows run as one statement prepared once on the raw handle inside the
 * caller's transaction (Kysely would spend most of the time building the SQL of each batch), a
 * broken constraint rolling the whole transaction back (no statement journal); on
 * PostgreSQL multi-row inserts of a fixed size reuse one named prepared statement on one pooled
 * connection.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type BetterSqlite from 'better-sqlite3';
import type pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { dialectOf } from './sql-helpers.js';

/** A connection holding an open transaction: SQLite's raw handle or one pooled PostgreSQL client. */
export type BulkTarget = { sqlite: BetterSqlite.Database; pg?: undefined } | { pg: pg.PoolClient; sqlite?: undefined };

const PG_ROWS = 500;
/** rows per SQLite statement: 50 rows of 22 columns bind 1,100 values, well under SQLite's limit */
const SQLITE_ROWS = 50;
const statements = new WeakMap<BetterSqlite.Database, Map<string, BetterSqlite.Statement>>();

/** A constant of a statement: a number, or a string quoted as SQL quotes it. */
function literal(v: string | number): string {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`bulkInsert: ${v} is not a value`);
    return String(v);
  }
  return `'${v.replaceAll("'", "''")}'`;
}

/**
 * A row whose key (`keys`, a unique index) the table already holds adds its `column` to the row
 * there instead of breaking the constraint (counts added to existing buckets).
 */
export interface AddOnConflict {
  keys: readonly string[];
  column: string;
}
const upsertText = (table: string, add: AddOnConflict | undefined) =>
  add
    ? ` on conflict (${add.keys.join(', ')}) do update set ${add.column} = ${table}.${add.column} + excluded.${add.column}`
    : '';

/** The prepared multi-row insert of `n` rows, made once per connection. */
function sqliteStatement(
  raw: BetterSqlite.Database,
  table: string,
  columns: readonly string[],
  n: number,
  fixed: Readonly<Record<string, string | number>>,
  add: AddOnConflict | undefined,
) {
  let byText = statements.get(raw);
  if (!byText) statements.set(raw, (byText = new Map()));
  const fixedNames = Object.keys(fixed);
  const row = `(${[...columns.map(() => '?'), ...fixedNames.map((c) => literal(fixed[c]))].join(', ')})`;
  // `or rollback`: a row that breaks a constraint rolls back the caller's whole transaction (one batch
  // of a load) instead of only this statement, so SQLite keeps no statement journal (a copy of each
  // page the statement touches) for a multi-row insert: half of a bare insert's CPU (PERFORMANCE.md)
  const text = `insert or rollback into ${table} (${[...columns, ...fixedNames].join(', ')}) values ${Array.from({ length: n }, () => row).join(', ')}${upsertText(table, add)}`;
  let stmt = byText.get(text);
  if (!stmt) byText.set(text, (stmt = raw.prepare(text)));
  return stmt;
}

/**
 * Inserts rows into `table`: `values` holds them one after another, each in the order of
 * `allColumns` without the columns of `fixed` (one flat array per batch: a load builds and copies
 * no array per row). `fixed` gives columns one value for every row, written into the statement;
 * `add`: rows whose key exists are added to the row there (`AddOnConflict`).
 */
export async function bulkInsert(
  target: BulkTarget,
  table: string,
  allColumns: readonly string[],
  values: readonly unknown[],
  fixed: Readonly<Record<string, string | number>> = {},
  add?: AddOnConflict,
): Promise<void> {
  // columns with one value for every row are written into the statement, not sent with each row
  const columns = allColumns.filter((c) => !(c in fixed));
  const width = columns.length;
  const count = values.length / width;
  if (!Number.isInteger(count))
    throw new Error(`bulkInsert ${table}: ${values.length} values are not rows of ${width}`);
  if (target.sqlite) {
    // one statement of SQLITE_ROWS rows for the bulk of the load, one of a single row for the rest
    let i = 0;
    if (count >= SQLITE_ROWS) {
      const many = sqliteStatement(target.sqlite, table, columns, SQLITE_ROWS, fixed, add);
      const step = SQLITE_ROWS * width;
      for (; i + step <= values.length; i += step) many.run(values.slice(i, i + step));
    }
    if (i < values.length) {
      const one = sqliteStatement(target.sqlite, table, columns, 1, fixed, add);
      for (; i < values.length; i += width) one.run(values.slice(i, i + width));
    }
    return;
  }
  const fixedNames = Object.keys(fixed);
  const fixedValues = fixedNames.map((c) => literal(fixed[c]));
  const placeholders = (n: number) =>
    Array.from(
      { length: n },
      (_, i) => `(${[...columns.map((_c, j) => `$${i * width + j + 1}`), ...fixedValues].join(', ')})`,
    ).join(', ');
  for (let i = 0; i < count; i += PG_ROWS) {
    const n = Math.min(PG_ROWS, count - i);
    await target.pg.query({
      // one plan per table and chunk size (the last chunk of a load is shorter)
      name: n === PG_ROWS ? `bulk_${table}_${PG_ROWS}${add ? '_add' : ''}` : undefined,
      text: `insert into ${table} (${[...columns, ...fixedNames].join(', ')}) values ${placeholders(n)}${upsertText(table, add)}`,
      values: values.slice(i * width, (i + n) * width),
    });
  }
}

/**
 * Runs `work` in one transaction on the target. On SQLite a constraint broken by `bulkInsert` has
 * already rolled the transaction back (`or rollback`): the error is rethrown as it was, not hidden
 * by a failing `rollback`.
 */
export async function bulkTransaction<T>(target: BulkTarget, work: () => Promise<T>): Promise<T> {
  const run = (text: string) => (target.sqlite ? target.sqlite.exec(text) : target.pg.query(text));
  await run(target.sqlite ? 'begin immediate' : 'begin');
  try {
    const r = await work();
    await run('commit');
    return r;
  } catch (e) {
    if (!target.sqlite || target.sqlite.inTransaction) await run('rollback');
    throw e;
  }
}

/**
 * The connection's settings for a bulk load, set for the run; returns the function that restores
 * them. SQLite: the page cache grows to `mib` (a load touches index pages all over large indexes —
 * the keyed hashes are random), commits do not wait for the disk (`synchronous = OFF`: the write-
 * ahead log still keeps the file whole if the process is killed; an operating-system crash can
 * lose the last batches, which a rerun writes again), temporary sorts stay in memory, the log
 * is checkpointed every 64 MiB rather than every 4 MiB, and foreign keys are not checked row by row
 * (three parent look-ups per certificate: a quarter of a bare insert's CPU): the caller checks
 * the loaded tables at the end with `foreignKeyViolations`, one pass over them. Call it outside a
 * transaction (SQLite ignores `foreign_keys` inside one; the restore reads it back).
 */
export function bulkLoadSettings(target: BulkTarget, mib = 1024): () => void {
  const raw = target.sqlite;
  if (!raw) return () => {};
  const restore = setPragmas(raw, {
    cache_size: -mib * 1024,
    synchronous: 'OFF',
    temp_store: 'MEMORY',
    wal_autocheckpoint: 16384,
    foreign_keys: 'OFF',
  });
  return () => {
    if (restore().foreign_keys !== Number(raw.pragma('foreign_keys', { simple: true })))
      throw new Error('bulkLoadSettings: foreign_keys not restored (a transaction was still open)');
  };
}

/** Sets some of the connection's pragmas; returns the function that sets them back (and gives the values it restored). */
function setPragmas(raw: BetterSqlite.Database, settings: Readonly<Record<string, string | number>>) {
  const names = Object.keys(settings);
  const before = Object.fromEntries(names.map((n) => [n, Number(raw.pragma(n, { simple: true }))]));
  for (const n of names) raw.pragma(`${n} = ${settings[n]}`);
  return () => {
    for (const n of names) raw.pragma(`${n} = ${before[n]}`);
    return before;
  };
}

/**
 * Rows of `tables` whose parent is missing: after a load under `bulkLoadSettings` (SQLite checks no
 * foreign key during it). PostgreSQL checks every row as it goes in: nothing to find. On SQLite the
 * check (`pragma foreign_key_check`, a pass over the tables with a look-up per parent) runs on a
 * read-only connection of its own in a worker thread, so the caller can build the deferred indexes
 * meanwhile: the write-ahead log gives that connection the rows committed when it starts (the
 * province load's check took 3.3–4.6 s beside 22–29 s of index builds). Call it after the load's
 * last commit. A database in memory is checked on the caller's connection.
 */
export async function foreignKeyViolations(
  target: BulkTarget,
  tables: readonly string[],
): Promise<{ table: string; rowid: number; parent: string }[]> {
  const raw = target.sqlite;
  if (!raw) return [];
  if (raw.memory)
    return tables.flatMap(
      (t) => raw.pragma(`foreign_key_check(${t})`) as { table: string; rowid: number; parent: string }[],
    );
  const worker = new Worker(new URL('./foreign-key-check-worker.mjs', import.meta.url), {
    workerData: { file: raw.name, tables },
  });
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`foreign key check stopped (${code})`)));
  });
}

/**
 * Secondary indexes are built once after a bulk load rather than kept entry by entry during it
 * (a sort instead of random inserts into large B-trees — the keyed hashes are random). Their
 * definitions are saved in `bulk_deferred_indexes` in the same transaction that drops them, so a
 * run killed before the end still knows them: the next run keeps them deferred and builds them
 * when it ends (`buildDeferredIndexes`). The owning module's queries file names the indexes.
 */
const DEFERRED = 'bulk_deferred_indexes';

async function query(target: BulkTarget, text: string, values: unknown[] = []): Promise<Record<string, unknown>[]> {
  if (target.sqlite) {
    const stmt = target.sqlite.prepare(text);
    if (stmt.reader) return stmt.all(values) as Record<string, unknown>[];
    stmt.run(values);
    return [];
  }
  return (await target.pg.query(text, values)).rows;
}

/** Drops the named indexes that exist (saving their definitions); returns how many are deferred in all. */
export async function deferIndexes(target: BulkTarget, names: readonly string[]): Promise<number> {
  return bulkTransaction(target, async () => {
    await query(
      target,
      `create table if not exists ${DEFERRED} (name varchar(100) primary key, definition text not null)`,
    );
    const found = target.sqlite
      ? await query(
          target,
          `select name, sql as definition from sqlite_master where type = 'index' and sql is not null and name in (${names.map(() => '?').join(', ')})`,
          [...names],
        )
      : await query(
          target,
          `select indexname as name, indexdef as definition from pg_indexes where schemaname = current_schema() and indexname = any($1)`,
          [[...names]],
        );
    for (const f of found) {
      await query(target, `insert into ${DEFERRED} (name, definition) values (${target.sqlite ? '?, ?' : '$1, $2'})`, [
        f.name,
        f.definition,
      ]);
      await query(target, `drop index ${String(f.name)}`);
    }
    return Number((await query(target, `select count(*) as n from ${DEFERRED}`))[0].n);
  });
}

/**
 * SQLite's settings for building large indexes, set for the builds; returns the function that
 * restores them. The sorter writes runs of a few MiB to temporary files and merges them on helper
 * threads (`threads`): at 10 million certificates the seven deferred indexes took 51.6 s under the
 * load's settings (a 1 GiB page cache and sorts in memory: one huge in-memory sort per index) and
 * 21.5 s so (35.9 s of CPU on two cores; PERFORMANCE.md). The temporary files are the operating
 * system's cached pages while memory lasts.
 */
function indexBuildSettings(raw: BetterSqlite.Database): () => void {
  return setPragmas(raw, {
    cache_size: -4096,
    temp_store: 'FILE',
    threads: Math.min(4, Math.max(1, availableParallelism())),
  });
}

/** Builds every deferred index (an earlier, interrupted run's too) and forgets the saved definitions. */
export async function buildDeferredIndexes(target: BulkTarget): Promise<string[]> {
  const exists = target.sqlite
    ? (await query(target, `select 1 from sqlite_master where type = 'table' and name = ?`, [DEFERRED])).length
    : (
        await query(target, `select 1 from pg_tables where schemaname = current_schema() and tablename = $1`, [
          DEFERRED,
        ])
      ).length;
  if (!exists) return [];
  const rows = await query(target, `select name, definition from ${DEFERRED} order by name`);
  const restore = target.sqlite ? indexBuildSettings(target.sqlite) : () => {};
  try {
    for (const r of rows)
      await bulkTransaction(target, async () => {
        await query(target, String(r.definition));
        await query(target, `delete from ${DEFERRED} where name = ${target.sqlite ? '?' : '$1'}`, [r.name]);
      });
  } finally {
    restore();
  }
  await query(target, `drop table ${DEFERRED}`);
  return rows.map((r) => String(r.name));
}

/**
 * Inserts many rows with one statement, whatever their number: the rows travel as one JSON array,
 * read back in the table's own column types (PostgreSQL `json_populate_recordset(null::table, …)`;
 * SQLite `json_each`, which gives integers, reals, text and nulls as they are), so neither
 * PostgreSQL's 65,535-parameter limit nor SQLite's 32,766 splits a batch into several round trips.
 * A value every row has in a column (a batch is mostly one institution, date, occupation, actor)
 * travels once beside the array rather than in each row (PostgreSQL: one more JSON record of the
 * table's type; SQLite: a bound value), so the text to build, send and parse shrinks to what
 * differs. Every row has the keys of the first; columns left out keep their defaults. The rows are
 * inserted in the order given (ids ascend in it: the audit chain relies on that); returns their
 * `returning` columns. (SQLite reads `on conflict` after a `select … from` as a join's `on` unless
 * the select has a `where`: hence the `where true`.)
 */
export async function insertJsonRows<R extends Record<string, unknown> = Record<string, unknown>>(
  db: Kysely<any>,
  table: string,
  rows: readonly Record<string, unknown>[],
  returning: readonly string[] = [],
  /** rows whose key these columns (a unique index) already hold are left out, not an error: only the inserted come back */
  onConflictDoNothing: readonly string[] = [],
): Promise<R[]> {
  if (!rows.length) return [];
  const cols = Object.keys(rows[0]);
  const shared = new Set(rows.length > 1 ? cols.filter((c) => sameInEveryRow(rows, c)) : []);
  const varying = cols.filter((c) => !shared.has(c));
  const colList = sql.join(cols.map((c) => sql.ref(c)));
  const ret = returning.length ? sql` returning ${sql.join(returning.map((c) => sql.ref(c)))}` : sql``;
  const conflict = onConflictDoNothing.length
    ? sql` on conflict (${sql.join(onConflictDoNothing.map((c) => sql.ref(c)))}) do nothing`
    : sql``;
  let source;
  if (dialectOf(db) === 'postgres') {
    const keys = varying.map((c, i) => `${i ? ',' : '{'}${JSON.stringify(c)}:`);
    const parts: string[] = new Array(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      let text = varying.length ? '' : '{';
      for (let i = 0; i < varying.length; i++) text += keys[i] + JSON.stringify(row[varying[i]] ?? null);
      parts[r] = text + '}';
    }
    const text = `[${parts.join(',')}]`;
    const one = JSON.stringify(Object.fromEntries([...shared].map((c) => [c, rows[0][c] ?? null])));
    source = sql`select ${sql.join(cols.map((c) => sql.ref(`${shared.has(c) ? 's' : 'r'}.${c}`)))} from rows from (json_populate_recordset(null::${sql.table(table)}, ${text}::json)) with ordinality as r cross join json_populate_record(null::${sql.table(table)}, ${one}::json) as s order by r.ordinality`;
  } else {
    const text = JSON.stringify(rows.map((r) => varying.map((c) => r[c] ?? null)));
    const at = new Map(varying.map((c, i) => [c, i]));
    source = sql`select ${sql.join(cols.map((c) => (shared.has(c) ? sql`${rows[0][c] ?? null}` : sql`r.value ->> ${sql.lit(at.get(c)!)}`)))} from json_each(${text}) as r where true order by r.key`;
  }
  const r = await sql<R>`insert into ${sql.table(table)} (${colList}) ${source}${conflict}${ret}`.execute(db);
  return r.rows;
}

/** A text, number or null that every row has in column `c` (other values travel per row). */
function sameInEveryRow(rows: readonly Record<string, unknown>[], c: string): boolean {
  const v = rows[0][c] ?? null;
  if (v !== null && typeof v !== 'string' && typeof v !== 'number') return false;
  for (let i = 1; i < rows.length; i++) if ((rows[i][c] ?? null) !== v) return false;
  return true;
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
