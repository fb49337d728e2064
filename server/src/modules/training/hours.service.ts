/**
 * Hours that count (培训过程管理, seed 002 二（四）20 and 三（二）). An approved class (TRAIN-1, the
 * guard `assertApprovedClass`) gets its schedule of class hours, each the class's minutes per class
 * hour, theory or practical, offline or online. Its provider records attendance per trainee and
 * class hour (present, absent, on written leave, made up before the final assessment: TRAIN-10) and
 * the recording of each class hour (TRAIN-4), and imports the online platform's study records with
 * their anomalies (TRAIN-11); the HRSS of the place records its on-site spot checks (who was
 * present), and the class's head count follows them (三（二）). What counts is computed here from
 * those records by the pure rules of contract/training-hours.ts, never typed in.
 */
import type { Kysely, Transaction } from 'kysely';
import { can } from '../../../../contract/access.js';
import type {
  AttendanceBody,
  RecordingBody,
  ClassHourBody,
  SpotCheckBody,
} from '../../../../contract/api-training-hours.js';
import type { FieldError } from '../../../../contract/errors.js';
import type { OnlineImportResult } from '../../../../contract/api-training-hours.js';
import {
  ATTENDANCE_STATUSES,
  attendanceVerdict,
  clockMinutes,
  clockOf,
  countedHeadcount,
  onlineVerdict,
  recordingVerdict,
  SESSION_KINDS,
  type OnlineFlag,
  type Segment,
} from '../../../../contract/training-hours.js';
import type { DB } from '../../database/schema.js';
import type { Actor, Deps, RequestContext } from '../../lib/context.js';
import { AppError, notFoundOrDenied } from '../../lib/errors.js';
import { spoolDir } from '../../lib/spool.js';
import { runTask, workerTask } from '../../lib/workers.js';
import { spoolWriter } from '../jobs/spool-write.js';
import { CERTIFICATE_ROUTES, CERTIFICATE_ROUTES_EN } from '../../../../contract/training.js';
import type { Lang } from '../../lib/lang.js';
import { recordAudit } from '../audit/audit.service.js';
import { checkInWorker, writeSpooled, type ImportSpec, importErrorsRefusal } from '../jobs/import-job.js';
import type { JobProgress } from '../jobs/jobs.service.js';
import { maskedIdentities } from '../people/identities.service.js';
import { findPersonByIdNumber } from '../people/persons.service.js';
import { certificateRouteOf } from './class-checks.service.js';
import { assertApprovedClass, type ApprovedClass } from './class-guards.js';
import { lockClass, type ClassRow } from './classes.queries.js';
import { isPlaceAuthority, loadVisibleClass } from './classes.service.js';
import * as q from './hours.queries.js';
import { CHECK_ONLINE_RECORDS, MAX_LISTED_ONLINE_ERRORS, type OnlineRow } from './online-workbook.js';
import { todayOf } from './provider-access.js';
import { settingOf } from './settings.queries.js';
import { enrolledTrainees, evaluationsOf } from './trainees.service.js';

const isOwn = (actor: Actor, c: ClassRow) => !!actor.institutionId && actor.institutionId === c.institution_id;

/** The trainees of the class now enrolled, with their names. */
async function traineesWithNames(db: Kysely<DB>, deps: Deps, classId: number) {
  const [list, evaluated] = await Promise.all([enrolledTrainees(db, classId), evaluationsOf(db, classId)]);
  const people = await maskedIdentities(
    db,
    deps.config,
    list.map((t) => t.learnerId),
  );
  return list.map((t) => ({
    ...t,
    name: people.get(t.learnerId)?.name ?? '',
    evaluationCertificateNo: evaluated.get(t.id) ?? null,
  }));
}

const segmentsOf = (r: { segments_json: string } | undefined): Segment[] | null =>
  r ? (JSON.parse(r.segments_json) as Segment[]) : null;
const flagsOf = (s: string) => (s ? (s.split(',') as OnlineFlag[]) : []);

/**
 * The summary of the class's hours as the caller sees it: every figure computed from the records;
 * the reasons and notes in the caller's language (`lang`).
 */
