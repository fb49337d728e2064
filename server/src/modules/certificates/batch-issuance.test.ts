/**
 * Batch issuance (`issueCertificates`, the exam pathway's 10,000 per transaction): the rules of a
 * single issuance hold for every certificate of a batch, a refused batch leaves nothing behind
 * (no certificate, no serial, no record), and the maintained aggregates equal a recount.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, newResidentId, TEST_DB, type TestPlatform } from '../../../test/harness.js';
import type { Actor, RequestContext } from '../../lib/context.js';
import { personalData } from '../../lib/personal-data.js';
import { newPersonRow } from '../people/id-numbers.service.js';
import { verifyAuditChain } from '../audit/audit.service.js';
import { aggregatesAndRecount } from '../targets/aggregates.service.js';
import { CERTIFICATE_NUMBER_RE, parseCertificateNumber } from './certificate-number.js';
import { issueCertificates, type IssueInput } from './certificates.service.js';

describe(`batch issuance (${TEST_DB})`, () => {
  let p: TestPlatform;
  let school: number;
  let ctx: RequestContext;
  let scopes: { occupation_id: number; level: number }[];
  let seq = 0;
  const newLearner = async (f: { inSchool?: boolean } = {}) =>
    (
      await p.deps.db
        .insertInto('learners')
        .values(
          newPersonRow(
            personalData(p.deps.config),
            {
              name: `批量${++seq}`,
              id_type: 'resident_id',
              id_number: newResidentId(),
              in_school: f.inSchool ? 1 : 0,
              student_type: 'junior_college',
              school_institution_id: school,
            },
            new Date().toISOString(),
          ),
        )
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const issue = (inputs: IssueInput[]) =>
    p.deps.db.transaction().execute((trx) => issueCertificates(trx, p.deps, ctx, inputs));
  const exam = (learnerId: number, s = scopes[0], extra: Partial<IssueInput> = {}): IssueInput => ({
    learnerId,
    occupationId: s.occupation_id,
    level: s.level,
    pathway: 'exam',
    issuedOn: '2026-06-01',
    ...extra,
  });
  const counts = async () => ({
    certificates: Number(
      (
        await p.deps.db
          .selectFrom('certificates')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
    audit: Number(
      (
        await p.deps.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  });
  const aggregatesEqualRecount = async () => {
    const { kept, recount } = await aggregatesAndRecount(p.deps.db);
    const key = (r: {
      metric: string;
      day: string;
      institution_id: number;
      occupation_id: number;
      level: number;
      n: number;
    }) => `${r.metric}|${r.day}|${r.institution_id}|${r.occupation_id}|${r.level}|${Number(r.n)}`;
    expect(kept.map(key).sort()).toEqual(recount.map(key).sort());
  };

  beforeAll(async () => {
    p = await createTestPlatform();
    school = (
      await p.deps.db
        .selectFrom('institutions')
        .select('id')
        .where('name', '=', '郑州智能制造职业学院')
        .executeTakeFirstOrThrow()
    ).id;
    const actor: Actor = {
      id: 1,
      username: 'school-admin',
      displayName: '陈静',
      role: 'institution_admin',
      regionCode: null,
      regionPath: null,
      institutionId: school,
      scopeLabel: '',
      scopePath: [],
    };
    ctx = { actor, ip: '127.0.0.1', requestId: 'batch' };
    scopes = await p.deps.db
      .selectFrom('institution_scopes')
      .select(['occupation_id', 'level'])
      .where('institution_id', '=', school)
      .orderBy('id')
      .execute();
  });
  afterAll(async () => p?.close());

  it('CERT-7: a batch gets consecutive 22-character numbers in the order given, each with its history entry and audit record, the chain intact', async () => {
    const learners: number[] = [];
    for (let i = 0; i < 40; i++) learners.push(await newLearner());
    const before = await counts();
    const issued = await issue(learners.map((l) => exam(l)));
    expect(issued).toHaveLength(40);
    expect(issued.every((c) => CERTIFICATE_NUMBER_RE.test(c.number))).toBe(true);
    const serials = issued.map((c) => parseCertificateNumber(c.number)!.serial);
    expect(serials).toEqual(serials.map((_, i) => serials[0] + i));
    const rows = await p.deps.db
      .selectFrom('certificates')
      .select(['id', 'number', 'learner_id', 'seal'])
      .where(
        'id',
        'in',
        issued.map((c) => c.id),
      )
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    issued.forEach((c, i) => {
      expect(byId.get(c.id)).toMatchObject({ number: c.number, learner_id: learners[i] });
      expect(byId.get(c.id)!.seal).toBeTruthy();
    });
    const events = await p.deps.db
      .selectFrom('certificate_events')
      .select('certificate_id')
      .where(
        'certificate_id',
        'in',
        issued.map((c) => c.id),
      )
      .where('type', '=', 'issued')
      .execute();
    expect(events).toHaveLength(40);
    const audit = await p.deps.db
      .selectFrom('audit_log')
      .select(['object_id', 'after_json'])
      .where('action', '=', 'certificate.issue')
      .orderBy('id', 'desc')
      .limit(40)
      .execute();
    expect(audit.reverse().map((a) => [Number(a.object_id), JSON.parse(a.after_json!).number])).toEqual(
      issued.map((c) => [c.id, c.number]),
    );
    expect(await counts()).toEqual({ certificates: before.certificates + 40, audit: before.audit + 40 });
    expect((await verifyAuditChain(p.deps.db)).ok).toBe(true);
    await aggregatesEqualRecount();
  });

  it('CERT-8, CERT-10: one refused certificate refuses the whole batch, and the next batch continues the serials without a gap', async () => {
    const last = async () => {
      const c = await p.deps.db
        .selectFrom('certificates')
        .select('number')
        .where('issued_on', '=', '2026-06-01')
        .where('level', '=', scopes[0].level)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      return parseCertificateNumber(c.number)!.serial;
    };
    const serialBefore = await last();
    const before = await counts();
    const fresh = [await newLearner(), await newLearner(), await newLearner()];
    // the same person twice in one batch
    await expect(issue([exam(fresh[0]), exam(fresh[1]), exam(fresh[0])])).rejects.toMatchObject({
      code: 'CERTIFICATE_DUPLICATE',
      rule: 'CERT-8',
    });
    // a person who already holds the certificate
    const [held] = await issue([exam(fresh[2])]);
    await expect(issue([exam(fresh[0]), exam(fresh[2])])).rejects.toMatchObject({
      code: 'CERTIFICATE_DUPLICATE',
      rule: 'CERT-8',
      message: expect.stringContaining(held.number),
    });
    // a fee charged to an in-school student
    const student = await newLearner({ inSchool: true });
    await expect(issue([exam(fresh[0]), exam(student, scopes[0], { fee: 100 })])).rejects.toMatchObject({
      code: 'FEE_FORBIDDEN_IN_SCHOOL',
      rule: 'CERT-10',
    });
    expect(await counts()).toEqual({ certificates: before.certificates + 1, audit: before.audit + 1 });
    expect(parseCertificateNumber(held.number)!.serial).toBe(serialBefore + 1);
    const next = await issue([exam(fresh[0]), exam(fresh[1]), exam(student)]);
    expect(next.map((c) => parseCertificateNumber(c.number)!.serial)).toEqual([
      serialBefore + 2,
      serialBefore + 3,
      serialBefore + 4,
    ]);
    await aggregatesEqualRecount();
  });

  it('TGT-3: one person at two levels in one batch counts once as certified, the aggregates equal to a recount', async () => {
    const other = scopes.find((s) => s.level !== scopes[0].level);
    if (!other) throw new Error('the demo school has a second level in its scope');
    const a = await newLearner();
    const b = await newLearner();
    const issued = await issue([exam(a), exam(a, other), exam(b, other, { issuedOn: '2026-07-01' })]);
    expect(issued).toHaveLength(3);
    await aggregatesEqualRecount();
  });
});
