import type { FormInstance } from 'antd';
import { ApiError } from '../api';

/** `/body/name`, `body.name`, `/name` or `name` → `name` */
export function fieldName(field: string): string {
  const parts = field.split(/[/.]/).filter(Boolean);
  const last = parts.filter((p) => p !== 'body' && p !== 'query')[0] ?? parts[parts.length - 1] ?? field;
  return last;
}

/**
 * Puts the server's field-level errors (`error.details`) on the matching form items.
 * Returns true when at least one detail matched a field the form has, so the caller can skip
 * a generic toast.
 */
export function applyFieldErrors(form: FormInstance, err: unknown, known: string[]): boolean {
  if (!(err instanceof ApiError) || !err.details?.length) return false;
  const byField = new Map<string, string[]>();
  for (const d of err.details) {
    const name = fieldName(d.field);
    if (!known.includes(name)) continue;
    byField.set(name, [...(byField.get(name) ?? []), d.message]);
  }
  if (byField.size === 0) return false;
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return true;
}

/** One line for a toast: the server's Chinese message plus any details not shown on a field. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    const extra = err.details?.map((d) => d.message).join('；');
    return extra ? `${err.message}：${extra}` : err.message;
  }
  return err instanceof Error ? err.message : String(err);
}