export async function hoursOf(db: Kysely<DB>, deps: Deps, actor: Actor, c: ClassRow, lang: Lang = 'zh') {
  const L = (zh: string, en: string) => (lang === 'en' ? en : zh);
  const [sessions, attendance, recordings, online, checks, trainees, setting, completions, route] = await Promise.all([
    q.sessionsOf(db, c.id),
    q.attendanceOfClass(db, c.id),
    q.recordingsOfClass(db, c.id),
    q.onlineRecordsOfClass(db, c.id),
    q.spotChecksOf(db, c.id),
    traineesWithNames(db, deps, c.id),
    settingOf(db, c.occupation_id),
    q.completionsOfClass(db, c.id),
    certificateRouteOf(db, c.occupation_id),
  ]);
  const done = new Map(completions.map((k) => [k.trainee_id, completionView(k)]));
  const enrolledIds = new Set(trainees.map((t) => t.id));
  const names = new Map(trainees.map((t) => [t.id, t.name]));
  const assessedOn = new Map(trainees.map((t) => [t.id, t.assessedOn]));
  const key = (s: number, t: number) => `${s}:${t}`;
  const marks = new Map(attendance.map((a) => [key(a.session_id, a.trainee_id), a]));
  const studies = new Map(online.map((o) => [key(o.session_id, o.trainee_id), o]));
  const recs = new Map(recordings.map((r) => [r.session_id, r]));
  const bySession = <T extends { session_id: number }>(rows: T[]) => {
    const m = new Map<number, T[]>();
    for (const r of rows) {
      const list = m.get(r.session_id);
      if (list) list.push(r);
      else m.set(r.session_id, [r]);
    }
    return m;
  };
  const attendanceBySession = bySession(attendance);
  const onlineBySession = bySession(online);

  const sessionViews = sessions.map((s, i) => {
    const r = recs.get(s.id);
    const verdict =
      s.delivery === 'offline'
        ? recordingVerdict({ kind: s.kind, startsAt: s.starts_at, minutes: s.minutes }, segmentsOf(r), lang)
        : {
            ok: true,
            coveredMinutes: 0,
            longestMinutes: 0,
            message: L(
              '线上课时按每名学员的线上学习记录计（TRAIN-11）',
              "An online class hour counts by each trainee's online study record (TRAIN-11)",
            ),
          };
    return {
      id: s.id,
      seq: i + 1,
      heldOn: s.held_on,
      startsAt: s.starts_at,
      endsAt: clockOf(clockMinutes(s.starts_at) + s.minutes),
      minutes: s.minutes,
      kind: s.kind,
      delivery: s.delivery,
      topic: s.topic,
      recording: r
        ? {
            fileName: r.file_name,
            startsAt: r.starts_at,
            durationMinutes: r.duration_minutes,
            segments: segmentsOf(r)!,
            coveredMinutes: verdict.coveredMinutes,
            longestMinutes: verdict.longestMinutes,
            recordedByName: r.recorded_by_name,
            at: r.at,
          }
        : null,
      recordingOk: verdict.ok,
      recordingMessage: verdict.message,
      attendance: (attendanceBySession.get(s.id) ?? [])
        .filter((a) => enrolledIds.has(a.trainee_id))
        .map((a) => {
          const v = attendanceVerdict(
            { status: a.status, makeupOn: a.makeup_on },
            assessedOn.get(a.trainee_id) ?? null,
            lang,
          );
          return {
            traineeId: a.trainee_id,
            status: a.status,
            leaveNote: a.leave_note,
            makeupOn: a.makeup_on,
            counts: v.ok && verdict.ok,
            message: verdict.ok ? v.message : `${v.message}${L('；', '; ')}${verdict.message}`,
          };
        }),
      online: (onlineBySession.get(s.id) ?? [])
        .filter((o) => enrolledIds.has(o.trainee_id))
        .map((o) => {
          const v = onlineVerdict(flagsOf(o.flags), lang);
          return {
            traineeId: o.trainee_id,
            studiedOn: o.studied_on,
            minutes: o.minutes,
            flags: flagsOf(o.flags),
            counts: v.ok,
            message: v.message,
          };
        }),
      verdict,
    };
  });

  const offlinePracticalRequired = c.mode === 'online' ? (setting?.offline_practical_hours ?? null) : null;
  const traineeViews = trainees.map((t) => {
    let theory = 0;
    let practical = 0;
    let offlinePractical = 0;
    const notCounted: { sessionId: number; seq: number; reason: string }[] = [];
    for (const s of sessionViews) {
      let ok: boolean;
      let reason: string;
      if (s.delivery === 'offline') {
        const a = marks.get(key(s.id, t.id));
        const v = attendanceVerdict(a ? { status: a.status, makeupOn: a.makeup_on } : null, t.assessedOn, lang);
        ok = s.verdict.ok && v.ok;
        reason = !v.ok ? v.message : s.verdict.message;
      } else {
        const o = studies.get(key(s.id, t.id));
        const v = o
          ? onlineVerdict(flagsOf(o.flags), lang)
          : { ok: false, message: L('无线上学习记录', 'No online study record') };
        ok = v.ok;
        reason = v.message;
      }
      if (!ok) {
        notCounted.push({ sessionId: s.id, seq: s.seq, reason });
        continue;
      }
      if (s.kind === 'theory') theory++;
      else {
        practical++;
        if (s.delivery === 'offline') offlinePractical++;
      }
    }
    return {
      traineeId: t.id,
      name: t.name,
      assessedOn: t.assessedOn,
      theory,
      practical,
      offlinePractical,
      total: theory + practical,
      planned: c.theory_hours + c.practical_hours,
      complete: theory >= c.theory_hours && practical >= c.practical_hours,
      offlinePracticalOk: offlinePracticalRequired === null ? null : offlinePractical >= offlinePracticalRequired,
      notCounted,
      completion: done.get(t.id) ?? null,
      evaluationCertificateNo: t.evaluationCertificateNo,
    };
  });

  // 开班实到人数: those present at the first offline class hour whose attendance was taken
  const first = sessionViews.find((s) => s.delivery === 'offline' && s.attendance.length);
  const opening = first ? first.attendance.filter((a) => a.status === 'present').length : trainees.length;
  const head = countedHeadcount(
    opening,
    checks.map((k) => k.present_count),
    lang,
  );
  const approved = c.status === 'approved';
  return {
    classId: c.id,
    minutesPerHour: c.minutes_per_hour,
    planned: { theory: c.theory_hours, practical: c.practical_hours, total: c.theory_hours + c.practical_hours },
    scheduled: {
      theory: sessions.filter((s) => s.kind === 'theory').length,
      practical: sessions.filter((s) => s.kind === 'practical').length,
      offlinePractical: sessions.filter((s) => s.kind === 'practical' && s.delivery === 'offline').length,
      recordedOk: sessionViews.filter((s) => s.delivery === 'offline' && s.verdict.ok).length,
    },
    offlinePracticalRequired,
    sessions: sessionViews.map(({ verdict: _v, ...s }) => s),
    trainees: traineeViews,
    spotChecks: checks.map((k) => spotCheckView(k, names)),
    headcount: {
      enrolled: trainees.length,
      opening,
      checksAverage: head.average,
      counted: head.counted,
      byChecks: head.byChecks,
      message: head.message,
    },
    mayRecord: approved && isOwn(actor, c),
    mayCheck: approved && isPlaceAuthority(actor, c.region_path),
    assessment: {
      route: route.route,
      byCompletionTest: route.route === 'completion',
      message:
        route.route === 'completion'
          ? L(
              '该职业无职业技能等级证书等可取得的证书：培训后由县级以上人社部门组织培训合格证书类考核（理论、实操），合格的发给培训合格证书',
              'No skill-level or other certificate can be obtained in this occupation: after the training, an HRSS department at county level or above holds a completion assessment (theory and practical), and those who pass get a training completion certificate',
            )
          : L(
              `该职业可取得${CERTIFICATE_ROUTES[route.route]}：学员须参加鉴定评价或考核，不组织培训合格证书考核（TRAIN-9）`,
              `A ${CERTIFICATE_ROUTES_EN[route.route]} can be obtained in this occupation: trainees take its evaluation or assessment; no completion assessment is held (TRAIN-9)`,
            ),
    },
    mayAssess:
      approved &&
      route.route === 'completion' &&
      can(actor.role, 'training.completion.record') &&
      isPlaceAuthority(actor, c.region_path),
  };
}

