/**
 * The candidate roster (考生名单) as rows of cell text: the template's columns and a row parser
 * that checks every row and names each problem by row and column, so that nothing is imported
 * until the whole file is clean. Pure: the rows may come from a whole workbook or, row by row or
 * in batches, from a streaming reader; the parser only remembers the ID numbers it has seen.
 *
 * It reads the rosters people really have, not only the template: the header row is found among
 * the first rows (a title row or a merged title above it is passed over), common header names are
 * understood (身份证号码 / 身份证号 for 证件号码, 联系电话 for 手机号, 性别, 专业 …), and full-width
 * digits, letters and spaces (１２３, Ｘ, the ideographic space) are read as their ASCII forms.
 */
import type { FieldError } from '../../../../contract/errors.js';
import { AppError } from '../../lib/errors.js';
import { checkResidentId, identityNotes, residentIdCheckChar } from '../../lib/identity.js';
import type { CandidateInput } from './registrations.service.js';
import { MAJOR_MAX_LENGTH } from '../../../../contract/limits.js';
import type { StudentType } from '../../../../contract/api-assessment.js';
import { halfWidth, headerKey, personCells } from '../../lib/workbook.js';

export const ROSTER_COLUMNS = [
  { key: 'name', header: '姓名', note: '必填' },
  {
    key: 'idType',
    header: '证件类型',
    note: '居民身份证 / 护照 / 港澳居民来往内地通行证 / 台湾居民来往大陆通行证，默认居民身份证',
  },
  { key: 'idNumber', header: '证件号码', note: '必填；身份证 18 位，按文本填写' },
  { key: 'phone', header: '手机号', note: '' },
  { key: 'studentType', header: '学生类型', note: '本科 / 专科 / 中职 / 技工，非学生留空' },
  { key: 'graduationYear', header: '毕业年份', note: '如 2026' },
  { key: 'inSchool', header: '是否在校', note: '是 / 否' },
  { key: 'yearsInOccupation', header: '从事本职业年限', note: '整数' },
  { key: 'title', header: '职称', note: '初级 / 中级 / 高级' },
  { key: 'titleSince', header: '取得职称日期', note: 'yyyy-mm-dd' },
  { key: 'outstandingGraduate', header: '优秀毕业生', note: '是 / 否（中职申报三级用，CERT-2）' },
] as const;
/** Columns read when a roster has them, not in the template: 性别 (checked against a resident ID), 专业. */
export const EXTRA_COLUMNS = [
  { key: 'gender', header: '性别', note: '男 / 女；居民身份证以证件号码为准' },
  { key: 'major', header: '专业', note: '所学专业' },
] as const;
type TemplateColumn = (typeof ROSTER_COLUMNS)[number]['key'];
export type RosterColumn = TemplateColumn | (typeof EXTRA_COLUMNS)[number]['key'];
const ALL_COLUMNS: readonly { key: RosterColumn; header: string }[] = [...ROSTER_COLUMNS, ...EXTRA_COLUMNS];
const REQUIRED_COLUMNS: readonly RosterColumn[] = ['name', 'idNumber'];

/**
 * Header names found in rosters, by column (compared after `headerKey`: half-width, no spaces,
 * no 「*」 or trailing note in brackets, so 「身份证号码（必填）*」 is 身份证号码).
 */
const HEADER_SYNONYMS: Record<RosterColumn, readonly string[]> = {
  name: ['姓名', '考生姓名', '学员姓名', '学生姓名'],
  idType: ['证件类型', '证件种类'],
  idNumber: ['证件号码', '身份证号码', '身份证号', '身份证', '证件号', '公民身份号码', '身份证件号码'],
  phone: ['手机号', '手机号码', '手机', '联系电话', '电话', '电话号码', '联系方式'],
  studentType: ['学生类型', '学生类别'],
  graduationYear: ['毕业年份', '毕业年度'],
  inSchool: ['是否在校', '是否在校生', '在校生'],
  yearsInOccupation: ['从事本职业年限', '本职业工作年限', '从业年限', '工作年限'],
  title: ['职称', '专业技术职称'],
  titleSince: ['取得职称日期', '职称取得日期', '取得职称时间'],
  outstandingGraduate: ['优秀毕业生', '是否优秀毕业生'],
  gender: ['性别'],
  major: ['专业', '所学专业', '专业名称'],
};
const COLUMN_OF_HEADER = new Map(
  Object.entries(HEADER_SYNONYMS).flatMap(([key, names]) => names.map((n) => [n, key as RosterColumn] as const)),
);
/** How many rows from the top are searched for the header row (titles and notes may stand above it). */
export const HEADER_SCAN_ROWS = 10;

/** The column each header cell names (0 where none), by position. */
function columnsOfHeader(header: readonly RosterCell[]): Map<RosterColumn, number> {
  const colOf = new Map<RosterColumn, number>();
  header.forEach((h, i) => {
    const key = COLUMN_OF_HEADER.get(headerKey(h ?? ''));
    if (key && !colOf.has(key)) colOf.set(key, i + 1);
  });
  return colOf;
}

