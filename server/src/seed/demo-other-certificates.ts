/**
 * The demo's certificates of other kinds (国家职业资格证书, 专项职业能力证书, 特种作业操作证), as the HRSS
 * department holding the record enters them (certificates/other-certificates.service.ts), and what
 * they count for:
 * - TRAIN-9: the demo school's 美甲 class (美容师, whose training the province set to lead to a
 *   专项职业能力证书: no skill-level certificate is filed for it), held, recorded and attended in full;
 *   five of its six trainees obtained the certificate afterwards, and the school's training claim for
 *   them is paid at the province's special-ability standard (the sixth, without one, is not claimed);
 * - CERT-9: two of the demo school's graduating students hold a 专项职业能力证书, a third a
 *   特种作业操作证 (which coverage does not count);
 * - one 国家职业资格证书 of older date, and one certificate 洛阳 recorded (not 郑州's to see).
 * Deterministic, dated relative to now.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Config } from '../config.js';
import type { DB } from '../database/schema.js';
import type { Deps } from '../lib/context.js';
import { addDays, businessDate } from '../lib/dates.js';
import { fieldCipher } from '../lib/field-crypto.js';
import { residentIdCheckChar } from '../lib/identity.js';
import type { CalendarOverrides } from '../lib/workdays.js';
import { findOrCreateIdentity } from '../modules/people/learners.service.js';
import { insertApprovedClass, insertDemoTrainee } from './demo-class.js';
import { maskBankAccount } from '../modules/subsidies/claim-lines.js';
import { insertDraftClaim, insertStep, updateClaim } from '../modules/subsidies/claims.queries.js';
import { fundRegionOf, judge } from '../modules/subsidies/claims.service.js';
import { publicityEnd } from '../modules/subsidies/deadlines.js';
import { draftLine, insertLines } from '../modules/subsidies/lines.queries.js';
import { insertPayment } from '../modules/subsidies/money.queries.js';

const ZHENGZHOU = '410100';
const CLASS = { theory: 6, practical: 14 }; // 20 class hours over five days
const TRAINEES: [string, string, string][] = [
  // name, county, birth date (order codes 4xx: apart from the rest of the demo)
  ['李梦瑶', '410102', '1996-04-12'],
  ['王思琪', '410103', '1998-09-03'],
  ['赵雅楠', '410105', '1993-01-27'],
  ['孙晓燕', '410122', '1990-06-15'],
  ['周佳怡', '410181', '2000-11-08'],
  ['吴静雯', '410104', '1995-03-21'],
];

export async function seedDemoOtherCertificates(
  trx: Transaction<DB>,
  c: {
    now: Date;
    timeZone: string;
    keys: Pick<Config, 'keyDir' | 'dataKeys' | 'lookupKey'>;
    institutions: ReadonlyMap<string, number>;
    users: ReadonlyMap<string, number>;
    /** the demo school's graduating class this year (CERT-9's denominator) */
    graduating: readonly number[];
  },
) {
  const demoDeps = { db: trx, config: c.keys, clock: { now: () => c.now } } as unknown as Deps;
  const today = businessDate(c.now, c.timeZone);
  const day = (n: number) => addDays(today, n);
  const at = (n: number) => new Date(c.now.getTime() + n * 86_400_000).toISOString();
  const user = (name: string) => c.users.get(name) ?? null;
  const occ = new Map(
    (await trx.selectFrom('occupations').select(['id', 'code']).execute()).map((o) => [o.code, o.id]),
  );
  const school = c.institutions.get('郑州智能制造职业学院')!;
  const provider = await trx
    .selectFrom('training_providers')
    .select('id')
    .where('institution_id', '=', school)
    .executeTakeFirst();
  const person = async (name: string, region: string, born: string, order: number) => {
    const first17 = `${region}${born.replace(/-/g, '')}${String(order).padStart(3, '0')}`;
    return (
      await findOrCreateIdentity(trx as unknown as Kysely<DB>, demoDeps, {
        name,
        idNumber: first17 + residentIdCheckChar(first17),
      })
    ).id;
  };
  const record = (
    kind: 'qualification' | 'special_ability' | 'special_operation',
    learnerId: number,
    code: string,
    o: { item?: string; level?: number; number: string; issuedOn: string; body: string; region?: string; by?: string },
  ) =>
    trx
      .insertInto('other_certificates')
      .values({
        kind,
        learner_id: learnerId,
        occupation_id: occ.get(code)!,
        item: o.item ?? null,
        level: o.level ?? null,
        number: o.number,
        issued_on: o.issuedOn,
        issuing_body: o.body,
        region_code: o.region ?? ZHENGZHOU,
        status: 'valid',
        revoked_on: null,
        revoke_reason: null,
        recorded_by: user(o.by ?? 'city-admin'),
        recorded_by_name: o.by === 'luoyang-admin' ? '洛阳市人社局' : '张海涛',
        created_at: `${o.issuedOn}T03:00:00.000Z`,
        updated_at: `${o.issuedOn}T03:00:00.000Z`,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
      .then((r) => r.id);

  // CERT-9: graduating students of the demo school with no certificate of their own yet
  const certified = new Set(
    (
      await trx
        .selectFrom('certificates')
        .select('learner_id')
        .where('learner_id', 'in', c.graduating.length ? [...c.graduating] : [0])
        .execute()
    ).map((r) => r.learner_id),
  );
  const students = c.graduating.filter((id) => !certified.has(id)).slice(0, 3);
  const examSite = '郑州市专项职业能力考核站（电工电子）';
  if (students[0])
    await record('special_ability', students[0], '6-31-01-03', {
      item: '低压电气控制线路安装',
      number: `ZX${today.slice(0, 4)}41010200118`,
      issuedOn: day(-75),
      body: examSite,
    });
  if (students[1])
    await record('special_ability', students[1], '4-01-06-01', {
      item: '网店运营推广',
      number: `ZX${today.slice(0, 4)}41010200131`,
      issuedOn: day(-52),
      body: '郑州市专项职业能力考核站（电子商务）',
    });
  if (students[2])
    await record('special_operation', students[2], '6-31-01-03', {
      item: '低压电工作业',
      number: `T4101022004${String(students[2]).padStart(6, '0')}`,
      issuedOn: day(-40),
      body: '河南省应急管理厅',
    });
  // an older 国家职业资格证书 (electricians were a qualification before the 2020s' skill levels)
  await record('qualification', await person('马建军', '410104', '1979-08-19', 401), '6-31-01-03', {
    level: 4,
    number: '1741010004400217',
    issuedOn: '2017-11-20',
    body: '河南省职业技能鉴定指导中心',
  });
  // 洛阳's record: in 洛阳's region, not 郑州's to see
  await record('special_operation', await person('高永刚', '410305', '1984-02-09', 402), '6-18-02-04', {
    item: '熔化焊接与热切割作业',
    number: `T410305198402094020`,
    issuedOn: day(-120),
    body: '洛阳市应急管理局',
    region: '410300',
    by: 'luoyang-admin',
  });

  // TRAIN-9: 美容师 training leads to a 专项职业能力证书 (the province's setting)
  const beauty = occ.get('4-10-03-01');
  if (!provider || !beauty) return;
  await trx
    .insertInto('training_occupation_settings')
    .values({
      occupation_id: beauty,
      min_hours: null,
      other_certificate: 'special_ability',
      offline_practical_hours: null,
      updated_by: user('province-admin'),
      updated_by_name: '省人社厅',
      updated_at: at(-120),
    })
    .execute();
  await trx
    .insertInto('training_provider_occupations')
    .values({ provider_id: provider.id, occupation_id: beauty, added_on: day(-110) })
    .execute();
  const start = -70;
  const end = start + 4;
  const dates = { startIn: start, endsIn: end, at, user };
  const classId = await insertApprovedClass(trx, dates, {
    provider_id: provider.id,
    institution_id: school,
    title: '美甲专项职业能力培训班',
    occupation_id: beauty,
    class_type: 'employment',
    theory_hours: CLASS.theory,
    practical_hours: CLASS.practical,
    teachers: 1,
    workstations: 8,
    capacity: 20,
    start_date: day(start),
    end_date: day(end),
    region_code: '410105',
    site: '郑州市金水区花园路 66 号技能培训中心 3 层',
    certificate_route: 'special_ability',
  });
  // four class hours a day, theory first; every hour recorded in full (TRAIN-4)
  const slots = ['08:30', '09:30', '14:00', '15:00'];
  const sessions = await trx
    .insertInto('training_sessions')
    .values(
      Array.from({ length: CLASS.theory + CLASS.practical }, (_, h) => ({
        class_id: classId,
        held_on: day(start + Math.floor(h / 4)),
        starts_at: slots[h % 4],
        minutes: 45,
        kind: h < CLASS.theory ? ('theory' as const) : ('practical' as const),
        delivery: 'offline' as const,
        topic: null,
        created_by: user('school-admin'),
        created_at: at(start - 10),
      })),
    )
    .returning(['id', 'held_on', 'starts_at'])
    .execute();
  await trx
    .insertInto('training_recordings')
    .values(
      sessions.map((s, h) => ({
        session_id: s.id,
        file_name: `美甲班-${s.held_on}-${h + 1}.mp4`,
        starts_at: s.starts_at,
        duration_minutes: 45,
        segments_json: JSON.stringify([{ startsAt: s.starts_at, minutes: 45 }]),
        recorded_by: user('school-admin'),
        recorded_by_name: '陈静',
        at: `${s.held_on}T10:00:00.000Z`,
      })),
    )
    .execute();
  const candidates = [];
  for (const [k, [name, county, born]] of TRAINEES.entries()) {
    const learnerId = await person(name, county, born, 410 + k);
    const traineeId = await insertDemoTrainee(trx, dates, {
      classId,
      learnerId,
      targetGroup: ['rural_migrant', 'laid_off', 'unemployed_graduate'][k % 3],
      responsibleDepartment: 'hrss',
      assessedOn: null,
    });
    await trx
      .insertInto('training_attendance')
      .values(
        sessions.map((s) => ({
          session_id: s.id,
          trainee_id: traineeId,
          status: 'present' as const,
          leave_note: null,
          makeup_on: null,
          recorded_by: user('school-admin'),
          recorded_by_name: '陈静',
          at: `${s.held_on}T10:00:00.000Z`,
        })),
      )
      .execute();
    // the sixth did not pass the special-ability assessment: no certificate, nothing claimed
    if (k === TRAINEES.length - 1) continue;
    const issuedOn = day(end + 12);
    const otherId = await record('special_ability', learnerId, '4-10-03-01', {
      item: '美甲',
      number: `ZX${issuedOn.slice(0, 4)}41010501${String(k + 1).padStart(3, '0')}`,
      issuedOn,
      body: '郑州市专项职业能力考核站（美容美发）',
    });
    candidates.push({
      lineKind: 'training' as const,
      learnerId,
      occupationId: beauty,
      level: 0,
      sourceType: 'training' as const,
      trainingClassId: classId,
      traineeId,
      otherCertificateId: otherId,
      rateKind: 'special_ability' as const,
      basisDate: issuedOn,
    });
  }

  // the school's training claim for them, paid (SUB-1 … SUB-3) from 郑州's special account
  const eligible = (await judge(trx, 'training', candidates)).filter((l) => !l.reason);
  if (!eligible.length) return;
  const overrides: CalendarOverrides = new Map();
  const cipher = fieldCipher(c.keys.keyDir);
  const account = '6222020200112345678';
  const dateAt = (d: string) => `${d}T02:00:00.000Z`;
  const submitted = day(end + 16);
  const id = await insertDraftClaim(
    trx,
    {
      institution_id: school,
      kind: 'training',
      title: '培训补贴申领（美甲专项职业能力培训班）',
      fund_region_code: fundRegionOf(`/410000/${ZHENGZHOU}/410105/`),
      review_region_code: '410105',
      line_count: eligible.length,
      amount_fen: eligible.reduce((s, l) => s + l.amountFen, 0),
      created_by: user('school-admin')!,
    },
    dateAt(submitted),
  );
  await insertLines(
    trx,
    eligible.map((l) => draftLine(id, l, 'paid')),
  );
  const steps: [string, string | null, string, string, string, string?][] = [];
  const accepted = day(end + 19);
  const approved = day(end + 24);
  const until = publicityEnd(approved, overrides).date;
  const financed = addDays(until, 3);
  const paidOn = addDays(until, 5);
  steps.push(['create', null, 'draft', submitted, 'school-admin']);
  steps.push(['submit', 'draft', 'submitted', submitted, 'school-admin']);
  steps.push(['accept', 'submitted', 'accepted', accepted, 'city-admin']);
  steps.push(['approve', 'accepted', 'publicity', approved, 'city-admin', `公示 ${approved} 至 ${until}`]);
  steps.push(['finance_approve', 'publicity', 'finance_approved', financed, 'city-finance']);
  steps.push(['pay', 'finance_approved', 'paid', paidOn, 'city-finance']);
  const who: Record<string, [string, string]> = {
    'school-admin': ['陈静', 'institution_admin'],
    'city-admin': ['张海涛', 'city_hrss'],
    'city-finance': ['刘芳', 'city_finance'],
  };
  for (const [s, from, to, on, by, detail] of steps)
    await insertStep(trx, {
      claim_id: id,
      step: s,
      from_status: from,
      to_status: to,
      actor_id: user(by),
      actor_name: who[by][0],
      actor_role: who[by][1],
      reason: null,
      detail: detail ?? null,
      on_date: on,
      at: dateAt(on),
    });
  const total = eligible.reduce((s, l) => s + l.amountFen, 0);
  await insertPayment(trx, {
    claim_id: id,
    amount_fen: total,
    paid_on: paidOn,
    voucher_no: `ZZCZ-${paidOn.replaceAll('-', '')}-PX01`,
    payee_name: '郑州智能制造职业学院',
    bank_name: '中国工商银行郑州金水支行',
    bank_account: cipher.seal(account, 'subsidy_payments.bank_account'),
    bank_account_masked: maskBankAccount(account),
    fund_source: 'special_account',
    fund_region_code: ZHENGZHOU,
    fund_year: Number(financed.slice(0, 4)),
    paid_by: user('city-finance')!,
    paid_by_name: '刘芳',
    created_at: dateAt(paidOn),
  });
  await updateClaim(trx, id, 'draft', {
    status: 'paid',
    payee_name: '郑州智能制造职业学院',
    payee_bank: '中国工商银行郑州金水支行',
    payee_account: cipher.seal(account, 'subsidy_claims.payee_account'),
    payee_account_masked: maskBankAccount(account),
    submitted_on: submitted,
    submitted_at: dateAt(submitted),
    publicity_from: approved,
    publicity_until: until,
    fund_source: 'special_account',
    fund_year: Number(financed.slice(0, 4)),
    updated_at: dateAt(paidOn),
  });
}