export function completionView(k: q.CompletionRow) {
  return {
    assessedOn: k.assessed_on,
    passed: k.passed === 1,
    theoryScore: k.theory_score,
    practicalScore: k.practical_score,
    hoursCounted: k.hours_counted,
    hoursPlanned: k.hours_planned,
    certificateNo: k.certificate_no,
    note: k.note,
    recordedByName: k.recorded_by_name,
    at: k.at,
  };
}

function spotCheckView(k: q.SpotCheckRow, names: Map<number, string>) {
  const ids = JSON.parse(k.present_json) as number[];
  return {
    id: k.id,
    checkedOn: k.checked_on,
    presentCount: k.present_count,
    enrolledCount: k.enrolled_count,
    presentNames: ids.map((i) => names.get(i) ?? `#${i}`),
    note: k.note,
    checkedByName: k.checked_by_name,
    at: k.at,
  };
}

export async function getHours(deps: Deps, ctx: RequestContext, classId: number) {
  const c = await loadVisibleClass(deps.db, ctx.actor!, classId);
  return hoursOf(deps.db, deps, ctx.actor!, c, ctx.lang);
}

/** The class, the caller's own (a provider records its own classes only) and approved (TRAIN-1). */
async function ownApprovedClass(trx: Kysely<DB>, ctx: RequestContext, classId: number, action: string) {
  const c = await loadVisibleClass(trx, ctx.actor!, classId, action);
  if (!isOwn(ctx.actor!, c)) throw new AppError('DELEGATION_FORBIDDEN', '只能登记本机构培训班的培训过程记录');
  const cls = await assertApprovedClass(trx, classId);
  return { c, cls };
}

