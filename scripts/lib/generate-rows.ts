/**
 * The generator's plan and rows (scripts/lib/generate-data.ts runs this in a worker thread, so
 * drawing, sealing and hashing run on one core while the main thread writes on the other): people
 * with valid resident ID numbers and their certificates, drawn from a seeded PRNG in a fixed
 * order, then turned into the columns the bulk insert takes — flat arrays, one per table and batch
 * (no object or array per row: less to build, to collect and to copy between threads).
 */
import { residentIdCheckChar } from '../../server/src/lib/identity.js';
import type { PersonalData } from '../../server/src/lib/personal-data.js';
import { formatCertificateNumber } from '../../server/src/modules/certificates/certificate-number.js';
import { contributionsOf, type Contribution } from '../../server/src/modules/targets/contributions.js';

/** mulberry32: small, fast, deterministic; `state` continues a sequence in another thread. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Object.assign(next, { state: () => a });
}

const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国建华志强海燕欣怡子涵浩宇梓轩雨桐思远嘉豪俊杰晨阳佳琪振东凯文';
/** level digit (1 高级技师 … 5 初级工) by cumulative share: most certificates are of the lower levels */
const LEVELS: [number, number][] = [
  [1, 0.015],
  [2, 0.06],
  [3, 0.24],
  [4, 0.58],
  [5, 1],
];
const PATHWAYS: [string, number][] = [
  ['exam', 0.55],
  ['recognition', 0.72],
  ['process', 0.82],
  ['competition', 0.85],
  ['enterprise', 1],
];
const REVOKED_SHARE = 0.02;
const VERIFY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const BIRTH_FROM = Date.UTC(1966, 0, 1);
const BIRTH_DAYS = Math.floor((Date.UTC(2006, 11, 31) - BIRTH_FROM) / 86_400_000);
/** birth dates as `YYYYMMDD`, made once (every person's ID number has one) */
const BIRTHS = Array.from({ length: BIRTH_DAYS }, (_, day) =>
  new Date(BIRTH_FROM + day * 86_400_000).toISOString().slice(0, 10).replaceAll('-', ''),
);

/**
 * The first entry of a cumulative table whose share exceeds `r` (shares ascend): a binary search,
 * since the institutions' table has 400 entries and every certificate draws from it.
 */
function pick<T>(table: readonly (readonly [T, number])[], r: number): T {
  let lo = 0;
  let hi = table.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (r < table[mid][1]) hi = mid;
    else lo = mid + 1;
  }
  return table[lo][0];
}

/**
 * Person i's resident ID number: a Henan county's code, a birth date and a sequence number that
 * together are unique for every i (i = day + days × sequence), and the right check character.
 */
export function idNumberOf(i: number, county: string): string {
  const first17 = county + BIRTHS[i % BIRTH_DAYS] + String(100 + Math.floor(i / BIRTH_DAYS)).padStart(3, '0');
  return first17 + residentIdCheckChar(first17);
}

/** What the plan needs from the database and the options (plain data: it crosses to the worker). */
export interface PlanSetup {
  /** the PRNG's state after the institutions were drawn */
  rngState: number;
  batchSize: number;
  certificates: number;
  year: number;
  /** business dates of issue, `YYYY-MM-DD` */
  dates: string[];
  counties: string[];
  institutions: { id: number; name: string; filing_no: string }[];
  /** [index into institutions, cumulative share] */
  instCumulative: [number, number][];
  occupations: { id: number; code: string; name: string }[];
  /** created_at/updated_at of the people */
  nowIso: string;
}

interface Cert {
  /** indexes into the setup's institutions and occupations */
  inst: number;
  occ: number;
  level: number;
  pathway: string;
  day: number;
  revoked: boolean;
  code: string;
}
export interface PlannedPerson {
  idNumber: string;
  name: string;
  certs: Cert[];
}

/** The columns with one value in every generated row: written into the insert, not sent with each row. */
export const LEARNER_FIXED = (nowIso: string) => ({
  id_type: 'resident_id',
  in_school: 0,
  created_at: nowIso,
  updated_at: nowIso,
});
export const CERTIFICATE_FIXED = {
  kind: 'skill',
  fee: 0,
  source_type: 'generated',
  holder_id_type: 'resident_id',
  issued_by: 0,
} as const;

