/** 准考证: an A5 admission ticket per candidate, listing each session, room and seat. */
import PDFDocument from 'pdfkit';
import { FONT_BOLD, FONT_REGULAR } from '../certificates/certificate-pdf.js';
import { levelLabel } from '../../../../contract/levels.js';
import { workerTask } from '../../lib/workers.js';

export interface TicketInput {
  planTitle: string;
  institutionName: string;
  occupationName: string;
  level: number;
  name: string;
  idNumber: string;
  sessions: { part: string; startsAt: string; site: string; room: string; seat: number; ticketNo: string }[];
}

export async function renderTicketPdf(t: TicketInput): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A5',
    layout: 'landscape',
    margin: 36,
    info: { Title: `准考证 ${t.name}`, Creator: 'skillcert' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('cjk', FONT_REGULAR).registerFont('cjk-bold', FONT_BOLD);
  const W = doc.page.width;
  doc
    .font('cjk-bold')
    .fontSize(20)
    .text('职业技能等级认定 准考证', 36, 30, { width: W - 72, align: 'center' });
  doc
    .font('cjk')
    .fontSize(10)
    .fillColor('#555')
    .text(`${t.institutionName} · ${t.planTitle}`, { width: W - 72, align: 'center' });
  doc.moveDown(0.8).fillColor('#000').fontSize(12);
  const line = (k: string, v: string) => doc.font('cjk').text(`${k}：`, { continued: true }).font('cjk-bold').text(v);
  line('姓名', t.name);
  line('证件号码', t.idNumber);
  line('职业（等级）', `${t.occupationName}（${levelLabel(t.level)}）`);
  doc.moveDown(0.5);
  const parts: Record<string, string> = { theory: '理论知识考试', practical: '操作技能考核', panel: '综合评审' };
  for (const s of t.sessions) {
    doc
      .font('cjk')
      .fontSize(11)
      .text(
        `${parts[s.part] ?? s.part}　${s.startsAt.replace('T', ' ').slice(0, 16)}　${s.site} ${s.room} 第 ${s.seat} 座　准考证号 ${s.ticketNo}`,
      );
  }
  if (!t.sessions.length) doc.font('cjk').fontSize(11).fillColor('#b91c1c').text('尚未安排考场，请留意机构通知。');
  doc
    .moveDown(1)
    .fontSize(9)
    .fillColor('#555')
    .text('考生须携带本人有效身份证件和本准考证，按时参加考试；不得替考、作弊。考试成绩将公示 5 个工作日。');
  doc
    .rect(W - 36 - 80, 30, 80, 100)
    .strokeColor('#999')
    .stroke();
  doc.fontSize(9).text('照片', W - 36 - 80, 75, { width: 80, align: 'center' });
  doc.end();
  return done;
}

/** `renderTicketPdf` as a worker-thread task (lib/workers.ts). */
export const RENDER_TICKET_PDF = workerTask<typeof renderTicketPdf>(import.meta.url, 'renderTicketPdf');