/** A class hour and its class, the caller's own and approved. */
async function ownSession(trx: Kysely<DB>, ctx: RequestContext, sessionId: number, action: string) {
  const s = await q.sessionById(trx, sessionId);
  if (!s)
    throw notFoundOrDenied(null, `课时 #${sessionId} 不存在`, {
      action,
      objectType: 'training_session',
      objectId: sessionId,
    });
  return { s, ...(await ownApprovedClass(trx, ctx, s.class_id, action)) };
}

const sessionViewOf = async (trx: Kysely<DB>, deps: Deps, ctx: RequestContext, c: ClassRow, sessionId: number) =>
  (await hoursOf(trx, deps, ctx.actor!, c, ctx.lang)).sessions.find((x) => x.id === sessionId)!;

const invalid = (
  code: 'SESSION_INVALID' | 'ATTENDANCE_INVALID' | 'RECORDING_INVALID' | 'SPOT_CHECK_INVALID',
  message: string,
  rule?: string,
  field?: string,
) => new AppError(code, message, { ...(rule ? { rule } : {}), ...(field ? { details: [{ field, message }] } : {}) });

/** Schedules `count` consecutive class hours of the class's length, within its period and plan. */
export async function addSessions(deps: Deps, ctx: RequestContext, classId: number, body: ClassHourBody) {
  return deps.db.transaction().execute(async (trx) => {
    const { c, cls } = await ownApprovedClass(trx, ctx, classId, 'training.session.create');
    if (body.heldOn < cls.startDate || body.heldOn > cls.endDate)
      throw invalid(
        'SESSION_INVALID',
        `课时日期须在培训期间（${cls.startDate} ~ ${cls.endDate}）内`,
        'TRAIN-1',
        '/heldOn',
      );
    if (body.delivery === 'online' && cls.mode !== 'online')
      throw invalid('SESSION_INVALID', '线下培训班的课时只能线下授课', 'TRAIN-1', '/delivery');
    const n = body.count ?? 1;
    const minutes = cls.minutesPerHour;
    const from = clockMinutes(body.startsAt);
    if (from + n * minutes > 24 * 60)
      throw invalid('SESSION_INVALID', `${n} 个课时（每课时 ${minutes} 分钟）超出当日`, undefined, '/count');
    const existing = await q.sessionsOf(trx, classId);
    const planned = body.kind === 'theory' ? cls.theoryHours : cls.practicalHours;
    const already = existing.filter((s) => s.kind === body.kind).length;
    if (already + n > planned)
      throw invalid(
        'SESSION_INVALID',
        `${SESSION_KINDS[body.kind]}课时超过开班计划：计划 ${planned} 学时，已安排 ${already} 学时，不能再安排 ${n} 学时`,
        'TRAIN-1',
        '/count',
      );
    const clash = existing.find((s) => {
      if (s.held_on !== body.heldOn) return false;
      const a = clockMinutes(s.starts_at);
      return a < from + n * minutes && from < a + s.minutes;
    });
    if (clash)
      throw invalid(
        'SESSION_INVALID',
        `与已安排的课时（${clash.held_on} ${clash.starts_at}）时间重叠`,
        undefined,
        '/startsAt',
      );
    const now = deps.clock.now().toISOString();
    const ids: number[] = [];
    for (let i = 0; i < n; i++)
      ids.push(
        await q.insertSession(trx, {
          class_id: classId,
          held_on: body.heldOn,
          starts_at: clockOf(from + i * minutes),
          minutes,
          kind: body.kind,
          delivery: body.delivery,
          topic: body.topic?.trim() || null,
          created_by: ctx.actor!.id,
          created_at: now,
        }),
      );
    const all = (await hoursOf(trx, deps, ctx.actor!, c, ctx.lang)).sessions;
    const created = all.filter((s) => ids.includes(s.id));
    await recordAudit(trx, deps, ctx, {
      action: 'training.session.create',
      objectType: 'training_class',
      objectId: classId,
      after: created.map((s) => ({
        id: s.id,
        heldOn: s.heldOn,
        startsAt: s.startsAt,
        kind: s.kind,
        delivery: s.delivery,
      })),
    });
    return created;
  });
}

