/**
 * Targets and progress (取证任务与进度, TGT-1…4, CERT-8, CERT-9): the metrics as data — one entry
 * per figure, read by the server (what to count, from which source) and the web (labels, units).
 * A new figure is one more entry here and one more source on the server (training person-times
 * came that way). Exact definitions: docs/METRICS.md.
 */

/** How a metric adds up: `flow` counts events dated in the year up to a day; `stock` counts what stands on a day; `rate` is a percentage. */
export type MetricKind = 'flow' | 'stock' | 'rate';

export interface MetricInfo {
  label: string;
  labelEn: string;
  /** the unit shown after a figure */
  unit: string;
  unitEn: string;
  kind: MetricKind;
  /** a unit may be given a yearly target for it (TGT-1) */
  targetable: boolean;
  /** the kinds of unit it applies to: a region (province → county) or a school */
  units: readonly UnitKind[];
  /** the rule behind it */
  rule: string;
  /** what the figure counts, in one line (docs/METRICS.md has the full definition) */
  note: string;
}

export type UnitKind = 'region' | 'institution';

export const METRICS = {
  training: {
    label: '职业技能培训',
    labelEn: 'Training',
    unit: '人次',
    unitEn: 'person-times',
    kind: 'flow',
    targetable: true,
    units: ['region', 'institution'],
    rule: 'TGT-1',
    note: '结业考核合格的培训人次（培训模块登记的结业考核，按考核日期和开班机构所在地统计）',
  },
  certified: {
    label: '取证人数',
    labelEn: 'Certified people',
    unit: '人',
    unitEn: 'people',
    kind: 'flow',
    targetable: true,
    units: ['region', 'institution'],
    rule: 'TGT-1',
    note: '当年取得有效职业技能等级证书的人数，一人一年只计一次，计入其当年第一张有效证书的发证机构',
  },
  high_skill: {
    label: '其中高技能人才',
    labelEn: 'of whom high-skill',
    unit: '人',
    unitEn: 'people',
    kind: 'flow',
    targetable: true,
    units: ['region', 'institution'],
    rule: 'CERT-1',
    note: '取证人数中当年取得三级/高级工及以上有效证书的人数，计入其当年第一张三级及以上证书的发证机构',
  },
  certificates: {
    label: '颁发证书',
    labelEn: 'Certificates issued',
    unit: '本',
    unitEn: 'certificates',
    kind: 'flow',
    targetable: false,
    units: ['region', 'institution'],
    rule: 'CERT-8',
    note: '当年颁发、至统计日仍有效的职业技能等级证书本数（撤销、暂停的不计）',
  },
  institutions: {
    label: '备案评价机构',
    labelEn: 'Filed institutions',
    unit: '家',
    unitEn: 'institutions',
    kind: 'stock',
    targetable: true,
    units: ['region'],
    rule: 'TGT-1',
    note: '统计日处于备案状态（含限期整改、暂停）的评价机构数，按机构所在地',
  },
  coverage: {
    label: '毕业生持证率',
    labelEn: 'Graduates certified',
    unit: '%',
    unitEn: '%',
    kind: 'rate',
    targetable: true,
    units: ['region', 'institution'],
    rule: 'CERT-9',
    note: '院校导入的当年毕业生名册中，至统计日持有有效职业技能等级证书或 1+X 证书的学生所占比例',
  },
  one_plus_x: {
    label: '1+X 证书',
    labelEn: '1+X certificates',
    unit: '本',
    unitEn: 'certificates',
    kind: 'flow',
    targetable: true,
    units: ['region', 'institution'],
    rule: 'CERT-8',
    note: '当年发证、由院校登记的 1+X 证书本数，与职业技能等级证书分开统计、分开考核',
  },
} as const satisfies Record<string, MetricInfo>;

export type MetricKey = keyof typeof METRICS;
export const METRIC_KEYS = Object.keys(METRICS) as MetricKey[];
export const TARGET_METRICS = METRIC_KEYS.filter((k) => METRICS[k].targetable);

/** TGT-2: the year's task is due by 30 November (a date in China Standard Time). */
export const DEADLINE_MONTH_DAY = '11-30';
export const deadlineOf = (year: number) => `${year}-${DEADLINE_MONTH_DAY}`;
/**
 * SUP-3: a month's report is due by this day of the next month. The seeds fix no day (月报制度);
 * the 5th is this platform's setting, one place to change it.
 */
export const REPORT_DUE_DAY = 5;

/** A unit key: `R410100` a region, `I12` an institution (school). */
export const regionUnit = (code: string) => `R${code}`;
export const institutionUnit = (id: number) => `I${id}`;
export const UNIT_PATTERN = '^(R\\d{6}|I\\d{1,9})$';
export function parseUnit(unit: string): { kind: 'region'; code: string } | { kind: 'institution'; id: number } | null {
  if (/^R\d{6}$/.test(unit)) return { kind: 'region', code: unit.slice(1) };
  if (/^I\d{1,9}$/.test(unit)) return { kind: 'institution', id: Number(unit.slice(1)) };
  return null;
}

/** `YYYY-MM` → its last day, `YYYY-MM-DD`. */
export function lastDayOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m, 0));
  return `${month}-${String(d.getUTCDate()).padStart(2, '0')}`;
}
/** SUP-3: the day a month's report is due (REPORT_DUE_DAY of the next month). */
export function reportDueOn(month: string): string {
  const [y, m] = month.split('-').map(Number);
  const ny = m === 12 ? y + 1 : y;
  const nm = m === 12 ? 1 : m + 1;
  return `${ny}-${String(nm).padStart(2, '0')}-${String(REPORT_DUE_DAY).padStart(2, '0')}`;
}
export const MONTH_PATTERN = '^\\d{4}-(0[1-9]|1[0-2])$';
