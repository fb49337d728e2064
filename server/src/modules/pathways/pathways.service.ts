/**
 * The pathways other than the exam, each an explicit route to issuance with its own evidence,
 * recorded in `pathway_records` and ending in `issueCertificate` (which applies INST-4/5, CERT-7,
 * CERT-10):
 * - CERT-3 direct recognition from an imported 1+X certificate, in its mapped occupation;
 * - CERT-4 process-based assessment: all related courses and the skill assessment passed (judged
 *   here from the scores and the standard's pass mark), by a graduate or a student in the graduating
 *   school year; level by student type;
 * - CERT-5 competitions: the institution's award rules; one promotion per person per year;
 * - CERT-6 enterprise cooperation: a filed enterprise evaluates a partner school's students.
 */
import type { Transaction } from 'kysely';
import type { DB, PathwayRecordTable } from '../../database/schema.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { issueCertificate } from '../certificates/certificates.service.js';
import { findOrCreateLearner, type IdentityInput } from '../people/learners.service.js';
import { businessDate, businessYear } from '../../lib/dates.js';
import { institutionKind } from '../institutions/institutions.queries.js';
import { getOnePlusX } from '../occupations/occupations.queries.js';
import { standardOf } from '../assessment/standards.service.js';
import * as q from './pathways.queries.js';
import {
  competitionLevel,
  graduateOrGraduatingYear,
  judgeResults,
  processLevel,
  recognitionLevel,
  type AwardRule,
  type SentResult,
} from './pathways.rules.js';

async function record(
  trx: Transaction<DB>,
  deps: Deps,
  ctx: RequestContext,
  r: Omit<PathwayRecordTable, 'id' | 'institution_id' | 'decided_by' | 'created_at' | 'certificate_id' | 'year'>,
) {
  const cert = await issueCertificate(trx, deps, ctx, {
    learnerId: r.learner_id,
    occupationId: r.occupation_id,
    level: r.level,
    pathway: r.pathway,
    sourceType: r.source_type,
    sourceId: r.source_id,
  });
  const now = deps.clock.now();
  const id = await q.insertPathwayRecord(trx, {
    ...r,
    institution_id: ctx.actor!.institutionId!,
    year: businessYear(now, deps.config.businessTimeZone),
    certificate_id: cert.id,
    decided_by: ctx.actor!.id,
    created_at: now.toISOString(),
  });
  await recordAudit(trx, deps, ctx, {
    action: `pathway.${r.pathway}`,
    objectType: 'pathway_record',
    objectId: id,
    after: {
      learnerId: r.learner_id,
      occupationId: r.occupation_id,
      level: r.level,
      certificate: cert.number,
      evidence: JSON.parse(r.evidence_json),
    },
  });
  return { recordId: id, certificateId: cert.id, number: cert.number, level: r.level };
}

// ---------------------------------------------------------------- CERT-3
export async function importHolding(
  deps: Deps,
  ctx: RequestContext,
  body: IdentityInput & {
    certificateId: number;
    xLevel: 'junior' | 'intermediate' | 'senior';
    number: string;
    issuedOn: string;
  },
) {
  return deps.db.transaction().execute(async (trx) => {
    const x = await getOnePlusX(trx, body.certificateId);
    if (!x || x.active !== 1)
      throw new AppError('VALIDATION_FAILED', '1+X 证书不存在或已停用', {
        details: [{ field: '/certificateId', message: '不存在' }],
      });
    if (await q.holdingNumberTaken(trx, body.number))
      throw new AppError('CONFLICT', `1+X 证书编号 ${body.number} 已导入`, {
        details: [{ field: '/number', message: '已导入' }],
      });
    const learner = await findOrCreateLearner(trx, deps.clock.now(), body, ctx.actor!.institutionId);
    const id = await q.insertHolding(trx, {
      learner_id: learner.id,
      certificate_id: x.id,
      level: body.xLevel,
      number: body.number,
      issued_on: body.issuedOn,
      imported_by_institution: ctx.actor!.institutionId!,
      created_at: deps.clock.now().toISOString(),
    });
    await recordAudit(trx, deps, ctx, {
      action: 'oneplusx.holding.import',
      objectType: 'one_plus_x_holding',
      objectId: id,
      after: { learnerId: learner.id, certificate: x.name, level: body.xLevel, number: body.number },
    });
    return { id, learnerId: learner.id, certificate: x.name, xLevel: body.xLevel, number: body.number };
  });
}