/** Takes a class hour off the schedule while nothing was recorded against it. */
export async function deleteSession(deps: Deps, ctx: RequestContext, sessionId: number) {
  return deps.db.transaction().execute(async (trx) => {
    const { s } = await ownSession(trx, ctx, sessionId, 'training.session.delete');
    if (await q.sessionHasRecords(trx, sessionId))
      throw new AppError('SESSION_IN_USE', `课时（${s.held_on} ${s.starts_at}）已有考勤、录像或线上学习记录，不能删除`);
    await q.deleteSession(trx, sessionId);
    await recordAudit(trx, deps, ctx, {
      action: 'training.session.delete',
      objectType: 'training_session',
      objectId: sessionId,
      before: s,
    });
    return { deleted: 1 };
  });
}

/**
 * TRAIN-10: marks attendance of offline class hours that have taken place. Leave needs the written
 * leave request; a make-up needs it too and the day of the make-up, on or after the class hour and
 * before the trainee's final assessment (结业考核前).
 */
export async function recordAttendance(deps: Deps, ctx: RequestContext, sessionId: number, body: AttendanceBody) {
  return deps.db.transaction().execute(async (trx) => {
    const { s, c } = await ownSession(trx, ctx, sessionId, 'training.attendance.record');
    if (s.delivery !== 'offline')
      throw invalid('ATTENDANCE_INVALID', '线上课时不登记考勤，按线上学习记录计（TRAIN-11）', 'TRAIN-11');
    const today = todayOf(deps);
    if (s.held_on > today)
      throw invalid('ATTENDANCE_INVALID', `课时在 ${s.held_on}，尚未上课，不能登记考勤`, 'TRAIN-10');
    const trainees = new Map((await traineesWithNames(trx, deps, c.id)).map((t) => [t.id, t]));
    const before: unknown[] = [];
    const after: unknown[] = [];
    const now = deps.clock.now().toISOString();
    const seen = new Set<number>();
    for (const [i, e] of body.entries.entries()) {
      const at = `/entries/${i}`;
      const t = trainees.get(e.traineeId);
      if (!t)
        throw invalid('ATTENDANCE_INVALID', `学员 #${e.traineeId} 不是本班在读学员`, undefined, `${at}/traineeId`);
      if (seen.has(e.traineeId))
        throw invalid('ATTENDANCE_INVALID', `${t.name} 重复登记`, undefined, `${at}/traineeId`);
      seen.add(e.traineeId);
      const old = await q.attendanceOf(trx, sessionId, e.traineeId);
      const leaveNote =
        e.leaveNote?.trim() || (e.status === 'makeup' || e.status === 'leave' ? old?.leave_note : null) || null;
      const makeupOn = e.status === 'makeup' ? (e.makeupOn ?? null) : null;
      if ((e.status === 'leave' || e.status === 'makeup') && !leaveNote)
        throw invalid(
          'ATTENDANCE_INVALID',
          `${t.name}：请假须履行书面请假手续，请填写请假条（TRAIN-10）`,
          'TRAIN-10',
          `${at}/leaveNote`,
        );
      if (e.status === 'makeup') {
        if (old?.status !== 'leave' && old?.status !== 'makeup')
          throw invalid(
            'ATTENDANCE_INVALID',
            `${t.name}：只有履行了书面请假手续的请假课时可以补课（本课时为“${old ? ATTENDANCE_STATUSES[old.status] : '未登记'}”，TRAIN-10）`,
            'TRAIN-10',
            `${at}/status`,
          );
        if (!makeupOn) throw invalid('ATTENDANCE_INVALID', `${t.name}：请填写补课日期`, 'TRAIN-10', `${at}/makeupOn`);
        if (makeupOn < s.held_on || makeupOn > today)
          throw invalid(
            'ATTENDANCE_INVALID',
            `${t.name}：补课日期须在该课时（${s.held_on}）之后、今天（${today}）之前`,
            'TRAIN-10',
            `${at}/makeupOn`,
          );
        if (t.assessedOn && makeupOn >= t.assessedOn)
          throw invalid(
            'ATTENDANCE_INVALID',
            `${t.name}：补课须在结业考核前完成（结业考核 ${t.assessedOn}，补课 ${makeupOn}），考核后的补课不计入（TRAIN-10）`,
            'TRAIN-10',
            `${at}/makeupOn`,
          );
      }
      await q.upsertAttendance(trx, {
        session_id: sessionId,
        trainee_id: e.traineeId,
        status: e.status,
        leave_note: e.status === 'leave' || e.status === 'makeup' ? leaveNote : null,
        makeup_on: makeupOn,
        recorded_by: ctx.actor!.id,
        recorded_by_name: ctx.actor!.displayName,
        at: now,
      });
      if (old)
        before.push({
          traineeId: old.trainee_id,
          status: old.status,
          leaveNote: old.leave_note,
          makeupOn: old.makeup_on,
        });
      after.push({ traineeId: e.traineeId, status: e.status, leaveNote, makeupOn });
    }
    await recordAudit(trx, deps, ctx, {
      action: 'training.attendance.record',
      objectType: 'training_session',
      objectId: sessionId,
      ...(before.length ? { before } : {}),
      after,
    });
    return sessionViewOf(trx, deps, ctx, c, sessionId);
  });
}