/**
 * Rows of one batch, or of one chunk of a batch (`last`: the batch's last chunk): the values of
 * LEARNER_BULK_COLUMNS and CERTIFICATE_BULK_COLUMNS without the fixed ones, row after row.
 */
export interface BatchRows {
  last?: boolean;
  /** the last chunk of the plan's last batch: the aggregates' counts (`CountRows`) follow, for the same transaction */
  final?: boolean;
  learners: unknown[];
  certificates: unknown[];
  people: number;
  certificateCount: number;
  revoked: number;
  /** the serial counters this batch raised, at their value after it */
  serials: [string, number][];
}

/** The counted metrics in the order of their names (the aggregates' primary key begins with the metric). */
const METRICS: readonly Contribution['metric'][] = ['certificates', 'certified', 'high_skill'];
/** Keys of the counts (`Planner.#count`) stay below 2^29, counts below 2^24: together exact in a double. */
const KEY_LIMIT = 2 ** 29;
const COUNT_LIMIT = 2 ** 24;
/** Rows of the progress aggregates per message to the writer. */
const COUNT_ROWS = 20_000;

/**
 * Rows for the progress aggregates as numbers (a transferable array, not copied between the
 * threads): `daily` rows of metric, day, institution, occupation (indexes into METRICS and the
 * setup's dates, institutions and occupations), level and n; `by_day` rows of metric, day,
 * institution and n; `by_month` rows of metric, month (0–11), institution and n. `countValues`
 * turns them into what `addProgressCounts` takes. `last` ends them.
 */
export interface CountRows {
  grain: 'daily' | 'by_day' | 'by_month';
  codes: Int32Array<ArrayBuffer>;
  last: boolean;
}

/** The values `addProgressCounts` takes for such rows: names, dates and ids in place of the indexes. */
export function countValues(rows: CountRows, s: PlanSetup): (string | number)[] {
  const c = rows.codes;
  const out: (string | number)[] = [];
  const month = (m: number) => `${s.year}-${String(m + 1).padStart(2, '0')}`;
  if (rows.grain === 'daily')
    for (let i = 0; i < c.length; i += 6)
      out.push(
        METRICS[c[i]],
        s.dates[c[i + 1]],
        s.institutions[c[i + 2]].id,
        s.occupations[c[i + 3]].id,
        c[i + 4],
        c[i + 5],
      );
  else
    for (let i = 0; i < c.length; i += 4)
      out.push(
        METRICS[c[i]],
        rows.grain === 'by_day' ? s.dates[c[i + 1]] : month(c[i + 1]),
        s.institutions[c[i + 2]].id,
        c[i + 3],
      );
  return out;
}

/**
 * Counts by key (integers below 2^31): open addressing in two typed arrays, kept at most half full.
 * Counting into a Map of numbers took 1.6 times the CPU with nine million buckets, and still cost
 * the worker 4.7 s more of its 77 s with the cohorts' quarter of a million (province scale).
 */
class CountTable {
  #bits = 16;
  #keys = new Int32Array(1 << 16).fill(-1);
  #counts = new Int32Array(1 << 16);
  #size = 0;

  get size() {
    return this.#size;
  }

