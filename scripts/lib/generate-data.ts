/**
 * The province-scale data generator (`npm run generate`): Henan's real regions, ~400 institutions,
 * people with valid resident ID numbers stored as the platform stores them (sealed + keyed hash),
 * and certificates over every level and pathway with valid numbers, issued over the year (business
 * dates in China time), a share revoked. Deterministic: a seeded PRNG, person i's ID number is
 * unique by construction. Resumable: people are written in batches, one transaction each; a run
 * replays the plan from the seed and looks up each batch's first certificate by its number (the
 * unique index a load keeps): the batches found are counted and skipped (no sealing, no writing),
 * so the certificate serials continue exactly where the interrupted run stopped. The secondary
 * indexes of people and certificates are dropped for the load and built once at its end
 * (database/bulk.ts; a run killed before the end leaves them to the next run).
 */
import type { Database } from '../../server/src/database/connection.js';
import type { BulkTarget } from '../../server/src/database/bulk.js';
import {
  buildDeferredIndexes,
  bulkLoadSettings,
  bulkTransaction,
  deferIndexes,
} from '../../server/src/database/bulk.js';
import { residentIdCheckChar } from '../../server/src/lib/identity.js';
import type { PersonalData } from '../../server/src/lib/personal-data.js';
import { formatCertificateNumber } from '../../server/src/modules/certificates/certificate-number.js';
import {
  CERTIFICATE_DEFERRABLE_INDEXES,
  certificateNumberExists,
  insertCertificatesBulk,
  raiseCertificateSerials,
} from '../../server/src/modules/certificates/certificates.queries.js';
import {
  insertInstitution,
  institutionsByFilingNo,
} from '../../server/src/modules/institutions/institutions.queries.js';
import { listOccupations } from '../../server/src/modules/occupations/occupations.queries.js';
import {
  insertLearnersBulk,
  LEARNER_DEFERRABLE_INDEXES,
  maxLearnerId,
  syncLearnerIds,
} from '../../server/src/modules/people/learners.queries.js';
import { getRegion, regionsUnder } from '../../server/src/modules/regions/regions.queries.js';
import { rebuildAggregates } from '../../server/src/modules/targets/aggregates.service.js';

export const SCALES = {
  tiny: { certificates: 2_000, institutions: 20 },
  small: { certificates: 50_000, institutions: 400 },
  city: { certificates: 1_000_000, institutions: 400 },
  province: { certificates: 10_000_000, institutions: 400 },
} as const;
export type Scale = keyof typeof SCALES;

export interface GenerateOptions {
  scale: Scale;
  /** the year of issue (business dates from 1 January to `until`) */
  year: number;
  /** the last business date of issue (`YYYY-MM-DD`), default 31 December */
  until?: string;
  seed?: number;
  /** people per transaction */
  batch?: number;
  /** stop after this many batches written in this run (tests interrupt a run with it) */
  stopAfterBatches?: number;
  /** recount the aggregates even when this run wrote nothing (an earlier run stopped during its recount) */
  rebuild?: boolean;
  onProgress?: (p: { rows: number; done: number; total: number }) => void;
}

export interface GenerateResult {
  people: number;
  certificates: number;
  revoked: number;
  institutions: number;
  /** batches found written before this run */
  resumedBatches: number;
  batches: number;
  complete: boolean;
  /** rows written in this run (people + certificates) and the seconds it took */
  rowsWritten: number;
  seconds: number;
  /** this process's CPU time (user + system) for the run: on a shared machine, rows per CPU second is the rate an idle core would give */
  cpuSeconds: number;
  /** preparing the rows (sealing and hashing the ID numbers), writing them, recounting the aggregates */
  sealSeconds: number;
  writeSeconds: number;
  /** building the secondary indexes deferred during the load */
  indexSeconds: number;
  /** CPU time of preparing, sealing and writing the rows (the load, before the indexes) */
  loadCpuSeconds: number;
  rebuildSeconds: number;
}

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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
const KINDS = ['social', 'appraisal', 'enterprise', 'training_org', 'special_ability', 'college'] as const;
/** the generator's institutions: 备案号 S0000 41 8xxxxx (site serials no filing assigns) */
const filingNoOf = (j: number) => `S000041${String(800_001 + j)}`;

