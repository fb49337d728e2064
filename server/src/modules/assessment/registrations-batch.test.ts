/**
 * The set-based registration of a roster chunk (`registerCandidates`) against registration one
 * row after another as it was done before (the reference below: identity, already registered,
 * the person's situation, INST-1, held certificates, eligibility, fee, a statement or more each):
 * for the same varied rows on the same database state, the same registrations (status, fee,
 * eligibility, situation kept), decisions, people, situation history and audit records, and the
 * same first refusal with the same row. Each run happens in a transaction rolled back after it
 * is read, so every run starts from the same state.
 */
import type { Insertable, Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestPlatform,
  graduatingClassNow,
  loginAs,
  makeFiledInstitution,
  makeUser,
  newResidentId,
  TEST_DB,
  type TestPlatform,
} from '../../../test/harness.js';
import type { DB, LearnerTable, RegistrationTable } from '../../database/schema.js';
import type { Actor, RequestContext } from '../../lib/context.js';
import { businessDay } from '../../lib/dates.js';
import { AppError } from '../../lib/errors.js';
import { checkResidentId, identityNotes, residentIdCheckChar } from '../../lib/identity.js';
import { personalData } from '../../lib/personal-data.js';
import { issueCertificate } from '../certificates/certificates.service.js';
import { assertInPopulation } from '../institutions/certify-guard.js';
import { newPersonRow } from '../people/id-numbers.service.js';
import { identifyLearner, recordLearner } from '../people/learners.service.js';
import { judgeCandidate } from './eligibility.js';
import { loadOwnPlan, planStandard } from './plan-guards.js';
import type { PlanRow } from './plans.queries.js';
import { snapshotOf, sourceOf } from './registration-situation.service.js';
import {
  RefusedCandidate,
  registerCandidate,
  registerCandidates,
  type CandidateInput,
} from './registrations.service.js';
import type { Standard } from './standards.service.js';

const id18 = (first17: string) => first17 + residentIdCheckChar(first17);
/** A number whose check character is wrong (GB 11643). */
const badId = (first17: string) => first17 + (residentIdCheckChar(first17) === '0' ? '1' : '0');
type Outcome =
  | { refused: { index: number; code: string; message: string; rule?: string } }
  | { registered: { name: string; status: string; fee: number; identityNotes?: string[]; situationNote?: string }[] };

/**
 * Registration row by row as it was before the set-based path (the code of `registerCandidate`
 * until session 11), kept here as the reference: every read and write per row, in order.
 */
