/**
 * The opening checks of a class (开班申请), as a list of named checks (key, rule, ok, message): the
 * form shows them live, submission and approval refuse on the first that fails (listing all), and
 * the official reviewing an application sees them as they stand. Every fact comes from the
 * platform's records: the catalogue and its scope, the annual inspection, rectification periods
 * (TRAIN-8), cross-region filings (TRAIN-13), registered trainers (TRAIN-12), the filed evaluation
 * institutions that certify the occupation (TRAIN-3, TRAIN-9) and the province's per-occupation
 * settings; the plan's numbers are checked by the shared pure rule (TRAIN-2, contract/training.ts).
 */
import type { Kysely } from 'kysely';
import type { ErrorCode } from '../../../../contract/errors.js';
import { MIN_COMPLETION_ONLY_HOURS } from '../../../../contract/limits.js';
import { LEVELS } from '../../../../contract/levels.js';
import {
  apprenticeCap,
  CERTIFICATE_ROUTES,
  CERTIFICATE_ROUTES_EN,
  classPlanChecks,
  type CertificateRoute,
  type ClassCheck,
  type ClassMode,
  type ClassType,
} from '../../../../contract/training.js';
import type { DB } from '../../database/schema.js';
import { AppError } from '../../lib/errors.js';
import { isolate, pick, type Lang } from '../../lib/lang.js';
import { certifiedLevels } from '../institutions/catalog.queries.js';
import { getRegion } from '../regions/regions.queries.js';
import { apprenticePlaces } from './classes.queries.js';
import { approvedFilingCovering } from './filings.queries.js';
import { inScope, inspectionOf, type ProviderRow } from './providers.queries.js';
import { rectificationOn } from './rectifications.service.js';
import { occupationSetting } from './settings.service.js';
import { activeTrainersOfOccupation } from './trainers.queries.js';
import { cityUnitOf } from './training.rules.js';
import { getOccupation } from '../occupations/occupations.queries.js';

/** A class as applied for: what the checks read. */
export interface ClassDraft {
  /** the class itself when it exists (left out of the apprentice count) */
  id: number | null;
  occupationId: number;
  level: number | null;
  classType: ClassType;
  subsidised: boolean;
  mode: ClassMode;
  theoryHours: number;
  practicalHours: number;
  minutesPerHour: number;
  teachers: number;
  workstations: number;
  capacity: number;
  startDate: string;
  endDate: string;
  regionCode: string;
  majors: readonly string[];
}

/** A check with the error code its failure is refused with. */
export interface ServerCheck extends ClassCheck {
  code: ErrorCode;
}

const check = (c: ServerCheck) => c;
const levelName = (d: number) => LEVELS.find((l) => l.digit === d)?.name ?? String(d);
const levelNameEn = (d: number) => LEVELS.find((l) => l.digit === d)?.nameEn ?? String(d);
const SOURCE = '许技领办〔2021〕4号';

/** What a class in this occupation leads to, and the levels a skill-level certificate can be obtained at. */
export async function certificateRouteOf(db: Kysely<DB>, occupationId: number) {
  const [levels, setting] = await Promise.all([certifiedLevels(db, occupationId), occupationSetting(db, occupationId)]);
  const route: CertificateRoute = levels.length ? 'skill_level' : (setting?.other_certificate ?? 'completion');
  return {
    route,
    levels,
    minHours: setting?.min_hours ?? MIN_COMPLETION_ONLY_HOURS,
    offlinePracticalHours: setting?.offline_practical_hours ?? null,
  };
}

/**
 * Every opening check of a class of `provider` on business date `today`, in the order a refusal
 * names them. `stage` words the TRAIN-1 check for the form and submission, or for approval.
 */
