/**
 * The monthly report's documents (TGT-3, TGT-4): the Excel workbook in an official layout — a
 * title, the unit and period, a summary sheet and one sheet per metric with each unit below,
 * totals and completion rates — the printable bulletin (通报) with the rankings as PDF (the CJK
 * font the certificates embed), and the yearly assessment sheet of counties and schools.
 */
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import type { ReportFigures } from '../../../../contract/api-targets.js';
import { METRIC_KEYS, METRICS, type MetricKey } from '../../../../contract/targets.js';
import { FONT_BOLD, FONT_REGULAR } from '../certificates/certificate-pdf.js';

type Line = ReportFigures['unit'];
const LEVEL: Record<string, string> = { province: '省', city: '市', county: '县（市、区）', school: '院校/机构' };
const STANDING: Record<string, string> = { done: '已完成', on_track: '正常', at_risk: '滞后', no_target: '—' };
const monthTitle = (month: string) => `${month.slice(0, 4)} 年 ${Number(month.slice(5, 7))} 月`;

export interface ReportHeader {
  unitName: string;
  month: string;
  asOf: string;
  submitted: string | null;
  unconnected: readonly string[];
}

function title(ws: ExcelJS.Worksheet, cols: number, lines: string[]) {
  lines.forEach((text, i) => {
    ws.mergeCells(i + 1, 1, i + 1, cols);
    const c = ws.getCell(i + 1, 1);
    c.value = text;
    c.alignment = { horizontal: i === 0 ? 'center' : 'left' };
    c.font = i === 0 ? { bold: true, size: 14 } : { size: 10, color: { argb: 'FF595959' } };
  });
}

const thin = { style: 'thin' as const, color: { argb: 'FFBFBFBF' } };
function table(
  ws: ExcelJS.Worksheet,
  firstRow: number,
  header: string[],
  rows: (string | number | null)[][],
  totalRows = 1,
) {
  const h = ws.getRow(firstRow);
  h.values = header;
  h.font = { bold: true };
  h.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  h.eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
  });
  rows.forEach((r, i) => {
    const row = ws.getRow(firstRow + 1 + i);
    row.values = r;
    if (i >= rows.length - totalRows) row.font = { bold: true };
  });
  for (let r = firstRow; r <= firstRow + rows.length; r++)
    for (let c = 1; c <= header.length; c++)
      ws.getCell(r, c).border = { top: thin, bottom: thin, left: thin, right: thin };
}

