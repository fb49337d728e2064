/**
 * Trainees of an approved class (TRAIN-1), by form or by Excel roster (nothing half-imported). Each
 * trainee is a person found or registered by identity document through the people module (no ID
 * number is stored here), with the student situation the enrolment states applied by the people
 * module's rule (a school's record stands). Every enrolment records the target group and its
 * responsible department (TRAIN-7); a subsidised class further refuses, from the records:
 * - a person without the intention to work (seed 002 二（四）21: 不得培训无就业意愿的人员);
 * - an employee outside the category of the post, a job-transfer worker inside the old one (TRAIN-5);
 * - a vocational in-school student in a major the class corresponds to (TRAIN-6);
 * - where online training is concerned, a person whose last project is unassessed or was assessed
 *   less than a month before this class opens (TRAIN-11; `assessed_on` is set by the completion records).
 */
import type { Kysely, Transaction } from 'kysely';
import type { TraineeBody, TraineeImportResult } from '../../../../contract/api-training.js';
import { MAX_CLASS_SIZE } from '../../../../contract/limits.js';
import {
  ownMajorConflict,
  POST_GROUPS,
  postMismatch,
  RESPONSIBLE_DEPARTMENTS,
  TARGET_GROUPS,
} from '../../../../contract/training.js';
import type { DB } from '../../database/schema.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { businessDay } from '../../lib/dates.js';
import { AppError, notFoundOrDenied } from '../../lib/errors.js';
import type { FieldError } from '../../../../contract/errors.js';
import { runTask, workerTask } from '../../lib/workers.js';
import { spoolWriter } from '../jobs/spool-write.js';
import { spoolDir } from '../../lib/spool.js';
import { checkInWorker, writeSpooled, type ImportSpec, importErrorsRefusal } from '../jobs/import-job.js';
import type { JobProgress } from '../jobs/jobs.service.js';
import { recordAudit } from '../audit/audit.service.js';
import { getOccupation } from '../occupations/occupations.queries.js';
import { occupationKeys } from '../occupations/occupations.service.js';
import { maskedIdentities } from '../people/identities.service.js';
import { identifyLearner, recordLearner } from '../people/learners.service.js';
import { assertApprovedClass, type ApprovedClass } from './class-guards.js';
import { loadVisibleClass } from './classes.service.js';
import { lockClass, type ClassRow } from './classes.queries.js';
import { todayOf } from './provider-access.js';
import { providerById } from './providers.queries.js';
import { CHECK_TRAINEES } from './trainee-workbook.js';
import type { ParsedTrainee } from './trainee-roster.js';
import * as q from './trainees.queries.js';
import { assessmentGapViolation } from './training.rules.js';

/** The student situation an enrolment was judged on (TRAIN-6), kept with it. */
interface SituationSnapshot {
  inSchool: boolean;
  schoolId: number | null;
  schoolName: string | null;
  major: string | null;
  studentType: string | null;
}

async function views(db: Kysely<DB>, config: Deps['config'], rows: q.TraineeRow[]) {
  const people = await maskedIdentities(
    db,
    config,
    rows.map((r) => r.learner_id),
  );
  return rows.map((r) => {
    const s = JSON.parse(r.situation_json) as SituationSnapshot;
    const p = people.get(r.learner_id);
    return {
      id: r.id,
      classId: r.class_id,
      learnerId: r.learner_id,
      name: p?.name ?? '',
      idNumberMasked: p?.idNumberMasked ?? '',
      targetGroup: r.target_group as keyof typeof TARGET_GROUPS,
      department:
        RESPONSIBLE_DEPARTMENTS[r.responsible_department as keyof typeof RESPONSIBLE_DEPARTMENTS] ??
        r.responsible_department,
      postOccupation: r.post_occupation_id
        ? { id: r.post_occupation_id, code: r.post_code!, name: r.post_name! }
        : null,
      employmentIntention: r.employment_intention === 1,
      inSchool: s.inSchool,
      schoolName: s.schoolName,
      major: s.major,
      source: r.source,
      status: r.status,
      enrolledAt: r.enrolled_at,
      withdrawnAt: r.withdrawn_at,
      withdrawnReason: r.withdrawn_reason,
      assessedOn: r.assessed_on,
      evaluationCertificateNo: r.evaluation_certificate_no,
    };
  });
}

export async function listTrainees(deps: Deps, ctx: RequestContext, classId: number) {
  await loadVisibleClass(deps.db, ctx.actor!, classId);
  return views(deps.db, deps.config, await q.traineesOf(deps.db, classId));
}

