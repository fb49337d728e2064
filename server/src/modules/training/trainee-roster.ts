/**
 * The trainee roster (学员名单) of a class as rows of cell text, by the exam roster's conventions
 * (assessment/roster.ts): a template with its columns and an example row, the header found among
 * the first rows, common header names understood, full-width characters read as half-width, and
 * every problem named by row and column so that nothing is imported until the whole file is clean.
 * Pure: occupations are resolved through the function the caller passes.
 */
import type { FieldError } from '../../../../contract/errors.js';
import type { TraineeBody } from '../../../../contract/api-training.js';
import type { StudentType } from '../../../../contract/api-assessment.js';
import { MAJOR_MAX_LENGTH, PHONE_PATTERN } from '../../../../contract/limits.js';
import { TARGET_GROUPS, type TargetGroup } from '../../../../contract/training.js';
import { AppError } from '../../lib/errors.js';
import { checkResidentId, residentIdCheckChar } from '../../lib/identity.js';
import { halfWidth, personCells } from '../../lib/workbook.js';

export const TRAINEE_COLUMNS = [
  { key: 'name', header: '姓名', note: '必填' },
  {
    key: 'idType',
    header: '证件类型',
    note: '居民身份证 / 护照 / 港澳居民来往内地通行证 / 台湾居民来往大陆通行证，默认居民身份证',
  },
  { key: 'idNumber', header: '证件号码', note: '必填；身份证 18 位，按文本填写' },
  { key: 'phone', header: '手机号', note: '' },
  {
    key: 'targetGroup',
    header: '培训对象类别',
    note: `必填（TRAIN-7）：${Object.values(TARGET_GROUPS)
      .map((g) => g.label)
      .join(' / ')}`,
  },
  {
    key: 'post',
    header: '岗位职业（工种）',
    note: '企业职工填现岗位、转岗职工填原岗位的职业编码或名称（TRAIN-5），如 6-18-01-01 或 车工',
  },
  {
    key: 'employmentIntention',
    header: '有就业意愿',
    note: '必填：是 / 否（补贴性培训不得培训无就业能力、无就业意愿的人员）',
  },
  { key: 'inSchool', header: '是否在校', note: '是 / 否（职业院校在校生，TRAIN-6）' },
  { key: 'studentType', header: '学生类型', note: '本科 / 专科 / 中职 / 技工，非学生留空' },
  { key: 'major', header: '所学专业', note: '在校生填写在读专业（TRAIN-6）' },
  { key: 'graduationYear', header: '毕业年份', note: '如 2027' },
] as const;
export type TraineeColumn = (typeof TRAINEE_COLUMNS)[number]['key'];
const REQUIRED: readonly TraineeColumn[] = ['name', 'idNumber'];

const SYNONYMS: Record<TraineeColumn, readonly string[]> = {
  name: ['姓名', '学员姓名'],
  idType: ['证件类型', '证件种类'],
  idNumber: ['证件号码', '身份证号码', '身份证号', '身份证', '证件号', '公民身份号码'],
  phone: ['手机号', '手机号码', '手机', '联系电话', '电话'],
  targetGroup: ['培训对象类别', '培训对象', '人员类别', '人员类型', '就业重点群体'],
  post: ['岗位职业（工种）', '岗位职业(工种)', '岗位职业', '岗位工种', '原岗位职业', '现岗位职业'],
  employmentIntention: ['有就业意愿', '就业意愿', '是否有就业意愿'],
  inSchool: ['是否在校', '是否在校生', '在校生'],
  studentType: ['学生类型', '学生类别'],
  major: ['所学专业', '专业', '在读专业', '专业名称'],
  graduationYear: ['毕业年份', '毕业年度'],
};

/** A header cell as compared: no spaces, no 「*」, no trailing note in brackets (「证件号码（必填）*」 → 证件号码). */
const headerKey = (text: string) =>
  halfWidth(text)
    .replace(/\s+/g, '')
    .replace(/^\*+|\*+$/g, '')
    .replace(/\((必填|选填)[^()]*\)$/, '')
    .replace(/\*+$/, '');
