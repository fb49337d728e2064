/**
 * The certificate as a document: one PDF (with the holder's photo and the QR link), or a ZIP of many
 * for printing. The document is the holder's: it carries the full ID number it was issued (and
 * sealed) with, so the holder can show it and a reader can match it against an identity card —
 * for the holder and for the issuing institution, which prints and hands it over (each download
 * and ZIP audited). Anyone else (officials supervising) gets a copy with the number masked.
 */
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { recordAuditNow } from '../audit/audit.service.js';
import { getBlob } from '../files/files.queries.js';
import { learnerById } from '../people/learners.queries.js';
import { runTask } from '../../lib/workers.js';
import { RENDER_CERTIFICATE_PDF, type CertificateDocument } from './certificate-pdf.js';
import { institutionCertificateIds } from './certificates.queries.js';
import { visibleCertificate } from './certificates.service.js';
import { personalData } from '../../lib/personal-data.js';
import { HOLDER_ID } from './holder-id.js';

export const MAX_ZIP = 2000;

/** The number the document shows: in full for the holder and the issuer, masked for anyone else. */
function documentHolderId(
  deps: Deps,
  ctx: RequestContext,
  row: { institution_id: number; holder_id_number_enc: string },
): string {
  const pd = personalData(deps.config);
  const own = ctx.actor!.role === 'learner' || ctx.actor!.institutionId === row.institution_id;
  return own
    ? pd.openIdNumber(HOLDER_ID, row.holder_id_number_enc)
    : pd.maskedIdNumber(HOLDER_ID, row.holder_id_number_enc);
}

/** What the PDF of a certificate the actor may see shows, from the records (rendered in a worker). */
async function certificateDocument(deps: Deps, ctx: RequestContext, id: number): Promise<CertificateDocument> {
  const row = await visibleCertificate(deps, ctx, id);
  const learner = await learnerById(deps.db, row.learner_id);
  const photo = learner?.photo_sha256 ? await getBlob(deps.db, learner.photo_sha256) : null;
  const base = deps.config.publicBaseUrl;
  return {
    number: row.number,
    holderName: row.holder_name,
    holderIdType: row.holder_id_type,
    holderIdNumber: documentHolderId(deps, ctx, row),
    institutionName: row.institution_name,
    occupationName: row.occupation_name,
    workType: row.work_type,
    level: row.level,
    issuedOn: row.issued_on,
    status: row.status,
    verifyUrl: `${base}/v/${row.number}?c=${row.verify_code}`,
    provincialQueryUrl: `${base}/verify`,
    photo: photo ? Buffer.from(photo) : null,
  };
}

export async function certificatePdf(
  deps: Deps,
  ctx: RequestContext,
  id: number,
  opts: { audit: boolean } = { audit: true },
) {
  const doc = await certificateDocument(deps, ctx, id);
  const pdf = await runTask(deps, RENDER_CERTIFICATE_PDF, doc);
  if (opts.audit)
    await recordAuditNow(deps, ctx, { action: 'certificate.download', objectType: 'certificate', objectId: id });
  return { number: doc.number, pdf };
}

/** A ZIP of the PDFs of an institution's certificates (one plan, or a date range), for printing. */
export async function certificatesZip(
  deps: Deps,
  ctx: RequestContext,
  f: { planId?: number; issuedFrom?: string; issuedTo?: string },
) {
  const { default: yazl } = await import('yazl');
  const ids = await institutionCertificateIds(deps.db, ctx.actor!.institutionId!, f, MAX_ZIP + 1);
  if (!ids.length) throw new AppError('NOT_FOUND', '所选范围内没有证书');
  if (ids.length > MAX_ZIP) throw new AppError('VALIDATION_FAILED', `一次最多打包 ${MAX_ZIP} 张证书，请缩小范围`);
  const zip = new yazl.ZipFile();
  // rendered in the worker threads, a few at a time, added to the ZIP in order
  const depth = (deps.workers?.options.threads ?? 1) + 1;
  const inFlight: Promise<{ number: string; pdf: Buffer }>[] = [];
  const add = async () => {
    const { number, pdf } = await inFlight.shift()!;
    zip.addBuffer(pdf, `${number}.pdf`, { compress: false });
  };
  for (const id of ids) {
    const next = certificatePdf(deps, ctx, id, { audit: false });
    next.catch(() => {}); // awaited in turn below; a failure then stops the ZIP
    inFlight.push(next);
    if (inFlight.length >= depth) await add();
  }
  while (inFlight.length) await add();
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
