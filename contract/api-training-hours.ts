/**
 * Hours that count (TRAIN-4, TRAIN-10, TRAIN-11, seed 002 三（二）): the schedule of class hours,
 * attendance, recordings, on-site spot checks and online study records of an approved class, and
 * the summary of compliant hours per trainee computed from them (never typed in).
 */
import { Type, type Static } from '@sinclair/typebox';
import { Enum, IsoDate, Nullable, StrictObject } from './api.js';
import { CertificateRouteSchema } from './api-training.js';
import * as L from './limits.js';
import { ATTENDANCE_STATUSES, CLOCK_PATTERN, DELIVERIES, ONLINE_FLAG_KEYS, SESSION_KINDS } from './training-hours.js';

const keys = <T extends Record<string, unknown>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
const Id = Type.Integer({ minimum: 1 });
const Clock = Type.String({ pattern: CLOCK_PATTERN, description: 'HH:MM' });

export const SessionKindSchema = Enum(keys(SESSION_KINDS));
export const DeliverySchema = Enum(keys(DELIVERIES));
export const AttendanceStatusSchema = Enum(keys(ATTENDANCE_STATUSES));
export const OnlineFlagSchema = Enum(ONLINE_FLAG_KEYS as [string, ...string[]]);

/** Schedules `count` consecutive class hours from `startsAt` (each the class's minutes per class hour). */
export const ClassHourBody = StrictObject({
  heldOn: IsoDate,
  startsAt: Clock,
  kind: SessionKindSchema,
  delivery: DeliverySchema,
  count: Type.Optional(Type.Integer({ minimum: 1, maximum: L.SESSIONS_PER_REQUEST_MAX })),
  topic: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
});
export type ClassHourBody = Static<typeof ClassHourBody>;

export const SegmentSchema = StrictObject({ startsAt: Clock, minutes: Type.Integer({ minimum: 1, maximum: 1440 }) });
export const RecordingBody = StrictObject({
  fileName: Type.String({ minLength: 1, maxLength: L.FILE_NAME_MAX_LENGTH }),
  startsAt: Clock,
  durationMinutes: Type.Integer({ minimum: 1, maximum: 1440 }),
  /** the continuous stretches of the file; one stretch from `startsAt` for `durationMinutes` when left out */
  segments: Type.Optional(Type.Array(SegmentSchema, { minItems: 1, maxItems: L.RECORDING_SEGMENTS_MAX })),
});
export type RecordingBody = Static<typeof RecordingBody>;
export const RecordingSchema = Type.Object({
  fileName: Type.String(),
  startsAt: Type.String(),
  durationMinutes: Type.Integer(),
  segments: Type.Array(Type.Object({ startsAt: Type.String(), minutes: Type.Integer() })),
  coveredMinutes: Type.Integer(),
  longestMinutes: Type.Integer(),
  recordedByName: Nullable(Type.String()),
  at: Type.String(),
});

export const AttendanceEntry = StrictObject({
  traineeId: Id,
  status: AttendanceStatusSchema,
  /** the written leave request (书面请假手续): required for leave and make-up */
  leaveNote: Type.Optional(Nullable(Type.String({ maxLength: L.LEAVE_NOTE_MAX_LENGTH }))),
  /** the day of the make-up (补课): required for make-up, before the final assessment (TRAIN-10) */
  makeupOn: Type.Optional(Nullable(IsoDate)),
});
export const AttendanceBody = StrictObject({
  entries: Type.Array(AttendanceEntry, { minItems: 1, maxItems: 1000 }),
});
export type AttendanceBody = Static<typeof AttendanceBody>;
export type AttendanceEntry = Static<typeof AttendanceEntry>;

export const AttendanceSchema = Type.Object({
  traineeId: Type.Integer(),
  status: AttendanceStatusSchema,
  leaveNote: Nullable(Type.String()),
  makeupOn: Nullable(Type.String()),
  /** counts towards the trainee's hours now (TRAIN-10) */
  counts: Type.Boolean(),
  message: Type.String(),
});
export const OnlineStudySchema = Type.Object({
  traineeId: Type.Integer(),
  studiedOn: Type.String(),
  minutes: Type.Integer(),
  flags: Type.Array(OnlineFlagSchema),
  counts: Type.Boolean(),
  message: Type.String(),
});

export const SessionSchema = Type.Object({
  id: Type.Integer(),
  /** position in the schedule (1…), by day and time: the 课时序号 of the online records workbook */
  seq: Type.Integer(),
  heldOn: Type.String(),
  startsAt: Type.String(),
  endsAt: Type.String(),
  minutes: Type.Integer(),
  kind: SessionKindSchema,
  delivery: DeliverySchema,
  topic: Nullable(Type.String()),
  recording: Nullable(RecordingSchema),
  /** TRAIN-4 on this class hour (offline); online class hours are judged per record (TRAIN-11) */
  recordingOk: Type.Boolean(),
  recordingMessage: Type.String(),
  attendance: Type.Array(AttendanceSchema),
  online: Type.Array(OnlineStudySchema),
});
export type TrainingSession = Static<typeof SessionSchema>;

