/**
 * 证书管理 as an Excel workbook: exactly the certificates the caller's list shows under the same
 * filters and order (the list's own query), ID numbers always masked, audited.
 */
import type { CertificateExportQuery } from '../../../../contract/api-certificates.js';
import { occupationWithWorkType } from '../../../../contract/certificate-wording.js';
import { EXPORT_ROWS_MAX } from '../../../../contract/limits.js';
import { LEVELS } from '../../../../contract/levels.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { pick } from '../../lib/lang.js';
import { workbookOf, type SheetColumn } from '../../lib/xlsx.js';
import { recordAuditNow } from '../audit/audit.service.js';
import * as q from './certificates.queries.js';
import { toCertificate } from './certificates.service.js';

const PATHWAYS: Record<string, readonly [string, string]> = {
  exam: ['考试考核', 'Examination'],
  recognition: ['1+X 直接认定', '1+X recognition'],
  process: ['过程化考核', 'Process-based assessment'],
  competition: ['竞赛取证', 'Competition'],
  enterprise: ['企校合作', 'Enterprise–school cooperation'],
};
const STATUSES: Record<string, readonly [string, string]> = {
  valid: ['有效', 'Valid'],
  suspended: ['已暂停', 'Suspended'],
  revoked: ['已撤销', 'Revoked'],
};

type Row = ReturnType<typeof toCertificate>;

export async function exportCertificates(deps: Deps, ctx: RequestContext, f: CertificateExportQuery): Promise<Buffer> {
  const lang = ctx.lang ?? 'zh';
  const both = (p: readonly [string, string] | undefined, fallback: string) => (p ? pick(lang, p[0], p[1]) : fallback);
  const { items } = await q.listCertificates(deps.db, ctx.actor!, f, 1, EXPORT_ROWS_MAX);
  // an export leaves the platform: the ID number is masked whoever exports it
  const rows = items.map((r) => toCertificate(deps, r));
  const columns: SheetColumn<Row>[] = [
    { header: ['证书编号', 'Certificate number'], width: 26, text: true, value: (r) => r.number },
    { header: ['姓名', 'Name'], width: 10, value: (r) => r.holderName },
    { header: ['证件号码（脱敏）', 'ID number (masked)'], width: 22, text: true, value: (r) => r.holderIdNumber },
    {
      header: ['职业（工种）', 'Occupation (work type)'],
      width: 24,
      value: (r) => occupationWithWorkType(r.occupationName, r.workType),
    },
    { header: ['职业编码', 'Occupation code'], width: 12, text: true, value: (r) => r.occupationCode },
    {
      header: ['等级', 'Level'],
      width: 14,
      value: (r) => {
        const l = LEVELS.find((x) => x.digit === r.level);
        return l ? pick(lang, `${l.name}/${l.title}`, l.nameEn) : r.level;
      },
    },
    { header: ['取证途径', 'Pathway'], width: 14, value: (r) => both(PATHWAYS[r.pathway], r.pathway) },
    { header: ['发证机构', 'Issued by'], width: 30, value: (r) => r.institutionName },
    { header: ['备案号', 'Filing number'], width: 16, text: true, value: (r) => r.filingNo },
    { header: ['发证日期', 'Issued on'], width: 12, date: true, value: (r) => r.issuedOn },
    { header: ['状态', 'Status'], width: 10, value: (r) => both(STATUSES[r.status], r.status) },
  ];
  const buf = await workbookOf(['证书', 'Certificates'], columns, rows, lang);
  await recordAuditNow(deps, ctx, {
    action: 'certificate.export',
    objectType: 'certificate',
    detail: JSON.stringify({ rows: rows.length, filter: f }),
  });
  return buf;
}
