/**
 * CERT-6 enterprise cooperation: a filed enterprise evaluates a partner school's student and issues,
 * under an agreement the school accepted (partnerships.service.ts) and in force today. The candidate
 * is a student on the school's roster — the enterprise never registers one — and is judged as in the
 * exam pathway (CERT-2): the standard's eligibility and the 中职 cap (assessment/eligibility.ts), the
 * enterprise's filed scope (INST-4), and every part of the standard scored at or above its pass mark.
 */
import { levelLabel } from '../../../../contract/levels.js';
import { PARTNERSHIP_STATUSES, partnershipInForce } from '../../../../contract/partnership-workflow.js';
import type { EnterpriseBody } from '../../../../contract/api-pathways.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { businessDate, businessDay } from '../../lib/dates.js';
import { AppError } from '../../lib/errors.js';
import { maskIdNumber } from '../../lib/identity.js';
import { judgeCandidate } from '../assessment/eligibility.js';
import { standardOf } from '../assessment/standards.service.js';
import { validCertificatesIn } from '../certificates/certificates.queries.js';
import { assertMayCertify } from '../institutions/certify-guard.js';
import { institutionKind } from '../institutions/institutions.queries.js';
import { identifyLearner } from '../people/learners.service.js';
import * as q from './pathways.queries.js';
import { judgeResults } from './pathways.rules.js';
import { notFiledParty, notSchoolStudent } from './partners.rules.js';
import { recordPathway } from './pathways.service.js';

const PART_NAME = { theory: '理论知识考试', practical: '操作技能考核', panel: '综合评审' } as const;

export async function enterpriseEvaluation(deps: Deps, ctx: RequestContext, body: EnterpriseBody) {
  const actor = ctx.actor!;
  const now = deps.clock.now();
  const today = businessDate(now, deps.config.businessTimeZone);
  return deps.db.transaction().execute(async (trx) => {
    // the agreement: the caller's own, accepted by the school and within its dates
    const p = await q.partnershipById(trx, body.partnershipId);
    if (!p || p.enterprise_id !== actor.institutionId)
      throw new AppError('NOT_FOUND', `合作协议 #${body.partnershipId} 不存在`);
    if (!partnershipInForce({ status: p.status, validFrom: p.valid_from, validUntil: p.valid_until }, today))
      throw new AppError(
        'PARTNERSHIP_MISSING',
        p.status === 'proposed'
          ? `与${p.school_name}的合作协议尚未经院校接受，不能开展评价`
          : p.status === 'accepted'
            ? `与${p.school_name}的合作协议有效期为 ${p.valid_from} 至 ${p.valid_until}，今天不在有效期内`
            : `与${p.school_name}的合作协议${PARTNERSHIP_STATUSES[p.status]}，不能开展评价`,
        { rule: 'CERT-6' },
      );
    const school = (await institutionKind(trx, p.school_id))!;
    const unfiled = notFiledParty(school, today);
    if (unfiled) throw new AppError('PARTNER_NOT_FILED', `${unfiled}：合作院校须为已备案的院校`, { rule: 'CERT-6' });
    // INST-4/5: the enterprise itself, filed and within its scope (issuance checks it again)
    await assertMayCertify(trx, actor, {
      institutionId: actor.institutionId!,
      occupationId: body.occupationId,
      level: body.level,
      on: today,
    });
    // the candidate: a student on the partner school's roster, as the school recorded them
    const learner = (await identifyLearner(trx, deps, body)).existing;
    if (!learner)
      throw new AppError(
        'NOT_A_SCHOOL_STUDENT',
        `${body.name}（${maskIdNumber(body.idNumber.trim().toUpperCase())}）不在${school.name}的学生名册上：考生须为合作院校的学生，企业不能自行登记`,
        { rule: 'CERT-6' },
      );
    const notStudent = notSchoolStudent(learner, school, today);
    if (notStudent) throw new AppError('NOT_A_SCHOOL_STUDENT', notStudent, { rule: 'CERT-6' });
    // the occupation standard: eligibility and the 中职 cap as in the exam pathway (CERT-2), then the pass mark
    const std = await standardOf(trx, body.occupationId, body.level);
    if (!std)
      throw new AppError('STANDARD_MISSING', `该职业尚无${levelLabel(body.level)}职业技能标准`, { rule: 'CERT-2' });
    const held = await validCertificatesIn(trx, learner.id, body.occupationId);
    const on = businessDay(now, deps.config.businessTimeZone);
    const { cap, result } = judgeCandidate(
      std.eligibility,
      body.level,
      {
        birthDate: learner.birth_date,
        situation: {
          studentType: learner.student_type,
          graduationYear: learner.graduation_year,
          inSchool: learner.in_school === 1,
        },
      },
      held.map((h) => ({ level: h.level, issuedOn: h.issued_on })),
      body,
      on,
    );
    if (cap) throw new AppError('NOT_ELIGIBLE', `${learner.name}：${cap}`, { rule: 'CERT-2' });
    if (!result.eligible)
      throw new AppError(
        'NOT_ELIGIBLE',
        `${learner.name} 不符合${levelLabel(body.level)}申报条件：${result.checks
          .map((c) => `${c.route}（${c.failed.join('；')}）`)
          .join('；或 ')}`,
        { rule: 'CERT-2' },
      );
    const extra = (Object.keys(body.scores) as (keyof typeof PART_NAME)[]).filter((k) => !std.parts.includes(k));
    const missing = std.parts.filter((k) => body.scores[k] === undefined);
    if (extra.length || missing.length)
      throw new AppError(
        'VALIDATION_FAILED',
        `${levelLabel(body.level)}职业技能标准的考核项目为${std.parts.map((k) => PART_NAME[k]).join('、')}`,
        {
          rule: 'CERT-2',
          details: [
            ...missing.map((k) => ({ field: `/scores/${k}`, message: `须录入${PART_NAME[k]}成绩` })),
            ...extra.map((k) => ({ field: `/scores/${k}`, message: `该等级标准不含${PART_NAME[k]}` })),
          ],
        },
      );
    const judged = judgeResults(
      std.parts.map((k) => ({ name: PART_NAME[k], score: body.scores[k]! })),
      std.passMark,
    );
    if (judged.failed.length)
      throw new AppError(
        'PATHWAY_NOT_APPLICABLE',
        `${judged.judged.map((r) => `${r.name} ${r.score} 分`).join('、')}：${judged.failed.join('、')}未达到职业技能标准的合格线 ${std.passMark} 分`,
        { rule: 'CERT-2' },
      );
    return recordPathway(trx, deps, ctx, {
      pathway: 'enterprise',
      learner_id: learner.id,
      occupation_id: body.occupationId,
      level: body.level,
      source_type: 'partnership',
      source_id: p.id,
      evidence_json: JSON.stringify({
        partnershipId: p.id,
        schoolId: school.id,
        schoolName: school.name,
        agreement: p.agreement,
        validFrom: p.valid_from,
        validUntil: p.valid_until,
        eligibility: result.route,
        passMark: std.passMark,
        scores: judged.judged,
      }),
    });
  });
}
