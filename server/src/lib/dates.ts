/**
 * Business dates. Every date the platform decides on (issue date, the certificate number's year,
 * publicity and working-day deadlines, yearly deadlines, validity) is a calendar date in the
 * business time zone (`BUSINESS_TIME_ZONE`, China Standard Time by default), whatever the server's
 * own TZ; timestamps stay UTC ISO strings. Dates are `YYYY-MM-DD` text, the form every stored
 * business date takes. Nothing here reads the process time zone.
 */
export const DEFAULT_BUSINESS_TIME_ZONE = 'Asia/Shanghai';

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws unless `timeZone` is an IANA zone this runtime knows; returns it. */
export function assertTimeZone(timeZone: string): string {
  try {
    formatter(timeZone);
  } catch {
    throw new Error(`配置项 BUSINESS_TIME_ZONE 不是有效的时区名称（如 Asia/Shanghai），当前为 "${timeZone}"`);
  }
  return timeZone;
}

export interface BusinessParts {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** The wall-clock fields of an instant in a time zone. */
export function businessParts(instant: Date, timeZone: string): BusinessParts {
  const out: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return { year: out.year, month: out.month, day: out.day, hour: out.hour, minute: out.minute };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The calendar date (`YYYY-MM-DD`) of an instant in the business time zone. */
export function businessDate(instant: Date, timeZone: string): string {
  const p = businessParts(instant, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}
export const businessYear = (instant: Date, timeZone: string) => businessParts(instant, timeZone).year;
/** 1–12 */
export const businessMonth = (instant: Date, timeZone: string) => businessParts(instant, timeZone).month;

/**
 * The business date as a `Date` at UTC midnight, for pure rules that do calendar arithmetic with
 * `getUTC*` (ages, years since a date): its UTC fields are the business date's fields.
 */
export const businessDay = (instant: Date, timeZone: string) =>
  new Date(`${businessDate(instant, timeZone)}T00:00:00Z`);

/** Calendar arithmetic on `YYYY-MM-DD` text (no time zone involved). */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Whole days from `a` to `b` (both `YYYY-MM-DD`). */
export const daysBetween = (a: string, b: string) =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/** `YYYY-MM-DD` → 0 (Sunday) … 6 (Saturday). */
export const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
