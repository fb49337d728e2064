/**
 * Completion (结业): TRAIN-9 “政府补贴性培训一律实行线下考核 … 能够取得职业资格证书、职业技能等级证书、
 * 专项职业能力证书的，必须组织培训学员参加鉴定评价或考核，对直接组织培训合格证书考核的不予认可”, and
 * “培训合格证书类考核，理论、实操由县(区)级以上人力资源社会保障局负责统一印制出题并组织考核” (seed 002
 * 三（三）). Where the occupation leads only to a training-completion certificate (`certificateRouteOf`),
 * the HRSS of the place records each trainee's offline completion test; elsewhere the trainees go to the
 * certificate's evaluation and a completion test is refused. Online training is assessed in April,
 * August or December (TRAIN-11). The result sets the trainee's assessment day (`recordTraineeAssessment`:
 * make-ups count only before it, TRAIN-10; the next online project waits a month after it, TRAIN-11).
 * A pass with the planned hours complete (computed, hours.service.ts) earns the 培训合格证书 and its PDF.
 */
import type { CompletionBody } from '../../../../contract/api-training-hours.js';
import { ONLINE_ASSESSMENT_MONTHS } from '../../../../contract/limits.js';
import { CERTIFICATE_ROUTES } from '../../../../contract/training.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError, notFoundOrDenied } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { maskedIdentities } from '../people/identities.service.js';
import { certificateRouteOf } from './class-checks.service.js';
import { assertApprovedClass } from './class-guards.js';
import { isPlaceAuthority, loadVisibleClass } from './classes.service.js';
import { renderCompletionPdf } from './completion-pdf.js';
import * as q from './hours.queries.js';
import { completionRecorded } from './completion-listeners.js';
import { completionView, hoursOf } from './hours.service.js';
import { todayOf } from './provider-access.js';
import { traineeById } from './trainees.queries.js';
import { recordTraineeAssessment } from './trainees.service.js';

const invalid = (message: string, rule?: string, field?: string) =>
  new AppError('COMPLETION_INVALID', message, {
    ...(rule ? { rule } : {}),
    ...(field ? { details: [{ field, message }] } : {}),
  });

async function traineeOf(deps: Deps, id: number, action: string) {
  const t = await traineeById(deps.db, id);
  if (!t) throw notFoundOrDenied(null, `学员 #${id} 不存在`, { action, objectType: 'training_trainee', objectId: id });
  return t;
}

