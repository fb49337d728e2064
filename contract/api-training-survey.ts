/**
 * TRAIN-8: the satisfaction survey after training (seed 002 三（三）“落实培训后同步进行满意度调查，低于85%的
 * 停止培训开班，给予为期一个月的整改期”). Each trainee answers once, anonymously, through a link in a QR
 * code (no sign-in); the provider and the HRSS see the class's aggregate only — never one person's answer.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Enum, Nullable, StrictObject } from './api.js';

/** 总体评价: the satisfaction rate counts 满意 and 基本满意 among the answers. */
export const SURVEY_VERDICTS = {
  satisfied: '满意',
  fair: '基本满意',
  dissatisfied: '不满意',
} as const;
export type SurveyVerdict = keyof typeof SURVEY_VERDICTS;
/** The items each answer scores 1–5. */
export const SURVEY_ITEMS = {
  content: '培训内容实用',
  teaching: '教师授课水平',
  facilities: '实训场地与设备',
  organisation: '培训组织管理',
} as const;
export type SurveyItem = keyof typeof SURVEY_ITEMS;
export const SURVEY_COMMENT_MAX_LENGTH = 500;
/** The survey token in the QR code: 32 url-safe characters (192 random bits). */
export const SURVEY_TOKEN_PATTERN = '^[A-Za-z0-9_-]{32}$';

const Score = Type.Integer({ minimum: 1, maximum: 5 });
export const SurveyVerdictSchema = Enum(Object.keys(SURVEY_VERDICTS) as [SurveyVerdict, ...SurveyVerdict[]]);

export const SurveyTokenParams = Type.Object({ token: Type.String({ pattern: SURVEY_TOKEN_PATTERN }) });

/** What the public page shows before the answer: the class, never the trainee. */
export const PublicSurveySchema = Type.Object({
  classTitle: Type.String(),
  providerName: Type.String(),
  occupationName: Type.String(),
  startDate: Type.String(),
  endDate: Type.String(),
  /** open: may answer now; answered: this code was used; closed: the survey is over; not_yet: training not over */
  state: Enum(['open', 'answered', 'closed', 'not_yet'] as const),
  opensOn: Type.String(),
});
export type PublicSurvey = Static<typeof PublicSurveySchema>;

export const SurveyAnswerBody = StrictObject({
  overall: SurveyVerdictSchema,
  content: Score,
  teaching: Score,
  facilities: Score,
  organisation: Score,
  comment: Type.Optional(Nullable(Type.String({ maxLength: SURVEY_COMMENT_MAX_LENGTH }))),
});
export type SurveyAnswerBody = Static<typeof SurveyAnswerBody>;
export const SurveyAnsweredSchema = Type.Object({ recorded: Type.Literal(true) });

/** A class's survey, aggregated: counts, the rate, average scores and the comments (no names, no times). */
export const SurveySummarySchema = Type.Object({
  classId: Type.Integer(),
  /** the first day trainees may answer (the class's end date: 培训后) */
  opensOn: Type.String(),
  open: Type.Boolean(),
  invited: Type.Integer(),
  answers: Type.Integer(),
  verdicts: Type.Object({ satisfied: Type.Integer(), fair: Type.Integer(), dissatisfied: Type.Integer() }),
  /** (满意 + 基本满意) / answers, 0–100 with one decimal; null without answers */
  ratePercent: Nullable(Type.Number()),
  /** average score per item, one decimal; null without answers */
  averages: Type.Object({
    content: Nullable(Type.Number()),
    teaching: Nullable(Type.Number()),
    facilities: Nullable(Type.Number()),
    organisation: Nullable(Type.Number()),
  }),
  /**
   * the verdicts, rate, averages and comments are shown once the survey is closed (empty/null while
   * open): watching them change as codes are handed out would tie an answer to a person
   */
  comments: Type.Array(Type.String()),
  minPercent: Type.Number(),
  closed: Nullable(
    Type.Object({
      closedOn: Type.String(),
      byName: Nullable(Type.String()),
      /** the rectification month it started (below 85%) */
      rectification: Nullable(Type.Object({ startsOn: Type.String(), endsOn: Type.String() })),
    }),
  ),
  /** the caller is the class's provider: may print the QR codes */
  mayPrint: Type.Boolean(),
  /** the caller is the HRSS of the place and the survey is open: may close it */
  mayClose: Type.Boolean(),
});
export type SurveySummary = Static<typeof SurveySummarySchema>;

/**
 * The provider's sheet of QR codes: one per enrolled trainee, to hand out. Whether a code was used
 * is not shown (only how many answered), so no answer can be tied to whoever handed theirs in.
 */
export const SurveyInviteSchema = Type.Object({
  traineeId: Type.Integer(),
  name: Type.String(),
  url: Type.String(),
  /** the QR code of `url`, as an SVG document */
  qrSvg: Type.String(),
});
export const SurveyInvitesSchema = Type.Object({
  classId: Type.Integer(),
  classTitle: Type.String(),
  opensOn: Type.String(),
  invites: Type.Array(SurveyInviteSchema),
});
export type SurveyInvites = Static<typeof SurveyInvitesSchema>;