export async function classChecks(
  db: Kysely<DB>,
  provider: ProviderRow,
  d: ClassDraft,
  today: string,
  stage: 'apply' | 'approve' = 'apply',
  /** the reader's language (Accept-Language): names stay as they are, set apart */
  lang: Lang = 'zh',
): Promise<{ certificateRoute: CertificateRoute; checks: ServerCheck[] }> {
  const checks: ServerCheck[] = [];
  const L = (zh: string, en: string) => pick(lang, zh, en);
  const N = (name: string) => (lang === 'en' ? isolate(name) : name);
  const level = (d: number) => (lang === 'en' ? levelNameEn(d) : levelName(d));
  const [occupation, site, route] = await Promise.all([
    getOccupation(db, d.occupationId),
    getRegion(db, d.regionCode),
    certificateRouteOf(db, d.occupationId),
  ]);
  const occName = occupation?.name ?? `#${d.occupationId}`;

  checks.push(
    check({
      key: 'catalogue',
      rule: null,
      code: 'PROVIDER_NOT_LISTED',
      ok: provider.status === 'listed',
      message:
        provider.status === 'listed'
          ? L(`${provider.name} 在培训机构目录清单内`, `${N(provider.name)} is in the training provider catalogue`)
          : L(
              `${provider.name} 已于 ${provider.exited_on} 退出培训机构目录清单（${provider.exit_reason ?? ''}），不能开班`,
              `${N(provider.name)} left the training provider catalogue on ${provider.exited_on} (${N(provider.exit_reason ?? '')}): it cannot open classes`,
            ),
    }),
  );
  const scoped = occupation ? await inScope(db, provider.id, d.occupationId) : false;
  checks.push(
    check({
      key: 'scope',
      rule: null,
      code: 'OCCUPATION_NOT_IN_TRAINING_SCOPE',
      field: '/occupationId',
      ok: scoped,
      message: scoped
        ? L(
            `${occName} 在本机构的培训职业（工种）范围内`,
            `${N(occName)} is among this provider's training occupations`,
          )
        : L(
            `${occName} 不在本机构目录清单的培训职业（工种）范围内；培训职业变更须报人社部门纳入后方可承担补贴性培训（${SOURCE} 三（二））`,
            `${N(occName)} is not among this provider's catalogued training occupations; a new occupation must be added by the HRSS department before subsidised training (${SOURCE} III(2))`,
          ),
    }),
  );
  if (provider.provider_type === 'private_school' && d.subsidised) {
    const year = Number(today.slice(0, 4)) - 1;
    const ins = await inspectionOf(db, provider.id, year);
    checks.push(
      check({
        key: 'inspection',
        rule: null,
        code: 'INSPECTION_NOT_QUALIFIED',
        ok: ins?.result === 'qualified',
        message:
          ins?.result === 'qualified'
            ? L(`${year} 年度年检合格`, `Passed the ${year} annual inspection`)
            : L(
                `政策性补贴向年检合格的民办职业培训学校开放（${SOURCE} 二（二）16）：${year} 年度${ins ? '年检不合格或基本合格' : '尚未登记年检结果'}`,
                `Subsidised training is open to private training schools that passed the annual inspection (${SOURCE} II(2)16): ${year} ${ins ? 'inspection failed or only basically passed' : 'inspection result not recorded yet'}`,
              ),
      }),
    );
  }
  checks.push(
    check({
      key: 'dates',
      rule: null,
      code: 'CLASS_PLAN_INVALID',
      field: '/endDate',
      ok: d.endDate >= d.startDate,
      message: L(
        `培训期 ${d.startDate} 至 ${d.endDate}${d.endDate >= d.startDate ? '' : '：结束日期早于开班日期'}`,
        `Training from ${d.startDate} to ${d.endDate}${d.endDate >= d.startDate ? '' : ': the end date is before the start date'}`,
      ),
    }),
  );
  const early = d.startDate > today;
  checks.push(
    check({
      key: 'before_start',
      rule: 'TRAIN-1',
      code: 'CLASS_TOO_LATE',
      field: '/startDate',
      ok: early,
      message: early
        ? L(
            `开班日期 ${d.startDate} 在${stage === 'apply' ? '申请' : '批准'}之后（今天 ${today}）`,
            `Start date ${d.startDate} is after the ${stage === 'apply' ? 'application' : 'approval'} (today ${today})`,
          )
        : L(
            `补贴性培训须在开班前${stage === 'apply' ? '申请' : '申请并批准'}：开班日期 ${d.startDate} 已到或已过（今天 ${today}）`,
            `Subsidised training must be ${stage === 'apply' ? 'applied for' : 'applied for and approved'} before it starts: the start date ${d.startDate} has come or passed (today ${today})`,
          ),
    }),
  );
  const rect = (await rectificationOn(db, provider.id, today)) ?? (await rectificationOn(db, provider.id, d.startDate));
  checks.push(
    check({
      key: 'rectification',
      rule: 'TRAIN-8',
      code: 'PROVIDER_IN_RECTIFICATION',
      ok: !rect,
      message: rect
        ? L(
            `满意度低于 85% 的停止培训开班：${provider.name} 整改期 ${rect.starts_on} 至 ${rect.ends_on} 前（${rect.reason}），整改期内不得开班`,
            `A provider below 85% satisfaction opens no classes: ${N(provider.name)} is in rectification from ${rect.starts_on} to ${rect.ends_on} (${N(rect.reason)}) and may not open classes meanwhile`,
          )
        : L('不在满意度整改期内', 'Not in a satisfaction rectification period'),
    }),
  );

  // TRAIN-13: training outside the provider's own city-level unit needs the place's agreement
  if (!site || site.level === 'province') {
    checks.push(
      check({
        key: 'site',
        rule: null,
        code: 'REGION_NOT_FOUND',
        field: '/regionCode',
        ok: false,
        message: site
          ? L('培训地点须选择到市或县（区）', 'Choose the training place down to a city or county (district)')
          : L(`行政区划 ${d.regionCode} 不存在`, `Region ${d.regionCode} does not exist`),
      }),
    );
  } else {
    const siteUnit = cityUnitOf(site.path)!;
    const homeUnit = cityUnitOf(provider.region_path);
    if (siteUnit === homeUnit) {
      checks.push(
        check({
          key: 'cross_region',
          rule: 'TRAIN-13',
          code: 'CROSS_REGION_NOT_FILED',
          ok: true,
          message: L(
            `培训地点（${site.name}）在本机构所在市范围内，无需跨区域报备`,
            `The training place (${N(site.name)}) is in the provider's own city: no cross-region filing needed`,
          ),
        }),
      );
    } else {
      const unitName = (await getRegion(db, siteUnit))?.name ?? siteUnit;
      const filing = await approvedFilingCovering(db, provider.id, siteUnit, d.startDate, d.endDate);
      checks.push(
        check({
          key: 'cross_region',
          rule: 'TRAIN-13',
          code: 'CROSS_REGION_NOT_FILED',
          field: '/regionCode',
          ok: !!filing,
          message: filing
            ? L(
                `跨区域培训已向${unitName}人社部门报备同意（${filing.valid_from} 至 ${filing.valid_until}）`,
                `Cross-region training agreed by the HRSS department of ${N(unitName)} (${filing.valid_from} to ${filing.valid_until})`,
              )
            : L(
                `培训地点在${unitName}（${site.name}），不在本机构所在市：跨区域培训须先向${unitName}人社部门报备同意，报备期限须覆盖 ${d.startDate} 至 ${d.endDate}`,
                `The training place is in ${N(unitName)} (${N(site.name)}), outside the provider's city: cross-region training needs the agreement of the HRSS department of ${N(unitName)} first, covering ${d.startDate} to ${d.endDate}`,
              ),
        }),
      );
    }
  }

  checks.push(
    ...classPlanChecks(d, route.route === 'completion' ? route.minHours : null, lang).map((c) =>
      check({ ...c, code: 'CLASS_PLAN_INVALID' }),
    ),
  );

  if (route.route === 'skill_level') {
    const available = route.levels.map((l) => level(l)).join(L('、', ', '));
    const ok = d.level !== null && route.levels.includes(d.level);
    checks.push(
      check({
        key: 'level',
        rule: 'TRAIN-9',
        code: 'CLASS_PLAN_INVALID',
        field: '/level',
        ok,
        message: ok
          ? L(
              `培训后参加${occName}${levelName(d.level!)}职业技能等级认定`,
              `After training, trainees take the ${N(occName)} ${level(d.level!)} skill-level evaluation`,
            )
          : d.level === null
            ? L(
                `${occName}可取得职业技能等级证书（本省已备案机构认定 ${available}）：须注明培训等级，学员参加等级认定`,
                `${N(occName)} leads to a skill-level certificate (filed institutions in the province evaluate ${available}): state the training level; trainees take the evaluation`,
              )
            : L(
                `本省尚无已备案的评价机构认定${occName}${levelName(d.level)}（可认定：${available}）`,
                `No filed institution in the province evaluates ${N(occName)} ${level(d.level)} yet (available: ${available})`,
              ),
      }),
    );
  } else {
    checks.push(
      check({
        key: 'certificate',
        rule: route.route === 'completion' ? 'TRAIN-3' : null,
        code: 'CLASS_PLAN_INVALID',
        ok: true,
        message:
          route.route === 'completion'
            ? L(
                `${occName}暂无可取得的职业技能等级证书或其他证书：培训后颁发培训合格证书`,
                `${N(occName)} has no skill-level or other certificate to obtain: a training completion certificate is issued after training`,
              )
            : L(
                `${occName}培训后取得${CERTIFICATE_ROUTES[route.route]}`,
                `After training, ${N(occName)} trainees obtain a ${CERTIFICATE_ROUTES_EN[route.route]}`,
              ),
      }),
    );
  }

  if (d.classType === 'apprenticeship' && occupation) {
    const teachers = await activeTrainersOfOccupation(db, provider.id, d.occupationId);
    const others = await apprenticePlaces(db, provider.id, d.occupationId, d.startDate, d.endDate, d.id);
    const cap = apprenticeCap(teachers);
    const total = others + d.capacity;
    checks.push(
      check({
        key: 'apprentices',
        rule: 'TRAIN-12',
        code: 'APPRENTICE_CAP_EXCEEDED',
        field: '/capacity',
        ok: total <= cap,
        message: L(
          `企业新型学徒制${occName}同期培训 ${total} 人${others ? `（含本机构其他班次 ${others} 人）` : ''}，上限为本机构该职业专职教师 ${teachers} 名 × 20 = ${cap} 人`,
          `New-style enterprise apprenticeship in ${N(occName)}: ${total} trainees at a time${others ? ` (${others} in the provider's other classes)` : ''}; the limit is the provider's ${teachers} full-time teachers of the occupation × 20 = ${cap}`,
        ),
      }),
    );
  }
  if (d.mode === 'online' && route.offlinePracticalHours !== null) {
    const ok = d.practicalHours >= route.offlinePracticalHours;
    checks.push(
      check({
        key: 'offline_practical',
        rule: 'TRAIN-11',
        code: 'CLASS_PLAN_INVALID',
        field: '/practicalHours',
        ok,
        message: L(
          `${occName}线上培训须开展不少于 ${route.offlinePracticalHours} 学时的线下实训（本班实操 ${d.practicalHours} 学时）`,
          `Online ${N(occName)} training needs at least ${route.offlinePracticalHours} hours of on-site practice (this class: ${d.practicalHours} practical hours)`,
        ),
      }),
    );
  }
  return { certificateRoute: route.route, checks };
}

/** The refusal for the failing checks (the first one's code and rule; all listed), or null when all pass. */
export function refusalOf(checks: readonly ServerCheck[]): AppError | null {
  const failed = checks.filter((c) => !c.ok);
  if (!failed.length) return null;
  const first = failed[0];
  return new AppError(
    first.code,
    (first.code === 'CLASS_PLAN_INVALID' ? '开班申请不符合规定：' : '') + failed.map((f) => f.message).join('；'),
    {
      rule: first.rule ?? undefined,
      details: failed.map((f) => ({
        field: f.field ?? `/${f.key}`,
        message: `${f.rule ? `${f.rule} ` : ''}${f.message}`,
      })),
    },
  );
}

/** The checks as the API shows them (without the server's error codes). */
export const publicChecks = (checks: readonly ServerCheck[]): ClassCheck[] => checks.map(({ code: _code, ...c }) => c);
