/**
 * Evidence files for the INST-3 prerequisites: PDF, PNG or JPEG up to 10 MB, type checked by
 * content (not by name), stored in the database (content-addressed, outside any web root, and
 * shared by every app server), served only to the institution and officials in scope.
 */
import { EVIDENCE_ITEMS, PREREQUISITES, type PrerequisiteItem } from '../../../../contract/institutions.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError, notFoundOrDenied } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { prerequisitesFor } from './filing-checks.js';
import { pendingScopeOccupations, scopesOf } from './filings.queries.js';
import { getVisibleInstitution, institutionExists } from './institutions.queries.js';
import * as q from './evidence.queries.js';
import { getBlob, putBlob } from '../files/files.queries.js';
import { checkEvidenceFile } from '../files/evidence-file.js';
import { getOccupation } from '../occupations/occupations.queries.js';

async function visibleInstitution(deps: Deps, ctx: RequestContext, id: number, action: string) {
  const row = await getVisibleInstitution(deps.db, ctx.actor!, id);
  if (!row) {
    throw notFoundOrDenied(await institutionExists(deps.db, id), `机构 #${id} 不存在或不在您的管辖范围内`, {
      action,
      objectType: 'institution',
      objectId: id,
    });
  }
  return row;
}

export async function uploadEvidence(
  deps: Deps,
  ctx: RequestContext,
  institutionId: number,
  f: {
    item: string;
    occupationId?: number | null;
    description?: string | null;
    fileName: string;
    data: Buffer;
    truncated: boolean;
  },
) {
  await visibleInstitution(deps, ctx, institutionId, 'evidence.upload');
  if (ctx.actor!.institutionId !== institutionId)
    throw new AppError('DELEGATION_FORBIDDEN', '只能为本机构上传证明材料', { rule: 'INST-4' });
  if (!EVIDENCE_ITEMS.includes(f.item as PrerequisiteItem)) {
    throw new AppError('VALIDATION_FAILED', `材料类别无效：${f.item}`, {
      details: [{ field: 'item', message: `应为 ${EVIDENCE_ITEMS.join(' / ')}` }],
    });
  }
  if (f.item === 'question_bank' && !f.occupationId)
    throw new AppError('VALIDATION_FAILED', '题库材料须注明对应职业', {
      rule: 'INST-3',
      details: [{ field: 'occupationId', message: '须选择职业' }],
    });
  const mime = checkEvidenceFile(f);
  return deps.db.transaction().execute(async (trx) => {
    if (f.occupationId && !(await getOccupation(trx, f.occupationId))) throw new AppError('OCCUPATION_NOT_FOUND');
    const sha256 = await putBlob(trx, f.data);
    const now = deps.clock.now().toISOString();
    const id = await q.insertEvidence(trx, {
      institution_id: institutionId,
      item: f.item,
      occupation_id: f.occupationId ?? null,
      description: f.description ?? null,
      file_name: f.fileName.slice(0, 200),
      mime,
      size: f.data.length,
      sha256,
      uploaded_by: ctx.actor!.id,
      uploaded_at: now,
      removed_at: null,
    });
    await recordAudit(trx, deps, ctx, {
      action: 'evidence.upload',
      objectType: 'evidence',
      objectId: id,
      after: {
        institutionId,
        item: f.item,
        occupationId: f.occupationId ?? null,
        fileName: f.fileName,
        size: f.data.length,
        sha256,
      },
    });
    return { id, item: f.item, fileName: f.fileName, mime, size: f.data.length, uploadedAt: now };
  });
}

export async function removeEvidence(deps: Deps, ctx: RequestContext, institutionId: number, evidenceId: number) {
  await visibleInstitution(deps, ctx, institutionId, 'evidence.remove');
  if (ctx.actor!.institutionId !== institutionId)
    throw new AppError('DELEGATION_FORBIDDEN', '只能管理本机构的证明材料', { rule: 'INST-4' });
  return deps.db.transaction().execute(async (trx) => {
    const row = await q.currentEvidence(trx, institutionId, evidenceId);
    if (!row) throw new AppError('NOT_FOUND', `证明材料 #${evidenceId} 不存在`);
    await q.markEvidenceRemoved(trx, evidenceId, deps.clock.now().toISOString());
    await recordAudit(trx, deps, ctx, {
      action: 'evidence.remove',
      objectType: 'evidence',
      objectId: evidenceId,
      before: { fileName: row.file_name, item: row.item },
      after: { removed: true },
    });
  });
}

/** The checklist of one institution, over its scope plus any pending application's scope. */
export async function prerequisiteChecklist(deps: Deps, ctx: RequestContext, institutionId: number) {
  await visibleInstitution(deps, ctx, institutionId, 'evidence.read');
  const [granted, pending] = await Promise.all([
    scopesOf(deps.db, institutionId),
    pendingScopeOccupations(deps.db, institutionId),
  ]);
  const occIds = [...new Set([...granted.map((g) => g.occupation_id), ...pending.map((p) => p.occupation_id)])];
  const checks = await prerequisitesFor(deps.db, institutionId, occIds);
  const files = await q.evidenceFiles(deps.db, institutionId);
  return {
    institutionId,
    items: checks.map((c) => ({
      ...c,
      evidence: PREREQUISITES[c.item].evidence,
      files: files
        .filter((f) => f.item === c.item)
        .map((f) => ({
          id: f.id,
          occupationId: f.occupation_id,
          occupationName: f.occupation_name,
          description: f.description,
          fileName: f.file_name,
          mime: f.mime,
          size: f.size,
          uploadedAt: f.uploaded_at,
        })),
    })),
  };
}

export async function downloadEvidence(deps: Deps, ctx: RequestContext, evidenceId: number) {
  const row = await q.getEvidence(deps.db, evidenceId);
  if (!row) throw new AppError('NOT_FOUND', `证明材料 #${evidenceId} 不存在`);
  await visibleInstitution(deps, ctx, row.institution_id, 'evidence.read');
  const content = await getBlob(deps.db, row.sha256!);
  if (!content) throw new Error(`evidence #${row.id}: stored file ${row.sha256} is missing`);
  return {
    fileName: row.file_name ?? `evidence-${row.id}`,
    mime: row.mime ?? 'application/octet-stream',
    content,
  };
}
