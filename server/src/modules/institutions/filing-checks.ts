/**
 * What a filing application must satisfy besides its workflow state: a valid scope (INST-4), filed
 * specifications where no national standard exists (INST-7) and the prerequisites (INST-3).
 */
import type { Kysely } from 'kysely';
import { PREREQUISITES } from '../../../../contract/institutions.js';
import type { DB } from '../../database/schema.js';
import { AppError } from '../../lib/errors.js';
import { occupationsByIds } from '../occupations/occupations.queries.js';
import { checkPrerequisites } from './filing.rules.js';
import * as q from './filings.queries.js';

export interface ScopeInput {
  occupationId: number;
  level: number;
  specId?: number | null;
}

export async function validateScopes(
  db: Kysely<DB>,
  institutionId: number,
  kind: 'initial' | 'scope_extension',
  scopes: ScopeInput[],
) {
  const seen = new Set<string>();
  const details: { field: string; message: string }[] = [];
  const occs = new Map(
    (await occupationsByIds(db, [...new Set(scopes.map((s) => s.occupationId))])).map((o) => [o.id, o]),
  );
  const specs = new Map(
    (
      await q.specsOfInstitution(
        db,
        institutionId,
        scopes.map((s) => s.specId).filter((x): x is number => !!x),
      )
    ).map((s) => [s.id, s]),
  );
  const granted =
    kind === 'scope_extension'
      ? new Set((await q.scopesOf(db, institutionId)).map((s) => `${s.occupation_id}:${s.level}`))
      : new Set<string>();
  scopes.forEach((s, i) => {
    const key = `${s.occupationId}:${s.level}`;
    const o = occs.get(s.occupationId);
    if (seen.has(key)) details.push({ field: `/scopes/${i}`, message: '重复的职业等级' });
    seen.add(key);
    if (!o || o.active !== 1)
      details.push({ field: `/scopes/${i}/occupationId`, message: `职业 #${s.occupationId} 不存在或已停用` });
    else if (granted.has(key))
      details.push({ field: `/scopes/${i}`, message: `${o.name} ${s.level} 级已在备案范围内` });
    if (s.specId) {
      const spec = specs.get(s.specId);
      if (!spec || spec.institution_id !== institutionId || spec.occupation_id !== s.occupationId)
        details.push({ field: `/scopes/${i}/specId`, message: '评价规范不属于本机构或不对应该职业' });
      else if (!spec.levels.split(',').includes(String(s.level)))
        details.push({ field: `/scopes/${i}/specId`, message: `评价规范不含 ${s.level} 级` });
    }
  });
  if (details.length) {
    const code = details.some((d) => d.message.includes('已在备案范围内'))
      ? 'SCOPE_ALREADY_GRANTED'
      : 'VALIDATION_FAILED';
    throw new AppError(code, `申报范围有误：${details.map((d) => d.message).join('；')}`, { rule: 'INST-4', details });
  }
}

/** INST-7: an occupation without a national standard needs a filed evaluation specification. */
export async function assertSpecsFiled(db: Kysely<DB>, applicationId: number) {
  const scopes = await q.filingScopes(db, applicationId);
  const bad = scopes.filter((s) => s.has_national_standard === 0 && (!s.spec_id || s.spec_status !== 'filed'));
  if (bad.length) {
    throw new AppError(
      'SPEC_NOT_FILED',
      `以下职业没有国家职业技能标准，须使用经省级备案的评价规范：${[...new Set(bad.map((b) => b.occupation_name))].join('、')}`,
      {
        rule: 'INST-7',
        details: bad.map((b) => ({ field: 'scopes', message: `${b.occupation_name} ${b.level} 级：评价规范未备案` })),
      },
    );
  }
}

export async function prerequisitesFor(db: Kysely<DB>, institutionId: number, occupationIds: number[]) {
  const occupations = (await occupationsByIds(db, occupationIds)).map((o) => ({ id: o.id, name: o.name }));
  const facts = await q.prerequisiteFacts(db, institutionId, occupationIds);
  return checkPrerequisites({ ...facts, occupations });
}

/** INST-3: refuses while anything is missing, naming each item. */
export async function assertPrerequisites(db: Kysely<DB>, institutionId: number, applicationId: number) {
  const scopes = await q.filingScopes(db, applicationId);
  const checks = await prerequisitesFor(db, institutionId, [...new Set(scopes.map((s) => s.occupation_id))]);
  const missing = checks.filter((c) => !c.ok);
  if (missing.length) {
    throw new AppError(
      'FILING_PREREQUISITES_MISSING',
      `备案条件不全：${missing.map((m) => `${PREREQUISITES[m.item].label}（${m.missing.join('；')}）`).join('；')}`,
      {
        rule: 'INST-3',
        details: missing.map((m) => ({ field: m.item, message: m.missing.join('；') })),
      },
    );
  }
}