/**
 * The index of the header row among the top rows: the first that names every required column
 * (a title row, a merged title or notes above it are passed over), or -1 when none does.
 */
export function findHeaderRow(rows: readonly (readonly RosterCell[])[]): number {
  return rows.slice(0, HEADER_SCAN_ROWS).findIndex((cells) => {
    const cols = columnsOfHeader(cells);
    return REQUIRED_COLUMNS.every((k) => cols.has(k));
  });
}

/**
 * The template's example row: a fictitious person with a valid ID number (order code 000). A row
 * with this ID number is the example left in the file: it is skipped with a note, never imported.
 */
export const ROSTER_EXAMPLE: Record<TemplateColumn, string> = {
  name: '张三',
  idType: '居民身份证',
  idNumber: '41010520050615000' + residentIdCheckChar('41010520050615000'),
  phone: '13800000000',
  studentType: '专科',
  graduationYear: '2026',
  inSchool: '是',
  yearsInOccupation: '0',
  title: '',
  titleSince: '',
  outstandingGraduate: '否',
};

const STUDENT_TYPES: Record<string, StudentType> = {
  本科: 'undergraduate',
  专科: 'junior_college',
  高职: 'junior_college',
  中职: 'secondary_vocational',
  技工: 'technical',
};
const GENDERS: Record<string, 'male' | 'female'> = { 男: 'male', 女: 'female', 男性: 'male', 女性: 'female' };
const GENDER_TEXT = { male: '男', female: '女' } as const;
const TITLES: Record<string, 'junior' | 'intermediate' | 'senior'> = {
  初级: 'junior',
  中级: 'intermediate',
  高级: 'senior',
};

/** A cell as text; a reader turns dates, formulas and rich text into text before this. */
export type RosterCell = string | null | undefined;
/** One data row of the sheet: its row number (as the user sees it) and its cells from column A on. */
export interface RosterRow {
  rowNo: number;
  cells: readonly RosterCell[];
}
/**
 * A row that holds a candidate, with the problems found in it (none when it may be imported) and
 * the notes for the user that do not stop the import (a historic area code; the example row).
 */
export interface ParsedRow {
  rowNo: number;
  input: CandidateInput;
  errors: FieldError[];
  notes: FieldError[];
  /** the template's example row, left in the file: skipped */
  example: boolean;
}

const letter = (n: number) => String.fromCharCode(64 + n);

/**
 * A parser for one roster: checks the header row at once (a missing required column refuses the
 * file), then checks each data row given to `row`, including ID numbers repeated across rows.
 */
