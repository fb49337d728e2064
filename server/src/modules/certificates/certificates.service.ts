/**
 * Skill certificates (职业技能等级证书): issuance (CERT-7, CERT-10, INST-4/5/6), the document,
 * and revocation or suspension (CERT-12) — a revoked certificate stays queryable as revoked.
 * Pathways (exam, 1+X recognition, process-based, competition, enterprise) call `issueCertificate`.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { levelLabel } from '../../../../contract/levels.js';
import type { CertificateTable, DB } from '../../database/schema.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError, notFoundOrDenied } from '../../lib/errors.js';
import { maskIdNumber } from '../../lib/identity.js';
import { recordAudit, recordAuditNow } from '../audit/audit.service.js';
import { assertMayCertify } from '../institutions/certify-guard.js';
import { isoDate } from '../../lib/dates.js';
import { renderCertificatePdf } from './certificate-pdf.js';
import { formatCertificateNumber } from './certificate-number.js';
import { sealCertificate } from '../signing/seal.js';
import { invalidateStatusLists } from '../credentials/credentials.service.js';
import * as q from './certificates.queries.js';
import { learnerById } from '../people/learners.queries.js';
import { getBlob } from '../files/files.queries.js';

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
  const issuedOn = input.issuedOn ?? isoDate(deps.clock.now());
  const institutionId = actor.institutionId!;
  await assertMayCertify(trx, actor, {
    institutionId,
    occupationId: input.occupationId,
    level: input.level,
    on: new Date(`${issuedOn}T12:00:00Z`),
  });
  const learner = await learnerById(trx, input.learnerId);
  if (!learner) throw new AppError('LEARNER_NOT_FOUND', `人员 #${input.learnerId} 不存在`);
  const fee = input.fee ?? 0;
  if (learner.in_school === 1 && fee > 0) {
    throw new AppError('FEE_FORBIDDEN_IN_SCHOOL', `${learner.name} 为在校学生，不得收取证书费用（${fee} 元）`, {
      rule: 'CERT-10',
    });
  }
  const held = await trx
    .selectFrom('certificates')
    .select('number')
    .where('learner_id', '=', learner.id)
    .where('occupation_id', '=', input.occupationId)
    .where('level', '=', input.level)
    .where('status', '!=', 'revoked')
    .executeTakeFirst();
  if (held)
    throw new AppError('CERTIFICATE_DUPLICATE', `${learner.name} 已持有同职业同等级证书 ${held.number}`, {
      rule: 'CERT-8',
    });
  const inst = await trx
    .selectFrom('institutions')
    .select(['name', 'filing_no'])
    .where('id', '=', institutionId)
    .executeTakeFirstOrThrow();
  const occ = await trx
    .selectFrom('occupations')
    .select(['code', 'name'])
    .where('id', '=', input.occupationId)
    .executeTakeFirstOrThrow();
  const year = Number(issuedOn.slice(0, 4));
  const serial = await q.nextCertificateSerial(trx, inst.filing_no!, year % 100, input.level);
  const number = formatCertificateNumber(inst.filing_no!, year, input.level, serial);
  const now = deps.clock.now().toISOString();
  const sealed = {
    number,
    holder_name: learner.name,
    holder_id_type: learner.id_type,
    holder_id_number: learner.id_number,
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
    holder_id_number: learner.id_number,
    institution_name: inst.name,
    filing_no: inst.filing_no!,
    occupation_code: occ.code,
    occupation_name: occ.name,
    issued_by: actor.id,
    created_at: now,
  });
  await trx
    .insertInto('certificate_events')
    .values({
      certificate_id: id,
      type: 'issued',
      reason: null,
      evidence_sha256: null,
      status_before: null,
      status_after: 'valid',
      actor_id: actor.id,
      actor_name: actor.displayName,
      at: now,
    })
    .execute();
  await recordAudit(trx, deps, ctx, {
    action: 'certificate.issue',
    objectType: 'certificate',
    objectId: id,
    after: { number, learnerId: learner.id, occupation: occ.code, level: input.level, pathway: input.pathway },
  });
  return { id, number };
}

type Row = Awaited<ReturnType<typeof q.getVisibleCertificate>> & object;
export function toCertificate(r: Row, opts: { full: boolean }) {
  return {
    id: r.id,
    number: r.number,
    holderName: r.holder_name,
    holderIdType: r.holder_id_type,
    holderIdNumber: opts.full ? r.holder_id_number : maskIdNumber(r.holder_id_number),
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

/** The signed Open Badges 3.0 credential of a certificate the actor may see. */
export async function certificateCredential(deps: Deps, ctx: RequestContext, id: number) {
  await loadVisible(deps, ctx, deps.db, id);
  const c = await deps.db
    .selectFrom('certificate_credentials')
    .select('credential_json')
    .where('certificate_id', '=', id)
    .executeTakeFirst();
  if (!c?.credential_json)
    throw new AppError('CREDENTIAL_PENDING', '数字凭证正在后台签发，通常在一分钟内完成，请稍后再试');
  await recordAuditNow(deps, ctx, {
    action: 'certificate.credential_download',
    objectType: 'certificate',
    objectId: id,
  });
  return JSON.parse(c.credential_json) as Record<string, unknown>;
}