const pick = <T>(table: [T, number][], r: number) => table.find(([, c]) => r < c)![0];

/**
 * Person i's resident ID number: a Henan county's code, a birth date and a sequence number that
 * together are unique for every i (i = day + days × sequence), and the right check character.
 */
export function idNumberOf(i: number, county: string): string {
  const day = i % BIRTH_DAYS;
  const seq = 100 + Math.floor(i / BIRTH_DAYS);
  const d = new Date(BIRTH_FROM + day * 86_400_000);
  const first17 =
    county +
    String(d.getUTCFullYear()) +
    String(d.getUTCMonth() + 1).padStart(2, '0') +
    String(d.getUTCDate()).padStart(2, '0') +
    String(seq).padStart(3, '0');
  return first17 + residentIdCheckChar(first17);
}

export async function generate(database: Database, pd: PersonalData, o: GenerateOptions): Promise<GenerateResult> {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const db = database.db;
  const scale = SCALES[o.scale];
  const seed = o.seed ?? 20_260_101;
  const batchSize = o.batch ?? 20_000;
  const rand = prng(seed);
  const yy = o.year;
  const until = o.until ?? `${yy}-12-31`;
  const firstDay = Date.UTC(yy, 0, 1);
  const days = Math.floor((Date.parse(`${until}T00:00:00Z`) - firstDay) / 86_400_000) + 1;
  const dates = Array.from({ length: days }, (_, k) => new Date(firstDay + k * 86_400_000).toISOString().slice(0, 10));

  // the reference data already in the database: Henan's counties, the occupations
  const province = await getRegion(db, '410000');
  if (!province) throw new Error('数据库中没有河南省的行政区划（410000）');
  const regions = await regionsUnder(db, province.path);
  const counties = regions.filter((r) => r.level === 'county').map((r) => r.code);
  const occupations = (await listOccupations(db, {}, 1, 200)).items.filter((x) => x.active);
  if (!counties.length || !occupations.length) throw new Error('缺少区县或职业基础数据');

  // institutions: made once, found again on a resumed run; sizes follow a long tail
  const nowIso = new Date(Date.UTC(yy, 0, 1, 2)).toISOString();
  const wanted = Array.from({ length: scale.institutions }, (_, j) => filingNoOf(j));
  const existing = new Map((await institutionsByFilingNo(db, wanted)).map((r) => [r.filing_no!, r]));
  const institutions: { id: number; name: string; filing_no: string; weight: number }[] = [];
  for (let j = 0; j < scale.institutions; j++) {
    const county = counties[Math.floor(rand() * counties.length)];
    const kind = KINDS[Math.floor(rand() * KINDS.length)];
    const weight = 1 / (1 + (j % 50)) + rand() * 0.05;
    const filing_no = filingNoOf(j);
    const name = `${regions.find((r) => r.code === county)!.name}第${j + 1}职业技能评价中心`;
    let id = existing.get(filing_no)?.id;
    if (id === undefined)
      id = await insertInstitution(db, {
        name,
        kind,
        school_type: kind === 'college' ? 'higher_vocational' : null,
        owner: 'local',
        region_code: county,
        status: 'filed',
        filing_no,
        filed_at: nowIso,
        valid_until: `${yy + 3}-01-01`,
        created_at: nowIso,
        updated_at: nowIso,
      } as never);
    institutions.push({ id, name, filing_no, weight });
  }
  const totalWeight = institutions.reduce((a, x) => a + x.weight, 0);
  const instCumulative: [number, number][] = [];
  let acc = 0;
  institutions.forEach((x, k) => instCumulative.push([k, (acc += x.weight / totalWeight)]));
  instCumulative[instCumulative.length - 1][1] = 1;
  // busy occupations first: a quadratic skew over the list
  const occupationById = new Map(occupations.map((x) => [x.id, x]));
  const occupationAt = (r: number) => occupations[Math.floor(r * r * occupations.length)];

  // the plan of every batch: people and their certificates, drawn in a fixed order
  interface Person {
    i: number;
    idNumber: string;
    name: string;
    gender: string;
    birth: string;
    certs: { inst: number; occ: number; level: number; pathway: string; day: number; revoked: boolean; code: string }[];
  }
  const serials = new Map<string, number>(); // `${inst}|${level}` → last serial used
  let certsPlanned = 0;
  let personIndex = 0;
  const planBatch = (): Person[] => {
    const people: Person[] = [];
    while (people.length < batchSize && certsPlanned < scale.certificates) {
      const i = personIndex++;
      const county = counties[Math.floor(rand() * counties.length)];
      const idNumber = idNumberOf(i, county);
      const surname = SURNAMES[Math.floor(rand() * SURNAMES.length)];
      const g1 = GIVEN[Math.floor(rand() * GIVEN.length)];
      const g2 = rand() < 0.6 ? GIVEN[Math.floor(rand() * GIVEN.length)] : '';
      const k = Math.min(1 + Math.floor(rand() * 5), scale.certificates - certsPlanned);
      const certs: Person['certs'] = [];
      for (let c = 0; c < k; c++) {
        let code = '';
        for (let v = 0; v < 10; v++) code += VERIFY_ALPHABET[Math.floor(rand() * VERIFY_ALPHABET.length)];
        certs.push({
          inst: pick(instCumulative, rand()),
          occ: occupationAt(rand()).id,
          level: pick(LEVELS, rand()),
          pathway: pick(PATHWAYS, rand()),
          day: Math.floor(rand() * days),
          revoked: rand() < REVOKED_SHARE,
          code,
        });
      }
      certsPlanned += k;
      people.push({
        i,
        idNumber,
        name: surname + g1 + g2,
        gender: Number(idNumber[16]) % 2 === 1 ? 'male' : 'female',
        birth: `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`,
        certs,
      });
    }
    return people;
  };
  const serialOf = (inst: number, level: number) => {
    const key = `${inst}|${level}`;
    const s = (serials.get(key) ?? 0) + 1;
    serials.set(key, s);
    return s;
  };

  // the batches already written are replayed without sealing or writing, then writing continues
  let resumed = 0;
  const target: BulkTarget = database.sqlite ? { sqlite: database.sqlite } : { pg: await database.pool!.connect() };
  let people = 0;
  let certificates = 0;
  let revoked = 0;
  let rowsWritten = 0;
  let sealSeconds = 0;
  let writeSeconds = 0;
  let batches = 0;
  let written = 0;
  let complete = true;
  const totalRows = scale.certificates + estimatePeople(scale.certificates);
  const restoreSettings = bulkLoadSettings(target);
  let indexSeconds = 0;
  let loadCpuSeconds = 0;
  try {
    let loadCpu: NodeJS.CpuUsage | null = null;
    let searching = true;
    for (;;) {
      const plan = planBatch();
      if (!plan.length) break;
      batches++;
      if (searching) {
        const first = plan[0].certs[0];
        const firstNumber = formatCertificateNumber(
          institutions[first.inst].filing_no,
          yy,
          first.level,
          (serials.get(`${first.inst}|${first.level}`) ?? 0) + 1,
        );
        if (await certificateNumberExists(db, firstNumber)) {
          // written before: advance the serials as the write did, and count it
          resumed++;
          for (const p of plan) for (const c of p.certs) serialOf(c.inst, c.level);
          people += plan.length;
          for (const p of plan) {
            certificates += p.certs.length;
            revoked += p.certs.filter((c) => c.revoked).length;
          }
          o.onProgress?.({ rows: 0, done: people + certificates, total: totalRows });
          continue;
        }
        searching = false;
      }
      if (o.stopAfterBatches !== undefined && written >= o.stopAfterBatches) {
        complete = false;
        break;
      }
      if (!loadCpu) {
        // something to write: the secondary indexes are built once at the end (an interrupted run's still are deferred)
        await deferIndexes(target, [...CERTIFICATE_DEFERRABLE_INDEXES, ...LEARNER_DEFERRABLE_INDEXES]);
        loadCpu = process.cpuUsage();
      }
      const base = (await maxLearnerId(db)) + 1;
      const t0 = performance.now();
      const learnerRows: unknown[][] = [];
      const certRows: unknown[][] = [];
      plan.forEach((p, k) => {
        const stored = pd.storeIdNumber('learners.id_number', p.idNumber);
        const holderEnc = pd.cipher.seal(p.idNumber, 'certificates.holder_id_number');
        const createdAt = nowIso;
        learnerRows.push([
          base + k,
          p.name,
          'resident_id',
          stored.enc,
          stored.hash,
          p.gender,
          p.birth,
          0,
          createdAt,
          createdAt,
        ]);
        for (const c of p.certs) {
          const inst = institutions[c.inst];
          const occ = occupationById.get(c.occ)!;
          const issuedOn = dates[c.day];
          certRows.push([
            formatCertificateNumber(inst.filing_no, yy, c.level, serialOf(c.inst, c.level)),
            'skill',
            inst.id,
            base + k,
            c.occ,
            c.level,
            c.pathway,
            issuedOn,
            c.revoked ? 'revoked' : 'valid',
            c.code,
            0,
            'generated',
            p.name,
            'resident_id',
            holderEnc,
            stored.hash,
            inst.name,
            inst.filing_no,
            occ.code,
            occ.name,
            0,
            `${issuedOn}T02:00:00.000Z`,
          ]);
        }
      });
      sealSeconds += (performance.now() - t0) / 1000;
      const t1 = performance.now();
      await bulkTransaction(target, async () => {
        await insertLearnersBulk(target, learnerRows);
        await insertCertificatesBulk(target, certRows);
      });
      writeSeconds += (performance.now() - t1) / 1000;
      written++;
      people += learnerRows.length;
      certificates += certRows.length;
      revoked += plan.reduce((a, p) => a + p.certs.filter((c) => c.revoked).length, 0);
      rowsWritten += learnerRows.length + certRows.length;
      o.onProgress?.({ rows: learnerRows.length + certRows.length, done: people + certificates, total: totalRows });
    }
    if (loadCpu) {
      const u = process.cpuUsage(loadCpu);
      loadCpuSeconds = (u.user + u.system) / 1e6;
    }
    const t3 = performance.now();
    await buildDeferredIndexes(target);
    indexSeconds = (performance.now() - t3) / 1000;
  } finally {
    restoreSettings();
    if (target.pg) target.pg.release();
  }
  await syncLearnerIds(db, database.dialect);
  await raiseCertificateSerials(
    db,
    [...serials].map(([key, last_serial]) => {
      const [inst, level] = key.split('|').map(Number);
      return { filing_no: institutions[inst].filing_no, year: yy, level, last_serial };
    }),
  );
  // the dashboard reads the maintained aggregates: recount them from the records just written
  const t2 = performance.now();
  if (complete && (rowsWritten > 0 || o.rebuild)) await rebuildAggregates(db);
  const rebuildSeconds = (performance.now() - t2) / 1000;
  return {
    people,
    certificates,
    revoked,
    institutions: institutions.length,
    resumedBatches: resumed,
    batches,
    complete,
    rowsWritten,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (() => {
      const u = process.cpuUsage(cpuStarted);
      return (u.user + u.system) / 1e6;
    })(),
    sealSeconds,
    writeSeconds,
    indexSeconds,
    loadCpuSeconds,
    rebuildSeconds,
  };
}

/** About how many people hold `certificates` (1–5 each, 3 on average). */
export function estimatePeople(certificates: number) {
  return Math.round(certificates / 3);
}
