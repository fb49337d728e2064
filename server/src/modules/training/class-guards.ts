/**
 * TRAIN-1 “补贴性培训进系统、系统之外零补贴”: the guard every use of a class calls first — trainee
 * enrolment here, attendance, hours and completion later, subsidy claims in the subsidies module. No
 * subsidy, attendance or claim without a class that was applied for before it started and approved
 * by the HRSS of the place.
 */
import type { Kysely } from 'kysely';
import type { ClassStatus } from '../../../../contract/training-class-workflow.js';
import type { CertificateRoute, ClassMode, ClassType } from '../../../../contract/training.js';
import type { DB } from '../../database/schema.js';
import { AppError } from '../../lib/errors.js';
import { classById } from './classes.queries.js';

const NOT_APPROVED: Record<ClassStatus, string> = {
  draft: '尚未提交开班申请',
  submitted: '的开班申请尚待审批',
  returned: '的开班申请已被退回',
  approved: '已批准',
  withdrawn: '的开班申请已撤回',
  cancelled: '已取消',
};

/** An approved class as other modules need it. */
export interface ApprovedClass {
  id: number;
  providerId: number;
  /** the provider's institution (the body that claims) */
  institutionId: number;
  title: string;
  occupationId: number;
  occupationCode: string;
  occupationName: string;
  /** the skill level trained for, when the class leads to a skill-level certificate */
  level: number | null;
  classType: ClassType;
  subsidised: boolean;
  mode: ClassMode;
  theoryHours: number;
  practicalHours: number;
  minutesPerHour: number;
  capacity: number;
  startDate: string;
  endDate: string;
  /** the site's region: its HRSS approved the class and supervises it */
  regionCode: string;
  certificateRoute: CertificateRoute;
  approvedAt: string;
  approvedByName: string | null;
}

/**
 * The class, approved (TRAIN-1); refused with CLASS_NOT_APPROVED otherwise (a draft, an application
 * under review or returned, a withdrawn or cancelled class). `subsidised: true` also refuses a
 * class that was approved as unsubsidised (nothing to claim). Reads the class whoever asks: the
 * caller applies its own scope.
 */
export async function assertApprovedClass(
  db: Kysely<DB>,
  classId: number,
  opts: { subsidised?: boolean } = {},
): Promise<ApprovedClass> {
  const c = await classById(db, classId);
  if (!c) throw new AppError('NOT_FOUND', `培训班 #${classId} 不存在`);
  if (c.status !== 'approved')
    throw new AppError(
      'CLASS_NOT_APPROVED',
      `补贴性培训进系统、系统之外零补贴：培训班“${c.title}”${NOT_APPROVED[c.status]}，未经批准的培训班不能登记学员、考勤或申领补贴`,
      { rule: 'TRAIN-1' },
    );
  if (opts.subsidised && c.subsidised !== 1)
    throw new AppError('CLASS_NOT_APPROVED', `培训班“${c.title}”不是补贴性培训班，不能申领培训补贴`, {
      rule: 'TRAIN-1',
    });
  return {
    id: c.id,
    providerId: c.provider_id,
    institutionId: c.institution_id,
    title: c.title,
    occupationId: c.occupation_id,
    occupationCode: c.occupation_code,
    occupationName: c.occupation_name,
    level: c.level,
    classType: c.class_type,
    subsidised: c.subsidised === 1,
    mode: c.mode,
    theoryHours: c.theory_hours,
    practicalHours: c.practical_hours,
    minutesPerHour: c.minutes_per_hour,
    capacity: c.capacity,
    startDate: c.start_date,
    endDate: c.end_date,
    regionCode: c.region_code,
    certificateRoute: c.certificate_route,
    approvedAt: c.decided_at!,
    approvedByName: c.decided_by_name,
  };
}