export const SpotCheckBody = StrictObject({
  checkedOn: IsoDate,
  /** the trainees found present (在位) */
  presentTraineeIds: Type.Array(Id, { maxItems: 1000 }),
  note: Type.Optional(Nullable(Type.String({ maxLength: L.SHORT_REASON_MAX_LENGTH }))),
});
export type SpotCheckBody = Static<typeof SpotCheckBody>;
export const SpotCheckSchema = Type.Object({
  id: Type.Integer(),
  checkedOn: Type.String(),
  presentCount: Type.Integer(),
  enrolledCount: Type.Integer(),
  presentNames: Type.Array(Type.String()),
  note: Nullable(Type.String()),
  checkedByName: Nullable(Type.String()),
  at: Type.String(),
});
export type SpotCheck = Static<typeof SpotCheckSchema>;

export const CompletionSchema = Type.Object({
  assessedOn: Type.String(),
  passed: Type.Boolean(),
  theoryScore: Nullable(Type.Integer()),
  practicalScore: Nullable(Type.Integer()),
  hoursCounted: Type.Integer(),
  hoursPlanned: Type.Integer(),
  /** 培训合格证书 number: passed with the planned hours complete; else null */
  certificateNo: Nullable(Type.String()),
  note: Nullable(Type.String()),
  recordedByName: Nullable(Type.String()),
  at: Type.String(),
});
export type Completion = Static<typeof CompletionSchema>;
/** TRAIN-9: the result of a completion test (培训合格证书类考核), offline, organised by the HRSS of the place. */
export const CompletionBody = StrictObject({
  assessedOn: IsoDate,
  passed: Type.Boolean(),
  theoryScore: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 100 }))),
  practicalScore: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 100 }))),
  note: Type.Optional(Nullable(Type.String({ maxLength: L.SHORT_REASON_MAX_LENGTH }))),
});
export type CompletionBody = Static<typeof CompletionBody>;

export const TraineeHoursSchema = Type.Object({
  traineeId: Type.Integer(),
  name: Type.String(),
  assessedOn: Nullable(Type.String()),
  theory: Type.Integer(),
  practical: Type.Integer(),
  /** compliant offline practical hours (TRAIN-11: some occupations need at least this many when trained online) */
  offlinePractical: Type.Integer(),
  total: Type.Integer(),
  planned: Type.Integer(),
  /** the compliant hours reach the class's plan */
  complete: Type.Boolean(),
  /** TRAIN-11: null where the occupation needs no offline practical hours */
  offlinePracticalOk: Nullable(Type.Boolean()),
  /** why the scheduled class hours that do not count do not */
  notCounted: Type.Array(Type.Object({ sessionId: Type.Integer(), seq: Type.Integer(), reason: Type.String() })),
  /** the completion test's result, when recorded (TRAIN-9) */
  completion: Nullable(CompletionSchema),
  /** TRAIN-9: the skill certificate through which the trainee finished (鉴定评价), when issued */
  evaluationCertificateNo: Nullable(Type.String()),
});
export type TraineeHours = Static<typeof TraineeHoursSchema>;

export const ClassHoursSchema = Type.Object({
  classId: Type.Integer(),
  minutesPerHour: Type.Integer(),
  planned: Type.Object({ theory: Type.Integer(), practical: Type.Integer(), total: Type.Integer() }),
  scheduled: Type.Object({
    theory: Type.Integer(),
    practical: Type.Integer(),
    offlinePractical: Type.Integer(),
    /** class hours whose recording meets TRAIN-4 (offline) */
    recordedOk: Type.Integer(),
  }),
  /** TRAIN-11 (附件3): offline practical hours the occupation needs, or null */
  offlinePracticalRequired: Nullable(Type.Integer()),
  sessions: Type.Array(SessionSchema),
  trainees: Type.Array(TraineeHoursSchema),
  spotChecks: Type.Array(SpotCheckSchema),
  /** seed 002 三（二）: the class's head count (培训数) */
  headcount: Type.Object({
    enrolled: Type.Integer(),
    /** present at the first class hour with attendance (开班实到人数), else the enrolled */
    opening: Type.Integer(),
    checksAverage: Nullable(Type.Number()),
    counted: Type.Integer(),
    byChecks: Type.Boolean(),
    message: Type.String(),
  }),
  /** the caller is the class's provider and the class is approved: schedule, attendance, recordings, imports */
  mayRecord: Type.Boolean(),
  /** the caller is the HRSS of the place and the class is approved: on-site spot checks */
  mayCheck: Type.Boolean(),
  /**
   * TRAIN-9: how the trainees are assessed — a completion test (培训合格证书) only where the occupation
   * has no skill certificate; otherwise they go to the certificate's evaluation (鉴定评价)
   */
  assessment: Type.Object({
    route: CertificateRouteSchema,
    byCompletionTest: Type.Boolean(),
    message: Type.String(),
  }),
  /** the caller may record completion test results (the HRSS of the place, a completion-test class) */
  mayAssess: Type.Boolean(),
});
export type ClassHours = Static<typeof ClassHoursSchema>;

export const SessionsCreatedSchema = Type.Array(SessionSchema);
export const DeletedSchema = Type.Object({ deleted: Type.Integer() });
export const OnlineImportResultSchema = Type.Object({
  imported: Type.Integer(),
  /** records with an anomaly: kept, but they do not count (TRAIN-11) */
  flagged: Type.Integer(),
});
export type OnlineImportResult = Static<typeof OnlineImportResultSchema>;