const refuse = (rule: string | undefined, message: string, field?: string) =>
  new AppError('TRAINEE_NOT_ELIGIBLE', message, { rule, ...(field ? { details: [{ field, message }] } : {}) });

/**
 * Enrols one person in an approved class inside the caller's transaction: every check named in the
 * module comment, then the row and its audit record. Returns the trainee id and the note of a
 * situation the person's school keeps.
 */
async function enrol(
  trx: Transaction<DB>,
  deps: Deps,
  ctx: RequestContext,
  cls: ApprovedClass,
  c: ClassRow,
  body: TraineeBody,
  source: 'form' | 'import',
) {
  const today = todayOf(deps);
  if (today > cls.endDate)
    throw new AppError('CLASS_INVALID_STATE', `培训班已于 ${cls.endDate} 结业，不能再登记学员`, { rule: 'TRAIN-1' });
  const enrolled = await q.countEnrolled(trx, cls.id);
  if (enrolled >= cls.capacity)
    throw new AppError('CLASS_FULL', `培训班已满：核定 ${cls.capacity} 人（每班不超过 ${MAX_CLASS_SIZE} 人）`, {
      rule: 'TRAIN-2',
    });
  const person = await identifyLearner(trx, deps, body);
  if (person.existing) {
    const e = await q.enrolmentOf(trx, cls.id, person.existing.id);
    if (e)
      throw new AppError(
        'ALREADY_ENROLLED',
        `${person.name} 已在本培训班（学员 #${e.id}${e.status === 'withdrawn' ? '，已退学' : ''}）`,
        {
          details: [{ field: '/idNumber', message: '已在本班' }],
        },
      );
  }
  const provider = (await providerById(trx, cls.providerId))!;
  const school = provider.school_type ? { id: provider.institution_id, name: provider.name } : null;
  const recorded = await recordLearner(trx, deps, ctx, person, body, {
    institutionId: provider.institution_id,
    school,
    via: 'training',
    ref: `class:${cls.id}`,
  });
  const learner = recorded.learner;
  const situation: SituationSnapshot = {
    inSchool: recorded.situation.inSchool,
    schoolId: recorded.situation.school?.id ?? null,
    schoolName: recorded.situation.school?.name ?? null,
    major: recorded.situation.major,
    studentType: recorded.situation.studentType,
  };
  const group = TARGET_GROUPS[body.targetGroup];
  const postId = POST_GROUPS.includes(body.targetGroup) ? (body.postOccupationId ?? null) : null;
  const post = postId ? await getOccupation(trx, postId) : null;
  if (postId && !post)
    throw new AppError('OCCUPATION_NOT_FOUND', '岗位职业不存在', {
      details: [{ field: '/postOccupationId', message: '职业不存在' }],
    });

  if (cls.subsidised) {
    if (!body.employmentIntention)
      throw refuse(
        undefined,
        `${learner.name} 无就业意愿：职业技能提升行动专账资金不得培训无就业能力、无就业意愿的人员（许技领办〔2021〕4号 二（四）21）`,
        '/employmentIntention',
      );
    const mismatch = postMismatch(body.targetGroup, post ? { code: post.code, name: post.name } : null, {
      code: cls.occupationCode,
      name: cls.occupationName,
    });
    if (mismatch) throw refuse('TRAIN-5', `${learner.name}：${mismatch}`, '/postOccupationId');
    const conflict = ownMajorConflict(situation, JSON.parse(c.majors_json) as string[], cls.occupationName);
    if (conflict) throw refuse('TRAIN-6', `${learner.name}：${conflict}`, '/major');
    const prev = await q.previousProject(trx, learner.id, cls.startDate, cls.id);
    const gap = assessmentGapViolation(
      prev
        ? {
            classId: prev.class_id,
            title: prev.title,
            mode: prev.mode,
            startDate: prev.start_date,
            assessedOn: prev.assessed_on,
          }
        : null,
      { mode: cls.mode, startDate: cls.startDate },
    );
    if (gap) throw refuse('TRAIN-11', `${learner.name}：${gap}`);
  }

  const id = await q.insertTrainee(trx, {
    class_id: cls.id,
    learner_id: learner.id,
    target_group: body.targetGroup,
    responsible_department: group.department,
    post_occupation_id: postId,
    employment_intention: body.employmentIntention ? 1 : 0,
    situation_json: JSON.stringify(situation),
    source,
    status: 'enrolled',
    enrolled_by: ctx.actor?.id ?? null,
    enrolled_at: deps.clock.now().toISOString(),
    withdrawn_at: null,
    withdrawn_reason: null,
    assessed_on: null,
  });
  await recordAudit(trx, deps, ctx, {
    action: 'training.trainee.enrol',
    objectType: 'training_trainee',
    objectId: id,
    after: {
      classId: cls.id,
      learnerId: learner.id,
      targetGroup: body.targetGroup,
      department: group.department,
      source,
    },
  });
  return { id, situationNote: recorded.note };
}