const COLUMN_OF = new Map(
  Object.entries(SYNONYMS).flatMap(([k, names]) => names.map((n) => [headerKey(n), k as TraineeColumn] as const)),
);
export const HEADER_SCAN_ROWS = 10;

function columnsOf(header: readonly (string | null | undefined)[]) {
  const out = new Map<TraineeColumn, number>();
  header.forEach((h, i) => {
    const k = COLUMN_OF.get(headerKey(h ?? ''));
    if (k && !out.has(k)) out.set(k, i + 1);
  });
  return out;
}
/** The index of the header row among the top rows (the first naming every required column), or -1. */
export function findHeaderRow(rows: readonly (readonly (string | null | undefined)[])[]): number {
  return rows.slice(0, HEADER_SCAN_ROWS).findIndex((cells) => {
    const cols = columnsOf(cells);
    return REQUIRED.every((k) => cols.has(k));
  });
}

/** The template's example row: a fictitious person (order code 000), skipped with a note when left in the file. */
export const TRAINEE_EXAMPLE: Record<TraineeColumn, string> = {
  name: '李四',
  idType: '居民身份证',
  idNumber: '41010519900615000' + residentIdCheckChar('41010519900615000'),
  phone: '13900000000',
  targetGroup: '农村转移就业劳动力',
  post: '',
  employmentIntention: '是',
  inSchool: '否',
  studentType: '',
  major: '',
  graduationYear: '',
};

const STUDENT_TYPES: Record<string, StudentType> = {
  本科: 'undergraduate',
  专科: 'junior_college',
  高职: 'junior_college',
  中职: 'secondary_vocational',
  技工: 'technical',
};
/** Target groups by their label, and the short names rosters use. */
const GROUPS = new Map<string, TargetGroup>([
  ...(Object.entries(TARGET_GROUPS).map(([k, g]) => [g.label, k as TargetGroup]) as [string, TargetGroup][]),
  ['农民工', 'rural_migrant'],
  ['农村劳动力', 'rural_migrant'],
  ['脱贫劳动力', 'poverty_alleviated'],
  ['返乡创业人员', 'returning_entrepreneur'],
  ['失业人员', 'laid_off'],
  ['下岗职工', 'laid_off'],
  ['转岗人员', 'job_transfer'],
  ['在职职工', 'enterprise_employee'],
  ['职工', 'enterprise_employee'],
  ['高校毕业生', 'unemployed_graduate'],
  ['未就业高校毕业生', 'unemployed_graduate'],
  ['在校生', 'in_school_student'],
  ['两后生', 'school_leaver'],
  ['社区矫正对象', 'correction'],
  ['其他', 'other'],
]);

export type OccupationLookup = (codeOrName: string) => { id: number } | null;
export interface ParsedTrainee {
  rowNo: number;
  input: TraineeBody;
}
/** A data row read: its trainee (none for the template's example row, skipped with a note), its problems and notes. */
export interface ParsedTraineeRow {
  trainee: ParsedTrainee | null;
  errors: FieldError[];
  notes: FieldError[];
}

const letter = (n: number) => String.fromCharCode(64 + n);

/**
 * The parser of a trainee roster's data rows under `header`; a missing required column refuses
 * the file at once. Rows are read one at a time (`row`, null for a blank row); the parser
 * remembers only the ID numbers it has seen, to name a repeated one.
 */
