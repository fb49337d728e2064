/**
 * The pieces every demo training class is made of, as the workflow would have left them: the
 * class applied for 14 days, submitted 12 days and approved by 郑州市人社局 8 days before it starts
 * (with those steps on its timeline), and trainees enrolled from an import 3 days before, not in
 * school and willing to work. Used by the finished classes of demo-training.ts and the
 * special-ability class of demo-other-certificates.ts.
 */
import type { Transaction } from 'kysely';
import type { DB, TrainingClassTable } from '../database/schema.js';

export interface DemoClassDates {
  /** the class's first day, in days from today */
  startIn: number;
  /** the day it was last changed, in days from today */
  endsIn: number;
  /** an instant `n` days from now */
  at: (n: number) => string;
  /** a demo account's id by username */
  user: (name: string) => number | null;
}

/** The columns a demo class chooses; the rest is the approved application's. */
type ClassChoices = Pick<
  TrainingClassTable,
  | 'provider_id'
  | 'institution_id'
  | 'title'
  | 'occupation_id'
  | 'class_type'
  | 'theory_hours'
  | 'practical_hours'
  | 'teachers'
  | 'workstations'
  | 'capacity'
  | 'start_date'
  | 'end_date'
  | 'region_code'
  | 'site'
  | 'certificate_route'
>;

/** An approved offline, subsidised class with its timeline (create, submit, approve); its id. */
export async function insertApprovedClass(
  trx: Transaction<DB>,
  d: DemoClassDates,
  choices: ClassChoices,
): Promise<number> {
  const { startIn, at, user } = d;
  const classId = (
    await trx
      .insertInto('training_classes')
      .values({
        subsidised: 1,
        mode: 'offline',
        minutes_per_hour: 45,
        status: 'approved',
        submitted_at: at(startIn - 12),
        decided_by: user('city-admin'),
        decided_by_name: '张海涛',
        decided_at: at(startIn - 8),
        decision_reason: null,
        level: null,
        majors_json: '[]',
        created_by: user('school-admin'),
        created_at: at(startIn - 14),
        updated_at: at(d.endsIn),
        ...choices,
      } as never)
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await trx
    .insertInto('training_class_events')
    .values(
      (
        [
          ['create', startIn - 14, 'school-admin'],
          ['submit', startIn - 12, 'school-admin'],
          ['approve', startIn - 8, 'city-admin'],
        ] as const
      ).map(([step, n, by]) => ({
        class_id: classId,
        step,
        reason: null,
        actor_id: user(by),
        actor_name: by === 'city-admin' ? '张海涛' : '陈静',
        at: at(n),
      })),
    )
    .execute();
  return classId;
}

/** A trainee enrolled from the class's import 3 days before it starts, not in school; its id. */
export async function insertDemoTrainee(
  trx: Transaction<DB>,
  d: DemoClassDates,
  t: {
    classId: number;
    learnerId: number;
    targetGroup: string;
    responsibleDepartment: string;
    assessedOn: string | null;
  },
): Promise<number> {
  return (
    await trx
      .insertInto('training_trainees')
      .values({
        class_id: t.classId,
        learner_id: t.learnerId,
        target_group: t.targetGroup,
        responsible_department: t.responsibleDepartment,
        post_occupation_id: null,
        employment_intention: 1,
        situation_json: JSON.stringify({
          inSchool: false,
          schoolId: null,
          schoolName: null,
          major: null,
          studentType: null,
        }),
        source: 'import',
        status: 'enrolled',
        enrolled_by: d.user('school-admin'),
        enrolled_at: d.at(d.startIn - 3),
        withdrawn_at: null,
        withdrawn_reason: null,
        assessed_on: t.assessedOn,
        evaluation_certificate_id: null,
        evaluation_certificate_no: null,
      } as never)
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}
