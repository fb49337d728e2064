/**
 * The certificate document: one A4 page carrying every mandatory item (title, institution name as
 * filed, date of issue, holder's name, ID document type and number, photo when uploaded,
 * occupation and work type, level as 三级/高级工, number, QR code to the verification page, the
 * query addresses), with Noto Sans SC embedded (subset) so it renders anywhere.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { levelLabel } from '../../../../contract/levels.js';
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

export async function renderCertificatePdf(c: CertificateDocument): Promise<Buffer> {
  const qr = await QRCode.toBuffer(c.verifyUrl, { errorCorrectionLevel: 'M', margin: 1, width: 220 });
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    info: {
      Title: `职业技能等级证书 ${c.number}`,
      Author: c.institutionName,
      Subject: '职业技能等级证书',
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
  const accent = '#8b1a1a';

  // double border
  doc
    .lineWidth(3)
    .strokeColor(accent)
    .rect(28, 28, W - 56, H - 56)
    .stroke();
  doc
    .lineWidth(0.8)
    .rect(38, 38, W - 76, H - 76)
    .stroke();

  doc
    .font('cjk-bold')
    .fontSize(34)
    .fillColor(accent)
    .text('职业技能等级证书', 0, 92, { width: W, align: 'center', characterSpacing: 6 });
  doc
    .font('cjk')
    .fontSize(11)
    .fillColor('#6b7280')
    .text('Vocational Skill Level Certificate', 0, 140, { width: W, align: 'center' });
  if (c.status !== 'valid') {
    doc
      .save()
      .rotate(-30, { origin: [W / 2, H / 2] })
      .font('cjk-bold')
      .fontSize(96)
      .fillColor('#dc2626', 0.18)
      .text(c.status === 'revoked' ? '已撤销' : '已暂停', 0, H / 2 - 60, { width: W, align: 'center' })
      .restore();
    doc.fillOpacity(1);
  }

  // photo frame (top right of the details block)
  const photoX = W - 70 - 100;
  const photoY = 190;
  doc.lineWidth(0.8).strokeColor('#9ca3af').rect(photoX, photoY, 100, 130).stroke();
  if (c.photo) doc.image(c.photo, photoX + 2, photoY + 2, { fit: [96, 126], align: 'center', valign: 'center' });
  else
    doc
      .font('cjk')
      .fontSize(10)
      .fillColor('#9ca3af')
      .text('照片', photoX, photoY + 58, { width: 100, align: 'center' });

  const rows: [string, string][] = [
    ['姓　　名', c.holderName],
    ['证件类型', ID_TYPE_LABELS[c.holderIdType] ?? c.holderIdType],
    ['证件号码', c.holderIdNumber],
    // a certificate without a work type names the occupation alone, never 电工（--）
    ['职业（工种）', occupationWithWorkType(c.occupationName, c.workType)],
    ['职业技能等级', levelLabel(c.level)],
    ['证书编号', c.number],
    ['发证日期', `${c.issuedOn.slice(0, 4)}年${Number(c.issuedOn.slice(5, 7))}月${Number(c.issuedOn.slice(8, 10))}日`],
  ];
  let y = 200;
  for (const [k, v] of rows) {
    doc.font('cjk').fontSize(12).fillColor('#6b7280').text(k, 80, y, { width: 110 });
    doc
      .font(k === '证书编号' ? 'cjk-bold' : 'cjk')
      .fontSize(k === '姓　　名' ? 16 : 13)
      .fillColor(ink)
      .text(v, 190, y - (k === '姓　　名' ? 2 : 0), { width: photoX - 200 });
    y += 38;
  }

  doc
    .font('cjk')
    .fontSize(12)
    .fillColor(ink)
    .text('经评价，该同志具备上述职业技能等级水平，特发此证。', 80, y + 20, { width: W - 160 });

  // issuing institution and QR code
  const bottom = H - 260;
  doc.image(qr, 80, bottom, { width: 120 });
  doc
    .font('cjk')
    .fontSize(9)
    .fillColor('#6b7280')
    .text('扫码核验证书真伪', 80, bottom + 124, { width: 120, align: 'center' });
  doc
    .font('cjk')
    .fontSize(11)
    .fillColor('#6b7280')
    .text('评价机构（发证机构）', W - 330, bottom + 10, { width: 260, align: 'right' });
  doc
    .font('cjk-bold')
    .fontSize(15)
    .fillColor(ink)
    .text(c.institutionName, W - 400, bottom + 32, { width: 330, align: 'right' });
  doc
    .font('cjk')
    .fontSize(10)
    .fillColor('#6b7280')
    .text('谁评价、谁发证、谁负责', W - 330, bottom + 60, { width: 260, align: 'right' });

  doc.font('cjk').fontSize(8.5).fillColor('#6b7280');
  const q = H - 100;
  doc.text(`全国证书查询：${NATIONAL_CERTIFICATE_QUERY}　　评价机构查询：${NATIONAL_INSTITUTION_QUERY}`, 60, q, {
    width: W - 120,
    align: 'center',
  });
  doc.text(`本平台核验：${c.provincialQueryUrl}`, 60, q + 14, { width: W - 120, align: 'center' });
  doc.end();
  return done;
}