/**
 * TRAIN-4: the recording of an offline class hour that has taken place — the file, its start and
 * length, and its continuous segments (one, the whole file, when none are given). Stored as it is;
 * whether the class hour counts is computed from it (theory in full, practical ≥ 15 continuous minutes).
 */
export async function putRecording(deps: Deps, ctx: RequestContext, sessionId: number, body: RecordingBody) {
  return deps.db.transaction().execute(async (trx) => {
    const { s, c } = await ownSession(trx, ctx, sessionId, 'training.recording.record');
    if (s.delivery !== 'offline')
      throw invalid('RECORDING_INVALID', '线上课时以线上学习记录计，不登记课堂录像（TRAIN-11）', 'TRAIN-11');
    if (s.held_on > todayOf(deps))
      throw invalid('RECORDING_INVALID', `课时在 ${s.held_on}，尚未上课，不能登记录像`, 'TRAIN-4');
    const fileFrom = clockMinutes(body.startsAt);
    const fileTo = fileFrom + body.durationMinutes;
    const segments = body.segments ?? [{ startsAt: body.startsAt, minutes: body.durationMinutes }];
    for (const [i, g] of segments.entries()) {
      const a = clockMinutes(g.startsAt);
      if (a < fileFrom || a + g.minutes > fileTo)
        throw invalid(
          'RECORDING_INVALID',
          `第 ${i + 1} 段（${g.startsAt} 起 ${g.minutes} 分钟）不在录像文件（${body.startsAt} 起 ${body.durationMinutes} 分钟）之内`,
          'TRAIN-4',
          `/segments/${i}`,
        );
    }
    const before = await q.recordingOf(trx, sessionId);
    const row = {
      session_id: sessionId,
      file_name: body.fileName.trim(),
      starts_at: body.startsAt,
      duration_minutes: body.durationMinutes,
      segments_json: JSON.stringify(segments.map((g) => ({ startsAt: g.startsAt, minutes: g.minutes }))),
      recorded_by: ctx.actor!.id,
      recorded_by_name: ctx.actor!.displayName,
      at: deps.clock.now().toISOString(),
    };
    await q.upsertRecording(trx, row);
    const view = await sessionViewOf(trx, deps, ctx, c, sessionId);
    await recordAudit(trx, deps, ctx, {
      action: 'training.recording.record',
      objectType: 'training_session',
      objectId: sessionId,
      ...(before ? { before } : {}),
      after: { ...row, counts: view.recordingOk, verdict: view.recordingMessage },
    });
    return view;
  });
}

/**
 * Seed 002 三（二）: an on-site check by the HRSS of the place (or above) on a day of the class's
 * period up to today, naming the trainees found present. Fewer than the opening count makes the
 * class count the average present over its checks.
 */
