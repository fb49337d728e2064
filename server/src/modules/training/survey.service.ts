/**
 * TRAIN-8: the satisfaction survey after training — seed 002 三（三）“落实培训后同步进行满意度调查，低于85%
 * 的停止培训开班，给予为期一个月的整改期”.
 *
 * - The provider prints one QR code per enrolled trainee (`surveyInvites`): a link with a random
 *   token of 192 bits to the public survey page; it works without signing in, on a phone.
 * - A trainee answers once from the class's end date (培训后): the overall verdict (满意 / 基本满意 /
 *   不满意), four items scored 1–5 and a comment. The invite is marked used and the answer is
 *   stored with its class only — no trainee, no token, no time, no audit record with the address —
 *   so nothing leads from an answer back to a person.
 * - The provider and the HRSS see how many answered; the verdicts, rate, scores and comments once
 *   the survey is closed (seen changing as codes are handed in, they would tie answers to people).
 * - The survey closes when every enrolled trainee has answered, or when the HRSS of the place
 *   closes it. The rate is (满意 + 基本满意) / answers; below 85% the provider enters a month of
 *   rectification (`recordSatisfaction`), during which it opens no class.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import QRCode from 'qrcode';
import type { SurveyAnswerBody, SurveySummary } from '../../../../contract/api-training-survey.js';
import { MIN_SATISFACTION_PERCENT } from '../../../../contract/limits.js';
import type { DB } from '../../database/schema.js';
import type { Actor, Deps, RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { maskedIdentities } from '../people/identities.service.js';
import { isPlaceAuthority, loadVisibleClass } from './classes.service.js';
import type { ClassRow } from './classes.queries.js';
import { todayOf } from './provider-access.js';
import { recordSatisfaction } from './rectifications.service.js';
import * as q from './survey.queries.js';
import { enrolledTrainees } from './trainees.service.js';

const newToken = () => randomBytes(24).toString('base64url');
const surveyUrl = (deps: Deps, token: string) => `${deps.config.publicBaseUrl}/training/survey/${token}`;
const isOwn = (actor: Actor, c: ClassRow) => !!actor.institutionId && actor.institutionId === c.institution_id;
/** trainees answer from the class's end date: the survey is after training */
const opensOn = (c: { end_date: string }) => c.end_date;
const rule = { rule: 'TRAIN-8' } as const;

function notApproved(c: { status: string }) {
  return c.status !== 'approved';
}

/** The provider's QR codes for its class: one per enrolled trainee, created the first time. */
export async function surveyInvites(deps: Deps, ctx: RequestContext, classId: number) {
  const actor = ctx.actor!;
  return deps.db.transaction().execute(async (trx) => {
    const c = await loadVisibleClass(trx, actor, classId, 'training.survey.print');
    if (!isOwn(actor, c)) throw new AppError('DELEGATION_FORBIDDEN', '只能打印本机构培训班的满意度调查二维码');
    if (notApproved(c)) throw new AppError('SURVEY_NOT_OPEN', '培训班尚未批准开班，没有满意度调查', { ...rule });
    const trainees = await enrolledTrainees(trx, c.id);
    const have = new Map((await q.invitesOfClass(trx, c.id)).map((v) => [v.trainee_id, v]));
    const now = deps.clock.now().toISOString();
    await q.insertInvites(
      trx,
      trainees
        .filter((t) => !have.has(t.id))
        .map((t) => ({ class_id: c.id, trainee_id: t.id, token: newToken(), created_at: now })),
    );
    const tokens = new Map((await q.invitesOfClass(trx, c.id)).map((v) => [v.trainee_id, v.token]));
    const people = await maskedIdentities(
      trx,
      deps.config,
      trainees.map((t) => t.learnerId),
    );
    const invites = [];
    for (const t of trainees) {
      const url = surveyUrl(deps, tokens.get(t.id)!);
      invites.push({
        traineeId: t.id,
        name: people.get(t.learnerId)?.name ?? '',
        url,
        qrSvg: await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 }),
      });
    }
    await recordAudit(trx, deps, ctx, {
      action: 'training.survey.print',
      objectType: 'training_class',
      objectId: c.id,
      detail: JSON.stringify({ codes: invites.length }),
    });
    return { classId: c.id, classTitle: c.title, opensOn: opensOn(c), invites };
  });
}

