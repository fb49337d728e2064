/**
 * The candidate roster (考生名单) as rows of cell text: the template's columns and a row parser
 * that checks every row and names each problem by row and column, so that nothing is imported
 * until the whole file is clean. Pure: the rows may come from a whole workbook or, row by row or
 * in batches, from a streaming reader; the parser only remembers the ID numbers it has seen.
 */
import type { FieldError } from '../../../../contract/errors.js';
import { AppError } from '../../lib/errors.js';
import { checkResidentId, identityNotes, residentIdCheckChar } from '../../lib/identity.js';
import type { CandidateInput } from './registrations.service.js';
import { PERSON_NAME_MAX_LENGTH } from '../../../../contract/limits.js';
import type { StudentType } from '../../../../contract/api-assessment.js';

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
export type RosterColumn = (typeof ROSTER_COLUMNS)[number]['key'];
const REQUIRED_COLUMNS: readonly RosterColumn[] = ['name', 'idNumber'];

/**
 * The template's example row: a fictitious person with a valid ID number (order code 000). A row
 * with this ID number is the example left in the file: it is skipped with a note, never imported.
 */
export const ROSTER_EXAMPLE: Record<RosterColumn, string> = {
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

const ID_TYPES: Record<string, CandidateInput['idType']> = {
  居民身份证: 'resident_id',
  身份证: 'resident_id',
  护照: 'passport',
  港澳居民来往内地通行证: 'hk_macao',
  台湾居民来往大陆通行证: 'taiwan',
};
const STUDENT_TYPES: Record<string, StudentType> = {
  本科: 'undergraduate',
  专科: 'junior_college',
  高职: 'junior_college',
  中职: 'secondary_vocational',
  技工: 'technical',
};
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
  const headerText = header.map((h) => (h ?? '').trim());
  const colOf = new Map(ROSTER_COLUMNS.map((c) => [c.key, headerText.indexOf(c.header) + 1]));
  const missing = ROSTER_COLUMNS.filter((c) => REQUIRED_COLUMNS.includes(c.key) && !colOf.get(c.key));
  if (missing.length)
    throw new AppError(
      'IMPORT_INVALID',
      `缺少必需的列：${missing.map((c) => c.header).join('、')}（请使用下载的模板）`,
    );
  const seen = new Map<string, number>();

  /** The candidate in a data row and its problems, or null for a blank row. */
  function row(rowNo: number, cells: readonly RosterCell[]): ParsedRow | null {
    const get = (key: RosterColumn) => (colOf.get(key) ? (cells[colOf.get(key)! - 1] ?? '').trim() : '');
    if (ROSTER_COLUMNS.every((c) => !get(c.key))) return null;
    const errors: FieldError[] = [];
    const notes: FieldError[] = [];
    const where = (key: RosterColumn) => {
      const col = colOf.get(key) ?? 0;
      const h = ROSTER_COLUMNS.find((c) => c.key === key)!.header;
      return `第 ${rowNo} 行 ${col ? letter(col) + ' 列' : ''}（${h}）`;
    };
    const err = (key: RosterColumn, message: string) => errors.push({ field: where(key), message });
    const name = get('name');
    if (!name) err('name', '姓名不能为空');
    else if (name.length > PERSON_NAME_MAX_LENGTH) err('name', '姓名过长');
    const idTypeText = get('idType') || '居民身份证';
    const idType = ID_TYPES[idTypeText];
    if (!idType) err('idType', `证件类型“${idTypeText}”无效`);
    const idNumber = get('idNumber').toUpperCase();
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
    if (!idNumber) err('idNumber', '证件号码不能为空');
    else if (idType === 'resident_id') {
      const chk = checkResidentId(idNumber, today);
      if (!chk.ok) err('idNumber', chk.reason!);
      for (const message of identityNotes(chk)) notes.push({ field: where('idNumber'), message });
    }
    if (idNumber && seen.has(idNumber)) err('idNumber', `与第 ${seen.get(idNumber)} 行重复`);
    else if (idNumber) seen.set(idNumber, rowNo);
    const st = get('studentType');
    if (st && !STUDENT_TYPES[st]) err('studentType', `学生类型“${st}”无效，应为 本科/专科/中职/技工`);
    const gy = get('graduationYear');
    if (gy && !/^(19|20)\d{2}$/.test(gy)) err('graduationYear', '毕业年份应为四位年份');
    const yes = (k: 'inSchool' | 'outstandingGraduate') => {
      const v = get(k);
      if (v && !['是', '否'].includes(v)) err(k, '应填“是”或“否”');
      return v === '是';
    };
    const years = get('yearsInOccupation');
    if (years && !/^\d{1,2}$/.test(years)) err('yearsInOccupation', '应为 0–99 的整数');
    const title = get('title');
    if (title && !TITLES[title]) err('title', '职称应为 初级/中级/高级');
    const since = get('titleSince');
    if (since && !/^\d{4}-\d{2}-\d{2}$/.test(since)) err('titleSince', '日期格式应为 yyyy-mm-dd');
    const input: CandidateInput = {
      name,
      idType,
      idNumber,
      phone: get('phone') || null,
      studentType: st ? STUDENT_TYPES[st] : null,
      graduationYear: gy ? Number(gy) : null,
      inSchool: yes('inSchool'),
      yearsInOccupation: years ? Number(years) : 0,
      title: title ? TITLES[title] : null,
      titleSince: since || null,
      outstandingGraduate: yes('outstandingGraduate'),
    };
    return { rowNo, input, errors, notes, example: false };
  }
  return { row };
}

export interface ParsedRoster {
  candidates: { rowNo: number; input: CandidateInput }[];
  errors: FieldError[];
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
const MAX_LISTED_ERRORS = 500;

/**
 * Refuses a roster with any problem, or with no candidate at all: it is imported whole or not at
 * all. The template uploaded unchanged (only its example row) is not refused: nothing is imported.
 */
export function assertRosterClean(roster: ParsedRoster) {
  if (!roster.candidates.length && !roster.errors.length && !roster.exampleRows.length)
    throw new AppError('IMPORT_INVALID', '名单中没有考生');
  if (roster.errors.length)
    throw new AppError('IMPORT_INVALID', `导入文件有 ${roster.errors.length} 处错误，未导入任何数据`, {
      details: roster.errors.slice(0, MAX_LISTED_ERRORS),
    });
}
