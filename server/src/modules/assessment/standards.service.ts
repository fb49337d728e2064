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
import { TEMPLATE_2018, TEMPLATE_2022, type EligibilityRoute } from './eligibility.js';

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
  const have = await db
    .selectFrom('occupation_standards')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  if (Number(have.n) > 0) return 0;
  const occs = await db.selectFrom('occupations').select(['id', 'edition']).execute();
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
  for (let i = 0; i < rows.length; i += 100)
    await db
      .insertInto('occupation_standards')
      .values(rows.slice(i, i + 100))
      .execute();
  return rows.length;
}

export function standardFor(db: Kysely<DB>, occupationId: number, level: number) {
  return db
    .selectFrom('occupation_standards as s')
    .innerJoin('occupations as o', 'o.id', 's.occupation_id')
    .selectAll('s')
    .select(['o.name as occupation_name', 'o.code as occupation_code'])
    .where('s.occupation_id', '=', occupationId)
    .where('s.level', '=', level)
    .executeTakeFirst();
}

export async function listStandards(deps: Deps, occupationId: number) {
  const rows = await deps.db
    .selectFrom('occupation_standards as s')
    .innerJoin('occupations as o', 'o.id', 's.occupation_id')
    .selectAll('s')
    .select(['o.name as occupation_name', 'o.code as occupation_code'])
    .where('s.occupation_id', '=', occupationId)
    .orderBy('s.level', 'desc')
    .execute();
  return rows.map(toStandard);
}

export interface StandardInput {
  edition: string;
  parts: ('theory' | 'practical' | 'panel')[];
  passMark: number;
  minutes: { theory: number; practical: number; panel: number };
  staffing: {
    invigilatorRatio: number;
    minInvigilators: number;
    examinerRatio: number;
    minExaminers: number;
    minPanel: number;
  };
  eligibility: EligibilityRoute[];
}

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
    const occ = await trx.selectFrom('occupations').select('id').where('id', '=', occupationId).executeTakeFirst();
    if (!occ) throw new AppError('OCCUPATION_NOT_FOUND');
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
    if (before) await trx.updateTable('occupation_standards').set(row).where('id', '=', before.id).execute();
    else
      await trx
        .insertInto('occupation_standards')
        .values({ ...row, occupation_id: occupationId, level })
        .execute();
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
