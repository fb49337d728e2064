/**
 * TRAIN-11: the online study records an online platform reports, as an Excel workbook — the
 * template to download and the reading of an upload into rows checked for form, in a worker thread. One row is one trainee's
 * study of one online class hour (课时序号 of the class's schedule) with the six anomalies the seed
 * names; every problem is named by row and column, and the caller imports nothing until all are clean.
 */
import ExcelJS from 'exceljs';
import type { FieldError } from '../../../../contract/errors.js';
import { ONLINE_RECORDS_MAX_ROWS } from '../../../../contract/limits.js';
import { ONLINE_FLAGS, ONLINE_FLAG_KEYS, type OnlineFlag } from '../../../../contract/training-hours.js';
import { AppError } from '../../lib/errors.js';
import type { MessagePort } from 'node:worker_threads';
import { checkToSpool, type Spooled } from '../../lib/spool.js';
import { halfWidth, importSheetLimits, readFirstSheet, type ImportLimits } from '../../lib/workbook.js';
import { workerTask } from '../../lib/workers.js';

const BASE_COLUMNS = [
  { key: 'name', header: '姓名', note: '必填，与学员名单一致' },
  { key: 'idNumber', header: '证件号码', note: '必填，按文本填写' },
  { key: 'seq', header: '课时序号', note: '必填：本班课时安排中线上课时的序号（课时与考勤页可见）' },
  { key: 'studiedOn', header: '学习日期', note: '必填，yyyy-mm-dd' },
  { key: 'minutes', header: '学习时长（分钟）', note: '必填，整数' },
] as const;
/** The six anomaly columns: 是 marks the anomaly (视同培训无效), 否 or empty means none. */
const FLAG_COLUMNS = ONLINE_FLAG_KEYS.map((k) => ({
  key: k,
  header: ONLINE_FLAGS[k],
  note: '是 / 否（是：该记录无效）',
}));
const COLUMNS = [...BASE_COLUMNS, ...FLAG_COLUMNS];