  add(key: number, n: number) {
    const keys = this.#keys;
    const mask = keys.length - 1;
    // Fibonacci hashing: the product's top bits
    for (let i = Math.imul(key, 0x9e3779b1) >>> (32 - this.#bits); ; i = (i + 1) & mask) {
      if (keys[i] === key) {
        this.#counts[i] += n;
        return;
      }
      if (keys[i] === -1) {
        keys[i] = key;
        this.#counts[i] = n;
        if (++this.#size * 2 > keys.length) this.#grow();
        return;
      }
    }
  }

  *entries(): Generator<[number, number]> {
    for (let i = 0; i < this.#keys.length; i++) if (this.#keys[i] !== -1) yield [this.#keys[i], this.#counts[i]];
  }

  #grow() {
    const [keys, counts] = [this.#keys, this.#counts];
    this.#bits++;
    this.#keys = new Int32Array(keys.length * 2).fill(-1);
    this.#counts = new Int32Array(keys.length * 2);
    this.#size = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== -1) this.add(keys[i], counts[i]);
  }
}

/**
 * What an institution evaluates and when: a handful of occupations (as its filing scope would
 * list), each from a highest level down to 初级工, examined in a session about every 30 days (on a
 * day of its own). Certificates come in the cohorts of these sessions, as the platform issues them
 * (plan → roster → exam → publicity → issue), not one person on one day at a time.
 */
interface InstitutionScope {
  occupations: {
    /** index into the setup's occupations */
    occ: number;
    /** the highest level evaluated (1 高级技师 … 5 初级工): levels top…5 */
    top: number;
    /** the sessions' business dates, indexes into the setup's dates */
    days: number[];
  }[];
}
/** days between an occupation's sessions at an institution */
const SESSION_EVERY = 30;

/**
 * The institutions' scopes and sessions, from a PRNG of their own (seeded from the plan's state, so
 * they are the same in every run and leave the people's sequence as it was).
 */
function institutionScopes(s: PlanSetup): InstitutionScope[] {
  const rand = prng(s.rngState ^ 0x5c09e5);
  return s.institutions.map(() => {
    const wanted = Math.min(s.occupations.length, 3 + Math.floor(rand() * 8));
    const occs = new Set<number>();
    // the common occupations more often (the same skew the certificates had before sessions)
    while (occs.size < wanted) occs.add(Math.floor(rand() * rand() * s.occupations.length));
    return {
      occupations: [...occs].map((occ) => {
        const r = rand();
        const top = r < 0.2 ? 1 : r < 0.45 ? 2 : 3;
        const first = Math.floor(rand() * Math.min(SESSION_EVERY, s.dates.length));
        const days: number[] = [];
        for (let d = first; d < s.dates.length; d += SESSION_EVERY) days.push(d);
        return { occ, top, days };
      }),
    };
  });
}

export class Planner {
  readonly #rand: () => number;
  readonly #s: PlanSetup;
  readonly #scopes: InstitutionScope[];
  /** `${inst}|${level}` → last serial used */
  readonly serials = new Map<string, number>();
  #certsPlanned = 0;
  #personIndex = 0;
  /**
   * What the planned people contribute to the progress aggregates (TGT-3), bucket by bucket: the
   * key packs metric, day, institution, occupation and level (`#count`), so the keys sort as the
   * aggregate's primary key does. Every generated person is new, so the load adds exactly these
   * counts to what the aggregates held before it — what the platform's own listeners would add
   * certificate by certificate (the same `contributionsOf`), without a recount of every certificate.
   */
  readonly #counts = new CountTable();

  constructor(setup: PlanSetup) {
    this.#s = setup;
    this.#rand = prng(setup.rngState);
    this.#scopes = institutionScopes(setup);
    if (METRICS.length * setup.dates.length * setup.institutions.length * setup.occupations.length * 5 > KEY_LIMIT)
      throw new Error('generator: too many days × institutions × occupations to count');
  }

  /** Whether every certificate of the plan has been planned (the batch just planned was the last). */
  get exhausted() {
    return this.#certsPlanned >= this.#s.certificates;
  }

  /**
   * Adds the people's contributions: each person's certificates are all in the plan, ids ascending
   * in plan order. `contributionsOf` orders by date and id and copies the institution and occupation
   * through, so they go in as indexes — the institution's with the day's (day × institutions + inst)
   * — and come out as the bucket's key without a look-up.
   */
  #count(plan: readonly PlannedPerson[]) {
    const s = this.#s;
    const insts = s.institutions.length;
    const perMetric = s.dates.length * insts;
    for (const p of plan) {
      const contributions = contributionsOf(
        p.certs.map((c, id) => ({
          id,
          issued_on: s.dates[c.day],
          institution_id: c.day * insts + c.inst,
          occupation_id: c.occ,
          level: c.level,
          status: c.revoked ? 'revoked' : 'valid',
        })),
      );
      for (const x of contributions) {
        const k =
          ((METRICS.indexOf(x.metric) * perMetric + x.institution_id) * s.occupations.length + x.occupation_id) * 5 +
          x.level -
          1;
        this.#counts.add(k, x.n);
      }
    }
  }

  /**
   * The counts of every planned person in the three grains of the aggregates (fine by day,
   * institution, occupation and level; by day and institution; by month and institution), in
   * messages of COUNT_ROWS rows, the fine ones in the order of their primary key.
   */
  *countRows(): Generator<CountRows> {
    const s = this.#s;
    const days = s.dates.length;
    const insts = s.institutions.length;
    const occs = s.occupations.length;
    // each bucket's key and count in one number (key × 2^24 + count, exact below 2^53), sorted by key
    const fine = new Float64Array(this.#counts.size);
    let j = 0;
    for (const [k, n] of this.#counts.entries()) {
      if (n >= COUNT_LIMIT) throw new Error(`generator: a bucket of ${n} certificates`);
      fine[j++] = k * COUNT_LIMIT + n;
    }
    fine.sort();
    const months = s.dates.map((d) => Number(d.slice(5, 7)) - 1);
    // by month: metric × 12 months × institutions, few enough to count in place
    const byMonth = new Int32Array(METRICS.length * 12 * insts);
    // by day: a fine key divided by occupations × levels is the key of (metric, day, institution), in order too
    const byDay: number[] = [];
    let dayKey = -1;
    let daySum = 0;
    const closeDay = () => {
      if (dayKey >= 0)
        byDay.push(Math.floor(dayKey / insts / days), Math.floor(dayKey / insts) % days, dayKey % insts, daySum);
    };
    let codes = new Int32Array(Math.min(COUNT_ROWS, fine.length) * 6);
    let at = 0;
    for (let i = 0; i < fine.length; i++) {
      const k = Math.floor(fine[i] / COUNT_LIMIT);
      const n = fine[i] % COUNT_LIMIT;
      const dk = Math.floor(k / (occs * 5));
      if (dk !== dayKey) {
        closeDay();
        dayKey = dk;
        daySum = 0;
      }
      daySum += n;
      const inst = dk % insts;
      const day = Math.floor(dk / insts) % days;
      const metric = Math.floor(dk / insts / days);
      byMonth[(metric * 12 + months[day]) * insts + inst] += n;
      codes.set([metric, day, inst, Math.floor(k / 5) % occs, (k % 5) + 1, n], at);
      at += 6;
      if (at === codes.length) {
        yield { grain: 'daily', codes, last: false };
        codes = new Int32Array(Math.min(COUNT_ROWS, fine.length - i - 1) * 6);
        at = 0;
      }
    }
    closeDay();
    yield { grain: 'by_day', codes: Int32Array.from(byDay), last: false };
    const monthCodes: number[] = [];
    for (let mk = 0; mk < byMonth.length; mk++)
      if (byMonth[mk])
        monthCodes.push(Math.floor(mk / insts / 12), Math.floor(mk / insts) % 12, mk % insts, byMonth[mk]);
    yield { grain: 'by_month', codes: Int32Array.from(monthCodes), last: true };
  }

  /** The next batch of people and their certificates (empty when the plan is done); serials untouched. */
  plan(): PlannedPerson[] {
    const s = this.#s;
    const rand = this.#rand;
    const people: PlannedPerson[] = [];
    while (people.length < s.batchSize && this.#certsPlanned < s.certificates) {
      const i = this.#personIndex++;
      const county = s.counties[Math.floor(rand() * s.counties.length)];
      const idNumber = idNumberOf(i, county);
      const surname = SURNAMES[Math.floor(rand() * SURNAMES.length)];
      const g1 = GIVEN[Math.floor(rand() * GIVEN.length)];
      const g2 = rand() < 0.6 ? GIVEN[Math.floor(rand() * GIVEN.length)] : '';
      const k = Math.min(1 + Math.floor(rand() * 5), s.certificates - this.#certsPlanned);
      const certs: Cert[] = [];
      for (let c = 0; c < k; c++) {
        let code = '';
        for (let v = 0; v < 10; v++) code += VERIFY_ALPHABET[Math.floor(rand() * VERIFY_ALPHABET.length)];
        // a session of an occupation the institution evaluates, at a level it evaluates
        const inst = pick(s.instCumulative, rand());
        const scope = this.#scopes[inst].occupations;
        const o = scope[Math.floor(rand() * rand() * scope.length)];
        let level = pick(LEVELS, rand());
        while (level < o.top) level = pick(LEVELS, rand());
        certs.push({
          inst,
          occ: o.occ,
          level,
          pathway: pick(PATHWAYS, rand()),
          day: o.days[Math.floor(rand() * o.days.length)],
          revoked: rand() < REVOKED_SHARE,
          code,
        });
      }
      this.#certsPlanned += k;
      people.push({ idNumber, name: surname + g1 + g2, certs });
    }
    return people;
  }

  /** The number the batch's first certificate gets (a resumed run looks it up). */
  firstNumber(plan: PlannedPerson[]): string {
    const c = plan[0].certs[0];
    return formatCertificateNumber(
      this.#s.institutions[c.inst].filing_no,
      this.#s.year,
      c.level,
      (this.serials.get(`${c.inst}|${c.level}`) ?? 0) + 1,
    );
  }

  #next(inst: number, level: number) {
    const key = `${inst}|${level}`;
    const s = (this.serials.get(key) ?? 0) + 1;
    this.serials.set(key, s);
    return s;
  }

  /** A batch written before: its serials are used, nothing is sealed or built. */
  skip(plan: PlannedPerson[]): BatchRows {
    this.#count(plan);
    const touched = new Set<string>();
    let certificateCount = 0;
    let revoked = 0;
    for (const p of plan)
      for (const c of p.certs) {
        this.#next(c.inst, c.level);
        touched.add(`${c.inst}|${c.level}`);
        certificateCount++;
        if (c.revoked) revoked++;
      }
    return {
      learners: [],
      certificates: [],
      people: plan.length,
      certificateCount,
      revoked,
      serials: [...touched].map((k) => [k, this.serials.get(k)!]),
    };
  }

  /** The batch's rows: people from learner id `base` on, ID numbers sealed and hashed as the platform stores them. */
  rows(plan: PlannedPerson[], base: number, pd: PersonalData): BatchRows {
    const s = this.#s;
    this.#count(plan);
    const learners: unknown[] = [];
    const certificates: unknown[] = [];
    const touched = new Set<string>();
    let revoked = 0;
    let certificateCount = 0;
    for (let k = 0; k < plan.length; k++) {
      const p = plan[k];
      const stored = pd.storeIdNumber('learners.id_number', p.idNumber);
      const holderEnc = pd.cipher.seal(p.idNumber, 'certificates.holder_id_number');
      const id = p.idNumber;
      learners.push(
        base + k,
        p.name,
        stored.enc,
        stored.hash,
        Number(id[16]) % 2 === 1 ? 'male' : 'female',
        `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
      );
      for (const c of p.certs) {
        const inst = s.institutions[c.inst];
        const occ = s.occupations[c.occ];
        const issuedOn = s.dates[c.day];
        touched.add(`${c.inst}|${c.level}`);
        if (c.revoked) revoked++;
        certificateCount++;
        certificates.push(
          formatCertificateNumber(inst.filing_no, s.year, c.level, this.#next(c.inst, c.level)),
          inst.id,
          base + k,
          occ.id,
          c.level,
          c.pathway,
          issuedOn,
          c.revoked ? 'revoked' : 'valid',
          c.code,
          p.name,
          holderEnc,
          stored.hash,
          inst.name,
          inst.filing_no,
          occ.code,
          occ.name,
          `${issuedOn}T02:00:00.000Z`,
        );
      }
    }
    return {
      learners,
      certificates,
      people: plan.length,
      certificateCount,
      revoked,
      serials: [...touched].map((k) => [k, this.serials.get(k)!]),
    };
  }
}