/** The holder and the issuing institution see the full ID number; officials see it masked. */
const seesFullId = (ctx: RequestContext, institutionId: number) =>
  ctx.actor!.role === 'learner' || ctx.actor!.institutionId === institutionId;

async function loadVisible(deps: Deps, ctx: RequestContext, db: Kysely<DB>, id: number) {
  const row = await q.getVisibleCertificate(db, ctx.actor!, id);
  if (!row)
    throw notFoundOrDenied(await q.certificateExists(db, id), `证书 #${id} 不存在或不在您的管辖范围内`, {
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
    items: items.map((r) => toCertificate(r, { full: seesFullId(ctx, r.institution_id) })),
    total,
    page,
    pageSize,
  };
}

export async function getCertificate(deps: Deps, ctx: RequestContext, id: number) {
  const row = await loadVisible(deps, ctx, deps.db, id);
  const events = await q.certificateEvents(deps.db, id);
  return {
    ...toCertificate(row, { full: seesFullId(ctx, row.institution_id) }),
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

const TRANSITIONS = {
  suspend: { from: ['valid'], to: 'suspended' },
  reinstate: { from: ['suspended'], to: 'valid' },
  revoke: { from: ['valid', 'suspended'], to: 'revoked' },
} as const;
const ACTION_LABEL = { suspend: '暂停', reinstate: '恢复', revoke: '撤销' } as const;

/** CERT-12: revoke or suspend (with reason), or reinstate a suspended certificate; never deleted. */
export async function changeCertificateStatus(
  deps: Deps,
  ctx: RequestContext,
  id: number,
  action: keyof typeof TRANSITIONS,
  reason: string,
) {
  await loadVisible(deps, ctx, deps.db, id);
  return deps.db.transaction().execute(async (trx) => {
    const row = (await q.getVisibleCertificate(trx, ctx.actor!, id))!;
    const t = TRANSITIONS[action];
    if (!(t.from as readonly string[]).includes(row.status)) {
      throw new AppError(
        'CERTIFICATE_INVALID_TRANSITION',
        `证书当前为“${{ valid: '有效', suspended: '已暂停', revoked: '已撤销' }[row.status]}”，不能${ACTION_LABEL[action]}`,
        { rule: 'CERT-12' },
      );
    }
    const now = deps.clock.now().toISOString();
    await trx.updateTable('certificates').set({ status: t.to }).where('id', '=', id).execute();
    await invalidateStatusLists(trx, id); // the published status lists are rebuilt on next request
    await trx
      .insertInto('certificate_events')
      .values({
        certificate_id: id,
        type: action === 'reinstate' ? 'reinstated' : action === 'revoke' ? 'revoked' : 'suspended',
        reason,
        evidence_sha256: null,
        status_before: row.status,
        status_after: t.to,
        actor_id: ctx.actor!.id,
        actor_name: ctx.actor!.displayName,
        at: now,
      })
      .execute();
    await recordAudit(trx, deps, ctx, {
      action: `certificate.${action}`,
      objectType: 'certificate',
      objectId: id,
      before: { status: row.status },
      after: { status: t.to, reason },
    });
    return { id, number: row.number, status: t.to };
  });
}

export async function certificatePdf(
  deps: Deps,
  ctx: RequestContext,
  id: number,
  opts: { audit: boolean } = { audit: true },
) {
  const row = await loadVisible(deps, ctx, deps.db, id);
  const learner = await learnerById(deps.db, row.learner_id);
  const photo = learner?.photo_sha256 ? await getBlob(deps.db, learner.photo_sha256) : null;
  const base = deps.config.publicBaseUrl;
  const pdf = await renderCertificatePdf({
    number: row.number,
    holderName: row.holder_name,
    holderIdType: row.holder_id_type,
    holderIdNumber: row.holder_id_number,
    institutionName: row.institution_name,
    occupationName: row.occupation_name,
    workType: row.work_type,
    level: row.level,
    issuedOn: row.issued_on,
    status: row.status,
    verifyUrl: `${base}/v/${row.number}?c=${row.verify_code}`,
    provincialQueryUrl: `${base}/verify`,
    photo: photo ? Buffer.from(photo) : null,
  });
  if (opts.audit)
    await recordAuditNow(deps, ctx, { action: 'certificate.download', objectType: 'certificate', objectId: id });
  return { number: row.number, pdf };
}

/**
 * CERT-11: a correction of what a certificate carries (a misspelt name, the work type) is a new
 * version: the before and after, the reason and the author are appended to its history.
 */
export async function correctCertificate(
  deps: Deps,
  ctx: RequestContext,
  id: number,
  body: { holderName?: string; workType?: string | null; reason: string },
) {
  await loadVisible(deps, ctx, deps.db, id);
  return deps.db.transaction().execute(async (trx) => {
    const row = (await q.getVisibleCertificate(trx, ctx.actor!, id))!;
    if (ctx.actor!.institutionId !== row.institution_id)
      throw new AppError('DELEGATION_FORBIDDEN', '证书由发证机构更正（谁发证、谁负责）', { rule: 'INST-6' });
    if (row.status === 'revoked')
      throw new AppError('CERTIFICATE_INVALID_TRANSITION', '已撤销的证书不能更正', { rule: 'CERT-12' });
    const before = { holderName: row.holder_name, workType: row.work_type };
    const after = {
      holderName: body.holderName ?? row.holder_name,
      workType: body.workType === undefined ? row.work_type : body.workType,
    };
    if (before.holderName === after.holderName && before.workType === after.workType)
      throw new AppError('VALIDATION_FAILED', '没有需要更正的内容');
    const now = deps.clock.now().toISOString();
    const { seal, kid } = await sealCertificate(trx, deps.config.keyDir, { ...row, holder_name: after.holderName });
    await trx
      .updateTable('certificates')
      .set({ holder_name: after.holderName, work_type: after.workType, seal, seal_kid: kid })
      .where('id', '=', id)
      .execute();
    await trx.deleteFrom('certificate_credentials').where('certificate_id', '=', id).execute(); // re-signed in the background
    await trx
      .insertInto('certificate_events')
      .values({
        certificate_id: id,
        type: 'corrected',
        reason: `${body.reason}｜${JSON.stringify({ before, after })}`,
        evidence_sha256: null,
        status_before: row.status,
        status_after: row.status,
        actor_id: ctx.actor!.id,
        actor_name: ctx.actor!.displayName,
        at: now,
      })
      .execute();
    await recordAudit(trx, deps, ctx, {
      action: 'certificate.correct',
      objectType: 'certificate',
      objectId: id,
      before,
      after: { ...after, reason: body.reason },
    });
    return { id, number: row.number, ...after };
  });
}

/** A ZIP of the PDFs of an institution's certificates (one plan, or a date range), for printing. */
export async function certificatesZip(
  deps: Deps,
  ctx: RequestContext,
  f: { planId?: number; issuedFrom?: string; issuedTo?: string },
) {
  const { default: yazl } = await import('yazl');
  let qb = deps.db.selectFrom('certificates').select('id').where('institution_id', '=', ctx.actor!.institutionId!);
  if (f.planId)
    qb = qb
      .where('source_type', '=', 'registration')
      .where('source_id', 'in', deps.db.selectFrom('registrations').select('id').where('plan_id', '=', f.planId));
  if (f.issuedFrom) qb = qb.where('issued_on', '>=', f.issuedFrom);
  if (f.issuedTo) qb = qb.where('issued_on', '<=', f.issuedTo);
  const ids = (
    await qb
      .orderBy('id')
      .limit(MAX_ZIP + 1)
      .execute()
  ).map((r) => r.id);
  if (!ids.length) throw new AppError('NOT_FOUND', '所选范围内没有证书');
  if (ids.length > MAX_ZIP) throw new AppError('VALIDATION_FAILED', `一次最多打包 ${MAX_ZIP} 张证书，请缩小范围`);
  const zip = new yazl.ZipFile();
  for (const id of ids) {
    const { number, pdf } = await certificatePdf(deps, ctx, id, { audit: false });
    zip.addBuffer(pdf, `${number}.pdf`, { compress: false });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  await recordAuditNow(deps, ctx, {
    action: 'certificate.export_zip',
    objectType: 'certificate',
    detail: JSON.stringify({ ...f, count: ids.length }),
  });
  return { count: ids.length, zip: Buffer.concat(chunks) };
}
export const MAX_ZIP = 2000;
