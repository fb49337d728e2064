/**
 * Tracked jobs (issue 17): work that takes longer than a request runs in the background; its
 * owner follows the status and progress, and downloads the result when it has succeeded.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Nullable } from './api.js';

export const JOB_KINDS = ['certificate_zip'] as const;
export type JobKind = (typeof JOB_KINDS)[number];
export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const JobSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.Union(JOB_KINDS.map((k) => Type.Literal(k))),
  status: Type.Union(JOB_STATUSES.map((s) => Type.Literal(s))),
  /** items done of `total` (certificates rendered, rows imported …); total 0 while unknown */
  done: Type.Integer(),
  total: Type.Integer(),
  /** where the owner downloads the result, once the job has succeeded */
  resultUrl: Nullable(Type.String()),
  resultName: Nullable(Type.String()),
  resultSize: Nullable(Type.Integer()),
  error: Nullable(Type.Object({ code: Type.String(), message: Type.String() })),
  createdAt: Type.String(),
  startedAt: Nullable(Type.String()),
  finishedAt: Nullable(Type.String()),
});
export type Job = Static<typeof JobSchema>;
