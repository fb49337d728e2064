/**
 * Skill certificates (职业技能等级证书): issuance (CERT-7, CERT-10, INST-4/5/6) and reading them.
 * Pathways (exam, 1+X recognition, process-based, competition, enterprise) call `issueCertificate`;
 * changes of status and corrections are in `certificate-changes.service.ts`, the documents in
 * `certificate-documents.service.ts`.
 */
import { randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import { levelLabel } from '../../../../contract/levels.js';
import type { CertificateTable, DB } from '../../database/schema.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError, notFoundOrDenied } from '../../lib/errors.js';
import { personalData } from '../../lib/personal-data.js';
import { businessDate } from '../../lib/dates.js';
import { recordAudit } from '../audit/audit.service.js';
import { assertInPopulation, assertMayCertify } from '../institutions/certify-guard.js';
import { institutionWithPath } from '../institutions/institutions.queries.js';
import { getOccupation } from '../occupations/occupations.queries.js';
import { learnerById } from '../people/learners.queries.js';
import { revealIdNumber } from '../people/reveal.service.js';
import { sealCertificate } from '../signing/seal.js';
import { certificateChanged } from './certificate-listeners.js';
import { formatCertificateNumber } from './certificate-number.js';
import * as q from './certificates.queries.js';
import { HOLDER_ID, maskedHolderId } from './holder-id.js';

const VERIFY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** A per-certificate secret printed only on the document (in its QR code). */
export function newVerifyCode(): string {
  const bytes = randomBytes(10);
  return [...bytes].map((b) => VERIFY_ALPHABET[b % VERIFY_ALPHABET.length]).join('');
}

export interface IssueInput {
  learnerId: number;
  occupationId: number;
  level: number;
  pathway: CertificateTable['pathway'];
  workType?: string | null;
  issuedOn?: string;
  fee?: number;
  sourceType?: string | null;
  sourceId?: number | null;
}

/** Issues one certificate inside the caller's transaction; returns its id and number. */
export async function issueCertificate(
  trx: Transaction<DB>,
  deps: Deps,
  ctx: RequestContext,
  input: IssueInput,
): Promise<{ id: number; number: string }> {
  const actor = ctx.actor!;
  // the issue date, and the number's year digits (CERT-7), are a date in China Standard Time
  const issuedOn = input.issuedOn ?? businessDate(deps.clock.now(), deps.config.businessTimeZone);
  const institutionId = actor.institutionId!;
  await assertMayCertify(trx, actor, {
    institutionId,
    occupationId: input.occupationId,
    level: input.level,
    on: issuedOn,
  });
  const learner = await learnerById(trx, input.learnerId);
  if (!learner) throw new AppError('LEARNER_NOT_FOUND', `人员 #${input.learnerId} 不存在`);
  // INST-1: a 院校类 institution certifies its own students and graduates, and its staff, on every pathway
  await assertInPopulation(trx, institutionId, learner, 'issue', issuedOn);
  const fee = input.fee ?? 0;
  if (learner.in_school === 1 && fee > 0) {
    throw new AppError('FEE_FORBIDDEN_IN_SCHOOL', `${learner.name} 为在校学生，不得收取证书费用（${fee} 元）`, {
      rule: 'CERT-10',
    });
  }
  const held = await q.heldCertificate(trx, learner.id, input.occupationId, input.level);
  if (held)
    throw new AppError('CERTIFICATE_DUPLICATE', `${learner.name} 已持有同职业同等级证书 ${held.number}`, {
      rule: 'CERT-8',
    });
  // assertMayCertify has just found both, filed (so the filing number is set)
  const inst = (await institutionWithPath(trx, institutionId))!;
  const occ = (await getOccupation(trx, input.occupationId))!;
  const year = Number(issuedOn.slice(0, 4));
  const serial = await q.nextCertificateSerial(trx, inst.filing_no!, year % 100, input.level);
  const number = formatCertificateNumber(inst.filing_no!, year, input.level, serial);
  const now = deps.clock.now().toISOString();
  // the certificate carries the holder's number as issued: opened from the person's record for
  // the seal, which signs it, and stored sealed under the certificate's own column
  const pd = personalData(deps.config);
  const holderIdNumber = pd.openIdNumber('learners.id_number', learner.id_number_enc);
  const holderId = pd.storeIdNumber(HOLDER_ID, holderIdNumber);
  const sealed = {
    number,
    holder_name: learner.name,
    holder_id_type: learner.id_type,
    holder_id_number: holderIdNumber,
    occupation_code: occ.code,
    level: input.level,
    filing_no: inst.filing_no!,
    institution_name: inst.name,
    issued_on: issuedOn,
  };
  const { seal, kid } = await sealCertificate(trx, deps.config.keyDir, sealed);
  const id = await q.insertCertificate(trx, {
    seal,
    seal_kid: kid,
    number,
    kind: 'skill',
    institution_id: institutionId,
    learner_id: learner.id,
    occupation_id: input.occupationId,
    work_type: input.workType ?? null,
    level: input.level,
    pathway: input.pathway,
    issued_on: issuedOn,
    status: 'valid',
    verify_code: newVerifyCode(),
    fee,
    source_type: input.sourceType ?? null,
    source_id: input.sourceId ?? null,
    holder_name: learner.name,
    holder_id_type: learner.id_type,
    holder_id_number_enc: holderId.enc,
    holder_id_number_hash: holderId.hash,
    institution_name: inst.name,
    filing_no: inst.filing_no!,
    occupation_code: occ.code,
    occupation_name: occ.name,
    issued_by: actor.id,
    created_at: now,
  });
  await q.insertCertificateEvent(trx, {
    certificate_id: id,
    type: 'issued',
    reason: null,
    evidence_sha256: null,
    status_before: null,
    status_after: 'valid',
    actor_id: actor.id,
    actor_name: actor.displayName,
    at: now,
  });
  await certificateChanged(trx, id, 'issued', { status: null }); // progress aggregates (TGT-3) count it now
  await recordAudit(trx, deps, ctx, {
    action: 'certificate.issue',
    objectType: 'certificate',
    objectId: id,
    after: { number, learnerId: learner.id, occupation: occ.code, level: input.level, pathway: input.pathway },
  });
  return { id, number };
}

export type CertificateRow = Awaited<ReturnType<typeof q.getVisibleCertificate>> & object;
/** A certificate as every view shows it: the holder's number masked (a full one only through `revealHolderId`). */
export function toCertificate(deps: Deps, r: CertificateRow) {
  return {
    id: r.id,
    number: r.number,
    holderName: r.holder_name,
    holderIdType: r.holder_id_type,
    holderIdNumber: maskedHolderId(personalData(deps.config), r.holder_id_number_enc),
    institutionId: r.institution_id,
    institutionName: r.institution_name,
    filingNo: r.filing_no,
    occupationCode: r.occupation_code,
    occupationName: r.occupation_name,
    workType: r.work_type,
    level: r.level,
    levelLabel: levelLabel(r.level),
    pathway: r.pathway,
    issuedOn: r.issued_on,
    status: r.status,
  };
}

/** A certificate the actor may see, or NOT_FOUND (audited as denied when it exists elsewhere). */
export async function visibleCertificate(deps: Deps, ctx: RequestContext, id: number) {
  const row = await q.getVisibleCertificate(deps.db, ctx.actor!, id);
  if (!row)
    throw notFoundOrDenied(await q.certificateExists(deps.db, id), `证书 #${id} 不存在或不在您的管辖范围内`, {
      action: 'certificate.access',
      objectType: 'certificate',
      objectId: id,
    });
  return row;
}

export async function listCertificates(
  deps: Deps,
  ctx: RequestContext,
  f: q.CertificateFilter & { page?: number; pageSize?: number },
) {
  const page = f.page ?? 1;
  const pageSize = f.pageSize ?? 20;
  const { items, total } = await q.listCertificates(deps.db, ctx.actor!, f, page, pageSize);
  return {
    items: items.map((r) => toCertificate(deps, r)),
    total,
    page,
    pageSize,
  };
}

export async function getCertificate(deps: Deps, ctx: RequestContext, id: number) {
  const row = await visibleCertificate(deps, ctx, id);
  const events = await q.certificateEvents(deps.db, id);
  return {
    ...toCertificate(deps, row),
    history: events.map((e) => ({
      type: e.type,
      reason: e.reason,
      statusBefore: e.status_before,
      statusAfter: e.status_after,
      actorName: e.actor_name,
      at: e.at,
    })),
  };
}

/**
 * The holder's full ID number on a certificate the actor may see (another scope's: 404, audited as
 * denied), with the reason; audited and limited (people/reveal.service.ts).
 */
export async function revealHolderId(deps: Deps, ctx: RequestContext, id: number, reason: string) {
  const row = await visibleCertificate(deps, ctx, id);
  return revealIdNumber(
    deps,
    ctx,
    {
      learnerId: row.learner_id,
      idType: row.holder_id_type,
      enc: row.holder_id_number_enc,
      column: HOLDER_ID,
      via: 'certificate',
      recordId: row.id,
    },
    reason,
  );
}
