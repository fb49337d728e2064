/**
 * 已发证书复核: lists the certificates on a database that the rules, as the platform now reads
 * them, would not have issued (issue 10), for officials to review. Each pathway's module judges its
 * own certificates; this module only gathers and describes them. Nothing is changed: revoking or
 * correcting stays an official's decision through the certificate workflow (CERT-12).
 */
import type { Kysely } from 'kysely';
import { ruleText, isRuleId } from '../../../../contract/rules.js';
import type { DB } from '../../database/schema.js';
import { maskName } from '../../lib/identity.js';
import { personalData } from '../../lib/personal-data.js';
import type { Config } from '../../config.js';
import { maskedHolderId } from '../certificates/holder-id.js';
import { reviewExamCertificates } from '../assessment/issued-review.js';
import { reviewCertificateDates, type IssuedFinding } from '../certificates/issued-review.js';
import { certificatesForReview } from '../certificates/certificates.queries.js';
import {
  reviewCompetitionCertificates,
  reviewEnterpriseCertificates,
  reviewProcessCertificates,
  reviewRecognitionCertificates,
} from '../pathways/issued-review.js';

/** The reviews, one per rule family; each returns the certificates it would not have issued. */
const REVIEWS: { label: string; run: (db: Kysely<DB>, timeZone: string) => Promise<IssuedFinding[]> }[] = [
  { label: '考试：成绩、中职上限、考评人员资格', run: reviewExamCertificates },
  { label: '过程化考核成绩', run: (db) => reviewProcessCertificates(db) },
  { label: '竞赛取证规则的赛前批准与上限', run: reviewCompetitionCertificates },
  { label: '1+X 直接认定：证书记录、本校学生、对应职业与等级', run: (db) => reviewRecognitionCertificates(db) },
  { label: '企校合作：院校接受的协议、学生名册、合格线与中职上限', run: (db) => reviewEnterpriseCertificates(db) },
  { label: '签发日期与编号年份（北京时间）', run: reviewCertificateDates },
];

export interface ReviewedCertificate {
  number: string;
  pathway: string;
  level: number;
  issuedOn: string;
  status: string;
  holder: string;
  holderId: string;
  occupation: string;
  institution: string;
  regionCode: string;
  findings: { rule: string; ruleTitle: string; reason: string }[];
}

export interface IssuedReview {
  reviewed: string[];
  certificates: ReviewedCertificate[];
  byRule: Record<string, number>;
}

/**
 * Runs every review and returns each certificate named once, with all its findings; holders are
 * masked (the list goes to officials, who reveal a full identity through the platform if needed).
 * `regionPrefix` keeps the certificates of institutions in one region's subtree.
 */
export async function reviewIssuedCertificates(
  db: Kysely<DB>,
  config: Pick<Config, 'businessTimeZone' | 'keyDir' | 'dataKeys' | 'lookupKey'>,
  opts: { regionPrefix?: string; onProgress?: (label: string) => void } = {},
): Promise<IssuedReview> {
  const timeZone = config.businessTimeZone;
  const pd = personalData(config);
  const findings: IssuedFinding[] = [];
  for (const r of REVIEWS) {
    opts.onProgress?.(r.label);
    findings.push(...(await r.run(db, timeZone)));
  }
  const byId = new Map<number, IssuedFinding[]>();
  for (const f of findings) byId.set(f.certificateId, [...(byId.get(f.certificateId) ?? []), f]);
  const certificates: ReviewedCertificate[] = [];
  const ids = [...byId.keys()].sort((a, b) => a - b);
  for (let i = 0; i < ids.length; i += 500) {
    for (const c of await certificatesForReview(db, ids.slice(i, i + 500))) {
      if (opts.regionPrefix && !c.region_code.startsWith(opts.regionPrefix)) continue;
      certificates.push({
        number: c.number,
        pathway: c.pathway,
        level: c.level,
        issuedOn: c.issued_on,
        status: c.status,
        holder: maskName(c.holder_name),
        holderId: maskedHolderId(pd, c.holder_id_number_enc),
        occupation: c.occupation_name,
        institution: c.institution_name,
        regionCode: c.region_code,
        findings: byId.get(c.id)!.map((f) => ({
          rule: f.rule,
          ruleTitle: isRuleId(f.rule) ? ruleText(f.rule).title : f.rule,
          reason: f.reason,
        })),
      });
    }
  }
  const byRule: Record<string, number> = {};
  for (const c of certificates) for (const f of c.findings) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
  return { reviewed: REVIEWS.map((r) => r.label), certificates, byRule };
}