export async function recognize(deps: Deps, ctx: RequestContext, holdingId: number) {
  return deps.db.transaction().execute(async (trx) => {
    const h = await q.holdingWithCertificate(trx, holdingId);
    if (!h || h.imported_by_institution !== ctx.actor!.institutionId)
      throw new AppError('NOT_FOUND', `1+X 持证记录 #${holdingId} 不存在`);
    if (!h.mapped_occupation_id)
      throw new AppError('NOT_MAPPED', `“${h.name}”尚未对应职业，请省级在基础数据中维护对应关系`, { rule: 'CERT-3' });
    const done = await q.recordFromSource(trx, 'one_plus_x_holding', h.id);
    if (done) throw new AppError('CONFLICT', '该 1+X 证书已认定过', { rule: 'CERT-8' });
    return record(trx, deps, ctx, {
      pathway: 'recognition',
      learner_id: h.learner_id,
      occupation_id: h.mapped_occupation_id,
      level: recognitionLevel(h.level),
      source_type: 'one_plus_x_holding',
      source_id: h.id,
      evidence_json: JSON.stringify({ oneplusx: h.name, xLevel: h.level, number: h.number }),
    });
  });
}

// ---------------------------------------------------------------- CERT-4
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
    const learner = await findOrCreateLearner(trx, today, body, ctx.actor!.institutionId);
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
    return record(trx, deps, ctx, {
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

// ---------------------------------------------------------------- CERT-5
export async function createCompetition(
  deps: Deps,
  ctx: RequestContext,
  body: {
    name: string;
    tier: 'national' | 'province' | 'city_first' | 'city' | 'school';
    year: number;
    occupationId: number;
    participants: number;
    rules: AwardRule[];
  },
) {
  return deps.db.transaction().execute(async (trx) => {
    const id = await q.insertCompetition(trx, {
      institution_id: ctx.actor!.institutionId!,
      name: body.name,
      tier: body.tier,
      year: body.year,
      occupation_id: body.occupationId,
      rules_json: JSON.stringify(body.rules),
      participants: body.participants,
      created_by: ctx.actor!.id,
      created_at: deps.clock.now().toISOString(),
    });
    await recordAudit(trx, deps, ctx, {
      action: 'competition.create',
      objectType: 'competition',
      objectId: id,
      after: body,
    });
    return { id, ...body };
  });
}

export async function listCompetitions(deps: Deps, ctx: RequestContext) {
  const rows = await q.competitionsOf(deps.db, ctx.actor!.institutionId!);
  return rows.map((c) => ({
    id: c.id,
    name: c.name,
    tier: c.tier,
    year: c.year,
    occupationId: c.occupation_id,
    occupationName: c.occupation_name,
    participants: c.participants,
    rules: JSON.parse(c.rules_json) as AwardRule[],
  }));
}

export async function awardCompetition(
  deps: Deps,
  ctx: RequestContext,
  competitionId: number,
  body: IdentityInput & { rank: number },
) {
  return deps.db.transaction().execute(async (trx) => {
    const c = await q.competitionOf(trx, ctx.actor!.institutionId!, competitionId);
    if (!c) throw new AppError('NOT_FOUND', `竞赛 #${competitionId} 不存在`);
    if (body.rank < 1 || body.rank > c.participants)
      throw new AppError('VALIDATION_FAILED', `名次须在 1–${c.participants} 之间`, {
        details: [{ field: '/rank', message: '名次超出参赛人数' }],
      });
    const level = competitionLevel(JSON.parse(c.rules_json), body.rank, c.participants);
    if (level === null)
      throw new AppError(
        'PATHWAY_NOT_APPLICABLE',
        `第 ${body.rank} 名（共 ${c.participants} 人）未达到本竞赛的取证规则`,
        { rule: 'CERT-5' },
      );
    const learner = await findOrCreateLearner(trx, deps.clock.now(), body, ctx.actor!.institutionId);
    const already = await q.recordOfYear(
      trx,
      learner.id,
      'competition',
      businessYear(deps.clock.now(), deps.config.businessTimeZone),
    );
    if (already)
      throw new AppError('ONE_PROMOTION_PER_YEAR', `${learner.name} 本年度已通过竞赛晋升过一次`, { rule: 'CERT-5' });
    return record(trx, deps, ctx, {
      pathway: 'competition',
      learner_id: learner.id,
      occupation_id: c.occupation_id,
      level,
      source_type: 'competition',
      source_id: c.id,
      evidence_json: JSON.stringify({
        competition: c.name,
        tier: c.tier,
        rank: body.rank,
        participants: c.participants,
      }),
    });
  });
}

// ---------------------------------------------------------------- CERT-6
export async function createPartnership(
  deps: Deps,
  ctx: RequestContext,
  body: { schoolId: number; agreement: string; validFrom: string; validUntil: string },
) {
  return deps.db.transaction().execute(async (trx) => {
    const me = await institutionKind(trx, ctx.actor!.institutionId!);
    if (!me) throw new Error(`institution #${ctx.actor!.institutionId} of the signed-in account is missing`);
    if (me.kind !== 'enterprise')
      throw new AppError('PATHWAY_NOT_APPLICABLE', '企校合作评价须由备案的企业（用人单位）评价机构开展', {
        rule: 'CERT-6',
      });
    const school = await institutionKind(trx, body.schoolId);
    if (!school || school.kind !== 'college')
      throw new AppError('VALIDATION_FAILED', '合作对象须为院校', {
        details: [{ field: '/schoolId', message: '不是院校' }],
      });
    if (body.validUntil <= body.validFrom)
      throw new AppError('VALIDATION_FAILED', '协议终止日期须晚于起始日期', {
        details: [{ field: '/validUntil', message: '须晚于起始日期' }],
      });
    const id = await q.savePartnership(trx, {
      enterprise_id: ctx.actor!.institutionId!,
      school_id: school.id,
      agreement: body.agreement,
      valid_from: body.validFrom,
      valid_until: body.validUntil,
      created_by: ctx.actor!.id,
      created_at: deps.clock.now().toISOString(),
    });
    await recordAudit(trx, deps, ctx, {
      action: 'partnership.save',
      objectType: 'partnership',
      objectId: id,
      after: body,
    });
    return { id, schoolName: school.name, ...body };
  });
}

export async function enterpriseEvaluation(
  deps: Deps,
  ctx: RequestContext,
  body: IdentityInput & { schoolId: number; occupationId: number; level: number; theory: number; practical: number },
) {
  return deps.db.transaction().execute(async (trx) => {
    const today = businessDate(deps.clock.now(), deps.config.businessTimeZone);
    const p = await q.partnershipOf(trx, ctx.actor!.institutionId!, body.schoolId);
    if (!p || p.valid_from > today || p.valid_until < today)
      throw new AppError('PARTNERSHIP_MISSING', '本企业与该院校没有有效期内的合作协议', { rule: 'CERT-6' });
    const learner = await findOrCreateLearner(trx, deps.clock.now(), body, body.schoolId);
    if (learner.school_institution_id !== body.schoolId)
      throw new AppError('PATHWAY_NOT_APPLICABLE', `${learner.name} 不是合作院校的学生`, { rule: 'CERT-6' });
    if (body.theory < 60 || body.practical < 60)
      throw new AppError(
        'PATHWAY_NOT_APPLICABLE',
        `理论 ${body.theory} 分、实操 ${body.practical} 分，须均达到 60 分`,
        { rule: 'CERT-2' },
      );
    return record(trx, deps, ctx, {
      pathway: 'enterprise',
      learner_id: learner.id,
      occupation_id: body.occupationId,
      level: body.level,
      source_type: 'partnership',
      source_id: p.id,
      evidence_json: JSON.stringify({
        schoolId: body.schoolId,
        agreement: p.agreement,
        theory: body.theory,
        practical: body.practical,
      }),
    });
  });
}

export async function listPathwayRecords(deps: Deps, ctx: RequestContext) {
  const rows = await q.recordsOfInstitution(deps.db, ctx.actor!.institutionId!, 500);
  return rows.map((r) => ({
    id: r.id,
    pathway: r.pathway,
    level: r.level,
    year: r.year,
    evidence: JSON.parse(r.evidence_json),
    createdAt: r.created_at,
    name: r.name,
    occupationName: r.occupation_name,
    certificateNumber: r.number,
  }));
}

/** The agreements of the caller's enterprise (or, for a school, those it is party to). */
export async function listPartnerships(deps: Deps, ctx: RequestContext) {
  const me = ctx.actor!.institutionId!;
  const rows = await q.partnershipsOf(deps.db, me);
  const today = businessDate(deps.clock.now(), deps.config.businessTimeZone);
  return rows.map((r) => ({
    id: r.id,
    enterpriseId: r.enterprise_id,
    enterpriseName: r.enterprise_name,
    schoolId: r.school_id,
    schoolName: r.school_name,
    agreement: r.agreement,
    validFrom: r.valid_from,
    validUntil: r.valid_until,
    inForce: r.valid_from <= today && today <= r.valid_until,
  }));
}