export async function onlineTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('线上学习记录');
  ws.columns = COLUMNS.map((c) => ({
    header: c.header,
    key: c.key,
    width: Math.max(12, c.header.length * 2.5),
    style: { numFmt: '@' },
  }));
  ws.getRow(1).font = { bold: true };
  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '列', width: 24 },
    { header: '说明', width: 90 },
  ];
  for (const c of COLUMNS) help.addRow([c.header, c.note]);
  help.addRow(['', '一行是一名学员一个线上课时的学习记录；同一学员同一课时再次导入时以新记录为准。']);
  help.addRow([
    '',
    '有快进播放、多窗口学习、连续5分钟内无弹窗管控、无法进行人脸活体比对、未按内容先后顺序学习、每课时无随机保留影像照片之一的，视同培训无效（TRAIN-11），该课时不计。',
  ]);
  help.addRow(['', '整份文件校验通过后才会导入；有任何错误时不会导入任何一行，并列出行号和列名。']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const headerKey = (s: string) =>
  halfWidth(s)
    .replace(/\s+/g, '')
    .replace(/[()（）]/g, '');

export interface OnlineRow {
  rowNo: number;
  name: string;
  idNumber: string;
  seq: number;
  studiedOn: string;
  minutes: number;
  flags: OnlineFlag[];
}

/** Problems listed in a refusal (the count names them all). */
export const MAX_LISTED_ONLINE_ERRORS = 500;
/** Records per chunk of the spool. */
export const ONLINE_CHUNK = 1000;
/** Rows between two progress reports of the check. */
const PROGRESS_ROWS = 1000;

/** What checking the form of the rows found, apart from the rows (which go to the spool). */
export interface OnlineCheck {
  rowCount: number;
  /** the first problems of form, by row and column */
  errors: FieldError[];
  errorCount: number;
}

/**
 * Reads the first sheet as a stream and checks every row's form, handing each non-blank row to
 * `keep` (who and which class hour are the caller's to check, against the records, for every row:
 * a refusal names the problems of both kinds). The workbook is held to the import limits before
 * anything is parsed (zip directory, sizes, ratio, rows, columns — lib/workbook.ts), as rosters are.
 */
export async function scanOnlineRecords(
  file: Buffer,
  limits: ImportLimits,
  keep: (row: OnlineRow) => void,
  progress: (done: number, total: number) => void = () => {},
): Promise<OnlineCheck> {
  const maxRows = Math.min(limits.maxRows, ONLINE_RECORDS_MAX_ROWS);
  const tooMany = () =>
    new AppError('IMPORT_INVALID', `一次最多导入 ${maxRows} 行，未导入任何数据`, {
      details: [{ field: '行数', message: `不超过 ${maxRows} 行` }],
    });
  let total = 0;
  const sheet = readFirstSheet(
    file,
    importSheetLimits({ ...limits, maxRows }, 1, COLUMNS.length),
    tooMany,
    (n) => (total = n),
  );
  const first = await sheet.next();
  if (first.done) throw new AppError('IMPORT_INVALID', '文件中没有工作表或没有内容');
  const header = first.value.cells.map((v) => headerKey(v));
  const col = new Map<string, number>();
  const missing: string[] = [];
  for (const c of COLUMNS) {
    const i = header.indexOf(headerKey(c.header));
    if (i < 0) missing.push(c.header);
    else col.set(c.key, i);
  }
  if (missing.length) {
    await sheet.return(undefined);
    throw new AppError('IMPORT_INVALID', `缺少列：${missing.join('、')}。请使用线上学习记录模板`, {
      details: missing.map((m) => ({ field: `第 ${first.value.rowNo} 行 ${m}`, message: '缺少此列' })),
    });
  }
  const out: OnlineCheck = { rowCount: 0, errors: [], errorCount: 0 };
  for await (const row of sheet) {
    const rowNo = row.rowNo;
    if (rowNo % PROGRESS_ROWS === 0) progress(rowNo, total);
    const get = (k: string) => halfWidth(row.cells[col.get(k)!] ?? '');
    if (COLUMNS.every((c) => !get(c.key))) continue;
    const err = (column: string, message: string) => {
      out.errorCount++;
      if (out.errors.length < MAX_LISTED_ONLINE_ERRORS) out.errors.push({ field: `第 ${rowNo} 行 ${column}`, message });
    };
    const name = get('name').replace(/\s+/g, '');
    const idNumber = get('idNumber').replace(/\s+/g, '').toUpperCase();
    if (!name) err('姓名', '必填');
    if (!idNumber) err('证件号码', '必填');
    const seqText = get('seq');
    const seq = /^\d+$/.test(seqText) ? Number(seqText) : NaN;
    if (!Number.isInteger(seq) || seq < 1) err('课时序号', '须为正整数');
    const studiedOn = get('studiedOn').replace(/[/.]/g, '-');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(studiedOn) || Number.isNaN(Date.parse(`${studiedOn}T00:00:00Z`)))
      err('学习日期', '须为 yyyy-mm-dd 日期');
    const minutesText = get('minutes');
    const minutes = /^\d+$/.test(minutesText) ? Number(minutesText) : NaN;
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440) err('学习时长（分钟）', '须为 1–1440 的整数');
    const flags: OnlineFlag[] = [];
    for (const f of FLAG_COLUMNS) {
      const v = get(f.key);
      if (['是', 'Y', 'YES', '1', 'TRUE'].includes(v.toUpperCase())) flags.push(f.key);
      else if (!['', '否', 'N', 'NO', '0', 'FALSE'].includes(v.toUpperCase())) err(f.header, '请填写“是”或“否”');
    }
    out.rowCount++;
    // a number that is not one crosses the spool (JSON) as null: the caller tells it by Number.isInteger
    keep({ rowNo, name, idNumber, seq, studiedOn, minutes, flags });
  }
  progress(total, total);
  return out;
}

/**
 * Checks the form of the online study records in a worker thread, writing every row to a sealed
 * spool (lib/spool.ts) a chunk at a time, since each row is then checked against the class's
 * records too. Progress (rows read of the sheet's rows) goes to `port`.
 */
export function checkOnlineToSpool(
  file: Buffer,
  limits: ImportLimits,
  dir: string,
  port?: MessagePort,
): Promise<Spooled<OnlineCheck>> {
  return checkToSpool<OnlineCheck, OnlineRow>(
    dir,
    ONLINE_CHUNK,
    port,
    (keep, progress) => scanOnlineRecords(file, limits, keep, progress),
    (check) => check.rowCount > 0,
  );
}

/** `checkOnlineToSpool` as a worker-thread task (lib/workers.ts): the workbook is read and checked off the request thread. */
export const CHECK_ONLINE_RECORDS = workerTask<typeof checkOnlineToSpool>(import.meta.url, 'checkOnlineToSpool');
