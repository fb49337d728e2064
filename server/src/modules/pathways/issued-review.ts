/**
 * The other pathways look back over the certificates they issued (issue 10), each as its rule
 * reads now. Process-based certification (CERT-4): every course and the skill assessment at or
 * above the standard's pass mark, whatever verdict the client sent at the time. Competitions
 * (CERT-5): award rules approved by the filing HRSS before the contest, within the tier's cap.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../database/schema.js';
import { standardOf } from '../assessment/standards.service.js';
import { REVIEW_PAGE, type IssuedFinding } from '../certificates/issued-review.js';
import { certifyingRecordsAfter } from './pathways.queries.js';
import { businessDate } from '../../lib/dates.js';
import type { AwardRule } from '../../../../contract/api-pathways.js';
import { rulesOverCap } from './competition.rules.js';
import { competitionForReview, tierCap } from './competitions.queries.js';
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

/**
 * CERT-5: a competition's awards count only under rules the HRSS that filed the organiser approved
 * before the contest, within the province's cap for the tier (the cap as it stands now: a cap
 * lowered since is named too, for the official to weigh).
 */
export function reviewCompetitionCertificates(db: Kysely<DB>, timeZone: string): Promise<IssuedFinding[]> {
  return eachRecord(
    db,
    'competition',
    async (r) => {
      const c = r.source_id === null ? undefined : await competitionForReview(db, r.source_id);
      if (!c) return '没有对应的竞赛记录';
      const problems: string[] = [];
      if (c.status !== 'approved') problems.push('竞赛取证规则未经备案人社部门批准');
      else if (!c.contest_date || !c.decided_at) problems.push('竞赛取证规则没有赛前批准的记录');
      else if (businessDate(new Date(c.decided_at), timeZone) >= c.contest_date)
        problems.push(`取证规则批准于比赛日期（${c.contest_date}）当天或之后`);
      const cap = await tierCap(db, c.tier);
      if (cap) {
        const over = rulesOverCap(JSON.parse(c.rules_json) as AwardRule[], c.participants, {
          maxRank: cap.max_rank,
          maxPercent: cap.max_percent,
          maxLevel: cap.max_level,
        });
        problems.push(...over.map((o) => `按现行上限，${o.message}`));
      }
      return problems.length ? problems.join('；') : null;
    },
    'CERT-5',
  );
}
