/**
 * 职业技能培训 (TRAIN-1…13): the words of the training provider catalogue (培训机构目录清单),
 * classes (开班申请) and trainees, and the pure checks the server enforces and the class form shows
 * as it is filled in. Sources: 许技领办〔2021〕4号 (seed 002) and the Henan and Hubei plans (000, 004).
 */
import {
  APPRENTICES_PER_TEACHER,
  MAX_CLASS_SIZE,
  MIN_CLASS_HOUR_MINUTES,
  MIN_COMPLETION_ONLY_HOURS,
  MIN_PRACTICAL_PERCENT,
  TRAINEES_PER_TEACHER,
  TRAINEES_PER_WORKSTATION,
} from './limits.js';

/** Kinds of body the catalogue lists (目录清单): 职业院校、技工院校、民办职业培训学校、企业培训中心、线上培训平台. */
export const PROVIDER_TYPES = {
  college: '职业院校',
  technician_college: '技工院校',
  private_school: '民办职业培训学校',
  enterprise_centre: '企业培训中心',
  online_platform: '线上培训平台',
} as const;
export type ProviderType = keyof typeof PROVIDER_TYPES;

/** In the catalogue, or taken out of it (退出目录清单, published: 向社会曝光). */
export const CATALOGUE_STATUSES = { listed: '在目录清单内', exited: '已退出目录清单' } as const;
export type CatalogueStatus = keyof typeof CATALOGUE_STATUSES;

/** 年检结果. Subsidised training is open to 民办职业培训学校 whose last year's inspection was qualified (seed 002 二（二）16). */
export const INSPECTION_RESULTS = {
  qualified: '合格',
  basically_qualified: '基本合格',
  unqualified: '不合格',
} as const;
export type InspectionResult = keyof typeof INSPECTION_RESULTS;

/** 培训类型 of a class. */
export const CLASS_TYPES = {
  employment: '就业技能培训',
  upgrading: '岗位技能提升培训',
  entrepreneurship: '创业培训',
  apprenticeship: '企业新型学徒制培训',
} as const;
export type ClassType = keyof typeof CLASS_TYPES;

export const CLASS_MODES = { offline: '线下培训', online: '线上培训（互联网+职业技能培训）' } as const;
export type ClassMode = keyof typeof CLASS_MODES;

/**
 * What a class leads to. A skill-level certificate where the occupation has one (a filed evaluation
 * institution certifies it, TRAIN-9); else the certificate the occupation's training settings name;
 * else only a training-completion certificate (培训合格证书), which needs 40 hours (TRAIN-3).
 */
export const CERTIFICATE_ROUTES = {
  skill_level: '职业技能等级证书',
  qualification: '国家职业资格证书',
  special_operation: '特种作业操作证',
  special_ability: '专项职业能力证书',
  completion: '培训合格证书',
} as const;
export type CertificateRoute = keyof typeof CERTIFICATE_ROUTES;
export const CERTIFICATE_ROUTES_EN: Record<CertificateRoute, string> = {
  skill_level: 'skill-level certificate',
  qualification: 'national vocational qualification certificate',
  special_operation: 'special operation certificate',
  special_ability: 'special vocational ability certificate',
  completion: 'training completion certificate',
};
/** The certificates an occupation's training settings may name when no skill-level certificate exists. */
export const OTHER_CERTIFICATES = ['qualification', 'special_operation', 'special_ability'] as const;
export type OtherCertificate = (typeof OTHER_CERTIFICATES)[number];

/** TRAIN-7: the departments responsible for target groups (责任部门). */
export const RESPONSIBLE_DEPARTMENTS = {
  hrss: '人力资源社会保障部门',
  education: '教育部门',
  veterans: '退役军人事务部门',
  trade_union: '总工会',
  rural_revitalisation: '乡村振兴（扶贫）部门',
  disabled_persons: '残疾人联合会',
  agriculture: '农业农村部门',
  justice: '司法行政部门',
} as const;
export type ResponsibleDepartment = keyof typeof RESPONSIBLE_DEPARTMENTS;

/**
 * TRAIN-7: 培训对象 and the department responsible for each, as the seeds name them: in-school students
 * → education; unemployed graduates and the other social groups → HRSS; veterans → veterans affairs;
 * employees (and job-transfer workers, who are employees) → trade union (004; 000 二（二）; 002 二（一）2、3、
 * 7、8、12: 扶贫办 for poverty-alleviated labour, 残联 for the disabled, 农业农村局 for 高素质农民,
 * 司法局 for people in custody or community correction).
 */
