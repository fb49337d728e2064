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
