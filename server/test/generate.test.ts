/**
 * The province-scale generator (scripts/lib/generate-data.ts) at its test scale (`tiny`, 2,000
 * certificates): deterministic (two databases, the same data), valid ID numbers and certificate
 * numbers stored as the platform stores them, resumable (a run stopped after one batch and run
 * again ends with the same data as an uninterrupted one), and the province dashboard equal to an
 * independent SQL recount (revoked certificates excluded).
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, TEST_DB, type TestPlatform } from './harness.js';
import { generate, type GenerateOptions } from '../../scripts/lib/generate-data.js';
import { checkResidentId } from '../src/lib/identity.js';
import { personalData } from '../src/lib/personal-data.js';
import type { RequestContext } from '../src/lib/context.js';
import { parseCertificateNumber } from '../src/modules/certificates/certificate-number.js';
import { dashboard } from '../src/modules/targets/dashboard.service.js';

const OPTIONS: GenerateOptions = { scale: 'tiny', year: 2025, batch: 150 };

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
    const whole = await generate(a.deps.database, personalData(a.deps.config), OPTIONS);
    expect(whole).toMatchObject({ certificates: 2_000, complete: true, resumedBatches: 0 });
    expect(whole.people).toBeGreaterThan(500);
    expect(whole.revoked).toBeGreaterThan(0);

    const stopped = await generate(b.deps.database, personalData(b.deps.config), { ...OPTIONS, stopAfterBatches: 1 });
    expect(stopped.complete).toBe(false);
    expect(stopped.certificates).toBeLessThan(2_000);
    const resumed = await generate(b.deps.database, personalData(b.deps.config), OPTIONS);
    expect(resumed).toMatchObject({ certificates: 2_000, people: whole.people, complete: true, resumedBatches: 1 });
    expect(resumed.rowsWritten).toBe(whole.rowsWritten - stopped.rowsWritten);

    const [da, db] = await Promise.all([digest(a), digest(b)]);
    expect(da.count).toBe(2_000);
    expect(db).toEqual(da);

    // run again when complete: nothing written, nothing doubled
    const again = await generate(a.deps.database, personalData(a.deps.config), OPTIONS);
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
});
