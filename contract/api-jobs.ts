/**
 * Tracked jobs (issue 17): work that takes longer than a request runs in the background; its
 * owner follows the status and progress, and downloads the result when it has succeeded.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Nullable } from './api.js';

export const JOB_KINDS = [
  'certificate_zip',
  'roster_import',
  'trainee_import',
  'online_record_import',
  'other_certificate_import',
  // issuing a plan's certificates, a batch per transaction; its `result` is an IssueResult
  'certificate_issue',
] as const;
/** the kinds that are workbook imports: their `result` holds an `imported` count */
export const IMPORT_JOB_KINDS: readonly JobKind[] = [
  'roster_import',
  'trainee_import',
  'online_record_import',
  'other_certificate_import',
];
export type JobKind = (typeof JOB_KINDS)[number];
export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
/** the step a running import is in: check (校验) every row, then write (写入) them in one transaction */
export const JOB_PHASES = ['check', 'write'] as const;
export type JobPhase = (typeof JOB_PHASES)[number];

export const JobSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.Union(JOB_KINDS.map((k) => Type.Literal(k))),
  status: Type.Union(JOB_STATUSES.map((s) => Type.Literal(s))),
  /** items done of `total` (certificates rendered, rows imported …); total 0 while unknown */
  done: Type.Integer(),
  total: Type.Integer(),
  /** the step a running job is in (imports: check, then write); null for a job of one step */
  phase: Nullable(Type.Union(JOB_PHASES.map((p) => Type.Literal(p)))),
  /** an answer the job leaves instead of a file (a roster import: the same counts and notes as RosterResult) */
  result: Nullable(Type.Unknown()),
  /** where the owner downloads the result, once the job has succeeded */
  resultUrl: Nullable(Type.String()),
  resultName: Nullable(Type.String()),
  resultSize: Nullable(Type.Integer()),
  /** the result file was deleted after the retention period (JOB_RESULT_RETENTION_DAYS): downloading it answers 410 */
  resultExpired: Type.Boolean(),
  /** why it failed, as the refusal of a request would say it (an import: the rule and the rows refused) */
  error: Nullable(
    Type.Object({
      code: Type.String(),
      message: Type.String(),
      rule: Type.Optional(Type.String()),
      details: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
    }),
  ),
  createdAt: Type.String(),
  startedAt: Nullable(Type.String()),
  finishedAt: Nullable(Type.String()),
});
export type Job = Static<typeof JobSchema>;

/** GET /api/jobs: the caller's own recent jobs, newest first. */
export const JOB_LIST_LIMIT = 50;
export const JobListSchema = Type.Array(JobSchema);
