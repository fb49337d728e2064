/**
 * The province-scale generator (scripts/lib/generate-data.ts) at its test scale (`tiny`, 2,000
 * certificates): deterministic (two databases, the same data), valid ID numbers and certificate
 * numbers stored as the platform stores them, resumable (a run stopped after one batch and run
 * again ends with the same data as an uninterrupted one), the province dashboard equal to an
 * independent SQL recount (revoked certificates excluded), and the maintained aggregates — the fine
 * grain and the coarse ones by month and by day the dashboard reads — equal to that recount after
 * the load and after revocations, corrections and late issues through the services. On SQLite the
 * load checks foreign keys once at its end instead of row by row: a row without its parent stops it.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, TEST_DB, type TestPlatform } from './harness.js';
import { generate, type GenerateOptions } from '../../scripts/lib/generate-data.js';
import { checkResidentId } from '../src/lib/identity.js';
import { personalData } from '../src/lib/personal-data.js';
import type { RequestContext } from '../src/lib/context.js';
import { parseCertificateNumber } from '../src/modules/certificates/certificate-number.js';
import { dashboard } from '../src/modules/targets/dashboard.service.js';
import { issueCertificate } from '../src/modules/certificates/certificates.service.js';
import {
  changeCertificateStatus,
  correctCertificate,
} from '../src/modules/certificates/certificate-changes.service.js';
import type { Actor } from '../src/lib/context.js';
import { bulkTransaction, deferIndexes, type BulkTarget } from '../src/database/bulk.js';
import {
  CERTIFICATE_BULK_COLUMNS,
  CERTIFICATE_DEFERRABLE_INDEXES,
  insertCertificatesBulk,
} from '../src/modules/certificates/certificates.queries.js';
import {
  insertLearnersBulk,
  LEARNER_DEFERRABLE_INDEXES,
  maxLearnerId,
} from '../src/modules/people/learners.queries.js';
import { CERTIFICATE_FIXED, LEARNER_FIXED } from '../../scripts/lib/generate-rows.js';
import { addProgressCounts, PROGRESS_DEFERRABLE_INDEXES } from '../src/modules/targets/aggregates.queries.js';

/** batches of 150 people, sent by the worker in chunks of 40: a batch's transaction is written from several messages */
const OPTIONS: GenerateOptions = { scale: 'tiny', year: 2025, batch: 150, chunk: 40 };

/** The maintained aggregates as text: the fine buckets, then `M|…` by month and `D|…` by day. */
async function kept(p: TestPlatform) {
  const db = p.deps.db;
  const [fine, months, days] = await Promise.all([
    db.selectFrom('progress_daily').selectAll().execute(),
    db.selectFrom('progress_by_month').selectAll().execute(),
    db.selectFrom('progress_by_day').selectAll().execute(),
  ]);
  return [
    ...fine.map((r) => `${r.metric}|${r.day}|${r.institution_id}|${r.occupation_id}|${r.level}|${Number(r.n)}`).sort(),
    ...months.map((r) => `M|${r.metric}|${r.month}|${r.institution_id}|${Number(r.n)}`).sort(),
    ...days.map((r) => `D|${r.metric}|${r.day}|${r.institution_id}|${Number(r.n)}`).sort(),
  ];
}

