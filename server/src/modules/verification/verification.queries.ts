/**
 * The hot path of public verification. On SQLite it runs on raw prepared better-sqlite3
 * statements (Kysely re-prepares and costs more than half the throughput, see
 * shared/stack-notes.md); on PostgreSQL through Kysely. The only file that builds its SQL.
 */
import { sql } from 'kysely';
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
  byNumber(number: string): Promise<CertRow | undefined>;
  byIdNumber(idNumber: string): Promise<CertRow[]>;
  /** adds buffered hits (per key and window) in one statement; returns the new totals */
  addHits(batch: { key: string; window: number; add: number }[]): Promise<Map<string, number>>;
  issuer(institutionId: number, occupationId: number, level: number, endOfDay: string): Promise<IssuerFacts>;
}

const COLS = 'id, number, holder_name, holder_id_type, holder_id_number, institution_id, institution_name, filing_no, occupation_id, occupation_code, occupation_name, work_type, level, issued_on, status, verify_code, seal, seal_kid';

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
  const byNumber = raw.prepare(`select ${COLS} from certificates where number = ?`);
  const byId = raw.prepare(`select ${COLS} from certificates where holder_id_number = ? order by issued_on desc limit 50`);
  const addHit = raw.prepare(
    `insert into rl.rate_limits (key, window_start, hits) values (?, ?, ?)
     on conflict (key) do update set hits = case when rate_limits.window_start = excluded.window_start then rate_limits.hits + ? else excluded.hits end, window_start = excluded.window_start
     returning hits`,
  );
  const filed = raw.prepare('select filed_at from institutions where id = ?');
  const state = raw.prepare("select status_after from institution_events where institution_id = ? and status_after is not null and at <= ? order by at desc, id desc limit 1");
  const scope = raw.prepare('select granted_at from institution_scopes where institution_id = ? and occupation_id = ? and level = ?');
  return {
    byNumber: async (n) => byNumber.get(n) as CertRow | undefined,
    byIdNumber: async (id) => byId.all(id) as CertRow[],
    addHits: async (batch) => {
      const out = new Map<string, number>();
      raw.transaction(() => {
        for (const b of batch) out.set(b.key, (addHit.get(b.key, b.window, b.add, b.add) as { hits: number }).hits);
      })();
      return out;
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
  return {
    byNumber: async (n) => (await sql<CertRow>`select ${sql.raw(COLS)} from certificates where number = ${n}`.execute(db)).rows[0],
    byIdNumber: async (id) => (await sql<CertRow>`select ${sql.raw(COLS)} from certificates where holder_id_number = ${id} order by issued_on desc limit 50`.execute(db)).rows,
    addHits: async (batch) => {
      const r = await sql<{ key: string; hits: number }>`insert into rate_limits (key, window_start, hits)
        select * from unnest(${batch.map((b) => b.key)}::text[], ${batch.map((b) => b.window)}::int[], ${batch.map((b) => b.add)}::int[])
        on conflict (key) do update set hits = case when rate_limits.window_start = excluded.window_start then rate_limits.hits + excluded.hits else excluded.hits end, window_start = excluded.window_start
        returning key, hits`.execute(db);
      return new Map(r.rows.map((x) => [x.key, x.hits]));
    },
    issuer: async (inst, occ, level, end) => {
      const r = await sql<{ filed_at: string | null; status_then: string | null; granted_at: string | null }>`select
          (select filed_at from institutions where id = ${inst}) as filed_at,
          (select status_after from institution_events where institution_id = ${inst} and status_after is not null and at <= ${end} order by at desc, id desc limit 1) as status_then,
          (select granted_at from institution_scopes where institution_id = ${inst} and occupation_id = ${occ} and level = ${level}) as granted_at`.execute(db);
      const x = r.rows[0];
      return { filedAt: x.filed_at, statusThen: x.status_then, scopeGrantedAt: x.granted_at };
    },
  };
}
