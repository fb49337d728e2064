/**
 * The other pathways look back over the certificates they issued (issue 10), each as its rule
 * reads now. Process-based certification (CERT-4): every course and the skill assessment at or
 * above the standard's pass mark, whatever verdict the client sent at the time. Competitions
 * (CERT-5): award rules approved by the filing HRSS before the contest, within the tier's cap.
 * Direct recognition (CERT-3): from a 1+X record with its organisation and scan, of the school's
 * own student, in the mapped occupation at the rule's level. Enterprise cooperation (CERT-6,
 * CERT-2): under an agreement the school accepted, of a student on its roster, every part of the
 * standard at or above its pass mark, within the 中职 cap.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../database/schema.js';
import { secondaryVocationalCap, studentSituation } from '../assessment/eligibility.js';
import { standardOf } from '../assessment/standards.service.js';
import { REVIEW_PAGE, type IssuedFinding } from '../certificates/issued-review.js';
import { learnerById } from '../people/learners.queries.js';
import { certifyingRecordsAfter, holdingOf, partnershipById } from './pathways.queries.js';
import { businessDate } from '../../lib/dates.js';
import type { AwardRule } from '../../../../contract/api-pathways.js';
import { rulesOverCap } from './competition.rules.js';
import { competitionForReview, tierCap } from './competitions.queries.js';
import { judgeResults, recognitionLevel } from './pathways.rules.js';

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

/** CERT-3: what a recognition rested on, as the rule reads now; the person's school as recorded now. */
export function reviewRecognitionCertificates(db: Kysely<DB>): Promise<IssuedFinding[]> {
  return eachRecord(
    db,
    'recognition',
    async (r) => {
      const h =
        r.source_type === 'one_plus_x_holding' && r.source_id
          ? await holdingOf(db, r.institution_id, r.source_id)
          : null;
      if (!h) return '没有认定院校登记的 1+X 证书记录';
      const problems: string[] = [];
      if (!h.organisation || !h.evidence_sha256) problems.push('1+X 证书未记录发证组织和证书扫描件');
      if (h.mapped_occupation_id !== r.occupation_id) problems.push('认定的职业不是该 1+X 证书对应的职业');
      if (recognitionLevel(h.level) !== r.level) problems.push('认定等级与 1+X 证书等级不相符');
      if (h.school_institution_id !== r.institution_id || !h.student_type)
        problems.push('持证人不是认定院校的学生（按现有记录）');
      return problems.length ? problems.join('；') : null;
    },
    'CERT-3',
  );
}

interface EnterpriseEvidence {
  scores?: { name: string; score: number }[];
  theory?: number;
  practical?: number;
}

/**
 * CERT-6: the agreement the school accepted, and the person on its roster (as recorded now); CERT-2:
 * every part of the standard at or above its pass mark (the earlier code fixed 60 and knew no
 * review panel) and the 中职 cap (the earlier code applied none; no outstanding-graduate claim was kept).
 */
export async function reviewEnterpriseCertificates(db: Kysely<DB>): Promise<IssuedFinding[]> {
  const agreement = await eachRecord(
    db,
    'enterprise',
    async (r) => {
      const p = r.source_type === 'partnership' && r.source_id ? await partnershipById(db, r.source_id) : null;
      if (!p) return '没有合作协议记录';
      if (!p.decided_at || !p.recorded_department) return `合作协议“${p.agreement}”未经${p.school_name}接受`;
      if (r.created_at < p.decided_at) return `评价早于${p.school_name}接受合作协议`;
      const l = await learnerById(db, r.learner_id);
      if (!l || l.school_institution_id !== p.school_id || !l.student_type)
        return `持证人不在${p.school_name}的学生名册上（按现有记录）`;
      return null;
    },
    'CERT-6',
  );
  const standard = await eachRecord(
    db,
    'enterprise',
    async (r) => {
      const std = await standardOf(db, r.occupation_id, r.level);
      if (!std) return '该职业等级没有职业技能标准，成绩无合格线可依';
      const e = JSON.parse(r.evidence_json) as EnterpriseEvidence;
      const results = e.scores ?? [
        ...(e.theory !== undefined ? [{ name: '理论知识考试', score: e.theory }] : []),
        ...(e.practical !== undefined ? [{ name: '操作技能考核', score: e.practical }] : []),
      ];
      const problems: string[] = [];
      if (results.length < std.parts.length) problems.push(`缺少考核项目成绩（标准含 ${std.parts.length} 项）`);
      const failed = judgeResults(results, std.passMark).failed;
      if (failed.length) problems.push(`${failed.join('、')}未达合格线 ${std.passMark} 分`);
      const l = await learnerById(db, r.learner_id);
      const on = new Date(`${r.created_at.slice(0, 10)}T00:00:00Z`);
      const cap = l
        ? secondaryVocationalCap(
            r.level,
            studentSituation(
              { studentType: l.student_type, graduationYear: l.graduation_year, inSchool: l.in_school === 1 },
              on,
            ),
            false,
            on,
          )
        : null;
      if (cap) problems.push(`${cap}（按现有学生记录，未记录优秀毕业生）`);
      return problems.length ? problems.join('；') : null;
    },
    'CERT-2',
  );
  return [...agreement, ...standard];
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
