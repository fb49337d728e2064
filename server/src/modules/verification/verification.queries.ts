/**
 * The hot path of public verification. On SQLite it runs on raw prepared better-sqlite3
 * statements (Kysely re-prepares and costs more than half the throughput, see
 * shared/stack-notes.md); on PostgreSQL the certificate lookups are named prepared statements
 * on the pool, the rest goes through Kysely. The only file that builds its SQL.
 */
import { sql } from 'kysely';
import type BetterSqlite3 from 'better-sqlite3';
import type { Database } from '../../database/connection.js';

export interface CertRow {
  id: number;
  number: string;
  holder_name: string;
  holder_id_type: string;
  holder_id_number: string;
  institution_id: number;
  institution_name: string;
  filing_no: string;
  occupation_id: number;
  occupation_code: string;
  occupation_name: string;
  work_type: string | null;
  level: number;
  issued_on: string;
  status: 'valid' | 'suspended' | 'revoked';
  verify_code: string;
  seal: string | null;
  seal_kid: string | null;
}

export interface IssuerFacts {
  filedAt: string | null;
  /** the institution's status after its last status change on or before the date */
  statusThen: string | null;
  scopeGrantedAt: string | null;
}

export interface VerifyStore {
  /** synchronous on SQLite (the hot path runs without an await), a promise on PostgreSQL */
  byNumber(number: string): CertRow | undefined | Promise<CertRow | undefined>;
  byIdNumber(idNumber: string): Promise<CertRow[]>;
  /** adds buffered hits (per key and window) in one statement; returns the new totals */
  addHits(batch: { key: string; window: number; add: number }[]): Promise<Map<string, number>>;
  /** forgets the counters of windows before this one */
  purgeHits(beforeWindow: number): Promise<void>;
  issuer(institutionId: number, occupationId: number, level: number, endOfDay: string): Promise<IssuerFacts>;
}

const COLS =
  'id, number, holder_name, holder_id_type, holder_id_number, institution_id, institution_name, filing_no, occupation_id, occupation_code, occupation_name, work_type, level, issued_on, status, verify_code, seal, seal_kid';

type RawRow = [
  number,
  string,
  string,
  string,
  string,
  number,
  string,
  string,
  number,
  string,
  string,
  string | null,
  number,
  string,
  CertRow['status'],
  string,
  string | null,
  string | null,
];
/** better-sqlite3 builds row objects slowly through the V8 API; arrays are cheaper, this literal cheaper still */
const fromRaw = (a: RawRow): CertRow => ({
  id: a[0],
  number: a[1],
  holder_name: a[2],
  holder_id_type: a[3],
  holder_id_number: a[4],
  institution_id: a[5],
  institution_name: a[6],
  filing_no: a[7],
  occupation_id: a[8],
  occupation_code: a[9],
  occupation_name: a[10],
  work_type: a[11],
  level: a[12],
  issued_on: a[13],
  status: a[14],
  verify_code: a[15],
  seal: a[16],
  seal_kid: a[17],
});

const stores = new WeakMap<Database, VerifyStore>();

export function verifyStore(database: Database): VerifyStore {
  let s = stores.get(database);
  if (!s) {
    s = database.sqlite ? sqliteStore(database) : postgresStore(database);
    stores.set(database, s);
  }
  return s;
}