/**
 * The class, approved and the caller's own (an institution enrols into its own classes only). With
 * `lock`, the class row is held until the transaction ends before its state is read, so the
 * capacity is counted under the lock (two enrolments at once cannot both take the last place).
 */
async function ownApprovedClass(trx: Kysely<DB>, ctx: RequestContext, classId: number, lock = false) {
  const c = await loadVisibleClass(trx, ctx.actor!, classId, 'training.trainee.enrol');
  if (c.institution_id !== ctx.actor!.institutionId)
    throw new AppError('DELEGATION_FORBIDDEN', '只能为本机构的培训班登记学员');
  if (lock) await lockClass(trx, classId);
  return { c, cls: await assertApprovedClass(trx, classId) };
}

export async function addTrainee(deps: Deps, ctx: RequestContext, classId: number, body: TraineeBody) {
  return deps.db.transaction().execute(async (trx) => {
    const { c, cls } = await ownApprovedClass(trx, ctx, classId, true);
    const r = await enrol(trx, deps, ctx, cls, c, body, 'form');
    const [view] = await views(trx, deps.config, [(await q.traineeById(trx, r.id))!]);
    return { ...view, ...(r.situationNote ? { situationNote: r.situationNote } : {}) };
  });
}

/**
 * The import of a trainee roster into an approved class, started as a tracked job (202, the job) by
 * the pipeline of every workbook import (jobs/import-job.ts): a hostile file and a class the actor
 * may not enrol in are refused at once; then every row is checked in a worker thread (校验) and
 * only a clean file is enrolled (写入), all in ONE transaction: any problem imports nothing and
 * names row and column. The job's answer is the count and the notes. `release` (the server's
 * import slot) is given back when the job ends.
 */
export function traineeImport(deps: Deps, ctx: RequestContext, classId: number, file: Buffer): ImportSpec<unknown> {
  return {
    kind: 'trainee_import',
    own: () => ownApprovedClass(deps.db, ctx, classId),
    run: (_, progress) => runTraineeImport(deps, ctx, classId, file, progress),
    params: { classId },
    // the import itself is recorded when it commits (training.trainee.import)
    audit: { action: 'training.trainee.import_start', objectType: 'training_class', objectId: classId },
  };
}

/** The job's work: check into a spool in a worker thread, then enrol the spool in one transaction. */
async function runTraineeImport(deps: Deps, ctx: RequestContext, classId: number, file: Buffer, progress: JobProgress) {
  const { cls } = await ownApprovedClass(deps.db, ctx, classId);
  const free = Math.max(0, cls.capacity - (await q.countEnrolled(deps.db, classId)));
  const today = businessDay(deps.clock.now(), deps.config.businessTimeZone);
  const occupations = await occupationKeys(deps.db);
  const checked = await checkInWorker(progress, (port) =>
    runTask(
      deps,
      CHECK_TRAINEES,
      file,
      deps.config.imports,
      free,
      today,
      occupations,
      spoolDir(deps.config.dataDir),
      port,
    ),
  );
  const result = await writeSpooled(
    deps,
    ctx,
    progress,
    checked,
    (r) => {
      if (!r.traineeCount && !r.errorCount && !r.notes.length) throw new AppError('IMPORT_INVALID', '名单中没有学员');
      if (r.errorCount) throw importErrorsRefusal(r.errorCount, r.errors);
      if (r.traineeCount > free)
        throw new AppError(
          'IMPORT_INVALID',
          `名单 ${r.traineeCount} 人，超过培训班剩余名额 ${free} 人，未导入任何数据`,
          { rule: 'TRAIN-2' },
        );
      return r.traineeCount;
    },
    TRAINEE_WRITER,
    classId,
    checked.notes,
    checked.traineeCount,
  );
  return { done: result.imported, result };
}

/**
 * The trainee roster's steps inside the import's one transaction (jobs/spool-write.ts, run on
 * the write thread): the class locked and read again, each row enrolled.
 */