/** The HRSS of the place records a trainee's completion test (TRAIN-9), once. */
export async function recordCompletion(deps: Deps, ctx: RequestContext, traineeId: number, body: CompletionBody) {
  const actor = ctx.actor!;
  const action = 'training.completion.record';
  return deps.db.transaction().execute(async (trx) => {
    const t = await traineeById(trx, traineeId);
    if (!t)
      throw notFoundOrDenied(null, `学员 #${traineeId} 不存在`, {
        action,
        objectType: 'training_trainee',
        objectId: traineeId,
      });
    const c = await loadVisibleClass(trx, actor, t.class_id, action);
    if (!isPlaceAuthority(actor, c.region_path))
      throw new AppError(
        'NOT_PLACE_AUTHORITY',
        `培训合格证书类考核由培训所在地（${c.region_name}）县级以上人社部门组织，${actor.scopeLabel}不是该班的考核部门`,
        { rule: 'TRAIN-9', audit: { action, objectType: 'training_trainee', objectId: traineeId } },
      );
    const cls = await assertApprovedClass(trx, c.id);
    const route = await certificateRouteOf(trx, cls.occupationId);
    if (route.route !== 'completion')
      throw new AppError(
        'COMPLETION_NOT_ALLOWED',
        `${cls.occupationName}可取得${CERTIFICATE_ROUTES[route.route]}：须组织学员参加鉴定评价或考核，直接组织培训合格证书考核的不予认可（TRAIN-9）`,
        { rule: 'TRAIN-9' },
      );
    if (t.status !== 'enrolled') throw invalid(`学员已于 ${t.withdrawn_at} 退学，不能登记结业考核`);
    if (await q.completionOf(trx, traineeId)) throw invalid('该学员的结业考核结果已登记，不能重复登记');
    const today = todayOf(deps);
    if (body.assessedOn < cls.startDate || body.assessedOn > today)
      throw invalid(`考核日期须在开班（${cls.startDate}）之后且不晚于今天（${today}）`, undefined, '/assessedOn');
    const month = Number(body.assessedOn.slice(5, 7));
    if (cls.mode === 'online' && !ONLINE_ASSESSMENT_MONTHS.includes(month))
      throw invalid(
        `线上培训统一于 ${ONLINE_ASSESSMENT_MONTHS.join('、')} 月进行线下考核，${body.assessedOn} 不在考核月份（TRAIN-11）`,
        'TRAIN-11',
        '/assessedOn',
      );
    // the hours as they stand on the assessment day: a make-up on or after it no longer counts (TRAIN-10)
    await recordTraineeAssessment(trx, traineeId, body.assessedOn);
    const summary = await hoursOf(trx, deps, actor, c);
    const mine = summary.trainees.find((x) => x.traineeId === traineeId)!;
    const complete = mine.complete && mine.offlinePracticalOk !== false;
    const certificateNo =
      body.passed && complete
        ? `PX${body.assessedOn.slice(0, 4)}${cls.regionCode}${String(traineeId).padStart(7, '0')}`
        : null;
    const row = {
      trainee_id: traineeId,
      assessed_on: body.assessedOn,
      passed: body.passed ? 1 : 0,
      theory_score: body.theoryScore ?? null,
      practical_score: body.practicalScore ?? null,
      hours_counted: mine.total,
      hours_planned: mine.planned,
      certificate_no: certificateNo,
      note: body.note?.trim() || null,
      recorded_by: actor.id,
      recorded_by_name: actor.displayName,
      at: deps.clock.now().toISOString(),
    };
    const id = await q.insertCompletion(trx, row);
    await completionRecorded(trx, id); // a pass counts as a training person-time (TGT-1)
    await recordAudit(trx, deps, ctx, {
      action,
      objectType: 'training_trainee',
      objectId: traineeId,
      before: { assessedOn: t.assessed_on },
      after: { id, ...row },
    });
    return completionView((await q.completionOf(trx, traineeId))!);
  });
}

/** The 培训合格证书 PDF of a trainee who earned it, for whoever may see the class. */
export async function completionCertificate(deps: Deps, ctx: RequestContext, traineeId: number) {
  const t = await traineeOf(deps, traineeId, 'training.read');
  const c = await loadVisibleClass(deps.db, ctx.actor!, t.class_id);
  const k = await q.completionOf(deps.db, traineeId);
  if (!k?.certificate_no)
    throw invalid(
      k
        ? k.passed
          ? `学员合规学时 ${k.hours_counted} / ${k.hours_planned}，学时未满，不发培训合格证书`
          : '学员考核不合格，不发培训合格证书'
        : '学员尚未参加培训合格证书类考核',
    );
  const person = (await maskedIdentities(deps.db, deps.config, [t.learner_id])).get(t.learner_id);
  const pdf = await renderCompletionPdf({
    number: k.certificate_no,
    holderName: person?.name ?? '',
    holderIdMasked: person?.idNumberMasked ?? '',
    occupationName: c.occupation_name,
    classTitle: c.title,
    providerName: c.provider_name,
    startDate: c.start_date,
    endDate: c.end_date,
    hoursCounted: k.hours_counted,
    hoursPlanned: k.hours_planned,
    assessedOn: k.assessed_on,
    authority: `${c.region_name}人力资源和社会保障局`,
  });
  return { pdf, number: k.certificate_no };
}