type Invite = NonNullable<Awaited<ReturnType<typeof q.inviteByToken>>>;

async function stateOf(db: Kysely<DB>, deps: Deps, v: Invite) {
  if (v.used) return 'answered' as const;
  if (v.class_status !== 'approved' || v.trainee_status !== 'enrolled' || (await q.resultOf(db, v.class_id)))
    return 'closed' as const;
  if (todayOf(deps) < opensOn(v)) return 'not_yet' as const;
  return 'open' as const;
}

const unknownCode = () => new AppError('NOT_FOUND', '调查二维码无效，请向培训机构核对');

/** What the public page shows for a code: the class, never who holds the code. */
export async function publicSurvey(deps: Deps, token: string) {
  const v = await q.inviteByToken(deps.db, token);
  if (!v) throw unknownCode();
  return {
    classTitle: v.title,
    providerName: v.provider_name,
    occupationName: v.occupation_name,
    startDate: v.start_date,
    endDate: v.end_date,
    state: await stateOf(deps.db, deps, v),
    opensOn: opensOn(v),
  };
}

/** A trainee's anonymous answer: once per code, from the end of the training until the survey closes. */
export async function answerSurvey(deps: Deps, ctx: RequestContext, token: string, body: SurveyAnswerBody) {
  return deps.db.transaction().execute(async (trx) => {
    const v = await q.inviteByToken(trx, token);
    if (!v) throw unknownCode();
    const state = await stateOf(trx, deps, v);
    if (state === 'answered') throw new AppError('SURVEY_ANSWERED', '该二维码已提交过评价，每名学员只能评价一次', rule);
    if (state === 'not_yet')
      throw new AppError('SURVEY_NOT_OPEN', `培训结束后才能评价（${opensOn(v)} 起）`, { ...rule });
    if (state === 'closed') throw new AppError('SURVEY_CLOSED', '该培训班的满意度调查已结束', rule);
    if (!(await q.useInvite(trx, v.id)))
      throw new AppError('SURVEY_ANSWERED', '该二维码已提交过评价，每名学员只能评价一次', rule);
    await q.insertAnswer(trx, {
      class_id: v.class_id,
      overall: body.overall,
      content_score: body.content,
      teaching_score: body.teaching,
      facilities_score: body.facilities,
      organisation_score: body.organisation,
      comment: body.comment?.trim() || null,
    });
    // everyone answered: the survey closes by itself (no actor, no address: the last answer stays anonymous)
    const { used } = await q.countUsed(trx, v.class_id);
    const enrolled = (await enrolledTrainees(trx, v.class_id)).length;
    if (used >= enrolled) {
      const system: RequestContext = { actor: null, ip: null, requestId: 'survey', lang: ctx.lang };
      await close(trx, deps, system, v.class_id, v.provider_id, todayOf(deps));
    }
    return { recorded: true as const };
  });
}

/** The aggregate of a class's answers (no answer is ever returned on its own). */
async function aggregate(db: Kysely<DB>, classId: number) {
  const rows = await q.answersOfClass(db, classId);
  const n = rows.length;
  const count = (v: string) => rows.filter((r) => r.overall === v).length;
  const verdicts = { satisfied: count('satisfied'), fair: count('fair'), dissatisfied: count('dissatisfied') };
  const avg = (k: 'content_score' | 'teaching_score' | 'facilities_score' | 'organisation_score') =>
    n ? Math.round((rows.reduce((s, r) => s + r[k], 0) * 10) / n) / 10 : null;
  return {
    answers: n,
    verdicts,
    satisfied: verdicts.satisfied + verdicts.fair,
    ratePercent: n ? Math.round(((verdicts.satisfied + verdicts.fair) * 1000) / n) / 10 : null,
    averages: {
      content: avg('content_score'),
      teaching: avg('teaching_score'),
      facilities: avg('facilities_score'),
      organisation: avg('organisation_score'),
    },
    // a fixed order that says nothing of when each was written
    comments: rows
      .map((r) => r.comment)
      .filter((x): x is string => !!x)
      .sort((a, b) => a.localeCompare(b, 'zh')),
  };
}

