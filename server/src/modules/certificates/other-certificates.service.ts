/**
 * Certificates issued outside the platform's skill-level chain (国家职业资格证书, 专项职业能力证书,
 * 特种作业操作证), recorded so that training claims (TRAIN-9) and coverage (CERT-9) can count them.
 *
 * Who enters them — the platform's reading of the seeds:
 * - 国家职业资格证书: “由职业资格实施机构考核鉴定后颁发职业资格证书” (seed 003 二), outside the
 *   platform's evaluation chain, which issues only 职业技能等级证书 (certificates.kind = 'skill');
 * - 专项职业能力证书: assessed by a 专项职业能力考核机构 filed with HRSS (seed 001 二.2, seed 002
 *   三（三）); the platform holds no special-ability assessment of its own, so the result is entered
 *   from the issued certificate;
 * - 特种作业操作证: the 持证上岗 regime of the emergency-management departments (seed 002 一.6,
 *   责任单位 市应急局), issued outside HRSS altogether.
 * So each is recorded (and revoked) by the province or city HRSS department that holds the record:
 * the record's scope is that department's region. The holder is found or registered by identity
 * document through the people module (sealed, looked up by keyed hash, masked in every answer).
 * A revoked record stays listed as revoked and no longer counts anywhere.
 */
import type { Paged } from '../../../../contract/api.js';
import type { Transaction } from 'kysely';
import type {
  OtherCertificateRecord as OtherCertificate,
  OtherCertificateBody,
  OtherCertificateImportResult,
  OtherCertificateQuery,
} from '../../../../contract/api-other-certificates.js';
import { CERTIFICATE_ROUTES } from '../../../../contract/training.js';
import type { DB } from '../../database/schema.js';
import type { Actor, Deps, RequestContext } from '../../lib/context.js';
import { businessDate } from '../../lib/dates.js';
import { AppError, notFoundOrDenied } from '../../lib/errors.js';
import { personalData } from '../../lib/personal-data.js';
import { spoolDir } from '../../lib/spool.js';
import type { FieldError } from '../../../../contract/errors.js';
import { runTask, workerTask } from '../../lib/workers.js';
import { spoolWriter } from '../jobs/spool-write.js';
import { recordAudit } from '../audit/audit.service.js';
import { checkInWorker, importNow, writeSpooled, type ImportSpec, importErrorsRefusal } from '../jobs/import-job.js';
import type { JobProgress } from '../jobs/jobs.service.js';
import { getOccupation } from '../occupations/occupations.queries.js';
import { occupationKeys } from '../occupations/occupations.service.js';
import { findOrCreatePerson } from '../people/persons.service.js';
import { CHECK_OTHER_CERTIFICATES, type ParsedOtherCertificate } from './other-certificate-workbook.js';
import * as q from './other-certificates.queries.js';

function toView(deps: Deps, r: q.OtherCertificateRow): OtherCertificate {
  return {
    id: r.id,
    kind: r.kind,
    learnerId: r.learner_id,
    holderName: r.holder_name,
    holderIdType: r.holder_id_type,
    holderIdNumber: personalData(deps.config).maskedIdNumber('learners.id_number', r.holder_id_number_enc),
    occupationId: r.occupation_id,
    occupationCode: r.occupation_code,
    occupationName: r.occupation_name,
    item: r.item,
    level: r.level,
    number: r.number,
    issuedOn: r.issued_on,
    issuingBody: r.issuing_body,
    regionCode: r.region_code,
    regionName: r.region_name,
    status: r.status,
    revokedOn: r.revoked_on,
    revokeReason: r.revoke_reason,
    recordedByName: r.recorded_by_name,
    createdAt: r.created_at,
  };
}

export async function listOtherCertificates(
  deps: Deps,
  ctx: RequestContext,
  f: OtherCertificateQuery,
): Promise<Paged<OtherCertificate>> {
  const page = f.page ?? 1;
  const pageSize = f.pageSize ?? 20;
  const { rows, total } = await q.listOtherCertificates(deps.db, ctx.actor!, f, page, pageSize);
  return { items: rows.map((r) => toView(deps, r)), total, page, pageSize };
}

