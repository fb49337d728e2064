/**
 * Targets, progress, the dashboard and monthly reports (TGT-1…4, SUP-3, CERT-8, CERT-9): request
 * and response schemas. Metric keys and labels: contract/targets.ts.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Enum, IsoDate, Nullable, StrictObject } from './api.js';
import { YEAR_MAX } from './limits.js';
import { METRIC_KEYS, MONTH_PATTERN, TARGET_METRICS, UNIT_PATTERN, type MetricKey } from './targets.js';

export const TARGET_YEAR_MIN = 2020; // the campaign (人人持证、技能河南) began in 2021; 2020 for a baseline
export const TARGET_VALUE_MAX = 100_000_000; // above any province's figure (Henan 2025: 4.5 M training)
export const REPORT_NOTE_MAX_LENGTH = 500;

const Year = Type.Integer({ minimum: TARGET_YEAR_MIN, maximum: YEAR_MAX });
const Unit = Type.String({ pattern: UNIT_PATTERN, description: 'R<行政区划代码> 或 I<机构编号>' });
const Month = Type.String({ pattern: MONTH_PATTERN, description: 'YYYY-MM' });
export const MetricSchema = Enum(METRIC_KEYS as unknown as readonly MetricKey[]);
export const TargetMetricSchema = Enum(TARGET_METRICS as unknown as readonly MetricKey[]);

const StandingSchema = Enum(['done', 'on_track', 'at_risk', 'no_target'] as const, {
  description:
    'done 已完成 · on_track 不低于序时进度 · at_risk 低于序时进度（按当前进度到 11 月 30 日完不成） · no_target 未下达任务',
});
export const FigureSchema = Type.Object({
  actual: Nullable(Type.Number({ description: '完成数；coverage 为百分比；null：不适用或名册未导入' })),
  target: Nullable(Type.Number()),
  completion: Nullable(Type.Number({ description: '完成率 %，一位小数' })),
  standing: StandingSchema,
});
export const FiguresSchema = Type.Object(
  Object.fromEntries(METRIC_KEYS.map((k) => [k, FigureSchema])) as Record<MetricKey, typeof FigureSchema>,
);
export type Figures = Static<typeof FiguresSchema>;

export const UnitLevelSchema = Enum(['province', 'city', 'county', 'school'] as const);
export const UnitProgressSchema = Type.Object({
  unit: Type.String(),
  name: Type.String(),
  level: UnitLevelSchema,
  parent: Nullable(Type.String()),
  directCounty: Type.Boolean(),
  regionCode: Type.String(),
  figures: FiguresSchema,
  coverage: Type.Object({ total: Type.Integer(), certified: Type.Integer() }),
});
export type UnitProgress = Static<typeof UnitProgressSchema>;

const GapSchema = Nullable(
  Type.Object({ sum: Type.Number(), gap: Type.Number(), state: Enum(['short', 'excess', 'even'] as const) }),
);

export const ProgressQuery = StrictObject({
  unit: Type.Optional(Unit),
  year: Type.Optional(Year),
});
export type ProgressQuery = Static<typeof ProgressQuery>;

/** The targets page: a unit, its children, each metric's target and progress, and how the children's targets add up. */
export const TargetsViewSchema = Type.Object({
  year: Type.Integer(),
  asOf: IsoDate,
  unit: UnitProgressSchema,
  breadcrumb: Type.Array(Type.Object({ unit: Type.String(), name: Type.String() })),
  children: Type.Array(UnitProgressSchema),
  gaps: Type.Object(
    Object.fromEntries(TARGET_METRICS.map((k) => [k, GapSchema])) as Record<MetricKey, typeof GapSchema>,
  ),
  /** may the caller set this unit's own targets / its children's */
  mayEditSelf: Type.Boolean(),
  mayEditChildren: Type.Boolean(),
  /** metrics whose records are not on the platform yet: shown as 未接入 (none today; training is connected) */
  unconnected: Type.Array(MetricSchema),
});
export type TargetsView = Static<typeof TargetsViewSchema>;

export const TargetPutBody = StrictObject({
  year: Year,
  unit: Unit,
  metric: TargetMetricSchema,
  value: Nullable(
    Type.Integer({ minimum: 0, maximum: TARGET_VALUE_MAX, description: 'null 清除；coverage 为百分比 0–100' }),
  ),
});
export type TargetPutBody = Static<typeof TargetPutBody>;
export const TargetPutResultSchema = Type.Object({
  unit: Type.String(),
  metric: Type.String(),
  value: Nullable(Type.Number()),
  previous: Nullable(Type.Number()),
});

export const TargetImportResultSchema = Type.Object({
  year: Type.Integer(),
  rows: Type.Integer(),
  changed: Type.Integer(),
});