async function close(
  trx: Transaction<DB>,
  deps: Deps,
  ctx: RequestContext,
  classId: number,
  providerId: number,
  today: string,
) {
  const a = await aggregate(trx, classId);
  const { invited } = await q.countUsed(trx, classId);
  // TRAIN-8: below 85% the provider opens no class for a month
  const rectification =
    a.ratePercent === null
      ? null
      : await recordSatisfaction(trx, deps, ctx, {
          providerId,
          classId,
          satisfactionPercent: a.ratePercent,
          on: today,
        });
  const row = {
    class_id: classId,
    answers: a.answers,
    invited,
    satisfied: a.satisfied,
    rate_permille: a.ratePercent === null ? null : Math.round(a.ratePercent * 10),
    closed_on: today,
    rectification_id: rectification?.id ?? null,
    closed_by: ctx.actor?.id ?? null,
    closed_by_name: ctx.actor?.displayName ?? null,
    at: deps.clock.now().toISOString(),
  };
  await q.insertResult(trx, row);
  await recordAudit(trx, deps, ctx, {
    action: 'training.survey.close',
    objectType: 'training_class',
    objectId: classId,
    after: row,
  });
}

/** The HRSS of the place closes a class's survey (after the end of the training). */
export async function closeSurvey(deps: Deps, ctx: RequestContext, classId: number) {
  const actor = ctx.actor!;
  const action = 'training.survey.close';
  await deps.db.transaction().execute(async (trx) => {
    const c = await loadVisibleClass(trx, actor, classId, action);
    if (!isPlaceAuthority(actor, c.region_path))
      throw new AppError('NOT_PLACE_AUTHORITY', `满意度调查由培训所在地（${c.region_name}）人社部门结束`, {
        ...rule,
        audit: { action, objectType: 'training_class', objectId: classId },
      });
    const today = todayOf(deps);
    if (notApproved(c) || today < opensOn(c))
      throw new AppError('SURVEY_NOT_OPEN', `培训结束后（${opensOn(c)} 起）才进行满意度调查`, { ...rule });
    if (await q.resultOf(trx, c.id)) throw new AppError('SURVEY_CLOSED', '该培训班的满意度调查已结束', rule);
    await close(trx, deps, ctx, c.id, c.provider_id, today);
  });
  return surveySummary(deps, ctx, classId);
}

/** The class's survey as the provider or an HRSS sees it: counts, and the aggregate once closed. */
export async function surveySummary(deps: Deps, ctx: RequestContext, classId: number): Promise<SurveySummary> {
  const actor = ctx.actor!;
  const c = await loadVisibleClass(deps.db, actor, classId);
  const [result, counts, a] = await Promise.all([
    q.resultOf(deps.db, c.id),
    q.countUsed(deps.db, c.id),
    aggregate(deps.db, c.id),
  ]);
  const today = todayOf(deps);
  const open = !notApproved(c) && !result && today >= opensOn(c);
  return {
    classId: c.id,
    opensOn: opensOn(c),
    open,
    invited: counts.invited,
    answers: a.answers,
    verdicts: result ? a.verdicts : { satisfied: 0, fair: 0, dissatisfied: 0 },
    ratePercent: result ? a.ratePercent : null,
    averages: result ? a.averages : { content: null, teaching: null, facilities: null, organisation: null },
    comments: result ? a.comments : [],
    minPercent: MIN_SATISFACTION_PERCENT,
    closed: result
      ? {
          closedOn: result.closed_on,
          byName: result.closed_by_name,
          rectification: result.starts_on ? { startsOn: result.starts_on, endsOn: result.ends_on! } : null,
        }
      : null,
    mayPrint: !notApproved(c) && isOwn(actor, c),
    mayClose: open && isPlaceAuthority(actor, c.region_path),
  };
}
