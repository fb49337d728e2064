/**
 * The other pathways look back over the certificates they issued (issue 10), each as its rule
 * reads now. Process-based certification (CERT-4): every course and the skill assessment at or
 * above the standard's pass mark, whatever verdict the client sent at the time.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../database/schema.js';
import { standardOf } from '../assessment/standards.service.js';
import { REVIEW_PAGE, type IssuedFinding } from '../certificates/issued-review.js';
import { certifyingRecordsAfter } from './pathways.queries.js';
import { judgeResults } from './pathways.rules.js';

type RecordRow = Awaited<ReturnType<typeof certifyingRecordsAfter>>[number];

async function eachRecord(
  db: Kysely<DB>,
  pathway: Parameters<typeof certifyingRecordsAfter>[1],
  check: (r: RecordRow) => Promise<string | null>,
  rule: string,
): Promise<IssuedFinding[]> {
  const out: IssuedFinding[] = [];
  for (let after = 0; ;) {
    const rows = await certifyingRecordsAfter(db, pathway, after, REVIEW_PAGE);
    if (!rows.length) return out;
    after = rows[rows.length - 1].id;
    for (const r of rows) {
      const reason = await check(r);
      if (reason) out.push({ certificateId: r.certificate_id, rule, reason });
    }
  }
}

interface ProcessEvidence {
  courses?: { name: string; score: number }[];
  skillAssessment?: { score: number };
}

export function reviewProcessCertificates(db: Kysely<DB>): Promise<IssuedFinding[]> {
  return eachRecord(
    db,
    'process',
    async (r) => {
      const std = await standardOf(db, r.occupation_id, r.level);
      if (!std) return '该职业等级没有职业技能标准，成绩无合格线可依';
      const e = JSON.parse(r.evidence_json) as ProcessEvidence;
      if (!e.skillAssessment) return '没有技能考核成绩';
      const results = [
        ...(e.courses ?? []),
        ...(e.skillAssessment ? [{ name: '技能考核', score: e.skillAssessment.score }] : []),
      ];
      const failed = judgeResults(results, std.passMark).failed;
      return failed.length ? `${failed.join('、')}未达合格线 ${std.passMark} 分` : null;
    },
    'CERT-4',
  );
}
