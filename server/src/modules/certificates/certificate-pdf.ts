/**
 * The certificate document: one A4 page carrying every mandatory item (title, institution name as
 * filed with the place for its seal, date of issue, holder's name, ID document type and number,
 * photo when uploaded, occupation and work type when there is one, level as 三级/高级工, number,
 * QR code to the verification page, the query addresses), with Noto Sans SC embedded (subset) so
 * it renders anywhere, as a tagged PDF.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { levelLabel } from '../../../../contract/levels.js';
import { workerTask } from '../../lib/workers.js';
import { occupationWithWorkType } from '../../../../contract/certificate-wording.js';

const require = createRequire(import.meta.url);
const FONT_DIR = path.dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'));
export const FONT_REGULAR = path.join(FONT_DIR, '400Regular', 'NotoSansSC_400Regular.ttf');
export const FONT_BOLD = path.join(FONT_DIR, '700Bold', 'NotoSansSC_700Bold.ttf');

/** Query systems printed on every certificate (configurable per deployment later). */
export const NATIONAL_CERTIFICATE_QUERY = 'http://zscx.osta.org.cn';
export const NATIONAL_INSTITUTION_QUERY = 'http://jndj.osta.org.cn';

export const ID_TYPE_LABELS: Record<string, string> = {
  resident_id: '居民身份证',
  passport: '护照',
  hk_macao: '港澳居民来往内地通行证',
  taiwan: '台湾居民来往大陆通行证',
};

export interface CertificateDocument {
  number: string;
  holderName: string;
  holderIdType: string;
  holderIdNumber: string;
  institutionName: string;
  occupationName: string;
  workType: string | null;
  level: number;
  issuedOn: string;
  status: string;
  verifyUrl: string;
  provincialQueryUrl: string;
  photo: Buffer | null;
}

/** Standard round seal of an organisation: 42 mm across (GA 241), in points. */
const SEAL_DIAMETER = (42 / 25.4) * 72;

/**
 * The certificate as a tagged PDF (PDF/UA-style structure: title, table of items, figures with
 * alternative text; borders and guides are artifacts), its title extractable as one word. The
 * holder's photo when there is one (no empty frame when there is none), and the place where the
 * issuing institution stamps its seal (评价机构（盖章）) over its name.
 */