async function registerOneByOne(
  trx: Transaction<DB>,
  deps: TestPlatform['deps'],
  ctx: RequestContext,
  plan: PlanRow,
  std: Standard,
  rows: readonly CandidateInput[],
): Promise<Outcome> {
  const out = [];
  for (const [index, c] of rows.entries()) {
    try {
      const today = deps.clock.now();
      const person = await identifyLearner(trx, deps, c);
      if (
        person.existing &&
        (await trx
          .selectFrom('registrations')
          .select('id')
          .where('plan_id', '=', plan.id)
          .where('learner_id', '=', person.existing.id)
          .executeTakeFirst())
      )
        throw new AppError('ALREADY_REGISTERED', `${person.name} 已报名本计划`);
      const { learner, situation, note } = await recordLearner(trx, deps, ctx, person, c, sourceOf(plan, 'roster'));
      const nowIso = today.toISOString();
      const on = businessDay(today, deps.config.businessTimeZone);
      await assertInPopulation(trx, plan.institution_id, learner, 'enter', on);
      const held = await trx
        .selectFrom('evaluation_plans as p')
        .innerJoin('certificates as c', 'c.occupation_id', 'p.occupation_id')
        .select(['c.level', 'c.issued_on'])
        .where('p.id', '=', plan.id)
        .where('c.learner_id', '=', learner.id)
        .where('c.status', '=', 'valid')
        .execute();
      const { facts, cap, result } = judgeCandidate(
        std.eligibility,
        plan.level,
        { birthDate: learner.birth_date, situation },
        held.map((h) => ({ level: h.level, issuedOn: h.issued_on })),
        c,
        on,
      );
      const status: RegistrationTable['status'] = cap ? 'ineligible' : result.eligible ? 'eligible' : 'pending';
      const reason = cap ?? (result.eligible ? `符合：${result.route}` : '未满足自动审核条件，待人工审核');
      const fee = situation.inSchool ? 0 : plan.fee;
      const reg = await trx
        .insertInto('registrations')
        .values({
          plan_id: plan.id,
          learner_id: learner.id,
          status,
          eligibility_json: JSON.stringify({ ...result, cap }),
          years_in_occupation: facts.yearsInOccupation,
          working_in_occupation: facts.workingInOccupation ? 1 : 0,
          title: c.title ?? null,
          title_since: c.titleSince ?? null,
          outstanding_graduate: c.outstandingGraduate ? 1 : 0,
          decision: 'auto',
          decision_reason: reason,
          decided_by: null,
          decided_at: nowIso,
          fee,
          result: null,
          certificate_id: null,
          created_at: nowIso,
          situation_json: JSON.stringify(snapshotOf(situation, note)),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('registration_decisions')
        .values({
          registration_id: reg.id,
          status,
          decision: 'auto',
          reason,
          decided_by: null,
          decided_by_name: '系统自动审核',
          at: nowIso,
        })
        .execute();
      const notes =
        (c.idType ?? 'resident_id') === 'resident_id' ? identityNotes(checkResidentId(c.idNumber, today)) : [];
      out.push({
        name: learner.name,
        status,
        fee,
        ...(notes.length ? { identityNotes: notes } : {}),
        ...(note ? { situationNote: note } : {}),
      });
    } catch (e) {
      if (e instanceof AppError) return { refused: { index, code: e.code, message: e.message, rule: e.rule } };
      throw e;
    }
  }
  return { registered: out };
}

/** The set-based path, the rows in chunks of `chunk` (each chunk sees what the ones before wrote). */
async function registerSetBased(
  trx: Transaction<DB>,
  deps: TestPlatform['deps'],
  ctx: RequestContext,
  plan: PlanRow,
  std: Standard,
  rows: readonly CandidateInput[],
  chunk: number,
): Promise<Outcome> {
  const out = [];
  for (let i = 0; i < rows.length; i += chunk) {
    try {
      const regs = await registerCandidates(trx, deps, ctx, plan, std, rows.slice(i, i + chunk), 'roster');
      out.push(
        ...regs.map(({ name, status, fee, identityNotes, situationNote }) => ({
          name,
          status,
          fee,
          ...(identityNotes ? { identityNotes } : {}),
          ...(situationNote ? { situationNote } : {}),
        })),
      );
    } catch (e) {
      if (e instanceof RefusedCandidate)
        return {
          refused: { index: i + e.index, code: e.error.code, message: e.error.message, rule: e.error.rule },
        };
      throw e;
    }
  }
  return { registered: out };
}

class RolledBack extends Error {
  constructor(readonly value: unknown) {
    super('rolled back');
  }
}

describe(`registrations set-based against one by one (${TEST_DB})`, () => {
  let p: TestPlatform;
  let school: number;
  let otherSchool: number;
  let social: number;
  let elec: number;
  let schoolPlan: number;
  let socialPlan: number;
  const actors = new Map<number, Actor>();
  let cls: number;
  const pd = () => personalData(p.deps.config);
  const hashOf = (idNumber: string) => pd().idNumberHash(idNumber);

  /** A person already on record, with the given columns. */
  const onRecord = async (name: string, idNumber: string, f: Partial<Insertable<LearnerTable>> = {}) => {
    await p.deps.db
      .insertInto('learners')
      .values(newPersonRow(pd(), { name, id_type: 'resident_id', id_number: idNumber, ...f }, new Date().toISOString()))
      .execute();
    return { name, idNumber };
  };
  const ctxOf = (institutionId: number): RequestContext => ({
    actor: actors.get(institutionId)!,
    ip: '127.0.0.1',
    requestId: 'batch-test',
  });

  /** Runs `work` on a transaction that is rolled back; answers what `work` read. */
  async function rolledBack<T>(work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
    try {
      await p.deps.db.transaction().execute(async (trx) => {
        throw new RolledBack(await work(trx));
      });
    } catch (e) {
      if (e instanceof RolledBack) return e.value as T;
      throw e;
    }
    throw new Error('not rolled back');
  }

  /**
   * What a run wrote, by person (the ID number's hash: ids and sealed numbers differ from run to
   * run): the people, their registrations in the plan and decisions, their situation history and
   * the audit records after the marks.
   */
  async function written(trx: Transaction<DB>, planId: number, marks: { audit: number; change: number }) {
    const people = await trx.selectFrom('learners').selectAll().execute();
    const hashById = new Map(people.map((l) => [l.id, l.id_number_hash]));
    const by = (id: number | null) => (id === null ? null : (hashById.get(id) ?? `#${id}`));
    const regs = await trx
      .selectFrom('registrations')
      .selectAll()
      .where('plan_id', '=', planId)
      .orderBy('id')
      .execute();
    const decisions = await trx
      .selectFrom('registration_decisions as d')
      .innerJoin('registrations as r', 'r.id', 'd.registration_id')
      .select(['r.learner_id', 'd.status', 'd.decision', 'd.reason', 'd.decided_by', 'd.decided_by_name', 'd.at'])
      .where('r.plan_id', '=', planId)
      .orderBy('d.id')
      .execute();
    const changes = await trx
      .selectFrom('learner_situation_changes')
      .selectAll()
      .where('id', '>', marks.change)
      .orderBy('id')
      .execute();
    const audits = await trx.selectFrom('audit_log').selectAll().where('id', '>', marks.audit).orderBy('id').execute();
    const touched = new Set(regs.map((r) => r.learner_id));
    return {
      people: people
        .filter((l) => touched.has(l.id))
        .map(({ id: _id, id_number_enc: _enc, ...l }) => l)
        .sort((a, b) => (a.id_number_hash < b.id_number_hash ? -1 : 1)),
      registrations: regs.map(({ id: _id, learner_id, ...r }) => ({ person: by(learner_id), ...r })),
      decisions: decisions.map(({ learner_id, ...d }) => ({ person: by(learner_id), ...d })),
      changes: changes.map(({ id: _id, learner_id, ...c }) => ({ person: by(learner_id), ...c })),
      audits: audits.map(({ id: _id, object_id, prev_hash: _p, hash: _h, ...a }) => ({
        ...a,
        object: a.object_type === 'learner' ? by(Number(object_id)) : object_id,
      })),
    };
  }

  /** The same rows through the reference and the set-based path (whole, and in chunks of 3): outcomes and writes. */
  async function compare(planId: number, institutionId: number, rows: CandidateInput[]) {
    const ctx = ctxOf(institutionId);
    const marks = async (trx: Transaction<DB>) => ({
      audit: Number(
        (
          await trx
            .selectFrom('audit_log')
            .select((eb) => eb.fn.max('id').as('m'))
            .executeTakeFirst()
        )?.m ?? 0,
      ),
      change: Number(
        (
          await trx
            .selectFrom('learner_situation_changes')
            .select((eb) => eb.fn.max('id').as('m'))
            .executeTakeFirst()
        )?.m ?? 0,
      ),
    });
    const run = (how: (trx: Transaction<DB>, plan: PlanRow, std: Standard) => Promise<Outcome>) =>
      rolledBack(async (trx) => {
        const plan = await loadOwnPlan(ctx, trx, planId, 'importRoster');
        const std = await planStandard(trx, plan);
        const m = await marks(trx);
        const outcome = await how(trx, plan, std);
        return { outcome, written: 'refused' in outcome ? null : await written(trx, planId, m) };
      });
    const reference = await run((trx, plan, std) => registerOneByOne(trx, p.deps, ctx, plan, std, rows));
    const whole = await run((trx, plan, std) => registerSetBased(trx, p.deps, ctx, plan, std, rows, rows.length));
    const chunks = await run((trx, plan, std) => registerSetBased(trx, p.deps, ctx, plan, std, rows, 3));
    expect(whole).toEqual(reference);
    expect(chunks).toEqual(reference);
    return reference;
  }

  /** What the set-based path wrote before it refused: nothing. */
  async function writesNothingWhenRefused(planId: number, institutionId: number, rows: CandidateInput[]) {
    const ctx = ctxOf(institutionId);
    return rolledBack(async (trx) => {
      const count = async () =>
        Number(
          (
            await trx
              .selectFrom('registrations')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        ) +
        Number(
          (
            await trx
              .selectFrom('learners')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await count();
      const plan = await loadOwnPlan(ctx, trx, planId, 'importRoster');
      await expect(registerCandidates(trx, p.deps, ctx, plan, await planStandard(trx, plan), rows)).rejects.toThrow(
        RefusedCandidate,
      );
      return (await count()) - before;
    });
  }

  // people on record before the rosters
  let worker: { name: string; idNumber: string };
  let theirStudent: { name: string; idNumber: string };
  let turnsStudent: { name: string; idNumber: string };
  let holder: { name: string; idNumber: string };
  let formerSecondary: { name: string; idNumber: string };
  let alreadyIn: { name: string; idNumber: string };
  let joinsSchool: { name: string; idNumber: string };
  let leaving: { name: string; idNumber: string };
  let otherSchoolStudent: { name: string; idNumber: string };
  let teacher: { name: string; idNumber: string };

  beforeAll(async () => {
    p = await createTestPlatform();
    cls = graduatingClassNow(p);
    const inst = async (name: string) =>
      (await p.deps.db.selectFrom('institutions').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
    school = await inst('郑州智能制造职业学院');
    otherSchool = await inst('郑州城市建设职业技术学院');
    elec = (
      await p.deps.db.selectFrom('occupations').select('id').where('code', '=', '6-31-01-03').executeTakeFirstOrThrow()
    ).id;
    social = await makeFiledInstitution(p.deps, {
      name: '郑州社会化职业技能评价中心',
      scopes: [3, 4].map((level) => ({ occupationId: elec, level })),
    });
    await makeUser(p.deps, { username: 'social-admin', role: 'institution_admin', institutionId: social });
    for (const [username, institutionId] of [
      ['school-admin', school],
      ['social-admin', social],
    ] as const) {
      const u = await p.deps.db
        .selectFrom('users')
        .select(['id', 'username'])
        .where('username', '=', username)
        .executeTakeFirstOrThrow();
      actors.set(institutionId, {
        id: u.id,
        username: u.username,
        displayName: `${username} 管理员`,
        role: 'institution_admin',
        regionCode: null,
        regionPath: null,
        institutionId,
        scopeLabel: username,
        scopePath: [],
      });
    }
    const api = async (user: string, method: 'POST', url: string, payload?: object) => {
      const cookie = await loginAs(p.app, user);
      const r = await p.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
      return JSON.parse(r.body);
    };
    const plan = async (user: string, fee: number) => {
      const r = await api(user, 'POST', '/api/plans', {
        occupationId: elec,
        level: 3,
        year: 2026,
        title: '电工三级',
        fee,
      });
      await api(user, 'POST', `/api/plans/${r.id}/publish`);
      return r.id as number;
    };
    schoolPlan = await plan('school-admin', 120);
    socialPlan = await plan('social-admin', 200);

    worker = await onRecord('在册工人甲', id18('41010219800101301'));
    theirStudent = await onRecord('本校在校生乙', id18('41010520060301302'), {
      student_type: 'junior_college',
      school_institution_id: school,
      in_school: 1,
      graduation_year: cls + 1,
    });
    turnsStudent = await onRecord('在册转中职丙', id18('41010520080301303'));
    holder = await onRecord('四级持证人丁', id18('41010219820101304'));
    formerSecondary = await onRecord('往届中职戊', id18('41010219900101305'), {
      student_type: 'secondary_vocational',
      graduation_year: 2010,
      in_school: 0,
    });
    alreadyIn = await onRecord('已报名己', id18('41010219810101306'));
    joinsSchool = await onRecord('入学庚', id18('41010520050301307'));
    leaving = await onRecord('应届辛', id18('41010520030301308'), {
      student_type: 'junior_college',
      school_institution_id: school,
      in_school: 0,
      graduation_year: cls,
    });
    otherSchoolStudent = await onRecord('外校生壬', id18('41010520050301309'), {
      student_type: 'junior_college',
      school_institution_id: otherSchool,
      in_school: 1,
      graduation_year: cls,
    });
    // the school's own examiner (在职教职工, INST-1)
    teacher = { name: '教师癸', idNumber: newResidentId() };
    await api('school-admin', 'POST', '/api/staff', { kind: 'examiner', ...teacher, occupationIds: [elec] });
    // a valid 四级 certificate in the occupation, issued in 2020 (the prior-level route of 三级)
    const holderId = (
      await p.deps.db
        .selectFrom('learners')
        .select('id')
        .where('id_number_hash', '=', hashOf(holder.idNumber))
        .executeTakeFirstOrThrow()
    ).id;
    const cert = await p.deps.db.transaction().execute((trx) =>
      issueCertificate(trx, p.deps, ctxOf(social), {
        learnerId: holderId,
        occupationId: elec,
        level: 4,
        pathway: 'exam',
      }),
    );
    await p.deps.db.updateTable('certificates').set({ issued_on: '2020-06-01' }).where('id', '=', cert.id).execute();
    // already registered in both plans
    for (const [planId, institutionId] of [
      [socialPlan, social],
      [schoolPlan, school],
    ] as const)
      await p.deps.db.transaction().execute(async (trx) => {
        const plan = await loadOwnPlan(ctxOf(institutionId), trx, planId, 'register');
        await registerCandidate(
          trx,
          p.deps,
          ctxOf(institutionId),
          plan,
          await planStandard(trx, plan),
          institutionId === school
            ? { ...alreadyIn, studentType: 'junior_college', inSchool: true, graduationYear: cls }
            : { ...alreadyIn, yearsInOccupation: 12 },
        );
      });
  });
  afterAll(async () => p?.close());

  it('a varied roster at a social institution: new and known people, adults, students, a cap hit, pending, a certificate holder, a title — the same registrations, decisions, people, history and audit', async () => {
    const rows: CandidateInput[] = [
      { name: '新工人一', idNumber: id18('41010219850101401'), yearsInOccupation: 12, phone: '13800000001' },
      { name: '新工人二', idNumber: id18('41010219850101402'), yearsInOccupation: 2 },
      { ...worker, yearsInOccupation: 11 },
      // the school's in-school student, stated out of school by another institution: kept, with the note; no fee
      { ...theirStudent, inSchool: false, studentType: 'undergraduate' },
      // a known adult who states that he is now a 中职 student in school: changed; the cap (CERT-2) binds at 三级
      { ...turnsStudent, studentType: 'secondary_vocational', inSchool: true, graduationYear: cls + 1 },
      { ...holder, yearsInOccupation: 0 },
      { ...formerSecondary, yearsInOccupation: 3 },
      {
        name: '中职新生三',
        idNumber: id18('41010520080301403'),
        studentType: 'secondary_vocational',
        inSchool: true,
        graduationYear: cls,
      },
      {
        name: '中职优秀四',
        idNumber: id18('41010520070301404'),
        studentType: 'secondary_vocational',
        inSchool: true,
        graduationYear: cls,
        outstandingGraduate: true,
      },
      { name: '职称五', idNumber: id18('41010219800101405'), title: 'junior', titleSince: '2020-01-01' },
      {
        name: '高职六',
        idNumber: id18('41010520040301406'),
        studentType: 'junior_college',
        inSchool: true,
        graduationYear: cls,
        major: '  电气自动化 ',
      },
      {
        name: 'SMITH JOHN',
        idType: 'passport',
        idNumber: 'E12345678',
        birthDate: '1990-05-01',
        gender: 'male',
        yearsInOccupation: 10,
      },
      // a historic area code: registered with a note on the number
      { name: '旧区划七', idNumber: id18('41270119800101407'), yearsInOccupation: 15, workingInOccupation: false },
    ];
    const r = await compare(socialPlan, social, rows);
    expect('registered' in r.outcome).toBe(true);
    if ('registered' in r.outcome) expect(r.outcome.registered.at(-1)!.identityNotes).toHaveLength(1);
    const regs = r.written!.registrations;
    const statuses = regs.map((x) => x.status);
    expect(statuses).toContain('eligible');
    expect(statuses).toContain('pending');
    expect(statuses).toContain('ineligible');
    expect(regs.map((x) => x.fee)).toEqual(expect.arrayContaining([0, 200]));
    expect(r.written!.changes.map((c) => c.applied)).toEqual(expect.arrayContaining([0, 1]));
    expect(r.written!.audits.map((a) => a.action)).toEqual(
      expect.arrayContaining(['learner.situation.keep', 'learner.situation.change']),
    );
    expect(regs.find((x) => x.person === hashOf(holder.idNumber))!.decision_reason).toBe(
      '符合：取得四级证书后从事本职业4年',
    );
  });

  it('a roster at a school (INST-1): its new and known students, one it enrols, a graduating one, its examiner — the same everything', async () => {
    const r = await compare(schoolPlan, school, [
      {
        name: '本校新生一',
        idNumber: id18('41010520050301501'),
        studentType: 'junior_college',
        inSchool: true,
        graduationYear: cls,
      },
      { ...theirStudent, yearsInOccupation: 1 },
      { ...joinsSchool, studentType: 'junior_college', inSchool: true, graduationYear: cls },
      leaving,
      { ...teacher, yearsInOccupation: 12 },
      {
        name: '本校中职二',
        idNumber: id18('41010520080301502'),
        studentType: 'secondary_vocational',
        inSchool: true,
        graduationYear: cls + 1,
      },
    ]);
    expect('registered' in r.outcome && r.outcome.registered.length).toBe(6);
    expect(r.written!.audits.map((a) => a.action)).toContain('learner.situation.change');
  });

  const good = (n: number) => ({
    name: `好人${n}`,
    idNumber: id18(`410102198501016${String(n).padStart(2, '0')}`),
    yearsInOccupation: 12,
  });
  const refusals: [string, () => [number, number, CandidateInput[]], string, number][] = [
    [
      'a person already registered in the plan',
      () => [socialPlan, social, [good(1), alreadyIn, good(2)]],
      'ALREADY_REGISTERED',
      1,
    ],
    [
      'the same person twice in the roster',
      () => [socialPlan, social, [good(1), good(2), good(1)]],
      'ALREADY_REGISTERED',
      2,
    ],
    [
      'the same number twice under two names',
      () => [socialPlan, social, [good(1), { ...good(1), name: '冒名' }]],
      'IDENTITY_NAME_MISMATCH',
      1,
    ],
    [
      'a known number under another name, before a later refusal',
      () => [socialPlan, social, [good(1), { ...worker, name: '别名' }, alreadyIn]],
      'IDENTITY_NAME_MISMATCH',
      1,
    ],
    [
      'an invalid number, after good rows and before a registered person',
      () => [socialPlan, social, [good(1), good(2), { name: '错号', idNumber: badId('41010219850101699') }, alreadyIn]],
      'IDENTITY_INVALID',
      2,
    ],
    [
      '在校 with no student type (CERT-10)',
      () => [socialPlan, social, [good(1), { name: '无类型', idNumber: id18('41010219850101699'), inSchool: true }]],
      'SITUATION_INCONSISTENT',
      1,
    ],
    [
      'a social candidate at a school (INST-1)',
      () => [
        schoolPlan,
        school,
        [
          {
            name: '本校新生三',
            idNumber: id18('41010520050301503'),
            studentType: 'junior_college',
            inSchool: true,
            graduationYear: cls,
          },
          good(3),
        ],
      ],
      'NOT_OWN_STUDENT_OR_STAFF',
      1,
    ],
    [
      "another school's student at a school (INST-1)",
      () => [schoolPlan, school, [{ ...otherSchoolStudent, inSchool: true, studentType: 'junior_college' }]],
      'NOT_OWN_STUDENT_OR_STAFF',
      0,
    ],
    [
      'a person registered in the plan, before a person listed twice',
      () => [schoolPlan, school, [{ ...alreadyIn, inSchool: true, studentType: 'junior_college' }, leaving, leaving]],
      'ALREADY_REGISTERED',
      0,
    ],
  ];
  it.each(refusals)(
    'refused the same way, at the same row, and nothing written: %s',
    async (_name, rowsOf, code, index) => {
      const [planId, institutionId, rows] = rowsOf();
      const r = await compare(planId, institutionId, rows);
      expect(r.outcome).toMatchObject({ refused: { code, index } });
      expect(await writesNothingWhenRefused(planId, institutionId, rows)).toBe(0);
    },
  );

  it('registerCandidate is a batch of one: a single registration answers and writes as the reference does', async () => {
    await compare(socialPlan, social, [{ name: '单人', idNumber: id18('41010219850101701'), yearsInOccupation: 6 }]);
    const one = await rolledBack(async (trx) => {
      const ctx = ctxOf(social);
      const plan = await loadOwnPlan(ctx, trx, socialPlan, 'register');
      return registerCandidate(trx, p.deps, ctx, plan, await planStandard(trx, plan), {
        ...worker,
        yearsInOccupation: 4,
      }).catch((e) => e);
    });
    expect(one).toMatchObject({ name: worker.name, status: 'pending', fee: 200 });
    const refused = await rolledBack(async (trx) => {
      const ctx = ctxOf(social);
      const plan = await loadOwnPlan(ctx, trx, socialPlan, 'register');
      return registerCandidate(trx, p.deps, ctx, plan, await planStandard(trx, plan), alreadyIn).catch((e) => e);
    });
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'ALREADY_REGISTERED' });
  });
});
