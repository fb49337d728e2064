/**
 * Issuing certificates for a plan whose results are final (CERT-7, the exam pathway), as a tracked
 * job (issue 14 item 9): the request is answered 202 with the job, which issues in batches — each
 * its own transaction, all or none — and tells done / total after each one.
 *
 * At most one issuance per plan runs at a time (the job's subject `plan:<id>`, a unique index over
 * the active jobs: 409 ISSUANCE_RUNNING). Issuing is idempotent per registration: a batch links
 * each certificate to its registration in the same transaction, and a run issues only to passed
 * candidates still without one, so a run that stopped (a server that stopped or died: the job is
 * failed JOB_INTERRUPTED by `stopJobs` or the stale-job sweep) leaves whole batches behind, and
 * the next start issues to whoever is left.
 */
import { ISSUE_RESULT_NUMBERS, type IssueResult } from '../../../../contract/api-assessment.js';
import type { Job } from '../../../../contract/api-jobs.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { recordAuditNow } from '../audit/audit.service.js';
import { issueCertificates } from '../certificates/certificates.service.js';
import { signingBacklog } from '../credentials/credentials.service.js';
import { untrackedProgress } from '../jobs/import-job.js';
import { startJob, type JobProgress } from '../jobs/jobs.service.js';
import { loadOwnPlan } from './plan-guards.js';
import { linkCertificates, passedWithoutCertificate } from './registrations.queries.js';

/** The most candidates per transaction: each batch is issued all or none, in a fixed number of statements. */
export const ISSUE_BATCH = 10_000;
/** The fewest per transaction (below it the fixed statements of a batch dominate). */
export const ISSUE_BATCH_MIN = 500;
/** About this many batches per run, so that progress moves in steps of about 5 %. */
const ISSUE_STEPS = 20;

/** Candidates per batch for a run of `n`: about n / 20, within 500 … 10,000. */
export function issueBatchSize(n: number): number {
  return Math.min(ISSUE_BATCH, Math.max(ISSUE_BATCH_MIN, Math.ceil(n / ISSUE_STEPS)));
}

/** The job's subject: one issuance per plan at a time. */
const subjectOf = (planId: number) => `plan:${planId}`;

/**
 * POST /api/plans/:id/issue: checks the plan may issue now (its results are final, it is the
 * actor's), then starts the issuance as a job and answers with it; `certificate.issue_start` is
 * audited with the job's id, and each certificate is audited as it is issued (`certificate.issue`).
 */
export async function startPlanIssuance(deps: Deps, ctx: RequestContext, planId: number): Promise<Job> {
  await loadOwnPlan(ctx, deps.db, planId, 'issue');
  const total = (await passedWithoutCertificate(deps.db, planId)).length;
  const job = await startJob(
    deps,
    ctx,
    'certificate_issue',
    { planId },
    total,
    async (progress) => {
      const result = await issueForPlan(deps, ctx, planId, progress);
      return { result, done: result.issued };
    },
    {
      exclusive: {
        subject: subjectOf(planId),
        refusal: () =>
          new AppError('ISSUANCE_RUNNING', '该评价计划正在发证（后台任务进行中），请等待本次发证完成后再操作'),
      },
    },
  );
  await recordAuditNow(deps, ctx, {
    action: 'certificate.issue_start',
    objectType: 'plan',
    objectId: planId,
    detail: JSON.stringify({ planId, count: total, jobId: job.id }),
  });
  return job;
}

/**
 * Issues a certificate to every passed candidate who has none yet (CERT-7, pathway exam), a batch
 * per transaction, reporting the certificates issued after each batch. Run by the job; benches and
 * scripts call it directly (no progress to tell); `batchSize` overrides `issueBatchSize` (tests).
 */
export async function issueForPlan(
  deps: Deps,
  ctx: RequestContext,
  planId: number,
  progress: JobProgress = untrackedProgress(),
  opts: { batchSize?: number } = {},
): Promise<IssueResult> {
  // read again inside the job: whatever an earlier run left is what this one issues
  const plan = await loadOwnPlan(ctx, deps.db, planId, 'issue');
  const todo = await passedWithoutCertificate(deps.db, planId);
  const size = opts.batchSize ?? issueBatchSize(todo.length);
  const numbers: string[] = [];
  let issued = 0;
  await progress.report(0, todo.length);
  for (let i = 0; i < todo.length; i += size) {
    progress.signal.throwIfAborted();
    const batch = todo.slice(i, i + size);
    await deps.db.transaction().execute(async (trx) => {
      const certs = await issueCertificates(
        trx,
        deps,
        ctx,
        batch.map((r) => ({
          learnerId: r.learner_id,
          occupationId: plan.occupation_id,
          level: plan.level,
          pathway: 'exam' as const,
          sourceType: 'registration',
          sourceId: r.id,
        })),
      );
      await linkCertificates(
        trx,
        batch.map((r, j) => ({ id: r.id, certificate_id: certs[j].id })),
      );
      for (const c of certs) if (numbers.length < ISSUE_RESULT_NUMBERS) numbers.push(c.number);
    });
    issued += batch.length;
    // throws once the server is stopping: the batches committed so far stay, the job is failed
    await progress.report(issued);
  }
  // their credentials are signed in the background: how long that will take, from the measured rate
  const { pending, done, total, ratePerSecond, expectedSeconds } = await signingBacklog(deps);
  return { issued, numbers, credentials: { pending, done, total, ratePerSecond, expectedSeconds } };
}
