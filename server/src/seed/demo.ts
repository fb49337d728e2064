/**
 * The demo data set (演示数据), loaded only in demo mode into an empty database: about forty
 * institutions across Henan in every state of the filing workflow, with staff, evidence, scopes
 * drawn from the reference occupations, management history and credit events; and one account
 * per role. Every demo account's password is DEMO_PASSWORD. Deterministic: the same data every time.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../database/schema.js';
import { businessDate, businessYear } from '../lib/dates.js';
import { MIN_EXPERT_OPINIONS } from '../../../contract/limits.js';
import { hashPassword } from '../lib/password.js';
import { addWorkingDays } from '../lib/workdays.js';
import { appendAudit } from '../modules/audit/audit.queries.js';
import {
  filingCategoryLetter,
  filingRoute,
  formatFilingNumber,
  validUntil,
} from '../modules/institutions/filing.rules.js';
import { nextSiteSerial } from '../modules/institutions/filings.queries.js';
import { departmentLabel } from '../modules/institutions/filing-guards.js';
import { formatCertificateNumber } from '../modules/certificates/certificate-number.js';
import { newVerifyCode } from '../modules/certificates/certificates.service.js';
import { sealCertificate } from '../modules/signing/seal.js';
import { residentIdCheckChar } from '../lib/identity.js';
import { personalData } from '../lib/personal-data.js';
import type { Config } from '../config.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../lib/demo-accounts.js';
import { seedDemoTraining } from './demo-training.js';
import { seedDemoOtherCertificates } from './demo-other-certificates.js';
import { graduatingClassOn } from '../../../contract/school-year.js';
import { seedDemoSubsidies } from './demo-subsidies.js';

export { DEMO_ACCOUNTS, DEMO_PASSWORD };

type State =
  | 'filed'
  | 'expiring'
  | 'rectification'
  | 'suspended'
  | 'revoked'
  | 'draft'
  | 'submitted'
  | 'recommended'
  | 'returned'
  | 'rejected'
  | 'unfiled'
  | 'ready';

/** [name, kind, school type, owner, region code, state, occupation theme] */
const DEMO_INSTITUTIONS: [string, string, string | null, 'province' | 'local', string, State, string][] = [
  ['郑州智能制造职业学院', 'college', 'higher_vocational', 'province', '410102', 'filed', 'manufacturing'],
  ['郑州城市建设职业技术学院', 'college', 'higher_vocational', 'province', '410105', 'filed', 'building'],
  ['郑州市电子信息工程学校', 'college', 'secondary_vocational', 'local', '410103', 'ready', 'it'],
  ['郑州市第一技师学院', 'college', 'technical', 'local', '410104', 'filed', 'manufacturing'],
  ['巩义市职业教育中心', 'college', 'secondary_vocational', 'local', '410181', 'submitted', 'manufacturing'],
  ['中原数字技能培训评价中心', 'training_org', null, 'local', '410105', 'filed', 'it'],
  ['洛阳理工应用技术学院', 'college', 'undergraduate', 'province', '410311', 'filed', 'manufacturing'],
  ['洛阳机电技师学院', 'college', 'technical', 'local', '410305', 'rectification', 'manufacturing'],
  ['洛阳一拖装备制造有限公司', 'enterprise', null, 'local', '410307', 'filed', 'manufacturing'],
  ['开封文化旅游职业学院', 'college', 'higher_vocational', 'province', '410205', 'filed', 'hospitality'],
  ['兰考县职业中等专业学校', 'college', 'secondary_vocational', 'local', '410225', 'returned', 'care'],
  ['新乡医护职业学院', 'college', 'higher_vocational', 'province', '410711', 'expiring', 'care'],
  ['南阳农业职业学院', 'college', 'higher_vocational', 'province', '411303', 'filed', 'agriculture'],
  ['邓州市职业技术学校', 'college', 'secondary_vocational', 'local', '411381', 'recommended', 'care'],
  ['济源示范区职业技术学校', 'college', 'secondary_vocational', 'local', '419001', 'filed', 'manufacturing'],
  ['信阳茶文化职业培训学校', 'social', null, 'local', '411502', 'filed', 'tea'],
  ['周口家政服务职业技能评价中心', 'social', null, 'local', '411602', 'suspended', 'housekeeping'],
  ['安阳钢铁职业技能鉴定站', 'appraisal', null, 'local', '410505', 'filed', 'steel'],
  ['郑州经贸职业学院', 'college', 'higher_vocational', 'province', '410122', 'submitted', 'it'],
  ['郑州市商贸管理学校', 'college', 'secondary_vocational', 'local', '410102', 'draft', 'commerce'],
  ['河南交通技师学院', 'college', 'technical', 'province', '410105', 'filed', 'auto'],
  ['开封市中等职业学校', 'college', 'secondary_vocational', 'local', '410204', 'filed', 'hospitality'],
  ['平顶山工业职业技术学院', 'college', 'higher_vocational', 'province', '410402', 'filed', 'manufacturing'],
  ['汝州市职业技术学校', 'college', 'secondary_vocational', 'local', '410482', 'filed', 'care'],
  ['安阳幼儿师范高等专科学校', 'college', 'higher_vocational', 'province', '410502', 'recommended', 'childcare'],
  ['鹤壁汽车工程职业学院', 'college', 'higher_vocational', 'province', '410611', 'filed', 'auto'],
  ['新乡市职业教育中心', 'college', 'secondary_vocational', 'local', '410702', 'rejected', 'commerce'],
  ['焦作大学', 'college', 'undergraduate', 'province', '410811', 'filed', 'it'],
  ['濮阳石化职业技术学院', 'college', 'higher_vocational', 'province', '410902', 'revoked', 'steel'],
  ['许昌电气职业学院', 'college', 'higher_vocational', 'province', '411002', 'filed', 'manufacturing'],
  ['长垣市烹饪职业技术学校', 'college', 'secondary_vocational', 'local', '410783', 'filed', 'cooking'],
  ['漯河食品职业学院', 'college', 'higher_vocational', 'province', '411102', 'filed', 'cooking'],
  ['三门峡社会管理职业学院', 'college', 'higher_vocational', 'province', '411202', 'expiring', 'care'],
  ['商丘医学高等专科学校', 'college', 'higher_vocational', 'province', '411402', 'filed', 'care'],
  ['永城市职业中专', 'college', 'secondary_vocational', 'local', '411481', 'unfiled', 'manufacturing'],
  ['固始县职业教育中心', 'college', 'secondary_vocational', 'local', '411525', 'filed', 'tea'],
  ['周口职业技术学院', 'college', 'higher_vocational', 'province', '411602', 'filed', 'commerce'],
  ['驻马店农业工程职业学院', 'college', 'higher_vocational', 'province', '411702', 'submitted', 'agriculture'],
  ['新蔡县职业教育中心', 'college', 'secondary_vocational', 'local', '411729', 'unfiled', 'care'],
  ['河南省职业技能鉴定中心直属评价站', 'appraisal', null, 'province', '410105', 'filed', 'steel'],
  ['洛阳一拖技能人才评价中心', 'training_org', null, 'local', '410307', 'filed', 'auto'],
  ['郑州宇通客车股份有限公司', 'enterprise', null, 'local', '410122', 'filed', 'auto'],
];