function sqliteStore(database: Database): VerifyStore {
  const raw = database.sqlite!;
  const byNumber = raw.prepare(`select ${COLS} from certificates where number = ?`).raw();
  const byId = raw
    .prepare(`select ${COLS} from certificates where holder_id_number = ? order by issued_on desc limit 50`)
    .raw();
  // one statement per slice of keys (the limiter writes at most 200 at a time), prepared once per size
  const upserts = new Map<number, BetterSqlite3.Statement>();
  const upsert = (n: number) => {
    let st = upserts.get(n);
    if (!st) {
      st = raw.prepare(
        `insert into rl.rate_limits (key, window_start, hits) values ${Array(n).fill('(?, ?, ?)').join(', ')}
         on conflict (key) do update set hits = case when rate_limits.window_start = excluded.window_start then rate_limits.hits + excluded.hits else excluded.hits end, window_start = excluded.window_start
         returning key, hits`,
      );
      upserts.set(n, st);
    }
    return st;
  };
  const purge = raw.prepare('delete from rl.rate_limits where window_start < ?');
  const filed = raw.prepare('select filed_at from institutions where id = ?');
  const state = raw.prepare(
    'select status_after from institution_events where institution_id = ? and status_after is not null and at <= ? order by at desc, id desc limit 1',
  );
  const scope = raw.prepare(
    'select granted_at from institution_scopes where institution_id = ? and occupation_id = ? and level = ?',
  );
  return {
    byNumber: (n) => {
      const a = byNumber.get(n) as RawRow | undefined;
      return a && fromRaw(a);
    },
    byIdNumber: async (id) => (byId.all(id) as RawRow[]).map(fromRaw),
    addHits: async (batch) => {
      const out = new Map<string, number>();
      for (let i = 0; i < batch.length; i += 200) {
        const slice = batch.slice(i, i + 200);
        const rows = upsert(slice.length).all(slice.flatMap((b) => [b.key, b.window, b.add])) as {
          key: string;
          hits: number;
        }[];
        for (const r of rows) out.set(r.key, r.hits);
      }
      return out;
    },
    purgeHits: async (before) => {
      purge.run(before);
    },
    issuer: async (inst, occ, level, end) => ({
      filedAt: (filed.get(inst) as { filed_at: string | null } | undefined)?.filed_at ?? null,
      statusThen: (state.get(inst, end) as { status_after: string } | undefined)?.status_after ?? null,
      scopeGrantedAt: (scope.get(inst, occ, level) as { granted_at: string } | undefined)?.granted_at ?? null,
    }),
  };
}

function postgresStore(database: Database): VerifyStore {
  const db = database.db;
  const pool = database.pool!;
  // named statements: each pooled connection parses and plans them once
  const byNumber = { name: 'verify-by-number', text: `select ${COLS} from certificates where number = $1` };
  const byId = {
    name: 'verify-by-id-number',
    text: `select ${COLS} from certificates where holder_id_number = $1 order by issued_on desc limit 50`,
  };
  return {
    byNumber: async (n) => (await pool.query<CertRow>({ ...byNumber, values: [n] })).rows[0],
    byIdNumber: async (id) => (await pool.query<CertRow>({ ...byId, values: [id] })).rows,
    addHits: async (batch) => {
      const r = await sql<{ key: string; hits: number }>`insert into rate_limits (key, window_start, hits)
        select * from unnest(${batch.map((b) => b.key)}::text[], ${batch.map((b) => b.window)}::int[], ${batch.map((b) => b.add)}::int[])
        on conflict (key) do update set hits = case when rate_limits.window_start = excluded.window_start then rate_limits.hits + excluded.hits else excluded.hits end, window_start = excluded.window_start
        returning key, hits`.execute(db);
      return new Map(r.rows.map((x) => [x.key, x.hits]));
    },
    purgeHits: async (before) => {
      await sql`delete from rate_limits where window_start < ${before}`.execute(db);
    },
    issuer: async (inst, occ, level, end) => {
      const r = await sql<{ filed_at: string | null; status_then: string | null; granted_at: string | null }>`select
          (select filed_at from institutions where id = ${inst}) as filed_at,
          (select status_after from institution_events where institution_id = ${inst} and status_after is not null and at <= ${end} order by at desc, id desc limit 1) as status_then,
          (select granted_at from institution_scopes where institution_id = ${inst} and occupation_id = ${occ} and level = ${level}) as granted_at`.execute(
        db,
      );
      const x = r.rows[0];
      return { filedAt: x.filed_at, statusThen: x.status_then, scopeGrantedAt: x.granted_at };
    },
  };
}
