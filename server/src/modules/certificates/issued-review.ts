/**
 * Reviewing what was issued (issue 10): each module that decides a certificate looks back over
 * the certificates it decided and names those its rules, as they read now, would not have issued.
 * Nothing is changed; officials review the list (`npm run review:issued`).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../database/schema.js';
import { businessDate } from '../../lib/dates.js';
import { parseCertificateNumber } from './certificate-number.js';
import { certificateDatesAfter } from './certificates.queries.js';

/** One certificate the corrected rules would not have issued, and why. */
export interface IssuedFinding {
  certificateId: number;
  rule: string;
  reason: string;
}

/** Rows are read in pages of this many, so a province's millions of certificates never sit in memory at once. */
export const REVIEW_PAGE = 2000;

/**
 * Business dates in China time (issue 10 item 11): a certificate's issue date and the year in its
 * number are the date in China when it was issued, whatever the server's time zone was.
 */
export async function reviewCertificateDates(db: Kysely<DB>, timeZone: string): Promise<IssuedFinding[]> {
  const out: IssuedFinding[] = [];
  for (let after = 0; ;) {
    const rows = await certificateDatesAfter(db, after, REVIEW_PAGE);
    if (!rows.length) return out;
    after = rows[rows.length - 1].id;
    for (const c of rows) {
      const day = businessDate(new Date(c.created_at), timeZone);
      const numberYear = parseCertificateNumber(c.number)?.year;
      if (c.issued_on !== day)
        out.push({
          certificateId: c.id,
          rule: 'CERT-7',
          reason: `签发于北京时间 ${day}，证书日期却为 ${c.issued_on}（按服务器时区计算）`,
        });
      else if (numberYear !== undefined && String(numberYear) !== day.slice(0, 4))
        out.push({
          certificateId: c.id,
          rule: 'CERT-7',
          reason: `编号中的年份 ${numberYear} 与签发日期 ${day} 的年份不符`,
        });
    }
  }
}