export async function addSpotCheck(deps: Deps, ctx: RequestContext, classId: number, body: SpotCheckBody) {
  const actor = ctx.actor!;
  return deps.db.transaction().execute(async (trx: Transaction<DB>) => {
    const c = await loadVisibleClass(trx, actor, classId, 'training.class.inspect');
    if (!isPlaceAuthority(actor, c.region_path))
      throw new AppError(
        'NOT_PLACE_AUTHORITY',
        `实地抽查由培训所在地（${c.region_name}）人社部门或其上级进行，${actor.scopeLabel}不是该班的监管部门`,
        { audit: { action: 'training.class.inspect', objectType: 'training_class', objectId: classId } },
      );
    const cls: ApprovedClass = await assertApprovedClass(trx, classId);
    const today = todayOf(deps);
    if (body.checkedOn < cls.startDate || body.checkedOn > cls.endDate || body.checkedOn > today)
      throw invalid(
        'SPOT_CHECK_INVALID',
        `抽查日期须在培训期间（${cls.startDate} ~ ${cls.endDate}）且不晚于今天`,
        undefined,
        '/checkedOn',
      );
    const trainees = await traineesWithNames(trx, deps, classId);
    const enrolled = new Set(trainees.map((t) => t.id));
    const present = [...new Set(body.presentTraineeIds)];
    const stranger = present.find((id) => !enrolled.has(id));
    if (stranger)
      throw invalid('SPOT_CHECK_INVALID', `学员 #${stranger} 不是本班在读学员`, undefined, '/presentTraineeIds');
    const row = {
      class_id: classId,
      checked_on: body.checkedOn,
      present_count: present.length,
      enrolled_count: trainees.length,
      present_json: JSON.stringify(present.sort((a, b) => a - b)),
      note: body.note?.trim() || null,
      checked_by: actor.id,
      checked_by_name: actor.displayName,
      checked_by_region: actor.regionCode ?? null,
      at: deps.clock.now().toISOString(),
    };
    const id = await q.insertSpotCheck(trx, row);
    await recordAudit(trx, deps, ctx, {
      action: 'training.class.inspect',
      objectType: 'training_class',
      objectId: classId,
      after: { id, ...row },
    });
    const view = (await q.spotChecksOf(trx, classId)).find((k) => k.id === id)!;
    return spotCheckView(view, new Map(trainees.map((t) => [t.id, t.name])));
  });
}

/**
 * TRAIN-11: the import of the online platform's study records of the class's online class
 * hours, started as a tracked job (202, the job) by the pipeline of every workbook import
 * (jobs/import-job.ts): a hostile file and a class the actor may not record for are refused at
 * once; the rows are checked for form in a worker thread (校验), then each against the records
 * inside ONE transaction (写入: the person is an enrolled trainee under that name, the class hour
 * is an online one of this class, the day within the period); any problem imports nothing and
 * names row and column. Records with an anomaly are kept and shown, and do not count. `release`
 * (the server's import slot) is given back when the job ends.
 */
export function onlineRecordImport(
  deps: Deps,
  ctx: RequestContext,
  classId: number,
  file: Buffer,
): ImportSpec<unknown> {
  return {
    kind: 'online_record_import',
    own: () => ownApprovedClass(deps.db, ctx, classId, 'training.online.import'),
    run: (_, progress) => runOnlineRecordImport(deps, ctx, classId, file, progress),
    params: { classId },
    // the import itself is recorded when it commits (training.online.import)
    audit: { action: 'training.online.import_start', objectType: 'training_class', objectId: classId },
  };
}

/** A spooled row ready to write: its class hour and trainee. */
interface ReadyRecord {
  row: OnlineRow;
  sessionId: number;
  traineeId: number;
}

/** The job's work: check the form into a spool in a worker thread, then check and write the spool in one transaction. */
async function runOnlineRecordImport(
  deps: Deps,
  ctx: RequestContext,
  classId: number,
  file: Buffer,
  progress: JobProgress,
) {
  const checked = await checkInWorker(progress, (port) =>
    runTask(deps, CHECK_ONLINE_RECORDS, file, deps.config.imports, spoolDir(deps.config.dataDir), port),
  );
  const result = await writeSpooled(
    deps,
    ctx,
    progress,
    checked,
    (r) => {
      if (!r.rowCount && !r.errorCount) throw new AppError('IMPORT_INVALID', '文件中没有学习记录');
      return r.rowCount;
    },
    ONLINE_RECORD_WRITER,
    classId,
    checked.errors,
    checked.errorCount,
  );
  return { done: result.imported, result };
}

/**
 * The online records' steps inside the import's one transaction (jobs/spool-write.ts, run on
 * the write thread): each row checked against the class's records, written once none is
 * refused. `errors` and `errorCount`: the problems of form the check found.
 */
