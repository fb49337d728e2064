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
  learners: unknown[];
  certificates: unknown[];
  people: number;
  certificateCount: number;
  revoked: number;
  /** the serial counters this batch raised, at their value after it */
  serials: [string, number][];
}

export class Planner {
  readonly #rand: () => number;
  readonly #s: PlanSetup;
  /** `${inst}|${level}` → last serial used */
  readonly serials = new Map<string, number>();
  #certsPlanned = 0;
  #personIndex = 0;

  constructor(setup: PlanSetup) {
    this.#s = setup;
    this.#rand = prng(setup.rngState);
  }

  /** The next batch of people and their certificates (empty when the plan is done); serials untouched. */
  plan(): PlannedPerson[] {
    const s = this.#s;
    const rand = this.#rand;
    const occupationAt = (r: number) => s.occupations[Math.floor(r * r * s.occupations.length)];
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
        certs.push({
          inst: pick(s.instCumulative, rand()),
          occ: occupationAt(rand()).id,
          level: pick(LEVELS, rand()),
          pathway: pick(PATHWAYS, rand()),
          day: Math.floor(rand() * s.dates.length),
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
    const learners: unknown[] = [];
    const certificates: unknown[] = [];
    const touched = new Set<string>();
    let revoked = 0;
    let certificateCount = 0;
    const occupationById = new Map(s.occupations.map((x) => [x.id, x]));
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
        const occ = occupationById.get(c.occ)!;
        const issuedOn = s.dates[c.day];
        touched.add(`${c.inst}|${c.level}`);
        if (c.revoked) revoked++;
        certificateCount++;
        certificates.push(
          formatCertificateNumber(inst.filing_no, s.year, c.level, this.#next(c.inst, c.level)),
          inst.id,
          base + k,
          c.occ,
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
