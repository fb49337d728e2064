/** Fills `{name}` placeholders; unknown ones stay as written. */
export function format(template: string, vars?: Record<string, string | number>): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/** The time zone every business date is a date in (the server's default `BUSINESS_TIME_ZONE`). */
export const BUSINESS_TIME_ZONE = 'Asia/Shanghai';
const businessDateFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: BUSINESS_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
/** The date (`YYYY-MM-DD`) of an instant in China Standard Time, whatever the browser's own zone. */
export function businessDate(instant: Date = new Date()): string {
  const p = Object.fromEntries(businessDateFormat.formatToParts(instant).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}`;
}

/** A duration to come, in words (约 3 分钟 / about 3 min). */
export function durationText(seconds: number, lang: string): string {
  const zh = lang === 'zh';
  seconds = Math.max(1, Math.round(seconds));
  if (seconds < 60) return zh ? `约 ${seconds} 秒` : `about ${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return zh ? `约 ${minutes} 分钟` : `about ${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return zh ? `约 ${h} 小时${m ? ` ${m} 分钟` : ''}` : `about ${h} h${m ? ` ${m} min` : ''}`;
}

/**
 * The time a piece of work still needs, from how fast it went since it was first seen in this
 * phase (`since`: when, and how much was done then); null until it has moved for two seconds.
 */
export function timeLeft(since: { at: number; done: number }, now: number, done: number, total: number) {
  const seconds = (now - since.at) / 1000;
  const moved = done - since.done;
  if (seconds < 2 || moved <= 0 || done >= total) return null;
  return ((total - done) * seconds) / moved;
}