/** An independent recount in SQL written here (not the module's), summed in the same three grains. */
async function recounted(p: TestPlatform) {
  const db = p.deps.db;
  const first = (high: boolean) => sql<Record<string, string | number>>`
    select ${high ? 'high_skill' : 'certified'} as metric, day, institution_id, occupation_id, level, count(*) as n from (
      select c.issued_on as day, c.institution_id, c.occupation_id, c.level,
        row_number() over (partition by c.learner_id, substr(c.issued_on, 1, 4) order by c.issued_on, c.id) as rn
      from certificates c where c.status = 'valid' ${high ? sql`and c.level <= 3` : sql``}) x
    where rn = 1 group by day, institution_id, occupation_id, level`;
  const rows = [
    ...(await first(false).execute(db)).rows,
    ...(await first(true).execute(db)).rows,
    ...(
      await sql<Record<string, string | number>>`
      select 'certificates' as metric, issued_on as day, institution_id, occupation_id, level, count(*) as n
      from certificates where status = 'valid' group by issued_on, institution_id, occupation_id, level`.execute(db)
    ).rows,
    ...(
      await sql<Record<string, string | number>>`
      select 'one_plus_x' as metric, h.issued_on as day, h.imported_by_institution as institution_id,
        coalesce(c.mapped_occupation_id, 0) as occupation_id, 0 as level, count(*) as n
      from one_plus_x_holdings h join one_plus_x_certificates c on c.id = h.certificate_id
      group by h.issued_on, h.imported_by_institution, c.mapped_occupation_id`.execute(db)
    ).rows,
    ...(
      await sql<Record<string, string | number>>`
      select 'training' as metric, k.assessed_on as day, c.institution_id, c.occupation_id, coalesce(c.level, 0) as level,
        count(*) as n
      from training_completions k join training_trainees t on t.id = k.trainee_id join training_classes c on c.id = t.class_id
      where k.passed = 1 group by k.assessed_on, c.institution_id, c.occupation_id, c.level`.execute(db)
    ).rows,
  ];
  const sum = (tag: string, cut: (day: string) => string) => {
    const m = new Map<string, number>();
    for (const r of rows) {
      const k = `${tag}|${r.metric}|${cut(String(r.day))}|${r.institution_id}`;
      m.set(k, (m.get(k) ?? 0) + Number(r.n));
    }
    return [...m].map(([k, n]) => `${k}|${n}`).sort();
  };
  return [
    ...rows.map((r) => `${r.metric}|${r.day}|${r.institution_id}|${r.occupation_id}|${r.level}|${Number(r.n)}`).sort(),
    ...sum('M', (d) => d.slice(0, 7)),
    ...sum('D', (d) => d),
  ];
}

/** What was generated, independent of the installation's keys: every certificate with its holder's number opened. */
async function digest(p: TestPlatform) {
  const pd = personalData(p.deps.config);
  const rows = await p.deps.db
    .selectFrom('certificates')
    .select([
      'number',
      'issued_on',
      'status',
      'level',
      'pathway',
      'occupation_code',
      'holder_name',
      'holder_id_number_enc',
      'filing_no',
    ])
    .where('source_type', '=', 'generated')
    .orderBy('number')
    .execute();
  const h = createHash('sha256');
  for (const r of rows)
    h.update(
      [
        r.number,
        r.issued_on,
        r.status,
        r.level,
        r.pathway,
        r.occupation_code,
        r.holder_name,
        r.filing_no,
        pd.openIdNumber('certificates.holder_id_number', r.holder_id_number_enc),
      ].join('|') + '\n',
    );
  return { count: rows.length, hash: h.digest('hex') };
}

/** A bulk target on the platform's database (one pooled client on PostgreSQL, released afterwards). */
async function withTarget<T>(p: TestPlatform, work: (target: BulkTarget) => Promise<T>): Promise<T> {
  const client = p.deps.database.pool ? await p.deps.database.pool.connect() : null;
  try {
    return await work(client ? { pg: client } : { sqlite: p.deps.database.sqlite! });
  } finally {
    client?.release();
  }
}

/** The names of the indexes on people, certificates and the fine progress aggregate. */
async function indexesOf(p: TestPlatform): Promise<string[]> {
  const r = p.deps.database.sqlite
    ? await sql<{
        name: string;
      }>`select name from sqlite_master where type = 'index' and tbl_name in ('learners', 'certificates', 'progress_daily')`.execute(
        p.deps.db,
      )
    : await sql<{
        name: string;
      }>`select indexname as name from pg_indexes where schemaname = current_schema() and tablename in ('learners', 'certificates', 'progress_daily')`.execute(
        p.deps.db,
      );
  return r.rows.map((x) => x.name).sort();
}