/** The month's workbook: 汇总, then one sheet per metric with every unit below, the own level and the total. */
export async function reportWorkbook(h: ReportHeader, f: ReportFigures): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'skillcert';
  const period = `统计期间：${h.month.slice(0, 4)}-01-01 至 ${h.asOf}（北京时间，按发证日期）`;
  const status = h.submitted ? `已于 ${h.submitted} 报送（冻结快照）` : '未报送（当前数据）';
  const heading = (what: string) => [
    `${h.unitName} ${monthTitle(h.month)}职业技能培训取证工作月报${what ? ` — ${what}` : ''}`,
    `填报单位：${h.unitName}    ${period}    状态：${status}`,
  ];

  const sum = wb.addWorksheet('汇总');
  title(sum, 7, heading(''));
  table(
    sum,
    4,
    ['指标', '单位', '年度任务', '本月完成', '累计完成', '完成率(%)', '进度'],
    METRIC_KEYS.map((m) => {
      const fig = f.unit.figures[m];
      const unconnected = h.unconnected.includes(m);
      return [
        METRICS[m].label,
        METRICS[m].unit,
        fig.target,
        METRICS[m].kind === 'flow' ? (f.unit.month[m] ?? 0) : null,
        unconnected ? '未接入' : fig.actual,
        fig.completion,
        STANDING[fig.standing],
      ];
    }),
    0,
  );
  sum.columns.forEach((c, i) => (c.width = i === 0 ? 26 : 12));

  for (const m of METRIC_KEYS) {
    const ws = wb.addWorksheet(METRICS[m].label.replace(/[\\/?*[\]:]/g, ''));
    const rate = METRICS[m].kind === 'rate';
    title(ws, 8, heading(`${METRICS[m].label}（${METRICS[m].unit}）`));
    const header = rate
      ? ['序号', '单位', '层级', '目标(%)', '毕业生（名册）', '已持证', '持证率(%)', '进度']
      : ['序号', '单位', '层级', '年度任务', '本月完成', '累计完成', '完成率(%)', '进度'];
    const rows: (string | number | null)[][] = f.children.map((c, i) => row(i + 1, c, m, rate));
    const own = f.ownLevel[m] ?? 0;
    if (!rate && own !== 0) rows.push(['', '本级直属（不属于下级单位的机构）', '', null, null, own, null, '']);
    rows.push(row('', { ...f.unit, name: `合计（${f.unit.name}）` }, m, rate));
    table(ws, 4, header, rows);
    ws.columns.forEach((c, i) => (c.width = i === 1 ? 34 : i === 0 ? 6 : 12));
    if (h.unconnected.includes(m)) ws.getCell(3, 1).value = '该指标的数据来源尚未接入本平台（未接入），数值为 0。';
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function row(no: number | string, l: Line, m: MetricKey, rate: boolean): (string | number | null)[] {
  const f = l.figures[m];
  return rate
    ? [
        no,
        l.name,
        LEVEL[l.level] ?? l.level,
        f.target,
        l.coverage.total,
        l.coverage.certified,
        f.actual,
        STANDING[f.standing],
      ]
    : [
        no,
        l.name,
        LEVEL[l.level] ?? l.level,
        f.target,
        METRICS[m].kind === 'flow' ? (l.month[m] ?? 0) : null,
        f.actual,
        f.completion,
        STANDING[f.standing],
      ];
}

/** TGT-3: the bulletin (通报): totals, the ranking of the units below by completion, those at risk and those overdue. */
export async function bulletinPdf(
  h: ReportHeader,
  f: ReportFigures,
  duty: { name: string; overdue: boolean; late: boolean }[],
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 60, right: 60 },
    info: { Title: `${h.unitName}${monthTitle(h.month)}培训取证工作进展通报`, Creator: 'skillcert' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('cjk', FONT_REGULAR);
  doc.registerFont('cjk-bold', FONT_BOLD);
  const W = doc.page.width - 120;
  doc.font('cjk-bold').fontSize(20).fillColor('#b91c1c').text('工 作 通 报', { align: 'center' });
  doc
    .moveDown(0.3)
    .font('cjk')
    .fontSize(11)
    .fillColor('#111')
    .text(`${monthTitle(h.month)}期`, { align: 'center' });
  doc
    .moveTo(60, doc.y + 6)
    .lineTo(60 + W, doc.y + 6)
    .lineWidth(1.5)
    .strokeColor('#b91c1c')
    .stroke();
  doc.moveDown(1);
  doc
    .font('cjk-bold')
    .fontSize(15)
    .fillColor('#111')
    .text(`关于${h.unitName}${monthTitle(h.month)}职业技能培训取证工作进展情况的通报`, {
      align: 'center',
    });
  doc.moveDown(0.8).font('cjk').fontSize(11);
  const u = f.unit.figures;
  const pct = (x: number | null) => (x === null ? '—' : `${x}%`);
  const fmt = (x: number | null) => (x === null ? '—' : x.toLocaleString('zh-CN'));
  doc.text(
    `截至 ${h.asOf}，${h.unitName}当年取证 ${fmt(u.certified.actual)} 人（本月 ${fmt(f.unit.month.certified ?? 0)} 人），` +
      `完成年度任务 ${pct(u.certified.completion)}；其中高技能人才 ${fmt(u.high_skill.actual)} 人，完成 ${pct(u.high_skill.completion)}；` +
      `颁发职业技能等级证书 ${fmt(u.certificates.actual)} 本；1+X 证书 ${fmt(u.one_plus_x.actual)} 本（单独统计），完成 ${pct(u.one_plus_x.completion)}；` +
      `备案评价机构 ${fmt(u.institutions.actual)} 家。` +
      (h.unconnected.includes('training') ? '培训人次数据尚未接入本平台。' : `培训 ${fmt(u.training.actual)} 人次。`) +
      `年度任务须于 ${h.month.slice(0, 4)} 年 11 月 30 日前完成。`,
    { indent: 22, lineGap: 4 },
  );
  doc.moveDown(0.8).font('cjk-bold').text('一、取证任务完成情况排名');
  const ranked = [...f.children].sort(
    (a, b) => (b.figures.certified.completion ?? -1) - (a.figures.certified.completion ?? -1),
  );
  const cols = [
    { t: '名次', w: 40 },
    { t: '单位', w: 170 },
    { t: '任务(人)', w: 70 },
    { t: '完成(人)', w: 70 },
    { t: '完成率', w: 60 },
    { t: '高技能(人)', w: 65 },
  ];
  const rowH = 18;
  const drawRow = (cells: string[], bold = false) => {
    if (doc.y > doc.page.height - 90) doc.addPage();
    const y = doc.y;
    let x = 60;
    doc.font(bold ? 'cjk-bold' : 'cjk').fontSize(9.5);
    cells.forEach((c, i) => {
      doc.text(c, x + 3, y + 4, { width: cols[i].w - 6, height: rowH, ellipsis: true, lineBreak: false });
      x += cols[i].w;
    });
    doc
      .moveTo(60, y + rowH)
      .lineTo(x, y + rowH)
      .lineWidth(0.5)
      .strokeColor('#bbb')
      .stroke();
    doc.x = 60;
    doc.y = y + rowH;
  };
  doc.moveDown(0.4);
  drawRow(
    cols.map((c) => c.t),
    true,
  );
  ranked.forEach((c, i) =>
    drawRow([
      String(i + 1),
      c.name,
      fmt(c.figures.certified.target),
      fmt(c.figures.certified.actual),
      pct(c.figures.certified.completion),
      fmt(c.figures.high_skill.actual),
    ]),
  );
  drawRow(
    [
      '',
      '合计',
      fmt(u.certified.target),
      fmt(u.certified.actual),
      pct(u.certified.completion),
      fmt(u.high_skill.actual),
    ],
    true,
  );
  const risk = ranked.filter((c) => c.figures.certified.standing === 'at_risk');
  doc.moveDown(0.8).font('cjk-bold').fontSize(11).text('二、进度滞后的单位');
  doc
    .font('cjk')
    .text(
      risk.length
        ? `${risk.map((c) => c.name).join('、')}的取证进度低于序时进度（按目前进度到 11 月 30 日不能完成年度任务），请加快推进。`
        : '各单位取证进度均不低于序时进度。',
      { indent: 22, lineGap: 4 },
    );
  const overdue = duty.filter((d) => d.overdue);
  const late = duty.filter((d) => d.late);
  doc.moveDown(0.8).font('cjk-bold').text('三、月报报送情况（SUP-3）');
  doc
    .font('cjk')
    .text(
      (overdue.length
        ? `截至目前未报送月报的单位：${overdue.map((d) => d.name).join('、')}。`
        : '各单位均已报送月报。') + (late.length ? `逾期报送的单位：${late.map((d) => d.name).join('、')}。` : ''),
      { indent: 22, lineGap: 4 },
    );
  doc
    .moveDown(1.5)
    .text(h.unitName, { align: 'right' })
    .text(h.submitted ? h.submitted.slice(0, 10) : h.asOf, { align: 'right' });
  doc.end();
  return done;
}

/** TGT-4: the yearly assessment sheet — each county and school below with completion per metric and an average, ranked. */
export async function assessmentSheet(
  unitName: string,
  year: number,
  asOf: string,
  lines: { name: string; level: string; figures: Line['figures'] }[],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const metrics = METRIC_KEYS.filter((m) => METRICS[m].targetable);
  const ws = wb.addWorksheet('年度考核');
  const header = [
    '名次',
    '单位',
    '层级',
    ...metrics.map((m) => `${METRICS[m].label}完成率(%)`),
    '平均完成率(%)',
    '考核意见',
  ];
  title(ws, header.length, [
    `${unitName} ${year} 年度培训取证任务完成情况考核表`,
    `统计至 ${asOf}（北京时间）；完成率为完成数 ÷ 年度任务，未下达任务的指标不计入平均（TGT-4：纳入县（市、区）和院校年度目标考核，作为项目遴选的重要依据）`,
  ]);
  const scored = lines
    .map((l) => {
      const rates = metrics.map((m) => l.figures[m].completion);
      const given = rates.filter((r): r is number => r !== null);
      const avg = given.length
        ? Math.round((given.reduce((a, b) => a + Math.min(b, 100), 0) / given.length) * 10) / 10
        : null;
      return { l, rates, avg };
    })
    .sort((a, b) => (b.avg ?? -1) - (a.avg ?? -1));
  table(
    ws,
    4,
    header,
    scored.map((s, i) => [
      s.avg === null ? '' : i + 1,
      s.l.name,
      LEVEL[s.l.level] ?? s.l.level,
      ...s.rates,
      s.avg,
      s.avg === null ? '未下达任务' : s.avg >= 100 ? '完成' : s.avg >= 80 ? '基本完成' : '未完成',
    ]),
    0,
  );
  ws.columns.forEach((c, i) => (c.width = i === 1 ? 34 : 13));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