async function loadVisible(deps: Deps, ctx: RequestContext, id: number, action: string) {
  const r = await q.visibleOtherCertificate(deps.db, ctx.actor!, id);
  if (!r)
    throw notFoundOrDenied(await q.otherCertificateById(deps.db, id), `证书记录 #${id} 不存在或不在您的管辖范围内`, {
      action,
      objectType: 'other_certificate',
      objectId: id,
    });
  return r;
}

export async function getOtherCertificate(deps: Deps, ctx: RequestContext, id: number) {
  return toView(deps, await loadVisible(deps, ctx, id, 'other_certificate.read'));
}

const field = (f: string, message: string) => [{ field: f, message }];

/**
 * Checks a certificate against the records and writes it (in the caller's transaction): the
 * occupation exists, the number is not registered for its kind, the holder is found or registered
 * by identity document; the record's scope is the recording department's region.
 */
async function insertRecord(
  trx: Transaction<DB>,
  deps: Deps,
  actor: Actor,
  body: OtherCertificateBody,
  at: string,
): Promise<{ id: number; learnerId: number }> {
  const label = CERTIFICATE_ROUTES[body.kind];
  const number = body.number.trim();
  if (!(await getOccupation(trx, body.occupationId))) throw new AppError('OCCUPATION_NOT_FOUND');
  if (await q.otherCertificateByNumber(trx, body.kind, number))
    throw new AppError('CONFLICT', `${label}编号 ${number} 已登记`, { details: field('/number', '已登记') });
  const person = await findOrCreatePerson(trx, deps, {
    name: body.name.trim(),
    idType: body.idType,
    idNumber: body.idNumber,
  });
  const id = await q.insertOtherCertificate(trx, {
    kind: body.kind,
    learner_id: person.id,
    occupation_id: body.occupationId,
    item: body.item?.trim() || null,
    level: body.kind === 'qualification' ? body.level! : null,
    number,
    issued_on: body.issuedOn,
    issuing_body: body.issuingBody.trim(),
    region_code: actor.regionCode!,
    status: 'valid',
    revoked_on: null,
    revoke_reason: null,
    recorded_by: actor.id,
    recorded_by_name: actor.displayName,
    created_at: at,
    updated_at: at,
  });
  return { id, learnerId: person.id };
}

/** Records a certificate of another kind for a person (found or registered by identity document). */
export async function recordOtherCertificate(deps: Deps, ctx: RequestContext, body: OtherCertificateBody) {
  const actor = ctx.actor!;
  const label = CERTIFICATE_ROUTES[body.kind];
  const now = deps.clock.now();
  if (body.issuedOn > businessDate(now, deps.config.businessTimeZone))
    throw new AppError('VALIDATION_FAILED', '发证日期不能晚于今天', { details: field('/issuedOn', '不能晚于今天') });
  // only the 国家职业资格证书 has levels (五级 → 一级); the other two kinds have none
  if (body.kind === 'qualification' && !body.level)
    throw new AppError('VALIDATION_FAILED', `${label}须填写等级（一级至五级）`, { details: field('/level', '1–5') });
  if (body.kind !== 'qualification' && body.level)
    throw new AppError('VALIDATION_FAILED', `${label}不分等级，不填等级`, { details: field('/level', '不填') });
  return deps.db.transaction().execute(async (trx) => {
    const { id, learnerId } = await insertRecord(trx, deps, actor, body, now.toISOString());
    // never the ID number in the audit trail: the person by id
    await recordAudit(trx, deps, ctx, {
      action: 'other_certificate.record',
      objectType: 'other_certificate',
      objectId: id,
      after: {
        kind: body.kind,
        learnerId,
        occupationId: body.occupationId,
        level: body.level ?? null,
        number: body.number.trim(),
        issuedOn: body.issuedOn,
        issuingBody: body.issuingBody,
      },
    });
    return toView(deps, (await q.otherCertificateById(trx, id))!);
  });
}

/**
 * The Excel import of certificates of other kinds, started as a tracked job (202, the job) by the
 * pipeline of every workbook import (jobs/import-job.ts): a hostile file is refused at once; every
 * row is checked for form in a worker thread (校验), then written in ONE transaction (写入), each
 * row checked against the records as a form entry is — any problem imports nothing and names the
 * row and column. The job's answer is the count and the notes. Who may import is the route's
 * access rule (other_certificate.record); the records are made in the importer's region.
 */
