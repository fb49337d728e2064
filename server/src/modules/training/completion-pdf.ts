/**
 * 培训合格证书 (TRAIN-9, TRAIN-3): one A4 page — title, holder (name, masked document number),
 * occupation and class, training period, compliant hours against the plan, the provider, the
 * assessment day and the HRSS of the place that organised it, the certificate number — with the
 * certificates' Noto Sans SC fonts embedded (subset), as a tagged PDF.
 */
import PDFDocument from 'pdfkit';
import { FONT_BOLD, FONT_REGULAR } from '../certificates/certificate-pdf.js';

export interface CompletionDocument {
  number: string;
  holderName: string;
  holderIdMasked: string;
  occupationName: string;
  classTitle: string;
  providerName: string;
  startDate: string;
  endDate: string;
  hoursCounted: number;
  hoursPlanned: number;
  assessedOn: string;
  authority: string;
}

const chineseDate = (d: string) => {
  const [y, m, day] = d.split('-').map(Number);
  return `${y}年${m}月${day}日`;
};

export async function renderCompletionPdf(c: CompletionDocument): Promise<Buffer> {
  const title = '培训合格证书';
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    tagged: true,
    lang: 'zh-CN',
    displayTitle: true,
    pdfVersion: '1.7',
    info: { Title: `${title} ${c.number}`, Author: c.authority, Subject: title, Creator: 'skillcert' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('cjk', FONT_REGULAR);
  doc.registerFont('cjk-bold', FONT_BOLD);
  const W = doc.page.width;
  const ink = '#1f2937';
  const muted = '#6b7280';
  const accent = '#1d4e89';
  const root = doc.struct('Document');
  doc.addStructure(root);
  doc.markContent('Artifact', { type: 'Layout' });
  doc
    .lineWidth(3)
    .strokeColor(accent)
    .rect(28, 28, W - 56, doc.page.height - 56)
    .stroke();
  doc.endMarkedContent();
  root.add(
    doc.struct('H1', {}, () => {
      doc.markContent('Span', { actual: title });
      doc
        .font('cjk-bold')
        .fontSize(32)
        .fillColor(accent)
        .text(title, 0, 92, { width: W, align: 'center', characterSpacing: 6 });
      doc.endMarkedContent();
    }),
  );
  root.add(
    doc.struct('P', {}, () =>
      doc
        .font('cjk')
        .fontSize(11)
        .fillColor(muted)
        .text('Training Completion Certificate', 0, 138, { width: W, align: 'center' }),
    ),
  );
  const rows: [string, string][] = [
    ['姓　　名', c.holderName],
    ['证件号码', c.holderIdMasked],
    ['培训职业（工种）', c.occupationName],
    ['培训班', c.classTitle],
    ['培训机构', c.providerName],
    ['培训期间', `${chineseDate(c.startDate)} 至 ${chineseDate(c.endDate)}`],
    ['合规学时', `${c.hoursCounted} 学时（计划 ${c.hoursPlanned} 学时）`],
    ['考核日期', chineseDate(c.assessedOn)],
    ['证书编号', c.number],
  ];
  let y = 200;
  const table = doc.struct('Table');
  root.add(table);
  for (const [k, v] of rows) {
    const rowY = y;
    table.add(
      doc.struct('TR', {}, [
        doc.struct('TH', { scope: 'Row' } as PDFKit.Mixins.StructureElementOptions, () =>
          doc.font('cjk').fontSize(12).fillColor(muted).text(k, 80, rowY, { width: 130 }),
        ),
        doc.struct('TD', {}, () =>
          doc
            .font(k === '证书编号' ? 'cjk-bold' : 'cjk')
            .fontSize(13)
            .fillColor(ink)
            .text(v, 210, rowY, { width: W - 290 }),
        ),
      ]),
    );
    y += 36;
  }
  table.end();
  root.add(
    doc.struct('P', {}, () =>
      doc
        .font('cjk')
        .fontSize(12)
        .fillColor(ink)
        .text('该学员参加上述补贴性职业技能培训，学时符合规定，经线下考核合格，特发此证。', 80, y + 24, {
          width: W - 160,
        }),
    ),
  );
  root.add(
    doc.struct('P', {}, () =>
      doc
        .font('cjk')
        .fontSize(13)
        .fillColor(ink)
        .text(`${c.authority}（盖章）`, 0, y + 110, { width: W - 90, align: 'right' })
        .text(chineseDate(c.assessedOn), 0, y + 134, { width: W - 90, align: 'right' }),
    ),
  );
  root.end();
  doc.end();
  return done;
}
