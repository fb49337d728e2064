/**
 * The graduating-class roster a school imports (毕业生名册, CERT-9): the template, and reading an
 * uploaded roster into checked rows for the people module, which finds or registers each person
 * and replaces the school's roster for the year. Every row is checked first; nothing is imported
 * while any row is wrong.
 */
import ExcelJS from 'exceljs';
import type { IdType, StudentType } from '../../../../contract/api-assessment.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { institutionKind } from '../institutions/institutions.queries.js';
import { rostersOf } from '../people/graduating-class.queries.js';
import { importGraduatingClass, type GraduateEntry } from '../people/graduating-class.service.js';

const COLUMNS = [
  { header: '姓名', key: 'name', note: '必填' },
  {
    header: '证件类型',
    key: 'idType',
    note: '可空，默认居民身份证；也可填 护照、港澳居民来往内地通行证、台湾居民来往大陆通行证',
  },
  { header: '证件号码', key: 'idNumber', note: '必填；居民身份证按 GB 11643 校验' },
  { header: '专业', key: 'major', note: '可空' },
] as const;
const ID_TYPES: Record<string, IdType> = {
  '': 'resident_id',
  居民身份证: 'resident_id',
  身份证: 'resident_id',
  护照: 'passport',
  港澳居民来往内地通行证: 'hk_macao',
  台湾居民来往大陆通行证: 'taiwan',
};
/** The school's type names its graduates' student type (本科、专科（高职）、中职、技工院校). */
const STUDENT_TYPE: Record<string, StudentType> = {
  undergraduate: 'undergraduate',
  higher_vocational: 'junior_college',
  secondary_vocational: 'secondary_vocational',
  technical: 'technical',
};

export async function graduatesTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('毕业生名册');
  ws.columns = COLUMNS.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.key === 'idNumber' ? 24 : 16,
    style: { numFmt: '@' },
  }));
  ws.getRow(1).font = { bold: true };
  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '列', width: 14 },
    { header: '说明', width: 90 },
  ];
  for (const c of COLUMNS) help.addRow([c.header, c.note]);
  help.addRow([
    '',
    '一份名册是本校该届毕业生的全部名单：导入后替换该届已有名册。未报名任何考核的学生也应列入（持证率的分母，CERT-9）。',
  ]);
  help.addRow(['', '整份名册校验通过后才会导入；有任何错误时不导入任何一行，并列出行号。']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const text = (v: ExcelJS.CellValue): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'result' in v) return String(v.result ?? '').trim();
  if (typeof v === 'object' && 'text' in v) return String(v.text).trim();
  return String(v).trim();
};

async function readRoster(file: Buffer): Promise<GraduateEntry[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw new AppError('IMPORT_INVALID', '无法读取文件：请上传由毕业生名册模板填写的 .xlsx 文件', { rule: 'CERT-9' });
  }
  const ws = wb.worksheets[0];
  const head = ((ws?.getRow(1).values ?? []) as ExcelJS.CellValue[]).map(text);
  const col = (h: string) => head.indexOf(h);
  if (col('姓名') < 1 || col('证件号码') < 1)
    throw new AppError('IMPORT_INVALID', '第 1 行应为表头，至少包括“姓名”“证件号码”两列', { rule: 'CERT-9' });
  const errors: { field: string; message: string }[] = [];
  const seen = new Map<string, number>();
  const out: GraduateEntry[] = [];
  ws.eachRow((row, rowNo) => {
    if (rowNo === 1) return;
    const cell = (h: string) => (col(h) > 0 ? text(row.getCell(col(h)).value) : '');
    const name = cell('姓名');
    const idNumber = cell('证件号码').toUpperCase();
    if (!name && !idNumber) return;
    const at = `第 ${rowNo} 行`;
    const idType = ID_TYPES[cell('证件类型')];
    if (!name) errors.push({ field: at, message: '缺少姓名' });
    if (!idNumber) errors.push({ field: at, message: '缺少证件号码' });
    if (!idType) errors.push({ field: at, message: `证件类型“${cell('证件类型')}”无法识别` });
    const dup = seen.get(idNumber);
    if (idNumber && dup) errors.push({ field: at, message: `证件号码与第 ${dup} 行重复` });
    seen.set(idNumber, rowNo);
    out.push({ rowNo, name, idType: idType ?? 'resident_id', idNumber, major: cell('专业') || null });
  });
  if (errors.length)
    throw new AppError('IMPORT_INVALID', `名册有 ${errors.length} 处错误，未导入任何数据`, {
      rule: 'CERT-9',
      details: errors.slice(0, 200),
    });
  if (!out.length) throw new AppError('IMPORT_INVALID', '名册中没有学生', { rule: 'CERT-9' });
  return out;
}

/** CERT-9: the caller's school imports its graduating class of a year (replacing that year's roster). */
export async function importGraduates(deps: Deps, ctx: RequestContext, year: number, file: Buffer) {
  const school = await institutionKind(deps.db, ctx.actor!.institutionId!);
  if (!school?.school_type)
    throw new AppError('PATHWAY_NOT_APPLICABLE', '毕业生名册由院校导入本校毕业生', { rule: 'CERT-9' });
  const entries = await readRoster(file);
  const r = await deps.db
    .transaction()
    .execute((trx) =>
      importGraduatingClass(
        trx,
        deps,
        ctx,
        { id: school.id, name: school.name, studentType: STUDENT_TYPE[school.school_type ?? ''] ?? null },
        year,
        entries,
      ),
    );
  return { graduationYear: year, ...r };
}

export async function graduatingClasses(deps: Deps, ctx: RequestContext) {
  return rostersOf(deps.db, ctx.actor!.institutionId!);
}