export function otherCertificateImport(deps: Deps, ctx: RequestContext, file: Buffer): ImportSpec<void> {
  return {
    kind: 'other_certificate_import',
    own: async () => {},
    run: (_, progress) => runImport(deps, ctx, file, progress),
    params: {},
    // the import itself is recorded when it commits
    audit: { action: 'other_certificate.import_start', objectType: 'other_certificate' },
  };
}

/** The same import run to its end in the caller's own time, with no job (scripts, tests). */
export function importOtherCertificates(deps: Deps, ctx: RequestContext, file: Buffer) {
  return importNow(deps, file, otherCertificateImport(deps, ctx, file));
}

async function runImport(deps: Deps, ctx: RequestContext, file: Buffer, progress: JobProgress) {
  const today = businessDate(deps.clock.now(), deps.config.businessTimeZone);
  const occupations = await occupationKeys(deps.db);
  const checked = await checkInWorker(progress, (port) =>
    runTask(
      deps,
      CHECK_OTHER_CERTIFICATES,
      file,
      deps.config.imports,
      today,
      occupations,
      spoolDir(deps.config.dataDir),
      port,
    ),
  );
  const result = await writeSpooled(
    deps,
    ctx,
    progress,
    checked,
    (r) => {
      if (!r.rowCount) throw new AppError('IMPORT_INVALID', '文件中没有证书记录（示例行不导入）');
      if (r.errorCount) throw importErrorsRefusal(r.errorCount, r.errors);
      return r.rowCount;
    },
    OTHER_CERTIFICATE_WRITER,
    checked.notes,
  );
  return { done: result.imported, result };
}

/**
 * The other certificates' steps inside the import's one transaction (jobs/spool-write.ts, run on
 * the write thread): each row recorded.
 */
export function otherCertificateWriter(deps: Deps, ctx: RequestContext, checkedNotes: FieldError[]) {
  const actor = ctx.actor!;
  return spoolWriter({
    begin: async () => ({ at: deps.clock.now().toISOString(), count: 0, byKind: {} as Record<string, number> }),
    async chunk(trx, s, rows: ParsedOtherCertificate[], pause) {
      for (const r of rows) {
        await pause();
        try {
          await insertRecord(trx, deps, actor, r.input, s.at);
        } catch (e) {
          // a row refused against the records rolls the whole file back, naming the row
          if (e instanceof AppError)
            throw new AppError('IMPORT_INVALID', `第 ${r.rowNo} 行：${e.message}；未导入任何数据`, {
              details: [{ field: `第 ${r.rowNo} 行`, message: e.message }],
            });
          throw e;
        }
        s.count++;
        s.byKind[r.input.kind] = (s.byKind[r.input.kind] ?? 0) + 1;
      }
    },
    async end(trx, s) {
      const out: OtherCertificateImportResult = {
        imported: s.count,
        ...(checkedNotes.length ? { notes: checkedNotes } : {}),
      };
      // never ID numbers in the audit trail: the counts
      await recordAudit(trx, deps, ctx, {
        action: 'other_certificate.import',
        objectType: 'other_certificate',
        after: { imported: s.count, byKind: s.byKind, regionCode: actor.regionCode },
      });
      return out;
    },
  });
}

const OTHER_CERTIFICATE_WRITER = workerTask<typeof otherCertificateWriter>(import.meta.url, 'otherCertificateWriter');

/** Revokes a recorded certificate (it stays listed as revoked and counts nowhere), with its reason. */
export async function revokeOtherCertificate(deps: Deps, ctx: RequestContext, id: number, reason: string) {
  const r = await loadVisible(deps, ctx, id, 'other_certificate.revoke');
  if (r.status === 'revoked') throw new AppError('CONFLICT', `证书 ${r.number} 已于 ${r.revoked_on} 撤销`);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const ok = await q.updateOtherCertificate(trx, id, 'valid', {
      status: 'revoked',
      revoked_on: businessDate(now, deps.config.businessTimeZone),
      revoke_reason: reason.trim(),
      updated_at: now.toISOString(),
    });
    if (!ok) throw new AppError('CONFLICT', '证书记录已被他人办理，请刷新后重试');
    await recordAudit(trx, deps, ctx, {
      action: 'other_certificate.revoke',
      objectType: 'other_certificate',
      objectId: id,
      before: { status: 'valid' },
      after: { status: 'revoked', reason: reason.trim() },
    });
    return toView(deps, (await q.otherCertificateById(trx, id))!);
  });
}
