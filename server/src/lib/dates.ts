/** Calendar dates as `YYYY-MM-DD` text, the form every stored business date takes. */
const pad = (n: number) => String(n).padStart(2, '0');

/** The UTC calendar date of `d`. (Business dates in China Standard Time are a later change: issue 10.) */
export const isoDate = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
