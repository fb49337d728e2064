/**
 * Hours that count (培训过程管理, seed 002 二（四）20 and 三（二）): the words of the schedule,
 * attendance, recordings, spot checks and online study records, and the pure rules that decide
 * whether a class hour counts for a trainee. The server computes every summary with these; the web
 * shows the same words.
 * - TRAIN-4: 理论教学须全程录像，实操培训每学时连续录像不低于15分钟 — a class hour without its
 *   recording does not count.
 * - TRAIN-10: 培训开班实到人数视为开班人数 … 履行书面请假手续的，可在结业考核前通过补课等方式完成
 *   规定课程，并计入培训到课率 — present or made up before the final assessment counts.
 * - TRAIN-11: online study with an anomaly (快进播放、多窗口学习、连续5分钟内无弹窗管控、无法进行人脸
 *   活体比对、不按内容先后顺序、每课时无随机保留影像照片) 视同培训无效.
 * - 实地检查少于开班人员的按检查在位平均人数作为本次培训数 (seed 002 三（二）).
 */
import { MIN_PRACTICAL_RECORDING_MINUTES, ONLINE_CHECK_INTERVAL_MINUTES } from './limits.js';

/** The language a verdict's words are in (the caller's, `ctx.lang` on the server). */
export type HoursLang = 'zh' | 'en';
const say = (lang: HoursLang) => (zh: string, en: string) => (lang === 'en' ? en : zh);

export const SESSION_KINDS = { theory: '理论', practical: '实操' } as const;
export type SessionKind = keyof typeof SESSION_KINDS;
export const SESSION_KINDS_EN: Record<SessionKind, string> = { theory: 'theory', practical: 'practical' };
export const DELIVERIES = { offline: '线下', online: '线上' } as const;
export type Delivery = keyof typeof DELIVERIES;
export const DELIVERIES_EN: Record<Delivery, string> = { offline: 'in person', online: 'online' };

/** TRAIN-10: a trainee's mark for one class hour. */
export const ATTENDANCE_STATUSES = {
  present: '出勤',
  absent: '缺勤',
  leave: '请假（书面）',
  makeup: '请假已补课',
} as const;
export type AttendanceStatus = keyof typeof ATTENDANCE_STATUSES;
export const ATTENDANCE_STATUSES_EN: Record<AttendanceStatus, string> = {
  present: 'present',
  absent: 'absent',
  leave: 'on leave (written)',
  makeup: 'made up after leave',
};
/** An attendance status in the reader's language. */
export const attendanceStatusText = (s: AttendanceStatus, lang: HoursLang = 'zh') =>
  lang === 'en' ? ATTENDANCE_STATUSES_EN[s] : ATTENDANCE_STATUSES[s];

/** TRAIN-11: the anomalies that make an online study record invalid (视同培训无效). */
export const ONLINE_FLAGS = {
  fast_forward: '快进播放',
  multi_window: '多窗口学习',
  no_check: `连续${ONLINE_CHECK_INTERVAL_MINUTES}分钟内无弹窗管控`,
  no_liveness: '无法进行人脸活体比对',
  out_of_order: '未按内容先后顺序学习',
  no_photo: '本课时无随机保留影像照片',
} as const;
export type OnlineFlag = keyof typeof ONLINE_FLAGS;
export const ONLINE_FLAGS_EN: Record<OnlineFlag, string> = {
  fast_forward: 'played fast-forward',
  multi_window: 'studied in several windows',
  no_check: `no pop-up check within ${ONLINE_CHECK_INTERVAL_MINUTES} minutes`,
  no_liveness: 'no live face match possible',
  out_of_order: 'not studied in the order of the content',
  no_photo: 'no random photo kept for this class hour',
};
/** An online-study anomaly in the reader's language. */
export const onlineFlagText = (f: OnlineFlag, lang: HoursLang = 'zh') =>
  lang === 'en' ? ONLINE_FLAGS_EN[f] : ONLINE_FLAGS[f];
export const ONLINE_FLAG_KEYS = Object.keys(ONLINE_FLAGS) as OnlineFlag[];

