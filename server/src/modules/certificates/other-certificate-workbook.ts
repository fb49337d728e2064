/**
 * 国家职业资格证书, 专项职业能力证书 and 特种作业操作证 entered by Excel (other-certificates.service.ts
 * states who records them): the template to download, and reading and checking an upload row by
 * row in a worker thread by the pipeline of every workbook import (jobs/import-job.ts) — the
 * workbook held to the import limits before anything is parsed (lib/workbook.ts), every problem
 * named by row and column, the clean rows spooled for the one transaction that writes them.
 * Pure: occupations are resolved through the table the caller passes.
 */
import ExcelJS from 'exceljs';
import type { MessagePort } from 'node:worker_threads';
import type { OtherCertificateBody } from '../../../../contract/api-other-certificates.js';
import type { FieldError } from '../../../../contract/errors.js';
import { OTHER_CERTIFICATE_IMPORT_MAX_ROWS } from '../../../../contract/limits.js';
import { CERTIFICATE_ROUTES } from '../../../../contract/training.js';
import { AppError } from '../../lib/errors.js';
import { checkResidentId, residentIdCheckChar } from '../../lib/identity.js';
import { checkToSpool, type Spooled } from '../../lib/spool.js';
import {
  halfWidth,
  headerKey,
  importSheetLimits,
  readFirstSheet,
  type ImportLimits,
  personCells,
} from '../../lib/workbook.js';
import { workerTask } from '../../lib/workers.js';

type Kind = OtherCertificateBody['kind'];

export const OTHER_CERTIFICATE_COLUMNS = [
  {
    key: 'kind',
    header: '证书类别',
    names: ['证书类别', '证书种类', '证书类型'],
    note: '必填：国家职业资格证书 / 专项职业能力证书 / 特种作业操作证',
  },
  { key: 'name', header: '姓名', names: ['姓名', '持证人姓名', '持证人'], note: '必填' },
  {
    key: 'idType',
    header: '证件类型',
    names: ['证件类型', '证件种类'],
    note: '居民身份证 / 护照 / 港澳居民来往内地通行证 / 台湾居民来往大陆通行证，默认居民身份证',
  },
  {
    key: 'idNumber',
    header: '证件号码',
    names: ['证件号码', '身份证号码', '身份证号', '公民身份号码'],
    note: '必填；身份证 18 位，按文本填写',
  },
  {
    key: 'occupation',
    header: '职业（工种）',
    names: ['职业（工种）', '职业(工种)', '职业', '工种', '职业编码', '职业名称'],
    note: '必填：职业编码或名称，如 6-31-01-03 或 电工',
  },
  {
    key: 'item',
    header: '考核项目或作业类别',
    names: ['考核项目或作业类别', '考核项目', '作业类别', '项目'],
    note: '专项职业能力考核项目或特种作业的作业类别，按证书填写；空：同职业名称',
  },
  {
    key: 'level',
    header: '等级',
    names: ['等级', '资格等级', '证书等级'],
    note: '国家职业资格证书必填：一级 ~ 五级（或 1 ~ 5）；专项职业能力证书、特种作业操作证不分等级，留空',
  },
  { key: 'number', header: '证书编号', names: ['证书编号', '证书号码', '证号'], note: '必填，按文本填写' },
  {
    key: 'issuedOn',
    header: '发证日期',
    names: ['发证日期', '发证时间', '取证日期'],
    note: '必填：yyyy-mm-dd，不晚于今天',
  },
  {
    key: 'issuingBody',
    header: '发证机构',
    names: ['发证机构', '发证单位', '发证机关'],
    note: '必填：颁发证书的鉴定机构、考核机构或应急管理部门',
  },
] as const;
type Column = (typeof OTHER_CERTIFICATE_COLUMNS)[number]['key'];
const REQUIRED: readonly Column[] = ['kind', 'name', 'idNumber', 'occupation', 'number', 'issuedOn', 'issuingBody'];
const COLUMN_OF = new Map<string, Column>(
  OTHER_CERTIFICATE_COLUMNS.flatMap((c) => c.names.map((n) => [headerKey(n), c.key] as const)),
);

