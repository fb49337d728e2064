/**
 * Training-subsidy claims (培训补贴申领): a provider claims for the trainees of one of its classes.
 * The platform builds a line per enrolled trainee from its own records only (许技领办〔2021〕4号):
 * - the class was applied for and approved as subsidised training (TRAIN-1 “补贴性培训进系统、系统之外零补贴”),
 *   and the provider is still on the catalogue;
 * - the trainee's compliant hours reach the approved theory and practical hours (TRAIN-4 recordings,
 *   TRAIN-10 attendance with make-ups before the assessment, TRAIN-11 online records);
 * - the outcome (TRAIN-9): where the occupation leads to a certificate, one obtained by evaluation
 *   after the class began, paid at the province's training standard of its level; where it leads
 *   only to a 培训合格证书, that certificate, paid at the training standard of level 0; a failed or
 *   missing assessment is not paid;
 * - where the occupation's training settings name another certificate (seed 002 二（二）: 职业资格
 *   证书, 特种作业操作证书, 专项职业能力证书), a valid one of that kind recorded for the trainee in the
 *   occupation and issued after the class began (certificates/other-certificates.service.ts): a
 *   国家职业资格证书 at the training standard of its level, a 专项职业能力证书 at the province's
 *   special-ability standard (豫人社规〔2022〕2号: 100 yuan), a 特种作业操作证 at the province's
 *   special-operation standard (no Henan figure in the seeds: "no rate in force" until set);
 * - once per person, occupation and level (SUB-1's slot for the training kind), whoever trained the
 *   person and in whichever claim. The kinds without a level (培训合格证书, 专项职业能力证书,
 *   特种作业操作证) hold level 0 of the slot: one payment per person and occupation for training
 *   without a level, whichever of them it led to; a 国家职业资格证书 holds its level, the same slot
 *   as a 职业技能等级证书 of that level.
 * Then the claim follows the same workflow as every claim (submit, review, publicity, payment,
 * reversal: claim-steps.service.ts).
 */
import type {
  ClaimDetail,
  TrainingClaimCreateBody,
  TrainingClaimPreview,
  TrainingClaimTrainee,
} from '../../../../contract/api-subsidies.js';
import { INELIGIBLE_REASONS, type TrainingOutcome } from '../../../../contract/subsidy-workflow.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { maskName } from '../../lib/identity.js';
import { certificatesOfLearners } from '../certificates/claimable.queries.js';
import { otherCertificatesOfLearners } from '../certificates/other-certificates.queries.js';
import { learnerNames } from '../people/names.queries.js';
import { classForClaim } from '../training/claim-source.js';
import type { ClaimCandidate } from './claim-lines.js';
import { assertTrainingClaimant, claimDetail, createClaimFromCandidates, judge } from './claims.service.js';

interface Built {
  candidate: ClaimCandidate;
  view: Omit<TrainingClaimTrainee, 'amountFen' | 'reason' | 'reasonText' | 'rule' | 'name'>;
}

