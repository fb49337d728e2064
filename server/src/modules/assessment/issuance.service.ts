/** Issuing certificates for a plan whose results are final (CERT-7, the exam pathway). */
import type { Deps, RequestContext } from '../../lib/context.js';
import { issueCertificates } from '../certificates/certificates.service.js';
import { signingBacklog } from '../credentials/credentials.service.js';
import { loadOwnPlan } from './plan-guards.js';
import { linkCertificates, passedWithoutCertificate } from './registrations.queries.js';

/**
 * Candidates per transaction: each batch is issued all or none, in a fixed number of statements
 * (`issueCertificates`); a long run commits as it goes, and a rerun picks up whoever is left.
 */
export const ISSUE_BATCH = 10_000;

/** Issues a certificate to every passed candidate who has none yet (CERT-7, pathway exam). */
export async function issueForPlan(deps: Deps, ctx: RequestContext, planId: number) {
  const plan = await loadOwnPlan(ctx, deps.db, planId, 'issue');
  const todo = await passedWithoutCertificate(deps.db, planId);
  const numbers: string[] = [];
  for (let i = 0; i < todo.length; i += ISSUE_BATCH) {
    const batch = todo.slice(i, i + ISSUE_BATCH);
    await deps.db.transaction().execute(async (trx) => {
      const issued = await issueCertificates(
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
        batch.map((r, j) => ({ id: r.id, certificate_id: issued[j].id })),
      );
      numbers.push(...issued.map((c) => c.number));
    });
  }
  // their credentials are signed in the background: how long that will take, from the measured rate
  const { pending, done, total, ratePerSecond, expectedSeconds } = await signingBacklog(deps);
  return { issued: numbers.length, numbers, credentials: { pending, done, total, ratePerSecond, expectedSeconds } };
}