/** The template's example row: a fictitious person (order code 000), skipped with a note when left in the file. */
export const OTHER_CERTIFICATE_EXAMPLE: Record<Column, string> = {
  kind: '专项职业能力证书',
  name: '王五',
  idType: '居民身份证',
  idNumber: '41010519880808000' + residentIdCheckChar('41010519880808000'),
  occupation: '电工',
  item: '低压电器安装',
  level: '',
  number: 'ZX-示例-0001',
  issuedOn: '2025-06-30',
  issuingBody: '郑州市专项职业能力考核站',
};

/** The kinds by the names people write on a list. */
const KINDS = new Map<string, Kind>([
  ['国家职业资格证书', 'qualification'],
  ['职业资格证书', 'qualification'],
  ['专项职业能力证书', 'special_ability'],
  ['专项能力证书', 'special_ability'],
  ['特种作业操作证', 'special_operation'],
  ['特种作业操作证书', 'special_operation'],
  ['特种作业证', 'special_operation'],
]);
const LEVELS: Record<string, number> = {
  一级: 1,
  二级: 2,
  三级: 3,
  四级: 4,
  五级: 5,
  高级技师: 1,
  技师: 2,
  高级工: 3,
  中级工: 4,
  初级工: 5,
  '1': 1,
  '2': 2,
  '3': 3,
  '4': 4,
  '5': 5,
};