/** The class's trainees as training candidates, each with its outcome, hours and what rules it out. */
async function build(deps: Deps, ctx: RequestContext, classId: number) {
  const db = deps.db;
  const src = await classForClaim(db, deps, ctx.actor!, classId);
  if (src.institutionId !== ctx.actor!.institutionId)
    throw new AppError('DELEGATION_FORBIDDEN', '只能为本机构的培训班申领培训补贴');
  const { cls } = src;
  const byCompletion = cls.certificateRoute === 'completion';
  const otherKind =
    cls.certificateRoute === 'qualification' ||
    cls.certificateRoute === 'special_ability' ||
    cls.certificateRoute === 'special_operation'
      ? cls.certificateRoute
      : null;
  const learnerIds = src.trainees.map((t) => t.learnerId);
  // TRAIN-9: certificates of the occupation obtained by evaluation after the class began (valid ones only)
  const certs =
    byCompletion || otherKind
      ? []
      : (await certificatesOfLearners(db, learnerIds, cls.occupationId, cls.startDate)).filter(
          (c) => c.status === 'valid',
        );
  // the occupation's other certificate recorded for the trainee after the class began (valid ones only)
  const others = otherKind
    ? (await otherCertificatesOfLearners(db, otherKind, learnerIds, cls.occupationId, cls.startDate)).filter(
        (c) => c.status === 'valid',
      )
    : [];
  const otherOf = (learnerId: number) => {
    const mine = others.filter((c) => c.learner_id === learnerId);
    return [...mine].sort((a, b) => (a.level ?? 0) - (b.level ?? 0))[0];
  };
  const certOf = (learnerId: number) => {
    const mine = certs.filter((c) => c.learner_id === learnerId);
    // the level the class trained for if obtained, else the highest obtained (一级 is the highest)
    return mine.find((c) => c.level === cls.level) ?? [...mine].sort((a, b) => a.level - b.level)[0];
  };
  const built: Built[] = src.trainees.map((t) => {
    let outcome: TrainingOutcome = 'none';
    let level: number | null = null;
    let basisDate: string | null = null;
    let certificateNumber: string | null = null;
    let certificateId: number | null = null;
    let otherCertificateId: number | null = null;
    if (otherKind) {
      const o = otherOf(t.learnerId);
      if (o) {
        outcome = 'certificate';
        level = o.level ?? 0;
        basisDate = o.issued_on;
        certificateNumber = o.number;
        otherCertificateId = o.id;
      }
    } else if (byCompletion) {
      const k = t.completion;
      if (k) {
        outcome = k.passed && k.certificateNo ? 'completion_certificate' : k.passed ? 'passed_hours_short' : 'failed';
        if (k.certificateNo) {
          level = 0;
          basisDate = k.assessedOn;
          certificateNumber = k.certificateNo;
        }
      }
    } else {
      const c = certOf(t.learnerId);
      if (c) {
        outcome = 'certificate';
        level = c.level;
        basisDate = c.issued_on;
        certificateNumber = c.number;
        certificateId = c.id;
      }
    }
    const problem =
      !t.complete || outcome === 'passed_hours_short'
        ? 'hours_short'
        : outcome === 'failed'
          ? 'failed'
          : outcome === 'none'
            ? byCompletion
              ? 'not_assessed'
              : 'no_certificate'
            : null;
    return {
      candidate: {
        lineKind: 'training',
        learnerId: t.learnerId,
        occupationId: cls.occupationId,
        level: level ?? cls.level ?? 0,
        sourceType: 'training',
        trainingClassId: cls.id,
        traineeId: t.traineeId,
        certificateId,
        otherCertificateId,
        // a 专项职业能力证书 or 特种作业操作证 is paid at its kind's standard; the others at the training standard
        rateKind: otherKind === 'special_ability' || otherKind === 'special_operation' ? otherKind : null,
        basisDate: basisDate ?? cls.endDate,
        sourceProblem: problem,
      },
      view: {
        traineeId: t.traineeId,
        learnerId: t.learnerId,
        hoursCounted: t.hoursCounted,
        hoursPlanned: t.hoursPlanned,
        hoursComplete: t.complete,
        outcome,
        certificateNumber,
        level,
        basisDate,
      },
    };
  });
  return { src, built };
}

/** Each trainee of the class as the claim would judge it, eligible or not, with the reason in words. */
export async function previewTrainingClaim(
  deps: Deps,
  ctx: RequestContext,
  classId: number,
): Promise<TrainingClaimPreview> {
  const { src, built } = await build(deps, ctx, classId);
  const claimant = await assertTrainingClaimant(deps.db, src.institutionId);
  const judged = await judge(
    deps.db,
    'training',
    built.map((b) => b.candidate),
  );
  const names = await learnerNames(
    deps.db,
    built.map((b) => b.view.learnerId),
  );
  const trainees = built.map((b, i) => {
    const l = judged[i];
    return {
      ...b.view,
      name: maskName(names.get(b.view.learnerId) ?? ''),
      amountFen: l.amountFen,
      reason: l.reason,
      reasonText: l.reason ? INELIGIBLE_REASONS[l.reason].zh : null,
      rule: l.reason ? INELIGIBLE_REASONS[l.reason].rule : null,
    };
  });
  const eligible = trainees.filter((t) => !t.reason);
  return {
    classId: src.cls.id,
    classTitle: src.cls.title,
    occupationName: src.cls.occupationName,
    certificateRoute: src.cls.certificateRoute,
    institutionName: claimant.name,
    eligibleCount: eligible.length,
    eligibleFen: eligible.reduce((s, t) => s + t.amountFen, 0),
    ineligibleCount: trainees.length - eligible.length,
    trainees,
  };
}

/** A draft training claim of the class: its eligible trainees, amounts by the province's standard. */
export async function createTrainingClaim(
  deps: Deps,
  ctx: RequestContext,
  body: TrainingClaimCreateBody,
): Promise<ClaimDetail> {
  const { src, built } = await build(deps, ctx, body.classId);
  if (!built.length)
    throw new AppError('SUBSIDY_NOTHING_CLAIMABLE', `培训班“${src.cls.title}”没有在册学员，无可申领的培训补贴`);
  const title = body.title?.trim() || `培训补贴申领（${src.cls.title}）`;
  const { id } = await createClaimFromCandidates(deps, ctx, {
    kind: 'training',
    title,
    reviewRegionCode: src.cls.regionCode,
    candidates: built.map((b) => b.candidate),
  });
  return claimDetail(deps, ctx, id);
}