export const DashboardSchema = Type.Object({
  year: Type.Integer(),
  asOf: IsoDate,
  deadline: IsoDate,
  /** the straight line's share of the year's task by asOf, % (TGT-2) */
  expected: Type.Number(),
  unit: UnitProgressSchema,
  breadcrumb: Type.Array(Type.Object({ unit: Type.String(), name: Type.String() })),
  children: Type.Array(UnitProgressSchema),
  /** monthly cumulative figures of the unit against the straight line to 30 November, per flow metric */
  trend: Type.Array(
    Type.Object({
      month: Type.String(),
      values: Type.Record(Type.String(), Type.Number()),
      line: Type.Record(Type.String(), Nullable(Type.Number())),
    }),
  ),
  /** the year-end count if the run rate goes on, per flow metric */
  forecast: Type.Record(Type.String(), Type.Number()),
  /** every unit below at risk on some metric, worst first */
  atRisk: Type.Array(
    Type.Object({
      unit: Type.String(),
      name: Type.String(),
      level: UnitLevelSchema,
      metric: MetricSchema,
      actual: Type.Number(),
      target: Type.Number(),
      completion: Type.Number(),
    }),
  ),
  unconnected: Type.Array(MetricSchema),
});
export type Dashboard = Static<typeof DashboardSchema>;

// ---------------------------------------------------------------- monthly reports (TGT-3, SUP-3)
export const ReportQuery = StrictObject({ unit: Type.Optional(Unit), month: Month });
export type ReportQuery = Static<typeof ReportQuery>;

const ReportLine = Type.Object({
  unit: Type.String(),
  name: Type.String(),
  level: UnitLevelSchema,
  figures: FiguresSchema,
  /** the month's own increase of each flow metric */
  month: Type.Record(Type.String(), Type.Number()),
  coverage: Type.Object({ total: Type.Integer(), certified: Type.Integer() }),
});
export const ReportFiguresSchema = Type.Object({
  unit: ReportLine,
  children: Type.Array(ReportLine),
  /** figures counted at this level itself, not in any child (institutions located at the region's own code) */
  ownLevel: Type.Record(Type.String(), Type.Number()),
});
export type ReportFigures = Static<typeof ReportFiguresSchema>;

export const ReportStatusSchema = Type.Object({
  unit: Type.String(),
  name: Type.String(),
  level: UnitLevelSchema,
  submittedAt: Nullable(Type.String()),
  late: Type.Boolean(),
  overdue: Type.Boolean(),
  delayRecorded: Type.Boolean(),
});

export const MonthlyReportSchema = Type.Object({
  month: Type.String(),
  asOf: IsoDate,
  dueOn: IsoDate,
  year: Type.Integer(),
  /** submitted: the frozen snapshot; else the figures as they are now */
  figures: ReportFiguresSchema,
  submission: Nullable(
    Type.Object({
      at: Type.String(),
      by: Nullable(Type.String()),
      late: Type.Boolean(),
      note: Nullable(Type.String()),
    }),
  ),
  /** for a submitted report: what later corrections changed against the snapshot */
  differences: Type.Array(
    Type.Object({
      unit: Type.String(),
      name: Type.String(),
      metric: MetricSchema,
      submitted: Nullable(Type.Number()),
      now: Nullable(Type.Number()),
    }),
  ),
  /** the reporting duty of the units below (SUP-3) */
  children: Type.Array(ReportStatusSchema),
  maySubmit: Type.Boolean(),
  unconnected: Type.Array(MetricSchema),
});
export type MonthlyReport = Static<typeof MonthlyReportSchema>;

export const ReportSubmitBody = StrictObject({
  month: Month,
  note: Type.Optional(Type.String({ maxLength: REPORT_NOTE_MAX_LENGTH })),
});
export const ReportSubmitResultSchema = Type.Object({
  unit: Type.String(),
  month: Type.String(),
  submittedAt: Type.String(),
  late: Type.Boolean(),
  /** the delay entered into the institution's credit record (INST-8) */
  creditRecorded: Type.Boolean(),
});
export const ReportDelaysBody = StrictObject({ month: Month });
export const ReportDelaysResultSchema = Type.Object({
  month: Type.String(),
  recorded: Type.Array(Type.Object({ unit: Type.String(), name: Type.String() })),
});

export const AssessmentSheetQuery = StrictObject({ unit: Type.Optional(Unit), year: Year });

// ---------------------------------------------------------------- graduating classes (CERT-9)
export const GraduatingClassFields = StrictObject({
  graduationYear: Type.Integer({ minimum: TARGET_YEAR_MIN, maximum: YEAR_MAX }),
});
export const GraduatingClassResultSchema = Type.Object({
  graduationYear: Type.Integer(),
  students: Type.Integer(),
  newPeople: Type.Integer(),
});
export const GraduatingClassesSchema = Type.Array(
  Type.Object({ year: Type.Integer(), students: Type.Integer(), importedAt: Nullable(Type.String()) }),
);
