/** Issuing certificates for a plan whose results are final (CERT-7, the exam pathway). */
import type { Deps, RequestContext } from '../../lib/context.js';
import { issueCertificate } from '../certificates/certificates.service.js';
import { loadOwnPlan } from './plan-guards.js';
import { passedWithoutCertificate, updateRegistration } from './registrations.queries.js';

/** Candidates per transaction: a long run commits as it goes, and a rerun picks up whoever is left. */
const BATCH = 200;

/** Issues a certificate to every passed candidate who has none yet (CERT-7, pathway exam). */
export async function issueForPlan(deps: Deps, ctx: RequestContext, planId: number) {
  const plan = await loadOwnPlan(ctx, deps.db, planId, 'issue');
  const todo = await passedWithoutCertificate(deps.db, planId);
  const numbers: string[] = [];
  for (let i = 0; i < todo.length; i += BATCH) {
    await deps.db.transaction().execute(async (trx) => {
      for (const r of todo.slice(i, i + BATCH)) {
        const c = await issueCertificate(trx, deps, ctx, {
          learnerId: r.learner_id,
          occupationId: plan.occupation_id,
          level: plan.level,
          pathway: 'exam',
          sourceType: 'registration',
          sourceId: r.id,
        });
        await updateRegistration(trx, r.id, { certificate_id: c.id });
        numbers.push(c.number);
      }
    });
  }
  return { issued: numbers.length, numbers };
}