/** occupation codes per theme, with the levels an institution of that theme typically certifies */
const THEMES: Record<string, { codes: string[]; levels: number[] }> = {
  manufacturing: { codes: ['6-31-01-03', '6-18-02-04', '6-18-01-01', '6-30-99-00'], levels: [5, 4, 3] },
  building: { codes: ['4-04-05-03', '6-31-01-03'], levels: [5, 4, 3] },
  it: { codes: ['4-04-05-01', '4-04-04-02', '4-01-06-01', '4-04-05-05'], levels: [4, 3, 2] },
  hospitality: { codes: ['4-03-02-01', '4-03-02-07', '4-01-02-01'], levels: [5, 4, 3] },
  care: { codes: ['4-10-01-05', '4-14-02-02', '4-10-01-02'], levels: [5, 4, 3] },
  agriculture: { codes: ['5-05-01-02', '4-01-06-02'], levels: [5, 4] },
  tea: { codes: ['4-03-02-07'], levels: [5, 4, 3, 2] },
  housekeeping: { codes: ['4-10-01-06', '4-10-01-02', '4-10-01-05'], levels: [5, 4] },
  steel: { codes: ['6-31-01-03', '6-18-02-04'], levels: [5, 4, 3, 2, 1] },
  commerce: { codes: ['4-01-06-01', '4-01-06-02', '4-13-01-05'], levels: [5, 4, 3] },
  auto: { codes: ['4-12-01-01', '6-31-01-03'], levels: [5, 4, 3, 2] },
  childcare: { codes: ['4-10-01-03', '4-10-01-02'], levels: [5, 4, 3] },
  cooking: { codes: ['4-03-02-01', '4-03-02-02', '4-03-02-03', '4-03-02-04'], levels: [5, 4, 3, 2] },
};

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉玲建国志宏晓东海燕雪梅飞凯佳欣怡浩宇';

