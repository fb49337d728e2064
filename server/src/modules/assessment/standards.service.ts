/**
 * 职业技能标准 per occupation and level: exam parts, pass mark, durations, staffing ratios and the
 * eligibility rule set. Province HRSS edits them; every installation starts with defaults drawn
 * from the published templates (levels 2 and 1 add a review panel).
 */
import type { Kysely, Selectable } from 'kysely';
import type { DB, OccupationStandardTable } from '../../database/schema.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { getOccupation, listOccupations } from '../occupations/occupations.queries.js';
import { TEMPLATE_2018, TEMPLATE_2022, type EligibilityRoute } from './eligibility.js';
import {
  countStandards,
  insertStandard,
  insertStandards,
  standardFor,
  standardsOfOccupation,
  updateStandard,
} from './standards.queries.js';
import type { StandardInput } from '../../../../contract/api-assessment.js';

export type StandardRow = Selectable<OccupationStandardTable>;

export function toStandard(r: StandardRow & { occupation_name?: string; occupation_code?: string }) {
  return {
    id: r.id,
    occupationId: r.occupation_id,
    occupationCode: r.occupation_code ?? null,
    occupationName: r.occupation_name ?? null,
    level: r.level,
    edition: r.edition,
    parts: [...(r.theory ? ['theory'] : []), ...(r.practical ? ['practical'] : []), ...(r.panel ? ['panel'] : [])] as (
      'theory' | 'practical' | 'panel'
    )[],
    passMark: r.pass_mark,
    minutes: { theory: r.theory_minutes, practical: r.practical_minutes, panel: r.panel_minutes },
    staffing: {
      invigilatorRatio: r.invigilator_ratio,
      minInvigilators: r.min_invigilators,
      examinerRatio: r.examiner_ratio,
      minExaminers: r.min_examiners,
      minPanel: r.min_panel,
    },
    eligibility: JSON.parse(r.eligibility_json) as EligibilityRoute[],
  };
}
export type Standard = ReturnType<typeof toStandard>;

/** Default standards for every occupation and level that has none (reference data). */
export async function ensureStandards(db: Kysely<DB>, now: string) {
  if ((await countStandards(db)) > 0) return 0;
  // every occupation as one page of the occupations module's own list (its table is not ours to query)
  const occs = (await listOccupations(db, {}, 1, Number.MAX_SAFE_INTEGER)).items;
  const rows = occs.flatMap((o) =>
    [5, 4, 3, 2, 1].map((level) => ({
      occupation_id: o.id,
      level,
      edition: o.edition >= '2022' ? '2022' : '2018',
      theory: 1,
      practical: 1,
      panel: level <= 2 ? 1 : 0,
      pass_mark: 60,
      theory_minutes: 90,
      practical_minutes: level <= 3 ? 180 : 120,
      panel_minutes: 30,
      invigilator_ratio: 15,
      min_invigilators: 2,
      examiner_ratio: 5,
      min_examiners: 3,
      min_panel: 3,
      eligibility_json: JSON.stringify((o.edition >= '2022' ? TEMPLATE_2022 : TEMPLATE_2018)[String(level)]),
      updated_by: null,
      updated_at: now,
    })),
  );
  await insertStandards(db, rows);
  return rows.length;
}

/** The occupation standard of one occupation and level, or null (other pathways read its pass mark). */
export async function standardOf(db: Kysely<DB>, occupationId: number, level: number): Promise<Standard | null> {
  const r = await standardFor(db, occupationId, level);
  return r ? toStandard(r) : null;
}

export async function listStandards(deps: Deps, occupationId: number) {
  return (await standardsOfOccupation(deps.db, occupationId)).map(toStandard);
}

export type { StandardInput };

export async function putStandard(
  deps: Deps,
  ctx: RequestContext,
  occupationId: number,
  level: number,
  body: StandardInput,
) {
  if (!body.parts.includes('theory') || !body.parts.includes('practical')) {
    throw new AppError('VALIDATION_FAILED', '职业技能等级认定须包含理论知识考试和操作技能考核', {
      rule: 'CERT-2',
      details: [{ field: '/parts', message: '须含 theory 与 practical' }],
    });
  }
  if (level <= 2 && !body.parts.includes('panel')) {
    throw new AppError('VALIDATION_FAILED', '二级、一级须增加综合评审', {
      rule: 'CERT-2',
      details: [{ field: '/parts', message: '二级、一级须含 panel' }],
    });
  }
  if (body.staffing.minExaminers % 2 === 0 || body.staffing.minPanel % 2 === 0) {
    throw new AppError('VALIDATION_FAILED', '考评员和评审专家的最少人数须为奇数', {
      details: [{ field: '/staffing', message: '须为奇数' }],
    });
  }
  return deps.db.transaction().execute(async (trx) => {
    if (!(await getOccupation(trx, occupationId))) throw new AppError('OCCUPATION_NOT_FOUND');
    const before = await standardFor(trx, occupationId, level);
    const row = {
      edition: body.edition,
      theory: 1,
      practical: 1,
      panel: body.parts.includes('panel') ? 1 : 0,
      pass_mark: body.passMark,
      theory_minutes: body.minutes.theory,
      practical_minutes: body.minutes.practical,
      panel_minutes: body.minutes.panel,
      invigilator_ratio: body.staffing.invigilatorRatio,
      min_invigilators: body.staffing.minInvigilators,
      examiner_ratio: body.staffing.examinerRatio,
      min_examiners: body.staffing.minExaminers,
      min_panel: body.staffing.minPanel,
      eligibility_json: JSON.stringify(body.eligibility),
      updated_by: ctx.actor!.id,
      updated_at: deps.clock.now().toISOString(),
    };
    if (before) await updateStandard(trx, before.id, row);
    else await insertStandard(trx, { ...row, occupation_id: occupationId, level });
    const after = toStandard((await standardFor(trx, occupationId, level))!);
    await recordAudit(trx, deps, ctx, {
      action: 'standard.update',
      objectType: 'standard',
      objectId: `${occupationId}/${level}`,
      before: before ? toStandard(before) : null,
      after,
    });
    return after;
  });
}