export function rosterParser(header: readonly RosterCell[], today: Date) {
  const colOf = columnsOfHeader(header);
  /** the column's name as the file has it (身份证号码), else as the template has it */
  const headerOf = (key: RosterColumn) =>
    colOf.get(key) ? halfWidth(header[colOf.get(key)! - 1] ?? '') : ALL_COLUMNS.find((c) => c.key === key)!.header;
  const missing = ALL_COLUMNS.filter((c) => REQUIRED_COLUMNS.includes(c.key) && !colOf.get(c.key));
  if (missing.length)
    throw new AppError(
      'IMPORT_INVALID',
      `缺少必需的列：${missing.map((c) => c.header).join('、')}（请使用下载的模板）`,
    );
  const seen = new Map<string, number>();

  /** The candidate in a data row and its problems, or null for a blank row. */
  function row(rowNo: number, cells: readonly RosterCell[]): ParsedRow | null {
    const get = (key: RosterColumn) => (colOf.get(key) ? halfWidth(cells[colOf.get(key)! - 1] ?? '') : '');
    if (ALL_COLUMNS.every((c) => !get(c.key))) return null;
    const errors: FieldError[] = [];
    const notes: FieldError[] = [];
    const where = (key: RosterColumn) => {
      const col = colOf.get(key) ?? 0;
      return `第 ${rowNo} 行 ${col ? letter(col) + ' 列' : ''}（${headerOf(key)}）`;
    };
    const err = (key: RosterColumn, message: string) => errors.push({ field: where(key), message });
    const { name, idType } = personCells(get, err);
    // 「4101 0520 0403 0100 1x」: the spaces people type to read it, and a lower-case x
    const idNumber = get('idNumber').replace(/\s+/g, '').toUpperCase();
    if (idNumber === ROSTER_EXAMPLE.idNumber) {
      const message = `模板中的示例行（${ROSTER_EXAMPLE.name}），已跳过，未导入`;
      return {
        rowNo,
        input: { name, idType, idNumber },
        errors: [],
        notes: [{ field: `第 ${rowNo} 行`, message }],
        example: true,
      };
    }
    const genderText = get('gender');
    const gender = genderText ? GENDERS[genderText] : undefined;
    if (genderText && !gender) err('gender', '性别应填“男”或“女”');
    if (!idNumber) err('idNumber', '证件号码不能为空');
    else if (idType === 'resident_id') {
      const chk = checkResidentId(idNumber, today);
      if (!chk.ok) err('idNumber', chk.reason!);
      for (const message of identityNotes(chk)) notes.push({ field: where('idNumber'), message });
      if (chk.ok && gender && gender !== chk.gender)
        notes.push({
          field: where('gender'),
          message: `性别“${genderText}”与身份证号（${GENDER_TEXT[chk.gender!]}）不一致，以身份证号为准`,
        });
    }
    if (idNumber && seen.has(idNumber)) err('idNumber', `与第 ${seen.get(idNumber)} 行重复`);
    else if (idNumber) seen.set(idNumber, rowNo);
    const st = get('studentType');
    if (st && !STUDENT_TYPES[st]) err('studentType', `学生类型“${st}”无效，应为 本科/专科/中职/技工`);
    const gy = get('graduationYear').replace(/[年届]$/, '');
    if (gy && !/^(19|20)\d{2}$/.test(gy)) err('graduationYear', '毕业年份应为四位年份');
    /** 是 / 否, or nothing stated (an empty cell) */
    const yesNo = (k: 'inSchool' | 'outstandingGraduate') => {
      const v = get(k);
      if (v && !['是', '否'].includes(v)) err(k, '应填“是”或“否”');
      return v === '是' ? true : v === '否' ? false : undefined;
    };
    const major = get('major');
    if (major.length > MAJOR_MAX_LENGTH) err('major', `专业名称最多 ${MAJOR_MAX_LENGTH} 个字`);
    const years = get('yearsInOccupation').replace(/年$/, '');
    if (years && !/^\d{1,2}$/.test(years)) err('yearsInOccupation', '应为 0–99 的整数');
    const title = get('title');
    if (title && !TITLES[title]) err('title', '职称应为 初级/中级/高级');
    const since = get('titleSince');
    if (since && !/^\d{4}-\d{2}-\d{2}$/.test(since)) err('titleSince', '日期格式应为 yyyy-mm-dd');
    const inSchool = yesNo('inSchool');
    const input: CandidateInput = {
      name,
      idType,
      idNumber,
      phone: get('phone').replace(/[\s()]/g, '') || null,
      studentType: st ? STUDENT_TYPES[st] : null,
      graduationYear: gy ? Number(gy) : null,
      // an empty cell states nothing: it neither makes nor unmakes a student (people/situation.ts)
      ...(inSchool === undefined ? {} : { inSchool }),
      ...(major ? { major } : {}),
      ...(gender && idType !== 'resident_id' ? { gender } : {}),
      yearsInOccupation: years ? Number(years) : 0,
      title: title ? TITLES[title] : null,
      titleSince: since || null,
      outstandingGraduate: yesNo('outstandingGraduate') === true,
    };
    return { rowNo, input, errors, notes, example: false };
  }
  return { row };
}

export interface ParsedRoster {
  candidates: { rowNo: number; input: CandidateInput }[];
  errors: FieldError[];
  /** every problem found, when `errors` lists only the first ones */
  errorCount?: number;
  /** notes for the user that do not stop the import, in row order */
  notes: FieldError[];
  /** rows that are the template's example, skipped */
  exampleRows: number[];
}

/** Parses a whole roster: every candidate row, every problem and every note in row order. */
export function parseRoster(header: readonly RosterCell[], rows: Iterable<RosterRow>, today: Date): ParsedRoster {
  const parser = rosterParser(header, today);
  const out: ParsedRoster = { candidates: [], errors: [], notes: [], exampleRows: [] };
  for (const r of rows) {
    const parsed = parser.row(r.rowNo, r.cells);
    if (!parsed) continue;
    out.notes.push(...parsed.notes);
    if (parsed.example) {
      out.exampleRows.push(parsed.rowNo);
      continue;
    }
    out.candidates.push({ rowNo: parsed.rowNo, input: parsed.input });
    out.errors.push(...parsed.errors);
  }
  return out;
}

/** At most this many problems are listed in the answer (the message counts them all). */
export const MAX_LISTED_ERRORS = 500;

/**
 * Refuses a roster with any problem, or with no candidate at all: it is imported whole or not at
 * all. The template uploaded unchanged (only its example row) is not refused: nothing is imported.
 */
export function assertRosterClean(
  roster: Omit<ParsedRoster, 'candidates'> & { candidates?: unknown[]; candidateCount?: number },
) {
  const candidates = roster.candidateCount ?? roster.candidates?.length ?? 0;
  if (!candidates && !roster.errors.length && !roster.exampleRows.length)
    throw new AppError('IMPORT_INVALID', '名单中没有考生');
  if (roster.errors.length)
    throw new AppError(
      'IMPORT_INVALID',
      `导入文件有 ${roster.errorCount ?? roster.errors.length} 处错误，未导入任何数据`,
      {
        details: roster.errors.slice(0, MAX_LISTED_ERRORS),
      },
    );
}
