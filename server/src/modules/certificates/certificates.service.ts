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
import { replanForBulk } from '../../database/sql-helpers.js';
import { recordAudit, recordAudits } from '../audit/audit.service.js';
import { assertAllInPopulation, assertMayCertify } from '../institutions/certify-guard.js';
import { institutionWithPath } from '../institutions/institutions.queries.js';
import { getOccupation } from '../occupations/occupations.queries.js';
import { learnersByIds } from '../people/learners.queries.js';
import { revealIdNumber } from '../people/reveal.service.js';
import { SEAL_SHARE, sealShares } from '../signing/seal.js';
import { certificatesIssued } from './certificate-listeners.js';
import { formatCertificateNumber } from './certificate-number.js';
import * as q from './certificates.queries.js';
import {
  heldCertificates,
  insertCertificateEvents,
  insertCertificates,
  reserveCertificateSerials,
} from './certificates.queries.js';
import { HOLDER_ID, maskedHolderId } from './holder-id.js';

const VERIFY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** A per-certificate secret printed only on the document (in its QR code). */
export function newVerifyCode(): string {
  return newVerifyCodes(1)[0];
}

/** `n` verify codes from one draw of random bytes (10 fresh bytes each). */
function newVerifyCodes(n: number): string[] {
  const bytes = randomBytes(10 * n);
  const out: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    let code = '';
    for (let j = 10 * i; j < 10 * i + 10; j++) code += VERIFY_ALPHABET[bytes[j] % VERIFY_ALPHABET.length];
    out[i] = code;
  }
  return out;
}

/** From this many certificates on, a batch is planned afresh on PostgreSQL (`replanForBulk`). */
const BULK_ROWS = 100;

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
  return (await issueCertificates(trx, deps, ctx, [input]))[0];
}

/**
 * Issues certificates inside the caller's transaction, all or none; returns their ids and numbers
 * in the order given. Every rule of a single issuance holds for each (INST-4/5/7 per occupation,
 * level and date, INST-1, CERT-10, CERT-8 — within the batch too), and the work is a fixed number
 * of statements per batch, not per certificate: the people read at once, a range of serials
 * reserved per (filing number, year, level) in one statement (CERT-7: consecutive, never reused),
 * the seals signed in the worker pool while the certificates are written a share at a time, their
 * history entries and their audit records each inserted in one statement, and the listeners told
 * once. On PostgreSQL a large batch is planned afresh first (`replanForBulk`).
 */
