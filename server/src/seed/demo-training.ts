/**
 * The demo's subsidised training (TRAIN-1…13): two providers in the catalogue (the demo school, and a
 * private training school registered as it entered), one provider taken out of the catalogue (on the
 * public exit list), an enterprise training centre in 洛阳; approved classes with trainees, an
 * application awaiting 郑州市人社局, a draft, and cross-region filings. Trainees are people found or
 * registered through the people module, like every identity. Deterministic, dated relative to now.
 * The demo school has also run this year's classes that are over (结业): trainees, every class hour
 * with its attendance, and the completion tests, so its training person-times (TGT-1) stand a little
 * above the straight line to 30 November on the day the demo is loaded.
 */
import type { Config } from '../config.js';
import type { Deps } from '../lib/context.js';
import type { Kysely, Transaction } from 'kysely';
import type { DB, TrainingClassTable } from '../database/schema.js';
import { addDays, businessDate } from '../lib/dates.js';
import { residentIdCheckChar } from '../lib/identity.js';
import { findOrCreateIdentity } from '../modules/people/learners.service.js';
import { expectedShare } from '../modules/targets/progress.rules.js';
import { insertApprovedClass, insertDemoTrainee } from './demo-class.js';

export interface DemoTrainingContext {
  now: Date;
  timeZone: string;
  /** the keys personal data is sealed with */
  keys: Pick<Config, 'keyDir' | 'dataKeys' | 'lookupKey'>;
  /** demo institutions by name */
  institutions: Map<string, number>;
  /** demo accounts by username */
  users: Map<string, number>;
}

