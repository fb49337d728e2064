/**
 * What the pathways other than the exam share: each is an explicit route to issuance with its own
 * evidence, recorded in `pathway_records` and ending in `issueCertificate` (which applies INST-4/5,
 * CERT-7, CERT-10). The pathways themselves, one file each:
 * - `recognition.service.ts` CERT-3 direct recognition from an imported 1+X certificate;
 * - `process.service.ts` CERT-4 process-based assessment;
 * - `competitions.service.ts` CERT-5 competitions;
 * - `enterprise.service.ts` CERT-6 enterprise cooperation.
 */
import type { Transaction } from 'kysely';
import type { DB, PathwayRecordTable } from '../../database/schema.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { recordAudit } from '../audit/audit.service.js';
import { issueCertificate } from '../certificates/certificates.service.js';
import { schoolById } from '../institutions/institutions.queries.js';
import type { SituationSource, SituationVia } from '../people/learners.service.js';
import { businessYear } from '../../lib/dates.js';
import * as q from './pathways.queries.js';

/**
 * The source of a pathway's data on a person (people/situation.ts): the acting institution, which
 * keeps its students' records when it is a school — or, for CERT-6, the partner school that
 * accepted the enterprise's evaluation of its students.
 */
export async function situationSource(
  trx: Transaction<DB>,
  ctx: RequestContext,
  via: SituationVia,
  schoolId: number | null = ctx.actor!.institutionId,
): Promise<SituationSource> {
  const school = schoolId ? await schoolById(trx, schoolId) : undefined;
  return { institutionId: ctx.actor!.institutionId, school: school ?? null, via };
}

/** Issues the certificate, writes the pathway record with its evidence and audits both, in `trx`. */
export async function recordPathway(
  trx: Transaction<DB>,
  deps: Deps,
  ctx: RequestContext,
  r: Omit<PathwayRecordTable, 'id' | 'institution_id' | 'decided_by' | 'created_at' | 'certificate_id' | 'year'>,
) {
  const cert = await issueCertificate(trx, deps, ctx, {
    learnerId: r.learner_id,
    occupationId: r.occupation_id,
    level: r.level,
    pathway: r.pathway,
    sourceType: r.source_type,
    sourceId: r.source_id,
  });
  const now = deps.clock.now();
  const id = await q.insertPathwayRecord(trx, {
    ...r,
    institution_id: ctx.actor!.institutionId!,
    year: businessYear(now, deps.config.businessTimeZone),
    certificate_id: cert.id,
    decided_by: ctx.actor!.id,
    created_at: now.toISOString(),
  });
  await recordAudit(trx, deps, ctx, {
    action: `pathway.${r.pathway}`,
    objectType: 'pathway_record',
    objectId: id,
    after: {
      learnerId: r.learner_id,
      occupationId: r.occupation_id,
      level: r.level,
      certificate: cert.number,
      evidence: JSON.parse(r.evidence_json),
    },
  });
  return { recordId: id, certificateId: cert.id, number: cert.number, level: r.level };
}

export async function listPathwayRecords(deps: Deps, ctx: RequestContext) {
  const rows = await q.recordsOfInstitution(deps.db, ctx.actor!.institutionId!, 500);
  return rows.map((r) => ({
    id: r.id,
    pathway: r.pathway,
    level: r.level,
    year: r.year,
    evidence: JSON.parse(r.evidence_json),
    createdAt: r.created_at,
    name: r.name,
    occupationName: r.occupation_name,
    certificateNumber: r.number,
  }));
}