export async function otherCertificateTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('证书登记');
  ws.columns = OTHER_CERTIFICATE_COLUMNS.map((c) => ({
    header: c.header,
    key: c.key,
    width: Math.max(12, c.header.length * 3),
    style: { numFmt: '@' },
  }));
  ws.getRow(1).font = { bold: true };
  const example = ws.addRow(OTHER_CERTIFICATE_EXAMPLE);
  example.font = { italic: true, color: { argb: 'FF808080' } };
  example.getCell('name').note = '示例行：导入时按证件号码识别并跳过，可删除或直接改写';
  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '列', width: 20 },
    { header: '说明', width: 90 },
  ];
  for (const c of OTHER_CERTIFICATE_COLUMNS) help.addRow([c.header, c.note]);
  help.addRow(['', `第 2 行（${OTHER_CERTIFICATE_EXAMPLE.name}）是示例：导入时跳过并在结果中说明。`]);
  help.addRow([
    '',
    `一次最多 ${OTHER_CERTIFICATE_IMPORT_MAX_ROWS} 行；同一类别的证书编号不能重复，也不能与已登记的重复。`,
  ]);
  help.addRow(['', '整份文件校验通过后才会导入；有任何错误时不会导入任何一行，并列出行号和列名。']);
  help.addRow(['', '登记的证书属于导入人所在人社部门的辖区；撤销须在证书列表中逐条办理。']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A certificate row read and checked for form: the record to write, with its row number. */
export interface ParsedOtherCertificate {
  rowNo: number;
  input: OtherCertificateBody;
}
/** What checking a file found, apart from its rows (which go to the spool). */
export interface OtherCertificateCheck {
  rowCount: number;
  /** the first problems, by row and column */
  errors: FieldError[];
  errorCount: number;
  notes: FieldError[];
}
/** Problems listed in a refusal (the count names them all). */
export const MAX_LISTED_OTHER_CERTIFICATE_ERRORS = 500;
const CHUNK = 500;
const PROGRESS_ROWS = 500;
const letter = (n: number) => String.fromCharCode(65 + n);

/**
 * Reads the first sheet as a stream (header in the first row) and checks every row's form:
 * required cells, the kind, the identity document (GB 11643 for a resident ID), the occupation
 * (code or name, `occupations`), the level as the kind requires, the date (not after `today`,
 * yyyy-mm-dd) and a number not repeated in the file. Clean rows go to `keep`.
 */
export async function scanOtherCertificates(
  file: Buffer,
  limits: ImportLimits,
  today: string,
  occupations: [string, number][],
  keep: (row: ParsedOtherCertificate) => void,
  progress: (done: number, total: number) => void = () => {},
): Promise<OtherCertificateCheck> {
  // the template's example row may stand beside a full list
  const maxRows = Math.min(limits.maxRows, OTHER_CERTIFICATE_IMPORT_MAX_ROWS + 1);
  let total = 0;
  const sheet = readFirstSheet(
    file,
    importSheetLimits({ ...limits, maxRows }, 1, OTHER_CERTIFICATE_COLUMNS.length),
    () =>
      new AppError('WORKBOOK_TOO_MANY_ROWS', `一次最多导入 ${OTHER_CERTIFICATE_IMPORT_MAX_ROWS} 行，未导入任何数据`),
    (n) => (total = n),
  );
  const first = await sheet.next();
  if (first.done) throw new AppError('IMPORT_INVALID', '文件中没有工作表或没有内容');
  const col = new Map<Column, number>();
  first.value.cells.forEach((h, i) => {
    const k = COLUMN_OF.get(headerKey(h ?? ''));
    if (k && !col.has(k)) col.set(k, i);
  });
  const missing = OTHER_CERTIFICATE_COLUMNS.filter((c) => REQUIRED.includes(c.key) && !col.has(c.key));
  if (missing.length) {
    await sheet.return(undefined);
    throw new AppError(
      'IMPORT_INVALID',
      `缺少必需的列：${missing.map((c) => c.header).join('、')}（请使用下载的模板）`,
      { details: missing.map((c) => ({ field: `第 ${first.value.rowNo} 行（${c.header}）`, message: '缺少此列' })) },
    );
  }
  const headerOf = (k: Column) => OTHER_CERTIFICATE_COLUMNS.find((c) => c.key === k)!.header;
  const occupationOf = new Map(occupations);
  const out: OtherCertificateCheck = { rowCount: 0, errors: [], errorCount: 0, notes: [] };
  const seenNumbers = new Map<string, number>();
  for await (const row of sheet) {
    const rowNo = row.rowNo;
    if (rowNo % PROGRESS_ROWS === 0) progress(rowNo, total);
    const get = (k: Column) => (col.has(k) ? halfWidth(row.cells[col.get(k)!] ?? '') : '');
    if (OTHER_CERTIFICATE_COLUMNS.every((c) => !get(c.key))) continue;
    let rowErrors = 0;
    const err = (k: Column, message: string) => {
      rowErrors++;
      out.errorCount++;
      if (out.errors.length < MAX_LISTED_OTHER_CERTIFICATE_ERRORS)
        out.errors.push({
          field: `第 ${rowNo} 行 ${col.has(k) ? `${letter(col.get(k)!)} 列` : ''}（${headerOf(k)}）`,
          message,
        });
    };
    const idNumber = get('idNumber').replace(/\s+/g, '').toUpperCase();
    if (idNumber === OTHER_CERTIFICATE_EXAMPLE.idNumber) {
      out.notes.push({
        field: `第 ${rowNo} 行`,
        message: `模板中的示例行（${OTHER_CERTIFICATE_EXAMPLE.name}），已跳过，未导入`,
      });
      continue;
    }
    out.rowCount++;
    const kindText = get('kind').replace(/\s+/g, '');
    const kind = KINDS.get(kindText);
    if (!kindText) err('kind', '证书类别不能为空');
    else if (!kind) err('kind', `证书类别“${kindText}”无效，应为 国家职业资格证书 / 专项职业能力证书 / 特种作业操作证`);
    const { name, idType } = personCells(get, err);
    if (!idNumber) err('idNumber', '证件号码不能为空');
    else if (idNumber.length > 30) err('idNumber', '证件号码过长');
    else if (idType === 'resident_id') {
      const chk = checkResidentId(idNumber, new Date(`${today}T12:00:00+08:00`));
      if (!chk.ok) err('idNumber', chk.reason!);
    }
    const occupationText = get('occupation').replace(/\s+/g, '');
    const occupationId = occupationOf.get(occupationText);
    if (!occupationText) err('occupation', '职业（工种）不能为空');
    else if (occupationId === undefined) err('occupation', `职业（工种）“${occupationText}”不在职业目录中`);
    const item = get('item');
    if (item.length > 100) err('item', '最多 100 个字');
    const levelText = get('level').replace(/\s+/g, '');
    const level = levelText ? LEVELS[levelText] : undefined;
    if (levelText && level === undefined) err('level', `等级“${levelText}”无效，应为 一级 ~ 五级`);
    // only the 国家职业资格证书 has levels (五级 → 一级); the other two kinds have none
    if (kind === 'qualification' && !levelText) err('level', '国家职业资格证书须填写等级（一级至五级）');
    if (kind && kind !== 'qualification' && levelText) err('level', `${CERTIFICATE_ROUTES[kind]}不分等级，不填等级`);
    const number = get('number');
    if (!number) err('number', '证书编号不能为空');
    else if (number.length > 60) err('number', '证书编号最多 60 个字符');
    else if (kind) {
      const key = `${kind} ${number}`;
      if (seenNumbers.has(key)) err('number', `与第 ${seenNumbers.get(key)} 行的证书编号重复`);
      else seenNumbers.set(key, rowNo);
    }
    const issuedOn = get('issuedOn')
      .replace(/[/.年月]/g, '-')
      .replace(/日$/, '');
    const iso = /^\d{4}-\d{1,2}-\d{1,2}$/.test(issuedOn) ? issuedOn.replace(/-(\d)(?=-|$)/g, '-0$1') : '';
    if (!get('issuedOn')) err('issuedOn', '发证日期不能为空');
    else if (
      !iso ||
      Number.isNaN(Date.parse(`${iso}T00:00:00Z`)) ||
      new Date(`${iso}T00:00:00Z`).toISOString().slice(0, 10) !== iso
    )
      err('issuedOn', '须为 yyyy-mm-dd 日期');
    else if (iso > today) err('issuedOn', '发证日期不能晚于今天');
    const issuingBody = get('issuingBody');
    if (!issuingBody) err('issuingBody', '发证机构不能为空');
    else if (issuingBody.length > 100) err('issuingBody', '最多 100 个字');
    if (rowErrors || out.errorCount) continue;
    keep({
      rowNo,
      input: {
        kind: kind!,
        name,
        idType: idType!,
        idNumber,
        occupationId: occupationId!,
        item: item || null,
        level: kind === 'qualification' ? level! : null,
        number,
        issuedOn: iso,
        issuingBody,
      },
    });
  }
  progress(total, total);
  return out;
}

/**
 * Checks a certificate workbook in a worker thread, writing its rows to a sealed spool
 * (lib/spool.ts) a chunk at a time while every row is clean; a file with any problem leaves no
 * spool. Progress (rows read of the sheet's rows) goes to `port`.
 */
export function checkOtherCertificatesToSpool(
  file: Buffer,
  limits: ImportLimits,
  today: string,
  occupations: [string, number][],
  dir: string,
  port?: MessagePort,
): Promise<Spooled<OtherCertificateCheck>> {
  return checkToSpool<OtherCertificateCheck, ParsedOtherCertificate>(
    dir,
    CHUNK,
    port,
    (keep, progress) => scanOtherCertificates(file, limits, today, occupations, keep, progress),
    (check) => !check.errorCount && check.rowCount > 0,
  );
}

/** `checkOtherCertificatesToSpool` as a worker-thread task (lib/workers.ts). */
export const CHECK_OTHER_CERTIFICATES = workerTask<typeof checkOtherCertificatesToSpool>(
  import.meta.url,
  'checkOtherCertificatesToSpool',
);
