/**
 * 职业技能等级证书编号 (CERT-7): 22 characters — the institution's 13-character filing number,
 * the two-digit year of issue, the level digit (1–5), and a 6-digit serial assigned per
 * (filing number, year, level), never reused (人社鉴发〔2019〕2号).
 */
export const CERTIFICATE_NUMBER_RE = /^[YS]\d{4}\d{2}\d{6}\d{2}[1-5]\d{6}$/;
export const MAX_SERIAL = 999_999;

export function formatCertificateNumber(filingNo: string, issuedYear: number, level: number, serial: number): string {
  if (!/^[YS]\d{12}$/.test(filingNo)) throw new Error(`备案号格式不正确：${filingNo}`);
  if (!Number.isInteger(level) || level < 1 || level > 5) throw new Error(`等级须为 1–5：${level}`);
  if (!Number.isInteger(serial) || serial < 1 || serial > MAX_SERIAL) throw new Error(`证书流水号超出范围：${serial}`);
  if (!Number.isInteger(issuedYear) || issuedYear < 2000 || issuedYear > 2099)
    throw new Error(`发证年份不正确：${issuedYear}`);
  return `${filingNo}${String(issuedYear % 100).padStart(2, '0')}${level}${String(serial).padStart(6, '0')}`;
}

export interface ParsedCertificateNumber {
  category: 'Y' | 'S';
  ministryCode: string;
  provinceCode: string;
  siteSerial: string;
  filingNo: string;
  year: number;
  level: number;
  serial: number;
}

export function parseCertificateNumber(n: string): ParsedCertificateNumber | null {
  if (!CERTIFICATE_NUMBER_RE.test(n)) return null;
  return {
    category: n[0] as 'Y' | 'S',
    ministryCode: n.slice(1, 5),
    provinceCode: n.slice(5, 7),
    siteSerial: n.slice(7, 13),
    filingNo: n.slice(0, 13),
    year: 2000 + Number(n.slice(13, 15)),
    level: Number(n[15]),
    serial: Number(n.slice(16)),
  };
}