export const TARGET_GROUPS = {
  rural_migrant: { label: '农村转移就业劳动力', department: 'hrss' },
  poverty_alleviated: { label: '已脱贫劳动力', department: 'rural_revitalisation' },
  returning_entrepreneur: { label: '返乡入乡创业人员', department: 'hrss' },
  laid_off: { label: '下岗失业人员', department: 'hrss' },
  job_transfer: { label: '转岗职工', department: 'trade_union' },
  enterprise_employee: { label: '企业职工', department: 'trade_union' },
  veteran: { label: '退役军人', department: 'veterans' },
  unemployed_graduate: { label: '离校未就业高校毕业生', department: 'hrss' },
  disabled: { label: '残疾人', department: 'disabled_persons' },
  in_school_student: { label: '在校学生', department: 'education' },
  school_leaver: { label: '城乡未继续升学初高中毕业生（两后生）', department: 'education' },
  employment_difficulty: { label: '就业困难人员', department: 'hrss' },
  farmer: { label: '高素质农民', department: 'agriculture' },
  correction: { label: '服刑人员、社区矫正对象、强制隔离戒毒人员', department: 'justice' },
  other: { label: '其他劳动者', department: 'hrss' },
} as const satisfies Record<string, { label: string; department: ResponsibleDepartment }>;
export type TargetGroup = keyof typeof TARGET_GROUPS;
export const TARGET_GROUP_KEYS = Object.keys(TARGET_GROUPS) as TargetGroup[];
/** TRAIN-5: the groups that state the occupation of their (old) post. */
export const POST_GROUPS: readonly TargetGroup[] = ['enterprise_employee', 'job_transfer'];

// ---- class plan (TRAIN-2, TRAIN-3)

/** One named check of a class application: what rule, whether it holds, and why in plain words. */
export interface ClassCheck {
  key: string;
  rule: string | null;
  ok: boolean;
  message: string;
  /** the form field the check is about, e.g. `/capacity` */
  field?: string;
}

export interface ClassPlan {
  capacity: number;
  teachers: number;
  workstations: number;
  minutesPerHour: number;
  theoryHours: number;
  practicalHours: number;
}

const ceilDiv = (a: number, b: number) => Math.ceil(a / b);

/** TRAIN-2 on the plan's numbers, and TRAIN-3 when `completionMinHours` is given (the class leads only to a completion certificate). */
export function classPlanChecks(
  p: ClassPlan,
  completionMinHours: number | null,
  lang: 'zh' | 'en' = 'zh',
): ClassCheck[] {
  const L = (zh: string, en: string) => (lang === 'en' ? en : zh);
  const total = p.theoryHours + p.practicalHours;
  const teachersNeeded = ceilDiv(p.capacity, TRAINEES_PER_TEACHER);
  const stationsNeeded = ceilDiv(p.capacity, TRAINEES_PER_WORKSTATION);
  const checks: ClassCheck[] = [
    {
      key: 'class_size',
      rule: 'TRAIN-2',
      field: '/capacity',
      ok: p.capacity <= MAX_CLASS_SIZE,
      message: L(
        `每班不超过 ${MAX_CLASS_SIZE} 人（本班 ${p.capacity} 人）`,
        `At most ${MAX_CLASS_SIZE} trainees a class (this class: ${p.capacity})`,
      ),
    },
    {
      key: 'teachers',
      rule: 'TRAIN-2',
      field: '/teachers',
      ok: p.teachers >= teachersNeeded,
      message: L(
        `师生比不超过 1∶${TRAINEES_PER_TEACHER}：${p.capacity} 人至少 ${teachersNeeded} 名教师（本班 ${p.teachers} 名）`,
        `Teachers to trainees at least 1:${TRAINEES_PER_TEACHER}: ${p.capacity} trainees need ${teachersNeeded} teachers (this class: ${p.teachers})`,
      ),
    },
    {
      key: 'workstations',
      rule: 'TRAIN-2',
      field: '/workstations',
      ok: p.workstations >= stationsNeeded,
      message: L(
        `工位与学员比不超过 1∶${TRAINEES_PER_WORKSTATION}：${p.capacity} 人至少 ${stationsNeeded} 个工位（本班 ${p.workstations} 个）`,
        `Workstations to trainees at least 1:${TRAINEES_PER_WORKSTATION}: ${p.capacity} trainees need ${stationsNeeded} workstations (this class: ${p.workstations})`,
      ),
    },
    {
      key: 'class_hour',
      rule: 'TRAIN-2',
      field: '/minutesPerHour',
      ok: p.minutesPerHour >= MIN_CLASS_HOUR_MINUTES,
      message: L(
        `每课时不少于 ${MIN_CLASS_HOUR_MINUTES} 分钟（本班 ${p.minutesPerHour} 分钟）`,
        `A class hour lasts at least ${MIN_CLASS_HOUR_MINUTES} minutes (this class: ${p.minutesPerHour})`,
      ),
    },
    {
      key: 'practical_share',
      rule: 'TRAIN-2',
      field: '/practicalHours',
      // integer arithmetic: exactly 65% passes
      ok: total > 0 && p.practicalHours * 100 >= MIN_PRACTICAL_PERCENT * total,
      message: L(
        `实操不少于总课时的 ${MIN_PRACTICAL_PERCENT}%（本班实操 ${p.practicalHours} / 共 ${total} 学时${
          total ? `，${Math.floor((p.practicalHours * 1000) / total) / 10}%` : ''
        }）`,
        `Practice at least ${MIN_PRACTICAL_PERCENT}% of all hours (this class: ${p.practicalHours} of ${total} hours practical${
          total ? `, ${Math.floor((p.practicalHours * 1000) / total) / 10}%` : ''
        })`,
      ),
    },
  ];
  if (completionMinHours !== null)
    checks.push({
      key: 'completion_hours',
      rule: 'TRAIN-3',
      field: '/theoryHours',
      ok: total >= completionMinHours,
      message: L(
        `只能取得培训合格证书的培训不少于 ${completionMinHours} 学时${
          completionMinHours === MIN_COMPLETION_ONLY_HOURS ? '' : '（该职业的学时规定）'
        }（本班 ${total} 学时）`,
        `Training that leads only to a completion certificate lasts at least ${completionMinHours} hours${
          completionMinHours === MIN_COMPLETION_ONLY_HOURS ? '' : ' (the occupation’s own rule)'
        } (this class: ${total} hours)`,
      ),
    });
  return checks;
}

