/**
 * Certificate lookups by key for the public verification hot path, on the read path
 * (`database.read`: a read-only connection of its own on SQLite, the standby or a reserved pool
 * on PostgreSQL), so they never wait behind a writer. On SQLite they are raw prepared
 * better-sqlite3 statements (Kysely re-prepares and costs more than half the throughput, see
 * docs/PERFORMANCE.md, "Measuring a hot path"), so a lookup by number returns synchronously;
 * on PostgreSQL they are named prepared statements. Prepared once per database.
 */
import type { Database } from '../../database/connection.js';

export interface CertificateLookupRow {
  id: number;
  number: string;
  holder_name: string;
  holder_id_type: string;
  /** sealed (lib/personal-data.ts): answers show it masked, the seal check opens it */
  holder_id_number_enc: string;
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

export interface CertificateLookup {
  /** synchronous on SQLite (the hot path runs without an await), a promise on PostgreSQL */
  byNumber(number: string): CertificateLookupRow | undefined | Promise<CertificateLookupRow | undefined>;
  /** the newest 50 certificates of an ID number, by the keyed hash of the number */
  byIdNumberHash(idNumberHash: string): Promise<CertificateLookupRow[]>;
}

// in the order of RawRow below
const COLS = [
  'id',
  'number',
  'holder_name',
  'holder_id_type',
  'holder_id_number_enc',
  'institution_id',
  'institution_name',
  'filing_no',
  'occupation_id',
  'occupation_code',
  'occupation_name',
  'work_type',
  'level',
  'issued_on',
  'status',
  'verify_code',
  'seal',
  'seal_kid',
].join(', ');

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
  CertificateLookupRow['status'],
  string,
  string | null,
  string | null,
];
/** better-sqlite3 builds row objects slowly through the V8 API; arrays are cheaper, this literal cheaper still */
const fromRaw = (a: RawRow): CertificateLookupRow => ({
  id: a[0],
  number: a[1],
  holder_name: a[2],
  holder_id_type: a[3],
  holder_id_number_enc: a[4],
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

const lookups = new WeakMap<Database, CertificateLookup>();

export function certificateLookup(database: Database): CertificateLookup {
  let l = lookups.get(database);
  if (!l) {
    l = database.sqlite ? sqliteLookup(database) : postgresLookup(database);
    lookups.set(database, l);
  }
  return l;
}

function sqliteLookup(database: Database): CertificateLookup {
  const raw = database.read.sqlite!;
  const byNumber = raw.prepare(`select ${COLS} from certificates where number = ?`).raw();
  const byId = raw
    .prepare(`select ${COLS} from certificates where holder_id_number_hash = ? order by issued_on desc limit 50`)
    .raw();
  return {
    byNumber: (n) => {
      const a = byNumber.get(n) as RawRow | undefined;
      return a && fromRaw(a);
    },
    byIdNumberHash: async (h) => (byId.all(h) as RawRow[]).map(fromRaw),
  };
}

function postgresLookup(database: Database): CertificateLookup {
  const read = database.read;
  // named statements: each pooled connection parses and plans them once
  const byNumber = { name: 'verify-by-number', text: `select ${COLS} from certificates where number = $1` };
  const byId = {
    name: 'verify-by-id-number',
    text: `select ${COLS} from certificates where holder_id_number_hash = $1 order by issued_on desc limit 50`,
  };
  return {
    byNumber: async (n) => (await read.query<CertificateLookupRow>({ ...byNumber, values: [n] })).rows[0],
    byIdNumberHash: async (h) => (await read.query<CertificateLookupRow>({ ...byId, values: [h] })).rows,
  };
}