export async function renderCertificatePdf(c: CertificateDocument): Promise<Buffer> {
  const qr = await QRCode.toBuffer(c.verifyUrl, { errorCorrectionLevel: 'M', margin: 1, width: 220 });
  const title = '职业技能等级证书';
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    tagged: true,
    lang: 'zh-CN',
    displayTitle: true,
    pdfVersion: '1.7',
    info: {
      Title: `${title} ${c.number}`,
      Author: c.institutionName,
      Subject: title,
      Creator: 'skillcert',
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('cjk', FONT_REGULAR);
  doc.registerFont('cjk-bold', FONT_BOLD);
  const W = doc.page.width;
  const H = doc.page.height;
  const ink = '#1f2937';
  const muted = '#6b7280';
  const accent = '#8b1a1a';
  const root = doc.struct('Document');
  doc.addStructure(root);
  /** Decoration that carries no meaning: outside the structure tree. */
  const artifact = (draw: () => void) => {
    doc.markContent('Artifact', { type: 'Layout' });
    draw();
    doc.endMarkedContent();
  };
  const para = (draw: () => void) => root.add(doc.struct('P', {}, draw));

  // double border
  artifact(() => {
    doc
      .lineWidth(3)
      .strokeColor(accent)
      .rect(28, 28, W - 56, H - 56)
      .stroke();
    doc
      .lineWidth(0.8)
      .rect(38, 38, W - 76, H - 76)
      .stroke();
  });

  // the title, spaced out for the eye and extracted as the word it is (ActualText)
  root.add(
    doc.struct('H1', {}, () => {
      doc.markContent('Span', { actual: title });
      doc
        .font('cjk-bold')
        .fontSize(34)
        .fillColor(accent)
        .text(title, 0, 92, { width: W, align: 'center', characterSpacing: 6 });
      doc.endMarkedContent();
    }),
  );
  para(() =>
    doc
      .font('cjk')
      .fontSize(11)
      .fillColor(muted)
      .text('Vocational Skill Level Certificate', 0, 140, { width: W, align: 'center' }),
  );
  if (c.status !== 'valid') {
    para(() => {
      doc
        .save()
        .rotate(-30, { origin: [W / 2, H / 2] })
        .font('cjk-bold')
        .fontSize(96)
        .fillColor('#dc2626', 0.18)
        .text(c.status === 'revoked' ? '已撤销' : '已暂停', 0, H / 2 - 60, { width: W, align: 'center' })
        .restore();
      doc.fillOpacity(1);
    });
  }

  // the holder's photo (top right of the details block), only when there is one
  const photoX = W - 70 - 100;
  const photoY = 190;
  if (c.photo) {
    artifact(() => doc.lineWidth(0.8).strokeColor('#9ca3af').rect(photoX, photoY, 100, 130).stroke());
    root.add(
      doc.struct('Figure', { alt: `持证人照片：${c.holderName}` }, () =>
        doc.image(c.photo!, photoX + 2, photoY + 2, { fit: [96, 126], align: 'center', valign: 'center' }),
      ),
    );
  }
  const valueWidth = (c.photo ? photoX - 10 : W - 80) - 190;

  const rows: [string, string][] = [
    ['姓　　名', c.holderName],
    ['证件类型', ID_TYPE_LABELS[c.holderIdType] ?? c.holderIdType],
    ['证件号码', c.holderIdNumber],
    // a certificate without a work type names the occupation alone, never 电工（--）
    [c.workType ? '职业（工种）' : '职　　业', occupationWithWorkType(c.occupationName, c.workType)],
    ['职业技能等级', levelLabel(c.level)],
    ['证书编号', c.number],
    ['发证日期', chineseDate(c.issuedOn)],
  ];
  let y = 200;
  const table = doc.struct('Table');
  root.add(table);
  for (const [k, v] of rows) {
    const rowY = y;
    table.add(
      doc.struct('TR', {}, [
        // scope (PDF 1.7 table attribute) is supported by pdfkit, not yet in its type declarations
        doc.struct('TH', { scope: 'Row' } as PDFKit.Mixins.StructureElementOptions, () =>
          doc.font('cjk').fontSize(12).fillColor(muted).text(k, 80, rowY, { width: 110 }),
        ),
        doc.struct('TD', {}, () =>
          doc
            .font(k === '证书编号' ? 'cjk-bold' : 'cjk')
            .fontSize(k === '姓　　名' ? 16 : 13)
            .fillColor(ink)
            .text(v, 190, rowY - (k === '姓　　名' ? 2 : 0), { width: valueWidth }),
        ),
      ]),
    );
    y += 38;
  }
  table.end();

  para(() =>
    doc
      .font('cjk')
      .fontSize(12)
      .fillColor(ink)
      .text('经评价，该同志具备上述职业技能等级水平，特发此证。', 80, y + 20, { width: W - 160 }),
  );

  // the QR code to the verification page
  const bottom = H - 260;
  root.add(
    doc.struct('Figure', { alt: `核验二维码：${c.verifyUrl}` }, () => doc.image(qr, 80, bottom, { width: 120 })),
  );
  para(() =>
    doc
      .font('cjk')
      .fontSize(9)
      .fillColor(muted)
      .text('扫码核验证书真伪', 80, bottom + 124, { width: 120, align: 'center' }),
  );

  // the issuing institution, and the place its seal is stamped (over its name, as on paper)
  const sealCx = W - 70 - SEAL_DIAMETER / 2 - 20;
  const sealCy = bottom + 52;
  artifact(() =>
    doc
      .save()
      .lineWidth(0.6)
      .dash(3, { space: 3 })
      .strokeColor('#d1d5db')
      .circle(sealCx, sealCy, SEAL_DIAMETER / 2)
      .stroke()
      .undash()
      .restore(),
  );
  para(() =>
    doc
      .font('cjk')
      .fontSize(11)
      .fillColor(muted)
      .text('评价机构（盖章）', W - 330, bottom + 10, { width: 260, align: 'right' }),
  );
  para(() =>
    doc
      .font('cjk-bold')
      .fontSize(15)
      .fillColor(ink)
      .text(c.institutionName, W - 400, bottom + 32, { width: 330, align: 'right' }),
  );
  para(() =>
    doc
      .font('cjk')
      .fontSize(10)
      .fillColor(muted)
      .text('谁评价、谁发证、谁负责', W - 330, bottom + 60, { width: 260, align: 'right' }),
  );

  const q = H - 100;
  para(() =>
    doc
      .font('cjk')
      .fontSize(8.5)
      .fillColor(muted)
      .text(`全国证书查询：${NATIONAL_CERTIFICATE_QUERY}　　评价机构查询：${NATIONAL_INSTITUTION_QUERY}`, 60, q, {
        width: W - 120,
        align: 'center',
      }),
  );
  para(() =>
    doc
      .font('cjk')
      .fontSize(8.5)
      .fillColor(muted)
      .text(`本平台核验：${c.provincialQueryUrl}`, 60, q + 14, { width: W - 120, align: 'center' }),
  );
  root.end();
  doc.end();
  return done;
}

/** 2025-06-28 → 2025年6月28日 */
function chineseDate(isoDate: string) {
  return `${isoDate.slice(0, 4)}年${Number(isoDate.slice(5, 7))}月${Number(isoDate.slice(8, 10))}日`;
}

/** `renderCertificatePdf` as a worker-thread task (lib/workers.ts): about 50 ms of CPU per page, off the request thread. */
export const RENDER_CERTIFICATE_PDF = workerTask<typeof renderCertificatePdf>(import.meta.url, 'renderCertificatePdf');
