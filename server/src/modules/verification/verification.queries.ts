/**
 * The verification's own statements: the rate-limit counters (`rate_limits`, owned here), the
 * proof-of-work bookkeeping (`challenge_counts`, `spent_challenges`, owned here) and the issuer's
 * facts on the date of issue. On SQLite they are raw prepared better-sqlite3 statements
 * (Kysely re-prepares and costs more than half the throughput, see docs/ARCHITECTURE.md,
 * "Measuring a hot path"); on PostgreSQL they go through Kysely. The certificate lookups of the
 * hot path are the certificates module's (`certificates/lookup.queries.ts`).
 *
 * Documented exception: `issuer` reads `institutions`, `institution_events` and
 * `institution_scopes` (owned by institutions) by key, on the same raw prepared statements; the
 * service caches its answer for five minutes, because facts about a past date do not change.
 * It reads through the read path (`database.read`); the counters are writes, on the primary.
 */
import { sql } from 'kysely';
import type BetterSqlite3 from 'better-sqlite3';
import type { Database } from '../../database/connection.js';

export interface IssuerFacts {
  filedAt: string | null;
  /** the institution's status after its last status change on or before the date */
  statusThen: string | null;
  scopeGrantedAt: string | null;
}

/** Counters per key and window, written in batches (a `RateLimiter`'s store). */
export interface HitStore {
  /** adds buffered hits (per key and window) in one statement; returns the new totals */
  addHits(batch: { key: string; window: number; add: number }[]): Promise<Map<string, number>>;
  /** forgets the counters of windows before this one */
  purgeHits(beforeWindow: number): Promise<void>;
}

export interface VerifyStore extends HitStore {
  issuer(institutionId: number, occupationId: number, level: number, endOfDay: string): Promise<IssuerFacts>;
  /** the free look-ups by ID number + name per client (`challenge_counts`), counted like the rate limits */
  challengeCounts: HitStore;
  /** records a proof-of-work solution as used; false when it already was (a replay) */
  spendChallenge(signature: string, expiresAt: number): Promise<boolean>;
  /** forgets used solutions whose challenge expired before `now` (Unix seconds) */
  purgeSpentChallenges(now: number): Promise<void>;
}

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
  const spend = raw.prepare(
    'insert into rl.spent_challenges (signature, expires_at) values (?, ?) on conflict do nothing',
  );
  const purgeSpent = raw.prepare('delete from rl.spent_challenges where expires_at < ?');
  return {
    ...sqliteHits(raw, 'rate_limits'),
    challengeCounts: sqliteHits(raw, 'challenge_counts'),
    spendChallenge: async (signature, expiresAt) => spend.run(signature, expiresAt).changes === 1,
    purgeSpentChallenges: async (now) => {
      purgeSpent.run(now);
    },
    ...sqliteIssuer(database.read.sqlite!),
  };
}

function sqliteHits(raw: BetterSqlite3.Database, table: 'rate_limits' | 'challenge_counts'): HitStore {
  // one statement per slice of keys (the limiter writes at most 200 at a time), prepared once per size
  const upserts = new Map<number, BetterSqlite3.Statement>();
  const upsert = (n: number) => {
    let st = upserts.get(n);
    if (!st) {
      st = raw.prepare(
        `insert into rl.${table} (key, window_start, hits) values ${Array(n).fill('(?, ?, ?)').join(', ')}
         on conflict (key) do update set hits = case when ${table}.window_start = excluded.window_start then ${table}.hits + excluded.hits else excluded.hits end, window_start = excluded.window_start
         returning key, hits`,
      );
      upserts.set(n, st);
    }
    return st;
  };
  const purge = raw.prepare(`delete from rl.${table} where window_start < ?`);
  return {
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
  };
}

function sqliteIssuer(raw: BetterSqlite3.Database): Pick<VerifyStore, 'issuer'> {
  const filed = raw.prepare('select filed_at from institutions where id = ?');
  const state = raw.prepare(
    'select status_after from institution_events where institution_id = ? and status_after is not null and at <= ? order by at desc, id desc limit 1',
  );
  const scope = raw.prepare(
    'select granted_at from institution_scopes where institution_id = ? and occupation_id = ? and level = ?',
  );
  return {
    issuer: async (inst, occ, level, end) => ({
      filedAt: (filed.get(inst) as { filed_at: string | null } | undefined)?.filed_at ?? null,
      statusThen: (state.get(inst, end) as { status_after: string } | undefined)?.status_after ?? null,
      scopeGrantedAt: (scope.get(inst, occ, level) as { granted_at: string } | undefined)?.granted_at ?? null,
    }),
  };
}

function postgresStore(database: Database): VerifyStore {
  const db = database.db;
  const read = database.read;
  return {
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
    challengeCounts: {
      addHits: async (batch) => {
        const r = await sql<{ key: string; hits: number }>`insert into challenge_counts (key, window_start, hits)
          select * from unnest(${batch.map((b) => b.key)}::text[], ${batch.map((b) => b.window)}::int[], ${batch.map((b) => b.add)}::int[])
          on conflict (key) do update set hits = case when challenge_counts.window_start = excluded.window_start then challenge_counts.hits + excluded.hits else excluded.hits end, window_start = excluded.window_start
          returning key, hits`.execute(db);
        return new Map(r.rows.map((x) => [x.key, x.hits]));
      },
      purgeHits: async (before) => {
        await sql`delete from challenge_counts where window_start < ${before}`.execute(db);
      },
    },
    spendChallenge: async (signature, expiresAt) => {
      const r = await sql`insert into spent_challenges (signature, expires_at) values (${signature}, ${expiresAt})
        on conflict do nothing returning signature`.execute(db);
      return r.rows.length === 1;
    },
    purgeSpentChallenges: async (now) => {
      await sql`delete from spent_challenges where expires_at < ${now}`.execute(db);
    },
    issuer: async (inst, occ, level, end) => {
      const r = await sql<{ filed_at: string | null; status_then: string | null; granted_at: string | null }>`select
          (select filed_at from institutions where id = ${inst}) as filed_at,
          (select status_after from institution_events where institution_id = ${inst} and status_after is not null and at <= ${end} order by at desc, id desc limit 1) as status_then,
          (select granted_at from institution_scopes where institution_id = ${inst} and occupation_id = ${occ} and level = ${level}) as granted_at`.execute(
        read.db,
      );
      const x = r.rows[0];
      return { filedAt: x.filed_at, statusThen: x.status_then, scopeGrantedAt: x.granted_at };
    },
  };
}