export const CLOCK_PATTERN = '^([01]\\d|2[0-3]):[0-5]\\d$';
/** 'HH:MM' → minutes after midnight. */
export const clockMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
/** minutes after midnight → 'HH:MM' (wraps at midnight). */
export const clockOf = (minutes: number) => {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

export interface Segment {
  /** HH:MM on the class hour's day */
  startsAt: string;
  minutes: number;
}
export interface RecordingVerdict {
  ok: boolean;
  /** minutes of the class hour the recording covers */
  coveredMinutes: number;
  /** the longest continuous stretch inside the class hour */
  longestMinutes: number;
  message: string;
}

/**
 * TRAIN-4 on one class hour: theory counts only when recorded from its first to its last minute;
 * practical only with at least 15 continuous minutes; no recording, no hour. Segments are clipped to
 * the class hour; touching or overlapping segments are one continuous stretch.
 */
export function recordingVerdict(
  session: { kind: SessionKind; startsAt: string; minutes: number },
  segments: readonly Segment[] | null,
  lang: HoursLang = 'zh',
): RecordingVerdict {
  const L = say(lang);
  if (!segments)
    return {
      ok: false,
      coveredMinutes: 0,
      longestMinutes: 0,
      message: L('无课时录像，该课时不计（TRAIN-4）', 'No recording of this class hour: it does not count (TRAIN-4)'),
    };
  const from = clockMinutes(session.startsAt);
  const to = from + session.minutes;
  const spans = segments
    .map((s) => [Math.max(from, clockMinutes(s.startsAt)), Math.min(to, clockMinutes(s.startsAt) + s.minutes)])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const merged: number[][] = [];
  for (const [a, b] of spans) {
    const last = merged[merged.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  const coveredMinutes = merged.reduce((n, [a, b]) => n + b - a, 0);
  const longestMinutes = merged.reduce((n, [a, b]) => Math.max(n, b - a), 0);
  if (session.kind === 'theory') {
    const ok = coveredMinutes >= session.minutes;
    return {
      ok,
      coveredMinutes,
      longestMinutes,
      message: ok
        ? L(`理论课全程录像（${session.minutes} 分钟）`, `Theory recorded throughout (${session.minutes} min)`)
        : L(
            `理论教学须全程录像：本课时 ${session.minutes} 分钟，录像只覆盖 ${coveredMinutes} 分钟，该课时不计（TRAIN-4）`,
            `Theory must be recorded throughout: the class hour is ${session.minutes} min, the recording covers ${coveredMinutes} min, so it does not count (TRAIN-4)`,
          ),
    };
  }
  const ok = longestMinutes >= MIN_PRACTICAL_RECORDING_MINUTES;
  return {
    ok,
    coveredMinutes,
    longestMinutes,
    message: ok
      ? L(`实操连续录像 ${longestMinutes} 分钟`, `Practical recorded for ${longestMinutes} continuous min`)
      : L(
          `实操培训每学时连续录像不低于 ${MIN_PRACTICAL_RECORDING_MINUTES} 分钟：最长连续 ${longestMinutes} 分钟，该课时不计（TRAIN-4）`,
          `Practical training needs at least ${MIN_PRACTICAL_RECORDING_MINUTES} continuous minutes of recording per class hour: the longest stretch is ${longestMinutes} min, so it does not count (TRAIN-4)`,
        ),
  };
}

/**
 * TRAIN-10 on one mark: present counts; a class hour missed on written leave counts once made up
 * before the final assessment (结业考核前); absent, leave not yet made up, or a make-up on or after
 * the assessment day does not.
 */
export function attendanceVerdict(
  a: { status: AttendanceStatus; makeupOn: string | null } | null,
  assessedOn: string | null,
  lang: HoursLang = 'zh',
): { ok: boolean; message: string } {
  const L = say(lang);
  if (!a) return { ok: false, message: L('未登记考勤', 'No attendance recorded') };
  if (a.status === 'present') return { ok: true, message: L('出勤', 'Present') };
  if (a.status === 'absent') return { ok: false, message: L('缺勤', 'Absent') };
  if (a.status === 'leave')
    return {
      ok: false,
      message: L(
        '请假，尚未补课（结业考核前补课可计入，TRAIN-10）',
        'On leave, not made up yet (a make-up before the final assessment counts, TRAIN-10)',
      ),
    };
  if (assessedOn && (!a.makeupOn || a.makeupOn >= assessedOn))
    return {
      ok: false,
      message: L(
        `补课（${a.makeupOn ?? '日期不明'}）不在结业考核（${assessedOn}）之前，不计入（TRAIN-10）`,
        `The make-up (${a.makeupOn ?? 'date unknown'}) was not before the final assessment (${assessedOn}), so it does not count (TRAIN-10)`,
      ),
    };
  return {
    ok: true,
    message: L(
      `请假后于 ${a.makeupOn} 补课，计入（TRAIN-10）`,
      `Made up on ${a.makeupOn} after leave: counts (TRAIN-10)`,
    ),
  };
}

/** TRAIN-11 on one online study record: any anomaly makes it invalid. */
export function onlineVerdict(flags: readonly OnlineFlag[], lang: HoursLang = 'zh'): { ok: boolean; message: string } {
  const L = say(lang);
  if (!flags.length) return { ok: true, message: L('线上学习记录有效', 'Online study record valid') };
  return {
    ok: false,
    message: L(
      `${flags.map((f) => ONLINE_FLAGS[f]).join('、')}，视同培训无效（TRAIN-11）`,
      `${flags.map((f) => ONLINE_FLAGS_EN[f]).join('; ')}: counted as no training (TRAIN-11)`,
    ),
  };
}

/**
 * Seed 002 三（二）: 培训开班实到人数视为开班人数，实地检查少于开班人员的按检查在位平均人数作为本次
 * 培训数. The class counts the people present at its opening; when any on-site check found fewer, it
 * counts the average present over all checks, rounded down (a person is counted whole or not at all),
 * never more than the opening count.
 */
export function countedHeadcount(opening: number, checks: readonly number[], lang: HoursLang = 'zh') {
  const L = say(lang);
  const fewer = checks.some((n) => n < opening);
  const average = checks.length ? checks.reduce((a, b) => a + b, 0) / checks.length : null;
  if (!fewer || average === null)
    return {
      counted: opening,
      average,
      byChecks: false,
      message: L(
        `开班实到 ${opening} 人${checks.length ? `，实地检查 ${checks.length} 次均不少于开班人数` : ''}，按 ${opening} 人计`,
        `${opening} present at the opening${checks.length ? `; ${checks.length} on-site checks, none found fewer` : ''}: counted as ${opening}`,
      ),
    };
  const counted = Math.min(opening, Math.floor(average));
  return {
    counted,
    average: Math.round(average * 100) / 100,
    byChecks: true,
    message: L(
      `实地检查 ${checks.length} 次在位 ${checks.join('、')} 人，少于开班实到 ${opening} 人：按检查在位平均 ${
        Math.round(average * 100) / 100
      } 人计，取 ${counted} 人`,
      `${checks.length} on-site checks found ${checks.join(', ')} present, fewer than the ${opening} at the opening: counted by the average present, ${
        Math.round(average * 100) / 100
      }, so ${counted}`,
    ),
  };
}