/** TRAIN-12: the apprentices one provider may train in one occupation at a time. */
export const apprenticeCap = (fullTimeTeachers: number) => fullTimeTeachers * APPRENTICES_PER_TEACHER;

// ---- trainees (TRAIN-5, TRAIN-6)

/**
 * TRAIN-5's 职业分类: the middle group (中类) of the occupation classification, the first two parts
 * of the code (6-18-01-01 车工 and 6-18-02-04 焊工 are both 6-18 机械制造基础加工人员). "Same or
 * close" is the same middle group; a job transfer leaves it.
 */
export function occupationCategory(code: string): string {
  return code.split('-').slice(0, 2).join('-');
}

/** TRAIN-5 as a pure rule: why the class's occupation does not fit the trainee's post, or null. */
export function postMismatch(
  group: TargetGroup,
  post: { code: string; name: string } | null,
  trained: { code: string; name: string },
): string | null {
  if (!POST_GROUPS.includes(group)) return null;
  const who = group === 'job_transfer' ? '转岗职工' : '企业职工';
  if (!post) return `${who}须填写${group === 'job_transfer' ? '原' : '现'}岗位的职业（工种）`;
  const same = occupationCategory(post.code) === occupationCategory(trained.code);
  if (group === 'enterprise_employee' && !same)
    return `企业职工须参加与本人岗位相同或相近的职业（工种）培训：岗位 ${post.name}（${post.code}）与培训职业 ${trained.name}（${trained.code}）不属同一职业分类`;
  if (group === 'job_transfer' && same)
    return `转岗职工参加培训的职业（工种）与原岗位职业（工种）不得隶属于同一职业分类：原岗位 ${post.name}（${post.code}）与培训职业 ${trained.name}（${trained.code}）同属 ${occupationCategory(trained.code)} 类`;
  return null;
}

/** A major as compared (TRAIN-6): half-width, no spaces, no trailing 专业. */
export function majorKey(major: string): string {
  return major
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\s+/g, '')
    .replace(/专业$/, '');
}

/**
 * TRAIN-6 as a pure rule: a vocational in-school student in a major the class's occupation
 * corresponds to (the majors the class application declares, approved with it) gets no subsidised
 * training in it. Returns why not, or null.
 */
export function ownMajorConflict(
  person: { inSchool: boolean; major: string | null; schoolName: string | null },
  classMajors: readonly string[],
  occupationName: string,
): string | null {
  if (!person.inSchool || !person.major) return null;
  const m = majorKey(person.major);
  if (!classMajors.some((c) => majorKey(c) === m)) return null;
  return `职业院校在校生不得参加在读专业的补贴性技能培训：${person.schoolName ? `${person.schoolName} ` : ''}在读专业“${person.major}”是${occupationName}培训对应的专业`;
}