export function traineeParser(
  header: readonly (string | null | undefined)[],
  today: Date,
  occupation: OccupationLookup,
) {
  const colOf = columnsOf(header);
  const missing = TRAINEE_COLUMNS.filter((c) => REQUIRED.includes(c.key) && !colOf.has(c.key));
  if (missing.length)
    throw new AppError(
      'IMPORT_INVALID',
      `缺少必需的列：${missing.map((c) => c.header).join('、')}（请使用下载的模板）`,
    );
  const headerOf = (k: TraineeColumn) =>
    colOf.has(k) ? (header[colOf.get(k)! - 1] ?? '').trim() : TRAINEE_COLUMNS.find((c) => c.key === k)!.header;
  const seen = new Map<string, number>();
  function row(rowNo: number, cells: readonly (string | null | undefined)[]): ParsedTraineeRow | null {
    const get = (k: TraineeColumn) => (colOf.has(k) ? halfWidth(cells[colOf.get(k)! - 1] ?? '') : '');
    if (TRAINEE_COLUMNS.every((c) => !get(c.key))) return null;
    const out: ParsedTraineeRow = { trainee: null, errors: [], notes: [] };
    const where = (k: TraineeColumn) =>
      `第 ${rowNo} 行 ${colOf.has(k) ? `${letter(colOf.get(k)!)} 列` : ''}（${headerOf(k)}）`;
    const err = (k: TraineeColumn, message: string) => out.errors.push({ field: where(k), message });
    const idNumber = get('idNumber').replace(/\s+/g, '').toUpperCase();
    if (idNumber === TRAINEE_EXAMPLE.idNumber) {
      out.notes.push({ field: `第 ${rowNo} 行`, message: `模板中的示例行（${TRAINEE_EXAMPLE.name}），已跳过，未导入` });
      return out;
    }
    const { name, idType } = personCells(get, err);
    if (!idNumber) err('idNumber', '证件号码不能为空');
    else if (idType === 'resident_id') {
      const chk = checkResidentId(idNumber, today);
      if (!chk.ok) err('idNumber', chk.reason!);
    }
    if (idNumber && seen.has(idNumber)) err('idNumber', `与第 ${seen.get(idNumber)} 行重复`);
    else if (idNumber) seen.set(idNumber, rowNo);
    const phone = get('phone').replace(/[\s()]/g, '');
    if (phone && !new RegExp(PHONE_PATTERN).test(phone)) err('phone', '手机号应为 7–20 位数字');
    const groupText = get('targetGroup');
    const targetGroup = GROUPS.get(groupText);
    if (!groupText) err('targetGroup', '培训对象类别不能为空（TRAIN-7）');
    else if (!targetGroup) err('targetGroup', `培训对象类别“${groupText}”无效`);
    const postText = get('post');
    const post = postText ? occupation(postText) : null;
    if (postText && !post) err('post', `职业（工种）“${postText}”不在职业目录中`);
    const yesNo = (k: 'employmentIntention' | 'inSchool', required: boolean) => {
      const v = get(k);
      if ((v || required) && !['是', '否'].includes(v)) err(k, '应填“是”或“否”');
      return v === '是' ? true : v === '否' ? false : undefined;
    };
    const intention = yesNo('employmentIntention', true);
    const inSchool = yesNo('inSchool', false);
    const st = get('studentType');
    if (st && !STUDENT_TYPES[st]) err('studentType', `学生类型“${st}”无效，应为 本科/专科/中职/技工`);
    const major = get('major');
    if (major.length > MAJOR_MAX_LENGTH) err('major', `专业名称最多 ${MAJOR_MAX_LENGTH} 个字`);
    const gy = get('graduationYear').replace(/[年届]$/, '');
    if (gy && !/^(19|20)\d{2}$/.test(gy)) err('graduationYear', '毕业年份应为四位年份');
    out.trainee = {
      rowNo,
      input: {
        name,
        idType: idType ?? 'resident_id',
        idNumber,
        phone: phone || null,
        targetGroup: targetGroup ?? 'other',
        postOccupationId: post?.id ?? null,
        employmentIntention: intention === true,
        ...(inSchool === undefined ? {} : { inSchool }),
        ...(st && STUDENT_TYPES[st] ? { studentType: STUDENT_TYPES[st] } : {}),
        ...(major ? { major } : {}),
        ...(gy ? { graduationYear: Number(gy) } : {}),
      },
    };
    return out;
  }
  return { row };
}
