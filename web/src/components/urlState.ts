/**
 * A list's filters, search, sort and page kept in the address (?q=…&status=…&page=2), so a
 * refresh, a shared link and the Back button bring the same list back. Pure parsing and
 * writing here; the hook is in useUrlState.ts.
 */
export type UrlFieldKind = 'string' | 'number' | 'boolean';
export type UrlValue = string | number | boolean | undefined;
/** The kind of every field of the state, so the address can be read back into it. */
export type UrlSchema<T> = { [K in keyof T]-?: UrlFieldKind };

function parse(kind: UrlFieldKind, raw: string): UrlValue {
  if (kind === 'number') {
    const n = Number(raw);
    return raw.trim() !== '' && Number.isFinite(n) ? n : undefined;
  }
  if (kind === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : undefined;
  return raw;
}

/** The state the address holds: each field read by its kind, the defaults for what is absent or unreadable. */
export function readUrlState<T extends object>(params: URLSearchParams, defaults: T, schema: UrlSchema<T>): T {
  const out = { ...defaults } as Record<string, UrlValue>;
  for (const [key, kind] of Object.entries(schema) as [string, UrlFieldKind][]) {
    const raw = params.get(key);
    if (raw === null) continue;
    const v = parse(kind, raw);
    if (v !== undefined) out[key] = v;
  }
  return out as T;
}

/**
 * The address for a state: the fields that differ from their defaults, in the schema's order,
 * with any other parameters of `base` (not the list's) kept as they were.
 */
export function writeUrlState<T extends object>(
  value: T,
  defaults: T,
  schema: UrlSchema<T>,
  base: URLSearchParams = new URLSearchParams(),
): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of base) if (!(k in schema)) out.append(k, v);
  for (const key of Object.keys(schema)) {
    const v = (value as Record<string, UrlValue>)[key];
    const d = (defaults as Record<string, UrlValue>)[key];
    if (v === undefined || v === null || v === '' || v === d) continue;
    out.set(key, String(v));
  }
  return out;
}
