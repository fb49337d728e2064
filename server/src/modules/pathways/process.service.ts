/**
 * CERT-4 process-based assessment: all related courses and the skill assessment passed (judged here
 * from the scores and the standard's pass mark), by a graduate or a student in the graduating school
 * year; level by student type.
 */
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { findOrCreateLearner, type IdentityInput } from '../people/learners.service.js';
import { businessDate } from '../../lib/dates.js';
import { standardOf } from '../assessment/standards.service.js';
import { graduateOrGraduatingYear, judgeResults, processLevel, type SentResult } from './pathways.rules.js';
import { recordPathway, situationSource } from './pathways.service.js';

const LEVEL_NAME: Record<number, string> = { 4: '四级', 3: '三级' };

export async function processBased(
  deps: Deps,
  ctx: RequestContext,
  body: IdentityInput & {
    occupationId: number;
    courses: SentResult[];
    skillAssessment: { score: number; passed?: boolean };
  },
) {
  return deps.db.transaction().execute(async (trx) => {
    const today = deps.clock.now();
    const learner = await findOrCreateLearner(trx, deps, ctx, body, await situationSource(trx, ctx, 'process'));
    const level = processLevel(learner.student_type);
    const problems: string[] = [];
    if (level === null) problems.push('过程化考核只适用于本科、专科和中职学生');
    if (
      !graduateOrGraduatingYear(
        learner.graduation_year,
        learner.in_school === 1,
        businessDate(today, deps.config.businessTimeZone),
      )
    )
      problems.push('须为毕业生或毕业年度（毕业学年，9月1日至次年8月31日）学生');
    if (level === null) throw new AppError('PATHWAY_NOT_APPLICABLE', problems.join('；'), { rule: 'CERT-4' });
    // pass or fail is the platform's: each score against the pass mark of the occupation standard
    const std = await standardOf(trx, body.occupationId, level);
    if (!std)
      throw new AppError('STANDARD_MISSING', `该职业尚无${LEVEL_NAME[level]}职业技能标准，无法按合格线判定成绩`, {
        rule: 'CERT-4',
      });
    const courses = judgeResults(body.courses, std.passMark);
    const skill = judgeResults([{ name: '技能考核', ...body.skillAssessment }], std.passMark);
    const contradicted = [
      ...courses.contradicted.map((c) => ({ ...c, field: `/courses/${c.index}/passed`, label: `课程“${c.name}”` })),
      ...skill.contradicted.map((c) => ({ ...c, field: '/skillAssessment/passed', label: '技能考核' })),
    ];
    if (contradicted.length) {
      const say = (c: (typeof contradicted)[number]) =>
        `${c.label}成绩 ${c.score} 分${c.passed ? '达到' : '未达到'}合格线 ${std.passMark} 分，不能标记为${c.sent ? '通过' : '未通过'}`;
      throw new AppError('VERDICT_CONTRADICTS_SCORE', contradicted.map(say).join('；'), {
        rule: 'CERT-4',
        details: contradicted.map((c) => ({ field: c.field, message: say(c) })),
      });
    }
    if (courses.failed.length)
      problems.push(`课程未全部通过（合格线 ${std.passMark} 分）：${courses.failed.join('、')}`);
    if (skill.failed.length) problems.push(`技能考核未通过（合格线 ${std.passMark} 分）`);
    if (problems.length) throw new AppError('PATHWAY_NOT_APPLICABLE', problems.join('；'), { rule: 'CERT-4' });
    return recordPathway(trx, deps, ctx, {
      pathway: 'process',
      learner_id: learner.id,
      occupation_id: body.occupationId,
      level,
      source_type: null,
      source_id: null,
      evidence_json: JSON.stringify({
        courses: courses.judged,
        skillAssessment: { score: skill.judged[0].score, passed: skill.judged[0].passed },
        passMark: std.passMark,
        studentType: learner.student_type,
        graduationYear: learner.graduation_year,
      }),
    });
  });
}
