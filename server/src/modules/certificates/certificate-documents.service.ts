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
import { startJob, whenWorkersFree } from '../jobs/jobs.service.js';
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
type ZipFilter = { planId?: number; issuedFrom?: string; issuedTo?: string };

/** The ids a ZIP of the actor's institution's certificates holds, refused when none or too many. */
async function zipIds(deps: Deps, ctx: RequestContext, f: ZipFilter) {
  const ids = await institutionCertificateIds(deps.db, ctx.actor!.institutionId!, f, MAX_ZIP + 1);
  if (!ids.length) throw new AppError('NOT_FOUND', '所选范围内没有证书');
  if (ids.length > MAX_ZIP) throw new AppError('VALIDATION_FAILED', `一次最多打包 ${MAX_ZIP} 张证书，请缩小范围`);
  return ids;
}

export async function certificatesZip(deps: Deps, ctx: RequestContext, f: ZipFilter) {
  return zipOf(deps, ctx, f, await zipIds(deps, ctx, f));
}

/**
 * The ZIP as a tracked job (issue 17): answered at once with the job, whose progress counts the
 * PDFs rendered; the owner downloads the file from the job once it has succeeded.
 */
export async function startCertificatesZipJob(deps: Deps, ctx: RequestContext, f: ZipFilter) {
  const ids = await zipIds(deps, ctx, f);
  const job = await startJob(deps, ctx, 'certificate_zip', f, ids.length, async (progress) => {
    const r = await zipOf(deps, ctx, f, ids, {
      onProgress: (done) => progress.report(done),
      // a job waits while the worker threads' queue is full rather than fail
      render: (id) => whenWorkersFree(progress.signal, () => certificatePdf(deps, ctx, id, { audit: false })),
    });
    return { body: r.zip, name: 'certificates.zip', done: r.count };
  });
  await recordAuditNow(deps, ctx, {
    action: 'certificate.export_zip_start',
    objectType: 'certificate',
    detail: JSON.stringify({ ...f, count: ids.length, jobId: job.id }),
  });
  return job;
}

async function zipOf(
  deps: Deps,
  ctx: RequestContext,
  f: ZipFilter,
  ids: number[],
  opts: {
    onProgress?: (done: number) => Promise<void>;
    render?: (id: number) => ReturnType<typeof certificatePdf>;
  } = {},
) {
  const render = opts.render ?? ((id: number) => certificatePdf(deps, ctx, id, { audit: false }));
  const { default: yazl } = await import('yazl');
  const zip = new yazl.ZipFile();
  // rendered in the worker threads, a few at a time, added to the ZIP in order
  const depth = (deps.workers?.options.threads ?? 1) + 1;
  const inFlight: Promise<{ number: string; pdf: Buffer }>[] = [];
  let done = 0;
  const add = async () => {
    const { number, pdf } = await inFlight.shift()!;
    zip.addBuffer(pdf, `${number}.pdf`, { compress: false });
    await opts.onProgress?.(++done);
  };
  for (const id of ids) {
    const next = render(id);
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