/** A tiny deterministic PRNG (mulberry32), so the demo is the same on every machine. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A minimal valid one-page PDF standing in for an uploaded document. */
export function demoPdf(title: string): Buffer {
  const text = title.replace(/[^\x20-\x7e]/g, '?');
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${`BT /F1 18 Tf 72 760 Td (${text}) Tj ET`.length} >>\nstream\nBT /F1 18 Tf 72 760 Td (${text}) Tj ET\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

const DEMO_SCHOOL = '郑州智能制造职业学院';
/** The demo learner; README shows one of the certificates for a newcomer to try (证书编号 DEMO_CERTIFICATE). */
export const DEMO_LEARNER = { name: '刘洋', idFirst17: '41010520050612002' };
export const DEMO_CERTIFICATE = 'Y000041000001254000001';
/** Students on the demo school's roster with a recorded 1+X certificate (CERT-3); the first is 宇通's candidate (CERT-6). */
export const DEMO_STUDENTS = [
  { name: '周子墨', idFirst17: '41018520050915003' },
  { name: '孙悦', idFirst17: '41018520060312004' },
] as const;

export async function seedDemo(
  db: Kysely<DB>,
  /** where the signing keys are, and the keys personal data is sealed with */
  keys: Pick<Config, 'keyDir' | 'dataKeys' | 'lookupKey'>,
  /** business dates (issue dates, publicity, years) are dates in this zone (BUSINESS_TIME_ZONE) */
  timeZone: string,
  nowIso = new Date().toISOString(),
): Promise<{ institutions: number; accounts: number; staff: number; certificates: number } | null> {
  const existing = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (existing) return null;
  const keyDir = keys.keyDir;
  const pd = personalData(keys);
  // a person's number is stored sealed with its keyed look-up hash (lib/personal-data.ts)
  const idColumns = (idNumber: string) => {
    const s = pd.storeIdNumber('learners.id_number', idNumber);
    return { id_number_enc: s.enc, id_number_hash: s.hash };
  };
  const now = new Date(nowIso);
  const hashes = await Promise.all(DEMO_ACCOUNTS.map(() => hashPassword(DEMO_PASSWORD)));
  const rand = rng(20261121);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const personName = () => pick([...SURNAMES]) + pick([...GIVEN]) + (rand() < 0.5 ? pick([...GIVEN]) : '');
  const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
  const dateOf = (instant: Date) => businessDate(instant, timeZone);
  const thisYear = businessYear(now, timeZone);
  let staffCount = 0;
  let certificateCount = 0;

  await db.transaction().execute(async (trx) => {
    const occupations = new Map(
      (await trx.selectFrom('occupations').select(['id', 'code', 'name']).execute()).map((o) => [o.code, o]),
    );
    const regions = new Map(
      (await trx.selectFrom('regions').select(['code', 'path']).execute()).map((r) => [r.code, r.path]),
    );
    // INST-7: a specification is written only for an occupation without a national skill standard.
    // The reference list carries no such mark, so the demo treats one occupation that no demo
    // institution is filed for (老年人能力评估师) as having none, to show the specification workflow.
    await trx.updateTable('occupations').set({ has_national_standard: 0 }).where('code', '=', '4-14-02-05').execute();
    const ids = new Map<string, number>();
    const pdf = demoPdf('skillcert demo evidence');
    const sha = createHash('sha256').update(pdf).digest('hex');
    await trx.insertInto('evidence_blobs').values({ sha256: sha, content: pdf, size: pdf.length }).execute();

    // staff are people (INST-8): each staff record names a person by identity document. Born
    // 1960–1989 with a running sequence, so no number meets a learner's (born 1990 or later).
    let staffPeople = 0;
    const staffPerson = async (name: string, region: string) => {
      const n = staffPeople++;
      const first17 = `${region}${1960 + ((n * 7) % 30)}${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}${String(n % 1000).padStart(3, '0')}`;
      return (
        await trx
          .insertInto('learners')
          .values({
            name,
            id_type: 'resident_id',
            ...idColumns(first17 + residentIdCheckChar(first17)),
            gender: Number(first17[16]) % 2 ? 'male' : 'female',
            birth_date: `${first17.slice(6, 10)}-${first17.slice(10, 12)}-${first17.slice(12, 14)}`,
            phone: null,
            student_type: null,
            school_institution_id: null,
            major: null,
            graduation_year: null,
            in_school: 0,
            photo_sha256: null,
            user_id: null,
            created_at: nowIso,
            updated_at: nowIso,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    };

    // province-wide experts, registered by the province HRSS
    const provinceExperts: number[] = [];
    for (let i = 0; i < 8; i++) {
      const name = personName();
      const r = await trx
        .insertInto('staff')
        .values({
          kind: 'expert',
          institution_id: null,
          region_code: '410000',
          name,
          person_id: await staffPerson(name, '410000'),
          supervisor_type: null,
          card_no: null,
          qualification: pick(['正高级工程师', '高级技师', '教授', '高级讲师']),
          phone: null,
          disqualified_reason: null,
          disqualified_at: null,
          created_at: nowIso,
          updated_at: nowIso,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      provinceExperts.push(r.id);
      staffCount++;
    }

    for (const [idx, [name, kind, schoolType, owner, region, state, theme]] of DEMO_INSTITUTIONS.entries()) {
      const path = regions.get(region)!;
      const t = THEMES[theme];
      const occs = t.codes.map((c) => occupations.get(c)!).filter(Boolean);
      const created = daysAgo(400 + Math.floor(rand() * 400));
      const inst = await trx
        .insertInto('institutions')
        .values({
          name,
          kind,
          school_type: schoolType,
          owner,
          region_code: region,
          credit_code:
            `12410000${String(70000000 + idx * 7919).slice(0, 8)}${'0123456789ABCDEFGHJKLMNPQRTUWXY'[idx % 31]}X`.slice(
              0,
              18,
            ),
          contact_name: personName(),
          contact_phone: `0371-6${String(1000000 + Math.floor(rand() * 8999999)).slice(0, 7)}`,
          address: `${name}教务处`,
          filing_no: null,
          filed_at: null,
          valid_until: null,
          rectification_deadline: null,
          created_at: created.toISOString(),
          updated_at: created.toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.set(name, inst.id);
      if (state === 'unfiled') continue;

      // staff: three or four examiners per occupation, a quality supervisor, an expert
      for (const o of occs) {
        const n = 3 + Math.floor(rand() * 2);
        for (let k = 0; k < n; k++) {
          const staffName = personName();
          const s = await trx
            .insertInto('staff')
            .values({
              kind: k === 0 ? 'senior_examiner' : 'examiner',
              institution_id: inst.id,
              region_code: region,
              name: staffName,
              person_id: await staffPerson(staffName, region),
              supervisor_type: null,
              card_no: null,
              qualification: `${o.name}${k === 0 ? '高级考评员' : '考评员'}`,
              phone: null,
              disqualified_reason: null,
              disqualified_at: null,
              created_at: nowIso,
              updated_at: nowIso,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          await trx.insertInto('staff_occupations').values({ staff_id: s.id, occupation_id: o.id }).execute();
          staffCount++;
        }
      }
      const external = rand() < 0.5;
      const supervisorName = personName();
      await trx
        .insertInto('staff')
        .values({
          kind: 'quality_supervisor',
          institution_id: inst.id,
          region_code: region,
          name: supervisorName,
          person_id: await staffPerson(supervisorName, region),
          supervisor_type: external ? 'external' : 'internal',
          card_no: external ? `R41${String(100000 + idx).padStart(6, '0')}` : null,
          qualification: '质量督导员',
          phone: null,
          disqualified_reason: null,
          disqualified_at: null,
          created_at: nowIso,
          updated_at: nowIso,
        })
        .execute();
      const expertName = personName();
      await trx
        .insertInto('staff')
        .values({
          kind: 'expert',
          institution_id: inst.id,
          region_code: region,
          name: expertName,
          person_id: await staffPerson(expertName, region),
          supervisor_type: null,
          card_no: null,
          qualification: '行业专家',
          phone: null,
          disqualified_reason: null,
          disqualified_at: null,
          created_at: nowIso,
          updated_at: nowIso,
        })
        .execute();
      staffCount += 2;

      // evidence for every prerequisite (a returned application lacks its funding proof)
      for (const item of ['unit', 'rules', 'sites', 'funding', 'supervision']) {
        if (state === 'returned' && item === 'funding') continue;
        await trx
          .insertInto('prerequisite_evidence')
          .values({
            institution_id: inst.id,
            item,
            occupation_id: null,
            description: null,
            file_name: `${item}.pdf`,
            mime: 'application/pdf',
            size: pdf.length,
            sha256: sha,
            uploaded_by: 0,
            uploaded_at: created.toISOString(),
            removed_at: null,
          })
          .execute();
      }
      for (const o of occs) {
        await trx
          .insertInto('prerequisite_evidence')
          .values({
            institution_id: inst.id,
            item: 'question_bank',
            occupation_id: o.id,
            description: `${o.name}题库`,
            file_name: `${o.code}-题库.pdf`,
            mime: 'application/pdf',
            size: pdf.length,
            sha256: sha,
            uploaded_by: 0,
            uploaded_at: created.toISOString(),
            removed_at: null,
          })
          .execute();
      }
      if (state === 'ready') continue;

      // the application and its timeline
      const route = filingRoute({ kind, school_type: schoolType, owner, regionPath: path });
      const scopes = occs.flatMap((o) => t.levels.map((level) => ({ occupation_id: o.id, level, spec_id: null })));
      const filedStates = ['filed', 'expiring', 'rectification', 'suspended', 'revoked'];
      // the demo school's dates are fixed so that README's sample certificate number never changes
      const filedAt =
        name === DEMO_SCHOOL
          ? new Date('2024-09-02T02:00:00Z')
          : state === 'expiring'
            ? daysAgo(3 * 365 - 40)
            : daysAgo(30 + Math.floor(rand() * 700));
      const submittedAt = new Date(filedAt.getTime() - 20 * 86_400_000);
      // an institution is registered before it applies: move a later random registration date back
      const registeredBy = new Date(submittedAt.getTime() - 30 * 86_400_000);
      if (created > registeredBy)
        await trx
          .updateTable('institutions')
          .set({ created_at: registeredBy.toISOString(), updated_at: registeredBy.toISOString() })
          .where('id', '=', inst.id)
          .execute();
      const status = filedStates.includes(state) ? 'filed' : state;
      const stage =
        status === 'filed' || status === 'rejected'
          ? 'done'
          : status === 'recommended' || !route.reviewDepartment
            ? 'hrss'
            : 'education';
      const app = await trx
        .insertInto('filing_applications')
        .values({
          institution_id: inst.id,
          kind: 'initial',
          status: status as never,
          stage,
          review_department: route.reviewDepartment,
          review_region_code: route.reviewRegionCode,
          filing_department: route.filingDepartment,
          filing_region_code: route.filingRegionCode,
          note: null,
          created_by: 0,
          submitted_by: state === 'draft' ? null : 0,
          submitted_at: state === 'draft' ? null : submittedAt.toISOString(),
          decided_at: status === 'filed' || status === 'rejected' ? filedAt.toISOString() : null,
          created_at: new Date(submittedAt.getTime() - 5 * 86_400_000).toISOString(),
          updated_at: (status === 'filed' ? filedAt : submittedAt).toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('filing_application_scopes')
        .values(scopes.map((s) => ({ ...s, application_id: app.id })))
        .execute();
      const reviewDept = await departmentLabel(trx, route.reviewDepartment, route.reviewRegionCode);
      const fileDept = (await departmentLabel(trx, route.filingDepartment, route.filingRegionCode))!;
      const steps: { action: string; department: string; reason: string | null; at: Date; detail?: unknown }[] = [
        { action: 'create', department: name, reason: null, at: new Date(submittedAt.getTime() - 5 * 86_400_000) },
      ];
      if (state !== 'draft') steps.push({ action: 'submit', department: name, reason: null, at: submittedAt });
      const reviewDone =
        ['recommended', ...filedStates].includes(state) || (state === 'returned' && !route.reviewDepartment);
      if (route.reviewDepartment && (reviewDone || state === 'returned' || state === 'rejected')) {
        // INST-2: the expert review has at least MIN_EXPERT_OPINIONS opinions, all agreeing
        for (let k = 0; k < MIN_EXPERT_OPINIONS; k++) {
          const ex = await trx
            .selectFrom('staff')
            .select(['id', 'name'])
            .where('id', '=', provinceExperts[(idx + k) % 8])
            .executeTakeFirstOrThrow();
          steps.push({
            action: 'expert_opinion',
            department: reviewDept!,
            reason: '场地设备与师资满足要求',
            at: new Date(submittedAt.getTime() + (5 + k) * 86_400_000),
            detail: { expertId: ex.id, expertName: ex.name, opinion: 'agree' },
          });
        }
      }
      if (route.reviewDepartment && reviewDone)
        steps.push({
          action: 'recommend',
          department: reviewDept!,
          reason: '初审通过',
          at: new Date(submittedAt.getTime() + 8 * 86_400_000),
        });
      if (state === 'returned')
        steps.push({
          action: 'return',
          department: reviewDept ?? fileDept,
          reason: '缺少经费保障证明材料，请补充后重新提交',
          at: new Date(submittedAt.getTime() + 9 * 86_400_000),
        });
      if (state === 'rejected')
        steps.push({
          action: 'reject',
          department: reviewDept ?? fileDept,
          reason: '考核场地与申报职业不符，不具备评价条件',
          at: new Date(submittedAt.getTime() + 9 * 86_400_000),
        });
      if (filedStates.includes(state)) steps.push({ action: 'file', department: fileDept, reason: null, at: filedAt });
      for (const s of steps) {
        const role =
          ['expert_opinion', 'recommend'].includes(s.action) || (s.action !== 'file' && s.department === reviewDept)
            ? route.reviewDepartment
            : ['create', 'submit'].includes(s.action)
              ? 'institution_admin'
              : route.filingDepartment;
        await trx
          .insertInto('filing_steps')
          .values({
            application_id: app.id,
            action: s.action,
            actor_id: null,
            actor_name: s.department,
            actor_role: role,
            department: s.department,
            reason: s.reason,
            detail_json: s.detail ? JSON.stringify(s.detail) : null,
            at: s.at.toISOString(),
          })
          .execute();
      }
      if (!filedStates.includes(state)) continue;

      const serial = await nextSiteSerial(trx, '41');
      const filingNo = formatFilingNumber(filingCategoryLetter(kind), '41', serial);
      const instStatus = state === 'expiring' ? 'filed' : state;
      const deadline = state === 'rectification' ? dateOf(new Date(now.getTime() + 30 * 86_400_000)) : null;
      await trx
        .updateTable('institutions')
        .set({
          filing_no: filingNo,
          filed_at: filedAt.toISOString(),
          valid_until: validUntil(filedAt, timeZone),
          status: instStatus as never,
          rectification_deadline: deadline,
        })
        .where('id', '=', inst.id)
        .execute();
      await trx
        .insertInto('institution_scopes')
        .values(
          scopes.map((s) => ({
            ...s,
            institution_id: inst.id,
            application_id: app.id,
            granted_at: filedAt.toISOString(),
          })),
        )
        .execute();
      const ev = (
        type: string,
        reason: string | null,
        at: Date,
        before: string | null,
        after: string | null,
        dl: string | null = null,
      ) =>
        trx
          .insertInto('institution_events')
          .values({
            institution_id: inst.id,
            type,
            reason,
            deadline: dl,
            status_before: before,
            status_after: after,
            actor_id: null,
            actor_name: '河南省人社厅',
            at: at.toISOString(),
          })
          .execute();
      await ev('filed', `备案号 ${filingNo}`, filedAt, 'unfiled', 'filed');
      if (state === 'rectification') {
        await ev('violation', '考场视频监控缺失两场次', daysAgo(12), null, null);
        await ev(
          'rectification_ordered',
          '补齐视频监控并提交整改报告',
          daysAgo(10),
          'filed',
          'rectification',
          deadline,
        );
      }
      if (state === 'suspended') {
        await ev('complaint_upheld', '考生投诉实操考核未按标准评分，经查属实', daysAgo(40), null, null);
        await ev(
          'rectification_ordered',
          '重新组织评分并整改考务流程',
          daysAgo(38),
          'filed',
          'rectification',
          dateOf(daysAgo(8)),
        );
        await ev('suspend', '逾期未完成整改，暂停评价活动', daysAgo(6), 'rectification', 'suspended');
      }
      if (state === 'revoked') {
        await ev('violation', '为未参加考核人员出具成绩，成绩造假', daysAgo(90), null, null);
        await ev('revoke', '成绩造假，取消备案（INST-5）', daysAgo(80), 'filed', 'revoked');
      }
      if (state === 'filed' && rand() < 0.25)
        await ev('late_report', '月度评价数据逾期报送', daysAgo(Math.floor(rand() * 300)), null, null);
    }

    const userIds = new Map<string, number>();
    for (const [i, a] of DEMO_ACCOUNTS.entries()) {
      const u = await trx
        .insertInto('users')
        .values({
          username: a.username,
          display_name: a.displayName,
          password_hash: hashes[i],
          role: a.role,
          region_code: a.region ?? null,
          institution_id: a.institution ? ids.get(a.institution)! : null,
          status: 'active',
          must_change_password: 0,
          is_demo: 1,
          created_at: nowIso,
          updated_at: nowIso,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      userIds.set(a.username, u.id);
    }

    // learners and the certificates filed institutions have issued (CERT-7): deterministic numbers
    const serials = new Map<string, number>();
    const kinds = new Map(
      (await trx.selectFrom('institutions').select(['id', 'kind']).execute()).map((k) => [k.id, k.kind]),
    );
    const pathwayFor = (kind: string | undefined) =>
      kind === 'college'
        ? pick(['exam', 'exam', 'exam', 'process', 'process', 'recognition', 'competition'])
        : kind === 'enterprise'
          ? pick(['exam', 'enterprise'])
          : 'exam';
    const issue = async (
      instIdNum: number,
      learnerId: number,
      occId: number,
      level: number,
      issuedOn: string,
      status: 'valid' | 'revoked' = 'valid',
    ) => {
      const inst = await trx
        .selectFrom('institutions')
        .select(['name', 'filing_no'])
        .where('id', '=', instIdNum)
        .executeTakeFirstOrThrow();
      const occ = await trx
        .selectFrom('occupations')
        .select(['code', 'name'])
        .where('id', '=', occId)
        .executeTakeFirstOrThrow();
      const learner = await trx
        .selectFrom('learners')
        .select(['name', 'id_type', 'id_number_enc', 'in_school'])
        .where('id', '=', learnerId)
        .executeTakeFirstOrThrow();
      const year = Number(issuedOn.slice(0, 4));
      const key = `${inst.filing_no}|${year % 100}|${level}`;
      const serial = (serials.get(key) ?? 0) + 1;
      serials.set(key, serial);
      const number = formatCertificateNumber(inst.filing_no!, year, level, serial);
      const holderIdNumber = pd.openIdNumber('learners.id_number', learner.id_number_enc);
      const holderId = pd.storeIdNumber('certificates.holder_id_number', holderIdNumber);
      const { seal, kid } = await sealCertificate(trx, keyDir, {
        number,
        holder_name: learner.name,
        holder_id_type: learner.id_type,
        holder_id_number: holderIdNumber,
        occupation_code: occ.code,
        level,
        filing_no: inst.filing_no!,
        institution_name: inst.name,
        issued_on: issuedOn,
      });
      const c = await trx
        .insertInto('certificates')
        .values({
          number,
          kind: 'skill',
          institution_id: instIdNum,
          learner_id: learnerId,
          occupation_id: occId,
          work_type: null,
          level,
          pathway: pathwayFor(kinds.get(instIdNum)) as never,
          issued_on: issuedOn,
          status,
          verify_code: newVerifyCode(),
          fee: 0,
          source_type: 'demo',
          source_id: null,
          holder_name: learner.name,
          holder_id_type: learner.id_type,
          holder_id_number_enc: holderId.enc,
          holder_id_number_hash: holderId.hash,
          institution_name: inst.name,
          filing_no: inst.filing_no!,
          occupation_code: occ.code,
          occupation_name: occ.name,
          issued_by: 0,
          created_at: `${issuedOn}T08:00:00.000Z`,
          seal,
          seal_kid: kid,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('certificate_events')
        .values({
          certificate_id: c.id,
          type: 'issued',
          reason: null,
          evidence_sha256: null,
          status_before: null,
          status_after: 'valid',
          actor_id: null,
          actor_name: inst.name,
          at: `${issuedOn}T08:00:00.000Z`,
        })
        .execute();
      if (status === 'revoked') {
        await trx
          .insertInto('certificate_events')
          .values({
            certificate_id: c.id,
            type: 'revoked',
            reason: '经查实操考核成绩造假，撤销证书（CERT-12）',
            evidence_sha256: null,
            status_before: 'valid',
            status_after: 'revoked',
            actor_id: null,
            actor_name: '河南省人社厅',
            at: nowIso,
          })
          .execute();
      }
      certificateCount++;
      return number;
    };
    const newLearner = async (
      name: string,
      first17: string,
      f: {
        school?: number;
        studentType?: string | null;
        inSchool?: boolean;
        graduationYear?: number | null;
        userId?: number | null;
      },
    ) =>
      (
        await trx
          .insertInto('learners')
          .values({
            name,
            id_type: 'resident_id',
            ...idColumns(first17 + residentIdCheckChar(first17)),
            gender: Number(first17[16]) % 2 ? 'male' : 'female',
            birth_date: `${first17.slice(6, 10)}-${first17.slice(10, 12)}-${first17.slice(12, 14)}`,
            phone: null,
            student_type: f.studentType ?? null,
            school_institution_id: f.school ?? null,
            major: null,
            graduation_year: f.graduationYear ?? null,
            in_school: f.inSchool ? 1 : 0,
            photo_sha256: null,
            user_id: f.userId ?? null,
            created_at: nowIso,
            updated_at: nowIso,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;

    const demoSchool = ids.get(DEMO_SCHOOL)!;
    const liuyang = await newLearner(DEMO_LEARNER.name, DEMO_LEARNER.idFirst17, {
      school: demoSchool,
      studentType: 'junior_college',
      inSchool: true,
      graduationYear: thisYear + 1,
      userId: userIds.get('learner'),
    });
    const occByCode = (code: string) => occupations.get(code)!.id;
    await issue(demoSchool, liuyang, occByCode('6-31-01-03'), 4, '2025-06-28');
    await issue(demoSchool, liuyang, occByCode('6-18-02-04'), 5, '2025-12-20');

    const usedIds = new Set<string>([DEMO_LEARNER.idFirst17]);
    const filedInstitutions = await trx
      .selectFrom('institutions')
      .select(['id', 'region_code', 'filed_at', 'kind'])
      .where('filing_no', 'is not', null)
      .orderBy('id')
      .execute();
    for (const inst of filedInstitutions) {
      const scopes = await trx
        .selectFrom('institution_scopes')
        .select(['occupation_id', 'level'])
        .where('institution_id', '=', inst.id)
        .execute();
      const count = 50 + Math.floor(rand() * 60);
      const filed = Date.parse(inst.filed_at!);
      for (let k = 0; k < count; k++) {
        // INST-1: a 院校类 institution certifies its own students only (born 2002–2006, of its classes
        // 2023–2027); the other kinds certify working adults too (born 1990–2006)
        const college = inst.kind === 'college';
        const draw = rand();
        const birthYear = college ? 2002 + Math.floor(draw * 5) : 1990 + Math.floor(draw * 17);
        let first17: string;
        do
          first17 = `${inst.region_code}${birthYear}${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}${String(Math.floor(rand() * 1000)).padStart(3, '0')}`;
        while (usedIds.has(first17));
        usedIds.add(first17);
        const student = college;
        const learner = await newLearner(personName(), first17, {
          school: student ? inst.id : undefined,
          studentType: student ? 'junior_college' : null,
          inSchool: student && birthYear >= 2005,
          graduationYear: student ? birthYear + 21 : null,
        });
        const s = pick(scopes);
        const issuedAt = new Date(filed + Math.floor(rand() * Math.max(1, now.getTime() - filed)));
        await issue(inst.id, learner, s.occupation_id, s.level, dateOf(issuedAt), rand() < 0.02 ? 'revoked' : 'valid');
      }
    }
    // evaluation plans of the demo school in flight: one taking scores, one in its publicity period
    const elec = occByCode('6-31-01-03');
    const weld = occByCode('6-18-02-04');
    // with the occupations the registry qualifies them for: a session's examiners hold its occupation (INST-3)
    const schoolStaff = await trx
      .selectFrom('staff as s')
      .innerJoin('staff_occupations as so', 'so.staff_id', 's.id')
      .select(['s.id', 's.kind', 'so.occupation_id'])
      .where('s.institution_id', '=', demoSchool)
      .orderBy('s.id')
      .execute();
    const demoRegion = (
      await trx.selectFrom('institutions').select('region_code').where('id', '=', demoSchool).executeTakeFirstOrThrow()
    ).region_code;
    const EXTRA_EXAMINERS = ['程立军', '马慧敏', '范志刚', '葛晓燕'];
    const schoolAdmin = userIds.get('school-admin')!;
    // the school's quality supervisor confirms what the administrator entered (two people, CERT-11)
    const reviewer = (
      await trx
        .insertInto('users')
        .values({
          username: 'school-reviewer',
          display_name: '韩雪',
          password_hash: hashes[0],
          role: 'quality_supervisor',
          region_code: null,
          institution_id: demoSchool,
          status: 'active',
          must_change_password: 0,
          is_demo: 1,
          created_at: nowIso,
          updated_at: nowIso,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const plan = async (
      occupationId: number,
      level: number,
      title: string,
      status: 'published' | 'results_published',
      n: number,
    ) => {
      const pl = await trx
        .insertInto('evaluation_plans')
        .values({
          institution_id: demoSchool,
          occupation_id: occupationId,
          level,
          year: thisYear,
          title,
          fee: 0,
          status,
          notice: '面向本校毕业年度学生，报名免费（CERT-10）。',
          published_at: daysAgo(30).toISOString(),
          results_published_at: status === 'results_published' ? daysAgo(2).toISOString() : null,
          // 5 working days after the publication date (the official calendar), as the platform computes it
          publicity_until: status === 'results_published' ? addWorkingDays(dateOf(daysAgo(2)), 5).date : null,
          finalized_at: null,
          created_by: schoolAdmin,
          created_at: daysAgo(40).toISOString(),
          updated_at: nowIso,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const regs: number[] = [];
      for (let k = 0; k < n; k++) {
        const first17 = `410183${2004 + (k % 3)}${String(1 + (k % 12)).padStart(2, '0')}${String(1 + (k % 28)).padStart(2, '0')}${String(
          k + pl.id * 100,
        )
          .padStart(3, '0')
          .slice(-3)}`;
        const l = await newLearner(personName(), first17, {
          school: demoSchool,
          studentType: 'junior_college',
          inSchool: true,
          graduationYear: thisYear + 1,
        });
        const r = await trx
          .insertInto('registrations')
          .values({
            plan_id: pl.id,
            learner_id: l,
            status: 'eligible',
            eligibility_json: JSON.stringify({
              eligible: true,
              route: '技工院校、中职或以上相关专业毕业生（含毕业年度在校生）',
              checks: [],
            }),
            years_in_occupation: 0,
            working_in_occupation: 1,
            title: null,
            title_since: null,
            outstanding_graduate: 0,
            decision: 'auto',
            decision_reason: '符合：相关专业毕业年度在校生',
            decided_by: null,
            decided_at: daysAgo(25).toISOString(),
            fee: 0,
            result: null,
            certificate_id: null,
            created_at: daysAgo(25).toISOString(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        regs.push(r.id);
      }
      const session = await trx
        .insertInto('exam_sessions')
        .values({
          plan_id: pl.id,
          part: 'practical',
          starts_at: `${dateOf(daysAgo(status === 'published' ? -7 : 10))}T09:00`,
          site: '郑州智能制造职业学院 实训楼',
          created_at: nowIso,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const room = await trx
        .insertInto('session_rooms')
        .values({ session_id: session.id, room: '电工实训室 A' })
        .returning('id')
        .executeTakeFirstOrThrow();
      // examiners qualified in the plan's occupation (INST-3), as many as the standard's 1:5 asks
      // (odd): the school's own, topped up with fixed names (no draw, the random sequence stays)
      const examiners = schoolStaff
        .filter((x) => x.occupation_id === occupationId && (x.kind === 'examiner' || x.kind === 'senior_examiner'))
        .map((x) => x.id);
      const need = Math.max(3, Math.ceil(n / 5)) | 1;
      for (const name of EXTRA_EXAMINERS.slice(0, Math.max(0, need - examiners.length))) {
        const st = await trx
          .insertInto('staff')
          .values({
            kind: 'examiner',
            institution_id: demoSchool,
            region_code: demoRegion,
            name,
            person_id: await staffPerson(name, demoRegion),
            supervisor_type: null,
            card_no: null,
            qualification: '考评员',
            phone: null,
            disqualified_reason: null,
            disqualified_at: null,
            created_at: nowIso,
            updated_at: nowIso,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx.insertInto('staff_occupations').values({ staff_id: st.id, occupation_id: occupationId }).execute();
        EXTRA_EXAMINERS.splice(EXTRA_EXAMINERS.indexOf(name), 1);
        examiners.push(st.id);
        staffCount++;
      }
      for (const st of examiners.slice(0, need))
        await trx.insertInto('session_staff').values({ room_id: room.id, staff_id: st, duty: 'examiner' }).execute();
      for (const [seat, reg] of regs.entries())
        await trx
          .insertInto('session_candidates')
          .values({
            room_id: room.id,
            registration_id: reg,
            seat: seat + 1,
            ticket_no: `${thisYear}${String(pl.id).padStart(5, '0')}P${String(session.id).padStart(4, '0')}${String(seat + 1).padStart(3, '0')}`,
          })
          .execute();
      if (status === 'results_published') {
        for (const reg of regs) {
          for (const part of ['theory', 'practical'] as const) {
            const e = await trx
              .insertInto('score_entries')
              .values({
                registration_id: reg,
                part,
                version: 1,
                score_x10: 450 + Math.floor(rand() * 500),
                reason: null,
                entered_by: schoolAdmin,
                entered_at: daysAgo(5).toISOString(),
              })
              .returning('id')
              .executeTakeFirstOrThrow();
            await trx
              .insertInto('score_confirmations')
              .values({ entry_id: e.id, confirmed_by: reviewer, confirmed_at: daysAgo(4).toISOString() })
              .execute();
          }
        }
      }
    };
    await plan(elec, 4, `${thisYear}年第二期 电工 四级/中级工 认定`, 'published', 24);
    await plan(weld, 5, `${thisYear}年第一期 焊工 五级/初级工 认定`, 'results_published', 18);

    // 企校合作 (CERT-6): 宇通 and the demo school in an accepted agreement, recorded with 宇通's filing
    // authority; 一拖 awaiting the school's answer; 宇通's proposal to another school awaiting its own
    const partnership = async (
      enterprise: string,
      school: string,
      agreement: string,
      proposed: Date,
      accepted: Date | null,
      by: string,
    ) => {
      const e = ids.get(enterprise)!;
      const ent = await trx
        .selectFrom('institutions')
        .select(['kind', 'school_type', 'owner', 'region_code'])
        .where('id', '=', e)
        .executeTakeFirstOrThrow();
      const route = filingRoute({ ...ent, regionPath: regions.get(ent.region_code)! });
      await trx
        .insertInto('partnerships')
        .values({
          enterprise_id: e,
          school_id: ids.get(school)!,
          agreement,
          valid_from: `${thisYear - 1}-09-01`,
          valid_until: `${thisYear + 2}-08-31`,
          status: accepted ? 'accepted' : 'proposed',
          proposed_by: userIds.get(by) ?? 0,
          proposed_at: proposed.toISOString(),
          decided_by: accepted ? schoolAdmin : null,
          decided_at: accepted?.toISOString() ?? null,
          decision_reason: accepted ? '同意合作，学生名册以学校为准' : null,
          recorded_department: accepted ? route.filingDepartment : null,
          recorded_region_code: accepted ? route.filingRegionCode : null,
          ended_by: null,
          ended_at: null,
          end_reason: null,
        })
        .execute();
    };
    await partnership(
      '郑州宇通客车股份有限公司',
      DEMO_SCHOOL,
      '宇通—智能制造学院 企校合作职业技能等级认定协议（YT-2025-017）',
      daysAgo(60),
      daysAgo(55),
      'enterprise-admin',
    );
    await partnership(
      '洛阳一拖装备制造有限公司',
      DEMO_SCHOOL,
      '一拖—智能制造学院 电工、焊工企校合作评价协议',
      daysAgo(3),
      null,
      '', // 一拖 has no demo account: its proposal waits for the school
    );
    await partnership(
      '郑州宇通客车股份有限公司',
      '河南交通技师学院',
      '宇通—交通技师学院 汽车维修工企校合作评价协议',
      daysAgo(5),
      null,
      'enterprise-admin',
    );
    // two students on the demo school's roster, with 1+X certificates recorded with their scans (CERT-3)
    // and ready for recognition; the first is also the one 宇通 may evaluate under its agreement (CERT-6)
    const graduating = graduatingClassOn(dateOf(now));
    const zhou = await newLearner(DEMO_STUDENTS[0].name, DEMO_STUDENTS[0].idFirst17, {
      school: demoSchool,
      studentType: 'junior_college',
      inSchool: true,
      graduationYear: graduating,
    });
    const sun = await newLearner(DEMO_STUDENTS[1].name, DEMO_STUDENTS[1].idFirst17, {
      school: demoSchool,
      studentType: 'junior_college',
      inSchool: true,
      graduationYear: graduating + 1,
    });
    const xByName = async (name: string) =>
      trx
        .selectFrom('one_plus_x_certificates')
        .select(['id', 'organisation'])
        .where('name', '=', name)
        .executeTakeFirstOrThrow();
    for (const [learner, cert, level, number, issued] of [
      [sun, '特殊焊接技术', 'intermediate', 'HX2025410000318', 120],
      [zhou, '工业机器人应用编程', 'junior', 'HX2025410000512', 90],
    ] as const) {
      const x = await xByName(cert);
      await trx
        .insertInto('one_plus_x_holdings')
        .values({
          learner_id: learner,
          certificate_id: x.id,
          level,
          number,
          issued_on: dateOf(daysAgo(issued)),
          imported_by_institution: demoSchool,
          created_at: daysAgo(10).toISOString(),
          organisation: x.organisation,
          evidence_sha256: sha,
          evidence_file_name: `${number}.pdf`,
          evidence_mime: 'application/pdf',
          evidence_size: pdf.length,
          recorded_by: schoolAdmin,
          recognised_at: null,
        })
        .execute();
    }

    for (const [key, last] of serials) {
      const [filing_no, year, level] = key.split('|');
      await trx
        .insertInto('certificate_serials')
        .values({ filing_no, year: Number(year), level: Number(level), last_serial: last })
        .execute();
    }
    // CERT-5 competitions: award rules approved before the contest by the HRSS that filed the organiser
    const competition = (
      institutionId: number,
      f: { name: string; tier: 'city_first' | 'school'; contest: Date; participants: number; rules: object[] },
      state:
        | { status: 'proposed' }
        | { status: 'submitted'; submitted: Date }
        | { status: 'approved'; submitted: Date; decided: Date; by: string; byName: string; reason: string },
    ) =>
      trx
        .insertInto('competitions')
        .values({
          institution_id: institutionId,
          name: f.name,
          tier: f.tier,
          year: businessYear(f.contest, timeZone),
          contest_date: dateOf(f.contest),
          occupation_id: elec,
          rules_json: JSON.stringify(f.rules),
          participants: f.participants,
          status: state.status,
          submitted_at: state.status === 'proposed' ? null : state.submitted.toISOString(),
          decided_by: state.status === 'approved' ? userIds.get(state.by)! : null,
          decided_by_name: state.status === 'approved' ? state.byName : null,
          decided_at: state.status === 'approved' ? state.decided.toISOString() : null,
          decision_reason: state.status === 'approved' ? state.reason : null,
          created_by: institutionId === demoSchool ? schoolAdmin : 0,
          created_at: daysAgo(40).toISOString(),
          updated_at: nowIso,
        })
        .execute();
    const inDays = (d: number) => new Date(now.getTime() + d * 86_400_000);
    // the demo school (filed by the province HRSS): a city first-class contest approved and held, a draft
    await competition(
      demoSchool,
      {
        name: `${thisYear}年郑州市职业技能大赛电工赛项`,
        tier: 'city_first',
        contest: daysAgo(10),
        participants: 120,
        rules: [{ maxRank: 10, level: 3 }],
      },
      {
        status: 'approved',
        submitted: daysAgo(30),
        decided: daysAgo(25),
        by: 'province-admin',
        byName: '王建国',
        reason: '规则在市级一类竞赛取证上限（前 10 名 → 三级）之内',
      },
    );
    await competition(
      demoSchool,
      {
        name: `${thisYear}年校级电工技能竞赛`,
        tier: 'school',
        contest: inDays(30),
        participants: 80,
        rules: [{ topPercent: 30, level: 4 }],
      },
      { status: 'proposed' },
    );
    // 郑州市第一技师学院 (filed by 郑州市人社局): a school contest awaiting the city's approval
    await competition(
      ids.get('郑州市第一技师学院')!,
      {
        name: `${thisYear}年郑州市第一技师学院电工技能竞赛`,
        tier: 'school',
        contest: inDays(14),
        participants: 60,
        rules: [
          { maxRank: 5, level: 4 },
          { topPercent: 20, level: 5 },
        ],
      },
      { status: 'submitted', submitted: daysAgo(2) },
    );
    // subsidy claims in several states, and 郑州's special account for the year (SUB-1 … SUB-4)
    const person = (username: string, name: string, role: string) => ({ id: userIds.get(username)!, name, role });
    await seedDemoSubsidies(trx, {
      keyDir,
      nowIso,
      dayAgo: (n) => dateOf(daysAgo(n)),
      thisYear,
      institutions: ids,
      users: {
        school: person('school-admin', '陈静', 'institution_admin'),
        technician: { id: 0, name: '郑州市第一技师学院', role: 'institution_admin' },
        city: person('city-admin', '张海涛', 'city_hrss'),
        finance: person('city-finance', '刘芳', 'city_finance'),
      },
    });
    // subsidised training (TRAIN-1…13): providers, classes and trainees
    await seedDemoTraining(trx, { now, timeZone, keys, institutions: ids, users: userIds });
    // TGT-1: the year's targets. The province's are Henan's published yearly figures (seed 000: by
    // the end of 2022, 1.1 M training person-times, 0.8 M certified of whom 0.31 M at 三级 or above,
    // 350 filed institutions) and 焦作's its own (seed 001: 10,000 training, 9,000 certified, 11
    // institutions); the other units' shares are demo distributions weighted by their counties,
    // 98% handed down so the page shows a shortfall, 洛阳 handing 103% to its counties (an excess)
    const putTarget = (unit: string, metric: string, value: number) =>
      trx
        .insertInto('targets')
        .values({ year: thisYear, unit, metric, value, set_by: null, set_by_name: '演示数据', set_at: nowIso })
        .execute();
    const PROVINCE = { training: 1_100_000, certified: 800_000, high_skill: 310_000, institutions: 350 };
    for (const [m, v] of Object.entries(PROVINCE)) await putTarget('R410000', m, v);
    await putTarget('R410000', 'coverage', 100);
    const JIAOZUO = { code: '410800', training: 10_000, certified: 9_000, high_skill: 2_700, institutions: 11 };
    const allRegions = await trx.selectFrom('regions').select(['code', 'parent_code', 'level']).execute();
    const kids = (code: string) => allRegions.filter((r) => r.parent_code === code);
    const children = kids('410000');
    const weight = (code: string) => Math.max(1, kids(code).length);
    const rest = children.filter((c) => c.code !== JIAOZUO.code);
    const restWeight = rest.reduce((a, c) => a + weight(c.code), 0);
    for (const [m, total] of Object.entries(PROVINCE)) {
      const pool = total * 0.98 - JIAOZUO[m as keyof typeof PROVINCE];
      for (const c of rest) await putTarget(`R${c.code}`, m, Math.round((pool * weight(c.code)) / restWeight));
      await putTarget(`R${JIAOZUO.code}`, m, JIAOZUO[m as keyof typeof PROVINCE]);
    }
    // 郑州 hands its task to its counties evenly; 洛阳 hands down 3% more than it was given
    for (const [city, share] of [
      ['410100', 1],
      ['410300', 1.03],
    ] as const) {
      const given = await trx
        .selectFrom('targets')
        .select(['metric', 'value'])
        .where('year', '=', thisYear)
        .where('unit', '=', `R${city}`)
        .execute();
      const counties = kids(city);
      for (const t of given)
        for (const c of counties)
          await putTarget(`R${c.code}`, t.metric, Math.round((t.value * share) / counties.length));
    }
    await putTarget(`I${demoSchool}`, 'training', 300);
    await putTarget(`I${demoSchool}`, 'certified', 60);
    await putTarget(`I${demoSchool}`, 'high_skill', 15);
    await putTarget(`I${demoSchool}`, 'one_plus_x', 10);
    await putTarget(`I${demoSchool}`, 'coverage', 95);
    // CERT-9: the demo school's graduating class of this year as it imported it: its students on record
    // graduating this year and six more who never registered for anything (coverage's denominator)
    const classOf = await trx
      .selectFrom('learners')
      .select(['id', 'major'])
      .where('school_institution_id', '=', demoSchool)
      .where('graduation_year', '=', thisYear)
      .execute();
    for (let k = 0, seq = 500; k < 6; k++) {
      let first17: string;
      do first17 = `410102${2004 + (k % 2)}0${1 + k}15${String(seq++).padStart(3, '0')}`;
      while (usedIds.has(first17));
      usedIds.add(first17);
      classOf.push({
        id: await newLearner(personName(), first17, {
          school: demoSchool,
          studentType: 'junior_college',
          inSchool: true,
          graduationYear: thisYear,
        }),
        major: '机电一体化技术',
      });
    }
    for (const l of classOf)
      await trx
        .insertInto('graduating_classes')
        .values({
          school_institution_id: demoSchool,
          graduation_year: thisYear,
          learner_id: l.id,
          major: l.major ?? '机电一体化技术',
          imported_by: schoolAdmin,
          imported_at: daysAgo(20).toISOString(),
        })
        .execute();
    // certificates of other kinds (TRAIN-9, CERT-9): a paid training claim on 专项职业能力证书, graduates' records
    await seedDemoOtherCertificates(trx, {
      now,
      timeZone,
      keys,
      institutions: ids,
      users: userIds,
      graduating: classOf.map((l) => l.id),
    });
    await appendAudit(trx, {
      at: nowIso,
      actor_id: null,
      actor_name: 'system',
      actor_role: null,
      actor_scope: '全平台',
      ip: null,
      action: 'system.seed_demo',
      object_type: null,
      object_id: null,
      outcome: 'success',
      request_id: null,
      before_json: null,
      after_json: JSON.stringify({
        institutions: DEMO_INSTITUTIONS.length,
        accounts: DEMO_ACCOUNTS.length,
        staff: staffCount,
        certificates: certificateCount,
      }),
      detail: null,
    });
  });
  return {
    institutions: DEMO_INSTITUTIONS.length,
    accounts: DEMO_ACCOUNTS.length,
    staff: staffCount,
    certificates: certificateCount,
  };
}
