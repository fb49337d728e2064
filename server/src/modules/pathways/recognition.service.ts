/**
 * CERT-3 direct recognition (直接认定, 河南方案 (2): 院校对取得1+X证书的学生可直接认定相应职业（工种）的
 * 职业技能等级): a school records a 1+X certificate its own student holds — the certificate, its
 * number, level, issuing organisation and a scan as evidence — and then recognises that recorded
 * holding, once, in the occupation the certificate is mapped to: 高级、中级 → 三级, 初级 → 四级.
 */
import type { HoldingFields } from '../../../../contract/api-pathways.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { businessDate } from '../../lib/dates.js';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { checkEvidenceFile } from '../files/evidence-file.js';
import { getBlob, putBlob } from '../files/files.queries.js';
import { institutionKind } from '../institutions/institutions.queries.js';
import { getOccupation, getOnePlusX } from '../occupations/occupations.queries.js';
import { identifyLearner, recordLearner } from '../people/learners.service.js';
import * as q from './pathways.queries.js';
import { holdingRecorded } from './holding-listeners.js';
import { notSchoolStudent } from './partners.rules.js';
import { recognitionLevel } from './pathways.rules.js';
import { recordPathway, situationSource } from './pathways.service.js';

const RULE = { rule: 'CERT-3' } as const;

const toHolding = (h: q.HoldingRow) => ({
  id: h.id,
  learnerId: h.learner_id,
  name: h.name,
  certificateId: h.certificate_id,
  certificate: h.certificate_name,
  organisation: h.organisation,
  xLevel: h.level,
  number: h.number,
  issuedOn: h.issued_on,
  mappedOccupationId: h.mapped_occupation_id,
  mappedOccupationName: h.mapped_occupation_name,
  recognitionLevel: recognitionLevel(h.level),
  evidence:
    h.evidence_sha256 && h.evidence_file_name && h.evidence_mime
      ? { fileName: h.evidence_file_name, mime: h.evidence_mime, size: h.evidence_size ?? 0 }
      : null,
  recordedAt: h.created_at,
  recognisedAt: h.recognised_at,
});

/** The recognising institution: a school (院校) acting for its own students. */
async function ownSchool(deps: Deps, ctx: RequestContext, db = deps.db) {
  const me = await institutionKind(db, ctx.actor!.institutionId!);
  if (!me) throw new Error(`institution #${ctx.actor!.institutionId} of the signed-in account is missing`);
  if (me.kind !== 'college' || !me.school_type)
    throw new AppError('PATHWAY_NOT_APPLICABLE', '1+X 证书直接认定由院校对本校学生开展', RULE);
  return me;
}

export async function recordHolding(
  deps: Deps,
  ctx: RequestContext,
  body: HoldingFields,
  file: { fileName: string; data: Buffer; truncated: boolean },
) {
  const mime = checkEvidenceFile(file);
  const now = deps.clock.now();
  const today = businessDate(now, deps.config.businessTimeZone);
  if (body.issuedOn > today)
    throw new AppError('VALIDATION_FAILED', '发证日期不能晚于今天', {
      details: [{ field: '/issuedOn', message: '不能晚于今天' }],
    });
  return deps.db.transaction().execute(async (trx) => {
    const me = await ownSchool(deps, ctx, trx);
    const x = await getOnePlusX(trx, body.certificateId);
    if (!x || x.active !== 1)
      throw new AppError('VALIDATION_FAILED', '1+X 证书不存在或已停用', {
        details: [{ field: '/certificateId', message: '不存在' }],
      });
    const number = body.number.trim();
    if (await q.holdingNumberTaken(trx, number))
      throw new AppError('CONFLICT', `1+X 证书编号 ${number} 已登记`, {
        rule: 'CERT-8',
        details: [{ field: '/number', message: '已登记' }],
      });
    // the school's own student: one on its roster as recorded (a 1+X record changes nobody's student
    // data), or a person new to the platform registered here as its student
    const person = await identifyLearner(trx, deps, body);
    const learner =
      person.existing ??
      (await recordLearner(trx, deps, ctx, person, body, await situationSource(trx, ctx, 'recognition'))).learner;
    const notStudent = notSchoolStudent(learner, me, today);
    if (notStudent) throw new AppError('NOT_A_SCHOOL_STUDENT', `${notStudent}：直接认定只适用于本校学生`, RULE);
    const sha256 = await putBlob(trx, file.data);
    const fileName = file.fileName.slice(0, 200);
    const id = await q.insertHolding(trx, {
      learner_id: learner.id,
      certificate_id: x.id,
      level: body.xLevel,
      number,
      issued_on: body.issuedOn,
      imported_by_institution: me.id,
      created_at: now.toISOString(),
      organisation: x.organisation,
      evidence_sha256: sha256,
      evidence_file_name: fileName,
      evidence_mime: mime,
      evidence_size: file.data.length,
      recorded_by: ctx.actor!.id,
      recognised_at: null,
    });
    await holdingRecorded(trx, id); // counted apart from skill certificates (CERT-8)
    await recordAudit(trx, deps, ctx, {
      action: 'oneplusx.holding.record',
      objectType: 'one_plus_x_holding',
      objectId: id,
      after: {
        learnerId: learner.id,
        certificate: x.name,
        organisation: x.organisation,
        level: body.xLevel,
        number,
        issuedOn: body.issuedOn,
        evidence: { fileName, sha256, size: file.data.length },
      },
    });
    return toHolding((await q.holdingOf(trx, me.id, id))!);
  });
}