export async function issueCertificates(
  trx: Transaction<DB>,
  deps: Deps,
  ctx: RequestContext,
  inputs: readonly IssueInput[],
): Promise<{ id: number; number: string }[]> {
  if (!inputs.length) return [];
  if (inputs.length >= BULK_ROWS) await replanForBulk(trx);
  const actor = ctx.actor!;
  const institutionId = actor.institutionId!;
  // the issue date, and the number's year digits (CERT-7), are a date in China Standard Time
  const today = businessDate(deps.clock.now(), deps.config.businessTimeZone);
  const items = inputs.map((input) => ({ input, issuedOn: input.issuedOn ?? today }));

  // INST-4/5/7: once per occupation, level and date
  const certifyChecks = new Map<string, (typeof items)[number]>();
  for (const it of items) certifyChecks.set(`${it.input.occupationId}|${it.input.level}|${it.issuedOn}`, it);
  for (const it of certifyChecks.values())
    await assertMayCertify(trx, actor, {
      institutionId,
      occupationId: it.input.occupationId,
      level: it.input.level,
      on: it.issuedOn,
    });

  const learnerRows = await learnersByIds(trx, [...new Set(items.map((it) => it.input.learnerId))]);
  const learners = new Map(learnerRows.map((l) => [l.id, l]));
  for (const it of items)
    if (!learners.has(it.input.learnerId))
      throw new AppError('LEARNER_NOT_FOUND', `人员 #${it.input.learnerId} 不存在`);
  // INST-1: a 院校类 institution certifies its own students and graduates, and its staff, on every pathway
  const byDate = new Map<string, typeof learnerRows>();
  for (const it of items) {
    const people = byDate.get(it.issuedOn);
    if (people) people.push(learners.get(it.input.learnerId)!);
    else byDate.set(it.issuedOn, [learners.get(it.input.learnerId)!]);
  }
  for (const [on, people] of byDate) await assertAllInPopulation(trx, institutionId, people, 'issue', on);
  for (const it of items) {
    const learner = learners.get(it.input.learnerId)!;
    const fee = it.input.fee ?? 0;
    if (learner.in_school === 1 && fee > 0) {
      throw new AppError('FEE_FORBIDDEN_IN_SCHOOL', `${learner.name} 为在校学生，不得收取证书费用（${fee} 元）`, {
        rule: 'CERT-10',
      });
    }
  }
  // CERT-8: one certificate per person, occupation and level — held already, or twice in this batch
  const byScope = new Map<string, (typeof items)[number][]>();
  for (const it of items) {
    const k = `${it.input.occupationId}|${it.input.level}`;
    const group = byScope.get(k);
    if (group) group.push(it);
    else byScope.set(k, [it]);
  }
  for (const group of byScope.values()) {
    const { occupationId, level } = group[0].input;
    const ids = group.map((it) => it.input.learnerId);
    const held = new Map((await heldCertificates(trx, ids, occupationId, level)).map((h) => [h.learner_id, h.number]));
    const seen = new Set<number>();
    for (const id of ids) {
      const number = held.get(id);
      const name = learners.get(id)!.name;
      if (number)
        throw new AppError('CERTIFICATE_DUPLICATE', `${name} 已持有同职业同等级证书 ${number}`, { rule: 'CERT-8' });
      if (seen.has(id))
        throw new AppError('CERTIFICATE_DUPLICATE', `${name} 在本批中出现两次（同职业同等级）`, { rule: 'CERT-8' });
      seen.add(id);
    }
  }

  // assertMayCertify has just found both, filed (so the filing number is set)
  const inst = (await institutionWithPath(trx, institutionId))!;
  const filingNo = inst.filing_no!;
  const occupations = new Map<number, NonNullable<Awaited<ReturnType<typeof getOccupation>>>>();
  for (const it of items)
    if (!occupations.has(it.input.occupationId))
      occupations.set(it.input.occupationId, (await getOccupation(trx, it.input.occupationId))!);

  // CERT-7: consecutive serials per (filing number, year, level), reserved in one statement each
  const counters = new Map<string, { year: number; level: number; n: number; next: number }>();
  for (const it of items) {
    const year = Number(it.issuedOn.slice(0, 4));
    const k = `${year}|${it.input.level}`;
    const c = counters.get(k);
    if (c) c.n++;
    else counters.set(k, { year, level: it.input.level, n: 1, next: 0 });
  }
  for (const c of counters.values())
    c.next = await reserveCertificateSerials(trx, filingNo, c.year % 100, c.level, c.n);
  const numbers = items.map((it) => {
    const year = Number(it.issuedOn.slice(0, 4));
    const c = counters.get(`${year}|${it.input.level}`)!;
    return formatCertificateNumber(filingNo, year, it.input.level, c.next++);
  });

  const now = deps.clock.now().toISOString();
  // the certificate carries the holder's number as issued: opened from the person's record for
  // the seal, which signs it, and stored sealed under the certificate's own column
  const pd = personalData(deps.config);
  const holders = items.map((it) => {
    const learner = learners.get(it.input.learnerId)!;
    const plain = pd.openIdNumber('learners.id_number', learner.id_number_enc);
    return { learner, plain, stored: pd.storeIdNumber(HOLDER_ID, plain) };
  });
  // sealed in the worker pool a share at a time; each share is written as soon as its seals are back
  const shares = await sealShares(
    deps,
    trx,
    deps.config.keyDir,
    items.map((it, i) => ({
      number: numbers[i],
      holder_name: holders[i].learner.name,
      holder_id_type: holders[i].learner.id_type,
      holder_id_number: holders[i].plain,
      occupation_code: occupations.get(it.input.occupationId)!.code,
      level: it.input.level,
      filing_no: filingNo,
      institution_name: inst.name,
      issued_on: it.issuedOn,
    })),
  );
  const verifyCodes = newVerifyCodes(items.length);
  const ids: number[] = [];
  for (const [k, share] of shares.entries()) {
    const seals = await share;
    const from = k * SEAL_SHARE;
    ids.push(
      ...(await insertCertificates(
        trx,
        seals.map(({ seal, kid }, j) => {
          const i = from + j;
          const it = items[i];
          const { learner, stored } = holders[i];
          const occ = occupations.get(it.input.occupationId)!;
          return {
            seal,
            seal_kid: kid,
            number: numbers[i],
            kind: 'skill' as const,
            institution_id: institutionId,
            learner_id: learner.id,
            occupation_id: it.input.occupationId,
            work_type: it.input.workType ?? null,
            level: it.input.level,
            pathway: it.input.pathway,
            issued_on: it.issuedOn,
            status: 'valid' as const,
            verify_code: verifyCodes[i],
            fee: it.input.fee ?? 0,
            source_type: it.input.sourceType ?? null,
            source_id: it.input.sourceId ?? null,
            holder_name: learner.name,
            holder_id_type: learner.id_type,
            holder_id_number_enc: stored.enc,
            holder_id_number_hash: stored.hash,
            institution_name: inst.name,
            filing_no: filingNo,
            occupation_code: occ.code,
            occupation_name: occ.name,
            issued_by: actor.id,
            created_at: now,
          };
        }),
      )),
    );
  }
  await insertCertificateEvents(
    trx,
    ids.map((id) => ({
      certificate_id: id,
      type: 'issued',
      reason: null,
      evidence_sha256: null,
      status_before: null,
      status_after: 'valid',
      actor_id: actor.id,
      actor_name: actor.displayName,
      at: now,
    })),
  );
  await certificatesIssued(trx, ids); // progress aggregates (TGT-3) count them now
  await recordAudits(
    trx,
    deps,
    ctx,
    items.map((it, i) => ({
      action: 'certificate.issue',
      objectType: 'certificate',
      objectId: ids[i],
      after: {
        number: numbers[i],
        learnerId: it.input.learnerId,
        occupation: occupations.get(it.input.occupationId)!.code,
        level: it.input.level,
        pathway: it.input.pathway,
      },
    })),
  );
  return ids.map((id, i) => ({ id, number: numbers[i] }));
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