export function onlineRecordWriter(
  deps: Deps,
  ctx: RequestContext,
  classId: number,
  errors: FieldError[],
  errorCount: number,
) {
  return spoolWriter({
    async begin(trx) {
      const { c, cls } = await ownApprovedClass(trx, ctx, classId, 'training.online.import');
      // two imports into one class are written one after the other, each checked against the other's records
      await lockClass(trx, classId);
      const trainees = await traineesWithNames(trx, deps, classId);
      return {
        c,
        cls,
        sessions: await q.sessionsOf(trx, classId),
        byLearner: new Map(trainees.map((t) => [t.learnerId, t])),
        people: new Map<string, number | null>(),
        seen: new Set<string>(),
        // the problems of form first, then those against the records, row by row
        problems: [...errors],
        problemCount: errorCount,
        imported: 0,
        flagged: 0,
        now: deps.clock.now().toISOString(),
      };
    },
    async chunk(trx, s, rows: OnlineRow[], pause) {
      for (const r of rows) {
        await pause();
        const ready = await recordOf(trx, deps, s, r);
        // once any row is refused nothing is written: the rest are only checked, to name every problem
        if (!ready || s.problemCount) continue;
        await q.upsertOnlineRecord(trx, {
          session_id: ready.sessionId,
          trainee_id: ready.traineeId,
          studied_on: r.studiedOn,
          minutes: r.minutes,
          flags: r.flags.join(','),
          imported_by: ctx.actor!.id,
          at: s.now,
        });
        s.imported++;
        if (r.flags.length) s.flagged++;
      }
    },
    async end(trx, s) {
      if (s.problemCount)
        throw importErrorsRefusal(s.problemCount, s.problems.slice(0, MAX_LISTED_ONLINE_ERRORS), 'TRAIN-11');
      const out: OnlineImportResult = { imported: s.imported, flagged: s.flagged };
      await recordAudit(trx, deps, ctx, {
        action: 'training.online.import',
        objectType: 'training_class',
        objectId: s.c.id,
        after: out,
      });
      return out;
    },
  });
}

const ONLINE_RECORD_WRITER = workerTask<typeof onlineRecordWriter>(import.meta.url, 'onlineRecordWriter');

/**
 * A row of online study checked against the class's records (an enrolled trainee under that name,
 * an online class hour of this class, a day within the period, once per trainee and class hour):
 * its class hour and trainee, or null with the problems added to `s`.
 */
async function recordOf(
  trx: Transaction<DB>,
  deps: Deps,
  s: {
    cls: ApprovedClass;
    sessions: Awaited<ReturnType<typeof q.sessionsOf>>;
    byLearner: Map<number, { id: number; name: string }>;
    people: Map<string, number | null>;
    seen: Set<string>;
    problems: FieldError[];
    problemCount: number;
  },
  r: OnlineRow,
): Promise<ReadyRecord | null> {
  const before = s.problemCount;
  const err = (column: string, message: string) => {
    s.problemCount++;
    if (s.problems.length < MAX_LISTED_ONLINE_ERRORS) s.problems.push({ field: `第 ${r.rowNo} 行 ${column}`, message });
  };
  let traineeId: number | null = null;
  if (r.idNumber) {
    if (!s.people.has(r.idNumber)) {
      const p = await findPersonByIdNumber(trx, deps, 'resident_id', r.idNumber);
      s.people.set(r.idNumber, p?.id ?? null);
    }
    const t = s.byLearner.get(s.people.get(r.idNumber) ?? -1);
    if (!t) err('证件号码', '不是本班在读学员');
    else if (r.name && t.name !== r.name) err('姓名', `与学员名单不符（名单为 ${t.name}）`);
    else traineeId = t.id;
  }
  // a number that was not one in the file crossed the spool as null
  const seqOk = Number.isInteger(r.seq) && r.seq >= 1;
  const session = seqOk ? s.sessions[r.seq - 1] : undefined;
  if (seqOk) {
    if (!session) err('课时序号', `本班只安排了 ${s.sessions.length} 个课时`);
    else if (session.delivery !== 'online')
      err('课时序号', `第 ${r.seq} 课时（${session.held_on} ${session.starts_at}）是线下课时`);
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(r.studiedOn) && (r.studiedOn < s.cls.startDate || r.studiedOn > s.cls.endDate))
    err('学习日期', `须在培训期间（${s.cls.startDate} ~ ${s.cls.endDate}）内`);
  if (!traineeId || !session) return null;
  const k = `${traineeId}:${session.id}`;
  if (s.seen.has(k)) err('课时序号', '同一学员同一课时重复');
  s.seen.add(k);
  return s.problemCount === before ? { row: r, sessionId: session.id, traineeId } : null;
}