export async function seedDemoTraining(trx: Transaction<DB>, c: DemoTrainingContext) {
  const nowIso = c.now.toISOString();
  // what identity look-ups need: the clock and the personal-data keys
  const demoDeps = { db: trx, config: c.keys, clock: { now: () => c.now } } as unknown as Deps;
  const today = businessDate(c.now, c.timeZone);
  const day = (n: number) => addDays(today, n);
  const at = (n: number) => new Date(c.now.getTime() + n * 86_400_000).toISOString();
  const year = Number(today.slice(0, 4));
  const occ = new Map(
    (await trx.selectFrom('occupations').select(['id', 'code', 'name']).execute()).map((o) => [o.code, o]),
  );
  const occId = (code: string) => occ.get(code)!.id;
  const user = (name: string) => c.users.get(name) ?? null;

  // people: ID numbers with order codes 7xx (trainees) and 8xx (trainers), apart from the rest of the demo
  let seq = 0;
  const person = async (name: string, region: string, born: string, order: number) => {
    const first17 = `${region}${born.replace(/-/g, '')}${String(order).padStart(3, '0')}`;
    return (
      await findOrCreateIdentity(trx as unknown as Kysely<DB>, demoDeps, {
        name,
        idNumber: first17 + residentIdCheckChar(first17),
      })
    ).id;
  };

  const newInstitution = async (name: string, region: string, contact: string) =>
    (
      await trx
        .insertInto('institutions')
        .values({
          name,
          kind: 'training',
          school_type: null,
          owner: 'local',
          region_code: region,
          credit_code: null,
          contact_name: contact,
          contact_phone: null,
          address: null,
          filing_no: null,
          filed_at: null,
          valid_until: null,
          rectification_deadline: null,
          created_at: at(-500),
          updated_at: at(-500),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;

  const provider = async (
    institutionId: number,
    type: 'college' | 'private_school' | 'enterprise_centre',
    codes: string[],
    listedDaysAgo: number,
    by: string,
  ) => {
    const id = (
      await trx
        .insertInto('training_providers')
        .values({
          institution_id: institutionId,
          provider_type: type,
          status: 'listed',
          listed_on: day(-listedDaysAgo),
          exited_on: null,
          exit_reason: null,
          created_by: user(by),
          created_at: at(-listedDaysAgo),
          updated_at: at(-listedDaysAgo),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    await trx
      .insertInto('training_provider_occupations')
      .values(codes.map((code) => ({ provider_id: id, occupation_id: occId(code), added_on: day(-listedDaysAgo) })))
      .execute();
    await trx
      .insertInto('training_provider_events')
      .values({
        provider_id: id,
        type: 'list',
        detail: null,
        actor_id: user(by),
        actor_name: null,
        at: at(-listedDaysAgo),
      })
      .execute();
    return id;
  };
  const inspection = (providerId: number, y: number, result: 'qualified' | 'unqualified') =>
    trx
      .insertInto('training_inspections')
      .values({
        provider_id: providerId,
        year: y,
        result,
        note: null,
        recorded_by: user('city-admin'),
        recorded_by_name: '张海涛',
        at: `${y + 1}-03-15T02:00:00.000Z`,
      })
      .execute();
  const trainer = async (
    providerId: number,
    name: string,
    region: string,
    born: string,
    title: string,
    codes: string[],
  ) => {
    const id = (
      await trx
        .insertInto('training_trainers')
        .values({
          provider_id: providerId,
          person_id: await person(name, region, born, 800 + seq++),
          name,
          title,
          teacher_certificate: 1,
          status: 'active',
          registered_on: day(-120),
          left_on: null,
          left_reason: null,
          created_by: null,
          created_at: at(-120),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    await trx
      .insertInto('training_trainer_occupations')
      .values(codes.map((code) => ({ trainer_id: id, occupation_id: occId(code) })))
      .execute();
  };

  // the demo school, a provider in its own right (职业院校)
  const school = c.institutions.get('郑州智能制造职业学院')!;
  const schoolProvider = await provider(
    school,
    'college',
    ['6-31-01-03', '6-18-02-04', '6-18-01-01'],
    300,
    'province-admin',
  );
  await trainer(schoolProvider, '宋建华', '410102', '1978-04-12', '高级讲师、电工高级技师', ['6-31-01-03']);
  await trainer(schoolProvider, '曹丽萍', '410102', '1983-09-03', '讲师、电工技师', ['6-31-01-03']);
  await trainer(schoolProvider, '冯国强', '410102', '1980-01-22', '焊工技师', ['6-18-02-04']);

  // a private training school registered as it entered the catalogue (民办职业培训学校)
  const sunshine = await newInstitution('郑州市金水区阳光职业培训学校', '410105', '罗晓梅');
  const sunshineProvider = await provider(
    sunshine,
    'private_school',
    ['4-10-01-05', '4-10-01-06', '4-03-02-01'],
    400,
    'city-admin',
  );
  await inspection(sunshineProvider, year - 2, 'qualified');
  await inspection(sunshineProvider, year - 1, 'qualified');
  await trainer(sunshineProvider, '邓秀英', '410105', '1976-11-30', '养老护理员高级技师', ['4-10-01-05']);
  await trainer(sunshineProvider, '彭桂兰', '410105', '1985-06-18', '家政服务员技师', ['4-10-01-06']);
  await trainer(sunshineProvider, '谢明', '410105', '1982-02-14', '中式烹调师技师', ['4-03-02-01']);

  // taken out of the catalogue and published (退出目录清单，向社会曝光)
  const quick = await newInstitution('郑州市惠济区速成职业培训学校', '410108', '钱某');
  const quickProvider = await provider(quick, 'private_school', ['4-10-01-06'], 420, 'city-admin');
  await inspection(quickProvider, year - 1, 'unqualified');
  const exitReason = '抽查发现虚报培训人数、伪造签到记录，套取职业技能提升行动专账资金；责令退还并退出目录清单';
  await trx
    .updateTable('training_providers')
    .set({ status: 'exited', exited_on: day(-30), exit_reason: exitReason, updated_at: at(-30) })
    .where('id', '=', quickProvider)
    .execute();
  await trx
    .insertInto('training_provider_events')
    .values({
      provider_id: quickProvider,
      type: 'exit',
      detail: exitReason,
      actor_id: user('city-admin'),
      actor_name: '张海涛',
      at: at(-30),
    })
    .execute();

  // an enterprise training centre in 洛阳 (企业培训中心)
  const yituo = c.institutions.get('洛阳一拖装备制造有限公司');
  if (yituo) {
    const centre = await provider(yituo, 'enterprise_centre', ['6-31-01-03', '6-18-02-04'], 200, 'luoyang-admin');
    await trainer(centre, '韩志刚', '410307', '1979-08-08', '焊工高级技师', ['6-18-02-04']);
  }

  // TRAIN-13: the demo school trains in 开封 under an agreed filing; the private school asks 洛阳
  const filing = (providerId: number, region: string, state: 'approved' | 'submitted', by: string | null) =>
    trx
      .insertInto('training_filings')
      .values({
        provider_id: providerId,
        region_code: region,
        valid_from: `${year}-01-01`,
        valid_until: `${year}-12-31`,
        note:
          state === 'approved' ? '为开封合作企业职工开展电工岗位技能提升培训' : '在洛阳开设养老护理员就业技能培训班',
        status: state,
        applied_by: null,
        applied_at: at(-25),
        decided_by: by ? user(by) : null,
        decided_by_name: by ? '王建国' : null,
        decided_at: by ? at(-20) : null,
        decision_reason: null,
      })
      .execute();
  await filing(schoolProvider, '410200', 'approved', 'province-admin');
  await filing(sunshineProvider, '410300', 'submitted', null);

  // classes (开班申请)
  const klass = async (
    providerId: number,
    institutionId: number,
    f: Omit<TrainingClassTable, 'id' | 'provider_id' | 'institution_id' | 'created_at' | 'updated_at' | 'created_by'>,
    steps: [string, number, string | null][],
  ) => {
    const id = (
      await trx
        .insertInto('training_classes')
        .values({
          provider_id: providerId,
          institution_id: institutionId,
          ...f,
          created_by: null,
          created_at: at(-10),
          updated_at: nowIso,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    for (const [step, n, by] of steps)
      await trx
        .insertInto('training_class_events')
        .values({
          class_id: id,
          step,
          reason: null,
          actor_id: by ? user(by) : null,
          actor_name: by === 'city-admin' ? '张海涛' : '陈静',
          at: at(n),
        })
        .execute();
    return id;
  };
  const base = {
    subsidised: 1,
    mode: 'offline' as const,
    minutes_per_hour: 45,
    submitted_at: null,
    decided_by: null,
    decided_by_name: null,
    decided_at: null,
    decision_reason: null,
  };
  const approved = (daysAgo: number) => ({
    status: 'approved' as const,
    submitted_at: at(-daysAgo - 3),
    decided_by: user('city-admin'),
    decided_by_name: '张海涛',
    decided_at: at(-daysAgo),
  });
  const electricians = await klass(
    schoolProvider,
    school,
    {
      ...base,
      ...approved(3),
      title: `${year}年电工（四级）岗位技能提升培训班（第1期）`,
      occupation_id: occId('6-31-01-03'),
      level: 4,
      class_type: 'upgrading',
      theory_hours: 30,
      practical_hours: 60,
      teachers: 2,
      workstations: 2,
      capacity: 40,
      start_date: day(10),
      end_date: day(40),
      region_code: '410102',
      site: '郑州市中原区郑州智能制造职业学院实训楼 3 层电工实训室',
      majors_json: JSON.stringify(['电气自动化技术', '机电一体化技术']),
      certificate_route: 'skill_level',
    },
    [
      ['create', -10, 'school-admin'],
      ['submit', -6, 'school-admin'],
      ['approve', -3, 'city-admin'],
    ],
  );
  const carers = await klass(
    sunshineProvider,
    sunshine,
    {
      ...base,
      ...approved(2),
      title: `${year}年养老护理员（五级）就业技能培训班`,
      occupation_id: occId('4-10-01-05'),
      level: 5,
      class_type: 'employment',
      theory_hours: 20,
      practical_hours: 40,
      teachers: 2,
      workstations: 2,
      capacity: 35,
      start_date: day(5),
      end_date: day(25),
      region_code: '410105',
      site: '郑州市金水区阳光职业培训学校 2 号楼实训室',
      majors_json: '[]',
      certificate_route: 'skill_level',
    },
    [
      ['create', -8, null],
      ['submit', -5, null],
      ['approve', -2, 'city-admin'],
    ],
  );
  await klass(
    sunshineProvider,
    sunshine,
    {
      ...base,
      status: 'submitted',
      submitted_at: at(-1),
      title: `${year}年家政服务员就业技能培训班`,
      occupation_id: occId('4-10-01-06'),
      level: null,
      class_type: 'employment',
      theory_hours: 14,
      practical_hours: 28,
      teachers: 2,
      workstations: 2,
      capacity: 30,
      start_date: day(15),
      end_date: day(30),
      region_code: '410105',
      site: '郑州市金水区阳光职业培训学校 1 号楼家政实训室',
      majors_json: '[]',
      certificate_route: 'completion',
    },
    [
      ['create', -2, null],
      ['submit', -1, null],
    ],
  );
  await klass(
    schoolProvider,
    school,
    {
      ...base,
      status: 'draft',
      title: `${year}年焊工（五级）企业新型学徒制培训班`,
      occupation_id: occId('6-18-02-04'),
      level: 5,
      class_type: 'apprenticeship',
      theory_hours: 24,
      practical_hours: 56,
      minutes_per_hour: 50,
      teachers: 1,
      workstations: 1,
      capacity: 20,
      start_date: day(30),
      end_date: day(120),
      region_code: '410102',
      site: '郑州市中原区郑州智能制造职业学院焊接实训中心',
      majors_json: JSON.stringify(['焊接技术与自动化']),
      certificate_route: 'skill_level',
    },
    [['create', -1, 'school-admin']],
  );

  // trainees (TRAIN-7: each with a target group and its responsible department)
  const trainee = async (
    classId: number,
    name: string,
    region: string,
    born: string,
    group: string,
    department: string,
    post: string | null,
  ) =>
    trx
      .insertInto('training_trainees')
      .values({
        class_id: classId,
        learner_id: await person(name, region, born, 700 + seq++),
        target_group: group,
        responsible_department: department,
        post_occupation_id: post ? occId(post) : null,
        employment_intention: 1,
        situation_json: JSON.stringify({
          inSchool: false,
          schoolId: null,
          schoolName: null,
          major: null,
          studentType: null,
        }),
        source: seq % 2 ? 'import' : 'form',
        status: 'enrolled',
        enrolled_by: null,
        enrolled_at: at(-1),
        withdrawn_at: null,
        withdrawn_reason: null,
        assessed_on: null,
      })
      .execute();
  await trainee(electricians, '鲁志伟', '410102', '1990-03-14', 'enterprise_employee', 'trade_union', '6-31-01-03');
  await trainee(electricians, '耿红梅', '410103', '1992-07-25', 'enterprise_employee', 'trade_union', '6-31-01-03');
  await trainee(electricians, '牛建军', '410104', '1986-12-02', 'job_transfer', 'trade_union', '6-18-01-01');
  await trainee(electricians, '詹小龙', '411522', '1998-05-19', 'rural_migrant', 'hrss', null);
  await trainee(electricians, '柴文静', '410122', '1995-10-08', 'laid_off', 'hrss', null);
  await trainee(electricians, '霍东升', '410105', '1989-01-30', 'veteran', 'veterans', null);
  await trainee(carers, '卢秀芝', '410181', '1975-04-04', 'rural_migrant', 'hrss', null);
  await trainee(carers, '齐凤英', '411302', '1979-09-16', 'poverty_alleviated', 'rural_revitalisation', null);
  await trainee(carers, '常玉兰', '410105', '1983-02-27', 'laid_off', 'hrss', null);
  await trainee(carers, '葛淑芬', '410108', '1990-12-12', 'disabled', 'disabled_persons', null);

  await seedFinishedClasses(trx, {
    schoolProvider,
    school,
    year,
    today,
    day,
    at,
    occId,
    user,
    person: (name, region, born, order) => person(name, region, born, order),
  });
}

/** The demo school's yearly training target (demo.ts sets it: I<school> training 300). */
export const DEMO_SCHOOL_TRAINING_TARGET = 300;
/** trainees per finished class, of whom two do not pass (one misses class hours, one fails the test) */
const FINISHED_CLASS_SIZE = 30;
const HOURS = { theory: 14, practical: 26 }; // 40 class hours: TRAIN-3's least for a 培训合格证书
const FINISHED_OCCUPATIONS = ['6-31-01-10', '6-25-04-09', '4-04-05-04', '4-04-05-02'];
const FAMILY = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶';
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚华玉萍红玲芬燕彬鹏辉建志海欣怡涵浩宇轩雨桐远嘉豪俊晨阳琪东凯';
const TRAINEE_COUNTIES = ['410102', '410103', '410104', '410105', '410108', '410122', '410181', '410182', '410183'];

/**
 * Classes of the demo school that ended this year before today (approved, 40 class hours each, a
 * completion-certificate occupation: TRAIN-9's 培训合格证书 test by 郑州's HRSS), their end dates
 * spread evenly from January to last week: as many as make the passes about 3% more than the
 * straight line to 30 November expects of the school's target today (TGT-2).
 */
async function seedFinishedClasses(
  trx: Transaction<DB>,
  c: {
    schoolProvider: number;
    school: number;
    year: number;
    today: string;
    day: (n: number) => string;
    at: (n: number) => string;
    occId: (code: string) => number;
    user: (name: string) => number | null;
    person: (name: string, region: string, born: string, order: number) => Promise<number>;
  },
) {
  const share = expectedShare(c.year, c.today);
  const passesPerClass = FINISHED_CLASS_SIZE - 2;
  const classes = Math.ceil((DEMO_SCHOOL_TRAINING_TARGET * share * 1.03) / passesPerClass);
  const elapsed = Math.round(
    (Date.parse(`${c.today}T00:00:00Z`) - Date.parse(`${c.year}-01-01T00:00:00Z`)) / 86_400_000,
  );
  let a = 20_260_303; // a small deterministic sequence for names, birth dates and scores
  const next = (n: number) => {
    a = (Math.imul(a, 1_103_515_245) + 12_345) >>> 0;
    return (a >>> 8) % n;
  };
  let order = 0;
  const used = new Set<string>(); // region and birth date: order codes 6xx, one person each
  for (let k = 0; k < classes; k++) {
    // the k-th class ends (and is assessed) k+1 parts into the year so far, at least a week ago
    const endsIn = Math.round(((k + 1) * (elapsed - 7)) / classes) - elapsed;
    if (endsIn > -2) continue;
    const endDate = c.day(endsIn);
    if (endDate < `${c.year}-01-01`) continue;
    const startIn = endsIn - 19;
    const code = FINISHED_OCCUPATIONS[k % FINISHED_OCCUPATIONS.length];
    const dates = { startIn, endsIn, at: c.at, user: c.user };
    const classId = await insertApprovedClass(trx, dates, {
      provider_id: c.schoolProvider,
      institution_id: c.school,
      title: `${c.year}年职业技能培训班（第${k + 1}期）`,
      occupation_id: c.occId(code),
      class_type: k % 3 === 2 ? 'upgrading' : 'employment',
      theory_hours: HOURS.theory,
      practical_hours: HOURS.practical,
      teachers: 2,
      workstations: 2,
      capacity: 40,
      start_date: c.day(startIn),
      end_date: endDate,
      region_code: '410102',
      site: '郑州市中原区郑州智能制造职业学院实训楼 2 层',
      certificate_route: 'completion',
    });
    // two class hours a day over the 20 days, theory first
    const sessions = await trx
      .insertInto('training_sessions')
      .values(
        Array.from({ length: HOURS.theory + HOURS.practical }, (_, h) => ({
          class_id: classId,
          held_on: c.day(startIn + Math.floor(h / 2)),
          starts_at: h % 2 ? '10:30' : '08:30',
          minutes: 45,
          kind: h < HOURS.theory ? ('theory' as const) : ('practical' as const),
          delivery: 'offline' as const,
          topic: null,
          created_by: c.user('school-admin'),
          created_at: c.at(startIn - 10),
        })),
      )
      .returning('id')
      .execute();
    const attendance: DB['training_attendance'][] = [];
    for (let t = 0; t < FINISHED_CLASS_SIZE; t++) {
      const name = FAMILY[next(FAMILY.length)] + GIVEN[next(GIVEN.length)] + (next(3) ? GIVEN[next(GIVEN.length)] : '');
      let region: string, born: string;
      do {
        region = TRAINEE_COUNTIES[next(TRAINEE_COUNTIES.length)];
        born = `${1972 + next(30)}-${String(1 + next(12)).padStart(2, '0')}-${String(1 + next(28)).padStart(2, '0')}`;
      } while (used.has(region + born));
      used.add(region + born);
      const learnerId = await c.person(name, region, born, 600 + (order++ % 100));
      const traineeId = await insertDemoTrainee(trx, dates, {
        classId,
        learnerId,
        targetGroup: ['rural_migrant', 'laid_off', 'enterprise_employee', 'job_transfer'][t % 4],
        responsibleDepartment: t % 4 === 2 ? 'trade_union' : 'hrss',
        assessedOn: endDate,
      });
      // the last trainee missed six class hours (hours short: no certificate); the one before failed the test
      const missed = t === FINISHED_CLASS_SIZE - 1 ? 6 : 0;
      sessions.forEach((s, h) =>
        attendance.push({
          session_id: s.id,
          trainee_id: traineeId,
          status: h < missed ? 'absent' : 'present',
          leave_note: null,
          makeup_on: null,
          recorded_by: c.user('school-admin'),
          recorded_by_name: '陈静',
          at: c.at(startIn + Math.floor(h / 2)),
        } as never),
      );
      const passed = t < FINISHED_CLASS_SIZE - 2;
      const hoursCounted = HOURS.theory + HOURS.practical - missed;
      await trx
        .insertInto('training_completions')
        .values({
          trainee_id: traineeId,
          assessed_on: endDate,
          passed: passed ? 1 : 0,
          theory_score: passed ? 62 + next(36) : 41 + next(18),
          practical_score: passed ? 65 + next(33) : 50 + next(9),
          hours_counted: hoursCounted,
          hours_planned: HOURS.theory + HOURS.practical,
          certificate_no: passed ? `PX${endDate.slice(0, 4)}410102${String(traineeId).padStart(7, '0')}` : null,
          note: null,
          recorded_by: c.user('city-admin'),
          recorded_by_name: '张海涛',
          at: c.at(endsIn),
        })
        .execute();
    }
    for (let i = 0; i < attendance.length; i += 500)
      await trx
        .insertInto('training_attendance')
        .values(attendance.slice(i, i + 500) as never)
        .execute();
  }
}