export function traineeWriter(
  deps: Deps,
  ctx: RequestContext,
  classId: number,
  checkedNotes: FieldError[],
  traineeCount: number,
) {
  return spoolWriter({
    // the class locked and its state read again inside the transaction
    begin: async (trx) => ({ ...(await ownApprovedClass(trx, ctx, classId, true)), notes: [...checkedNotes] }),
    async chunk(trx, s, rows: ParsedTrainee[], pause) {
      for (const r of rows) {
        await pause();
        try {
          const out = await enrol(trx, deps, ctx, s.cls, s.c, r.input, 'import');
          if (out.situationNote) s.notes.push({ field: `第 ${r.rowNo} 行`, message: out.situationNote });
        } catch (e) {
          // a row refused against the records rolls the whole file back, naming the row and the rule
          if (e instanceof AppError)
            throw new AppError('IMPORT_INVALID', `第 ${r.rowNo} 行：${e.message}；未导入任何数据`, {
              rule: e.rule,
              details: [{ field: `第 ${r.rowNo} 行`, message: e.message }],
            });
          throw e;
        }
      }
    },
    async end(trx, { notes }) {
      const out: TraineeImportResult = { imported: traineeCount, ...(notes.length ? { notes } : {}) };
      await recordAudit(trx, deps, ctx, {
        action: 'training.trainee.import',
        objectType: 'training_class',
        objectId: classId,
        after: out,
      });
      return out;
    },
  });
}

const TRAINEE_WRITER = workerTask<typeof traineeWriter>(import.meta.url, 'traineeWriter');

/** The provider records that a trainee left the class (退学), with the reason. */
export async function withdrawTrainee(deps: Deps, ctx: RequestContext, id: number, reason: string) {
  return deps.db.transaction().execute(async (trx) => {
    const t = await q.traineeExists(trx, id);
    if (!t)
      throw notFoundOrDenied(null, `学员 #${id} 不存在`, {
        action: 'training.trainee.withdraw',
        objectType: 'training_trainee',
        objectId: id,
      });
    const c = await loadVisibleClass(trx, ctx.actor!, t.class_id, 'training.trainee.withdraw');
    if (c.institution_id !== ctx.actor!.institutionId)
      throw new AppError('DELEGATION_FORBIDDEN', '只能办理本机构培训班的学员');
    const row = (await q.traineeById(trx, id))!;
    if (row.status !== 'enrolled')
      throw new AppError('INVALID_TRANSITION', `学员 #${id} 已于 ${row.withdrawn_at} 退学`);
    await q.updateTrainee(trx, id, {
      status: 'withdrawn',
      withdrawn_at: deps.clock.now().toISOString(),
      withdrawn_reason: reason.trim(),
    });
    const [after] = await views(trx, deps.config, [(await q.traineeById(trx, id))!]);
    await recordAudit(trx, deps, ctx, {
      action: 'training.trainee.withdraw',
      objectType: 'training_trainee',
      objectId: id,
      before: { status: 'enrolled' },
      after: { status: 'withdrawn', reason },
    });
    return after;
  });
}

// ---- for the completion records (TRAIN-9, TRAIN-11) and the modules above

/** The enrolled trainees of a class (attendance, completion and claims read them after `assertApprovedClass`). */
export async function enrolledTrainees(db: Kysely<DB>, classId: number) {
  return (await q.traineesOf(db, classId))
    .filter((t) => t.status === 'enrolled')
    .map((t) => ({ id: t.id, learnerId: t.learner_id, targetGroup: t.target_group, assessedOn: t.assessed_on }));
}

/** TRAIN-9: the class's trainees who finished through a skill certificate's evaluation, with its number. */
export async function evaluationsOf(db: Kysely<DB>, classId: number) {
  return new Map(
    (await q.traineesOf(db, classId))
      .filter((t) => t.evaluation_certificate_no)
      .map((t) => [t.id, t.evaluation_certificate_no!] as const),
  );
}

/**
 * TRAIN-11: records the day a trainee's completion assessment took place (the next subsidised class
 * waits a month after it); TRAIN-9: with the skill certificate when the trainee finished through its
 * evaluation (鉴定评价) rather than a completion test.
 */
export async function recordTraineeAssessment(
  trx: Kysely<DB>,
  traineeId: number,
  assessedOn: string,
  evaluation?: { certificateId: number; certificateNo: string },
) {
  await q.updateTrainee(trx, traineeId, {
    assessed_on: assessedOn,
    ...(evaluation
      ? { evaluation_certificate_id: evaluation.certificateId, evaluation_certificate_no: evaluation.certificateNo }
      : {}),
  });
}
