/**
 * TRAIN-9 “能够取得职业资格证书、职业技能等级证书、专项职业能力证书的，必须组织培训学员参加鉴定评价或考核”:
 * a trainee of a class whose occupation leads to a skill certificate finishes through that
 * certificate's evaluation, not a completion test. When the certification chain issues the person a
 * certificate of the class's occupation, the trainee's assessment is recorded with it
 * (`recordTraineeAssessment`: the assessment day for TRAIN-10/11, and the certificate number), in
 * the issuing transaction. Certificates announce the issue (certificate-listeners.ts); training
 * listens, so certificates never import training.
 */
import type { Transaction } from 'kysely';
import type { DB } from '../../database/schema.js';
import { onCertificateChange, type CertificateChange } from '../certificates/certificate-listeners.js';
import { certificateById, countingFactsOf, countingFactsOfMany } from '../certificates/certificates.queries.js';
import { enrolmentsFinishedBy, enrolmentsOpenForEvaluation } from './trainees.queries.js';
import { recordTraineeAssessment } from './trainees.service.js';

export async function followIssuedCertificate(trx: Transaction<DB>, certificateId: number, change: CertificateChange) {
  if (change !== 'issued') return;
  // the few facts first (one indexed look-up per issue); the number only for a trainee
  const c = await countingFactsOf(trx, certificateId);
  if (!c || c.status !== 'valid') return;
  const enrolments = await enrolmentsFinishedBy(trx, c.learner_id, c.occupation_id, c.issued_on);
  if (!enrolments.length) return;
  const { number } = (await certificateById(trx, certificateId))!;
  for (const t of enrolments)
    await recordTraineeAssessment(trx, t.id, t.assessed_on ?? c.issued_on, {
      certificateId: c.id,
      certificateNo: number,
    });
}

/**
 * `followIssuedCertificate` for a batch of new certificates (a plan's issuance): their facts and
 * their holders' open enrolments read in two statements, not two per certificate. Taken in the
 * order issued, as one call each would: an enrolment recorded with one certificate is not open for
 * the next.
 */
export async function followIssuedCertificates(trx: Transaction<DB>, certificateIds: readonly number[]) {
  const facts = (await countingFactsOfMany(trx, [...certificateIds]))
    .filter((c) => c.status === 'valid')
    .sort((a, b) => a.id - b.id);
  if (!facts.length) return;
  const open = await enrolmentsOpenForEvaluation(trx, [...new Set(facts.map((c) => c.learner_id))]);
  if (!open.length) return;
  const byLearner = new Map<number, typeof open>();
  for (const e of open) {
    const list = byLearner.get(e.learner_id);
    if (list) list.push(e);
    else byLearner.set(e.learner_id, [e]);
  }
  const recorded = new Set<number>();
  for (const c of facts) {
    const enrolments = (byLearner.get(c.learner_id) ?? []).filter(
      (e) => !recorded.has(e.id) && e.occupation_id === c.occupation_id && e.start_date <= c.issued_on,
    );
    if (!enrolments.length) continue;
    const { number } = (await certificateById(trx, c.id))!;
    for (const t of enrolments) {
      recorded.add(t.id);
      await recordTraineeAssessment(trx, t.id, t.assessed_on ?? c.issued_on, {
        certificateId: c.id,
        certificateNo: number,
      });
    }
  }
}

let following = false;
/** Registers the listener (once), at app start. */
export function followCertificates() {
  if (following) return;
  following = true;
  onCertificateChange((trx, id, change) => followIssuedCertificate(trx, id, change), followIssuedCertificates);
}
