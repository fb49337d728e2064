/**
 * What one person's certificates of one year contribute to the progress aggregates (docs/METRICS.md),
 * as a pure function: the maintained counts change by the difference between a person's
 * contributions before and after a change, so they stay equal to a full recount.
 *
 * - `certificates`: every valid certificate, at its own date, issuer, occupation and level;
 * - `certified`: the person's first valid certificate of the year (issue date, then id): a person
 *   counts once a year, however many certificates (of one occupation or several) they hold;
 * - `high_skill`: the person's first valid certificate of the year at 三级 or above (CERT-1).
 */
export interface CountedCertificate {
  id: number;
  issued_on: string;
  institution_id: number;
  occupation_id: number;
  level: number;
  status: string;
}

export interface Contribution {
  metric: 'certificates' | 'certified' | 'high_skill';
  day: string;
  institution_id: number;
  occupation_id: number;
  level: number;
  n: number;
}

const byDateThenId = (a: CountedCertificate, b: CountedCertificate) =>
  a.issued_on < b.issued_on ? -1 : a.issued_on > b.issued_on ? 1 : a.id - b.id;

/** The contributions of one person's certificates of one year (all of them issued in that year). */
export function contributionsOf(certs: readonly CountedCertificate[]): Contribution[] {
  const valid = certs.filter((c) => c.status === 'valid').sort(byDateThenId);
  const at = (metric: Contribution['metric'], c: CountedCertificate): Contribution => ({
    metric,
    day: c.issued_on,
    institution_id: c.institution_id,
    occupation_id: c.occupation_id,
    level: c.level,
    n: 1,
  });
  const out = valid.map((c) => at('certificates', c));
  if (valid.length) out.push(at('certified', valid[0]));
  const high = valid.find((c) => c.level <= 3);
  if (high) out.push(at('high_skill', high));
  return out;
}

const keyOf = (c: Omit<Contribution, 'n'>) => `${c.metric}|${c.day}|${c.institution_id}|${c.occupation_id}|${c.level}`;

/** after − before, bucket by bucket; buckets that do not change are left out. */
export function difference(before: readonly Contribution[], after: readonly Contribution[]): Contribution[] {
  const m = new Map<string, Contribution>();
  const add = (c: Contribution, sign: number) => {
    const k = keyOf(c);
    const cur = m.get(k);
    if (cur) cur.n += sign * c.n;
    else m.set(k, { ...c, n: sign * c.n });
  };
  before.forEach((c) => add(c, -1));
  after.forEach((c) => add(c, 1));
  return [...m.values()].filter((c) => c.n !== 0);
}