describe(`the province-scale generator (${TEST_DB})`, () => {
  let a: TestPlatform;
  let b: TestPlatform;
  beforeAll(async () => {
    [a, b] = await Promise.all([createTestPlatform(), createTestPlatform()]);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('writes the same data on two databases, and a run stopped after one batch continues to the same end', async () => {
    const whole = await generate(a.deps.database, a.deps.config, OPTIONS);
    expect(whole).toMatchObject({ certificates: 2_000, complete: true, resumedBatches: 0 });
    // SQLite loads without checking foreign keys row by row: they are on again, and every row has its parents
    const raw = a.deps.database.sqlite;
    if (raw) {
      expect(raw.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(raw.pragma('foreign_key_check')).toEqual([]);
    }
    expect(whole.people).toBeGreaterThan(500);
    expect(whole.revoked).toBeGreaterThan(0);

    const stopped = await generate(b.deps.database, b.deps.config, { ...OPTIONS, stopAfterBatches: 1 });
    expect(stopped.complete).toBe(false);
    expect(stopped.certificates).toBeLessThan(2_000);
    const resumed = await generate(b.deps.database, b.deps.config, OPTIONS);
    expect(resumed).toMatchObject({ certificates: 2_000, people: whole.people, complete: true, resumedBatches: 1 });
    expect(resumed.rowsWritten).toBe(whole.rowsWritten - stopped.rowsWritten);

    const [da, db] = await Promise.all([digest(a), digest(b)]);
    expect(da.count).toBe(2_000);
    expect(db).toEqual(da);
    // TGT-3: the aggregates count the batch the first run wrote as well as the resumed run's
    expect(await kept(b)).toEqual(await recounted(b));
    expect(await kept(b)).toEqual(await kept(a));

    // a run killed during its load leaves the secondary indexes deferred (their definitions saved):
    // the next run builds them
    const names = [...CERTIFICATE_DEFERRABLE_INDEXES, ...LEARNER_DEFERRABLE_INDEXES, ...PROGRESS_DEFERRABLE_INDEXES];
    expect(await indexesOf(b)).toEqual(expect.arrayContaining(names));
    expect(await withTarget(b, (target) => deferIndexes(target, names))).toBe(names.length);
    expect(await indexesOf(b)).not.toContain('certificates_holder_hash_idx');
    expect((await generate(b.deps.database, b.deps.config, OPTIONS)).rowsWritten).toBe(0);
    expect(await indexesOf(b)).toEqual(expect.arrayContaining(names));
    // `rebuild` recounts the aggregates from every record, whatever they held
    await b.deps.db.deleteFrom('progress_by_month').execute();
    expect((await generate(b.deps.database, b.deps.config, { ...OPTIONS, rebuild: true })).rowsWritten).toBe(0);
    expect(await kept(b)).toEqual(await recounted(b));

    // run again when complete: nothing written, nothing doubled
    const again = await generate(a.deps.database, a.deps.config, OPTIONS);
    expect(again.rowsWritten).toBe(0);
    expect((await digest(a)).hash).toBe(da.hash);
  });

  it('stores valid, sealed ID numbers and valid certificate numbers; the serials continue after the generated ones', async () => {
    const pd = personalData(a.deps.config);
    const certs = await a.deps.db
      .selectFrom('certificates as c')
      .innerJoin('learners as l', 'l.id', 'c.learner_id')
      .select([
        'c.number',
        'c.filing_no',
        'c.level',
        'c.issued_on',
        'c.holder_id_number_enc',
        'c.holder_id_number_hash',
        'l.id_number_enc',
        'l.id_number_hash',
        'l.birth_date',
      ])
      .where('c.source_type', '=', 'generated')
      .execute();
    expect(new Set(certs.map((c) => c.number)).size).toBe(certs.length);
    const levels = new Set<number>();
    for (const c of certs) {
      const n = parseCertificateNumber(c.number);
      expect(n, c.number).not.toBeNull();
      expect(n).toMatchObject({ filingNo: c.filing_no, year: 2025, level: c.level });
      levels.add(c.level);
      expect(c.issued_on.slice(0, 4)).toBe('2025');
      const id = pd.openIdNumber('learners.id_number', c.id_number_enc);
      expect(pd.openIdNumber('certificates.holder_id_number', c.holder_id_number_enc)).toBe(id);
      const check = checkResidentId(id);
      expect(check, id).toMatchObject({ ok: true, birthDate: c.birth_date });
      expect(id.slice(0, 2)).toBe('41');
      expect(c.id_number_hash).toBe(pd.idNumberHash(id));
      expect(c.holder_id_number_hash).toBe(c.id_number_hash);
    }
    expect([...levels].sort()).toEqual([1, 2, 3, 4, 5]);
    const pathways = await a.deps.db
      .selectFrom('certificates')
      .select('pathway')
      .distinct()
      .where('source_type', '=', 'generated')
      .execute();
    expect(pathways.map((r) => r.pathway).sort()).toEqual([
      'competition',
      'enterprise',
      'exam',
      'process',
      'recognition',
    ]);
    // CERT-7: the next serial of a generated institution's level follows its largest generated one
    const max = await a.deps.db
      .selectFrom('certificate_serials')
      .select(['filing_no', 'level', 'last_serial'])
      .where('year', '=', 2025)
      .where('filing_no', 'like', 'S0000418%')
      .execute();
    for (const s of max.slice(0, 20)) {
      const used = certs.filter((c) => c.filing_no === s.filing_no && c.level === s.level);
      expect(s.last_serial).toBe(Math.max(...used.map((c) => Number(c.number.slice(16)))));
    }
  });

  it('certificates come in cohorts: each institution evaluates a handful of occupations, each in sessions 30 days apart', async () => {
    const rows = await a.deps.db
      .selectFrom('certificates')
      .select(['institution_id', 'occupation_id', 'issued_on', 'level'])
      .where('source_type', '=', 'generated')
      .execute();
    const byInst = new Map<number, Set<number>>();
    const sessions = new Map<string, Set<string>>();
    for (const r of rows) {
      byInst.set(r.institution_id, (byInst.get(r.institution_id) ?? new Set()).add(r.occupation_id));
      const k = `${r.institution_id}|${r.occupation_id}`;
      sessions.set(k, (sessions.get(k) ?? new Set()).add(r.issued_on));
    }
    // a filing scope's few occupations, not any of the catalogue's
    for (const occs of byInst.values()) expect(occs.size).toBeLessThanOrEqual(10);
    expect(new Set(rows.map((r) => r.occupation_id)).size).toBeGreaterThan(10);
    // an occupation's sessions at an institution: days a multiple of 30 apart, at most one a month
    const dayOf = (d: string) => Math.round((Date.parse(`${d}T00:00:00Z`) - Date.UTC(2025, 0, 1)) / 86_400_000);
    for (const [k, days] of sessions) {
      const ds = [...days].map(dayOf);
      expect(new Set(ds.map((d) => d % 30)).size, k).toBe(1);
      expect(ds.length, k).toBeLessThanOrEqual(13);
    }
    // so a fine bucket of the aggregates (day, institution, occupation, level) holds a cohort
    const buckets = new Set(rows.map((r) => `${r.issued_on}|${r.institution_id}|${r.occupation_id}|${r.level}`));
    expect(buckets.size).toBeLessThan(rows.length * 0.8);
  });

  it("the province dashboard's figures equal an independent recount of valid certificates (revoked left out)", async () => {
    const province = await a.deps.db
      .selectFrom('regions')
      .select('path')
      .where('code', '=', '410000')
      .executeTakeFirstOrThrow();
    const ctx: RequestContext = {
      actor: {
        id: 1,
        username: 'province',
        displayName: '省厅',
        role: 'province_hrss',
        regionCode: '410000',
        regionPath: province.path,
        institutionId: null,
        scopeLabel: '河南省',
        scopePath: [],
      },
      ip: null,
      requestId: 't',
    };
    const d = await dashboard(a.deps, ctx, { year: 2025 });
    const count = async (q: ReturnType<typeof sql<{ n: number | string }>>) =>
      Number((await q.execute(a.deps.db)).rows[0].n);
    const valid = sql`c.status = 'valid' and c.issued_on >= '2025-01-01' and c.issued_on <= '2025-12-31'
      and i.region_code in (select code from regions where path like ${province.path + '%'})`;
    const certificates = await count(
      sql<{
        n: number;
      }>`select count(*) as n from certificates c join institutions i on i.id = c.institution_id where ${valid}`,
    );
    const certified = await count(
      sql<{
        n: number;
      }>`select count(distinct c.learner_id) as n from certificates c join institutions i on i.id = c.institution_id where ${valid}`,
    );
    const high = await count(
      sql<{
        n: number;
      }>`select count(distinct c.learner_id) as n from certificates c join institutions i on i.id = c.institution_id where ${valid} and c.level <= 3`,
    );
    const revoked = await count(
      sql<{ n: number }>`select count(*) as n from certificates where source_type = 'generated' and status = 'revoked'`,
    );
    expect(revoked).toBeGreaterThan(0);
    expect(d.unit.figures.certificates.actual).toBe(certificates);
    expect(d.unit.figures.certified.actual).toBe(certified);
    expect(d.unit.figures.high_skill.actual).toBe(high);
    expect(certificates).toBeGreaterThanOrEqual(2_000 - revoked);
    // the children (cities) add up to the province
    const sum = d.children.reduce((s, c) => s + (c.figures.certificates.actual ?? 0), 0);
    expect(sum).toBe(certificates);
    // the trend's last month is the year's total
    expect(d.trend.at(-1)!.values.certificates).toBe(certificates);
  });

  it('TGT-3: after the load, and after revocations, a correction and late issues through the services, every aggregate equals an independent recount', async () => {
    expect(await kept(a)).toEqual(await recounted(a));
    const actorOf = (institutionId: number): Actor => ({
      id: 1,
      username: 'school-admin',
      displayName: '测试',
      role: 'institution_admin',
      regionCode: null,
      regionPath: null,
      institutionId,
      scopeLabel: '',
      scopePath: [],
    });
    const ctxOf = (institutionId: number): RequestContext => ({
      actor: actorOf(institutionId),
      ip: null,
      requestId: 't',
    });
    // a person's first certificate of the year and another's only one are revoked: the first moves to the next one
    const holders = await a.deps.db
      .selectFrom('certificates')
      .select(['learner_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('source_type', '=', 'generated')
      .where('status', '=', 'valid')
      .groupBy('learner_id')
      .orderBy('learner_id')
      .execute();
    const many = holders.find((h) => Number(h.n) >= 3)!;
    const one = holders.find((h) => Number(h.n) === 1)!;
    const certsOf = (learnerId: number) =>
      a.deps.db
        .selectFrom('certificates')
        .select(['id', 'institution_id', 'issued_on', 'level', 'occupation_id'])
        .where('learner_id', '=', learnerId)
        .orderBy('issued_on')
        .orderBy('id')
        .execute();
    const [firstOfMany] = await certsOf(many.learner_id);
    await changeCertificateStatus(a.deps, ctxOf(firstOfMany.institution_id), firstOfMany.id, 'revoke', '成绩造假');
    const [onlyOne] = await certsOf(one.learner_id);
    await changeCertificateStatus(a.deps, ctxOf(onlyOne.institution_id), onlyOne.id, 'revoke', '证书重复');
    expect(await kept(a)).toEqual(await recounted(a));
    // a correction changes no counted fact
    const [, second] = await certsOf(many.learner_id);
    await correctCertificate(a.deps, ctxOf(second.institution_id), second.id, {
      holderName: '更正名',
      reason: '姓名录入错误',
    });
    expect(await kept(a)).toEqual(await recounted(a));
    // late issues, dated in the generated year, by a demo institution to a generated person: early in the
    // year (the person's first certificate moves to it) and on 31 December
    const zz = await a.deps.db
      .selectFrom('institutions')
      .select('id')
      .where('name', '=', '中原数字技能培训评价中心')
      .executeTakeFirstOrThrow();
    const held = new Set((await certsOf(many.learner_id)).map((c) => `${c.occupation_id}|${c.level}`));
    const scopes = (
      await a.deps.db
        .selectFrom('institution_scopes')
        .select(['occupation_id', 'level'])
        .where('institution_id', '=', zz.id)
        .orderBy('id')
        .execute()
    ).filter((x) => !held.has(`${x.occupation_id}|${x.level}`));
    for (const [k, issuedOn] of ['2025-01-01', '2025-12-31'].entries())
      await a.deps.db.transaction().execute((trx) =>
        issueCertificate(trx, a.deps, ctxOf(zz.id), {
          learnerId: many.learner_id,
          occupationId: scopes[k].occupation_id,
          level: scopes[k].level,
          pathway: 'exam',
          issuedOn,
        }),
      );
    expect(await kept(a)).toEqual(await recounted(a));
  });
  it.runIf(TEST_DB === 'sqlite')(
    'SQLite: a row left without its parent during a load (foreign keys unchecked) stops the run at its end check',
    async () => {
      const raw = b.deps.database.sqlite!;
      const victim = raw
        .prepare(`select id, learner_id from certificates where source_type = 'generated' order by id limit 1`)
        .get() as { id: number; learner_id: number };
      const setLearner = (learner: number) => {
        raw.pragma('foreign_keys = OFF');
        raw.prepare('update certificates set learner_id = ? where id = ?').run(learner, victim.id);
        raw.pragma('foreign_keys = ON');
      };
      setLearner(999_999_999);
      try {
        await expect(generate(b.deps.database, b.deps.config, OPTIONS)).rejects.toThrow(/外键不完整：1 行/);
        expect(raw.pragma('foreign_keys', { simple: true })).toBe(1);
      } finally {
        setLearner(victim.learner_id);
      }
      expect((await generate(b.deps.database, b.deps.config, OPTIONS)).rowsWritten).toBe(0);
    },
  );
  it("a load's counts grow the buckets that exist and make the ones that do not, in every grain", async () => {
    const db = b.deps.db;
    const bucket = await db.selectFrom('progress_daily').selectAll().orderBy('n', 'desc').executeTakeFirstOrThrow();
    const month = await db.selectFrom('progress_by_month').selectAll().executeTakeFirstOrThrow();
    const day = await db.selectFrom('progress_by_day').selectAll().executeTakeFirstOrThrow();
    const fresh = {
      metric: 'certificates',
      day: '2025-12-31',
      institution_id: bucket.institution_id,
      occupation_id: bucket.occupation_id,
      level: 5,
    };
    await db
      .deleteFrom('progress_daily')
      .where('metric', '=', fresh.metric)
      .where('day', '=', fresh.day)
      .where('institution_id', '=', fresh.institution_id)
      .where('occupation_id', '=', fresh.occupation_id)
      .where('level', '=', 5)
      .execute();
    await withTarget(b, (target) =>
      bulkTransaction(target, async () => {
        // 60 rows: a 50-row statement and single rows (the existing bucket in the first, the new one in the last)
        const rows: unknown[] = [
          bucket.metric,
          bucket.day,
          bucket.institution_id,
          bucket.occupation_id,
          bucket.level,
          3,
        ];
        for (let i = 1; i < 59; i++) rows.push('test_metric', '2025-01-01', bucket.institution_id, i, 1, i);
        rows.push(fresh.metric, fresh.day, fresh.institution_id, fresh.occupation_id, fresh.level, 4);
        await addProgressCounts(target, 'daily', rows);
        await addProgressCounts(target, 'by_month', [month.metric, month.month, month.institution_id, 2]);
        await addProgressCounts(target, 'by_day', [day.metric, day.day, day.institution_id, 5]);
      }),
    );
    // a bucket's count by its key, in any of the three tables
    const n = async (table: string, key: Record<string, string | number>) => {
      let q = (db as unknown as Kysely<Record<string, Record<string, string | number>>>).selectFrom(table).select('n');
      for (const [column, value] of Object.entries(key)) q = q.where(column, '=', value);
      return Number((await q.executeTakeFirst())?.n);
    };
    const fine = ({ metric, day, institution_id, occupation_id, level }: typeof fresh) => ({
      metric,
      day,
      institution_id,
      occupation_id,
      level,
    });
    expect(await n('progress_daily', fine(bucket))).toBe(Number(bucket.n) + 3);
    expect(await n('progress_daily', fine(fresh))).toBe(4);
    const added = await db
      .selectFrom('progress_daily')
      .select((eb) => eb.fn.sum<number>('n').as('n'))
      .where('metric', '=', 'test_metric')
      .executeTakeFirstOrThrow();
    expect(Number(added.n)).toBe((58 * 59) / 2);
    const { metric, month: m, institution_id } = month;
    expect(await n('progress_by_month', { metric, month: m, institution_id })).toBe(Number(month.n) + 2);
    expect(await n('progress_by_day', { metric: day.metric, day: day.day, institution_id: day.institution_id })).toBe(
      Number(day.n) + 5,
    );
    await db.deleteFrom('progress_daily').where('metric', '=', 'test_metric').execute();
  });
  it('a batch with a row that breaks a constraint leaves nothing of itself, and the error names the constraint', async () => {
    const db = b.deps.db;
    const columns = CERTIFICATE_BULK_COLUMNS.filter((c) => !(c in CERTIFICATE_FIXED));
    const existing = await db
      .selectFrom('certificates')
      .select(columns)
      .where('source_type', '=', 'generated')
      .orderBy('id')
      .limit(60)
      .execute();
    expect(existing).toHaveLength(60);
    // 60 rows (a 50-row statement and single rows): new numbers but the 11th, which one already has
    const values = existing.flatMap((r, i) =>
      columns.map((c) => (c === 'number' ? (i === 10 ? existing[0].number : `X${String(i).padStart(21, '0')}`) : r[c])),
    );
    const id = (await maxLearnerId(db)) + 1_000;
    await withTarget(b, async (target) => {
      await expect(
        bulkTransaction(target, async () => {
          await insertLearnersBulk(
            target,
            [id, '测试', 'enc-not-a-seal', 'hash-not-a-hash', 'male', '1990-01-01'],
            LEARNER_FIXED('2025-01-01T02:00:00.000Z'),
          );
          await insertCertificatesBulk(target, values, CERTIFICATE_FIXED);
        }),
      ).rejects.toThrow(/unique|duplicate key/i);
      if (target.sqlite) expect(target.sqlite.inTransaction).toBe(false);
    });
    expect(await db.selectFrom('learners').select('id').where('id', '=', id).execute()).toEqual([]);
    expect(await db.selectFrom('certificates').select('id').where('number', 'like', 'X%').execute()).toEqual([]);
  });
});