export async function listHoldings(deps: Deps, ctx: RequestContext) {
  const rows = await q.holdingsOf(deps.db, ctx.actor!.institutionId!, 500);
  return rows.map(toHolding);
}

/** The scan of a holding recorded by the caller's institution. */
export async function holdingEvidence(deps: Deps, ctx: RequestContext, id: number) {
  const h = await q.holdingOf(deps.db, ctx.actor!.institutionId!, id);
  if (!h) throw new AppError('NOT_FOUND', `1+X 证书记录 #${id} 不存在`);
  if (!h.evidence_sha256) throw new AppError('NOT_FOUND', `1+X 证书记录 #${id} 没有证明材料`);
  const content = await getBlob(deps.db, h.evidence_sha256);
  if (!content) throw new Error(`holding #${id}: stored file ${h.evidence_sha256} is missing`);
  return {
    fileName: h.evidence_file_name ?? `1+x-${id}`,
    mime: h.evidence_mime ?? 'application/octet-stream',
    content,
  };
}

export async function recognize(deps: Deps, ctx: RequestContext, body: { holdingId: number; occupationId: number }) {
  const now = deps.clock.now();
  const today = businessDate(now, deps.config.businessTimeZone);
  return deps.db.transaction().execute(async (trx) => {
    const me = await ownSchool(deps, ctx, trx);
    const h = await q.holdingOf(trx, me.id, body.holdingId);
    if (!h) throw new AppError('NOT_FOUND', `1+X 证书记录 #${body.holdingId} 不存在`);
    if (!h.organisation || !h.evidence_sha256)
      throw new AppError(
        'HOLDING_EVIDENCE_MISSING',
        `1+X 证书 ${h.number} 登记时未记录发证组织和证书扫描件，请重新登记后再认定`,
        RULE,
      );
    if (h.recognised_at)
      throw new AppError(
        'HOLDING_ALREADY_RECOGNISED',
        `1+X 证书 ${h.number} 已于 ${h.recognised_at.slice(0, 10)} 用于直接认定`,
        {
          rule: 'CERT-8',
        },
      );
    if (!h.mapped_occupation_id)
      throw new AppError('NOT_MAPPED', `“${h.certificate_name}”尚未对应职业，请省级在基础数据中维护对应关系`, RULE);
    if (h.mapped_occupation_id !== body.occupationId) {
      const asked = await getOccupation(trx, body.occupationId);
      throw new AppError(
        'NOT_MAPPED',
        `“${h.certificate_name}”对应的职业是${h.mapped_occupation_name}，不能认定为${asked?.name ?? `职业 #${body.occupationId}`}`,
        { ...RULE, details: [{ field: '/occupationId', message: `应为${h.mapped_occupation_name}` }] },
      );
    }
    const notStudent = notSchoolStudent(h, me, today);
    if (notStudent) throw new AppError('NOT_A_SCHOOL_STUDENT', `${notStudent}：直接认定只适用于本校学生`, RULE);
    if (!(await q.claimHolding(trx, h.id, now.toISOString())))
      throw new AppError('HOLDING_ALREADY_RECOGNISED', `1+X 证书 ${h.number} 已用于直接认定`, { rule: 'CERT-8' });
    return recordPathway(trx, deps, ctx, {
      pathway: 'recognition',
      learner_id: h.learner_id,
      occupation_id: h.mapped_occupation_id,
      level: recognitionLevel(h.level),
      source_type: 'one_plus_x_holding',
      source_id: h.id,
      evidence_json: JSON.stringify({
        holdingId: h.id,
        oneplusx: h.certificate_name,
        organisation: h.organisation,
        xLevel: h.level,
        number: h.number,
        issuedOn: h.issued_on,
        evidenceSha256: h.evidence_sha256,
      }),
    });
  });
}
