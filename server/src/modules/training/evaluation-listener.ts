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
import { certificateById, countingFactsOf } from '../certificates/certificates.queries.js';
import { enrolmentsFinishedBy } from './trainees.queries.js';
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

let following = false;
/** Registers the listener (once), at app start. */
export function followCertificates() {
  if (following) return;
  following = true;
  onCertificateChange((trx, id, change) => followIssuedCertificate(trx, id, change));
}
